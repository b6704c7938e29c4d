"""Facts across sentences and articles: rows that state the same fact become one fact with several
evidence items, a corroboration count and a confidence.

Fact identity:
- role: (person, organisation, title);
- tie: (kind, source, target);
- event: (type, source set, target set, negated).

Confidence (shown wherever a fact is shown), for one evidence item::

    base   = 0.9 reporter | 0.8 named | 0.6 anonymous
    item   = base * (0.7 if hedged else 1.0)

and for a fact with evidence from k independent publishers (the best item per publisher)::

    confidence = 1 - prod(1 - item_p)   over publishers p, capped at 0.99
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

BASE = {"reporter": 0.9, "named": 0.8, "anonymous": 0.6}
HEDGE_FACTOR = 0.7


def item_confidence(att: dict) -> float:
    return BASE.get(att.get("source"), 0.6) * (HEDGE_FACTOR if att.get("hedged") else 1.0)


def publisher_of(ev: dict) -> str:
    return (ev.get("publisher") or ev.get("url") or ev.get("document") or "?").lower()


def _group(rows: list[dict], key: Callable[[dict], Hashable], prefix: str) -> list[dict]:
    facts: dict[Hashable, dict] = {}
    for r in rows:
        k = key(r)
        f = facts.get(k)
        if f is None:
            f = dict(r)
            f["evidence"] = []
            f["attributions"] = []
            facts[k] = f
        f["evidence"].append(r["evidence"])
        f["attributions"].append(r["attribution"])
    out = []
    for n, f in enumerate(facts.values(), 1):
        best: dict[str, float] = {}
        for ev, att in zip(f["evidence"], f["attributions"]):
            p = publisher_of(ev)
            best[p] = max(best.get(p, 0.0), item_confidence(att))
        miss = 1.0
        for c in best.values():
            miss *= 1 - c
        f["confidence"] = round(min(0.99, 1 - miss), 3)
        f["corroboration"] = len(best)
        # the fact's attribution: the firmest voice that states it
        f["attribution"] = max(f["attributions"], key=item_confidence)
        f["id"] = f"{prefix}{n}"
        out.append(f)
    return out


def group_roles(rows: list[dict]) -> list[dict]:
    return _group(rows, lambda r: (r["person"], r["organization"], r["title"]), "r")


def group_ties(rows: list[dict]) -> list[dict]:
    return _group(rows, lambda r: (r["kind"], r["source"], r["target"]), "t")


def group_events(rows: list[dict]) -> list[dict]:
    return _group(rows, lambda r: (r["type"], frozenset(r["source"]), frozenset(r["target"]), r["negated"]), "v")
