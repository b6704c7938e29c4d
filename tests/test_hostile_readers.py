"""Hostile input against every reader: whatever the bytes, each document ends as a clean Article or
a clear per-document InputError (code NG1xx naming the document), never an exception of another kind.

A clean Article: non-blank text with no NUL, other control characters or lone surrogates (in text,
title, url, publisher), text that encodes to UTF-8 (so the store can write it), and a publication
date that is either None or plausible."""
from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph.errors import InputError, TooLarge
from newsgraph.ingest import html, jsonl, read_bytes, read_paths, text
from newsgraph.model import Article

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])
OK_CONTROLS = {"\n", "\t", "\f", "\v"}

# ---------------------------------------------------------------- strategies
SPECIALS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\r", "\r\n", "\u2028", "\u2029",
            "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",          # zero-width
            "\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2069",  # bidi controls
            "\ufffd", "\ufffe", "\uffff", "\U0010ffff", "\U0001f4a3", "\u0301", "\u00a0", "\u3000"]
ARABIC = ["قيس الخزعلي", "كتائب حزب الله", "الحشد الشعبي", "أبو فدك", "بغداد", "\u0627\u0644\u0640\u0640", "ﷺ"]
WORDS = ["The", "commander", "of", "Kata'ib", "Hezbollah", "met", "officials", "in", "Baghdad", "said",
         "sources", "told", "reportedly", "attacked", "Iran", "Qais", "Al-Khazali", ".", ",", '"', "(", ")"]
BAD_DATES = ["2023-13-45", "2023-02-30", "31 February 2020", "0000-00-00", "9999-12-31", "1066-10-14",
             "yesterday", "Tuesday", "99999999999999999999", "-1", "2023-11-07T25:61:61", "NaN",
             "1e309", "Jan 2023 Feb 2024 Mar 2025", "٢٠٢٣-١١-٠٧", "2023\u200b-11-07", "June 31, 2021",
             "2023-11-07" + "9" * 80, "", " ", "\x00"]

surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
any_char = st.one_of(st.characters(codec=None), surrogates, st.sampled_from([c for c in SPECIALS if len(c) == 1]))
hostile_run = st.one_of(
    st.text(any_char, max_size=40),
    st.sampled_from(WORDS + ARABIC + SPECIALS),
    st.builds(lambda w, n: w * n, st.sampled_from(["a", "word ", "ب", "\u200b", "x" * 10]), st.integers(500, 1200)),
)
hostile_text = st.lists(st.one_of(hostile_run, st.sampled_from(WORDS), st.just(" "), st.just("\n")),
                        max_size=30).map("".join)
