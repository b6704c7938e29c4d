"""The time of an event: its own time expression first, then its sentence's (which the time stage
gives from the narration when the sentence has none); never a time of another sentence's event."""

from __future__ import annotations

from ...model import TimeValue
from ..context import ArticleContext
from .cues import Frame


def _event_time(ctx: ArticleContext, fr: Frame, i: int) -> TimeValue | None:
    """The event's time: a time phrase attached to its verb or noun (the time stage's
    ``time_of_token``), else the sentence's time."""
    from .. import time as time_stage

    of_token = getattr(time_stage, "time_of_token", None)
    if of_token is not None:
        try:
            return of_token(ctx, fr.anchor)
        except Exception:  # noqa: BLE001 - time is a detail; never lose the event over it
            pass
    return _own_time(ctx, fr) or ctx.time_of(i)


def _own_time(ctx: ArticleContext, fr: Frame) -> TimeValue | None:
    """A date phrase attached to the event's verb or noun ("in early 2020", "last year")."""
    try:
        from .. import time as time_stage
        resolve = getattr(time_stage, "resolve", None)
    except ImportError:  # pragma: no cover
        resolve = None
    if resolve is None:
        return None
    heads = {fr.anchor.i, fr.trigger.i}
    for ent in fr.trigger.sent.ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        h = root.head if root.dep_ != "pobj" else root.head.head
        if h.i in heads or root.head.i in heads:
            try:
                tv = resolve(ent.text, ctx.article.published)
            except TypeError:  # pragma: no cover - another signature
                return None
            if tv is not None:
                return tv
    return None
