"""Aliases the text states and in-document coreference: kunyas, acronyms, "known as", noms de guerre,
surnames, definite descriptions, and the safeguards. Sentences written for these tests."""
from __future__ import annotations

import pytest

from newsgraph.nlp.context import ArticleContext


def actor(ctx: ArticleContext, name: str):
    hits = [a for a in ctx.actors.values() if name in a.alias_names()]
    assert len(hits) == 1, f"{name!r}: {[(a.name, a.type, a.alias_names()) for a in ctx.actors.values()]}"
    return hits[0]


def aliases(a) -> dict[str, str]:
    return {x.name: x.kind for x in a.aliases}


def mentions(ctx: ArticleContext, a, kind: str | None = None) -> list[str]:
    return [m.text for m in ctx.mentions if m.actor == a.key and (kind is None or m.kind == kind)]


def test_coref_bracketed_kunya(read_actors):
    ctx = read_actors("Jamal Jaafar (Abu Mahdi) Al-Ibrahimi founded the group in 2003. Abu Mahdi was killed in 2020.")
    a = actor(ctx, "Jamal Jaafar Al-Ibrahimi")
    assert a.type == "person"
    al = aliases(a)
    assert al["Abu Mahdi"] == "kunya"
    assert "Jamal Jaafar (Abu Mahdi) Al-Ibrahimi" in al
    assert al["Abu Mahdi"] and a.aliases[0].sentence == 0
    assert "Abu Mahdi" in mentions(ctx, a)  # the second sentence's kunya is the same man


def test_coref_bracketed_acronym_and_later_use(read_actors):
    ctx = read_actors("The Islamic Revolutionary Guard Corps (IRGC) seized a tanker on Sunday. The IRGC did not name the vessel.")
    a = actor(ctx, "Islamic Revolutionary Guard Corps")
    assert aliases(a)["IRGC"] == "acronym"
    assert mentions(ctx, a).count("IRGC") == 2
    assert a.type == "organization"


def test_coref_acronym_of_a_name_in_the_article(read_actors):
    ctx = read_actors("The United States sent more ships. US officials said the move was defensive.")
    a = actor(ctx, "United States")
    assert "US" in a.alias_names()


@pytest.mark.parametrize("text, name, alias, kind", [
    ("Ansar Allah, better known as the Houthis, fired two missiles.", "Ansar Allah", "Houthis", "known_as"),
    ("Hayat Tahrir Al-Sham, also known as HTS, denied the report.", "Hayat Tahrir Al-Sham", "HTS", "known_as"),
    ("Abdul Rahman Al-Masri, known as 'The Doctor', ran the cell.", "Abdul Rahman Al-Masri", "The Doctor", "known_as"),
    ("Mahdi Al-Obeidi, dubbed 'The Ghost' by his men, escaped twice.", "Mahdi Al-Obeidi", "The Ghost", "nickname"),
    ("Hamza Al-Rawi, nicknamed 'Tiger', led the raid.", "Hamza Al-Rawi", "Tiger", "nickname"),
])
def test_coref_known_as_forms(read_actors, text, name, alias, kind):
    ctx = read_actors(text)
    a = actor(ctx, name)
    assert aliases(a).get(alias) == kind, aliases(a)


def test_coref_quoted_nom_de_guerre_makes_a_person(read_actors):
    ctx = read_actors("The cell was run by an officer known as ‘Jawad’. Two years later, ‘Jawad’ was sent to Syria.")
    a = actor(ctx, "Jawad")
    assert a.type == "person"
    assert aliases(a)["Jawad"] == "nom_de_guerre"
    assert "an officer known as ‘Jawad’" in mentions(ctx, a, "description")
    assert mentions(ctx, a, "name").count("Jawad") == 2


def test_coref_new_group_known_as(read_actors):
    ctx = read_actors("A new faction known as the “Islamic Resistance in Syria” claimed the attack.")
    a = actor(ctx, "Islamic Resistance in Syria")
    assert a.type == "organization"
    assert any("known as" in m for m in mentions(ctx, a, "description"))


def test_coref_surnames_link_to_the_full_name(read_actors):
    ctx = read_actors("Nouri Al-Maliki met the envoy on Monday. Maliki later said the talks had failed, "
               "and Al-Maliki's allies agreed.")
    a = actor(ctx, "Nouri Al-Maliki")
    assert a.type == "person"
    assert mentions(ctx, a).count("Maliki") >= 1
    assert len([x for x in ctx.actors.values() if x.type == "person"]) == 1


