"""Attribution: who says each sentence, and how firmly. First version: cue words."""
from __future__ import annotations

import re

from ..model import Attribution, Hedge, SentenceAnnotation
from .context import ArticleContext

HEDGES = re.compile(r"\b(is|are|was|were) (said|claimed|alleged|believed|reported) to\b|\ballegedly\b|"
                    r"\breportedly\b|\bapparently\b|\bseemingly\b|\bpurportedly\b|\bit is believed\b|"
                    r"\bsuspected\b|\balleged\b", re.I)
ANON = re.compile(r"\b(informed |multiple |other |some |several |well-informed )?sources?\b|\bofficials said\b", re.I)
CUES = re.compile(r"\b(told|said|say|says|explained|charged|according to)\b", re.I)


def run(ctx: ArticleContext) -> None:
    for i, sent in enumerate(ctx.sentences):
        text = sent.text
        hedges = [Hedge(start=sent.start_char + m.start(), end=sent.start_char + m.end(), text=m.group(0))
                  for m in HEDGES.finditer(text)]
        atts = []
        if (c := CUES.search(text)) and (s := ANON.search(text)):
            atts.append(Attribution(source="anonymous", source_text=s.group(0), cue=c.group(0)))
        eff = atts[0] if atts else Attribution()
        if hedges:
            eff = eff.model_copy(update={"hedged": True, "hedge_cue": hedges[0].text})
        ctx.annotations.append(SentenceAnnotation(sentence=i, hedges=hedges, attributions=atts, effective=eff))
