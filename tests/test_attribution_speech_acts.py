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


def test_a_fact_in_a_second_cues_words_is_that_speakers(extract):
    """ "X said ..., adding that Y refused ...": the refusal is outside X's quoted words but inside what
    X added: X's, not the reporter's."""
    ext = extract('"We were ready to talk," Maria Lopez said in Oslo, adding that Norway refused to '
                  "send a delegation.")
    (rej,) = by_type(ext, "REJECT")
    assert rej.attribution.source == "named" and rej.attribution.cue == "adding"
    assert "Maria Lopez" in ext.actor(rej.attribution.speaker).alias_names()
