"""Each export format, read back with its own library: networkx (GraphML, GEXF), csv + zipfile,
followthemoney, stix2."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kb(seed_store):
    from newsgraph.kb.whole import knowledge_base

    with seed_store.read() as conn:
        every = knowledge_base(conn, mentions=False)
    ents = {e["id"]: e for e in every["entities"]}
    return {"store": seed_store, "entities": ents, "roles": every["roles"], "ties": every["ties"],
            "events": every["events"]}


def _export(kb, fmt, tmp_path):
    from newsgraph.export import EXTENSIONS, export

    return export(kb["store"], fmt, tmp_path / ("kb" + EXTENSIONS[fmt]))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats_load_in_networkx_with_actors_as_nodes(kb, fmt, tmp_path):
    import networkx as nx

    path = _export(kb, fmt, tmp_path)
    G = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    actors = {i for i, e in kb["entities"].items() if e["type"] in ("person", "organization", "location")}
    linked = {x for r in kb["roles"] for x in (r["person"], r["organization"])}
    linked |= {x for e in kb["events"] if e["source"] and e["target"] for x in e["source"] + e["target"]}
    linked |= {x for t in kb["ties"] for x in (t["source"], t["target"])}
    assert set(G.nodes) == actors | linked, "every actor, and whatever else takes part in a fact"
    for n, d in G.nodes(data=True):
        assert d["label"] == kb["entities"][n]["name"] and d["type"] == kb["entities"][n]["type"]
        assert 0 <= float(d["prominence"]) <= 1
    roles = [(r["person"], r["organization"]) for r in kb["roles"] if r["person"] != r["organization"]]
    pairs = {(u, v) for u, v in G.edges()}
    assert roles and all(p in pairs for p in roles)
    n_event_edges = sum(len(set(e["source"])) * len(set(e["target"])) - len(set(e["source"]) & set(e["target"]))
                        for e in kb["events"])
    categories = [d["category"] for _, _, d in G.edges(data=True)]
    if G.is_multigraph() or fmt == "graphml":
        assert categories.count("role") + categories.count("event") <= len(kb["roles"]) + n_event_edges
    for _, _, d in G.edges(data=True):
        assert 0 < float(d["confidence"]) <= 0.99 and d["sentence"] and float(d["weight"]) >= 1


def test_export_csv_has_one_table_per_kind_that_reads_back(kb, tmp_path):
    import zipfile

    from newsgraph.export import csv_export

    path = _export(kb, "csv", tmp_path)
    with zipfile.ZipFile(path) as z:
        assert {f"{t}.csv" for t in csv_export.TABLES} <= set(z.namelist())
    t = csv_export.read(path)
    assert {r["id"] for r in t["entities"]} == set(kb["entities"])
    assert [r["id"] for r in t["events"]] == [e["id"] for e in kb["events"]]
    assert len(t["roles"]) == len(kb["roles"]) and len(t["ties"]) == len(kb["ties"])
    facts = {f["id"]: f for f in kb["roles"] + kb["ties"] + kb["events"]}
    assert {r["fact"] for r in t["evidence"]} == set(facts)
    for r in t["evidence"]:
        assert r["text"] in [ev["text"] for ev in facts[r["fact"]]["evidence"]]
    parts = [(p["event"], p["side"], p["entity"]) for p in t["participants"]]
    assert parts == [(e["id"], side, x) for e in kb["events"] for side in ("source", "target") for x in e[side]]


def test_export_csv_guards_formulas_for_spreadsheets():
    from newsgraph.export.csv_export import guard, unguard

    for text in ("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "plain", "'quoted"):
        g = guard(text)
        assert not g.startswith(("=", "+", "-", "@"))
        assert unguard(g) == text


def test_export_ftm_reads_back_as_followthemoney_entities(kb, tmp_path):
    from followthemoney import model

    from newsgraph.export import ftm

    path = _export(kb, "ftm", tmp_path)
    proxies = ftm.read(path)
    by_id = {p.id: p for p in proxies}
    assert len(by_id) == len(proxies), "ids are unique"
    schemas = {p.schema.name for p in proxies}
    assert {"Person", "Organization", "Event", "Occupancy", "Position"} <= schemas
    if kb["roles"]:
        assert "Membership" in schemas or all(kb["entities"][r["organization"]]["type"] != "organization"
                                              for r in kb["roles"])
    for p in proxies:
        assert p.schema in model.schemata.values()
        for prop, values in p.properties.items():
            if p.schema.properties[prop].type.name == "entity":
                assert all(v in by_id for v in values), f"{p.schema.name}.{prop} points at an exported entity"
        if p.schema.name in ("Event", "Occupancy", "Membership", "UnknownLink"):
            assert p.get("sourceUrl") and p.get("description"), "relations carry their source"
    people = {p.first("name") for p in proxies if p.schema.name == "Person"}
    assert {e["name"] for e in kb["entities"].values() if e["type"] == "person"} <= people
    assert sum(p.schema.name == "Event" for p in proxies) == len(kb["events"])


def test_export_stix_reads_back_as_a_valid_bundle(kb, tmp_path):
    from newsgraph.export import stix

    path = _export(kb, "stix", tmp_path)
    bundle = stix.read(path)
    objs = {o.id: o for o in bundle.objects}
    types = {o.type for o in bundle.objects}
    assert {"identity", "relationship", "report"} <= types
    rels = [o for o in bundle.objects if o.type == "relationship"]
    for r in rels:
        assert r.source_ref in objs and r.target_ref in objs
        assert 0 < r.confidence <= 99 and r.description
        assert r.x_newsgraph_source in ("reporter", "anonymous", "named")
    reports = [o for o in bundle.objects if o.type == "report"]
    assert reports and all(ref in objs for rep in reports for ref in rep.object_refs)
    assert any(ref.get("url", "").startswith("https://") for rep in reports for ref in rep.external_references)
    # stable ids: the same knowledge base exports the same objects
    again = stix.read(_export(kb, "stix", tmp_path / ".."))
    assert {o.id for o in again.objects} == set(objs)


def test_export_cli_names_the_file_after_the_format(kb, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    monkeypatch.chdir(tmp_path)
    db = kb["store"].url.split("sqlite:///", 1)[1]
    for fmt, name in (("gexf", "export.gexf"), ("csv", "export.csv.zip")):
        result = CliRunner().invoke(app, ["--db", db, "export", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    bad = CliRunner().invoke(app, ["--db", db, "export", "--format", "xlsx"])
    assert bad.exit_code != 0
