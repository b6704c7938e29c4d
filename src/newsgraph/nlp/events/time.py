"""The time of an event: its own time expression first (a time phrase attached to its verb or noun, or
to the clause describing its noun), then its sentence's (which the time stage gives from the narration
when the sentence has none); never a time of another sentence's event."""

from __future__ import annotations

from ...model import TimeValue
from .. import time as time_stage
from ..context import ArticleContext
from .cues import Frame
from .lexicon import log


def _event_time(ctx: ArticleContext, fr: Frame, i: int) -> TimeValue | None:
    """The event's time (``time_stage.time_of_token`` of the verb the frame is read from), else its
    sentence's."""
    try:
        return time_stage.time_of_token(ctx, fr.anchor)
    except Exception:  # noqa: BLE001 - time is a detail; never lose the event over it
        log.warning("events: the time of sentence %d's event was not read", i, exc_info=True)
        return ctx.time_of(i)
