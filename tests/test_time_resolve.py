"""Time: each family of time phrase resolved against the publication date (and the story's time)."""
from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.model import TimeValue
from newsgraph.nlp.time import resolve

PUB = dt.date(2023, 11, 7)  # a Tuesday


@pytest.mark.parametrize("expr, value, precision", [
    # explicit dates
    ("on June 14, 2023", "2023-06-14", "day"),
    ("14 June 2023", "2023-06-14", "day"),
    ("2021-03-02", "2021-03-02", "day"),
    ("in March 2019", "2019-03", "month"),
    ("in 2003", "2003", "year"),
    # parts of years
    ("in early 2020", "2020-01", "month"),
    ("mid-2018", "2018-06", "month"),
    # seasons
    ("early summer", "2023-06", "month"),
    ("this summer", "2023-06", "month"),
    ("late summer", "2023-08", "month"),
    ("last winter", "2022-12", "month"),
    ("in the summer of 2019", "2019-06", "month"),
    # calendar units from publication
    ("last year", "2022", "year"),
    ("this year", "2023", "year"),
    ("earlier this month", "2023-11", "month"),
    ("this month", "2023-11", "month"),
    ("last month", "2023-10", "month"),
    ("next month", "2023-12", "month"),
    ("two months ago", "2023-09", "month"),
    ("three years ago", "2020", "year"),
    # days
    ("yesterday", "2023-11-06", "day"),
    ("today", "2023-11-07", "day"),
    ("on Monday", "2023-11-06", "day"),
    ("on Friday", "2023-11-03", "day"),
    ("last Tuesday", "2023-10-31", "day"),
    ("on Tuesday", "2023-11-07", "day"),
    # month names: the most recent one not after publication
    ("in June", "2023-06", "month"),
    ("in December", "2022-12", "month"),
    ("on March 3", "2023-03-03", "day"),
])
def test_time_resolve_against_publication(expr, value, precision):
    tv = resolve(expr, PUB)
    assert tv is not None and (tv.value, tv.precision) == (value, precision)
    assert tv.text == expr


@pytest.mark.parametrize("expr, ref, value", [
    ("the day after", TimeValue(value="2023-06-14", precision="day"), "2023-06-15"),
    ("the next day", TimeValue(value="2023-06-14", precision="day"), "2023-06-15"),
    ("two days later", TimeValue(value="2023-06-30", precision="day"), "2023-07-02"),
    ("a week later", TimeValue(value="2023-06-14", precision="day"), "2023-06"),
    # no finer than the story's time: the day after a meeting "in June" is in June
    ("the day after", TimeValue(value="2023-06", precision="month"), "2023-06"),
    ("three months later", TimeValue(value="2023-02", precision="month"), "2023-05"),
    # "months later" is some months on: as precise as the possible span allows
    ("months later", TimeValue(value="2023-06", precision="month"), "2023"),
    ("the following year", TimeValue(value="2019", precision="year"), "2020"),
])
def test_time_resolve_against_the_narrative(expr, ref, value):
    tv = resolve(expr, PUB, ref=ref)
    assert tv is not None and tv.value == value


@pytest.mark.parametrize("expr", ["in the past year", "over the last three months", "so far", "for two weeks",
                                  "in recent years", "the meeting", "May I ask"])
def test_time_resolve_durations_and_non_times_are_none(expr):
    assert resolve(expr, PUB) is None


def test_time_resolve_needs_an_anchor_for_relative_phrases():
    assert resolve("last year", None) is None
    assert resolve("in 2003", None).value == "2003"


def test_time_resolve_the_fall_of_a_city_is_not_a_season():
    assert resolve("after the fall of Kabul", PUB) is None
    assert resolve("in the fall", PUB).value == "2023-09"


def test_time_resolve_story_relative_phrases_need_the_story_time():
    assert resolve("the day after", PUB) is None
    assert resolve("months later", PUB) is None


def test_time_resolve_impossible_dates_keep_what_is_meant():
    assert resolve("February 30, 2023", PUB).value == "2023-02"
    assert resolve("on 31 September", PUB).value == "2023-09"


@pytest.mark.parametrize("expr, value", [
    ("last night", "2023-11-06"), ("this morning", "2023-11-07"), ("a decade ago", "2013"),
    ("two weeks ago", "2023-10"),
])
def test_time_resolve_more_deictic_phrases(expr, value):
    assert resolve(expr, PUB).value == value


def test_time_resolve_vague_spans_are_only_as_precise_as_they_allow():
    assert resolve("several years ago", PUB) is None      # 2012..2021: no single year
    assert resolve("a few days ago", PUB).value == "2023-11"
