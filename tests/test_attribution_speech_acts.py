"""A fact that is itself a speech act ("X accused Y", "X denied ...") is told by the voice around it,
not by its own speaker."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def by_type(ext, t):
    return [e for e in ext.events if e.type == t]


def test_attribution_speech_act_event_is_told_by_the_reporter(extract):
    ext = extract("Hezbollah accused Israel of shelling villages in southern Lebanon on Monday.")
    (acc,) = by_type(ext, "ACCUSE")
    assert ext.actor(acc.source[0]).name == "Hezbollah"
    assert acc.attribution.source == "reporter"


def test_attribution_content_of_a_named_speaker_is_named(extract):
    ext = extract("The Iraqi foreign minister Fuad Hussein said that Turkey attacked Kurdish villages near Duhok.")
    (ass,) = by_type(ext, "ASSAULT")
    assert ass.attribution.source == "named"
    assert "Fuad Hussein" in ext.actor(ass.attribution.speaker).alias_names()
