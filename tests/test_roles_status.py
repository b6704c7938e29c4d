"""Roles: current or former, and since/until, from the cues news uses."""
from __future__ import annotations

import pytest


def role(extraction, person: str):
    names = {a.key: a.name for a in extraction.actors}
    found = [r for r in extraction.roles if names[r.person] == person]
    assert found, f"no role for {person}: {[(names[r.person], r.title) for r in extraction.roles]}"
    return found[0]


@pytest.mark.parametrize("text, person", [
    ("Israel's former prime minister Ehud Olmert criticised the plan.", "Ehud Olmert"),
    ("The crowd mourned late Hezbollah commander Imad Mughniyeh in Beirut.", "Imad Mughniyeh"),
    ("Mike Pompeo, who previously headed the CIA, spoke on Monday.", "Mike Pompeo"),
    ("Yasser Arafat led the Palestine Liberation Organization until his death in 2004.", "Yasser Arafat"),
])
def test_roles_status_former(extract, text, person):
    assert role(extract(text), person).status == "former"


def test_roles_status_current_without_a_cue(extract):
    assert role(extract("Federal Reserve Chairman Jerome Powell spoke in Washington."),
                "Jerome Powell").status == "current"


def test_roles_since_from_taking_charge(extract):
    ex = extract("Quds Force commander Esmail Qaani met the delegation. "
                 "Militia leaders praised the efforts of Qaani after he took charge in 2020.")
    r = role(ex, "Esmail Qaani")
    assert r.since == "2020" and r.status == "current"


def test_roles_until_from_death(extract):
    r = role(extract("Yasser Arafat led the Palestine Liberation Organization until his death in 2004."),
             "Yasser Arafat")
    assert r.until == "2004"


def test_roles_since_from_an_appointment_in_a_relative_clause(extract):
    r = role(extract("Mohammed Deif, who was appointed commander of the Qassam Brigades in 2002, "
                     "survived several strikes."), "Mohammed Deif")
    assert (r.title, r.since, r.status) == ("commander", "2002", "current")


def test_roles_dates_from_a_role_verb(extract):
    r = role(extract("Hassan Nasrallah, who has led Hezbollah since 1992, gave a speech."), "Hassan Nasrallah")
    assert (r.since, r.status) == ("1992", "current")
    ex = extract("Ali Abdullah Saleh, who ruled Yemen from 1978 until 2012, was killed in 2017.")
    r = next(r for r in ex.roles if r.title == "ruler")
    assert (r.since, r.until, r.status) == ("1978", "2012", "former")