long_line = st.integers(10_000, 12_000).map(lambda n: ("Militia leader said " * (n // 20 + 1))[:n])


def to_bytes(s: str, enc: str) -> bytes:
    """Text as bytes; lone surrogates survive as (invalid UTF-8) bytes with surrogatepass."""
    if enc == "utf-8":
        return s.encode("utf-8", "surrogatepass")
    if enc == "utf-16":
        return s.encode("utf-16", "surrogatepass")
    return s.encode(enc, "replace")


@st.composite
def news_layout(draw) -> str:
    """Title line, date line, body (hostile), maybe a retrieval line: the plain-text layout."""
    title = draw(hostile_text)
    date = draw(st.one_of(st.sampled_from(BAD_DATES), st.just("7 November 2023"), hostile_text))
    body = draw(st.lists(st.one_of(hostile_text, long_line), min_size=1, max_size=4)).copy()
    body = "\n\n".join(body)
    url = draw(st.one_of(st.just(""), st.sampled_from(
        ["\nContent retrieved from: https://example.org/a.", "\nContent retrieved from: javascript:alert(1).",
         "\nContent retrieved from: " + "x" * 5000 + ".", "\nContent retrieved from: http://[::1.",
         "\nContent retrieved from: https://ex\u202eample.org/\x00."])))
    return f"{title}\n{date}\n\n{body}{url}"


@st.composite
def document_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["layout", "text", "binary", "mixed"]))
    if kind == "binary":
        return draw(st.binary(max_size=2000))
    s = draw(news_layout()) if kind == "layout" else draw(hostile_text)
    data = to_bytes(s, draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252", "latin-1"])))
    if kind == "mixed":
        data = draw(st.binary(max_size=50)) + data + draw(st.binary(max_size=50))
    return data


def nested_html(depth: int, tag: str, inner: str, closed: bool) -> str:
    opening = f"<{tag}>" * depth
    closing = f"</{tag}>" * depth if closed else ""
    return f"<html><head><title>{inner[:50]}</title></head><body>{opening}<p>{inner}</p>{closing}"


@st.composite
def html_bytes(draw) -> bytes:
    inner = draw(st.one_of(hostile_text, long_line, st.just(" ".join(WORDS * 5))))
    kind = draw(st.sampled_from(["nested", "unclosed", "garbage", "meta"]))
    if kind in ("nested", "unclosed"):
        doc = nested_html(draw(st.integers(1, 3000)), draw(st.sampled_from(["div", "span", "b", "table", "ul"])),
                          inner, closed=kind == "nested")
    elif kind == "garbage":
        doc = "<html><body>" + "".join(draw(st.lists(st.sampled_from(list("<>/=\"' &;!-[]") + [
            "<p>", "<div", "<!--", "-->", "<![CDATA[", "<script>", "</", "&#0;", "&#xD800;", "&amp"]), max_size=100))) + inner
    else:
        date = draw(st.sampled_from(BAD_DATES))
        doc = (f'<html><head><meta property="article:published_time" content="{date}">'
               f'<meta name="date" content="{date}"><title>{inner[:80]}</title></head>'
               f"<body><article><h1>{inner[:80]}</h1><p>{inner}</p><p>{' '.join(WORDS * 4)}</p></article></body></html>")
    return to_bytes(doc, draw(st.sampled_from(["utf-8", "cp1252"])))


# ---------------------------------------------------------------- the property
def assert_clean_or_error(item, label: str) -> None:
    if isinstance(item, InputError):
        assert item.code.startswith("NG1"), item
        assert label in str(item), f"the error does not name the document: {item}"
        return
    assert isinstance(item, Article), f"neither an Article nor an InputError: {item!r}"
    assert item.text.strip()
    for field in (item.text, item.title, item.url, item.publisher):
        if field is None:
            continue
        field.encode("utf-8")  # no lone surrogate survives
        bad = [c for c in field if c not in OK_CONTROLS and unicodedata.category(c) in ("Cc", "Cs")]
        assert not bad, f"control characters or surrogates left in {field[:80]!r}: {bad[:5]}"
    assert "\r" not in item.text
    if item.published is not None:
        assert dt.date(1800, 1, 1) <= item.published <= dt.date.today() + dt.timedelta(days=1)
    assert all(isinstance(n, str) for n in item.notes)
    Article.model_validate(item.model_dump())  # a valid record, as the store and export will see it


def read_all(label: str, data: bytes, fmt: str | None, limit: int | None = None) -> list:
    items = list(read_bytes(label, data, fmt, limit))
    assert items, "a document must give an Article or an error"
    for it in items:
        assert_clean_or_error(it, label)
    return items


# ---------------------------------------------------------------- tests
@SETTINGS
@given(data=document_bytes())
def test_hostile_text_reader_gives_article_or_input_error(data):
    read_all("hostile.txt", data, "text")


@SETTINGS
@given(data=document_bytes())
def test_hostile_bytes_with_sniffed_format(data):
    read_all("upload", data, None)


@settings(SETTINGS, max_examples=200)
@given(data=html_bytes())
def test_hostile_html_reader_gives_article_or_input_error(data):
    read_all("page.html", data, "html")


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids, max_size=4)),
    max_leaves=12)


@st.composite
def json_line(draw) -> bytes:
    kind = draw(st.sampled_from(["article", "article", "value", "broken", "huge"]))
    if kind == "article":
        obj = {"text": draw(st.one_of(hostile_text, long_line, json_value))}
        for key in ("title", "published", "url", "publisher"):
            if draw(st.booleans()):
                obj[key] = draw(st.one_of(json_value, st.sampled_from(BAD_DATES)))
        line = json.dumps(obj, ensure_ascii=draw(st.booleans()), allow_nan=True)
    elif kind == "value":
        line = json.dumps(draw(json_value), allow_nan=True)
    elif kind == "huge":
        line = json.dumps({"text": "A long report. " * draw(st.integers(1000, 3000)), "title": "huge"})
    else:
        line = draw(hostile_text)
    return line.encode("utf-8", "surrogatepass")


@SETTINGS
@given(lines=st.lists(json_line(), min_size=1, max_size=6))
def test_hostile_json_lines_fail_one_line_at_a_time(lines):
    data = b"\n".join(lines)
    items = read_all("feed.jsonl", data, "jsonl", limit=20_000)
    # every non-blank line gives exactly one item; the good ones are not lost because of the bad ones
    non_blank = [ln for ln in data.splitlines() if ln.strip()]
    assert len(items) == max(len(non_blank), 1)
    for n, ln in enumerate(non_blank):
        if len(ln) > 20_000:
            assert isinstance(items[n], TooLarge)


def test_hostile_json_line_of_control_characters_is_a_line_without_text():
    """Found by the property above: a text of nothing but control characters, which the reader drops,
    is reported as a line without text, and the next line is read."""
    data = b'{"text": "\\b\\u0007"}\n{"text": "Qais Al-Khazali spoke in Baghdad."}'
    items = read_all("feed.jsonl", data, "jsonl", limit=20_000)
    assert isinstance(items[0], InputError) and "feed.jsonl:1" in str(items[0]) and "no `text`" in str(items[0])
    assert isinstance(items[1], Article) and items[1].text == "Qais Al-Khazali spoke in Baghdad."


