"""Short forms in one article, on sentences written for these tests: a one-word name that is a word of
one longer name of the same kind is that actor on second mention (an organisation's last word, its
first word before a place, a place without its class word, a person's given name alone after the full
name); a product named after its company, a city beside its airport and a given name two people share
stay apart."""
from __future__ import annotations

import pytest


def _actors(ext, kind: str) -> dict[str, set[str]]:
    return {a.name: {x.name for x in a.aliases} for a in ext.actors if a.type == kind}


@pytest.mark.parametrize("text, kind, full, short", [
    # an organisation's last word
    ("The Muslim Brotherhood called for new protests on Friday. The Brotherhood said the police had "
     "arrested dozens.", "organization", "Muslim Brotherhood", "Brotherhood"),
    # a place without its class word
    ("Israeli aircraft struck targets in the Gaza Strip overnight. Hospitals in Gaza reported casualties.",
     "location", "Gaza Strip", "Gaza"),
    # a person's given name alone, after the full name
    ("Harriet Molnar, the singer, arrived in Vienna on Monday. Fans waited for hours to see Harriet.",
     "person", "Harriet Molnar", "Harriet"),
])
def test_a_short_form_after_the_full_name_is_that_actor(extract, text, kind, full, short):
    got = _actors(extract(text), kind)
    assert short not in got, got
    assert short in got.get(full, set()), got


def test_a_given_name_two_people_share_stays_apart(extract):
    ext = extract("Harriet Molnar and Harriet Olsen, the singers, arrived in Vienna on Monday. Fans waited "
                  "for hours to see Harriet.")
    people = _actors(ext, "person")
    assert "Harriet" not in people.get("Harriet Molnar", set()) | people.get("Harriet Olsen", set()), people


def test_a_given_name_before_the_full_name_stays_apart(extract):
    ext = extract("Fans waited for hours to see Harriet. Harriet Molnar, the singer, arrived in Vienna on "
                  "Monday.")
    assert "Harriet" not in _actors(ext, "person").get("Harriet Molnar", set())


def test_a_product_named_after_its_company_is_not_the_company(extract):
    ext = extract("Apple Music added ten million users, while Apple reported record profits.")
    orgs = _actors(ext, "organization")
    assert "Apple" not in orgs.get("Apple Music", set()), orgs


def test_a_city_is_not_its_airport(extract):
    ext = extract("Berlin Brandenburg Airport reopened. Flights from Berlin resumed on Monday.")
    berlin = next(a for a in ext.actors if a.name == "Berlin")
    assert "Berlin Brandenburg Airport" not in {x.name for x in berlin.aliases}


def test_an_acronym_in_its_own_language_after_party_is_the_party(extract):
    ext = extract("The Free Democratic party (FDP) gained seats. The FDP now holds ten.")
    orgs = _actors(ext, "organization")
    assert "FDP" not in orgs, orgs
    assert any("FDP" in names for names in orgs.values()), orgs