def test_coref_shared_given_name_never_links(read_actors):
    ctx = read_actors("Ali Khamenei spoke in Tehran. In Najaf, Ali Al-Sistani urged calm. Sistani later met Khamenei's envoy.")
    kh, si = actor(ctx, "Ali Khamenei"), actor(ctx, "Ali Al-Sistani")
    assert kh.key != si.key
    assert "Sistani" in si.alias_names() and "Khamenei" in kh.alias_names()


def test_coref_shared_word_keeps_groups_apart(read_actors):
    ctx = read_actors("Hezbollah, Kata'ib Hezbollah and Harakat Hezbollah Al-Nujaba all issued statements. "
               "Hezbollah said it was ready. Kata'ib Hezbollah denied any role.")
    keys = {actor(ctx, n).key for n in ("Hezbollah", "Kata'ib Hezbollah", "Harakat Hezbollah Al-Nujaba")}
    assert len(keys) == 3
    assert mentions(ctx, actor(ctx, "Hezbollah")).count("Hezbollah") == 2


def test_coref_title_prefix_and_role_descriptions(read_actors):
    ctx = read_actors("Quds Force commander Esmail Qaani arrived in Baghdad on Monday. "
               "The Quds Force commander met Iraqi officials before he left.")
    a = actor(ctx, "Esmail Qaani")
    desc = mentions(ctx, a, "description")
    assert "Quds Force commander" in desc and "The Quds Force commander" in desc


def test_coref_nationality_descriptions(read_actors):
    ctx = read_actors("Iran's Supreme Leader Ayatollah Ali Khamenei received the delegation. "
               "The Iranian leader warned against haste, and the supreme leader of Iran later left.")
    a = actor(ctx, "Ali Khamenei")
    desc = mentions(ctx, a, "description")
    assert "The Iranian leader" in desc and "the supreme leader of Iran" in desc
    assert a.titles == ["Ayatollah"]


def test_coref_descriptions_are_indexed_for_later_stages(read_actors):
    ctx = read_actors("Quds Force commander Esmail Qaani arrived in Baghdad on Monday. "
               "The Quds Force commander met Iraqi officials.")
    a = actor(ctx, "Esmail Qaani")
    head = next(t for t in ctx.doc if t.text == "commander" and t.sent.start > 0)
    assert ctx.actor_of(head) == a.key


def test_coref_umbrella_force_and_organisation_nouns(read_actors):
    ctx = read_actors("The Popular Mobilization Forces (PMF) held a parade. Critics say the umbrella force answers to Tehran. "
               "Lebanon's Hezbollah movement sent a delegation.")
    pmf = actor(ctx, "Popular Mobilization Forces")
    assert "the umbrella force" in mentions(ctx, pmf, "description")
    hz = actor(ctx, "Hezbollah")
    assert "Lebanon's Hezbollah movement" in mentions(ctx, hz, "description")


def test_coref_apposition_description(read_actors):
    ctx = read_actors("The attendees included the secretary-general of the Badr Organization, Hadi Al-Ameri, and others.")
    a = actor(ctx, "Hadi Al-Ameri")
    assert a.type == "person"
    assert "the secretary-general of the Badr Organization" in mentions(ctx, a, "description")


def test_coref_epithet_of_a_state(read_actors):
    ctx = read_actors("Iran rejected the claim. The Islamic Republic has long denied arming the group.")
    a = actor(ctx, "Iran")
    assert "The Islamic Republic" in mentions(ctx, a, "description")
    assert all(x.name != "Islamic Republic" for x in ctx.actors.values())


def test_coref_family_name_shared_with_a_group_stays_apart(read_actors):
    ctx = read_actors("Houthi attacks continued on Friday. The Houthis, who control the capital, fired drones. "
               "Abdul Malik Al-Houthi, the group's leader, said the attacks would go on.")
    person = actor(ctx, "Abdul Malik Al-Houthi")
    assert person.type == "person"
    groups = [a for a in ctx.actors.values() if "Houthis" in a.alias_names()]
    assert groups and groups[0].key != person.key and groups[0].type in ("organization", "group")


def test_coref_nationality_anchors_a_role_without_the_state_named(read_actors):
    ctx = read_actors("Iraqi Prime Minister Mustafa Al-Kadhimi condemned the strikes. "
               "The Iraqi premier later met the envoy.")
    a = actor(ctx, "Mustafa Al-Kadhimi")
    desc = mentions(ctx, a, "description")
    assert "Iraqi Prime Minister" in desc and "The Iraqi premier" in desc


def test_coref_last_word_that_is_also_a_given_name_links(read_actors):
    ctx = read_actors("Hezbollah chief Hassan Nasrallah spoke on Friday. Nasrallah rarely appears in public.")
    a = actor(ctx, "Hassan Nasrallah")
    assert "Nasrallah" in a.alias_names()
    assert len([x for x in ctx.actors.values() if x.type == "person"]) == 1


