"""The seed article end to end: the actors a reader of it would list, with their names."""
from __future__ import annotations

import pytest

from .conftest import SEED, actor_named


@pytest.fixture(scope="module")
def seed(pipeline):
    from newsgraph.model import Article

    return pipeline.extract(Article(text=SEED.read_text(encoding="utf-8")))


def one(ext, name):
    a = actor_named(ext, name)
    assert a is not None, f"no actor goes by {name!r}: {[x.name for x in ext.actors]}"
    return a


def test_actors_seed_kunya_is_an_alias_of_the_full_name(seed):
    a = one(seed, "Abdulaziz Al-Muhammadawi")
    assert a.type == "person"
    assert {"Abu Fadak", "Muhammadawi", "Abdulaziz (Abu Fadak) Al-Muhammadawi"} <= set(a.alias_names())
    assert one(seed, "Abu Hussein").name == "Ahmad Al-Hamidawi"


def test_actors_seed_surnames_are_the_people_not_organisations(seed):
    for full, short in [("Qais Al-Khazali", "Khazali"), ("Falih Al-Fayyadh", "Fayyadh"), ("Hadi Al-Ameri", "Ameri"),
                        ("Qasem Soleimani", "Soleimani"), ("Abu Ala Al-Walai", "Walai")]:
        a = one(seed, full)
        assert a.type == "person" and short in a.alias_names(), (full, a)
    assert not [x for x in seed.actors if x.name in ("Khazali", "Fayyadh", "Soleimani") and x.key != one(seed, x.name).key]


def test_actors_seed_groups_sharing_a_word_stay_apart(seed):
    keys = {one(seed, n).key for n in ("Hezbollah", "Kata’ib Hezbollah", "Harakat Hezbollah Al-Nujaba")}
    assert len(keys) == 3
    assert one(seed, "Kata’ib Sayyid Al-Shuhada").type == "organization"
    assert one(seed, "Ali Khamenei").key != one(seed, "Ali Al-Sistani").key


def test_actors_seed_titles_and_names(seed):
    kh = one(seed, "Ali Khamenei")
    assert kh.titles == ["Ayatollah"] and kh.name == "Ali Khamenei"
    assert one(seed, "Ali Al-Sistani").titles == ["Grand Ayatollah"]
    assert one(seed, "Akram Al-Kaabi").type == "person"
    assert one(seed, "PMU").name == "Popular Mobilization Units"
    assert "Houthis" in one(seed, "Ansarullah").alias_names()
    assert one(seed, "Hamed").type == "person"
    names = {a.name for a in seed.actors}
    assert not names & {"Photo", "Supreme", "Harakat Hezbollah Al-Nujaba Akram Al-Kaabi", "Hezbollah Ahmad"}


def test_actors_seed_descriptions_resolve(seed):
    def descriptions(name):
        key = one(seed, name).key
        return {m.text for m in seed.mentions if m.actor == key and m.kind == "description"}
    assert {"the supreme leader of Iran", "The Iranian leader"} <= descriptions("Ali Khamenei")
    assert "the Quds Force commander" in descriptions("Esmail Qa’ani")
    assert "the umbrella force" in descriptions("Popular Mobilization Units")
