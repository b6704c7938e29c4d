"""Exports, one module per format. ``export(store, fmt, path, flt)`` writes one file: the knowledge
base as the read side gives it (:mod:`newsgraph.kb.whole`), narrowed by a FactFilter if one is given."""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import ConfigError
from ..kb.models import FactFilter
from ..store import Store

FORMATS = {"json": "json_export", "graphml": "graphml", "gexf": "gexf", "csv": "csv_export", "ftm": "ftm",
           "stix": "stix"}
# the file name each format is written to when none is given
EXTENSIONS = {"json": ".json", "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv.zip", "ftm": ".ftm.json",
              "stix": ".stix.json"}


def export(store: Store, fmt: str, path: str | Path, flt: FactFilter | None = None) -> Path:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", hint="one of " + ", ".join(sorted(FORMATS)))
    mod = importlib.import_module(f".{FORMATS[fmt]}", __name__)
    return mod.write(store, Path(path), flt)
