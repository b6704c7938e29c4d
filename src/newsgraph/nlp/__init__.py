"""The NLP pipeline: one module per stage, run in order over one shared :class:`ArticleContext`.

    actors      mentions, names, aliases, titles, in-document coreference  -> ctx.actors, ctx.mentions
    time        publication-anchored times per sentence                     -> ctx.sentence_times
    attribution who says each sentence, and how firmly                      -> ctx.annotations
    roles       person -- title -- organisation                             -> ctx.roles
    ties        standing ties between actors                                -> ctx.ties
    events      PLOVER-coded events                                         -> ctx.events
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Pipeline", "load_model"]

if TYPE_CHECKING:
    from .pipeline import Pipeline as Pipeline  # noqa: F401
    from .pipeline import load_model as load_model  # noqa: F401


def __getattr__(name: str) -> Any:
    """Pipeline and load_model load spaCy on first use: the word lists in nlp/data (read by the
    resolver through nlp.lexicon) do not need it."""
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsgraph.nlp' has no attribute {name!r}")
