"""Time: each sentence's time, resolved against the publication date; a sentence without its
own time inherits the narrative's. First version: explicit years and a few relative forms."""
from __future__ import annotations

import re

from ..model import TimeValue
from .context import ArticleContext

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def resolve(expr: str, anchor) -> TimeValue | None:
    low = expr.lower()
    if m := _YEAR.search(low):
        return TimeValue(value=m.group(1), precision="year", text=expr)
    if anchor is None:
        return None
    if "last year" in low or "past year" in low:
        return TimeValue(value=str(anchor.year - 1), precision="year", text=expr)
    if "this month" in low:
        return TimeValue(value=f"{anchor.year}-{anchor.month:02d}", precision="month", text=expr)
    if "this year" in low:
        return TimeValue(value=str(anchor.year), precision="year", text=expr)
    return None


def run(ctx: ArticleContext) -> None:
    anchor = ctx.article.published
    current: TimeValue | None = None
    for sent in ctx.sentences:
        found = None
        for ent in sent.ents:
            if ent.label_ == "DATE" and (found := resolve(ent.text, anchor)):
                break
        if found:
            current = found
            ctx.sentence_times.append(found)
        else:
            ctx.sentence_times.append(current.model_copy(update={"inherited": True}) if current else None)
