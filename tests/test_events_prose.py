"""Events in running prose: the general readings error analysis on long articles called for, each on
sentences written for it (sides bounded by the parse, acts that did not happen, time of the event)."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import actor_named

EVENTS_PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "nlp" / "events"


def _of(ext, ptype):
    return [e for e in ext.events if e.type == ptype]


def _names(ext, keys):
    return {a.name for a in ext.actors if a.key in keys}


def test_phrasal_verb_of_the_dictionary_is_a_cue_and_its_object_gives_the_target(extract):
    # "call off" is CAMEO 160 (PETRARCH-2), though "call" alone frames other acts ("called on X to")
    ext = extract("Jordanian lawmakers called off a visit to Syria after the border clashes.")
    (ev,) = _of(ext, "SANCTION")
    assert actor_named(ext, "Syria").key in ev.target
    assert not _of(ext, "CONSULT")  # the visit called off is not a meeting that took place


def test_cancelled_trip_names_whom_it_was_aimed_at(extract):
    ext = extract("Egypt cancelled a planned trip to Ethiopia.")
    (ev,) = _of(ext, "SANCTION")
    assert actor_named(ext, "Ethiopia").key in ev.target


def test_infinitive_after_empty_it_has_no_actor(extract):
    # "it is the latest dispute to hit ..." does not make the previous speaker the attacker
    ext = extract("Morocco accused Algeria of arming rebels. It is the latest dispute to hit the relations.")
    assert not _of(ext, "ASSAULT")


def test_stationed_troops_belong_to_the_source(extract):
    ext = extract("Some 400 Turkish soldiers are stationed in Qatar.")
    (ev,) = _of(ext, "MOBILIZE")
    assert actor_named(ext, "Turkish").key in ev.source
    assert actor_named(ext, "Turkish").key not in ev.target


def test_the_government_stands_for_the_state_named_before(extract):
    ext = extract("The Egyptian government arrested three journalists on Monday. Amnesty International "
                  "urged the government to release them.")
    (ev,) = _of(ext, "REQUEST")
    assert actor_named(ext, "Egyptian").key in ev.target
    ext = extract("Amnesty International urged the government to release the journalists.")
    (ev,) = _of(ext, "REQUEST")
    assert ev.target == []  # no government named before: whose it is stays open


def test_capability_in_a_relative_clause_is_no_act(extract):
    ext = extract("Iraqi forces hold bases from which they can attack Mosul.")
    assert not _of(ext, "ASSAULT")


def test_warning_of_a_danger_is_no_threat(extract):
    ext = extract("Governor Ali Hassan warned that the threat of attacks remained high.")
    assert not _of(ext, "THREATEN")
    ext = extract("Hezbollah warned that it would strike Haifa.")
    assert _of(ext, "THREATEN")


def test_meeting_as_the_setting_of_a_clause(extract):
    ext = extract("At a meeting hosted by Qatar on Sunday, Israel and Hamas agreed on a truce.")
    (ev,) = _of(ext, "CONSULT")
    assert _names(ext, ev.source) == {"Qatar"}
    assert _names(ext, ev.target) == {"Israel", "Hamas"}
    assert ev.time is not None and ev.time.value == "2023-11-05"  # the meeting's own "on Sunday"


def test_ruled_out_act_is_a_refusal(extract):
    ext = extract("It is not the right time for Turkey to hold talks with Greece.")
    assert not _of(ext, "CONSULT")
    (ev,) = _of(ext, "REJECT")
    assert actor_named(ext, "Greece").key in ev.target


def test_act_kept_from_happening_is_not_a_target(extract):
    ext = extract("Israel barred the delegation from visiting Gaza.")
    (ev,) = [e for e in ext.events if e.source == [actor_named(ext, "Israel").key]]
    assert actor_named(ext, "Gaza").key not in ev.target


def test_crime_committed_is_no_agreement(extract):
    ext = extract("Iran committed to the ceasefire. Syrian troops committed crimes in Aleppo, Hamas said.")
    agree = _of(ext, "AGREE")
    assert len(agree) == 1 and actor_named(ext, "Iran").key in agree[0].source


def test_dotted_numeric_date_is_day_first():
    from newsgraph.nlp.time import resolve

    tv = resolve("on Sunday (29.12.2014)", None)
    assert tv is not None and tv.value == "2014-12-29" and tv.precision == "day"


def test_time_in_the_clause_describing_an_event_noun(extract):
    ext = extract("The summit between Egypt and Israel that took place in 1978 changed the region.")
    (ev,) = _of(ext, "CONSULT")
    assert ev.time is not None and ev.time.value == "1978"  # its own clause's date, not the publication's


def test_no_function_of_the_events_package_calls_itself():
    """No recursion on the parse tree in nlp/events: every walk is a loop (an article whose noun-phrase
    walk overflowed the recursion limit was lost whole)."""
    found = []
    for path in sorted(EVENTS_PACKAGE.glob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for call in ast.walk(fn):
                if isinstance(call, ast.Call):
                    f = call.func
                    name = f.attr if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                        f.value.id == "self" else f.id if isinstance(f, ast.Name) else None
                    if name == fn.name:
                        found.append(f"{path.name}:{fn.name}")
    assert found == []
