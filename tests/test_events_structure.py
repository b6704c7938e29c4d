"""How events read sentence structure: passives, coordination, control chains, negation and
modality, nominal events, light verbs, plural group references and place."""
from __future__ import annotations


def names(ext, keys):
    return {n for k in keys for n in ext.actor(k).alias_names()}


def one(ext, ptype):
    evs = [e for e in ext.events if e.type == ptype]
    assert evs, [(e.type, e.trigger.text if e.trigger else None) for e in ext.events]
    return evs[0]


# ---- passives
def test_events_structure_passive_with_event_noun_gives_agent_and_place(extract):
    ext = extract("Ahmed Saleh and Omar Khalil were killed in a US drone strike near Baghdad's international "
                  "airport.")
    ev = one(ext, "ASSAULT")
    assert "US" in names(ext, ev.source)
    assert {"Ahmed Saleh", "Omar Khalil"} <= names(ext, ev.target)
    assert ev.location and "Baghdad" in names(ext, [ev.location])


def test_events_structure_passive_with_by_agent(extract):
    ext = extract("The journalist Ali Hassan was arrested by Hamas in Gaza.")
    ev = one(ext, "COERCE")
    assert names(ext, ev.source) >= {"Hamas"}
    assert "Ali Hassan" in names(ext, ev.target)
    assert "Gaza" in names(ext, [ev.location])


# ---- coordination and control
def test_events_structure_coordinated_sources(extract):
    ext = extract("Egypt, Jordan and Qatar urged Israel to halt the offensive.")
    ev = one(ext, "REQUEST")
    assert {"Egypt", "Jordan", "Qatar"} <= names(ext, ev.source)
    assert names(ext, ev.target) == {"Israel"}


def test_events_structure_object_control_passes_the_subject(extract):
    ext = extract("Iran prompted Hezbollah and Hamas to attack Israel.")
    ev = one(ext, "ASSAULT")
    assert {"Hezbollah", "Hamas"} <= names(ext, ev.source)
    assert "Israel" in names(ext, ev.target)


def test_events_structure_participle_inherits_subject(extract):
    ext = extract("The Houthis entered the war on Sunday, firing drones at Israel.")
    ev = [e for e in ext.events if e.type == "ASSAULT" and e.target][0]
    assert "Houthis" in names(ext, ev.source)
    assert "Israel" in names(ext, ev.target)


# ---- negation and modality
def test_events_structure_negated_attack_is_flagged(extract):
    ext = extract("Iraq did not attack Kuwait.")
    ev = one(ext, "ASSAULT")
    assert ev.negated


def test_events_structure_denied_attack_is_a_rejection_not_an_attack(extract):
    ext = extract("Hamas denied attacking the convoy near Rafah.")
    assert [e.type for e in ext.events] == ["REJECT"]


def test_events_structure_plan_to_attack_is_a_threat(extract):
    ext = extract("Hezbollah plans to attack Israel.")
    types = [e.type for e in ext.events]
    assert "THREATEN" in types and "ASSAULT" not in types


def test_events_structure_ready_to_strike_is_a_threat(extract):
    ext = extract("The Houthis said they are ready to strike the United States.")
    assert [e.type for e in ext.events] == ["THREATEN"]


def test_events_structure_future_support_is_a_promise(extract):
    ext = extract("Jordan will support Egypt's bid to host the summit.")
    ev = one(ext, "AGREE")
    assert "Egypt" in names(ext, ev.target)


def test_events_structure_would_not_is_a_refusal(extract):
    ext = extract("Syria would not attend the talks with Turkey.")
    assert [e.type for e in ext.events] == ["REJECT"]


def test_events_structure_rejected_the_proposition(extract):
    ext = extract("Nasrallah told Haniyeh that Hezbollah would send fighters. Khamenei rejected the proposition.")
    ev = [e for e in ext.events if e.type == "REJECT"][0]
    assert "Khamenei" in names(ext, ev.source)
    assert ev.target, "the proposition points back to its speaker"


