"""An actor's dossier: the data (shared with the API) and a self-contained HTML page an analyst can mail.

    newsgraph report "Qais Al-Khazali" -o dossier.html

The page holds everything inline (one <style>, no script, nothing fetched): its own
Content-Security-Policy allows only that style block (by hash). Every piece of article text, title and
name is HTML-escaped; links to articles are kept only for http(s) URLs.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import Counter
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Connection, select

from .export import network as net
from .resolve import lookup
from .store import Store, queries
from .store import schema as s


# ---------------------------------------------------------------- data
def summary(e: dict) -> dict:
    return {"id": e["id"], "type": e["type"], "subtype": e.get("subtype"), "name": e["name"],
            "aliases": e["aliases"], "mention_count": e["mention_count"],
            "documents": len(e.get("documents", []))}


def entity_refs(conn: Connection, ids: set[str] | None = None) -> dict[str, dict]:
    """id -> {name, type, subtype} for the entities a response refers to."""
    q = select(s.entities.c.id, s.entities.c.name, s.entities.c.type, s.entities.c.subtype)
    if ids is not None:
        if not ids:
            return {}
        q = q.where(s.entities.c.id.in_(sorted(ids)))
    return {r.id: {"name": r.name, "type": r.type, "subtype": r.subtype} for r in conn.execute(q)}


def referenced_ids(facts: list[dict]) -> set[str]:
    ids: set[str] = set()
    for f in facts:
        for k in ("person", "organization", "source", "target", "location"):
            v = f.get(k)
            if isinstance(v, list):
                ids.update(v)
            elif v:
                ids.add(v)
        voices = [f.get("attribution") or {}] + [ev.get("attribution") or {} for ev in f.get("evidence", [])]
        for att in voices:
            if att.get("speaker"):
                ids.add(att["speaker"])
    return ids


def build_dossier(conn: Connection, actor: str, *, as_of: str | None = None,
                  facts: dict[str, list[dict]] | None = None) -> dict:
    """Names (with where each was seen), roles over time, ties and events, each with its evidence.

    ``facts``: what :func:`newsgraph.export.network.load_facts` gives for ``as_of``, if at hand."""
    ent = lookup.find_entity(conn, actor)
    eid = ent["id"]
    full = queries.entities(conn, [eid])[0]
    facts = facts if facts is not None else net.load_facts(conn, as_of=as_of)
    roles = [net.present(r) for r in facts["roles"] if eid in (r["person"], r["organization"])]
    ties = [net.present(t) for t in facts["ties"] if eid in (t["source"], t["target"])]
    events = [net.present(e) for e in net.filter_events(facts["events"], actor=eid)]
    roles.sort(key=lambda r: (r["date"] or "9999", r["status"] != "former"))
    events.sort(key=lambda e: e["date"] or "9999")
    return {"actor": summary(full), "names": dossier_names(conn, full), "roles": roles, "ties": ties,
            "events": events, "entities": entity_refs(conn, referenced_ids(roles + ties + events) | {eid}),
            "as_of": as_of}


def dossier_names(conn, ent: dict) -> list[dict]:
    """Each name form with where it was seen (document, sentence) and how often it is mentioned."""
    by_name: dict[str, dict] = {}
    for a in ent["alias_sources"]:
        n = by_name.setdefault(a["name"], {"name": a["name"], "kinds": [], "mentions": 0, "seen": []})
        if a["kind"] not in n["kinds"]:
            n["kinds"].append(a["kind"])
        if a["document"] is not None:
            n["seen"].append({"document": a["document"], "sentence": a["sentence"]})
    for m in ent["mentions"]:
        if m["text"] in by_name:
            by_name[m["text"]]["mentions"] += 1
    wanted = {(x["document"], x["sentence"])
              for n in by_name.values() for x in n["seen"] if x["sentence"] is not None}
    docs = {x[0] for x in wanted}
    texts, titles = {}, {}
    if docs:
        for r in conn.execute(select(s.sentences.c.document_id, s.sentences.c.idx, s.sentences.c.text)
                              .where(s.sentences.c.document_id.in_(sorted(docs)))):
            if (r.document_id, r.idx) in wanted:
                texts[(r.document_id, r.idx)] = r.text
        titles = dict(conn.execute(select(s.documents.c.id, s.documents.c.title)
                                   .where(s.documents.c.id.in_(sorted(docs)))).all())
    for n in by_name.values():
        uniq = []
        for x in n["seen"]:
            item = dict(x, text=texts.get((x["document"], x["sentence"])), title=titles.get(x["document"]))
            if item not in uniq:
                uniq.append(item)
        n["seen"] = uniq
    return sorted(by_name.values(), key=lambda n: (n["name"] != ent["name"], -n["mentions"], n["name"]))


# ---------------------------------------------------------------- HTML
CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d232b;max-width:60rem;
margin:2rem auto;padding:0 1rem}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #14213d;padding-bottom:.2rem}
.meta,.cite{color:#5f6b78;font-size:.88rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d9dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f5}
.fact{border:1px solid #d9dee4;border-left:4px solid #0b5cad;border-radius:6px;padding:.5rem .8rem;
margin:.6rem 0;page-break-inside:avoid}
.fact.hedged{border-left-color:#b7791f}
.fact h3{font-size:1rem;margin:0 0 .2rem;font-weight:500}
.kind{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;background:#e8eef7;
padding:.05rem .35rem;border-radius:3px}
blockquote{margin:.3rem 0;padding:.3rem .6rem;border-left:3px solid #d9dee4;background:#fafbfc;
font-family:Georgia,serif}
.high{color:#1e7b34}.mid{color:#a66300}.low{color:#b02a2a}
ol.sources li{margin:.3rem 0}
"""


