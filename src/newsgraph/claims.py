"""Who says so, and how firmly: per-sentence annotation, claims and contradictions.

- :func:`annotate` reads articles and returns, per sentence, its entities, hedges and attributions
  (cue, source, content) with character offsets into the document's text as ingested; nothing is
  stored. It is what ``newsgraph annotate`` prints.
- the stored facts as claims (what is said, who says it, how firmly) are read through the one read
  side, :mod:`newsgraph.kb` (``kb.read.facts`` with a ``FactFilter``); :func:`statement` and
  :func:`voice` put a fact and a voice in words;
- :func:`contradictions` lists facts that cannot both hold, both sides kept.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection

from .errors import InputError
from .model import Article, Attribution
from .store import facts as factlib

# ---------------------------------------------------------------- annotate


def annotate(articles: Iterable[Article], nlp=None) -> Iterator[dict]:
    """One dict per sentence of each article (see :func:`annotate_article`)."""
    from .nlp import load_model
    from .nlp.pipeline import prepare

    nlp = nlp or load_model()
    pairs = ((prepare(a.text), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=8):
        yield from annotate_doc(article, doc)


def annotate_article(article: Article, nlp=None) -> list[dict]:
    return list(annotate([article], nlp))


def annotate_doc(article: Article, doc) -> Iterator[dict]:
    """Runs the stages attribution needs (actors, time, attribution) over a parsed article."""
    from .nlp import actors, attribution, time
    from .nlp.context import ArticleContext

    ctx = ArticleContext(article=article, doc=doc)
    for stage in (actors, time, attribution):
        stage.run(ctx)
    label = article.label
    text = article.text
    by_sentence: dict[int, list] = {}
    for m in sorted(ctx.mentions, key=lambda m: (m.start, m.end)):
        by_sentence.setdefault(m.sentence, []).append(m)
    for ann in ctx.annotations:
        sent = ctx.sentences[ann.sentence]
        words = [t for t in sent if not t.is_space]
        start = words[0].idx if words else sent.start_char
        end = words[-1].idx + len(words[-1].text) if words else sent.end_char
        atts: list[dict] = []
        for att in ann.attributions:
            _flatten(att, None, atts, ctx, text)
        yield {
            "document": label,
            "sentence": ann.sentence,
            "start": start,
            "end": end,
            "text": text[start:end],
            "entities": [{"start": m.start, "end": m.end, "text": text[m.start:m.end],
                          "type": ctx.actors[m.actor].type if m.actor in ctx.actors else "other"}
                         for m in by_sentence.get(ann.sentence, []) if m.kind != "pronoun"],
            "hedges": [{"start": h.start, "end": h.end, "text": text[h.start:h.end]} for h in ann.hedges],
            "attributions": atts,
            "effective": _effective(ann.effective, ctx),
        }


def _span(sp, text: str) -> dict | None:
    if sp is None:
        return None
    return {"start": sp.start, "end": sp.end, "text": text[sp.start:sp.end]}


def _flatten(att: Attribution, parent: int | None, out: list[dict], ctx, text: str) -> None:
    """Nested attributions become separate entries, each naming its parent's position."""
    source = _span(att.source_span, text) or {"start": None, "end": None, "text": att.source_text}
    source["kind"] = att.source
    if att.source == "named" and att.speaker and att.speaker in ctx.actors:
        source["speaker"] = ctx.actors[att.speaker].name
    entry = {"cue": _span(att.cue_span, text), "source": source, "content": _span(att.content_span, text),
             "hedged": att.hedged, "parent": parent}
    out.append(entry)
    me = len(out) - 1
    for inner in att.chain:
        _flatten(inner, me, out, ctx, text)


def _effective(att: Attribution, ctx) -> dict:
    speaker = ctx.actors[att.speaker].name if att.speaker and att.speaker in ctx.actors else None
    return {"source": att.source, "speaker": speaker, "source_text": att.source_text, "cue": att.cue,
            "hedged": att.hedged, "hedge_cue": att.hedge_cue, "carried": att.carried,
            "chain": [{"source": c.source, "source_text": c.source_text, "cue": c.cue} for c in att.chain]}


def annotate_paths(paths: Iterable[str], *, max_bytes: int | None = None) -> Iterator[dict | InputError]:
    """Annotations of every readable document under the paths; an InputError per bad document."""
    from .ingest import read_paths

    errors: list[InputError] = []

    def articles() -> Iterator[Article]:
        for item in read_paths(paths, max_bytes=max_bytes):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    for row in annotate(articles()):
        while errors:
            yield errors.pop(0)
        yield row
    while errors:
        yield errors.pop(0)


# ---------------------------------------------------------------- claims


def involves(f: dict, entity_id: str) -> bool:
    sides = [f.get("person"), f.get("organization"), f.get("location")]
    sides += list(f.get("source") or []) if isinstance(f.get("source"), list) else [f.get("source")]
    sides += list(f.get("target") or []) if isinstance(f.get("target"), list) else [f.get("target")]
    speakers = [a.get("speaker") for a in f.get("attributions", [])]
    return entity_id in sides or entity_id in speakers


def contradictions(conn: Connection) -> list[dict]:
    """Every contradiction of the knowledge base, computed from its facts as the exports read them
    (``kb.whole``); the API and ``newsgraph contradictions`` page the ones kept on write (``kb.read``)."""
    from .kb.whole import knowledge_base

    kb = knowledge_base(conn, mentions=False)
    return factlib.contradictions(kb["roles"], kb["events"])


def statement(f: dict, names: dict[str, str]) -> str:
    """A fact in words: "Khazali REQUEST Iran", "Fayyadh chairman of PMU (current)"."""
    def n(x):
        return names.get(x, x) if x else "?"

    cat = f.get("category")
    if cat == "role" or "title" in f:
        return f"{n(f['person'])}: {f['title']} of {n(f['organization'])} ({f.get('status', 'current')})"
    if cat == "tie" or ("kind" in f and "type" not in f):
        return f"{n(f['source'])} {f['kind']} {n(f['target'])}"
    src = ", ".join(n(x) for x in f.get("source") or []) or "?"
    tgt = ", ".join(n(x) for x in f.get("target") or []) or "?"
    neg = "not " if f.get("negated") else ""
    when = f" [{f['time']}]" if f.get("time") else ""
    return f"{src} {neg}{f['type']} {tgt}{when}"


def voice(att: dict, names: dict[str, str]) -> str:
    """Who says it, in words: "anonymous (informed sources, told)", "named: Khamenei"."""
    kind = att.get("source", "reporter")
    if kind == "named":
        who = names.get(att.get("speaker") or "", att.get("source_text") or "?")
        s = f"named: {who}"
    elif kind == "anonymous":
        bits = [x for x in (att.get("source_text"), att.get("attribution_cue") or att.get("cue")) if x]
        s = "anonymous" + (f" ({', '.join(bits)})" if bits else "")
    else:
        s = "reporter"
    if att.get("carried"):
        s += " [carried]"
    if att.get("hedged"):
        s += f" · hedged: {att.get('hedge_cue') or 'yes'}"
    return s
