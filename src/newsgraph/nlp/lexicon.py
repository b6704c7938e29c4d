"""The one loader for the word lists and patterns kept as data in ``nlp/data/``.

Every word list the extraction stages use lives in a YAML file in ``nlp/data/`` (never as a
module-level tuple in code), and every such file is read through :func:`load`, which

- reads the file from the installed package (no path guessing, works from a wheel),
- checks it against the shape the caller declares (a pydantic type: ``dict[str, list[str]]``,
  a ``BaseModel`` subclass, ...), so a malformed file fails at load with the file's name and
  the offending key instead of deep inside a stage,
- caches the validated result once per process.

    WORDS = lexicon.load("attribution.yaml", AttributionWords)        # a BaseModel subclass
    titles = lexicon.load("titles.yaml", dict[str, Any])

A file that does not fit raises :class:`newsgraph.errors.ConfigError` (NG501).
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from newsgraph.errors import ConfigError

T = TypeVar("T")

PACKAGE = "newsgraph.nlp.data"


@functools.lru_cache(maxsize=None)
def _raw(name: str) -> Any:
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ConfigError(f"lexicon {name} is missing from the package") from e
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"lexicon {name} is not valid YAML: {e}") from e


@functools.lru_cache(maxsize=None)
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


@functools.lru_cache(maxsize=None)
def load(name: str, shape: Any = dict[str, Any]) -> Any:
    """The YAML file ``nlp/data/NAME``, validated against ``shape`` and cached."""
    try:
        return _adapter(shape).validate_python(_raw(name))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "(top)"
        raise ConfigError(f"lexicon {name} does not fit its shape at {where}: {first.get('msg')}") from e


def words(name: str, key: str) -> frozenset[str]:
    """One list of words from a lexicon file, lower-cased, as a frozenset."""
    table = load(name, dict[str, Any])
    if key not in table:
        raise ConfigError(f"lexicon {name} has no list {key!r}")
    return frozenset(str(w).lower() for w in _adapter(list[Any]).validate_python(table[key]))
