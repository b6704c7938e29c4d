"""Meetings: who a session gathered, an attendance list in the next sentence, and the host of
visitors who 'met with' one leader."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def consults(ext):
    return [e for e in ext.events if e.type == "CONSULT"]


def names(ext, keys):
    return {n for k in keys for n in ext.actor(k).alias_names()}


def test_events_meeting_attendance_list_in_next_sentence(extract):
    ext = extract("The emir of Qatar, Tamim Al-Thani, held a closed session in Doha on Sunday. "
                  "Those in attendance, including Hamas and the Taliban, were told to keep the talks secret.")
    (ev,) = consults(ext)
    assert "Tamim Al-Thani" in names(ext, ev.source)
    assert {"Hamas", "Taliban"} <= names(ext, ev.target)


def test_events_meeting_clause_names_who_it_gathered(extract):
    ext = extract("Egyptian President Abdel Fattah Al-Sisi held a summit which gathered Jordan and the "
                  "Palestinian Authority in Cairo.")
    (ev,) = consults(ext)
    assert "Abdel Fattah Al-Sisi" in names(ext, ev.source)
    assert {"Jordan", "Palestinian Authority"} & names(ext, ev.target)


def test_events_visitors_meeting_one_leader_are_received_by_him(extract):
    ext = extract("Mohammed Al-Sudani, Nouri Al-Maliki and Ammar Al-Hakim met with Hezbollah leader "
                  "Hassan Nasrallah in Beirut.")
    (ev,) = consults(ext)
    assert names(ext, ev.source) >= {"Hassan Nasrallah"}
    assert {"Mohammed Al-Sudani", "Nouri Al-Maliki", "Ammar Al-Hakim"} <= names(ext, ev.target)


def test_events_two_parties_meeting_keep_their_order(extract):
    ext = extract("Jordan's King Abdullah met French President Emmanuel Macron in Paris on Tuesday.")
    (ev,) = consults(ext)
    assert "Abdullah" in " ".join(names(ext, ev.source))
    assert "Emmanuel Macron" in names(ext, ev.target)
