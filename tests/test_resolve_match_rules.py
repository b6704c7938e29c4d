"""Match rules, their explanations, and the safeguards (newsgraph.resolve.match)."""
from __future__ import annotations

import pytest

from newsgraph.resolve.match import THRESHOLD, Candidate, choose, choose_with_near, profile, score

P, O = "person", "organization"


def test_full_name_matches_across_transliterations_and_says_why():
    m = score(P, ["Esmail Qa’ani", "Qa’ani"], P, ["Ismail Ghaani"])
    assert m and m.rule == "full_name" and m.score >= THRESHOLD and not m.weak
    assert "Ismail Ghaani" in m.explanation and "kani" in m.explanation


def test_titles_and_article_do_not_stop_an_exact_match():
    m = score(P, ["Grand Ayatollah Ali al-Sistani"], P, ["Ali Al-Sistani"])
    assert m and m.rule == "same_name" and m.score == 1.0


def test_kunya_with_an_agreeing_surname_is_a_strong_match():
    m = score(P, ["Abu Fadak al-Mohammedawi"], P, ["Abdulaziz (Abu Fadak) Al-Muhammadawi", "Abu Fadak"])
    assert m and m.rule == "kunya" and not m.weak and "abu fadak" in m.explanation


def test_bare_kunya_and_bare_surname_are_weak():
    m = score(P, ["Abu Fadak"], P, ["Abdulaziz Al-Muhammadawi", "Abu Fadak"])
    assert m and m.rule == "kunya" and m.weak
    m = score(P, ["Khazali"], P, ["Qais Al-Khazali", "Khazali"])
    assert m and m.rule == "surname" and m.weak


def test_acronym_matches_its_expansion():
    m = score(O, ["PMU"], O, ["Popular Mobilization Units"])
    assert m and m.rule == "acronym" and "Popular Mobilization Units" in m.explanation
    assert score(O, ["AAH"], O, ["Asa'ib Ahl al-Haq"]).rule == "acronym"


def test_organisation_transliterations_and_generic_words():
    assert score(O, ["Kataib Hizballah"], O, ["Kata’ib Hezbollah"]).rule == "full_name"
    assert score(O, ["Harakat Hizbullah el-Nujaba"], O, ["Harakat Hezbollah Al-Nujaba"]).rule == "full_name"
    assert score(O, ["Badr Organization"], O, ["Badr"]).rule == "generic_word"
    assert score(O, ["the Houthi movement"], O, ["Houthis"]).rule == "generic_word"


@pytest.mark.parametrize("a,b", [
    ("Hezbollah", "Kata'ib Hezbollah"),
    ("Hezbollah", "Harakat Hezbollah Al-Nujaba"),
    ("Kata'ib Hezbollah", "Harakat Hezbollah Al-Nujaba"),
    ("Quds Force", "Al-Quds Brigades"),
    ("Islamic Resistance in Iraq", "Islamic Resistance"),
    ("Kata'ib Sayyid al-Shuhada", "Kata'ib Hezbollah"),
])
def test_a_shared_word_does_not_merge_organisations(a, b):
    assert score(O, [a], O, [b]) is None
    assert score(O, [b], O, [a]) is None


@pytest.mark.parametrize("a,b", [
    ("Ali Khamenei", "Ali Al-Sistani"),       # same given name, other surname
    ("Ali Khamenei", "Mojtaba Khamenei"),     # same surname, other given name
    ("Mohammed Baqir al-Hakim", "Mohammed Ridha al-Hakim"),  # other middle name
    ("Ammar al-Hakim", "Mohammed Baqir al-Hakim"),
    ("Hassan Nasrallah", "Hussein Nasrallah"),
])
def test_a_different_given_name_does_not_merge_people(a, b):
    assert score(P, [a], P, [b]) is None


def test_a_kunya_does_not_overrule_full_names_that_disagree():
    assert score(P, ["Jamal (Abu Hassan) al-Ibrahimi"], P, ["Hadi (Abu Hassan) al-Ameri"]) is None
    assert score(P, ["Abu Ali al-Basri"], P, ["Abu Ali al-Kufi"]) is None


def test_an_acronym_does_not_overrule_full_names_that_disagree():
    assert score(O, ["Palestinian Medical Union", "PMU"], O, ["Popular Mobilization Units", "PMU"]) is None


def test_a_person_never_matches_an_organisation():
    assert score(P, ["Hezbollah"], O, ["Hezbollah"]) is None
    assert score(O, ["Khazali"], P, ["Qais al-Khazali"]) is None


def test_choose_takes_a_weak_match_only_when_it_is_the_only_one():
    one = [Candidate("e1", P, ["Qais al-Khazali"]), Candidate("e2", P, ["Hadi al-Ameri"])]
    eid, m = choose(P, ["Khazali"], one)
    assert eid == "e1" and m.weak and "only stored entity" in m.explanation
    two = one + [Candidate("e3", P, ["Laith al-Khazali"])]
    assert choose(P, ["Khazali"], two) is None


def test_choose_prefers_the_best_strong_match():
    cands = [Candidate("e1", O, ["Popular Mobilization Units", "PMU"]), Candidate("e2", O, ["Hezbollah"])]
    assert choose(O, ["Popular Mobilisation Units"], cands)[0] == "e1"


def test_an_entity_already_in_the_same_article_is_taken_only_on_an_identical_name():
    cands = [Candidate("e1", P, ["Qais al-Khazali"], same_document=True)]
    assert choose(P, ["Khazali"], cands) is None  # the article kept them apart
    assert choose(P, ["Qais Khazali"], cands)[0] == "e1"
    # and it still makes a one-word name ambiguous
    cands.append(Candidate("e2", P, ["Laith al-Khazali"]))
    assert choose(P, ["Khazali"], cands) is None


def test_a_candidate_scored_again_is_scored_on_the_names_it_has_now():
    """Scores are kept per pair of name lists (the suggestions' upkeep scores the same pairs again and
    again): a candidate that has since been named in full with another given name is no longer the
    entity a full name joins, and a profile handed out is shared, so it cannot be changed."""
    import dataclasses

    names = ["Varnholt"]
    stored = Candidate("e1", P, names)
    found, _near = choose_with_near(P, ["Ilse Varnholt"], [stored])
    assert found is not None and found[0] == "e1"
    names.append("Bernd Varnholt")  # the same entity, its names grown since
    found, _near = choose_with_near(P, ["Ilse Varnholt"], [stored])
    assert found is None
    assert choose(P, ["Bernd Varnholt"], [stored])[0] == "e1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile(P, ["Ilse Varnholt"]).fulls = ()  # type: ignore[misc]