def _e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def _link(url: str | None, text: str) -> str:
    if url and urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(text)}</a>'
    return _e(text)


def _conf(c: float) -> str:
    cls = "high" if c >= 0.8 else "mid" if c >= 0.6 else "low"
    return f'<span class="{cls}">{round(c * 100)}%</span>'


def _voice(att: dict, names: dict) -> str:
    src = att.get("source")
    if src == "named":
        who = names.get(att.get("speaker"), {}).get("name", att.get("source_text") or "a named source")
        v = "said by " + who
    elif src == "anonymous":
        v = "unnamed source" + (f" ({att['source_text']})" if att.get("source_text") else "")
    else:
        v = "reporter"
    if att.get("hedged"):
        v += " · hedged" + (f": “{att['hedge_cue']}”" if att.get("hedge_cue") else "")
    return _e(v)


def _evidence(f: dict, names: dict, sources: dict) -> str:
    out = []
    for ev in f["evidence"]:
        n = sources.setdefault(ev["document"], {"n": len(sources) + 1, **ev})["n"]
        outlet = ev.get("publisher") or ev.get("title") or ev["document"]
        cite = ", ".join(x for x in (outlet, ev.get("published")) if x)
        out.append(f'<blockquote>{_e(ev["text"].strip())}</blockquote><div class="cite">[{n}] {_e(cite)} · '
                   f'{_voice(ev["attribution"], names)} · confidence {_conf(ev["confidence"])}</div>')
    return "".join(out)


def _who(ids: list[str], names: dict) -> str:
    return ", ".join(_e(names.get(i, {}).get("name", i)) for i in ids) or "<i>(unnamed)</i>"


def _fact(f: dict, head: str, names: dict, sources: dict) -> str:
    plural = "s" if f["corroboration"] > 1 else ""
    meta = (f'confidence {_conf(f["confidence"])} · {f["corroboration"]} source{plural}'
            f' · {_voice(f["attribution"], names)}' + (f' · {_e(f["date"])}' if f.get("date") else ""))
    hedged = " hedged" if f["hedged"] else ""
    return (f'<div class="fact{hedged}"><h3>{head}</h3><div class="meta">{meta}</div>'
            f'{_evidence(f, names, sources)}</div>')


