"""Facts across sentences and articles: rows that state the same fact become one fact with several
evidence items, a corroboration count, a confidence, and the contradictions between facts.

Fact identity
-------------
- role: (person, organisation, title);
- tie: (kind, source, target);
- event: (type, source set, target set, negated); across articles, also reports of one type and
  polarity whose sources overlap and whose targets overlap (or are both missing), so an article
  that names one more participant still corroborates the fact.

Each evidence item keeps its own attribution (``evidence[i]["attribution"]``) and, for events, its
time; ``attributions`` lists them in evidence order.

Independent sources
-------------------
Evidence items are grouped into *independent sources*: two items depend on each other when they come
from the same document or the same publisher (publisher name, else the web host, else the
document), or when their sentences are the same text (a wire story run by two outlets: equal after
folding case and white space, or a fuzzy ratio of 92 or more for sentences of 40 characters and
more). ``corroboration`` is the number of independent sources, ``publishers`` their names.
(A near-duplicate document that the store marked ``duplicate_of`` is not extracted; the sentences
it shares with its first copy are added as evidence (``copy_of``) and, being the same text, never
add a source.)

Confidence
----------
For one evidence item::

    voice  = 0.90 reporter | 0.80 named | 0.60 anonymous
    item   = voice
             * 0.70 if hedged ("is said to", "allegedly", "sources charged that")
             * 0.95 if the attribution is carried over from an earlier sentence (inferred, not stated)
             * prod(voice(v) / 0.90 for v in chain)   (nested voices: "A said that B alleged C",
                                                       when the attribution carries its chain)

For a fact, the best item of each independent source, combined as independent witnesses::

    confidence = min(0.99, 1 - prod(1 - best_item(s) for s in sources))

So one unhedged report by the outlet is 0.90, one hedged claim of unnamed sources 0.42, the same
claim from two independent outlets 0.66. The fact's ``attribution`` is its firmest item's.

Contradictions
--------------
Facts that cannot both hold are listed with both sides kept (nothing is resolved):

- ``negation``: an event and a negated event of the same type with a shared source and a shared
  target ("X attacked Y" / "X did not attack Y"), or an event and a denial by its source (a REJECT
  whose trigger is "denied" and whose sentence names the event's trigger: "X denied attacking Y");
- ``role_status``: a person said to hold a position (current) and to have left it (former) in
  different articles, unless the "current" article was published before the "former" one;
- ``role_holder``: two people said to hold the same one-person office (chairman, president,
  secretary-general ...) of one organisation, in articles published within 31 days of each other;
- ``date``: one event given times that exclude each other (2023-06 vs 2023-07; 2023 vs 2023-06 is
  no conflict) by different articles published within 31 days of each other, from times stated in
  the sentence (not inherited from the narration); an event with more than 3 distinct dates is a
  recurring activity, not a contradiction.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Hashable
from typing import Any

BASE = {"reporter": 0.9, "named": 0.8, "anonymous": 0.6}
HEDGE_FACTOR = 0.7
CARRIED_FACTOR = 0.95
CAP = 0.99
SAME_TEXT_RATIO = 92
FUZZY_LIMIT = 200  # evidence items per fact compared fuzzily (beyond: exact text only)
ROLE_WINDOW_DAYS = 31
DATE_WINDOW_DAYS = 31
MAX_DATES = 3
_DENIAL = re.compile(r"^(den(y|ies|ied|ying)|disavow|disown|rejected? responsibility)")
UNIQUE_TITLES = ("chairman", "chairwoman", "chair", "president", "prime minister", "secretary-general",
                 "secretary general", "supreme leader", "chief of staff", "commander-in-chief", "director",
                 "director-general", "chief executive", "speaker", "head", "emir", "king", "governor",
                 "mayor")


def item_confidence(att: dict) -> float:
    c = BASE.get(str(att.get("source")), BASE["anonymous"])
    if att.get("hedged"):
        c *= HEDGE_FACTOR
    if att.get("carried"):
        c *= CARRIED_FACTOR
    for inner in att.get("chain") or []:
        c *= BASE.get(inner.get("source"), BASE["anonymous"]) / BASE["reporter"]
    return c


def publisher_of(ev: dict) -> str:
    raw = ev.get("publisher") or _host(ev.get("url")) or ev.get("document") or "?"
    return raw.lower().removeprefix("www.")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"^(?:[a-z]+://)?([^/:?#]+)", url.strip(), re.I)
    return m.group(1) if m else None


def _fold(text: str | None) -> str:
    return " ".join((text or "").lower().replace("’", "'").split())


def same_text(a: str | None, b: str | None) -> bool:
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < 40:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(fa, fb) >= SAME_TEXT_RATIO


def independent_sources(evidence: list[dict]) -> list[list[int]]:
    """Indices of evidence items grouped into independent sources (union-find)."""
    parent = list(range(len(evidence)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    by_key: dict[str, int] = {}
    for i, ev in enumerate(evidence):
        for key in (f"p:{publisher_of(ev)}", f"d:{ev.get('document')}",
                    *([f"o:{ev['duplicate_of']}"] if ev.get("duplicate_of") else [])):
            if key in by_key:
                union(by_key[key], i)
            else:
                by_key[key] = i
    by_text: dict[str, int] = {}
    for i, ev in enumerate(evidence):  # the same sentence word for word: one story
        t = _fold(ev.get("text"))
        if t:
            if t in by_text:
                union(by_text[t], i)
            else:
                by_text[t] = i
    if len(evidence) <= FUZZY_LIMIT:  # lightly edited copies: fuzzy, for facts with few reports
        for i in range(len(evidence)):
            for j in range(i + 1, len(evidence)):
                if find(i) != find(j) and same_text(evidence[i].get("text"), evidence[j].get("text")):
                    union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(evidence)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def score(evidence: list[dict], attributions: list[dict]) -> dict:
    """corroboration, publishers, confidence and the firmest attribution of one fact's evidence."""
    groups = independent_sources(evidence)
    miss = 1.0
    publishers = []
    for g in groups:
        best = max(item_confidence(attributions[i]) for i in g)
        miss *= 1 - best
        names = sorted({evidence[i].get("publisher") or publisher_of(evidence[i]) for i in g})
        publishers.append(" = ".join(names))
    firm = max(range(len(attributions)), key=lambda i: item_confidence(attributions[i])) \
        if attributions else None
    return {
        "confidence": round(min(CAP, 1 - miss), 3) if evidence else 0.0,
        "corroboration": len(groups),
        "publishers": publishers,
        "attribution": attributions[firm] if firm is not None else {"source": "reporter", "hedged": False},
        "single_source": len(groups) == 1 and all(a.get("source") == "anonymous" for a in attributions),
    }


