"""Events: PLOVER-coded, source and target from the dependency parse. First version: verb lexicon."""
from __future__ import annotations

import functools
from importlib import resources

import yaml

from ..model import Event
from .context import ArticleContext


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    data = yaml.safe_load(resources.files("newsgraph.nlp.data").joinpath("events.yaml").read_text("utf-8"))
    out = {}
    for ptype, spec in data["types"].items():
        for lemma in spec.get("verbs", []):
            out[lemma] = (ptype, spec.get("cameo"))
    return out


def run(ctx: ArticleContext) -> None:
    lex = lexicon()
    for i, sent in enumerate(ctx.sentences):
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex:
                continue
            ptype, cameo = lex[tok.lemma_.lower()]
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
            obj = [c for c in tok.children if c.dep_ in ("dobj", "prep", "dative")]
            src = ctx.actors_in(t for c in subj for t in c.subtree)
            tgt = ctx.actors_in(t for c in obj for t in c.subtree)
            if not src and not tgt:
                continue
            ctx.events.append(Event(type=ptype, cameo=cameo, trigger=ctx.token_span(tok), source=src, target=tgt,
                                    sentence=i, time=ctx.time_of(i), attribution=ctx.attribution_of(i)))
