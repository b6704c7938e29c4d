"""Name forms as strings: honorifics, kunyas, surnames, acronyms (no model needed)."""
from __future__ import annotations

import pytest

from newsgraph.nlp import names as nm


@pytest.mark.parametrize("words, titles, rest", [
    (["Grand", "Ayatollah", "Hussein", "Al-Sadr"], ["Grand Ayatollah"], ["Hussein", "Al-Sadr"]),
    (["Ayatollah", "Mahmoud", "Shahroudi"], ["Ayatollah"], ["Mahmoud", "Shahroudi"]),
    (["Sheikh", "Hamid", "Al-Jazairi"], ["Sheikh"], ["Hamid", "Al-Jazairi"]),
    (["Sayyed", "Ammar", "Al-Hakim"], ["Sayyed"], ["Ammar", "Al-Hakim"]),
    (["Sheikh"], [], ["Sheikh"]),  # a lone honorific stays what it is
    (["Nouri", "Al-Maliki"], [], ["Nouri", "Al-Maliki"]),
])
def test_names_honorifics_come_off(words, titles, rest):
    assert nm.split_honorifics(words) == (titles, rest)


def test_names_surname_forms_never_the_given_name():
    assert nm.surname_forms("Nouri Al-Maliki") == {"al maliki", "maliki"}
    assert "ali" not in nm.surname_forms("Ali Al-Sistani")
    assert nm.surname_forms("Ali Khamenei") == {"khamenei"}
    assert nm.surname_forms("Maliki") == set()


def test_names_kunya_names_link_by_their_kunya():
    assert nm.kunya_of("Abu Mahdi Al-Muhandis") == "Abu Mahdi"
    assert "abu mahdi" in nm.surname_forms("Abu Mahdi Al-Muhandis")
    assert nm.kunya_of("Hadi Al-Ameri") is None


@pytest.mark.parametrize("acronym, name, fits", [
    ("PMF", "Popular Mobilization Forces", True),
    ("IRGC", "Islamic Revolutionary Guard Corps", True),
    ("US", "United States", True),
    ("ISF", "Iraqi Security Forces", True),
    ("PMF", "Islamic Revolutionary Guard Corps", False),
    ("KH", "Asa'ib Ahl al-Haq", False),
])
def test_names_acronyms_fit_initials(acronym, name, fits):
    assert nm.acronym_fits(acronym, name) is fits


def test_names_key_folds_spelling_noise():
    assert nm.key("Kata’ib Hezbollah") == nm.key("Kata'ib  Hezbollah") == "kataib hezbollah"
    assert nm.key("the “Islamic Resistance in Iraq”") == "islamic resistance in iraq"
    assert nm.key("Al-Khazali") == "al khazali"