@SETTINGS
@given(data=st.one_of(document_bytes(), html_bytes()), limit=st.integers(1, 5000))
def test_hostile_size_limit_is_a_clear_error(data, limit):
    for fmt in ("text", "html"):
        items = read_all("big.txt", data, fmt, limit=limit)
        if len(data) > limit:
            assert len(items) == 1 and isinstance(items[0], TooLarge)
            assert "over the limit" in str(items[0]) and "--max-bytes" in str(items[0])


def test_hostile_text_keeps_arabic_rtl_and_zero_width_content():
    """Mixed scripts are kept as written (only NUL, control characters and lone surrogates go)."""
    raw = ("Militia chief\n7 November 2023\n\nQais Al-Khazali (قيس الخزعلي) spoke in Baghdad.\u200f "
           "He met Abu\u200bFadak\x07 at \u202edawhgaB\u202c.\ud800").encode("utf-8", "surrogatepass")
    art = text.read("mixed.txt", raw)
    assert "قيس الخزعلي" in art.text and "\u200f" in art.text and "\u202e" in art.text
    assert "\x07" not in art.text and "\ud800" not in art.text
    assert art.published == dt.date(2023, 11, 7)


def test_hostile_deep_html_is_refused_or_read_quickly():
    import time

    doc = nested_html(100_000, "div", "Deep inside, officials met in Baghdad.", closed=False).encode()
    t0 = time.perf_counter()
    item = next(iter(read_bytes("deep.html", doc, "html")))
    assert time.perf_counter() - t0 < 20
    assert_clean_or_error(item, "deep.html")


def test_hostile_size_limit_for_files_jsonl_and_env(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Officials met in Baghdad. " * 100)
    small = tmp_path / "small.txt"
    small.write_bytes(b"Officials met in Baghdad.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "x " * 2000}) + "\n" + json.dumps({"text": "Officials met."}) + "\n")
    items = list(read_paths([str(big), str(small), str(feed)], max_bytes=1000))
    assert isinstance(items[0], TooLarge) and "big.txt" in str(items[0]) and "1,000 bytes" in str(items[0])
    assert isinstance(items[1], Article)
    assert isinstance(items[2], TooLarge) and "feed.jsonl:1" in str(items[2])
    assert isinstance(items[3], Article) and items[3].text == "Officials met."
    monkeypatch.setenv("NEWSGRAPH_MAX_BYTES", "100")
    items = list(read_paths([str(big), str(small)]))
    assert isinstance(items[0], TooLarge) and isinstance(items[1], Article)


@pytest.mark.parametrize("fmt", ["text", "html", "jsonl"])
def test_hostile_empty_and_whitespace_documents(fmt):
    for data in (b"", b"   \n\t ", b"\x00" * 10, "\u200b\u200b".encode(), b"\xef\xbb\xbf"):
        items = read_all("blank." + fmt, data, fmt)
        assert all(isinstance(i, (InputError, Article)) for i in items)


def test_hostile_jsonl_parse_line_direct():
    for raw in (b'{"text": "\\ud800 lone"}', b'{"text": "ok", "published": 1e400}', b'{"text": ["a"]}',
                b'[' * 10000 + b']' * 10000, b'{"text": "x", "url": {"a": 1}, "title": 5}', b'\xff\xfe{}'):
        try:
            art = jsonl.parse_line("f:1", raw)
        except InputError as exc:
            assert "f:1" in str(exc)
        else:
            assert_clean_or_error(art, "f:1")


def test_hostile_html_direct_reader_on_bytes_that_are_not_html():
    for raw in (b"\xff\xd8\xff\xe0JFIF", "<p>\u202e\u200b</p>".encode(), b"<html>" + b"\x00" * 5):
        try:
            art = html.read("x.html", raw)
        except InputError as exc:
            assert "x.html" in str(exc)
        else:
            assert_clean_or_error(art, "x.html")


def test_hostile_cut_off_utf8_download_stays_utf8():
    """A UTF-8 page cut off inside a character is still read as UTF-8 (not as cp1252 mojibake)."""
    body = "Militia chief\n7 November 2023\n\nThe PMF (الحشد الشعبي) met in Baghdad. Spoke: قيس الخزعلي"
    raw = body.encode()[:-1]
    art = text.read("cut.txt", raw)
    assert "الحشد الشعبي" in art.text
    assert any("invalid UTF-8" in n for n in art.notes)
    cp = "Caf\u00e9 owners in S\u00e3o Paulo protested on Monday.".encode("cp1252")
    assert "S\u00e3o" in text.read("cp.txt", cp).text


def test_hostile_nul_bytes_are_binary_input():
    from newsgraph.errors import BinaryInput

    items = list(read_bytes("nul.txt", b"Officials met\x00 in Baghdad.", "text"))
    assert isinstance(items[0], BinaryInput) and "nul.txt" in str(items[0])