def test_coref_bare_person_noun_for_the_person_just_introduced(read_actors):
    ctx = read_actors("The talks were chaired by a negotiator known as 'Karim'. Respected in Beirut, the veteran "
               "mediator is said to have drafted the text.")
    a = actor(ctx, "Karim")
    assert "the veteran mediator" in mentions(ctx, a, "description")


def test_coref_bloc_refers_to_the_coalition(read_actors):
    ctx = read_actors("Leaders of the Axis of Resistance met in Damascus. Hamas and Palestinian Islamic Jihad sent envoys. "
               "The regional bloc agreed to coordinate.")
    a = actor(ctx, "Axis of Resistance")
    assert "The regional bloc" in mentions(ctx, a, "description")


def test_coref_family_name_with_connector_and_hyphen(read_actors):
    ctx = read_actors("Crown Prince Mohammed bin Salman phoned Foreign Minister Hossein Amir-Abdollahian on Monday. "
               "Bin Salman and Amir-Abdollahian discussed Yemen.")
    mbs = actor(ctx, "Mohammed bin Salman")
    assert "Bin Salman" in mbs.alias_names()
    ha = actor(ctx, "Hossein Amir-Abdollahian")
    assert ha.type == "person" and "Amir-Abdollahian" in ha.alias_names()


def test_coref_a_place_is_not_demoted_to_a_nationality(read_actors):
    ctx = read_actors("US forces struck two depots. US officials said US aircraft were not hit. "
               "The strikes came after the US warned Baghdad.")
    us = [a for a in ctx.actors.values() if "US" in a.alias_names()]
    assert len(us) == 1 and us[0].type == "location"


def test_coref_class_nouns_need_the_right_shape(read_actors):
    ctx = read_actors("The Badr Organization held a rally in Basra. The body of a fighter was found later, "
               "and the group of ministers met on Friday. The umbrella body said the group would respond.")
    badr = actor(ctx, "Badr Organization")
    desc = mentions(ctx, badr, "description")
    assert "The body" not in desc and "The umbrella body" in desc
    ministers = ctx.doc.text.index("the group of ministers")
    assert not [m for m in ctx.mentions if m.start == ministers]


def test_coref_party_union_of_and_organisation_apposition(read_actors):
    ctx = read_actors("Kurdistan Democratic Party (KDP) leader Masoud Barzani met Patriotic Union of Kurdistan (PUK) head "
               "Bafel Talabani. The Coordination Framework, the Shiite alliance that backs the government, "
               "welcomed the talks, while the PUK chief declined to comment.")
    assert actor(ctx, "Masoud Barzani").type == "person"
    puk = actor(ctx, "Patriotic Union of Kurdistan")
    assert "PUK" in puk.alias_names()
    assert "the PUK chief" in mentions(ctx, actor(ctx, "Bafel Talabani"), "description")
    assert "the Shiite alliance" in mentions(ctx, actor(ctx, "Coordination Framework"), "description")


def test_coref_shorter_form_of_an_organisation(read_actors):
    ctx = read_actors("A commander of the Ezzedine al-Qassam Brigades was killed. Mohammed Deif, the head of the Qassam "
               "Brigades, survived. Kata'ib Hezbollah and Harakat Hezbollah Al-Nujaba stayed silent.")
    a = actor(ctx, "Ezzedine al-Qassam Brigades")
    assert "Qassam Brigades" in a.alias_names()
    assert actor(ctx, "Kata'ib Hezbollah").key != actor(ctx, "Harakat Hezbollah Al-Nujaba").key


def test_a_seat_of_government_is_an_actor_of_its_own_not_the_state(read_actors):
    ctx = read_actors("Russia denied the report on Monday. The Kremlin said the talks would go on. "
                      "The United States disagreed, and the White House called the claim false.")
    russia = actor(ctx, "Russia")
    assert not [m for m in mentions(ctx, russia, "description") if "Kremlin" in m]
    names = {a.name for a in ctx.actors.values()}
    assert {"Kremlin", "White House"} <= names
    assert {a.type for a in ctx.actors.values() if a.name in ("Kremlin", "White House")} == {"location"}


def test_a_renamed_city_is_one_place_under_its_new_name(extract):
    for text in ("The film follows him from the city of his birth, Madras, now Chennai, to the mountains.",
                 "Nothing had changed in Leningrad, now St. Petersburg, the old man wrote."):
        ext = extract(text)
        places = {a.name: {x.name for x in a.aliases} for a in ext.actors if a.type == "location"}
        assert len(places) == 1, places
        new, names = next(iter(places.items()))
        assert new in ("Chennai", "St. Petersburg") and len(names) == 2, places
