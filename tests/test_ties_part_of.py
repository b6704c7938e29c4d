"""The "part of" tie points from the part to the whole, whatever the sentence's shape."""
from __future__ import annotations

import pytest

CASES = [
    ("The Quds Force, part of the Islamic Revolutionary Guard Corps, trains Hezbollah.",
     "Quds Force", "Islamic Revolutionary Guard Corps"),
    ("Kataib Hezbollah, which is part of the Popular Mobilization Forces, fought in Mosul.",
     "Kataib Hezbollah", "Popular Mobilization Forces"),
    ("Hezbollah forms part of the Axis of Resistance.", "Hezbollah", "Axis of Resistance"),
    ("Iran counts Hezbollah as part of its Axis of Resistance.", "Hezbollah", "Axis of Resistance"),
    ("As part of the Axis of Resistance, Hezbollah attacked Israel.", "Hezbollah", "Axis of Resistance"),
    ("Kataib Hezbollah is part of the Popular Mobilization Forces, an umbrella of Iraqi militias.",
     "Kataib Hezbollah", "Popular Mobilization Forces"),
]


@pytest.mark.parametrize(("text", "part", "whole"), CASES, ids=[c[0][:30] for c in CASES])
def test_part_of_points_from_the_part_to_the_whole(extract, text, part, whole):
    ext = extract(text)
    names = {a.key: a.name for a in ext.actors}
    ties = {(names.get(t.source), names.get(t.target)) for t in ext.ties if t.kind == "part_of"}
    assert (part, whole) in ties, ties
    assert not any(target == part for _, target in ties)  # never the other way round
    assert all(src in (part,) for src, _ in ties), ties  # "As part of Y, X attacked Z": not Z
