"""The NLP pipeline: one module per stage, run in order over one shared :class:`ArticleContext`.

    actors      mentions, names, aliases, titles, in-document coreference  -> ctx.actors, ctx.mentions
    time        publication-anchored times per sentence                     -> ctx.sentence_times
    attribution who says each sentence, and how firmly                      -> ctx.annotations
    roles       person -- title -- organisation                             -> ctx.roles
    ties        standing ties between actors                                -> ctx.ties
    events      PLOVER-coded events                                         -> ctx.events
"""
from .pipeline import Pipeline, load_model

__all__ = ["Pipeline", "load_model"]
