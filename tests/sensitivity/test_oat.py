"""Tests for ``mcda_citydip.sensitivity.oat``: proportional sweeps and top intervals."""

from __future__ import annotations

import json
import math
from types import MappingProxyType

import numpy as np
import pytest
from cases import METHOD_OPTIONS, flat_problem, weighted_problems
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import GOAL, Hierarchy, Node, Problem
from mcda_citydip.ranking import METHODS
from mcda_citydip.sensitivity.oat import leaves_under, oat, sweep_weights


def two_level_problem() -> Problem:
    """Goal → D1 (c1, c2) and c3 (a leaf directly under the goal); A = (1, 1, 0), B = (0, 0, 1)."""
    nodes = {
        GOAL: Node(GOAL, "Goal", children=("D1", "c3")),
        "D1": Node("D1", "Dimension 1", children=("c1", "c2")),
        "c1": Node("c1", "c1", direction="benefit"),
        "c2": Node("c2", "c2", direction="benefit"),
        "c3": Node("c3", "c3", direction="benefit"),
    }
    matrix = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    return Problem(Hierarchy("test", MappingProxyType(nodes)), ("A", "B"), matrix)


W_TWO_LEVEL = np.array([0.3, 0.3, 0.4])

# ------------------------------------------------------------------------ sweep_weights


def test_sweep_weights_by_hand() -> None:
    """w = (0.2, 0.3, 0.5), group {c1, c2} (share 0.5, ratio 2:3): at t = 0.25 the group gets
    (0.1, 0.15) and c3 the rest 0.75; at t = 1 the group gets (0.4, 0.6) and c3 nothing."""
    rows = sweep_weights(np.array([0.2, 0.3, 0.5]), [0, 1], np.array([0.0, 0.25, 1.0]))
    assert rows == pytest.approx(
        np.array([[0.0, 0.0, 1.0], [0.1, 0.15, 0.75], [0.4, 0.6, 0.0]]), abs=1e-15
    )


def test_sweep_weights_rescales_the_rest_in_proportion() -> None:
    """w = (0.5, 0.1, 0.4), sweeping c1 to 0.75: c2 and c3 share 0.25 in the ratio 1:4."""
    rows = sweep_weights(np.array([0.5, 0.1, 0.4]), [0], np.array([0.75]))
    assert rows[0] == pytest.approx([0.75, 0.05, 0.2], abs=1e-15)


def test_sweep_weights_zero_group_is_split_equally() -> None:
    """A group of weight 0 has no proportions: its indicators share t equally."""
    rows = sweep_weights(np.array([0.0, 0.0, 1.0]), [0, 1], np.array([0.4]))
    assert rows[0] == pytest.approx([0.2, 0.2, 0.6], abs=1e-15)


def test_sweep_weights_zero_rest_is_split_equally() -> None:
    """When the group holds all the weight, the others share 1 − t equally."""
    rows = sweep_weights(np.array([1.0, 0.0, 0.0]), [0], np.array([0.4]))
    assert rows[0] == pytest.approx([0.4, 0.3, 0.3], abs=1e-15)


@pytest.mark.parametrize(
    ("weights", "group", "grid"),
    [
        (np.array([0.5, -0.1, 0.6]), [0], np.array([0.5])),  # negative weight
        (np.array([0.5, 0.4]), [0], np.array([0.5])),  # does not sum to 1
        (np.array([0.5, 0.5]), [0, 1], np.array([0.5])),  # the group is everything
        (np.array([0.5, 0.5]), [], np.array([0.5])),  # empty group
        (np.array([0.5, 0.5]), [0], np.array([1.5])),  # share outside [0, 1]
        (np.array([0.5, 0.5]), [0], np.array([-0.1])),
    ],
)
def test_sweep_weights_rejects_bad_input(
    weights: np.ndarray, group: list[int], grid: np.ndarray
) -> None:
    with pytest.raises(ValueError, match=r"weights|group|grid"):
        sweep_weights(weights, group, grid)


@st.composite
def weights_and_group(draw: st.DrawFn) -> tuple[np.ndarray, list[int]]:
    raw = draw(st.lists(st.integers(0, 20), min_size=2, max_size=7).filter(lambda w: sum(w) > 0))
    weights = np.array(raw, dtype=float) / sum(raw)
    group = draw(
        st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=len(raw) - 1, unique=True)
    )
    return weights, group


