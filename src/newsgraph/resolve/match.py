"""Match scores with explanations. First version: equal folded names of the same type."""
from __future__ import annotations

from dataclasses import dataclass

from .keys import fold

COMPATIBLE = {"person": {"person"}, "organization": {"organization"}, "location": {"location"},
              "group": {"group"}, "other": {"other"}}
THRESHOLD = 0.9


@dataclass(frozen=True)
class MatchResult:
    score: float
    rule: str
    explanation: str


def score(a_type: str, a_names: list[str], b_type: str, b_names: list[str]) -> MatchResult | None:
    if b_type not in COMPATIBLE.get(a_type, {a_type}):
        return None
    fa = {fold(n) for n in a_names} - {""}
    fb = {fold(n) for n in b_names} - {""}
    common = fa & fb
    if common:
        n = sorted(common, key=len)[-1]
        return MatchResult(1.0, "same_name", f"both are called {n!r} once folded")
    return None
