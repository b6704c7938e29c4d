"""An actor's dossier as a self-contained HTML page an analyst can mail, read through ``newsgraph.kb``.

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

from .kb import read as kb
from .kb.models import FactFilter
from .store import Store
from .store import schema as s


# ---------------------------------------------------------------- data
def build_dossier(conn: Connection, actor: str, *, as_of: str | None = None) -> dict:
    """Names (with where each was first seen), roles over time, ties and events, each with its evidence:
    every fact of the actor, read through the one read side (``kb``: one FactFilter, the facts an actor
    takes part in as known on ``as_of``: the evidence published by then), oldest first."""
    a = kb.find_actor(conn, actor)
    flt = FactFilter(actor=a.id, as_of=as_of)
    parts: dict[str, dict] = {}
    for cat in ("role", "tie", "event"):
        f = flt.model_copy(update={"category": cat})
        total = kb.facts(conn, f, limit=1)["total"]
        parts[cat] = kb.facts(conn, f, limit=max(total, 1), order="asc")
    ents = {k: v for p in parts.values() for k, v in p["entities"].items()}
    ents.update(kb.refs(conn, {a.id}))
    subtype = conn.execute(select(s.entities.c.subtype).where(s.entities.c.id == a.id)).scalar()
    return {"actor": {"id": a.id, "type": a.type, "subtype": subtype, "name": a.name,
                      "mention_count": a.mentions, "documents": a.documents},
            "names": kb.name_forms(conn, a), "roles": parts["role"]["facts"], "ties": parts["tie"]["facts"],
            "events": parts["event"]["facts"], "entities": ents, "as_of": as_of}


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
        f"<tr><td>{_e(n['name'])}</td><td>{_e(', '.join(n['kinds']))}</td><td>{n['count']}</td><td>"
        + "<br>".join(f"{_e(x.get('title') or x['document'])}"
                      + (f", sentence {x['sentence'] + 1}" if x.get("sentence") is not None else "")
                      + f": “{_e(x.get('text') or '')}”" for x in n["seen"][:5])
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
<table><tr><th>name</th><th>kind</th><th>written</th><th>first seen</th></tr>{rows}</table>
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
