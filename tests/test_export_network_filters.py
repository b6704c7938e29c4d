"""The network's filters: partial dates as ranges, time windows, hedging, voices, confidence."""
from __future__ import annotations

import pytest

from newsgraph.export.network import date_range, fact_date, keep_fact, overlaps


@pytest.mark.parametrize("value,expected", [
    ("2023", ("2023-01-01", "2023-12-31")),
    ("2023-06", ("2023-06-01", "2023-06-31")),
    ("2023-06-14", ("2023-06-14", "2023-06-14")),
    ("2023-06-14T10:00", ("2023-06-14", "2023-06-14")),
    (None, None), ("", None), ("early", None),
])
def test_export_network_partial_dates_are_ranges(value, expected):
    assert date_range(value) == expected


@pytest.mark.parametrize("value,since,until,inside", [
    ("2023", "2023-06", None, True),         # a year overlaps a month inside it
    ("2023-06", "2023", "2023", True),
    ("2022-12-31", "2023", None, False),
    ("2024-01", None, "2023-12", False),
    ("2023-12", None, "2023-12-01", True),
    (None, "2023", "2023", True),           # undated facts are kept
])
def test_export_network_time_window(value, since, until, inside):
    assert overlaps(value, since, until) is inside


def _fact(source="reporter", hedged=False, confidence=0.9, time=None, published="2023-11-07", voices=None):
    att = {"source": source, "hedged": hedged}
    return {"id": "v1", "type": "CONSULT", "time": time, "attribution": att, "attributions": voices or [att],
            "confidence": confidence, "evidence": [{"published": published, "text": "s", "document": "d"}]}


def test_export_network_fact_date_prefers_event_time_over_publication():
    assert fact_date(_fact(time="2020")) == "2020"
    assert fact_date(_fact()) == "2023-11-07"
    assert fact_date(_fact(published=None)) is None


def test_export_network_keep_fact_filters():
    firm, hedged = _fact(), _fact(hedged=True, confidence=0.63)
    assert keep_fact(firm, kind="CONSULT", hedged=False) and not keep_fact(hedged, kind="CONSULT", hedged=False)
    assert keep_fact(hedged, kind="CONSULT", hedged=True) and not keep_fact(firm, kind="CONSULT", hedged=True)
    assert not keep_fact(hedged, kind="CONSULT", min_confidence=0.8)
    assert keep_fact(firm, kind="CONSULT", types=["consult", "role"]) and not keep_fact(firm, kind="CONSULT", types=["role"])
    both = _fact(voices=[{"source": "reporter", "hedged": False}, {"source": "anonymous", "hedged": True}])
    assert keep_fact(both, kind="CONSULT", sources=["anonymous"]), "any voice that states it counts"
    assert not keep_fact(firm, kind="CONSULT", sources=["named"])
    assert not keep_fact(_fact(time="2019"), kind="CONSULT", since="2020")