def test_events_structure_hedging_is_not_an_event(extract):
    ext = extract("The two factions are alleged to have split over money.")
    assert not [e for e in ext.events if e.type == "ACCUSE"]


def test_events_structure_governing_verb_wins(extract):
    ext = extract("North Korea threatened to strike the United States.")
    assert [e.type for e in ext.events] == ["THREATEN"]


def test_events_structure_obligation_is_a_request(extract):
    ext = extract("Russia said that Sudan must return the captured helicopter.")
    ev = one(ext, "REQUEST")
    assert "Russia" in names(ext, ev.source)
    assert "Sudan" in names(ext, ev.target)


# ---- nominal events and light verbs
def test_events_structure_nominal_event_possessor_acts(extract):
    ext = extract("Hamas's surprise attack on Israel shocked the region.")
    ev = one(ext, "ASSAULT")
    assert "Hamas" in names(ext, ev.source)
    assert "Israel" in names(ext, ev.target)


def test_events_structure_between_gives_both_sides(extract):
    ext = extract("The dispute between Fatah and Hamas deepened.")
    ev = one(ext, "ACCUSE")
    assert "Fatah" in names(ext, ev.source)
    assert "Hamas" in names(ext, ev.target)


def test_events_structure_light_verb_takes_type_from_noun(extract):
    ext = extract("Iran and Saudi Arabia held talks in Baghdad.")
    ev = one(ext, "CONSULT")
    assert names(ext, ev.source) | names(ext, ev.target) >= {"Iran", "Saudi Arabia"}
    assert "Baghdad" in names(ext, [ev.location])


def test_events_structure_claimed_responsibility(extract):
    ext = extract("Hezbollah claimed responsibility for attacks on US forces in Syria.")
    ev = one(ext, "ASSAULT")
    assert "Hezbollah" in names(ext, ev.source)
    assert "US" in names(ext, ev.target)
    assert "Syria" in names(ext, [ev.location])


def test_events_structure_locked_in_escalation(extract):
    ext = extract("Hezbollah is locked in a gradual escalation with Israel.")
    ev = one(ext, "ASSAULT")
    assert "Hezbollah" in names(ext, ev.source)
    assert "Israel" in names(ext, ev.target)


def test_events_structure_content_noun_is_not_a_second_event(extract):
    ext = extract("The United States demanded the withdrawal of Russian forces from Ukraine.")
    assert [e.type for e in ext.events] == ["REQUEST"]


# ---- plural references to a listed group
def test_events_structure_group_noun_stands_for_the_list(extract):
    ext = extract("Among the guests were Ismail Haniyeh, Ziyad al-Nakhalah and Hassan Nasrallah. "
                  "Iran welcomed the visitors warmly.")
    ev = [e for e in ext.events if e.sentence == 1][0]
    assert {"Ismail Haniyeh", "Hassan Nasrallah"} <= names(ext, ev.target)


def test_events_structure_nationality_adjective_stands_for_its_state(extract):
    ext = extract("Israel sealed the border. Hamas fired rockets at Israeli towns.")
    ev = [e for e in ext.events if e.type == "ASSAULT"][0]
    assert "Israel" in names(ext, ev.target)


# ---- place and provenance
def test_events_structure_place_from_locative_phrase(extract):
    ext = extract("Iran hosted a delegation from Hamas in Tehran.")
    ev = one(ext, "CONSULT")
    assert "Tehran" in names(ext, [ev.location])
    assert "Tehran" not in names(ext, ev.target)


def test_events_structure_every_event_has_its_sentence_and_attribution(extract):
    ext = extract("Qatar mediated between the two sides. Officials said Israel killed three fighters in Gaza.")
    assert ext.events
    for e in ext.events:
        s = ext.sentences[e.sentence]
        assert s.start <= e.trigger.start < s.end
        assert e.attribution is not None


# ---- reciprocal acts, event-noun subjects, parties named inside a phrase
def test_events_structure_reciprocal_clash_has_two_sides(extract):
    ext = extract("Sudan's army and the Rapid Support Forces clashed in Khartoum.")
    ev = one(ext, "ASSAULT")
    assert "Sudan" in names(ext, ev.source)
    assert "Rapid Support Forces" in names(ext, ev.target)


