"""The cue classifier's training (``make train``: ``newsgraph.train.attribution cues``): the same examples
give the same weights, and a feature that marks cues weighs towards a cue."""
from __future__ import annotations

import json

import numpy
import pytest

from newsgraph.nlp.attribution import cue_buckets
from newsgraph.train.attribution import CUE_THRESHOLD, fit_cues

SAY, WALK, VERB, CCOMP, DOBJ, ONCE = (numpy.uint64(k) for k in (11, 12, 13, 14, 15, 16))


def toy_examples() -> tuple[list[numpy.ndarray], list[int]]:
    feats, labels = [], []
    for k in range(60):
        cue = k % 3 == 0
        feats.append(numpy.array([SAY if cue else WALK, VERB, CCOMP if cue and k % 2 else DOBJ],
                                 dtype=numpy.uint64))
        labels.append(int(cue))
    return feats, labels


def weight(model: dict, key: numpy.uint64) -> float | None:
    got = dict(zip(model["buckets"], model["weights"]))
    return got.get(int(cue_buckets(numpy.array([key]))[0]))


def test_fit_is_deterministic_and_learns_the_cue_words():
    first = fit_cues(*toy_examples(), min_count=2, iters=100)
    second = fit_cues(*toy_examples(), min_count=2, iters=100)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert weight(first, SAY) > 0 > weight(first, WALK)
    assert first["threshold"] == CUE_THRESHOLD
    assert first["card"]["train_tokens"] == 60 and first["card"]["train_cue_tokens"] == 20


def test_rare_features_are_left_out():
    feats, labels = toy_examples()
    feats[0] = numpy.append(feats[0], ONCE)
    assert weight(fit_cues(feats, labels, min_count=2, iters=50), ONCE) is None


def test_features_are_made_for_every_candidate_word_at_once(nlp):
    """The classifier's features come from the whole article in one pass: each candidate word (not a
    determiner or a name) gets its own, the same word in the same frame the same ones, and a word in
    quotation marks others than outside them."""
    from newsgraph.nlp import attribution
    from newsgraph.nlp.context import TokenTable

    doc = nlp('The clerk said the form was late. The clerk said the form was late. "The clerk said no."')
    tab = TokenTable(doc)
    tok, key = attribution.cue_keys(tab)
    said = [t.i for t in doc if t.text == "said"]
    assert set(tok.tolist()) == set(attribution.cue_candidates(tab).tolist())
    assert not {t.i for t in doc if t.pos_ in ("DET", "PROPN", "PUNCT")} & set(tok.tolist())
    first, second, quoted = ({int(k) for k in key[tok == i]} for i in said)
    assert first == second and first != quoted


@pytest.mark.slow
def test_proposition_nouns_are_objects_said_about_not_people(nlp, tmp_path, monkeypatch):
    """A noun that is, as a cue verb's object, the content of the attribution ("attacked the plan") is a
    proposition noun; one that heads sources as often ("the senator") is not, nor an object no cue has."""
    import json

    from newsgraph.train import attribution as train

    text = ("The mayor attacked the plan. The mayor attacked the senator. "
            "The senator said it was late. The senator said it was early. Workers painted the wall.")

    def span(word: str, nth: int = 0) -> list[int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return [start, start + len(word)]
    atts = [
        {"cue": span("attacked"), "source": span("The mayor"), "content": [span("the plan")]},
        {"cue": span("attacked", 1), "source": span("The mayor", 1), "content": [span("the senator")]},
        {"cue": span("said"), "source": span("The senator"), "content": [span("it was late")]},
        {"cue": span("said", 1), "source": span("The senator", 1), "content": [span("it was early")]},
    ]
    folder = tmp_path / "polnear_train"
    folder.mkdir()
    (folder / "input.jsonl").write_text(json.dumps({"title": "a1", "text": text}) + "\n", "utf-8")
    (folder / "gold.json").write_text(json.dumps({"articles": [{"id": "a1", "attributions": atts}]}), "utf-8")
    monkeypatch.setattr(train, "PROPOSITION_MIN", 1)
    docs = [nlp(t) for t, _ in train.articles(folder)]
    assert train.proposition_nouns(tmp_path, docs) == ["plan"]
