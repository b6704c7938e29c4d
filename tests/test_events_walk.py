"""The noun-phrase walk is iterative: a relative pronoun whose antecedent phrase holds the pronoun itself
("the part that Qatar played") once sent pronoun -> np_actors_at -> walk -> pronoun round until Python's
recursion limit, and the whole article was lost."""
from __future__ import annotations

from .conftest import actor_named

ROLE_CLAUSES = [
    "Iran rejected the role that has angered Israel, and Hamas condemned it.",
    "Egypt praised the part that Qatar played, which angered Israel.",
]


def test_role_noun_with_relative_clause_is_read(extract):
    for text in ROLE_CLAUSES:
        ex = extract(text)  # used to raise RecursionError
        assert ex.events, text


def test_relative_clause_keeps_the_sides(extract):
    ex = extract(ROLE_CLAUSES[1])
    praise = [e for e in ex.events if e.type == "SUPPORT"]
    assert praise and actor_named(ex, "Egypt").key in praise[0].source
