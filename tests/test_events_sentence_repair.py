"""Sentences the parser cuts in the middle are rejoined before any stage reads them, so an event's
evidence is its whole sentence."""
from __future__ import annotations


def test_events_sentence_repair_enumeration_with_brackets_stays_one_sentence(extract):
    text = ("The delegation included Chief of Staff Abdulaziz (Abu Fadak) Al-Muhammadawi; Secretary-General of "
            "Kata’ib Hezbollah Ahmad (Abu Hussein) Al-Hamidawi; and the head of Kata’ib Sayyid Al-Shuhada, "
            "Abu Ala Al-Walai.")
    ext = extract(text)
    assert len(ext.sentences) == 1


def test_events_sentence_repair_keeps_real_boundaries(extract):
    ext = extract("Iran hosted the talks. Qatar mediated. Did Egypt attend? Yes!")
    assert [s.text for s in ext.sentences] == ["Iran hosted the talks.", "Qatar mediated.", "Did Egypt attend?",
                                               "Yes!"]


def test_events_sentence_repair_reported_threat_keeps_its_speaker(extract):
    ext = extract("Muhammadawi told Khamenei that Kata’ib Hezbollah plans to end the US presence in the region. "
                  "Khamenei rejected the proposition.")
    assert len(ext.sentences) == 2
    threat = [e for e in ext.events if e.type == "THREATEN"]
    assert threat and threat[0].sentence == 0
