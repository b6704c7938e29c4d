"""Every export parses back, whatever characters the store holds (issue 13: a form feed or vertical
tab in a name crashed the GraphML export and made the GEXF file invalid XML, with exit 0).

The articles are built by hand (no model): names of any code point SQLite stores (all but lone
surrogates), written through the one write path. ``model_construct`` skips the Article model's
cleaning, as a store written by an older newsgraph (or loaded from a dump) may hold such names."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.export import EXTENSIONS, export
from newsgraph.export.chars import xml_text
from newsgraph.model import Actor, Article, Event, Extraction, Mention, Role, Sentence
from newsgraph.service import open_store
from newsgraph.store import writer

FORMATS = ("json", "graphml", "gexf", "csv", "ftm", "stix")
HOSTILE = "\x00\x07\x0b\x0c\x1b[31m\x85\x9b\u200b\u202e\ufffe\uffff\U0010ffff"

# SQLite stores no lone surrogate: every other code point
names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                max_size=12).filter(str.strip)


def _extraction(a: str, b: str) -> Extraction:
    text = f"{a} met {b} in talks."
    art = Article.model_construct(text=text, title=f"{a} and {b}", published=None, published_precision=None,
                                  url=None, publisher=b, origin="hand", notes=[])
    end_b = len(a) + 5 + len(b)
    return Extraction.model_construct(
        article=art, sentences=[Sentence(index=0, start=0, end=len(text), text=text)],
        actors=[Actor.model_construct(key="a1", type="person", subtype=None, name=a, aliases=[], titles=[]),
                Actor.model_construct(key="a2", type="organization", subtype=None, name=b, aliases=[],
                                      titles=[])],
        mentions=[Mention(start=0, end=len(a), text=a, sentence=0, actor="a1"),
                  Mention(start=len(a) + 5, end=end_b, text=b, sentence=0, actor="a2")],
        annotations=[], ties=[], sentence_times=[None], warnings=[],
        roles=[Role(person="a1", organization="a2", title=f"chief {b}", sentence=0)],
        events=[Event(type="CONSULT", source=["a1"], target=["a2"], sentence=0)])


def _parse(fmt: str, path: Path):
    from newsgraph.export import csv_export, ftm, stix

    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return {"csv": csv_export.read, "ftm": ftm.read, "stix": stix.read}[fmt](path)


def _export_all(a: str, b: str, where: Path) -> dict:
    store = open_store(str(where / "kb.db"))
    try:
        writer.write(store, _extraction(a, b))
        return {fmt: _parse(fmt, export(store, fmt, where / ("kb" + EXTENSIONS[fmt]))) for fmt in FORMATS}
    finally:
        store.close()


def test_export_control_characters_in_names_parse_back_in_every_format(tmp_path):
    a, b = "Qais\x0cAl-Khazali\x0b", "Kata'ib\x1b[2J Hezbollah" + HOSTILE
    out = _export_all(a, b, tmp_path)
    labels = {d["label"] for _, d in out["graphml"].nodes(data=True)}
    assert xml_text(a) in labels and "QaisAl-Khazali" in labels
    assert {d["label"] for _, d in out["gexf"].nodes(data=True)} == labels
    assert any(e["name"] == a for e in out["json"]["entities"]), "JSON escapes controls: the name is kept"


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=names, b=names)
def test_export_any_code_point_parses_back(a, b):
    with tempfile.TemporaryDirectory() as d:
        out = _export_all(a, b, Path(d))
    assert len(out["json"]["entities"]) == 2
    assert out["graphml"].number_of_nodes() == out["gexf"].number_of_nodes() == 2
