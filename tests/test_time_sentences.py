"""Time: each sentence's time in a story (written for the tests), published 2023-11-07."""
from __future__ import annotations


def times(extraction) -> list[str | None]:
    return [t.value if t else None for t in extraction.sentence_times]


def test_time_sentences_inherit_the_narrative(extract):
    ex = extract("In early summer, militia leaders travelled to Tehran. "
                 "They met the foreign minister. "
                 "The talks lasted three days.")
    assert times(ex) == ["2023-06", "2023-06", "2023-06"]
    assert [t.inherited for t in ex.sentence_times] == [False, True, True]


def test_time_sentences_a_flashback_does_not_move_the_story(extract):
    ex = extract("In June, the envoys met in Doha. "
                 "They were killed in a drone strike in early 2020. "
                 "The envoys then signed a truce.")
    assert times(ex) == ["2023-06", "2020-01", "2023-06"]


def test_time_sentences_a_phrase_inside_a_relative_clause_is_not_the_sentences(extract):
    ex = extract("In June, the envoys met in Doha. "
                 "They praised the mediator who had negotiated a truce in 2003.")
    assert times(ex) == ["2023-06", "2023-06"]


def test_time_sentences_an_opening_phrase_moves_the_story_on(extract):
    ex = extract("On June 14, 2023, the envoys met in Doha. "
                 "The day after the meeting, the rebels attacked a convoy. "
                 "Soldiers returned fire.")
    assert times(ex) == ["2023-06-14", "2023-06-15", "2023-06-15"]


def test_time_sentences_this_year_keeps_the_month_of_the_story(extract):
    ex = extract("In early summer, the envoys met in Doha. "
                 "Last year, the rebels had refused to attend. "
                 "This year, the rebels sent a delegation.")
    assert times(ex) == ["2023-06", "2022", "2023-06"]


def test_time_sentences_the_articles_present(extract):
    ex = extract("In June, the envoys met in Doha. "
                 "So far, the rebels have released ten prisoners. "
                 "The army continues to shell the city.")
    assert times(ex) == ["2023-06", "2023-11", "2023-11"]


def test_time_sentences_weekdays_and_months_against_publication(extract):
    ex = extract("The minister resigned on Friday. He had been appointed in December.")
    assert times(ex) == ["2023-11-03", "2022-12"]


def test_time_sentences_without_any_time_are_none(extract):
    ex = extract("The minister resigned. Protesters gathered outside.", published=None)
    assert times(ex) == [None, None]


def test_time_of_token_finds_a_phrase_attached_to_the_event(extract, pipeline):
    from newsgraph.model import Article
    from newsgraph.nlp import actors, time
    from newsgraph.nlp.context import ArticleContext
    import datetime as dt

    text = "In June, the envoys met in Doha. The war sparked by the attack earlier this month continues."
    doc = pipeline.nlp(text)
    ctx = ArticleContext(article=Article(text=text, published=dt.date(2023, 11, 7)), doc=doc)
    actors.run(ctx)
    time.run(ctx)
    sparked = next(t for t in doc if t.text == "sparked")
    met = next(t for t in doc if t.text == "met")
    assert time.time_of_token(ctx, sparked).value == "2023-11"
    assert time.time_of_token(ctx, met).value == "2023-06"


def test_time_sentences_a_later_date_moves_the_story_on(extract):
    ex = extract("Rebels attacked a convoy on June 3, 2023. "
                 "They seized a second town on June 9, 2023. "
                 "Three soldiers died.")
    assert times(ex) == ["2023-06-03", "2023-06-09", "2023-06-09"]


def test_time_sentences_earlier_this_month_can_open_the_story(extract):
    ex = extract("Earlier this month, rebels seized the town. They executed ten prisoners.")
    assert times(ex) == ["2023-11", "2023-11"]


def test_time_sentences_present_times_say_why(extract):
    ex = extract("In June, the envoys met in Doha. So far, the rebels have released ten prisoners.")
    tv = ex.sentence_times[1]
    assert tv.value == "2023-11" and tv.inherited and "so far" in tv.text.lower()


def test_time_sentences_later_counts_from_the_sentence_before(extract):
    ex = extract("In October, the navy launched a coalition. "
                 "The rebels had seized a ship in early 2023. "
                 "Two months later, the navy struck rebel targets.")
    assert times(ex) == ["2023-10", "2023-01", "2023-03"]


def test_time_sentences_an_events_own_date_beats_the_narratives(extract):
    ex = extract("On October 30, Jordan hosted talks on the border in Amman. "
                 "The Green Brigades had attacked Jordanian troops on October 12, the minister said.")
    assert times(ex)[0] == "2023-10-30"
    (attack,) = [e for e in ex.events if e.type == "ASSAULT"]
    assert attack.time is not None and attack.time.value == "2023-10-12" and not attack.time.inherited


def test_time_sentences_background_history_keeps_its_own_year(extract):
    ex = extract("On Monday, Egypt and Jordan met in Cairo. "
                 "Israel fought Egypt and Jordan in 1948.")
    (war,) = [e for e in ex.events if e.type == "ASSAULT"]
    assert war.time is not None and war.time.value == "1948"
