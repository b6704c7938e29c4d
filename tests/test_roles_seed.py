"""Roles end to end on the seed article: who leads what, and who led it before."""
from __future__ import annotations

import pytest

from .conftest import SEED


@pytest.fixture(scope="module")
def seed_extraction(pipeline):
    from newsgraph.ingest.text import read

    return pipeline.extract(read(str(SEED), SEED.read_bytes()))


def _roles(ex):
    names = {a.key: a.name for a in ex.actors}
    return {(names[r.person], r.title, names[r.organization]): r for r in ex.roles}


@pytest.mark.parametrize("person, title, org, status", [
    ("Falih Al-Fayyadh", "chairman", "Popular Mobilization Units", "current"),
    ("Abdulaziz Al-Muhammadawi", "chief of staff", "Popular Mobilization Units", "current"),
    ("Abu Mahdi Al-Muhandis", "deputy chairman", "Popular Mobilization Units", "former"),
    ("Qasem Soleimani", "commander", "Quds Force", "former"),
    ("Ali Khamenei", "supreme leader", "Iran", "current"),
])
def test_roles_seed_positions(seed_extraction, person, title, org, status):
    got = _roles(seed_extraction)
    hits = [r for (p, t, o), r in got.items() if p.endswith(person.split()[-1]) and t == title and o.startswith(org.split()[0])]
    assert hits, sorted(got)
    assert hits[0].status == status


def test_roles_seed_since_taking_charge(seed_extraction):
    got = _roles(seed_extraction)
    qaani = [r for (p, t, o), r in got.items() if "Qa" in p and t == "commander"]
    assert qaani and qaani[0].since == "2020"


def test_roles_seed_every_role_has_its_sentence(seed_extraction):
    ex = seed_extraction
    for r in ex.roles:
        assert 0 <= r.sentence < len(ex.sentences)
        assert r.span is None or ex.article.text[r.span.start:r.span.end] == r.span.text