# per-evidence fields of a row that differ between reports of one fact
_ITEM_FIELDS = ("status", "since", "until", "time", "time_precision", "time_text", "time_inherited")


def _group(rows: list[dict], key: Callable[[dict], Hashable], prefix: str, *,
           merge_sides: bool = False) -> list[dict]:
    facts: dict[Hashable, dict] = {}
    for r in rows:
        k = key(r)
        f = facts.get(k)
        if f is None:
            f = dict(r)
            f["evidence"] = []
            f["attributions"] = []
            if merge_sides:
                f["source"], f["target"] = list(r["source"]), list(r["target"])
            facts[k] = f
        elif merge_sides:  # reports of one event that name more participants add them
            for side in ("source", "target"):
                f[side] += [x for x in r[side] if x not in f[side]]
            if not f.get("time") and r.get("time"):
                f["time"] = r["time"]
            if not f.get("location") and r.get("location"):
                f["location"], f["location_name"] = r["location"], r.get("location_name")
        ev = dict(r["evidence"])
        ev["attribution"] = r["attribution"]
        for name in _ITEM_FIELDS:
            if name in r:
                ev[name] = r[name]
        f["evidence"].append(ev)
        f["attributions"].append(r["attribution"])
    out = []
    for n, f in enumerate(facts.values(), 1):
        f.update(score(f["evidence"], f["attributions"]))
        f["id"] = f"{prefix}{n}"
        out.append(f)
    return out


