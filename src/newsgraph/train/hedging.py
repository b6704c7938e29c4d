"""The uncertainty detector (:mod:`newsgraph.nlp.uncertainty`), learned from ``weasel_dev``'s train split.

    python -m newsgraph.train.hedging EVAL_DIR [FEATURES_CACHE]   # writes newsgraph/nlp/models/hedging.json

A logistic regression fitted by AdaGrad with an L2 penalty, in plain numpy with a fixed seed. The
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
SEED = 17
EPOCHS = 5  # few passes: more overfit the train split (five-fold F1 0.59 at 5, 0.56 at 12)
LR = 0.05


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


def fit(X: list[numpy.ndarray], y: list[int], n_feat: int, epochs: int = EPOCHS, lr: float = LR,
        l2: float = 1e-3, seed: int = SEED) -> tuple[numpy.ndarray, float]:
    rng = numpy.random.default_rng(seed)
    w = numpy.zeros(n_feat)
    g2 = numpy.full(n_feat, 1e-8)
    b, gb2 = 0.0, 1e-8
    order = numpy.arange(len(X))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            idx = X[i]
            z = b + w[idx].sum()
            p = 1.0 / (1.0 + numpy.exp(-max(-30.0, min(30.0, z))))
            g = p - y[i]
            grad = g + l2 * w[idx]
            g2[idx] += grad * grad
            w[idx] -= lr * grad / numpy.sqrt(g2[idx])
            gb2 += g * g
            b -= lr * g / numpy.sqrt(gb2)
    return w, b


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


def train(eval_dir: Path, min_count: int = 2, cache: Path | None = None) -> dict:
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
    y = numpy.array(labels)
    folds = numpy.arange(len(X)) % 5
    p_cv = numpy.zeros(len(X))
    for k in range(5):
        tr = [i for i in range(len(X)) if folds[i] != k]
        w, b = fit([X[i] for i in tr], [labels[i] for i in tr], len(vocab))
        te = [i for i in range(len(X)) if folds[i] == k]
        p_cv[te] = predict([X[i] for i in te], w, b)
    threshold, f_cv = best_threshold(p_cv, y)
    w, b = fit(X, labels, len(vocab))
    weights = {f: round(float(w[k]), 4) for f, k in index.items() if abs(w[k]) >= 0.01}
    return {"bias": round(b, 4), "threshold": threshold, "weights": weights,
            "card": {"train_sentences": len(X), "features": len(weights), "cv_f1": round(f_cv, 3),
                     "settings": {"min_count": min_count, "epochs": EPOCHS, "lr": LR, "l2": 1e-3, "seed": SEED}}}


def main(argv: list[str]) -> int:
    data = train(Path(argv[0]), cache=Path(argv[1]) if len(argv) > 1 else None)
    MODELS.mkdir(parents=True, exist_ok=True)
    (MODELS / "hedging.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    print(json.dumps(data["card"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