@given(weights_and_group(), st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20))
def test_sweep_weights_stay_on_the_simplex(
    case: tuple[np.ndarray, list[int]], grid: list[float]
) -> None:
    """Every swept vector is non-negative, sums to 1 and gives the group exactly t."""
    weights, group = case
    rows = sweep_weights(weights, group, np.array(grid))
    assert np.all(rows >= 0)
    assert rows.sum(axis=1) == pytest.approx(np.ones(len(grid)), abs=1e-12)
    assert rows[:, group].sum(axis=1) == pytest.approx(grid, abs=1e-12)


@given(weights_and_group(), st.floats(0.0, 1.0))
def test_sweep_weights_keep_proportions(case: tuple[np.ndarray, list[int]], t: float) -> None:
    """Inside and outside the group the weights keep their ratios (when not all zero)."""
    weights, group = case
    row = sweep_weights(weights, group, np.array([t]))[0]
    inside = np.zeros(len(weights), dtype=bool)
    inside[group] = True
    for mask, total in ((inside, t), (~inside, 1.0 - t)):
        if weights[mask].sum() > 0:
            expected = weights[mask] / weights[mask].sum() * total
            assert row[mask] == pytest.approx(expected, abs=1e-12)


@given(weights_and_group())
def test_current_weights_at_current_share(case: tuple[np.ndarray, list[int]]) -> None:
    """At t = the group's current share the sweep gives back the current weights."""
    weights, group = case
    share = weights[group].sum()
    if 0 < share < 1:  # otherwise one side has no proportions (equal split, stated)
        row = sweep_weights(weights, group, np.array([share]))[0]
        assert row == pytest.approx(weights, abs=1e-12)


# ------------------------------------------------------------------------ oat: by hand


def test_leaves_under() -> None:
    hierarchy = two_level_problem().hierarchy
    assert leaves_under(hierarchy, "D1") == ("c1", "c2")
    assert leaves_under(hierarchy, "c3") == ("c3",)
    assert leaves_under(hierarchy, GOAL) == ("c1", "c2", "c3")


def test_oat_topsis_dimension_by_hand() -> None:
    """A = (1, 1, 0), B = (0, 0, 1), benefit; every column has unit norm and range, so TOPSIS
    (vector) works on the weighted values: ideal (w1, w2, w3), anti-ideal 0,
    C_A = √(w1² + w2²)/(√(w1² + w2²) + w3) and C_B = 1 − C_A: A is first iff √(w1² + w2²) > w3.

    * dimension D1 = {c1, c2} at share t (c1:c2 kept 1:1, so w1 = w2 = t/2, w3 = 1 − t):
      t/√2 > 1 − t ⇔ t > √2/(1 + √2) = 2 − √2 ≈ 0.5858; current t = 0.6 → A on (2 − √2, 1];
    * c3 (a leaf under the goal, so also a dimension) at share t: w1 = w2 = (1 − t)/2:
      (1 − t)/√2 > t ⇔ t < √2 − 1 ≈ 0.4142; current 0.4 → A on [0, √2 − 1);
    * c1 at share t (w2 = 0.3u, w3 = 0.4u, u = (1 − t)/0.7): t² > 0.07u² ⇔
      t > √0.07/(0.7 + √0.07) ≈ 0.2743.
    """
    result = oat(two_level_problem(), W_TWO_LEVEL, "topsis", grid_points=11)
    d1 = result.dimensions["D1"]
    assert d1.members == ("c1", "c2") and d1.kind == "dimension"
    assert d1.top == "A" and d1.current == pytest.approx(0.6)
    assert d1.interval == pytest.approx((2 - math.sqrt(2), 1.0), abs=1e-9)
    assert (d1.below, d1.above) == ("B", None)
    c3 = result.dimensions["c3"]
    assert c3.interval == pytest.approx((0.0, math.sqrt(2) - 1), abs=1e-9)
    assert (c3.below, c3.above) == (None, "B")
    assert result.indicators["c3"].interval == pytest.approx(c3.interval, abs=1e-9)
    root = math.sqrt(0.07)
    c1 = result.indicators["c1"]
    assert c1.interval == pytest.approx((root / (0.7 + root), 1.0), abs=1e-9)


