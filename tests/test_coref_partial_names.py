"""Partial names in one article, on sentences written for these tests: a family name with its particle
("Van Houten") and an East Asian family name written first ("Moon" for Moon Jae-in) stand for the
person named in full before them; a hyphenated Korean given name stays whole."""
from __future__ import annotations


def _people(ext) -> dict[str, set[str]]:
    return {a.name: {x.name for x in a.aliases} for a in ext.actors if a.type == "person"}


def test_an_east_asian_family_name_written_first_is_the_person_named_in_full(extract):
    ext = extract("South Korean President Moon Jae-in met the envoy in Seoul on Monday. Moon said the talks "
                  "had gone well.")
    people = _people(ext)
    assert "Moon Jae-in" in people, people
    assert "Moon" not in people, people  # no second actor for the family name
    assert "Moon" in people["Moon Jae-in"]


def test_a_family_name_with_its_particle_is_the_person_named_in_full(extract):
    ext = extract("The parole board heard Leslie Van Houten on Tuesday. Van Houten, now 68, said she was sorry.")
    people = _people(ext)
    assert "Van Houten" not in people, people
    assert "Van Houten" in people.get("Leslie Van Houten", set()), people


def test_a_dash_after_a_name_is_no_part_of_it(extract):
    ext = extract("The vote was won by Karim Tavas-a result few expected.")
    assert not [n for n in _people(ext) if n.endswith("-a")]


def test_a_chinese_family_name_written_first_is_the_person_named_in_full(extract):
    ext = extract("Chinese President Xi Jinping met the envoy in Beijing. Xi said the talks went well.")
    people = _people(ext)
    assert "Xi" not in people, people
    assert "Xi" in people.get("Xi Jinping", set()), people