def group_roles(rows: list[dict]) -> list[dict]:
    return _group(rows, lambda r: (r["person"], r["organization"], r["title"]), "r")


def group_ties(rows: list[dict]) -> list[dict]:
    return _group(rows, lambda r: (r["kind"], r["source"], r["target"]), "t")


def group_events(rows: list[dict]) -> list[dict]:
    """One record per real-world event: one per (type, sources, targets, negated) within an article;
    across articles, reports of one type and polarity whose sources overlap and whose targets overlap
    (or are both missing), when their dates and places are compatible (see ``_compatible``). Dates a
    few days apart do not split an event: they are listed as a contradiction. Each record carries
    ACLED-style precision codes for its time and place (``_precision``)."""
    exact: dict[Hashable, list[dict]] = {}
    for r in rows:
        exact.setdefault((r["evidence"].get("document"), r["type"], frozenset(r["source"]),
                          frozenset(r["target"]), r["negated"]), []).append(r)
    groups = list(exact.values())
    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    docs = [{x["evidence"].get("document") for x in g} for g in groups]
    # what each group states of its time and place (times stated in the sentence, not inherited)
    times = [{x["time"] for x in g if x.get("time") and not x.get("time_inherited")} for g in groups]
    places = [{x["location"] for x in g if x.get("location")} for g in groups]
    # candidates share (type, polarity, a source, a target): one bucket per such key, merged in a
    # line, so the cost stays linear in the number of reports
    buckets: dict[tuple, list[int]] = {}
    for n, g in enumerate(groups):
        r = g[0]
        if not r["source"]:  # no source: only reports with the very same targets
            buckets.setdefault((r["type"], r["negated"], None, frozenset(r["target"])), []).append(n)
        for a in r["source"]:
            for t in (r["target"] or [None]):
                buckets.setdefault((r["type"], r["negated"], a, t), []).append(n)
    for members in buckets.values():
        for b in members[1:]:
            ra, rb = find(members[0]), find(b)
            if ra == rb or docs[ra] & docs[rb]:
                continue  # the same article keeps its facts apart
            if not _compatible(times[ra], times[rb], places[ra], places[rb]):
                continue  # another attack of the same sides: another time or another place
            parent[rb] = ra
            docs[ra] |= docs[rb]
            times[ra] |= times[rb]
            places[ra] |= places[rb]
    fact_of = {id(r): find(n) for n, g in enumerate(groups) for r in g}
    out = _group(rows, lambda r: fact_of[id(r)], "v", merge_sides=True)
    for f in out:
        f.update(_precision(f))
    return out


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO partial date ("2024", "2024-06", "2024-06-11") covers."""
    try:
        parts = [int(x) for x in value.split("-")[:3]]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        d = dt.date(*parts)
        return d, d
    except ValueError:
        return None


def _compatible(ta: set[str], tb: set[str], pa: set[str], pb: set[str]) -> bool:
    """Whether two groups of reports can tell of one event: some stated dates of the two lie within
    DATE_WINDOW_DAYS of each other (or one side states none), and the places named agree (or one side
    names none)."""
    if pa and pb and not pa & pb:
        return False
    if not ta or not tb:
        return True
    for a in ta:
        for b in tb:
            x, y = _period(a), _period(b)
            if x is None or y is None:
                return True
            gap = max((y[0] - x[1]).days, (x[0] - y[1]).days, 0)
            if gap <= DATE_WINDOW_DAYS:
                return True
    return False


BACKGROUND_DAYS = 365


def _background(f: dict) -> bool:
    """History told as background ("in 1948", "the 2006 war"): every report dates the event more than
    a year before its article was published. Shown as background, not as news of the day."""
    seen = False
    for ev in f["evidence"]:
        period, pub = _period(ev["time"]) if ev.get("time") else None, _pubdate(ev)
        if period is None or pub is None:
            return False
        if (pub - period[1]).days <= BACKGROUND_DAYS:
            return False
        seen = True
    return seen


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names from PETRARCH-2's country dictionary (events_dictionary.yaml, lower-case)."""
    from ..nlp import lexicon  # the one loader of the word lists

    table = lexicon.load("events_dictionary.yaml", dict[str, Any])
    return frozenset(str(c).lower() for c in table["countries"])