def test_oat_ranks_along_the_grid_by_hand() -> None:
    """D1 on 11 points 0, 0.1, …, 1 (0.6 is the current share, kept once): B is first below
    2 − √2 ≈ 0.586 and A from 0.6 on."""
    d1 = oat(two_level_problem(), W_TWO_LEVEL, "topsis", grid_points=11).dimensions["D1"]
    assert len(d1.grid) == 11
    assert d1.grid[d1.current_index] == 0.6
    assert d1.grid == pytest.approx([k / 10 for k in range(11)], abs=1e-12)
    assert d1.ranks["A"] == (2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1)
    assert d1.ranks["B"] == (1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2)
    assert d1.ranks_array(("B", "A"))[:, 0].tolist() == [1, 2]


def test_oat_vikor_dimension_by_hand() -> None:
    """Same problem, VIKOR: regrets A (0, 0, 1), B (1, 1, 0); S_A = R_A = w3, S_B = w1 + w2,
    R_B = max(w1, w2). With two alternatives each of S̃, R̃ is 0 for the better, 1 for the
    worse (0 for both on a tie). Sweeping D1 (w1 = w2 = t/2, w3 = 1 − t): S favours A iff
    t > 1/2, R favours A iff t > 2/3. Current t = 0.6: S → A, R → B, so
    Q_A = 1 − v, Q_B = v.

    * v = 0.6: A first (0.4 < 0.6) on (1/2, 1]; at t = 1/2 S ties, Q_A = 0.4 > Q_B = 0 → B.
    * v = 0.4: B first (0.4 < 0.6) for every t < 2/3 (below 1/2 B wins both); at t = 2/3
      R ties and Q_A = 0 < Q_B = 0.4 → A.
    """
    high = oat(two_level_problem(), W_TWO_LEVEL, "vikor", {"v": 0.6}).dimensions["D1"]
    assert high.top == "A"
    assert high.interval == pytest.approx((0.5, 1.0), abs=1e-9)
    assert (high.below, high.above) == ("B", None)
    low = oat(two_level_problem(), W_TWO_LEVEL, "vikor", {"v": 0.4}).dimensions["D1"]
    assert low.top == "B"
    assert low.interval == pytest.approx((0.0, 2 / 3), abs=1e-9)
    assert (low.below, low.above) == (None, "A")


def test_oat_interval_does_not_depend_on_the_grid() -> None:
    coarse = oat(two_level_problem(), W_TWO_LEVEL, "topsis", grid_points=5)
    fine = oat(two_level_problem(), W_TWO_LEVEL, "topsis", grid_points=301)
    assert coarse.dimensions["D1"].interval == fine.dimensions["D1"].interval


def test_oat_targets_selection_and_single_dimension() -> None:
    """Only indicators, only dimensions; a dimension holding every indicator is skipped."""
    problem = two_level_problem()
    only = oat(problem, W_TWO_LEVEL, "topsis", targets="indicators")
    assert set(only.indicators) == {"c1", "c2", "c3"} and not only.dimensions
    dims = oat(problem, W_TWO_LEVEL, "topsis", targets="dimensions")
    assert set(dims.dimensions) == {"D1", "c3"} and not dims.indicators
    nodes = dict(problem.hierarchy.nodes)
    nodes[GOAL] = Node(GOAL, "Goal", children=("D1",))
    nodes["D1"] = Node("D1", "All", children=("c1", "c2", "c3"))
    single = Problem(Hierarchy("t", MappingProxyType(nodes)), ("A", "B"), problem.matrix)
    result = oat(single, W_TWO_LEVEL, "topsis", targets="dimensions")
    assert not result.dimensions
    assert any("'D1' holds every indicator" in note for note in result.notes)


def test_oat_tie_at_the_top_gives_a_point_interval() -> None:
    problem = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0]]))
    target = oat(problem, np.array([0.5, 0.5]), "topsis").indicators["c1"]
    assert target.interval == (0.5, 0.5)
    assert any("ties" in note for note in target.notes)


def test_oat_zero_weight_indicator_note_and_json() -> None:
    problem = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0]]))
    result = oat(problem, np.array([1.0, 0.0]), "vikor")
    c2 = result.indicators["c2"]
    assert c2.current == 0.0
    assert c2.interval == pytest.approx((0.0, 0.5), abs=1e-9)  # B wins once w2 > w1
    assert any("weight 0" in note for note in c2.notes)
    data = json.loads(json.dumps(result.to_data(), allow_nan=False))
    assert data["indicators"]["c2"]["above"] == "A2"
    assert data["weights"] == {"c1": 1.0, "c2": 0.0}


