"""Unit tests of ``mcda_citydip.preprocess``: expert scores, transforms, the missing-data
policy and the reduction of the problem to the indicators that are left.

Every expected number is worked out by hand in the test from the small matrices below.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.errors import InputError
from mcda_citydip.expert_values import expert_values
from mcda_citydip.model import GOAL, ExpertScores, Hierarchy, Node, Problem
from mcda_citydip.preprocess import (
    apply_missing,
    apply_transforms,
    coverage_notes,
    fill_expert_scores,
    median,
    prune,
    reduce,
)

NAN = math.nan
ALTERNATIVES = ("Alpha", "Beta", "Gamma", "Delta", "Eps")
SOURCE = "cities.csv"


def hierarchy(dimensions: dict[str, tuple[tuple[str, str], ...]]) -> Hierarchy:
    """goal → dimensions → leaves ``(id, direction)``; a dimension named '' puts its leaves
    straight under the goal."""
    nodes: dict[str, Node] = {}
    top: list[str] = []
    for dimension, leaves in dimensions.items():
        for leaf, direction in leaves:
            nodes[leaf] = Node(leaf, f"name of {leaf}", direction=direction, unit="count")  # type: ignore[arg-type]
        if dimension:
            nodes[dimension] = Node(dimension, f"name of {dimension}", tuple(x for x, _ in leaves))
            top.append(dimension)
        else:
            top.extend(x for x, _ in leaves)
    nodes[GOAL] = Node(GOAL, "Goal", tuple(top))
    return Hierarchy("criteria.yaml", MappingProxyType(nodes))


TWO_DIMENSIONS = hierarchy(
    {
        "ECO": (("GDP", "benefit"), ("NET1", "benefit")),
        "SOC": (("EDU", "benefit"), ("RISK", "cost")),
    }
)


def problem(
    matrix: list[list[float]],
    tree: Hierarchy = TWO_DIMENSIONS,
    alternatives: tuple[str, ...] = ALTERNATIVES,
    population: list[float] | None = None,
) -> Problem:
    attributes = {} if population is None else {"pop": np.array(population, dtype=float)}
    return Problem(
        tree,
        alternatives[: len(matrix)],
        np.array(matrix, dtype=float),
        MappingProxyType(attributes),
        SOURCE,
    )


# Columns GDP, NET1, EDU, RISK; NET1 lacks Beta, EDU lacks Gamma and Delta.
WITH_GAPS = [
    [10.0, 5.0, 3.0, 2.0],
    [8.0, NAN, 4.0, 1.0],
    [6.0, 9.0, NAN, 3.0],
    [9.0, 1.0, NAN, 2.0],
    [7.0, 3.0, 4.0, 4.0],
]


# NET1 and EDU with no data at all: what pairwise comparisons of cities may score.
NO_NET1_EDU = [[row[0], NAN, NAN, row[3]] for row in WITH_GAPS]


# ---------------------------------------------------------------- prune


def test_prune_removes_a_leaf_and_keeps_the_shape():
    pruned = prune(TWO_DIMENSIONS, {"GDP", "EDU", "RISK"})
    assert pruned.leaves == ("GDP", "EDU", "RISK")
    assert pruned.nodes[GOAL].children == ("ECO", "SOC")
    assert pruned.nodes["ECO"].children == ("GDP",)
    assert pruned.nodes["SOC"].children == ("EDU", "RISK")
    assert "NET1" not in pruned.nodes
    # Everything else about the kept nodes is unchanged.
    assert pruned.nodes["RISK"] == TWO_DIMENSIONS.nodes["RISK"]
    assert pruned.nodes["ECO"].name == "name of ECO"
    assert pruned.directions() == ("benefit", "benefit", "cost")
    assert pruned.source == TWO_DIMENSIONS.source


def test_prune_removes_a_dimension_left_empty():
    pruned = prune(TWO_DIMENSIONS, {"EDU", "RISK"})
    assert pruned.leaves == ("EDU", "RISK")
    assert pruned.nodes[GOAL].children == ("SOC",)
    assert "ECO" not in pruned.nodes
    assert set(pruned.nodes) == {GOAL, "SOC", "EDU", "RISK"}
    assert pruned.inner == (GOAL, "SOC")


def test_prune_keeping_every_leaf_changes_nothing():
    pruned = prune(TWO_DIMENSIONS, set(TWO_DIMENSIONS.leaves))
    assert dict(pruned.nodes) == dict(TWO_DIMENSIONS.nodes)


def test_prune_of_a_three_level_hierarchy_removes_empty_branches_bottom_up():
    nodes = {
        GOAL: Node(GOAL, "Goal", ("A", "D")),
        "A": Node("A", "A", ("B", "x3")),
        "B": Node("B", "B", ("x1", "x2")),
        "x1": Node("x1", "x1", direction="benefit"),
        "x2": Node("x2", "x2", direction="cost"),
        "x3": Node("x3", "x3", direction="benefit"),
        "D": Node("D", "D", ("x4",)),
        "x4": Node("x4", "x4", direction="benefit"),
    }
    tree = Hierarchy("deep.yaml", MappingProxyType(nodes))
    pruned = prune(tree, {"x3", "x4"})
    assert pruned.leaves == ("x3", "x4")
    assert "B" not in pruned.nodes
    assert pruned.nodes["A"].children == ("x3",)
    assert pruned.nodes[GOAL].children == ("A", "D")


def test_prune_of_a_flat_list_of_indicators():
    flat = hierarchy({"": (("A", "benefit"), ("B", "cost"), ("C", "benefit"))})
    pruned = prune(flat, {"A", "C"})
    assert pruned.nodes[GOAL].children == ("A", "C")
    assert pruned.leaves == ("A", "C")
    assert pruned.directions() == ("benefit", "benefit")


# ---------------------------------------------------------------- reduce


def test_reduce_removes_the_dropped_column_and_renormalises_the_weights():
    given_problem = problem([[1, 2, 3, 4], [5, 6, 7, 8]])
    reduced, weights = reduce(given_problem, np.array([0.4, 0.2, 0.2, 0.2]), {"NET1"})
    # 0.4, 0.2, 0.2 over the kept total 0.8
    np.testing.assert_allclose(weights, [0.5, 0.25, 0.25], rtol=1e-12)
    assert reduced.criteria == ("GDP", "EDU", "RISK")
    np.testing.assert_array_equal(reduced.matrix, [[1, 3, 4], [5, 7, 8]])
    assert reduced.alternatives == given_problem.alternatives
    assert reduced.hierarchy.nodes["ECO"].children == ("GDP",)
    assert reduced.hierarchy.nodes[GOAL].children == ("ECO", "SOC")


def test_reduce_of_a_whole_dimension_prunes_it():
    given_problem = problem([[1, 2, 3, 4], [5, 6, 7, 8]])
    reduced, weights = reduce(given_problem, np.array([0.1, 0.2, 0.3, 0.4]), {"GDP", "NET1"})
    np.testing.assert_allclose(weights, [3 / 7, 4 / 7], rtol=1e-12)
    assert reduced.hierarchy.nodes[GOAL].children == ("SOC",)
    assert reduced.criteria == ("EDU", "RISK")
    np.testing.assert_array_equal(reduced.benefit, [True, False])
    np.testing.assert_array_equal(reduced.matrix, [[3, 4], [7, 8]])


def test_reduce_without_drops_normalises_the_weights_to_sum_one():
    given_problem = problem([[1, 2, 3, 4]])
    reduced, weights = reduce(given_problem, np.array([2.0, 1.0, 1.0, 4.0]), set())
    np.testing.assert_allclose(weights, [0.25, 0.125, 0.125, 0.5], rtol=1e-12)
    assert reduced.criteria == given_problem.criteria


def test_reduce_dropping_everything_is_an_input_error():
    given_problem = problem([[1, 2, 3, 4]])
    with pytest.raises(InputError) as info:
        reduce(given_problem, np.array([0.25] * 4), set(TWO_DIMENSIONS.leaves))
    assert SOURCE in str(info.value)
    assert "no indicator" in str(info.value)


def test_reduce_leaving_only_zero_weights_is_an_input_error():
    given_problem = problem([[1, 2, 3, 4]])
    with pytest.raises(InputError, match="no indicator"):
        reduce(given_problem, np.array([0.0, 0.5, 0.5, 0.0]), {"NET1", "EDU"})


# ---------------------------------------------------------------- apply_missing


def policies(default: str, **overrides: str) -> dict[str, str]:
    return {leaf: overrides.get(leaf, default) for leaf in TWO_DIMENSIONS.leaves}


def by_indicator(coverage):
    return {c.indicator: c for c in coverage}


def test_median_imputes_the_median_of_the_others():
    filled, coverage = apply_missing(problem(WITH_GAPS), policies("median"))
    found = by_indicator(coverage)
    # NET1: others 5, 9, 1, 3 → sorted 1, 3, 5, 9 → (3 + 5) / 2 = 4 (the mean would be 4.5)
    assert filled.matrix[1, 1] == 4.0
    assert dict(found["NET1"].imputed) == {"Beta": 4.0}
    assert found["NET1"].action == "imputed"
    assert found["NET1"].missing == ("Beta",)
    assert found["NET1"].data == ("Alpha", "Gamma", "Delta", "Eps")
    # EDU: others 3, 4, 4 → 4, for both gaps
    assert filled.matrix[2, 2] == 4.0
    assert filled.matrix[3, 2] == 4.0
    assert dict(found["EDU"].imputed) == {"Gamma": 4.0, "Delta": 4.0}
    assert found["GDP"].action == "complete"
    assert found["GDP"].missing == ()
    assert dict(found["GDP"].imputed) == {}
    assert {c.policy for c in coverage} == {"median"}


def test_zero_sets_the_gaps_to_zero():
    filled, coverage = apply_missing(problem(WITH_GAPS), policies("zero"))
    found = by_indicator(coverage)
    assert filled.matrix[1, 1] == 0.0
    assert filled.matrix[2, 2] == 0.0
    assert filled.matrix[3, 2] == 0.0
    assert found["NET1"].action == "zero"
    assert dict(found["EDU"].imputed) == {"Gamma": 0.0, "Delta": 0.0}


def test_drop_marks_the_indicator_dropped_and_leaves_no_nan():
    filled, coverage = apply_missing(problem(WITH_GAPS), policies("drop"))
    found = by_indicator(coverage)
    assert found["NET1"].action == "dropped"
    assert found["EDU"].action == "dropped"
    assert found["NET1"].missing == ("Beta",)
    assert found["GDP"].action == "complete"
    assert found["RISK"].action == "complete"
    assert not np.isnan(filled.matrix).any()
    # The kept columns are untouched.
    np.testing.assert_array_equal(filled.matrix[:, [0, 3]], np.array(WITH_GAPS)[:, [0, 3]])


def test_drop_does_not_touch_a_complete_indicator():
    complete = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
    filled, coverage = apply_missing(problem(complete), policies("drop"))
    assert all(c.action == "complete" for c in coverage)
    np.testing.assert_array_equal(filled.matrix, complete)


@pytest.mark.parametrize("policy", ["median", "zero"])
def test_an_indicator_without_any_value_is_dropped(policy):
    matrix = [[1.0, NAN, 3.0, 4.0], [5.0, NAN, 7.0, 8.0], [2.0, NAN, 1.0, 1.0]]
    _, coverage = apply_missing(problem(matrix), policies(policy))
    found = by_indicator(coverage)
    assert found["NET1"].action == "dropped"
    assert found["NET1"].missing == ("Alpha", "Beta", "Gamma")
    assert found["NET1"].data == ()
    notes = coverage_notes(coverage, np.array([0.4, 0.2, 0.2, 0.2]))
    assert any("NET1" in n and "dropped" in n for n in notes), notes


def test_fail_raises_one_message_per_indicator_naming_the_alternatives():
    with pytest.raises(InputError) as info:
        apply_missing(problem(WITH_GAPS), policies("fail"))
    messages = info.value.messages
    assert len(messages) == 2, messages
    net1 = [m for m in messages if "'NET1'" in m]
    edu = [m for m in messages if "'EDU'" in m]
    assert len(net1) == 1 and len(edu) == 1, messages
    assert "Beta" in net1[0] and "Gamma" not in net1[0]
    assert "Gamma" in edu[0] and "Delta" in edu[0] and "Beta" not in edu[0]
    for message in messages:
        assert message.startswith(SOURCE)
        assert "missing:" in message  # the fix: choose a policy


def test_fail_on_a_complete_matrix_is_no_error():
    complete = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
    _, coverage = apply_missing(problem(complete), policies("fail"))
    assert [c.action for c in coverage] == ["complete"] * 4


def test_per_indicator_policies():
    chosen = policies("median", NET1="zero", EDU="drop")
    filled, coverage = apply_missing(problem(WITH_GAPS), chosen)
    found = by_indicator(coverage)
    assert (found["NET1"].policy, found["NET1"].action) == ("zero", "zero")
    assert (found["EDU"].policy, found["EDU"].action) == ("drop", "dropped")
    assert (found["GDP"].policy, found["GDP"].action) == ("median", "complete")
    assert filled.matrix[1, 1] == 0.0


def test_an_indicator_without_a_policy_fails():
    with pytest.raises(InputError) as info:
        apply_missing(problem(WITH_GAPS), {"NET1": "median"})
    assert len(info.value.messages) == 1
    assert "'EDU'" in info.value.messages[0]


def test_expert_cells_are_counted_apart_from_data():
    filled_by_expert = [row[:] for row in WITH_GAPS]
    filled_by_expert[1][1] = 2.0  # Beta's NET1 came from an expert
    _, coverage = apply_missing(problem(filled_by_expert), policies("median"), {"NET1": ("Beta",)})
    found = by_indicator(coverage)
    assert found["NET1"].experts == ("Beta",)
    assert found["NET1"].data == ("Alpha", "Gamma", "Delta", "Eps")
    assert found["NET1"].missing == ()
    assert found["NET1"].action == "complete"


# The invariant: median and zero leave no NaN and never change a value that was there.
cells = st.one_of(st.just(NAN), st.floats(-1e6, 1e6, allow_nan=False))


@st.composite
def matrices_and_policies(draw):
    rows = draw(st.integers(1, 8))
    matrix = [[draw(cells) for _ in range(4)] for _ in range(rows)]
    chosen = {leaf: draw(st.sampled_from(["median", "zero"])) for leaf in TWO_DIMENSIONS.leaves}
    return matrix, chosen


@settings(max_examples=200, deadline=None)
@given(matrices_and_policies())
def test_median_and_zero_leave_no_nan_and_keep_present_values(case):
    matrix, chosen = case
    original = np.array(matrix, dtype=float)
    names = tuple(f"city{i}" for i in range(len(matrix)))
    filled, coverage = apply_missing(problem(matrix, alternatives=names), chosen)
    assert not np.isnan(filled.matrix).any()
    present = ~np.isnan(original)
    np.testing.assert_array_equal(filled.matrix[present], original[present])
    for j, found in enumerate(coverage):
        column = original[:, j]
        if np.isnan(column).all():
            assert found.action == "dropped"
            continue
        for value in found.imputed.values():
            if chosen[found.indicator] == "zero":
                assert value == 0.0
            else:
                known = column[~np.isnan(column)]
                assert known.min() <= value <= known.max()
                # as many known values at or below the median as at or above it
                assert (known <= value).sum() >= len(known) / 2
                assert (known >= value).sum() >= len(known) / 2


# ---------------------------------------------------------------- coverage_notes


def test_notes_say_what_was_dropped_and_the_weight_share():
    _, coverage = apply_missing(problem(WITH_GAPS), policies("drop"))
    notes = coverage_notes(coverage, np.array([0.4, 0.1, 0.2, 0.3]))
    assert len(notes) == 1, notes
    assert "NET1" in notes[0] and "EDU" in notes[0]
    assert "0.300" in notes[0]  # NET1 0.1 + EDU 0.2
    assert "re-normalised" in notes[0]


def test_notes_say_what_was_imputed():
    _, coverage = apply_missing(problem(WITH_GAPS), policies("median", EDU="zero"))
    notes = coverage_notes(coverage, np.array([0.25] * 4))
    assert len(notes) == 2, notes
    net1 = next(n for n in notes if "NET1" in n)
    edu = next(n for n in notes if "EDU" in n)
    assert "Beta" in net1 and "median" in net1 and "(4)" in net1
    assert "Gamma" in edu and "Delta" in edu and "zero" in edu


def test_no_notes_for_complete_data():
    _, coverage = apply_missing(problem([[1.0, 2.0, 3.0, 4.0]]), policies("median"))
    assert coverage_notes(coverage, np.array([0.25] * 4)) == ()


# ---------------------------------------------------------------- apply_transforms

RAW = [
    [10.0, 10.0, 3.0, 2.0],
    [8.0, 6.0, 4.0, 1.0],
    [6.0, 6.0, 2.0, 3.0],
    [9.0, NAN, 5.0, 2.0],
]
PEOPLE = [2_000_000.0, 3_000_000.0, 500_000.0, 1_000_000.0]


def test_no_transforms_returns_the_problem_unchanged():
    given_problem = problem(RAW, population=PEOPLE)
    assert apply_transforms(given_problem, {}, "pop") is given_problem


def test_log1p():
    transformed = apply_transforms(problem(RAW), {"GDP": "log1p"}, "")
    np.testing.assert_allclose(
        transformed.matrix[:, 0], [math.log(11), math.log(9), math.log(7), math.log(10)]
    )
    # Other columns and the missing cell are untouched.
    np.testing.assert_array_equal(transformed.matrix[:, 1:], np.array(RAW)[:, 1:])


def test_per_capita_and_per_million():
    given_problem = problem(RAW, population=PEOPLE)
    capita = apply_transforms(given_problem, {"NET1": "per-capita"}, "pop")
    million = apply_transforms(given_problem, {"NET1": "per-million"}, "pop")
    # 10 / 2e6, 6 / 3e6, 6 / 5e5; Delta stays missing
    np.testing.assert_allclose(capita.matrix[:3, 1], [5e-6, 2e-6, 12e-6], rtol=1e-12)
    np.testing.assert_allclose(million.matrix[:3, 1], [5.0, 2.0, 12.0], rtol=1e-12)
    assert np.isnan(capita.matrix[3, 1]) and np.isnan(million.matrix[3, 1])
    np.testing.assert_array_equal(million.matrix[:, 0], np.array(RAW)[:, 0])


def test_log1p_per_million():
    transformed = apply_transforms(
        problem(RAW, population=PEOPLE), {"NET1": "log1p-per-million"}, "pop"
    )
    np.testing.assert_allclose(
        transformed.matrix[:3, 1], [math.log(6), math.log(3), math.log(13)], rtol=1e-12
    )


def test_per_capita_with_a_missing_population_is_missing():
    people = [2_000_000.0, NAN, 500_000.0, 1_000_000.0]
    transformed = apply_transforms(problem(RAW, population=people), {"GDP": "per-capita"}, "pop")
    assert np.isnan(transformed.matrix[1, 0])
    assert transformed.matrix[0, 0] == pytest.approx(5e-6)


@pytest.mark.parametrize(
    ("population", "what"),
    [(0.0, "not positive"), (-3.0, "not positive"), (5e-324, "denormal"), (1e-310, "denormal")],
)
@pytest.mark.parametrize("transform", ["per-capita", "per-million", "log1p-per-million"])
def test_per_capita_with_a_zero_negative_or_denormal_population_is_an_input_error(
    population: float, what: str, transform: str
):
    """Issue 9 (4): 8 / 5e-324 is inf, and then the scores were NaN on exit 0."""
    people = [2_000_000.0, population, 500_000.0, 1_000_000.0]
    with pytest.raises(InputError) as info:
        apply_transforms(problem(RAW, population=people), {"GDP": transform}, "pop")
    (message,) = info.value.messages
    assert message.startswith(f"{SOURCE} (column 'pop', row 'Beta'): population")
    assert what in message and f"'{transform}' of 'GDP'" in message
    assert "positive number of people" in message and "\n" not in message


@pytest.mark.parametrize(
    ("value", "population", "transform"),
    [
        (1e300, 1e-300, "per-capita"),  # 1e600 overflows
        (1e305, 2.0, "per-million"),  # 5e310 overflows
        (1e-300, 1e10, "per-capita"),  # 1e-310 is denormal: digits lost
        (5e-324, 1e9, "per-capita"),  # underflows to 0
    ],
)
def test_per_capita_quotient_out_of_range_is_an_input_error(
    value: float, population: float, transform: str
):
    matrix = [row[:] for row in RAW]
    matrix[2][0] = value
    people = [2_000_000.0, 3_000_000.0, population, 1_000_000.0]
    with pytest.raises(InputError) as info:
        apply_transforms(problem(matrix, population=people), {"GDP": transform}, "pop")
    (message,) = info.value.messages
    assert message.startswith(f"{SOURCE} (column 'GDP', row 'Gamma'): ")
    assert "outside the range of floating-point numbers" in message


def test_per_million_of_a_value_near_the_float_limit_is_divided_first():
    """1e303 × 1e6 overflows, 1e303 / 2e6 × 1e6 does not: the quotient (5e302 per million
    people for a population of two million) is finite, so it is returned."""
    matrix = [row[:] for row in RAW]
    matrix[0][0] = 1e303
    transformed = apply_transforms(
        problem(matrix, population=PEOPLE[:1] * 4), {"GDP": "per-million"}, "pop"
    )
    assert transformed.matrix[0, 0] == pytest.approx(1e303 / 2, rel=1e-15)
    assert np.all(np.isfinite(transformed.matrix[:, 0]))


def test_per_capita_of_zero_is_zero_for_any_valid_population():
    matrix = [row[:] for row in RAW]
    matrix[1][0] = 0.0
    people = [2_000_000.0, 2.3e-308, 500_000.0, 1_000_000.0]
    transformed = apply_transforms(problem(matrix, population=people), {"GDP": "per-capita"}, "pop")
    assert transformed.matrix[1, 0] == 0.0


def test_transforms_then_median_imputes_on_the_transformed_scale():
    # NET1 1, 3, 7, 15 and one gap; log1p → ln 2, ln 4, ln 8, ln 16; median (ln 4 + ln 8) / 2
    matrix = [[1.0, 1.0, 1.0, 1.0], [1.0, 3.0, 1.0, 1.0], [1.0, 7.0, 1.0, 1.0]]
    matrix += [[1.0, 15.0, 1.0, 1.0], [1.0, NAN, 1.0, 1.0]]
    transformed = apply_transforms(problem(matrix), {"NET1": "log1p"}, "")
    filled, coverage = apply_missing(transformed, policies("median"))
    assert filled.matrix[4, 1] == pytest.approx(2.5 * math.log(2), rel=1e-12)
    assert by_indicator(coverage)["NET1"].imputed["Eps"] == pytest.approx(2.5 * math.log(2))


@pytest.mark.parametrize("transform", ["log1p", "log1p-per-million"])
def test_log1p_of_a_negative_value_is_an_input_error(transform):
    matrix = [row[:] for row in RAW]
    matrix[2][1] = -4.0
    with pytest.raises(InputError) as info:
        apply_transforms(problem(matrix, population=PEOPLE), {"NET1": transform}, "pop")
    message = str(info.value)
    assert "'NET1'" in message and "negative" in message and "log1p" in message
    assert message.startswith(SOURCE)


# ---------------------------------------------------------------- expert scores


def scores(
    expert: str,
    ratings: dict[str, dict[str, float]] | None = None,
    comparisons: dict[str, tuple[tuple[str, str, float], ...]] | None = None,
) -> ExpertScores:
    return ExpertScores(
        expert,
        f"{expert}.yaml",
        MappingProxyType(ratings or {}),
        MappingProxyType(comparisons or {}),
    )


def test_ratings_are_averaged_over_the_experts():
    found = expert_values(
        [
            scores("alice", {"NET1": {"Beta": 2.0, "Gamma": 5.0}}),
            scores("bob", {"NET1": {"Beta": 6.0}}),
            scores("carol", {"NET1": {"Beta": 7.0}, "EDU": {"Delta": 1.5}}),
        ],
        problem(WITH_GAPS),
    )
    assert found == {"NET1": {"Beta": 5.0, "Gamma": 5.0}, "EDU": {"Delta": 1.5}}


def test_consistent_comparisons_give_the_ahp_priorities():
    # Alpha:Beta = 2, Beta:Gamma = 2, Alpha:Gamma = 4 is consistent: w ∝ 4 : 2 : 1.
    pairs = (("Alpha", "Beta", 2.0), ("Beta", "Gamma", 2.0), ("Alpha", "Gamma", 4.0))
    found = expert_values([scores("alice", comparisons={"NET1": pairs})], problem(NO_NET1_EDU))
    assert set(found) == {"NET1"}
    assert set(found["NET1"]) == {"Alpha", "Beta", "Gamma"}  # only the compared cities
    assert found["NET1"]["Alpha"] == pytest.approx(4 / 7, rel=1e-9)
    assert found["NET1"]["Beta"] == pytest.approx(2 / 7, rel=1e-9)
    assert found["NET1"]["Gamma"] == pytest.approx(1 / 7, rel=1e-9)


def test_comparisons_written_the_other_way_round_are_reciprocal():
    pairs = (("Beta", "Alpha", 0.5), ("Gamma", "Beta", 0.5), ("Gamma", "Alpha", 0.25))
    found = expert_values([scores("alice", comparisons={"NET1": pairs})], problem(NO_NET1_EDU))
    assert found["NET1"]["Alpha"] == pytest.approx(4 / 7, rel=1e-9)
    assert found["NET1"]["Gamma"] == pytest.approx(1 / 7, rel=1e-9)


def test_incomplete_consistent_comparisons_give_the_same_priorities():
    # Without Alpha:Gamma the only consistent completion is 4 (Harker 1987).
    pairs = (("Alpha", "Beta", 2.0), ("Beta", "Gamma", 2.0))
    found = expert_values([scores("alice", comparisons={"EDU": pairs})], problem(NO_NET1_EDU))
    assert found["EDU"]["Alpha"] == pytest.approx(4 / 7, rel=1e-9)
    assert found["EDU"]["Beta"] == pytest.approx(2 / 7, rel=1e-9)
    assert found["EDU"]["Gamma"] == pytest.approx(1 / 7, rel=1e-9)


def test_comparisons_of_several_experts_are_pooled_by_geometric_mean():
    # Alpha:Beta 2 and 8 → √16 = 4 → priorities 4/5, 1/5
    found = expert_values(
        [
            scores("alice", comparisons={"NET1": (("Alpha", "Beta", 2.0),)}),
            scores("bob", comparisons={"NET1": (("Alpha", "Beta", 8.0),)}),
        ],
        problem(NO_NET1_EDU),
    )
    assert found["NET1"]["Alpha"] == pytest.approx(0.8, rel=1e-9)
    assert found["NET1"]["Beta"] == pytest.approx(0.2, rel=1e-9)


def test_rated_and_compared_on_one_indicator_is_an_error():
    with pytest.raises(InputError) as info:
        expert_values(
            [
                scores("alice", {"NET1": {"Beta": 2.0}}),
                scores("bob", comparisons={"NET1": (("Alpha", "Gamma", 3.0),)}),
            ],
            problem(NO_NET1_EDU),
        )
    assert "'NET1'" in str(info.value)
    assert "rated" in str(info.value) and "compared" in str(info.value)


def test_comparisons_that_do_not_link_all_cities_are_an_error():
    pairs = (("Alpha", "Beta", 2.0), ("Gamma", "Delta", 3.0))
    with pytest.raises(InputError) as info:
        expert_values([scores("alice", comparisons={"NET1": pairs})], problem(NO_NET1_EDU))
    message = str(info.value)
    assert "'NET1'" in message
    assert "Alpha" in message and "Delta" in message


def test_fill_expert_scores_fills_the_empty_cells():
    filled, provenance = fill_expert_scores(
        problem(WITH_GAPS), {"NET1": {"Beta": 2.5}, "EDU": {"Gamma": 1.0, "Delta": 6.0}}
    )
    assert filled.matrix[1, 1] == 2.5
    assert filled.matrix[2, 2] == 1.0
    assert filled.matrix[3, 2] == 6.0
    assert not np.isnan(filled.matrix).any()
    assert provenance == {"NET1": ("Beta",), "EDU": ("Gamma", "Delta")}
    # the original problem is not changed
    assert np.isnan(problem(WITH_GAPS).matrix[1, 1])


def test_fill_expert_scores_refuses_a_cell_that_has_data():
    with pytest.raises(InputError) as info:
        fill_expert_scores(problem(WITH_GAPS), {"NET1": {"Beta": 2.5, "Alpha": 1.0}})
    message = str(info.value)
    assert "Alpha/NET1" in message
    assert "Beta/NET1" not in message
    assert message.startswith(SOURCE)


def test_comparisons_on_an_indicator_with_data_are_refused():
    """Relative priorities (summing to 1) cannot share a column with measured values."""
    pairs = (("Beta", "Gamma", 2.0),)
    with pytest.raises(InputError, match="has data for some cities"):
        expert_values([scores("alice", comparisons={"NET1": pairs})], problem(WITH_GAPS))


def test_ratings_combine_by_the_median_when_the_scenario_says_so():
    panel = [
        scores("alice", {"NET1": {"Beta": 1.0}}),
        scores("bob", {"NET1": {"Beta": 2.0}}),
        scores("carol", {"NET1": {"Beta": 9.0}}),
    ]
    assert expert_values(panel, problem(WITH_GAPS), "median") == {"NET1": {"Beta": 2.0}}
    assert expert_values(panel, problem(WITH_GAPS)) == {"NET1": {"Beta": 4.0}}


def with_scale(tree: Hierarchy, leaf: str, unit: str, points: range) -> Hierarchy:
    from msgspec.structs import replace as changed

    from mcda_citydip.model import RatingScale

    scale = RatingScale(MappingProxyType({p: f"point {p}" for p in points}))
    nodes = dict(tree.nodes)
    nodes[leaf] = changed(nodes[leaf], unit=unit, scale=scale)
    return Hierarchy(tree.source, MappingProxyType(nodes))


def test_ratings_on_a_scale_never_sit_beside_measured_values():
    rated = with_scale(TWO_DIMENSIONS, "NET1", "count", range(1, 6))
    panel = [scores("alice", {"NET1": {"Beta": 4.0}})]
    with pytest.raises(InputError) as caught:
        expert_values(panel, problem(WITH_GAPS, rated))
    (message,) = caught.value.messages
    assert "NET1 is rated on its 1–5 scale but has measured values (count) for 4 of 5" in message
    in_unit = with_scale(TWO_DIMENSIONS, "NET1", "0–4", range(5))  # the unit is the scale
    assert expert_values(panel, problem(WITH_GAPS, in_unit)) == {"NET1": {"Beta": 4.0}}
    empty = [[row[0], NAN, *row[2:]] for row in WITH_GAPS]  # nothing measured: rate all
    assert expert_values(panel, problem(empty, rated)) == {"NET1": {"Beta": 4.0}}


def test_raters_are_the_experts_who_scored_the_indicator():
    from mcda_citydip.expert_values import raters_of

    panel = [
        scores("alice", {"NET1": {"Beta": 1.0}}),
        scores("bob", {"EDU": {"Delta": 2.0}}, {"NET1": (("Beta", "Gamma", 3.0),)}),
        scores("carol"),
    ]
    assert raters_of(panel) == {"NET1": ("alice", "bob"), "EDU": ("bob",)}


@given(
    st.lists(
        st.floats(
            allow_nan=False, allow_infinity=False, width=64, min_value=-1e300, max_value=1e300
        ),
        min_size=1,
        max_size=40,
    )
)
def test_median_is_numpys_bit_for_bit(values: list[float]) -> None:
    """The imputation median, without numpy.median (which imports numpy.ma on first use)."""
    array = np.array(values)
    ours, numpys = np.float64(median(array)), np.float64(np.median(array))
    assert ours.view(np.int64) == numpys.view(np.int64)  # the same bits, signed zeros too
