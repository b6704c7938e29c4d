"""CSV export: one table per kind, zipped (for spreadsheets, R, pandas).

    documents.csv  entities.csv  names.csv  mentions.csv  roles.csv  ties.csv  events.csv
    participants.csv  evidence.csv  README.txt

Facts (roles, ties, events) have the read side's id (a hash of the fact's content, as in the API);
``participants.csv`` lists each event's actors by side, ``evidence.csv`` every sentence that states a
fact with its voice and confidence. Text cells that a spreadsheet would run as a formula (starting
with ``= + - @``, tab or carriage return) are written with a leading apostrophe, as OWASP advises;
:func:`unguard` undoes it.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ..kb.models import FactFilter
from ..kb.whole import knowledge_base
from ..store import Store
from .chars import csv_text

TABLES = {
    "documents": ["id", "title", "published", "url", "publisher", "origin", "version"],
    "entities": ["id", "type", "subtype", "name", "aliases", "mention_count", "documents"],
    "names": ["entity", "name", "kind", "document", "sentence"],
    "mentions": ["entity", "document", "start", "end", "text", "kind"],
    "roles": ["id", "person", "organization", "title", "status", "since", "until", "confidence",
              "corroboration", "source", "hedged"],
    "ties": ["id", "kind", "source", "target", "confidence", "corroboration", "attribution", "hedged"],
    "events": ["id", "type", "cameo", "trigger", "location", "time", "time_precision", "negated",
               "confidence", "corroboration", "source", "hedged"],
    "participants": ["event", "side", "entity"],
    "evidence": ["fact", "document", "sentence", "start", "end", "text", "publisher", "url", "published",
                 "source", "speaker", "source_text", "hedged", "cue"],
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

README = """newsgraph CSV export: one table per kind.
Facts: roles.csv (r*), ties.csv (t*), events.csv (v*); participants.csv lists event actors by side
(source/target); evidence.csv holds every sentence stating a fact, with who says it (reporter,
anonymous, named + speaker entity id), whether it is hedged and the cue.
Text cells starting with = + - @ are prefixed with an apostrophe so that spreadsheets do not run
them as formulas; remove one leading apostrophe to get the original text.
"""


def guard(value):
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def unguard(value: str) -> str:
    if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA):
        return value[1:]
    return value


def tables(store: Store, flt: FactFilter | None = None) -> dict[str, list[dict]]:
    with store.read() as conn:
        kb = knowledge_base(conn, flt)
    docs, ents, roles, ties, events = (kb[k] for k in ("documents", "entities", "roles", "ties", "events"))
    out: dict[str, list[dict]] = {k: [] for k in TABLES}
    out["documents"] = docs
    for e in ents:
        out["entities"].append(dict(e, aliases="; ".join(e["aliases"]), documents="; ".join(e["documents"])))
        out["names"] += [dict(a, entity=e["id"]) for a in e["alias_sources"]]
        out["mentions"] += [dict(m, entity=e["id"]) for m in e["mentions"]]

    def evidence(f: dict) -> None:
        for ev, att in zip(f["evidence"], f["attributions"]):
            out["evidence"].append(dict(ev, fact=f["id"], source=att["source"], speaker=att.get("speaker"),
                                        source_text=att.get("source_text"), hedged=att["hedged"],
                                        cue=(att.get("hedge_cue") if att["hedged"]
                                             else att.get("attribution_cue"))))

    for r in roles:
        out["roles"].append(dict(r, source=r["attribution"]["source"], hedged=r["attribution"]["hedged"]))
        evidence(r)
    for t in ties:
        out["ties"].append(dict(t, attribution=t["attribution"]["source"], hedged=t["attribution"]["hedged"]))
        evidence(t)
    for e in events:
        out["events"].append(dict(e, source=e["attribution"]["source"], hedged=e["attribution"]["hedged"]))
        out["participants"] += [{"event": e["id"], "side": side, "entity": x}
                                for side in ("source", "target") for x in e[side]]
        evidence(e)
    return out


def write(store: Store, path: Path, flt: FactFilter | None = None) -> Path:
    data = tables(store, flt)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", README)
        for name, cols in TABLES.items():
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            for row in data[name]:
                w.writerow({c: csv_text(guard(row.get(c))) for c in cols})
            z.writestr(f"{name}.csv", buf.getvalue())
    tmp.replace(path)
    return path


def read(path: str | Path) -> dict[str, list[dict]]:
    """The tables back from a zip this module wrote (formula guards removed)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in TABLES:
            with z.open(f"{name}.csv") as fh:
                out[name] = [{k: unguard(v) for k, v in row.items()}
                             for row in csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))]
    return out
