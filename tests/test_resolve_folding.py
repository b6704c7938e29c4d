"""Transliteration folding and blocking keys (newsgraph.nlp.keys)."""
from __future__ import annotations

import pytest

from newsgraph.nlp.keys import (
    fold, lookup_keys, parse_org, parse_person, register_keys, word_equiv,
)

SAME_WORD = [
    ("Qa'ani", "Qaani"), ("Qaani", "Ghaani"), ("Esmail", "Ismail"), ("Qasem", "Qassem"), ("Qasem", "Ghasem"),
    ("Kata'ib", "Kataib"), ("Hezbollah", "Hizballah"), ("Hezbollah", "Hizbullah"), ("Muhandis", "Mohandes"),
    ("Mohammed", "Muhammad"), ("Hussein", "Husayn"), ("Soleimani", "Sulaimani"), ("Fayyadh", "Fayad"),
    ("Hamed", "Hamid"), ("Jafar", "Ja'far"),
]
OTHER_WORD = [("Ali", "Ala"), ("Hassan", "Hussein"), ("Muhammad", "Mahmoud"), ("Ahmad", "Hamid"),
              ("Muhammadawi", "Muhammad"), ("Sistani", "Khamenei"), ("Kaabi", "Kabir")]


def _w(x: str) -> str:
    return fold(x)


@pytest.mark.parametrize("a,b", SAME_WORD)
def test_transliterations_of_one_word_are_equivalent(a, b):
    assert word_equiv(_w(a), _w(b)), (a, b)


@pytest.mark.parametrize("a,b", OTHER_WORD)
def test_different_words_with_a_similar_skeleton_are_not(a, b):
    assert not word_equiv(_w(a), _w(b)), (a, b)


def test_fold_takes_off_article_case_apostrophes_and_titles():
    assert fold("Esmail Qa’ani") == fold("esmail QA'ANI") == "esmail qaani"
    assert fold("Grand Ayatollah Ali Al-Sistani") == fold("Ali el-Sistani") == "ali sistani"


def test_person_names_parse_kunya_titles_and_sun_letter_article():
    f = parse_person("Abdulaziz (Abu Fadak) Al-Muhammadawi")[0]
    assert (f.given, f.surname, f.kunya) == ("abdulaziz", "muhammadawi", "abu fadak")
    f = parse_person("Sheikh Muqtada as-Sadr")[0]
    assert (f.given, f.surname) == ("muqtada", "sadr")
    f = parse_person("Abu Mahdi al-Muhandis")[0]
    assert f.given is None and f.kunya == "abu mahdi" and f.surname == "muhandis"
    assert parse_person("Hassan Nasr Allah")[0].surname == parse_person("Hassan Nasrallah")[0].surname


def test_sayyid_inside_a_group_name_stays():
    assert "sayyid" in parse_org("Kata'ib Sayyid al-Shuhada").words
    assert parse_org("Popular Mobilization Units").initials == ("PMU",)
    assert parse_org("PMU").acronym == "PMU"


MATCHING = [
    ("person", "Esmail Qa'ani", "Ismail Ghaani"),
    ("person", "Qasem Soleimani", "Qassem Suleimani"),
    ("person", "Abu Mahdi al-Muhandis", "Abu Mahdi el-Mohandes"),
    ("person", "Abu Fadak al-Mohammedawi", "Abdulaziz (Abu Fadak) Al-Muhammadawi"),
    ("person", "Khazali", "Qais Al-Khazali"),
    ("person", "Abu Fadak", "Abdulaziz (Abu Fadak) Al-Muhammadawi"),
    ("organization", "Kataib Hizballah", "Kata’ib Hezbollah"),
    ("organization", "PMU", "Popular Mobilization Units"),
    ("organization", "Popular Mobilization Units", "PMU"),
    ("organization", "Badr", "Badr Organization"),
    ("organization", "Ansarullah", "Ansar Allah"),
    ("location", "Teheran", "Tehran"),
]


@pytest.mark.parametrize("type_,new,stored", MATCHING)
def test_lookup_keys_of_a_variant_meet_the_keys_the_stored_name_is_filed_under(type_, new, stored):
    assert lookup_keys(new, type_) & register_keys(stored, type_), (new, stored)


def test_keys_are_typed_a_person_is_never_looked_up_among_organisations():
    assert not (lookup_keys("Hezbollah", "person") & register_keys("Hezbollah", "organization"))
