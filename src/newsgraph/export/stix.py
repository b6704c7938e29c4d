"""STIX 2.1 export: one bundle built and validated by the stix2 library.

- people -> ``identity`` (individual); organisations -> ``identity`` (organization), or ``threat-actor``
  when their subtype says they are armed (armed_group, militia); places -> ``location`` with their
  country (else an ``identity`` of class unknown);
- roles, ties and events -> ``relationship`` objects: ``leader-of``, ``member-of``, ``consult`` ... with
  the evidence sentences as description, confidence 0-100, the articles as external references, and
  ``x_newsgraph_*`` properties for the fact id, voice (reporter / anonymous / named) and hedging;
- each article -> a ``report`` citing it (URL, publisher) and referring to what it states.

Ids are UUIDv5 from newsgraph's ids, so exporting the same knowledge base twice gives the same ids.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import stix2
from followthemoney.types import registry

from ..kb.models import FactFilter
from ..kb.whole import knowledge_base
from ..store import Store
from .chars import json_text

NS = uuid.UUID("5f0b7a0e-6e65-7773-6772-617068000000")
ARMED = {"armed_group", "militia", "military"}


def _id(kind: str, *key: str) -> str:
    return f"{kind}--{uuid.uuid5(NS, '|'.join(key))}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "related"


def _when(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parts = (str(value)[:10].split("-") + ["01", "01"])[:3]
    try:
        return dt.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _refs(fact: dict) -> list[dict]:
    out, seen = [], set()
    for ev in fact["evidence"]:
        key = (ev.get("url"), ev["document"])
        if key in seen:
            continue
        seen.add(key)
        ref = {"source_name": ev.get("publisher") or ev.get("title") or "article",
               "description": ev["text"].strip()[:2000], "external_id": ev["document"]}
        if ev.get("url"):
            ref["url"] = ev["url"]
        out.append(ref)
    return out


def build(store: Store, flt: FactFilter | None = None) -> stix2.Bundle:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with store.read() as conn:
        kb = knowledge_base(conn, flt, mentions=False)
    docs, roles, ties, events = kb["documents"], kb["roles"], kb["ties"], kb["events"]
    ents = {e["id"]: e for e in kb["entities"]}
    objects: dict[str, object] = {}
    sdo: dict[str, str] = {}  # entity id -> STIX id

    def actor(eid: str) -> str | None:
        if eid in sdo:
            return sdo[eid]
        e = ents.get(eid)
        if e is None or e["type"] not in ("person", "organization", "location"):
            return None
        common = dict(name=e["name"], created=now, modified=now, allow_custom=True,
                      x_newsgraph_entity=eid, x_newsgraph_aliases=e["aliases"])
        if e["type"] == "organization" and (e.get("subtype") or "") in ARMED:
            obj = stix2.ThreatActor(id=_id("threat-actor", eid), threat_actor_types=["unknown"],
                                    aliases=[a for a in e["aliases"] if a != e["name"]] or None, **common)
        elif e["type"] == "location" and (country := registry.country.clean(e["name"])):
            obj = stix2.Location(id=_id("location", eid), country=country.upper(), **common)
        else:
            cls = {"person": "individual", "organization": "organization"}.get(e["type"], "unknown")
            obj = stix2.Identity(id=_id("identity", eid), identity_class=cls, **common)
        objects[obj.id] = obj
        sdo[eid] = obj.id
        return obj.id

    by_doc: dict[str, list[str]] = {}

    def relate(fact: dict, src: str, tgt: str, rtype: str, kind: str) -> None:
        a, b = actor(src), actor(tgt)
        if not a or not b or a == b:
            return
        att = fact["attribution"]
        when = _when(fact.get("time") or fact.get("since"))
        rel = stix2.Relationship(
            id=_id("relationship", kind, rtype, src, tgt, str(bool(fact.get("negated")))),
            relationship_type=rtype, source_ref=a, target_ref=b, created=now, modified=now,
            description=" | ".join(dict.fromkeys(ev["text"].strip() for ev in fact["evidence"]))[:6000],
            confidence=int(round(fact["confidence"] * 100)), external_references=_refs(fact),
            start_time=when, allow_custom=True, x_newsgraph_fact=fact["id"], x_newsgraph_kind=kind,
            x_newsgraph_source=att["source"], x_newsgraph_hedged=bool(att.get("hedged")),
            x_newsgraph_negated=bool(fact.get("negated", False)))
        objects[rel.id] = rel
        for ev in fact["evidence"]:
            by_doc.setdefault(ev["document"], []).extend([a, b, rel.id])

    for r in roles:
        relate(r, r["person"], r["organization"], _slug(r["title"]) + "-of", "role")
    for t in ties:
        relate(t, t["source"], t["target"], _slug(t["kind"]), "tie")
    for e in events:
        for s in e["source"]:
            for t in e["target"]:
                relate(e, s, t, _slug(e["type"]), "event")
    for d in docs:
        refs = list(dict.fromkeys(by_doc.get(d["id"], [])))
        if not refs:
            continue
        ext = {"source_name": d.get("publisher") or "article", "external_id": d["id"]}
        if d.get("url"):
            ext["url"] = d["url"]
        rep = stix2.Report(id=_id("report", d["id"]), name=d.get("title") or d.get("url") or d["id"],
                           published=_when(d.get("published")) or now, report_types=["threat-actor"],
                           object_refs=refs, external_references=[ext], created=now, modified=now,
                           description=(f"{d.get('publisher') or ''} {d.get('published') or ''}".strip()
                                        or None))
        objects[rep.id] = rep
    return stix2.Bundle(objects=list(objects.values()), allow_custom=True)


def write(store: Store, path: Path, flt: FactFilter | None = None) -> Path:
    bundle = build(store, flt)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json_text(bundle.serialize(pretty=True, ensure_ascii=False)), encoding="utf-8")
    tmp.replace(path)
    return path


def read(path: str | Path) -> stix2.Bundle:
    """The bundle back from a file, parsed and validated by stix2."""
    return stix2.parse(Path(path).read_text(encoding="utf-8"), allow_custom=True)
