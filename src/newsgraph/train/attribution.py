"""The cue classifier: PolNeAR's cue words, learned from ``polnear_train``.

    python -m newsgraph.train.attribution cues EVAL_DIR   # weights -> newsgraph/nlp/models/cue_words.json

A logistic regression over hashed parse features of every candidate token (``attribution.cue_keys``),
and the proposition nouns the deed check reads (``proposition_nouns``). The span tagger that came
before it is gone: see the model card.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy
from spacy.tokens import Doc

HERE = Path(__file__).resolve().parent
MODELS = HERE.parent / "nlp" / "models"


def articles(set_dir: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, [(start, end) of each gold cue]) per article of a PolNeAR set folder."""
    from ..nlp.pipeline import prepare

    gold = json.loads((set_dir / "gold.json").read_text("utf-8"))
    by_id = {a["id"]: a for a in gold["articles"]}
    with (set_dir / "input.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            art = by_id.get(row["title"])
            if art is None:
                continue
            cues = {(att["cue"][0], att["cue"][1]) for att in art["attributions"]}
            yield prepare(row["text"]), sorted(cues)


CUE_MIN_COUNT = 3  # a feature seen fewer times in the train split is left out
CUE_C = 0.05  # the inverse L2 penalty (1.0, 0.2, 0.05, 0.02 tried: 0.05 best on polnear_dev, cue F1 +0.01)
CUE_ITERS = 300
# the probability above which a token the rules passed over is a cue: picked on polnear_dev, the weights
# fitted on polnear_train alone
CUE_THRESHOLD = 0.4
# the probability one word of a rule cue of a speaker's own view must reach for annotate to report it
# (``attribution._unbacked_views``). First picked as the bar of the span tagger's own cues (0.03-0.5
# tried; 0.3: cue F1 overlap +0.006), then again with CUE_BARE once the rules' own-view cues left
# annotate (0.25-0.4 by 0.6-0.7, all within 0.0012 of each other: 0.35 and 0.65 the highest)
CUE_CONFIRM = 0.35
# the probability from which a word only the classifier found is a cue without a source (PolNeAR leaves
# one cue in nine without one: "a curfew was announced"): picked on polnear_dev (0.5-0.9 tried; 0.6: cue
# F1 overlap +0.006, sources unchanged; below it the source-less cues are the plain words it scores);
# 0.65 with CUE_CONFIRM, above
CUE_BARE = 0.65


def cue_examples(eval_dir: Path, docs: Iterator[Doc] | None = None) -> tuple[list[numpy.ndarray], list[int]]:
    """The cue classifier's examples from ``polnear_train``: the feature keys of every candidate token
    (``attribution.cue_keys``) and whether it lies in a gold cue. ``docs``: the articles already parsed
    by the pipeline (in order), else parsed here."""
    from ..nlp import attribution as rules
    from ..nlp.context import TokenTable
    from ..nlp.pipeline import load_model

    arts = list(articles(eval_dir / "polnear_train"))
    if docs is None:
        docs = load_model().pipe((t for t, _ in arts), batch_size=8)
    feats: list[numpy.ndarray] = []
    labels: list[int] = []
    for (_, spans), doc in zip(arts, docs):
        tab = TokenTable(doc)
        inside: set[int] = set()
        for s, e in spans:
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is not None:
                inside.update(range(sp.start, sp.end))
        tok, key = rules.cue_keys(tab)
        order = numpy.argsort(tok, kind="stable")
        tok, key = tok[order], key[order]
        cand = rules.cue_candidates(tab)
        feats += numpy.split(key, numpy.searchsorted(tok, cand[1:]))
        labels += [int(k in inside) for k in cand.tolist()]
    return feats, labels


PROPOSITION_MIN = 3  # times a noun is the object content of a gold cue verb
PROPOSITION_SHARE = 0.2  # of its uses as a verb's direct object


def proposition_nouns(eval_dir: Path, docs: list[Doc]) -> list[str]:
    """The nouns that name something said or proposed ("plan", "remarks", "decision"), read from
    ``polnear_train``: those that, as a verb's direct object, are often the content of a gold cue on that
    verb ("X attacked the plan"). A learned verb cue whose only content is its object needs one of them
    (``attribution._speech_evidence``): "gunmen attacked the convoy" is a deed, not words. A noun that
    heads gold sources as often (a person or a body: "his rival", "the senator") is not one."""
    from collections import Counter

    set_dir = eval_dir / "polnear_train"
    by_id = {a["id"]: a for a in json.loads((set_dir / "gold.json").read_text("utf-8"))["articles"]}
    with (set_dir / "input.jsonl").open(encoding="utf-8") as fh:  # in the order ``articles`` reads them
        golds = [by_id[t] for t in (json.loads(line)["title"] for line in fh) if t in by_id]
    total: Counter[str] = Counter()
    content: Counter[str] = Counter()
    holder: Counter[str] = Counter()  # heads of gold sources: people and bodies ("attacked his rival")
    for art, doc in zip(golds, docs):
        att_spans = []
        for att in art["attributions"]:
            for cs, ce in att.get("content") or []:
                att_spans.append((att["cue"][0], att["cue"][1], cs, ce))
            src = doc.char_span(att["source"][0], att["source"][1], alignment_mode="expand") \
                if att.get("source") else None
            if src is not None:
                holder[src.root.lemma_.lower()] += 1
        for t in doc:
            if t.dep_ != "dobj" or t.pos_ != "NOUN" or t.head.pos_ != "VERB":
                continue
            lem = t.lemma_.lower()
            total[lem] += 1
            v = t.head
            if any(a <= v.idx < b and cs <= t.idx < ce for a, b, cs, ce in att_spans):
                content[lem] += 1
    return sorted(w for w, n in content.items()
                  if n >= PROPOSITION_MIN and n / total[w] >= PROPOSITION_SHARE and holder[w] < n)


def fit_cues(feats: list[numpy.ndarray], labels: list[int], min_count: int = CUE_MIN_COUNT, c: float = CUE_C,
             iters: int = CUE_ITERS) -> dict:
    """A logistic regression over the binary features (their keys; scaled by their naive-Bayes log-count
    ratio, as the uncertainty detector), fitted full batch from zero: deterministic."""
    from ..nlp.attribution import CUE_BITS, cue_buckets
    from .hedging import fit, nb_ratio

    X = [numpy.unique(cue_buckets(fs)) for fs in feats]
    counts = numpy.bincount(numpy.concatenate(X) if X else numpy.zeros(0, dtype=numpy.int64),
                            minlength=1 << CUE_BITS)
    vocab = numpy.flatnonzero(counts >= min_count)  # the buckets kept, each a column
    column = numpy.full(1 << CUE_BITS, -1, dtype=numpy.int64)
    column[vocab] = numpy.arange(len(vocab))
    X = [column[x][column[x] >= 0] for x in X]
    y = numpy.array(labels, dtype=float)
    w, b = fit(X, y, nb_ratio(X, y, len(vocab)), c=c, iters=iters)
    kept = numpy.flatnonzero(numpy.abs(w) >= 0.01)
    return {"bias": round(b, 4), "threshold": CUE_THRESHOLD, "confirm": CUE_CONFIRM, "bare": CUE_BARE,
            "buckets": vocab[kept].tolist(), "weights": [round(float(w[k]), 3) for k in kept],
            "card": {"train_tokens": len(X), "train_cue_tokens": int(y.sum()), "features": len(kept),
                     "settings": {"model": "logistic regression over hashed parse features (NB-scaled)",
                                  "min_count": min_count, "C": c, "iterations": iters}}}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "cues":
        print(__doc__, file=sys.stderr)
        return 2
    from ..nlp.pipeline import load_model

    eval_dir = Path(argv[1])
    docs = list(load_model().pipe((t for t, _ in articles(eval_dir / "polnear_train")), batch_size=8))
    data = fit_cues(*cue_examples(eval_dir, iter(docs)))
    data["proposition_nouns"] = proposition_nouns(eval_dir, docs)
    (MODELS / "cue_words.json").write_text(json.dumps(data, sort_keys=True) + "\n", "utf-8")
    print(json.dumps(data["card"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
