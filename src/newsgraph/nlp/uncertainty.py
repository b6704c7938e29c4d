"""The learned uncertainty detector: is a sentence hedged, and which words hedge it.

A logistic regression over naive-Bayes-weighted features (NBSVM: each binary feature scaled by its
log-count ratio between uncertain and certain sentences; the ratio is folded into the shipped weights)
of the sentence's words, lemmas, word pairs, adjectives and adverbs, the rules' hedge words, and the
kinds of hedge the rules found in it (``attribution.find_hedges``), trained on the CoNLL-2010
Wikipedia sentences (``weasel_dev``, train split) by ``newsgraph.train.hedging``. The rules know the
news hedges ("is said to", "reportedly"); the corpus knows the wider vocabulary of uncertainty ("it is
thought", "some scholars", "possibly", "suggests"). The weights are a small JSON file shipped with the
package, read once per process; scoring a sentence is a few dictionary look-ups over tokens the parse
already made, so it adds no pass over the text.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

MODEL_FILE = "hedging.json"


@dataclass(frozen=True)
class HedgeModel:
    weights: dict[str, float]
    bias: float
    threshold: float


@functools.lru_cache(maxsize=1)
def model() -> HedgeModel | None:
    """The shipped weights, or None when the package carries none (the rules then work alone)."""
    try:
        raw = resources.files("newsgraph.nlp.models").joinpath(MODEL_FILE).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    data = json.loads(raw)
    return HedgeModel(weights=data["weights"], bias=float(data["bias"]), threshold=float(data["threshold"]))


def features(lower: list[str], lemma: list[str], rule_kinds: list[str], pos: list[str] | None = None,
             hedge_words: dict[str, str] | None = None) -> list[tuple[str, int]]:
    """(feature, token position) pairs of one sentence's words (punctuation and spaces left out by the
    caller): words, lemmas, word pairs, adjectives and adverbs by lemma, the kind of hedge word of the
    rules' lexicon a word is (``hedge_words``: "reportedly" -> hedge_adverbs); a rule hedge's
    features point at no token (-1)."""
    out: list[tuple[str, int]] = []
    prev = "<s>"
    words = hedge_words or {}
    for k, (w, lm) in enumerate(zip(lower, lemma)):
        out.append(("w=" + w, k))
        if lm != w:
            out.append(("l=" + lm, k))
        out.append(("b=" + prev + "_" + w, k))
        kind = words.get(lm) or words.get(w)
        if kind is not None:
            out.append(("x=" + kind, k))
        if pos is not None and pos[k] in ("ADJ", "ADV"):
            out.append(("p=" + pos[k] + "_" + lm, k))
        prev = w
    out.append(("b=" + prev + "_</s>", len(lower) - 1))
    for kind in rule_kinds:
        out.append(("h=" + kind, -1))
    out.append(("h=any" if rule_kinds else "h=none", -1))
    return out


def score(feats: list[tuple[str, int]], m: HedgeModel) -> tuple[float, int]:
    """The probability that the sentence is uncertain, and the position of the word that weighs most
    towards it (-1 when no word does)."""
    z = m.bias
    per_token: dict[int, float] = {}
    w = m.weights
    seen: set[str] = set()
    for f, k in feats:
        x = w.get(f)
        if x is None:
            continue
        if f not in seen:  # a feature counts once in the sentence, as in training
            seen.add(f)
            z += x
        if k >= 0 and f[0] in "wl":  # a word or its lemma: the hedge shown is a word, not a word pair
            per_token[k] = per_token.get(k, 0.0) + x
    best = max(per_token, key=per_token.__getitem__, default=-1)
    if best >= 0 and per_token[best] <= 0:
        best = -1
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z)), best
