"""Exports, one module per format. ``export(store, fmt, path)`` writes one file."""
from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import ConfigError
from ..store import Store

FORMATS = {"json": "json_export", "graphml": "graphml", "gexf": "gexf", "csv": "csv_export", "ftm": "ftm",
           "stix": "stix"}
# the file name each format is written to when none is given
EXTENSIONS = {"json": ".json", "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv.zip", "ftm": ".ftm.json",
              "stix": ".stix.json"}


def export(store: Store, fmt: str, path: str | Path) -> Path:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", hint="one of " + ", ".join(sorted(FORMATS)))
    mod = importlib.import_module(f".{FORMATS[fmt]}", __name__)
    return mod.write(store, Path(path))