_TIME_CODE = {"day": 1, "week": 2, "month": 3, "year": 4}
_REGION_WORDS = ("province", "region", "governorate", "district", "state", "county", "valley", "strip",
                 "bank", "oblast", "prefecture", "department")


def _precision(f: dict) -> dict:
    """ACLED-style precision of an event record, and whether it is background history.
    time: ``day`` / ``week`` / ``month`` / ``year`` with its code 1-4, from the finest time its reports
    state (an inherited time is at best a week: the narration's date, not the event's); place: ``exact``
    (a town or site), ``region`` or ``country`` with its code 1-3, from the record's location."""
    out: dict = {"time_precision": None, "time_precision_code": None, "place_precision": None,
                 "place_precision_code": None, "background": _background(f)}
    best = None  # (inherited, code, precision, time): a stated time first, then the finest
    for ev in f["evidence"]:
        p = ev.get("time_precision")
        if not ev.get("time") or p not in _TIME_CODE:
            continue
        inherited = bool(ev.get("time_inherited"))
        if inherited and p == "day":
            p = "week"
        cand = (inherited, _TIME_CODE[p], p, ev["time"])
        if best is None or cand[:2] < best[:2]:
            best = cand
    if best:
        out["time_precision"], out["time_precision_code"] = best[2], best[1]
        f["time"] = best[3]
    name = (f.get("location_name") or "").lower()
    if f.get("location"):
        region = any(name.endswith(" " + w) or name.startswith(w + " of") for w in _REGION_WORDS)
        kind = "country" if name in _countries() else "region" if region else "exact"
        out["place_precision"] = kind
        out["place_precision_code"] = {"exact": 1, "region": 2, "country": 3}[kind]
    return out


# ---------------------------------------------------------------- contradictions


def _pubdate(ev: dict) -> dt.date | None:
    p = ev.get("published")
    if not p:
        return None
    try:
        return dt.date.fromisoformat(str(p)[:10])
    except ValueError:
        return None


def _within(a: dict, b: dict, days: int) -> bool:
    da, db = _pubdate(a), _pubdate(b)
    return da is None or db is None or abs((da - db).days) <= days


def _times_conflict(a: str, b: str) -> bool:
    return not (a.startswith(b) or b.startswith(a))


def _side(fact: dict, kind: str, evidence: list[dict] | None = None) -> dict:
    """One side of a contradiction: the fact as the lists show it, with the evidence that states it."""
    keep = ("id", "type", "negated", "source", "target", "time", "person", "organization", "title", "status",
            "confidence", "corroboration", "publishers", "attribution")
    out = {k: fact[k] for k in keep if k in fact}
    out["category"] = kind
    out["evidence"] = evidence if evidence is not None else fact["evidence"]
    return out


