"""A fixture list written without line breaks glues the away team of one match to the home team of the
next ("Augsburg vs. Schalke Dortmund vs. Frankfurt"): the actor stage cuts such a name in two."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

FIXTURES = ("The league resumes this weekend after the winter break. Saturday, March 4 Freiburg vs. "
            "Augsburg Hamburg vs. Werder Bremen Hertha Berlin vs. Wolfsburg Schalke vs. Dortmund")


def test_glued_fixture_names_are_cut_into_teams(read_actors):
    ctx = read_actors(FIXTURES)
    names = {a.name for a in ctx.actors.values()}
    assert not names & {"Augsburg Hamburg", "Werder Bremen Hertha Berlin", "Bremen Hertha Berlin",
                        "Wolfsburg Schalke"}
    assert {"Augsburg", "Hamburg", "Werder Bremen", "Hertha Berlin", "Wolfsburg", "Schalke"} <= names


def test_a_name_after_a_single_versus_is_not_cut(read_actors):
    ctx = read_actors("The final was Real Madrid vs. Bayern Munich in Berlin on Saturday.")
    names = {a.name for a in ctx.actors.values()}
    assert "Bayern Munich" in names and "Munich" not in names
