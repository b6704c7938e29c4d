"""TokenTable (nlp/context.py) against what spaCy's Doc and Token answer, and doc_text's kept text."""
from __future__ import annotations

import pytest

from newsgraph.nlp.context import TokenTable, doc_text, keep_text

# tabs, line breaks, double spaces and letters whose case does not map one to one (İ ı ſ, Kelvin sign)
ODD_TEXT = ("The  İstanbul\tmeeting ended.\n\nAl-Sudani  said:\t“We  will ſtay.”\r\n"
            "\u212aing Abdullah met ıraqi  officials  on 5 March 2020 .  \n\t x\u00a0y ")


def _columns_agree(doc, tab: TokenTable) -> None:
    assert tab.n == len(doc)
    for t in doc:
        i = t.i
        assert (tab.text[i], tab.lower[i], tab.lemma[i]) == (t.text, t.lower_, t.lemma_.lower())
        assert (tab.tag[i], tab.pos[i], tab.dep[i], tab.ent_type[i]) == (t.tag_, t.pos_, t.dep_, t.ent_type_)
        assert (tab.idx[i], tab.ws[i], tab.orth[i]) == (t.idx, bool(t.whitespace_), t.orth)
        assert (tab.is_punct[i], tab.is_space[i], tab.is_quote[i], tab.is_alpha[i], tab.is_upper[i]) == \
            (t.is_punct, t.is_space, t.is_quote, t.is_alpha, t.is_upper)
        assert tab.head[i] == t.head.i
        assert tab.ent_iob[i] == t.ent_iob
        assert tab.children(i) == [c.i for c in t.children]
        assert tab.lefts(i) == [c.i for c in t.lefts]
    sents = [s for s in doc.sents]
    assert [tab.sent[t.i] for t in doc] == [n for n, s in enumerate(sents) for _ in s]


def test_empty_doc(nlp):
    doc = nlp("")
    tab = TokenTable(doc)
    assert tab.n == 0
    for col in (tab.text, tab.lower, tab.lemma, tab.idx, tab.head, tab.sent, tab.ent_iob, tab.ws):
        assert col == []
    assert tab.line_breaks() == []
    assert not tab.newline_between(0, 0)
    assert tab.span_text(0, 0) == ""
    assert tab.within("k", lambda t: t.has("pos", lambda v: v == "VERB"), 0, 0) == []
    for start, end in ((0, 0), (0, 1), (1, 2), (-1, 0)):
        assert tab.char_span(start, end) is None
        assert tab.char_span(start, end, expand=True) is None
    assert doc_text(doc) == ""


@pytest.mark.parametrize("text", ["Hello", "Hello ", " ", "\n"])
def test_one_token_doc(nlp, text):
    doc = nlp(text)
    assert len(doc) == 1
    tab = TokenTable(doc)
    _columns_agree(doc, tab)
    assert tab.children(0) == [] and tab.depth(0) == 0
    assert tab.span_text(0, 1) == doc[0:1].text
    assert tab.line_breaks() == ([0] if "\n" in text else [])
    _char_spans_agree(doc, tab)


def test_columns_on_odd_text(nlp):
    doc = nlp(ODD_TEXT)
    _columns_agree(doc, TokenTable(doc))


def _char_spans_agree(doc, tab: TokenTable) -> None:
    n = len(doc.text)
    checked = 0
    for start in range(-1, n + 2):
        for end in range(start, n + 2):
            for expand in (False, True):
                mode = "expand" if expand else "strict"
                try:
                    want = doc.char_span(start, end, alignment_mode=mode)
                except Exception as e:  # noqa: BLE001 - the table must raise where spaCy does
                    with pytest.raises(type(e)):
                        tab.char_span(start, end, expand=expand)
                    continue
                got = tab.char_span(start, end, expand=expand)
                # spaCy gives an empty span or None where nothing is covered; the table gives None
                if want is None or len(want) == 0:
                    assert got is None or got[0] >= got[1], (start, end, mode, got)
                else:
                    assert got == (want.start, want.end), (start, end, mode, doc.text[max(start, 0):end])
                checked += 1
    assert checked


def test_char_span_matches_spacy(nlp):
    doc = nlp(ODD_TEXT)
    _char_spans_agree(doc, TokenTable(doc))


def test_span_text_matches_spacy(nlp):
    doc = nlp(ODD_TEXT)
    tab = TokenTable(doc)
    for s in range(len(doc) + 1):
        for e in range(s, len(doc) + 1):
            assert tab.span_text(s, e) == doc[s:e].text


def test_doc_text_kept_and_checked(nlp):
    doc = nlp(ODD_TEXT)
    assert doc_text(doc) == doc.text
    text = doc.text
    keep_text(doc, text)
    assert doc_text(doc) is text  # kept: not joined again
    part = doc[3:9].as_doc(copy_user_data=True)  # carries the whole doc's kept text: not trusted
    assert doc_text(part) == part.text != text