def render_html(d: dict) -> str:
    """The dossier as one HTML page; every value from the knowledge base is escaped."""
    a, names = d["actor"], d["entities"]
    nm = lambda i: _e(names.get(i, {}).get("name", i))  # noqa: E731
    sources: dict[str, dict] = {}
    rows = "".join(
        f"<tr><td>{_e(n['name'])}</td><td>{_e(', '.join(n['kinds']))}</td><td>{n['mentions']}</td><td>"
        + "<br>".join(f"{_e(x.get('title') or x['document'])}, sentence {x['sentence'] + 1}: "
                      f"“{_e(x.get('text') or '')}”" for x in n["seen"][:5])
        + "</td></tr>" for n in d["names"])
    roles = "".join(_fact(r, f'<span class="meta">{_e(r.get("since") or r.get("date") or "undated")}</span> '
                             f'{nm(r["person"])}: <b>{_e(r["title"])}</b> of {nm(r["organization"])} '
                             f'({_e(r["status"])})',
                          names, sources) for r in d["roles"])
    ties = "".join(_fact(t, f'{nm(t["source"])} <span class="kind">{_e(t["kind"].replace("_", " "))}</span> '
                            f'{nm(t["target"])}', names, sources) for t in d["ties"])
    events = "".join(_fact(e, f'<span class="kind">{_e(e["type"])}'
                              f'{" (negated)" if e["negated"] else ""}</span> '
                              f'{_who(e["source"], names)} → {_who(e["target"], names)}'
                              + (f' <span class="meta">{_e(e["time"])}</span>' if e.get("time") else ""),
                           names, sources) for e in d["events"])
    counterparts: Counter[str] = Counter()
    for f in d["roles"]:
        counterparts.update({f["person"], f["organization"]} - {a["id"]})
    for f in d["ties"]:
        counterparts.update({f["source"], f["target"]} - {a["id"]})
    for f in d["events"]:
        counterparts.update((set(f["source"]) | set(f["target"])) - {a["id"]})
    links = ", ".join(f"{nm(i)} ({n})" for i, n in counterparts.most_common(20))
    srcs = "".join(f'<li value="{v["n"]}">{_link(v.get("url"), v.get("title") or v.get("url") or k)}'
                   f' <span class="meta">{_e(v.get("publisher") or "")} '
                   f'{_e(v.get("published") or "")}</span></li>'
                   for k, v in sorted(sources.items(), key=lambda kv: kv[1]["n"]))
    style_hash = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{style_hash}'; img-src data:; base-uri 'none'; "
           "form-action 'none'")
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    empty = '<p class="meta">none reported</p>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(a['name'])}: newsgraph dossier</title>
<style>{CSS}</style></head>
<body>
<h1>{_e(a['name'])}</h1>
<p class="meta">{_e(a['type'])}{' (' + _e(a['subtype']) + ')' if a.get('subtype') else ''} ·
{a['mention_count']} mentions in {a['documents']} document{'s' if a['documents'] != 1 else ''} ·
id {_e(a['id'])} · newsgraph dossier written {when}
{'· as of ' + _e(d['as_of']) if d.get('as_of') else ''}</p>
<p>Every statement below is followed by the sentence it comes from, who says it (the outlet, an unnamed source
or a named actor), whether it is hedged, and a confidence from the voices and the number of independent
outlets.</p>
<h2>Names</h2>
<table><tr><th>name</th><th>kind</th><th>mentions</th><th>where seen</th></tr>{rows}</table>
<h2>Roles over time ({len(d['roles'])})</h2>{roles or empty}
<h2>Ties ({len(d['ties'])})</h2>{ties or empty}
<h2>Events ({len(d['events'])})</h2>{events or empty}
<h2>Connections</h2><p>{links or 'none'}</p>
<h2>Sources</h2><ol class="sources">{srcs}</ol>
</body></html>
"""


def write_report(store: Store, actor: str, path: str | Path, *, as_of: str | None = None) -> Path:
    path = Path(path)
    with store.read() as conn:
        data = build_dossier(conn, actor, as_of=as_of)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(path)
    return path
