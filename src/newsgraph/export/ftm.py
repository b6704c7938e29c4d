"""FollowTheMoney export (Aleph, OpenSanctions tools): one entity per line, built and validated by the
followthemoney library.

- people -> ``Person``; organisations -> ``Organization``; places that act or hold roles (states) ->
  ``LegalEntity`` with their ``country``; every name form in ``alias``;
- a role -> ``Position`` (title of organisation) + ``Occupancy`` (holder, post, status, dates), and a
  ``Membership`` (member, organisation, role) when the employer is an organisation;
- ties: ``member_of`` / ``part_of`` -> ``Membership``; ``ally_of``, ``rival_of``, ``sponsor_of`` ->
  ``UnknownLink`` with the kind as its role;
- an event -> ``Event`` (organizer: the source side, involved: every participant, date, location,
  country);
- every relation and event carries its evidence sentence in ``description``, the article URLs in
  ``sourceUrl`` and the outlets in ``publisher``; ids are hashed from newsgraph's ids (stable).
"""
from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from ..kb.models import FactFilter
from ..kb.whole import knowledge_base
from ..store import Store
from .chars import json_text

SCHEMA = {"person": "Person", "organization": "Organization", "location": "LegalEntity"}


def _make(schema: str, *key: str):
    proxy = model.make_entity(schema)
    proxy.make_id("newsgraph", *key)
    return proxy


def _provenance(proxy, fact: dict) -> None:
    for ev in fact["evidence"]:
        proxy.add("sourceUrl", ev.get("url"), quiet=True)
        proxy.add("publisher", ev.get("publisher"), quiet=True)
    att = fact["attribution"]
    voice = att["source"] + (", hedged" if att.get("hedged") else "")
    proxy.add("description", " | ".join(dict.fromkeys(ev["text"].strip() for ev in fact["evidence"]))[:6000])
    proxy.add("summary", f"newsgraph {fact['id']}: stated by {voice}; confidence {fact['confidence']:.2f}")


def build(store: Store, flt: FactFilter | None = None) -> list[EntityProxy]:
    with store.read() as conn:
        kb = knowledge_base(conn, flt, mentions=False)
    ents = {e["id"]: e for e in kb["entities"]}
    roles, ties, events = kb["roles"], kb["ties"], kb["events"]
    used = {x for r in roles for x in (r["person"], r["organization"])}
    used |= {x for t in ties for x in (t["source"], t["target"])}
    used |= {x for e in events for x in (*e["source"], *e["target"])}
    actors: dict[str, EntityProxy] = {}
    for eid, e in ents.items():
        schema = SCHEMA.get(e["type"])
        if schema is None or (e["type"] == "location" and eid not in used):
            continue
        p = _make(schema, eid)
        p.add("name", e["name"])
        for a in e["aliases"]:
            if a != e["name"]:
                p.add("alias", a)
        if e["type"] == "location":
            p.add("country", registry.country.clean(e["name"]), quiet=True)
        p.add("notes", f"newsgraph entity {eid}")
        actors[eid] = p
    out = list(actors.values())

    def schema_of(eid: str) -> str | None:
        p = actors.get(eid)
        return p.schema.name if p is not None else None

    for r in roles:
        person, org = actors.get(r["person"]), actors.get(r["organization"])
        if person is None or org is None or schema_of(r["person"]) != "Person":
            continue
        org_name = ents[r["organization"]]["name"]
        post = _make("Position", r["organization"], r["title"])
        post.add("name", f"{r['title']} of {org_name}")
        if schema_of(r["organization"]) == "Organization":
            post.add("organization", org)
        else:
            post.add("country", registry.country.clean(org_name), quiet=True)
        occ = _make("Occupancy", r["person"], r["organization"], r["title"])
        occ.add("holder", person)
        occ.add("post", post)
        occ.add("status", r["status"])
        occ.add("startDate", r.get("since"), quiet=True)
        occ.add("endDate", r.get("until"), quiet=True)
        _provenance(occ, r)
        out += [post, occ]
        if schema_of(r["organization"]) == "Organization":
            mem = _make("Membership", "role", r["person"], r["organization"], r["title"])
            mem.add("member", person)
            mem.add("organization", org)
            mem.add("role", r["title"])
            mem.add("status", r["status"])
            _provenance(mem, r)
            out.append(mem)
    for t in ties:
        src, tgt = actors.get(t["source"]), actors.get(t["target"])
        if src is None or tgt is None:
            continue
        if t["kind"] in ("member_of", "part_of") and schema_of(t["target"]) == "Organization":
            link = _make("Membership", "tie", t["kind"], t["source"], t["target"])
            link.add("member", src)
            link.add("organization", tgt)
            link.add("role", t["kind"].replace("_", " "))
        else:
            link = _make("UnknownLink", "tie", t["kind"], t["source"], t["target"])
            link.add("subject", src)
            link.add("object", tgt)
            link.add("role", t["kind"].replace("_", " "))
        _provenance(link, t)
        out.append(link)
    for e in events:
        ev = _make("Event", e["type"], *sorted(e["source"]), "|", *sorted(e["target"]), str(e["negated"]))
        names = lambda ids: ", ".join(ents[i]["name"] for i in ids if i in ents) or "?"  # noqa: E731
        ev.add("name", f"{e['type']}{' (negated)' if e['negated'] else ''}: "
                       f"{names(e['source'])} → {names(e['target'])}")
        ev.add("keywords", [e["type"]] + ([f"CAMEO {e['cameo']}"] if e.get("cameo") else []))
        ev.add("date", e.get("time"), quiet=True)
        for x in e["source"]:
            if x in actors:
                ev.add("organizer", actors[x])
        for x in (*e["source"], *e["target"]):
            if x in actors:
                ev.add("involved", actors[x])
        if e.get("location") and e["location"] in ents:
            loc = ents[e["location"]]["name"]
            ev.add("location", loc)
            ev.add("country", registry.country.clean(loc), quiet=True)
        _provenance(ev, e)
        out.append(ev)
    return out


def unique(proxies: list[EntityProxy]) -> list[EntityProxy]:
    """One entity per id (a position two people held is one Position): duplicates merge."""
    out: dict[str, EntityProxy] = {}
    for p in proxies:
        key = p.id or ""
        if key in out:
            out[key].merge(p)
        else:
            out[key] = p
    return list(out.values())


def write(store: Store, path: Path, flt: FactFilter | None = None) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for proxy in unique(build(store, flt)):
            fh.write(json_text(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)) + "\n")
    tmp.replace(path)
    return path


def read(path: str | Path) -> list[EntityProxy]:
    """Entity proxies back from a file this module wrote."""
    with Path(path).open(encoding="utf-8") as fh:
        return [model.get_proxy(json.loads(line)) for line in fh if line.strip()]
