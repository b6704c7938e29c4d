"""A verb of physical action is no attribution cue unless it carries something said: the learned cue
components read election news, where "X attacked Y's plan" is a judgement spoken; in conflict news
"gunmen attacked the convoy" is a deed and must not become a record of who said what."""
from __future__ import annotations

import pytest

from newsgraph.claims import annotate_article
from newsgraph.model import Article

pytestmark = pytest.mark.slow


def cue_texts(nlp, text: str) -> list[list[str]]:
    return [[a["cue"]["text"] for a in row["attributions"] if a.get("cue")]
            for row in annotate_article(Article(text=text), nlp)]


@pytest.mark.parametrize("text", [
    "Gunmen attacked the convoy on the highway.",
    "The militia attacked a police station in the north.",
    "Insurgents blasted the bridge with explosives.",
    "The group targeted a checkpoint outside the city.",
])
def test_a_deed_with_a_concrete_object_is_no_cue(nlp, text):
    assert cue_texts(nlp, text) == [[]]


def test_a_deed_inside_what_someone_claims_is_not_a_cue_of_its_own(nlp):
    """The claim is the attribution; the attack it reports is its content, not a second speech act."""
    got = cue_texts(nlp, "A spokesman for the army claimed that the Green Brigades had attacked the post.")
    assert got == [["claimed"]]


@pytest.mark.parametrize("text, cue", [
    ("The senator attacked the proposal as a giveaway to banks.", "attacked"),
    ("The senator attacked his rival for lying about taxes.", "attacked"),
    ("The mayor attacked the council's plan.", "attacked"),
    ("She slammed the decision.", "slammed"),
])
def test_a_judgement_on_something_said_stays_a_cue(nlp, text, cue):
    assert cue in cue_texts(nlp, text)[0]
