"""The events stage: each sentence's frames become events with their attribution and time."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from ...model import Attribution, Event
from ..attribution import attribution_for
from ..context import ArticleContext
from .cues import CueTokens, Frame
from .frames import SentenceEvents
from .lexicon import lexicon, log
from .sides import Resolver
from .time import _event_time


# ---------------------------------------------------------------- stage
def run(ctx: ArticleContext) -> None:
    lex = lexicon()
    res = Resolver.of(ctx)
    prev_speakers: list[str] = []
    keys: dict[int, list[str] | None] = {}  # res.keys_at by token, for every sentence of the article
    for i, sent in enumerate(ctx.sentences):
        se = SentenceEvents(ctx, lex, res, i, sent, prev_speakers, keys)
        try:
            frames = se.frames()
        except Exception:  # noqa: BLE001 - one odd parse must not cost the article its other facts
            log.warning("events: sentence %d skipped after an error", i, exc_info=True)
            continue
        kept: list[Frame] = []
        for fr in frames:
            if any(_subsumes(o, fr) for o in frames if o is not fr):
                continue
            if any(o.type == fr.type and o.source == fr.source and o.target == fr.target for o in kept):
                continue
            kept.append(fr)
        for fr in kept:
            trig = fr.trigger
            ctx.events.append(Event(
                type=fr.type, cameo=cameo_root(fr.cue.cameo), trigger=ctx.token_span(trig), source=fr.source,
                target=fr.target, location=fr.location, time=_event_time(ctx, fr, i),
                sentence=i, negated=fr.negated,
                attribution=_voice(ctx, i, fr)))
        prev_speakers = _speakers(ctx, se, sent) or prev_speakers


def _voice(ctx: ArticleContext, i: int, fr: Frame) -> Attribution:
    """Who tells the event: the sentence's voice for what lies inside the speaker's words; an event told
    outside them ("..., said Mira Olsen, the sister of Jon Olsen, who died in the fire last year": the
    death is the reporter's, not the sister's) is the reporter's. A request read from what X said is
    X's (``Frame.from_content``)."""
    if fr.from_content:
        return attribution_for(ctx, i, None)
    att = attribution_for(ctx, i, fr.trigger)
    content = att.content_span
    if att.source != "reporter" and content is not None and not att.chain:
        start = ctx.token_span(fr.trigger).start
        if not content.start <= start < content.end:
            return Attribution(source="reporter")
    return att


def cameo_root(code: str | None) -> str | None:
    """The CAMEO root exported beside the PLOVER type: "057" (sign an agreement) -> "05"; RETREAT keeps
    the "087" the taxonomy names (de-escalation within root 08)."""
    if not code or code == "087":
        return code
    return code[:2]


def _subsumes(a: Frame, b: Frame) -> bool:
    """``a`` tells all ``b`` tells and more (same type and source, more targets)."""
    return (a.type == b.type and set(a.source) == set(b.source) and set(b.target) < set(a.target))


def _speakers(ctx: ArticleContext, se: SentenceEvents, sent: SpacySpan) -> list[str]:
    """Who speaks or acts first in a sentence: the subject of its reporting verb, else of its root."""
    tt = se.tt
    dep = tt.dep
    ct = CueTokens.of(ctx, se.lex)
    for j in ct.between(ct.speech_verbs, sent.start, sent.end):
        subj = [c for c in tt.children(j) if dep[c] == "nsubj"]
        keys = se._side_at(subj, []) if subj else []
        if keys:
            return keys
    for j in reversed(ct.between(ct.subjects, sent.start, sent.end)):
        keys = se.np_actors_at(j, [])
        if keys:
            return keys
    return []
