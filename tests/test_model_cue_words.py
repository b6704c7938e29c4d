"""The cue classifier's training (``make train``: ``newsgraph.train.attribution cues``): the same examples
give the same weights, and a feature that marks cues weighs towards a cue."""
from __future__ import annotations

import json

from newsgraph.train.attribution import CUE_THRESHOLD, fit_cues


def toy_examples() -> tuple[list[list[str]], list[int]]:
    feats, labels = [], []
    for k in range(60):
        cue = k % 3 == 0
        feats.append(["l=say" if cue else "l=walk", "p=VERB", "c=ccomp" if cue and k % 2 else "c=dobj"])
        labels.append(int(cue))
    return feats, labels


def test_fit_is_deterministic_and_learns_the_cue_words():
    first = fit_cues(*toy_examples(), min_count=2, iters=100)
    second = fit_cues(*toy_examples(), min_count=2, iters=100)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    w = first["weights"]
    assert w["l=say"] > 0 > w["l=walk"]
    assert first["threshold"] == CUE_THRESHOLD
    assert first["card"]["train_tokens"] == 60 and first["card"]["train_cue_tokens"] == 20


def test_rare_features_are_left_out():
    feats, labels = toy_examples()
    feats[0] = feats[0] + ["l=once"]
    assert "l=once" not in fit_cues(feats, labels, min_count=2, iters=50)["weights"]
