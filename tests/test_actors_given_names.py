"""A name the model calls an organisation is a person's when it opens with a known given name of any origin
and reads as given name + surname; names of bodies, places and parties that open with a given name stay
as they are."""
from __future__ import annotations

from newsgraph.nlp import actors
from newsgraph.nlp import names as nm
from newsgraph.nlp.coref import Cand


def _typed(name: str, etype: str = "organization", **kw) -> str:
    c = Cand(start=0, end=len(name.split()), name=name, type=etype, **kw)
    actors._given_name_people([c])
    return c.type


def test_given_names_of_many_origins_are_known():
    given = nm.world_given_names()
    # German, Dutch, Portuguese, Turkish, English, Nigerian, and the region's own list
    for name in ("Florian", "Sigrid", "Joaquim", "Mesut", "Harvey", "Festus", "Qais"):
        assert nm.key(name) in given, name
    # words of Faker's generic English list that are no given names stay out
    assert not {"general", "king", "west"} & given


def test_given_name_and_surname_typed_organisation_is_a_person():
    assert _typed("Sigrid Kaag") == "person"
    assert _typed("Florian Philippot") == "person"
    assert _typed("Ines-Jacqueline Werkner") == "person"


def test_bodies_places_and_dictionary_words_after_a_given_name_stay_organisations():
    for name in ("Muslim Brotherhood", "Hertha Berlin", "Christian Democratic Union", "Robert Bosch Academy",
                 "Victoria Station", "Jordan Times"):
        assert _typed(name) == "organization", name


def test_a_type_fixed_by_evidence_or_a_pattern_is_kept():
    assert _typed("Sigrid Kaag", strong=True) == "organization"
    assert _typed("Sigrid Kaag", subtype="media") == "organization"
    assert _typed("Sigrid Kaag", etype="location") == "location"