def test_events_structure_event_noun_subject(extract):
    ext = extract("Turkey's airstrikes on Kurdish militants in northern Iraq killed 12 people.")
    ev = one(ext, "ASSAULT")
    assert names(ext, ev.source) == {"Turkey"}
    assert "Iraq" in names(ext, [ev.location])


def test_events_structure_party_of_an_agreed_truce(extract):
    ext = extract("Hamas said it had agreed to a truce with Israel.")
    ev = one(ext, "AGREE")
    assert "Hamas" in names(ext, ev.source)
    assert "Israel" in names(ext, ev.target)


def test_events_structure_protesters_gathering_is_a_protest(extract):
    ext = extract("Hundreds of protesters gathered outside the US embassy in Amman.")
    ev = one(ext, "PROTEST")
    assert "Amman" in names(ext, ev.source)


def test_events_structure_sending_warships_is_mobilisation(extract):
    ext = extract("The Pentagon said it was sending two aircraft carriers to the eastern Mediterranean.")
    ev = one(ext, "MOBILIZE")
    assert "Pentagon" in names(ext, ev.source)


# ---- words that look like cues but name no event between actors
def test_events_structure_stock_phrases_are_not_events(extract):
    for text in ("The Iraqi army released a statement on Monday.", "Iran fired its defence minister.",
                 "Egypt failed to meet its deficit target.", "Jordan took charge of the file."):
        ext = extract(text)
        assert ext.events == [], (text, [(e.type, e.trigger.text) for e in ext.events])


def test_events_structure_event_time_from_its_own_phrase(extract):
    ext = extract("In 2019 the two sides met in Doha. Hezbollah attacked Israel in early 2020.")
    ev = one(ext, "ASSAULT")
    assert ev.time is not None and ev.time.value.startswith("2020")


def test_events_structure_received_aid_reverses_the_sides(extract):
    ext = extract("Lebanon received aid from France.")
    ev = one(ext, "AID")
    assert names(ext, ev.source) == {"France"}
    assert names(ext, ev.target) == {"Lebanon"}


def test_events_structure_expelled_from_a_state(extract):
    ext = extract("Three diplomats were expelled from Russia.")
    ev = one(ext, "SANCTION")
    assert names(ext, ev.source) == {"Russia"}


def test_events_structure_protest_placed_by_its_city(extract):
    ext = extract("Demonstrations erupted in Tehran after the election.")
    ev = one(ext, "PROTEST")
    assert names(ext, ev.source) == {"Tehran"}


def test_events_structure_unlikely_act_is_no_event_unwilling_is_refusal(extract):
    assert extract("Analysts say Hezbollah is unlikely to enter the war.").events == []
    ext = extract("Syria is unwilling to meet Turkey.")
    assert [e.type for e in ext.events] == ["REJECT"]


def test_events_structure_descriptions_and_datelines_do_not_act(extract):
    ext = extract("BAGHDAD — Kataib Hezbollah, an Iran-backed militia, launched drones at Ain al-Asad air base.")
    ev = one(ext, "ASSAULT")
    assert names(ext, ev.source) == {"Kataib Hezbollah"}


def test_events_structure_listed_leaders_by_nationality(extract):
    ext = extract("Among the Palestinian leaders at the meeting were Ismail Haniyeh, Ziyad al-Nakhalah and "
                  "Jibril Rajoub. The Palestinian leaders later thanked Qatar for its efforts.")
    ev = [e for e in ext.events if e.type == "SUPPORT" and e.sentence == 1][0]
    assert {"Ismail Haniyeh", "Jibril Rajoub"} <= names(ext, ev.source)
    assert "Qatar" in names(ext, ev.target)


def test_events_structure_arrest_on_charges_also_accuses(extract):
    ext = extract("Egyptian police arrested Ahmed Douma on charges of inciting violence.")
    assert {e.type for e in ext.events} == {"COERCE", "ACCUSE"}
    acc = one(ext, "ACCUSE")
    assert "Ahmed Douma" in names(ext, acc.target)