def contradictions(roles: list[dict], events: list[dict]) -> list[dict]:
    """Pairs of facts that cannot both hold (see the module docstring), both sides kept.
    Candidates are blocked on a shared actor, so the cost grows with the facts about one actor."""
    found: list[dict] = []
    # X attacked Y / X did not attack Y; X attacked Y / X denied attacking Y
    by_actor: dict[tuple[str, str], list[dict]] = {}
    for e in events:
        if not e.get("negated"):
            for a in e["source"]:
                by_actor.setdefault((e["type"], a), []).append(e)
    seen_pairs: set[tuple[str, str]] = set()
    for b in events:
        denial = b["type"] == "REJECT" and not b.get("negated") and \
            _DENIAL.match((b.get("trigger") or "").lower())
        if not b.get("negated") and not denial:
            continue
        cands: list[dict] = []
        for a in b["source"]:
            if b.get("negated"):
                cands += by_actor.get((b["type"], a), [])
            else:
                cands += [e for (typ, x), es in by_actor.items() if x == a and typ != "REJECT" for e in es]
        for a in cands:
            if (a["id"], b["id"]) in seen_pairs or a is b:
                continue
            if not (set(a["target"]) & set(b["target"]) or not a["target"] or not b["target"]):
                continue
            if denial:
                stem = (a.get("trigger") or "").lower()[:5]
                if not stem or not any(stem in (ev.get("text") or "").lower() for ev in b["evidence"]):
                    continue
            seen_pairs.add((a["id"], b["id"]))
            found.append({"kind": "negation", "reason": f"{a['type']} stated and denied",
                          "a": _side(a, "event"), "b": _side(b, "event")})
    # one event, times that exclude each other
    for e in events:
        items = [ev for ev in e["evidence"] if ev.get("time") and not ev.get("time_inherited")]
        if not 2 <= len({ev["time"] for ev in items}) <= MAX_DATES:
            continue  # one time, or a recurring activity (many dates), not one event dated two ways
        seen: set[tuple[str, str]] = set()
        for i, x in enumerate(items):
            for y in items[i + 1:]:
                if x.get("document") == y.get("document") or not _times_conflict(x["time"], y["time"]):
                    continue
                if not _within(x, y, DATE_WINDOW_DAYS):
                    continue
                pair = (min(x["time"], y["time"]), max(x["time"], y["time"]))
                if pair in seen:
                    continue
                seen.add(pair)
                found.append({"kind": "date", "reason": f"{e['type']} dated {x['time']} and {y['time']}",
                              "a": _side(dict(e, time=x["time"]), "event", [x]),
                              "b": _side(dict(e, time=y["time"]), "event", [y])})
    # roles: current vs former (blocked on person and organisation); two holders of one office
    # (blocked on organisation and office)
    items = [(r, ev, ev.get("status", r.get("status"))) for r in roles for ev in r["evidence"]]
    by_pair: dict[tuple[str, str], list[int]] = {}
    by_office: dict[tuple[str, str], list[int]] = {}
    for n, (r, _ev, st) in enumerate(items):
        by_pair.setdefault((r["person"], r["organization"]), []).append(n)
        office = _unique_title(r["title"])
        if office and st == "current":
            by_office.setdefault((r["organization"], office), []).append(n)
    for members in by_pair.values():
        for x_i, i in enumerate(members):
            for j in members[x_i + 1:]:
                (r1, e1, s1), (r2, e2, s2) = items[i], items[j]
                if s1 == s2 or e1.get("document") == e2.get("document"):
                    continue
                cur, old = (e1, e2) if s1 == "current" else (e2, e1)
                dc, do = _pubdate(cur), _pubdate(old)
                if dc is not None and do is not None and dc < do:
                    continue  # held then, left later: no conflict
                found.append({"kind": "role_status", "reason": "holds the position / has left it",
                              "a": _side(dict(r1, status=s1), "role", [e1]),
                              "b": _side(dict(r2, status=s2), "role", [e2])})
    for (_org, office), members in by_office.items():
        for x_i, i in enumerate(members):
            for j in members[x_i + 1:]:
                (r1, e1, s1), (r2, e2, s2) = items[i], items[j]
                if r1["person"] == r2["person"] or e1.get("document") == e2.get("document") \
                        or not _within(e1, e2, ROLE_WINDOW_DAYS):
                    continue
                found.append({"kind": "role_holder", "reason": f"two holders of one office ({office})",
                              "a": _side(dict(r1, status=s1), "role", [e1]),
                              "b": _side(dict(r2, status=s2), "role", [e2])})
    # the same pair once
    out, keys = [], set()
    for c in found:
        k = (c["kind"], c["a"].get("id"), c["b"].get("id"),
             c["a"]["evidence"][0].get("document"), c["b"]["evidence"][0].get("document"),
             c["a"]["evidence"][0].get("sentence"), c["b"]["evidence"][0].get("sentence"))
        if k not in keys:
            keys.add(k)
            out.append(c)
    for n, c in enumerate(out, 1):
        c["id"] = f"c{n}"
    return out


def _unique_title(title: str | None) -> str | None:
    t = (title or "").lower().strip()
    for u in UNIQUE_TITLES:
        if t == u or t.endswith(" " + u):
            return u.replace("secretary general", "secretary-general").replace("chairwoman", "chairman")
    return None
