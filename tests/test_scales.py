"""Rating scales: declared in the criteria file, or the default of the indicator's kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.model import Node, RatingScale
from mcda_citydip.scales import (
    ACTIVITY,
    BARRIER,
    LEVEL,
    default_scale,
    in_unit,
    rating_problem,
    rating_scale,
    scale_text,
)

SHIPPED = Path(__file__).parent.parent / "criteria" / "city-diplomacy.yaml"
# The indicators the Persian Gulf case has no open data for (README, "Persian Gulf").
WITHOUT_OPEN_DATA = [
    "NET5",
    "BIL2",
    "BIL3",
    "BIL4",
    "KNW1",
    "KNW2",
    "KNW3",
    "KNW5",
    "ECO3",
    "ECO4",
    "ECO5",
    "CUL1",
    "CUL2",
    "CUL4",
    "CUL5",
    "POL2",
    "POL3",
    "POL4",
    "POL5",
    "POL6",
]


@pytest.mark.parametrize(
    ("unit", "direction", "anchors"),
    [
        ("count", "benefit", ACTIVITY),
        ("count/yr", "benefit", ACTIVITY),
        ("projects/yr", "benefit", ACTIVITY),
        ("%", "benefit", LEVEL),
        ("USD per capita/yr", "benefit", LEVEL),
        ("count", "cost", BARRIER),
        ("km", "cost", BARRIER),
    ],
)
def test_the_default_scale_fits_the_kind_of_indicator(unit, direction, anchors):
    scale = default_scale(Node("X", "X", unit=unit, direction=direction))
    assert scale.points == (1, 2, 3, 4, 5)
    assert tuple(scale.anchors.values()) == anchors
    assert not scale.declared


def test_a_declared_scale_wins_over_the_default():
    declared = RatingScale({0: "none", 1: "some", 2: "much"})
    assert rating_scale(Node("X", "X", unit="count", scale=declared)) is declared


def test_scale_text_and_points():
    assert scale_text(RatingScale({1: "a", 2: "", 3: "c"})) == "1–3"
    assert scale_text(RatingScale({0: "a", 5: "b", 10: "c"})) == "0, 5, 10"
    scale = RatingScale({1: "a", 2: "b", 3: "c"})
    assert rating_problem(scale, 2.0) is None
    for bad in (0.0, 4.0, 2.5, float("nan")):
        problem = rating_problem(scale, bad)
        assert problem is not None and "not a point of the scale (1–3)" in problem


def test_ratings_are_in_the_unit_only_when_the_unit_is_the_scale():
    scale = RatingScale({p: "" if p % 2 else f"p{p}" for p in range(5)})
    assert in_unit(Node("A", "A", unit="0–4", scale=scale))
    assert in_unit(Node("A", "A", unit="0-4", scale=scale))  # a hyphen for the dash
    assert not in_unit(Node("A", "A", unit="count", scale=scale))
    assert in_unit(Node("A", "A", unit="count"))  # no declared scale: ratings in the unit


def test_the_shipped_hierarchy_declares_a_scale_for_every_indicator_without_open_data():
    hierarchy = load_criteria(SHIPPED)
    declared = [k for k in hierarchy.leaves if hierarchy.nodes[k].scale is not None]
    assert declared == WITHOUT_OPEN_DATA
    for k in declared:
        scale = hierarchy.nodes[k].scale
        assert scale is not None
        anchors = scale.anchors
        assert anchors[scale.points[0]] and anchors[scale.points[-1]], k  # both ends say
    units = {k for k in declared if in_unit(hierarchy.nodes[k])}
    assert units == {"NET5", "KNW5", "POL4", "POL6"}  # 0–10, 0–3, 0–4, 0–10


def write(tmp_path: Path, scale: str, children: bool = False) -> Path:
    leaf = (
        "    direction: benefit\n"
        if not children
        else "    children:\n      - {id: B, direction: cost}\n"
    )
    text = f"format: citydip/criteria\nversion: 1\ncriteria:\n  - id: A\n{leaf}    scale: {scale}\n"
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_declared_scale_is_read_in_point_order(tmp_path):
    hierarchy = load_criteria(write(tmp_path, "{5: lots, 1: none, 3: ''}"))
    scale = hierarchy.nodes["A"].scale
    assert scale is not None and scale.declared
    assert scale.points == (1, 3, 5)
    assert dict(scale.anchors) == {1: "none", 3: "", 5: "lots"}


@pytest.mark.parametrize(
    ("scale", "children", "needles"),
    [
        ("{1: only}", False, ("criteria[0].scale", "2 to 11 points, found 1")),
        ("{1: '', 2: ''}", False, ("criteria[0].scale", "no point has an anchor text")),
        ("{1.5: a, 2: b}", False, ("criteria[0].scale.1.5", "integer")),
        ("{1: a, 2: b}", True, ("criteria[0].scale", "not an indicator", "remove 'scale'")),
        ("[1, 2, 3]", False, ("criteria[0].scale",)),
    ],
)
def test_a_bad_scale_is_a_located_error(tmp_path, scale, children, needles):
    with pytest.raises(InputError) as caught:
        load_criteria(write(tmp_path, scale, children))
    message = str(caught.value)
    for needle in needles:
        assert needle in message, message
    assert "line 5" in message or "line 6" in message or "line 7" in message, message
