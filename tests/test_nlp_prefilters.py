"""The stages' shortcuts give what the plain way gives: the time and role-title pre-checks against a
full regex scan, and quoted_tokens (read from the token table's quotation marks) against a plain walk
over the sentence's tokens, on odd letters (İ ı ſ, Kelvin sign), tabs, line breaks and unbalanced quotes."""
from __future__ import annotations

import pytest

from newsgraph.nlp import roles, time as time_stage
from newsgraph.nlp.attribution import quoted_tokens
from newsgraph.nlp.context import TokenTable
from newsgraph.nlp.textscan import odd_case

SENTENCES = [
    "The Prime Minister met the Secretary-General on 5 March 2020.",
    "The prİme mınister met the ſecretary general in ſpring 2019.",
    "İn March\t2020 the deputy\tchairman resigned; two weeks later\nthe ex-commander took charge.",
    "\u212aing Abdullah and Crown\nPrince Hussein spoke last weeK about the \u212aing's envoy.",
    "Three days ago the ſpokesman said ıt was Tuesday, 12 Aprıl 2021, and the mayor agreed.",
    "They head to Baghdad tomorrow morning; the chief executive officer stayed\t\tsince 2018.",
    "No time and no title here at all.",
    "Former  President\tBarack Obama\n\nserved until 2017 , the summer before last year.",
    "the co-founder and vice-chairman said so far the premier had not met the Emir.",
    "\u0130\u0131\u017f \u212a",
    "",
    # plain ASCII (the title words are found on bytes): a title inside a longer word, joined by an
    # underscore or a digit, hyphenated, at the very start and the very end, twice over
    "Ministerial aides and the vice_president met the commanders; chairmanship talks stalled.",
    "chairman of the council, ex-minister Ali and co-founder Omar met the 2chairman and the chairman2.",
    "Chairman Hadi met the deputy chairman, then the chairman met the Minister",
    "The spokesman-in-chief and the SPOKESMAN said the former ex-President had met the head.",
]


def _spans(matches) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@pytest.mark.parametrize("text", SENTENCES)
def test_title_matches_as_a_plain_scan(text):
    lex = roles.lexicon()
    assert _spans(roles._title_matches(lex, text)) == _spans(lex.pattern.finditer(text))


def test_title_matches_sees_odd_letters():
    lex = roles.lexicon()
    # re.I matches the Kelvin sign to "k" and long s to "s": the shortcut must find them too
    assert _spans(roles._title_matches(lex, "\u212aing Abdullah")) != []
    assert _spans(roles._title_matches(lex, "the ſpokesman")) != []


@pytest.mark.parametrize("text", SENTENCES)
def test_time_patterns_for_as_a_plain_scan(text):
    kept = time_stage._patterns_for(text)
    assert [name for name, _ in kept] == [name for name, rx in time_stage._PATTERNS if (name, rx) in kept]
    for name, rx in time_stage._PATTERNS:
        if (name, rx) not in kept:
            assert rx.search(text) is None, (name, text)
    everything = [(name, m.span()) for name, rx in time_stage._PATTERNS for m in rx.finditer(text)]
    assert [(name, m.span()) for name, rx in kept for m in rx.finditer(text)] == everything


def test_odd_case_letters_are_those_re_i_folds_unfairly():
    import re
    import string

    # every letter that re.I matches to an ASCII letter and that lower-casing does not turn into it
    unfair = set()
    pats = {a: re.compile(a, re.I) for a in string.ascii_lowercase}
    for cp in range(128, 0x3000):
        c = chr(cp)
        for a, rx in pats.items():
            if rx.fullmatch(c) and c.lower() != a:
                unfair.add(c)
    assert unfair == {"\u0130", "\u0131", "\u017f"}
    assert all(odd_case(c) for c in unfair)
    # the Kelvin sign matches "k" under re.I and lower-cases to it: lower-casing is fair there
    assert re.fullmatch("k", "\u212a", re.I) and "\u212a".lower() == "k" and not odd_case("\u212a")


def _plain_quoted(sent) -> set[int]:
    """quoted_tokens as a walk over the sentence's tokens (the rule before the token table)."""
    pairs = {"“": "”", "‘": "’", "«": "»"}
    inside: set[int] = set()
    stack: list[str] = []
    straight = False
    for t in sent:
        if t.text in pairs:
            stack.append(pairs[t.text])
            continue
        if stack and t.text == stack[-1]:
            stack.pop()
            continue
        if t.text in ('"', "``", "''"):
            straight = not straight
            continue
        if stack or straight:
            inside.add(t.i)
    return inside


QUOTED = [
    "He said “we will stay and fight.",                       # opened, never closed
    "We will stay,” he said, “and fight” on.",               # closed before any opening
    "It’s the group’s own “statement” of ‘intent.",          # apostrophes and an open single quote
    'He said "we will stay and he left.',                     # one straight quote
    'A "b" c "d e f',                                         # three straight quotes
    "« Nous restons » dit-il, « encore",                      # guillemets, the last unclosed
    "“Outer ‘inner” still?’ he asked.”",                      # crossed nesting
    "`` Quoted in the old style '' and `` again",            # TeX-style marks, unbalanced
    "” ’ » closers only, then “ opener only",
    "No quotes at all here.",
]


@pytest.mark.parametrize("text", QUOTED)
def test_quoted_tokens_unbalanced(nlp, text):
    doc = nlp(text)
    tab = TokenTable(doc)
    for sent in [doc[:], *doc.sents]:
        assert quoted_tokens(sent, tab) == _plain_quoted(sent), (sent.text, [t.text for t in sent])


def test_quoted_tokens_over_an_article(nlp):
    """One table (its quotation marks found once) read sentence by sentence."""
    doc = nlp(" ".join(QUOTED))
    tab = TokenTable(doc)
    found = [quoted_tokens(sent, tab) for sent in doc.sents]
    assert found == [_plain_quoted(sent) for sent in doc.sents]
    assert any(found)
