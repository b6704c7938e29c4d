"""Roles: each pattern news uses to say who holds which position (sentences written for the tests)."""
from __future__ import annotations

import pytest


def roles_of(extraction) -> set[tuple[str, str, str]]:
    names = {a.key: a.name for a in extraction.actors}
    return {(names[r.person], r.title, names[r.organization]) for r in extraction.roles}


@pytest.mark.parametrize("text, expected", [
    # the secretary-general of X, NAME
    ("Yesterday the secretary-general of the United Nations, Antonio Guterres, flew to Cairo.",
     ("Antonio Guterres", "secretary-general", "United Nations")),
    # X Chairman NAME
    ("Federal Reserve Chairman Jerome Powell spoke in Washington.",
     ("Jerome Powell", "chairman", "Federal Reserve")),
    # X's TITLE NAME (the organisation is a state)
    ("France's President Emmanuel Macron visited Berlin.",
     ("Emmanuel Macron", "president", "France")),
    # NAME, the TITLE of X
    ("Satya Nadella, the chief executive of Microsoft, spoke to reporters.",
     ("Satya Nadella", "chief executive", "Microsoft")),
    # NAME, who heads X
    ("Tedros Adhanom Ghebreyesus, who heads the World Health Organization, warned of a new outbreak.",
     ("Tedros Adhanom Ghebreyesus", "head", "World Health Organization")),
    # TITLE of X NAME
    ("Secretary-General of NATO Jens Stoltenberg arrived in Kyiv.",
     ("Jens Stoltenberg", "secretary-general", "NATO")),
    # X, led by NAME
    ("The Wagner Group, led by Yevgeny Prigozhin, seized the city.",
     ("Yevgeny Prigozhin", "leader", "Wagner Group")),
    # NAME became TITLE of X
    ("Esmail Qaani became commander of the Quds Force in 2020.",
     ("Esmail Qaani", "commander", "Quds Force")),
    # TITLE NAME of X
    ("Prime Minister Mohammed Shia al-Sudani of Iraq met militia leaders.",
     ("Mohammed Shia al-Sudani", "prime minister", "Iraq")),
    # NAME, the X TITLE
    ("Jerome Powell, the Federal Reserve chairman, spoke to reporters.",
     ("Jerome Powell", "chairman", "Federal Reserve")),
    # a portfolio minister of a state
    ("Turkey's foreign minister Hakan Fidan arrived in Baghdad.",
     ("Hakan Fidan", "foreign minister", "Turkey")),
])
def test_roles_pattern(extract, text, expected):
    assert expected in roles_of(extract(text))


def test_roles_enumeration_shares_the_organisation(extract):
    ex = extract("Hezbollah Secretary-General Hassan Nasrallah and Deputy Secretary-General Naim Qassem "
                 "attended the funeral in Beirut.")
    got = roles_of(ex)
    assert ("Hassan Nasrallah", "secretary-general", "Hezbollah") in got
    assert ("Naim Qassem", "deputy secretary-general", "Hezbollah") in got


def test_roles_title_takes_the_organisation_from_context(extract):
    ex = extract("Hamas commander Mohammed Deif planned the raid. "
                 "Israeli officials said the late commander Ahmed Jabari had trained him.")
    assert ("Ahmed Jabari", "commander", "Hamas") in roles_of(ex)


def test_roles_nationality_adjective_names_the_state(extract):
    ex = extract("Iraqi Prime Minister Mohammed Shia al-Sudani met militia leaders in Baghdad. "
                 "He said Iraq would stay neutral.")
    assert ("Mohammed Shia al-Sudani", "prime minister", "Iraq") in roles_of(ex)


def test_roles_no_title_for_a_person_next_to_someone_elses_title(extract):
    ex = extract("Hezbollah leader Hassan Nasrallah met Antonio Guterres in Beirut.")
    got = roles_of(ex)
    assert ("Hassan Nasrallah", "leader", "Hezbollah") in got
    assert not any(p == "Antonio Guterres" for p, _, _ in got)


def test_roles_meeting_a_titled_person_gives_the_subject_no_role(extract):
    ex = extract("Antony Blinken met the head of the Arab League in Cairo.")
    assert not any(p == "Antony Blinken" for p, _, _ in roles_of(ex))


def test_roles_carry_their_sentence_and_span(extract):
    ex = extract("Iran hosted the talks. Federal Reserve Chairman Jerome Powell spoke in Washington.")
    role = next(r for r in ex.roles if r.title == "chairman")
    assert role.sentence == 1
    assert role.span is not None and "Chairman" in role.span.text


def test_roles_canonical_titles():
    from newsgraph.nlp.roles import canonical_title

    assert canonical_title("Secretary General") == "secretary-general"
    assert canonical_title("deputy Chairman") == "deputy chairman"
    assert canonical_title("spokeswoman") == "spokesman"
    assert canonical_title("Chief of Staff") == "chief of staff"
    assert canonical_title("minister of defence") == "defence minister"
    assert canonical_title("plumber") is None


def test_roles_verb_needs_the_organisation_as_its_object(extract):
    ex = extract("Hassan Nasrallah commands the respect of the Houthis.")
    assert not roles_of(ex)


def test_roles_founding_gives_founder_since(extract):
    ex = extract("Osama bin Laden founded al-Qaeda in 1988.")
    r = next(r for r in ex.roles if r.title == "founder")
    assert r.since == "1988"


def test_roles_enumeration_does_not_lend_an_organisation_to_a_state_title(extract):
    ex = extract("Hezbollah leader Hassan Nasrallah and President Michel Aoun met in Beirut.")
    assert not any(p == "Michel Aoun" for p, _, _ in roles_of(ex))
    ex = extract("Israel's Prime Minister Benjamin Netanyahu and Defence Minister Yoav Gallant visited the base.")
    assert ("Yoav Gallant", "defence minister", "Israel") in roles_of(ex)
