"""Time end to end on the seed article (published 2023-11-07)."""
from __future__ import annotations

import pytest

from .conftest import SEED


@pytest.fixture(scope="module")
def seed_extraction(pipeline):
    from newsgraph.ingest.text import read

    return pipeline.extract(read(str(SEED), SEED.read_bytes()))


@pytest.mark.parametrize("fragment, value", [
    ("In early summer, the Iranian capital", "2023-06"),
    ("They are also said to have met with", "2023-06"),          # inherited
    ("Ameri was last year excluded", "2022"),
    ("Khamenei agreed to also separately meet", "2023-06"),       # after a flashback-free digression
    ("were killed in a US drone strike", "2020-01"),
    ("Khamenei held the scheduled plenary session", "2023-06"),   # the day after a June session
    ("as Israel continues to pummel Gaza", "2023-11"),            # the article's present
])
def test_time_seed_sentence_times(seed_extraction, fragment, value):
    ex = seed_extraction
    i = next(s.index for s in ex.sentences if fragment in s.text)
    tv = ex.sentence_times[i]
    assert tv is not None and tv.value.startswith(value), (fragment, tv)
