"""Each input format is read into an Article with its metadata."""
from __future__ import annotations

import datetime as dt
import json

from newsgraph.errors import InputError
from newsgraph.ingest import read_bytes, read_paths
from newsgraph.model import Article

NEWS = """Militia leader meets envoy in Basra

March 3, 2024

The commander of the Saraya Al-Salam brigade met a United Nations envoy in Basra on Sunday, officials said.

Content retrieved from: https://www.example-news.com/world/militia-leader-meets-envoy.
"""


def one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_ingest_text_layout_reads_title_date_url_publisher():
    a = one(read_bytes("a.txt", NEWS.encode()))
    assert isinstance(a, Article)
    assert a.title == "Militia leader meets envoy in Basra"
    assert a.published == dt.date(2024, 3, 3)
    assert a.url == "https://www.example-news.com/world/militia-leader-meets-envoy"
    assert a.publisher == "Example-news.com"
    assert a.text.startswith("The commander of the Saraya")
    assert "Content retrieved" not in a.text


def test_ingest_text_without_layout_is_body_only():
    a = one(read_bytes("b.txt", b"Just one paragraph of reporting about a meeting in Baghdad."))
    assert a.title is None and a.published is None and a.url is None
    assert a.text == "Just one paragraph of reporting about a meeting in Baghdad."


def test_ingest_html_through_trafilatura():
    html = """<!doctype html><html><head><title>Envoy visits Erbil</title>
    <meta property="og:url" content="https://news.example.org/envoy-erbil">
    <meta name="date" content="2024-02-10"></head><body><nav>Home | World</nav>
    <article><h1>Envoy visits Erbil</h1><p>The envoy met the regional prime minister in Erbil on Saturday
    to discuss the security situation along the border, according to a statement.</p>
    <p>Both sides agreed to continue talks next month, the statement said, without giving details.</p></article>
    <footer>Copyright</footer></body></html>"""
    a = one(read_bytes("page.html", html.encode()))
    assert isinstance(a, Article), a
    assert "envoy met the regional prime minister" in a.text
    assert "Copyright" not in a.text
    assert a.title == "Envoy visits Erbil"
    assert a.published == dt.date(2024, 2, 10)


def test_ingest_jsonl_one_article_a_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in [
        {"text": "Iran hosted talks in Tehran.", "title": "T1", "published": "2023-05-01",
         "url": "https://a.example/1", "publisher": "Agency A"},
        {"text": "Iraq rejected the proposal."},
    ]) + "\n", encoding="utf-8")
    items = list(read_paths([str(p)]))
    assert [type(x) for x in items] == [Article, Article]
    assert items[0].published == dt.date(2023, 5, 1) and items[0].publisher == "Agency A"
    assert items[1].title is None and items[1].origin.endswith("feed.jsonl:2")


def test_ingest_folder_is_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("A report about Syria.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("A report about Lebanon.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    items = list(read_paths([str(tmp_path)]))
    assert sorted(a.text for a in items) == ["A report about Lebanon.", "A report about Syria."]


def test_ingest_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Yemen's Houthis fired missiles at ships.")))
    a = one(read_paths(["-"]))
    assert isinstance(a, Article) and "Houthis" in a.text


def test_ingest_same_text_same_hash_different_whitespace():
    a = Article(text="Iran  hosted\n talks.")
    b = Article(text="Iran hosted talks.")
    assert a.content_hash == b.content_hash
    assert Article(text="Iran hosted talks!").content_hash != b.content_hash


def test_ingest_reader_errors_are_input_errors():
    assert isinstance(one(read_bytes("e.txt", b"")), InputError)
