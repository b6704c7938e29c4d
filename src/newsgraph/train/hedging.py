"""The uncertainty detector (:mod:`newsgraph.nlp.uncertainty`), learned from ``weasel_dev``'s train split.

    python -m newsgraph.train.hedging EVAL_DIR [FEATURES_CACHE]   # writes newsgraph/nlp/models/hedging.json

NBSVM: a logistic regression over binary features scaled by their naive-Bayes log-count ratio, with an
L2 penalty, fitted full-batch in plain numpy (deterministic: no shuffling, no seed needed). The
decision threshold is the one that maximises F1 of the uncertain class over five folds of the train
split; the dev split is never looked at here.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy

MODELS = Path(__file__).resolve().parent.parent / "nlp" / "models"
C = 0.05  # the inverse L2 penalty (0.03-0.1 within 0.01 of each other on five folds)
ITERS = 400  # full-batch steps: 200 and 800 give the same figures within 0.001
LR = 0.05
MIN_COUNT = 2


def sentence_features(eval_dir: Path, split: str = "train") -> tuple[list[list[str]], list[int]]:
    """The features of each sentence of the split (its spaCy sentences together) and its label."""
    from ..model import Article
    from ..nlp import attribution, load_model
    from ..nlp.context import ArticleContext
    from ..nlp.pipeline import prepare

    gold = json.loads((eval_dir / "weasel_dev" / "gold.json").read_text("utf-8"))
    rows = [s for s in gold["sentences"] if s["split"] == split]
    nlp = load_model()
    lex = attribution.lexicon()
    out: list[list[str]] = []
    labels: list[int] = []
    texts = (prepare(s["text"]) for s in rows)
    for s, doc in zip(rows, nlp.pipe(texts, batch_size=64)):
        ctx = ArticleContext(article=Article(text=s["text"]), doc=doc)
        tab = ctx.tokens
        feats: list[str] = []
        for sent in doc.sents:
            quoted = attribution.quoted_tokens(sent, tab)
            cues = attribution.find_cues(sent, quoted, lex, tab)
            hedges = attribution.find_hedges(sent, quoted, lex, cues, tab)
            feats += [f for f, _ in attribution.hedge_features(tab, sent, hedges)[0]]
        out.append(feats)
        labels.append(int(s["uncertain"]))
    return out, labels


def _rows(X: list[numpy.ndarray]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The sentences' feature indices as one array, and the sentence of each."""
    cols = numpy.concatenate(X) if X else numpy.zeros(0, dtype=numpy.int64)
    rows = numpy.repeat(numpy.arange(len(X)), [len(x) for x in X])
    return cols, rows


def nb_ratio(X: list[numpy.ndarray], y: numpy.ndarray, n_feat: int, alpha: float = 1.0) -> numpy.ndarray:
    """Each feature's log-count ratio between uncertain and certain sentences (NBSVM's scaling)."""
    cols, rows = _rows(X)
    pos = numpy.bincount(cols[y[rows] == 1], minlength=n_feat) + alpha
    neg = numpy.bincount(cols[y[rows] == 0], minlength=n_feat) + alpha
    return numpy.log((pos / pos.sum()) / (neg / neg.sum()))


def fit(X: list[numpy.ndarray], y: numpy.ndarray, scale: numpy.ndarray, c: float = C,
        iters: int = ITERS, lr: float = LR) -> tuple[numpy.ndarray, float]:
    """L2-penalised logistic regression over the scaled binary features, full batch (Adam, from zero:
    deterministic)."""
    cols, rows = _rows(X)
    vals = scale[cols]
    n, m = len(X), len(scale)
    w = numpy.zeros(m)
    b = 0.0
    mw, vw = numpy.zeros(m), numpy.zeros(m)
    mb = vb = 0.0
    for t in range(1, iters + 1):
        z = numpy.bincount(rows, weights=w[cols] * vals, minlength=n) + b
        g = 1.0 / (1.0 + numpy.exp(-numpy.clip(z, -30, 30))) - y
        gw = numpy.bincount(cols, weights=vals * g[rows], minlength=m) + w / c
        gb = float(g.sum())
        mw = 0.9 * mw + 0.1 * gw
        vw = 0.999 * vw + 0.001 * gw * gw
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        w -= lr * (mw / (1 - 0.9 ** t)) / (numpy.sqrt(vw / (1 - 0.999 ** t)) + 1e-8)
        b -= lr * (mb / (1 - 0.9 ** t)) / (numpy.sqrt(vb / (1 - 0.999 ** t)) + 1e-8)
    return w * scale, b  # the ratio folded in: a sentence's score is the sum of its features' weights


def predict(X: list[numpy.ndarray], w: numpy.ndarray, b: float) -> numpy.ndarray:
    z = numpy.array([b + w[idx].sum() for idx in X])
    return 1.0 / (1.0 + numpy.exp(-numpy.clip(z, -30, 30)))


def best_threshold(p: numpy.ndarray, y: numpy.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    for t in numpy.arange(0.05, 0.9, 0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        prec = tp / max(1.0, float(pred.sum()))
        rec = tp / max(1.0, float((y == 1).sum()))
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f > best[1]:
            best = (round(float(t), 2), f)
    return best


def train(eval_dir: Path, min_count: int = MIN_COUNT, cache: Path | None = None) -> dict:
    if cache is not None and cache.exists():
        feats, labels = json.loads(cache.read_text("utf-8"))
    else:
        feats, labels = sentence_features(eval_dir)
        if cache is not None:
            cache.write_text(json.dumps([feats, labels]), "utf-8")
    counts = Counter(f for fs in feats for f in set(fs))
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(vocab)}
    X = [numpy.array(sorted({index[f] for f in fs if f in index}), dtype=numpy.int64) for fs in feats]
    y = numpy.array(labels, dtype=float)
    folds = numpy.arange(len(X)) % 5
    p_cv = numpy.zeros(len(X))
    for k in range(5):
        tr = [i for i in range(len(X)) if folds[i] != k]
        Xk, yk = [X[i] for i in tr], y[tr]
        w, b = fit(Xk, yk, nb_ratio(Xk, yk, len(vocab)))
        te = [i for i in range(len(X)) if folds[i] == k]
        p_cv[te] = predict([X[i] for i in te], w, b)
    threshold, f_cv = best_threshold(p_cv, y.astype(int))
    w, b = fit(X, y, nb_ratio(X, y, len(vocab)))
    weights = {f: round(float(w[k]), 4) for f, k in index.items() if abs(w[k]) >= 0.01}
    return {"bias": round(b, 4), "threshold": threshold, "weights": weights,
            "card": {"train_sentences": len(X), "features": len(weights), "cv_f1": round(f_cv, 3),
                     "settings": {"model": "NBSVM (log-count-ratio scaled logistic regression)",
                                  "min_count": min_count, "C": C, "iterations": ITERS, "lr": LR,
                                  "nb_alpha": 1.0}}}


def main(argv: list[str]) -> int:
    data = train(Path(argv[0]), cache=Path(argv[1]) if len(argv) > 1 else None)
    MODELS.mkdir(parents=True, exist_ok=True)
    (MODELS / "hedging.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    print(json.dumps(data["card"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
