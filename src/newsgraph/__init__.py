"""newsgraph: news articles in, a sourced knowledge base of actors, roles, events and who says so out.

The public API (everything else is internal and may change)::

    import newsgraph

    store = newsgraph.open_store("kb.db")                 # a SQLite path or a database URL
    report = newsgraph.ingest_paths(store, ["articles/"])  # read, extract, resolve, store
    for line in newsgraph.annotate_paths(["article.txt"]): # claims and attributions, nothing stored
        ...
    with store.read() as conn:                             # the read side
        actors = newsgraph.queries.entities(conn)
    newsgraph.export(store, "json", "kb.json")             # json, graphml, gexf, csv, ftm, stix

The names are loaded on first use, so ``import newsgraph`` is cheap (no spaCy, no database driver)
and changes nothing in the importing process.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> (module, attribute); a module itself when the attribute is None
_EXPORTS: dict[str, tuple[str, str | None]] = {
    "open_store": ("newsgraph.service", "open_store"),
    "Store": ("newsgraph.store", "Store"),
    "ingest_paths": ("newsgraph.service", "ingest_paths"),
    "ingest_items": ("newsgraph.service", "ingest_items"),
    "IngestReport": ("newsgraph.service", "IngestReport"),
    "read_paths": ("newsgraph.ingest", "read_paths"),
    "annotate_paths": ("newsgraph.claims", "annotate_paths"),
    "Pipeline": ("newsgraph.nlp", "Pipeline"),
    "queries": ("newsgraph.store.queries", None),
    "export": ("newsgraph.export", "export"),
    "EXPORT_FORMATS": ("newsgraph.export", "FORMATS"),
    "Article": ("newsgraph.model", "Article"),
    "Extraction": ("newsgraph.model", "Extraction"),
    "NewsgraphError": ("newsgraph.errors", "NewsgraphError"),
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # for type checkers and editors; at run time the names load lazily
    from .claims import annotate_paths as annotate_paths  # noqa: F401
    from .errors import NewsgraphError as NewsgraphError  # noqa: F401
    from .export import FORMATS as EXPORT_FORMATS  # noqa: F401
    from .export import export as export  # noqa: F401
    from .ingest import read_paths as read_paths  # noqa: F401
    from .model import Article as Article  # noqa: F401
    from .model import Extraction as Extraction  # noqa: F401
    from .nlp import Pipeline as Pipeline  # noqa: F401
    from .service import IngestReport as IngestReport  # noqa: F401
    from .service import ingest_items as ingest_items  # noqa: F401
    from .service import ingest_paths as ingest_paths  # noqa: F401
    from .service import open_store as open_store  # noqa: F401
    from .store import Store as Store  # noqa: F401
    from .store import queries as queries  # noqa: F401


def __getattr__(name: str) -> Any:
    """Load an exported name on first use (PEP 562) and keep it on the module."""
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'newsgraph' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
