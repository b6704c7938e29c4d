"""The Article model is the one place input is cleaned: readers and the API get the same rules
(issue 13: the API took NUL and control characters, 9999-12-31 and an empty URL; a bare year became
today's month and day; "5 days ago" was counted from the day of ingest)."""
from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.errors import EmptyInput
from newsgraph.ingest import read_bytes
from newsgraph.model import Actor, Alias, Article


def test_model_article_blanks_control_characters_but_newline_and_tab():
    art = Article(text="Hadi\x00 Al-Amiri\x1b[31m met\x0c\x0bofficials\r\nin\tBaghdad\x85.\x9b", origin="t")
    assert art.text == "Hadi  Al-Amiri [31m met\n\nofficials\nin\tBaghdad\n. "


def test_model_article_offsets_survive_a_control_character():
    raw = "Reuters\x83 said the army attacked Mosul."
    art = Article(text=raw, origin="t")
    assert len(art.text) == len(raw) and art.text.index("army") == raw.index("army")


def test_model_article_of_control_characters_only_is_empty():
    with pytest.raises(EmptyInput, match="api: the article has no text"):
        Article(text="\x00\x01\x1b", origin="api")


def test_model_blank_url_title_publisher_are_none():
    art = Article(text="Iran hosted talks.", url="", title="  \t", publisher="\u200b", origin="t")
    assert art.url is None and art.title is None and art.publisher is None


def test_model_names_lose_zero_width_and_bidi_characters():
    assert Actor(key="a1", type="person", name="Mohammed\u200b").name == "Mohammed"
    assert Alias(name="\u202eAbu\u00ad Fadak\u200f").name == "Abu Fadak"
    assert Article(text="x y", title="Talks\u202e\nin Baghdad", origin="t").title == "Talks in Baghdad"


@pytest.mark.parametrize("value, date, precision", [
    ("2023", dt.date(2023, 1, 1), "year"),
    ("June 2023", dt.date(2023, 6, 1), "month"),
    ("2023-06", dt.date(2023, 6, 1), "month"),
    ("7 November 2023", dt.date(2023, 11, 7), "day"),
    (dt.date(2023, 11, 7), dt.date(2023, 11, 7), "day"),
])
def test_model_published_keeps_its_precision(value, date, precision):
    art = Article(text="Iran hosted talks.", published=value, origin="t")
    assert (art.published, art.published_precision, art.notes) == (date, precision, [])


@pytest.mark.parametrize("value, why", [("9999-12-31", "in the future"), ("5 days ago", "relative"),
                                        ("yesterday", "relative"), ("1066-10-14", "before 1800")])
def test_model_implausible_or_relative_date_is_dropped_with_a_note(value, why):
    art = Article(text="Iran hosted talks.", published=value, origin="f.jsonl:3")
    assert art.published is None and art.published_precision is None
    assert len(art.notes) == 1 and why in art.notes[0] and "f.jsonl:3" in art.notes[0]


def test_model_readers_apply_the_same_date_rules():
    (txt,) = read_bytes("a.txt", b"Talks\n2023\n\nIran hosted talks with Iraq in Tehran.\n")
    (jl,) = read_bytes("a.jsonl", b'{"text": "Iran hosted talks.", "published": "2023"}\n')
    assert (txt.published, txt.published_precision) == (jl.published, jl.published_precision) == \
        (dt.date(2023, 1, 1), "year")
    (rel,) = read_bytes("b.txt", b"Talks\n5 days ago\n\nIran hosted talks with Iraq in Tehran.\n")
    assert rel.published is None and rel.title == "Talks" and "relative" in rel.notes[0]
