"""`newsgraph report ACTOR -o dossier.html`: one self-contained page, every fact with its sentence,
article text always escaped."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest

from .web_support import XSS_ARTICLE, ingest_texts

pytestmark = pytest.mark.slow


def test_report_dossier_is_self_contained_with_evidence(seed_store, tmp_path):
    from newsgraph.report import build_dossier, write_report
    from newsgraph.store import queries

    with seed_store.read() as conn:
        top = max((e for e in queries.entities(conn, with_mentions=False) if e["type"] == "person"),
                  key=lambda e: e["mention_count"])
        data = build_dossier(conn, top["id"])
    page = write_report(seed_store, top["name"], tmp_path / "d.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    for url in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert url.startswith(("https://", "http://")), f"only links to the articles: {url}"
    assert not re.search(r"<(link|img|iframe|object)\b", page)
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in page, "the page's CSP allows exactly its own style"
    from html import escape
    assert escape(top["name"]) in page
    facts = data["roles"] + data["ties"] + data["events"]
    assert facts
    for f in facts:
        for ev in f["evidence"]:
            assert escape(ev["text"].strip()) in page
    assert f"Events ({len(data['events'])})" in page


def test_report_dossier_escapes_markup_from_articles(store, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    ingest_texts(store, tmp_path / "in", {"markup.txt": XSS_ARTICLE})
    out = tmp_path / "holm.html"
    db = store.url.split("sqlite:///", 1)[1]
    result = CliRunner().invoke(app, ["--db", db, "report", "Lars Holm", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=" in page or "&lt;img src=x onerror=" in page
    assert "<script" not in page and "<img" not in page and "onerror=\"window" not in page


def test_report_unknown_actor_is_a_clear_error(store, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    db = store.url.split("sqlite:///", 1)[1]
    result = CliRunner().invoke(app, ["--db", db, "report", "Nobody Atall", "-o", str(tmp_path / "x.html")])
    assert result.exit_code != 0
    assert not (tmp_path / "x.html").exists()