# ------------------------------------------------------------------------ oat: properties


def with_dominated(problem: Problem, row: int, worse: list[int]) -> Problem:
    """Append a copy of ``row`` made worse by ``worse`` (≥ 0) on every indicator."""
    step = np.array(worse, dtype=float)
    dominated = problem.matrix[row] - np.where(problem.benefit, step, -step)
    matrix = np.vstack([problem.matrix, dominated])
    hierarchy, names = problem.hierarchy, (*problem.alternatives, "D")
    return Problem(hierarchy, names, matrix)


@settings(deadline=None, max_examples=40)
@given(weighted_problems(5), st.data(), st.sampled_from(METHOD_OPTIONS))
def test_dominated_alternative_is_never_ahead_of_its_dominator(
    case: tuple[Problem, np.ndarray], data: st.DataObject, method: tuple[str, dict[str, object]]
) -> None:
    problem, weights = case
    row = data.draw(st.integers(0, len(problem.alternatives) - 1))
    n = len(problem.criteria)
    worse = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    extended = with_dominated(problem, row, worse)
    result = oat(extended, weights, method[0], method[1], grid_points=21)
    dominator = problem.alternatives[row]
    for target in result.indicators.values():
        assert all(d >= a for d, a in zip(target.ranks["D"], target.ranks[dominator], strict=True))


def swept(weights: np.ndarray, k: int, t: float) -> np.ndarray:
    """Indicator k at weight t, the others rescaled in proportion (written out again)."""
    rest = [j for j in range(len(weights)) if j != k]
    total = weights[rest].sum()
    row = np.empty(len(weights))
    row[k] = t
    row[rest] = weights[rest] / total * (1.0 - t) if total > 0 else (1.0 - t) / len(rest)
    return row


@settings(deadline=None, max_examples=40)
@given(weighted_problems(5), st.sampled_from(METHOD_OPTIONS))
def test_interval_matches_the_ranking_methods(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, object]]
) -> None:
    """Ranks at the current share are the method's own; the top is first inside the interval
    and, at a changed end, no longer ahead of the rival named there by more than round-off
    (recomputed with ``ranking.METHODS``)."""
    problem, weights = case
    name, options = method
    result = oat(problem, weights, name, options, grid_points=11)
    ranks = METHODS[name](problem, weights, **options).ranks
    for k, target in enumerate(result.indicators.values()):
        now = {a: r[target.current_index] for a, r in target.ranks.items()}
        assert now == dict(ranks)
        lo, hi = target.interval
        if hi - lo > 1e-6:
            inside = METHODS[name](problem, swept(weights, k, (lo + hi) / 2), **options).ranks
            assert inside[target.top] == 1
        for end, rival in ((lo, target.below), (hi, target.above)):
            if rival is not None:
                at_end = METHODS[name](problem, swept(weights, k, end), **options)
                gap = at_end.scores[target.top] - at_end.scores[rival]
                assert (gap if at_end.higher_is_better else -gap) <= 1e-9


def test_past_the_output_cap_ranks_are_listed_for_the_first_alternatives() -> None:
    """40 alternatives, 3 indicators and 3 one-indicator dimensions (6 sweeps of 12 grid
    points): a cap of 360 numbers lists the ranks of the first 5 of the baseline ranking, as
    in a run without the cap; intervals and tops (from every alternative) are the same."""
    rng = np.random.default_rng(4)
    problem = flat_problem(rng.uniform(1, 100, (40, 3)))
    weights = np.array([0.2, 0.5, 0.3])
    full = oat(problem, weights, "topsis", grid_points=11)
    cut = oat(problem, weights, "topsis", grid_points=11, max_values=360)
    base = METHODS["topsis"](problem, weights).order()[:5]
    for kind in ("indicators", "dimensions"):
        for name, target in getattr(cut, kind).items():
            whole = getattr(full, kind)[name]
            assert set(target.ranks) == set(base)
            assert all(target.ranks[a] == whole.ranks[a] for a in base)
            assert (target.interval, target.top, target.below, target.above) == (
                whole.interval,
                whole.top,
                whole.below,
                whole.above,
            )
    assert len(full.indicators["c1"].ranks) == 40 and not full.notes
    assert "listed for the first 5 of 40" in cut.notes[0]
    assert cut.conventions["ranks_listed"].startswith("the first 5 alternatives")
