"""Scores files updated in place (mcda_citydip.files.scores_edit): what is written by hand
stays, the result reads back as exactly the scores saved, else the caller writes afresh."""

from __future__ import annotations

from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.files.scores import dump_scores, parse_scores
from mcda_citydip.files.scores_edit import updated_scores_text
from mcda_citydip.files.yamlio import load_yaml_text
from mcda_citydip.model import GOAL, ExpertScores, Hierarchy, Node

CITIES = ("Alpha", "Beta", "Gamma")
HIERARCHY = Hierarchy(
    "h",
    {
        GOAL: Node(GOAL, "Goal", children=("MOU", "NET")),
        "MOU": Node("MOU", "Memoranda", direction="benefit"),
        "NET": Node("NET", "Networks", direction="benefit"),
    },
)
ANNOTATED = """\
# Ann's ratings, phone interview of 3 March
format: citydip/scores
version: 1
expert: ann
ratings:
  MOU:
    Alpha: 2   # she hesitated between 2 and 3
    # Beta: asked again in April
    Gamma: 5
  NET: {Alpha: 1}  # from the March notes
"""


def scores(ratings: dict[str, dict[str, float | None]]) -> ExpertScores:
    return ExpertScores(
        "ann",
        "f.yaml",
        MappingProxyType(
            {
                k: MappingProxyType({a: v for a, v in r.items() if v is not None})
                for k, r in ratings.items()
            }
        ),
        MappingProxyType({}),
        unknown=MappingProxyType(
            {k: tuple(a for a, v in r.items() if v is None) for k, r in ratings.items()}
        ),
    )


def read(text: str) -> ExpertScores:
    return parse_scores(load_yaml_text(text, "f.yaml"), HIERARCHY, CITIES)


def test_a_changed_a_new_and_a_dont_know_cell_keep_every_comment() -> None:
    wanted = scores({"MOU": {"Alpha": 2, "Beta": None, "Gamma": 4}, "NET": {"Alpha": 1, "Beta": 3}})
    text = updated_scores_text(ANNOTATED, wanted, HIERARCHY, CITIES, "f.yaml")
    assert text is not None
    lines = text.splitlines()
    for kept in (
        "# Ann's ratings, phone interview of 3 March",
        "    Alpha: 2   # she hesitated between 2 and 3",
        "    # Beta: asked again in April",
    ):
        assert kept in lines, text
    assert "# from the March notes" in text
    found = read(text)
    assert dict(found.ratings["MOU"]) == {"Alpha": 2, "Gamma": 4}
    assert found.unknown["MOU"] == ("Beta",)
    assert dict(found.ratings["NET"]) == {"Alpha": 1, "Beta": 3}


def test_a_rating_taken_back_loses_its_line_only() -> None:
    wanted = scores({"MOU": {"Alpha": 2}, "NET": {"Alpha": 1}})
    text = updated_scores_text(ANNOTATED, wanted, HIERARCHY, CITIES, "f.yaml")
    assert text is not None and "Gamma" not in text
    assert "# she hesitated between 2 and 3" in text and "# Ann's ratings" in text
    without_alpha = scores({"MOU": {"Gamma": 5}, "NET": {"Alpha": 1}})
    text = updated_scores_text(ANNOTATED, without_alpha, HIERARCHY, CITIES, "f.yaml")
    assert text is not None and "Alpha: 2" not in text
    for comment in ("# Beta: asked again in April", "# from the March notes", "# Ann's ratings"):
        assert comment in text, text  # a comment line never goes with a removed rating


def test_a_file_that_is_not_a_mapping_is_left_to_the_caller() -> None:
    assert updated_scores_text("- a\n- b\n", scores({}), HIERARCHY, CITIES, "f.yaml") is None
    assert updated_scores_text("a: [b\n", scores({}), HIERARCHY, CITIES, "f.yaml") is None


CELLS = st.dictionaries(
    st.sampled_from(["MOU", "NET"]),
    st.dictionaries(st.sampled_from(CITIES), st.one_of(st.none(), st.integers(1, 5)), min_size=1),
)


@settings(deadline=None, max_examples=60)
@given(CELLS, CELLS)
def test_any_update_reads_back_as_the_scores_saved(before: dict, after: dict) -> None:
    """From any file citydip wrote to any other scores: the update is faithful (or None,
    and the caller writes afresh)."""
    start = dump_scores(scores(before), HIERARCHY, CITIES, "written by hand: keep me")
    wanted = scores(after)
    text = updated_scores_text(start, wanted, HIERARCHY, CITIES, "f.yaml")
    assert text is not None
    found = read(text)
    assert {k: dict(v) for k, v in found.ratings.items()} == {
        k: dict(v) for k, v in wanted.ratings.items() if v
    }
    assert {k: set(v) for k, v in found.unknown.items()} == {
        k: set(v) for k, v in wanted.unknown.items() if v
    }
    assert "# written by hand: keep me" in text
