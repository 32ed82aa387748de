"""Tests for ``mcda_citydip.sensitivity.thresholds``: critical weight thresholds.

The hand-solved cases follow Triantaphyllou & Sánchez (1997), Decision Sciences
28(1):151–194, in the proportional convention of the module: ``w_k' = w_k (1 + δ)``, the
other weights rescaled to ``1 − w_k'`` in proportion.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from cases import METHOD_OPTIONS, flat_problem, weighted_problems
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import Problem
from mcda_citydip.ranking import METHODS, RankResult
from mcda_citydip.sensitivity.oat import oat
from mcda_citydip.sensitivity.thresholds import critical_thresholds

UNIT = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0]]), names="AB")


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_two_alternatives_two_criteria_by_hand(method: str, options: dict[str, object]) -> None:
    """A = (1, 0), B = (0, 1), benefit, w = (0.6, 0.4).

    TOPSIS: both columns have unit norm and unit range, so either normalisation leaves the
    matrix as it is; ideal (w1, w2), anti-ideal (0, 0); D⁺_A = w2, D⁻_A = w1, so
    C_A = w1/(w1 + w2) = w1 and C_B = w2. VIKOR: f* = (1, 1), f⁻ = (0, 0); regrets
    A (0, 1), B (1, 0); S_A = R_A = w2, S_B = R_B = w1; with two alternatives
    Q = (0, 1) for the better one, and Q_A = Q_B = 0 when w1 = w2.

    Either way A is first iff w1 > 1/2, and the top changes (tie) at w1 = w2 = 1/2:
    δ1 = (0.5 − 0.6)/0.6 = −1/6 (−16.67 %), δ2 = (0.5 − 0.4)/0.4 = +1/4 (+25 %); the other
    side of each never changes it. Most critical: c1.
    """
    result = critical_thresholds(UNIT, np.array([0.6, 0.4]), method, options)
    c1, c2 = result.criteria["c1"], result.criteria["c2"]
    assert result.top == "A" and not result.top_tied
    assert c1.top == pytest.approx(-1 / 6, abs=1e-8)
    assert c1.percent == pytest.approx(-100 / 6, abs=1e-6)
    assert c1.top_weight == pytest.approx(0.5, abs=1e-8)
    assert c2.top == pytest.approx(0.25, abs=1e-8)
    assert c2.top_weight == pytest.approx(0.5, abs=1e-8)
    assert (c1.new_top, c2.new_top) == ("B", "B")
    assert (c1.measure, c2.measure) == ("fraction", "fraction")
    assert result.most_critical == "c1" and result.most_critical_any == "c1"
    (pair,) = result.pairs
    assert (pair.above, pair.below, pair.tied) == ("A", "B", False)
    assert pair.weights == pytest.approx({"c1": 0.5, "c2": 0.5}, abs=1e-8)
    assert pair.thresholds["c1"] == pytest.approx(-1 / 6, abs=1e-8)
    assert pair.thresholds["c2"] == pytest.approx(0.25, abs=1e-8)


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_pair_thresholds_three_alternatives_by_hand(
    method: str, options: dict[str, object]
) -> None:
    """A = (1, 0), B = (0, 1), C = (0, 0), w = (0.6, 0.4).

    TOPSIS (column norms and ranges are 1): C_A = w1, C_B = w2, C_C = 0. VIKOR (v = 0.5):
    regrets A (0, 1), B (1, 0), C (1, 1); S = (w2, w1, 1), R = (w2, w1, max(w1, w2)).
    In both, A–B tie at w1 = w2; A–C only when w1 = 0 (then A = C); B–C only when w2 = 0.

    * (A, B): δ1 = −1/6, δ2 = +1/4;
    * (A, C): w1 → 0 is δ1 = −1; w2 → 1 is δ2 = (1 − 0.4)/0.4 = +3/2;
    * (B, C): w1 → 1 is δ1 = (1 − 0.6)/0.6 = +2/3; w2 → 0 is δ2 = −1.
    The top threshold is the smallest over A's pairs: c1 −1/6, c2 +1/4.
    """
    problem = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]), names="ABC")
    result = critical_thresholds(problem, np.array([0.6, 0.4]), method, options)
    expected = {
        ("A", "B"): {"c1": -1 / 6, "c2": 1 / 4},
        ("A", "C"): {"c1": -1.0, "c2": 3 / 2},
        ("B", "C"): {"c1": 2 / 3, "c2": -1.0},
    }
    found = {(p.above, p.below): dict(p.thresholds) for p in result.pairs}
    assert found.keys() == expected.keys()
    for pair, values in expected.items():
        for criterion, value in values.items():
            assert found[pair][criterion] == pytest.approx(value, abs=1e-8)
    assert result.criteria["c1"].top == pytest.approx(-1 / 6, abs=1e-8)
    assert result.criteria["c2"].top == pytest.approx(1 / 4, abs=1e-8)


TWO_DIMS = flat_problem(np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]), names="AB")
W3 = np.array([0.3, 0.3, 0.4])


def test_topsis_three_criteria_by_hand() -> None:
    """A = (1, 1, 0), B = (0, 0, 1), w = (0.3, 0.3, 0.4), TOPSIS vector (unit norms).

    C_A = √(w1² + w2²)/(√(w1² + w2²) + w3), C_B = 1 − C_A: A first iff √(w1² + w2²) > w3.

    * c3 at weight t (w1 = w2 = (1 − t)/2): A first iff t < 1/(1 + √2) = √2 − 1, so
      δ3 = (√2 − 1 − 0.4)/0.4 = (√2 − 1.4)/0.4 ≈ +0.0355; lowering w3 never changes it.
    * c1 at weight t (w2 = 0.3u, w3 = 0.4u, u = (1 − t)/0.7): A first iff t² > 0.07u², i.e.
      t > t* = √0.07/(0.7 + √0.07), δ1 = (t* − 0.3)/0.3 ≈ −0.0857; c2 is symmetric.
    Most critical: c3.
    """
    result = critical_thresholds(TWO_DIMS, W3, "topsis")
    root = math.sqrt(0.07)
    t_star = root / (0.7 + root)
    assert result.criteria["c3"].top == pytest.approx((math.sqrt(2) - 1.4) / 0.4, abs=1e-8)
    assert result.criteria["c1"].top == pytest.approx((t_star - 0.3) / 0.3, abs=1e-8)
    assert result.criteria["c2"].top == pytest.approx((t_star - 0.3) / 0.3, abs=1e-8)
    assert result.most_critical == "c3"


def test_vikor_three_criteria_by_hand() -> None:
    """Same problem, VIKOR with v = 0.6. Regrets A (0, 0, 1), B (1, 1, 0):
    S_A = R_A = w3, S_B = w1 + w2, R_B = max(w1, w2); two alternatives, so S̃ and R̃ are
    0 for the better and 1 for the worse (0 for both on a tie). At w: S favours A
    (0.4 < 0.6), R favours B (0.3 < 0.4): Q_A = 0.4·1 = 0.4 < Q_B = 0.6·1 → A.

    * c1 at t (w2 = 0.3u, w3 = 0.4u, u = (1 − t)/0.7): S favours A iff 0.1u < t ⇔ t > 1/8;
      R favours A iff 0.4u < t ⇔ t > 4/11. Below t = 1/8 (and at it, where S ties and
      Q_A = 0.4 > Q_B = 0) B is first: δ1 = (1/8 − 0.3)/0.3 = −7/12; raising t keeps A.
      c2 is symmetric: −7/12.
    * c3 at t (w1 = w2 = (1 − t)/2): S favours A iff t < 1/2, R iff t < 1/3. At t = 1/2 S
      ties and B is first: δ3 = (0.5 − 0.4)/0.4 = +1/4; lowering t keeps A.
    Most critical: c3.
    """
    result = critical_thresholds(TWO_DIMS, W3, "vikor", {"v": 0.6})
    assert result.criteria["c1"].top == pytest.approx(-7 / 12, abs=1e-8)
    assert result.criteria["c2"].top == pytest.approx(-7 / 12, abs=1e-8)
    assert result.criteria["c3"].top == pytest.approx(1 / 4, abs=1e-8)
    assert result.most_critical == "c3"


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_none_when_no_weight_changes_the_top(method: str, options: dict[str, object]) -> None:
    """A = (2, 1) dominates B = (1, 0) strictly on both criteria: no weight makes B first."""
    problem = flat_problem(np.array([[2.0, 1.0], [1.0, 0.0]]), names="AB")
    result = critical_thresholds(problem, np.array([0.5, 0.5]), method, options)
    assert all(t.top is None and t.percent is None for t in result.criteria.values())
    assert result.most_critical is None and result.most_critical_any is None
    data = json.loads(json.dumps(result.to_data(), allow_nan=False))
    assert data["thresholds"]["c1"]["top"] is None
    assert data["pairs"][0]["thresholds"] == {"c1": None, "c2": None}


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_an_indicator_equal_for_every_alternative_has_no_threshold(
    method: str, options: dict[str, object]
) -> None:
    """A = (1, 0, 5), B = (0, 1, 5), w = (0.3, 0.2, 0.5): c3 is 5 for both, so its weight
    only scales the others and never changes the order; at weight 1 both tie, which is no
    ranking at all, not a change. c1 keeps its by-hand threshold: with the rest rescaled,
    A and B tie where w1' = w2' = 0.2 (1 − w1')/0.7, i.e. w1' = 2/9, δ1 = −7/27."""
    problem = flat_problem(np.array([[1.0, 0.0, 5.0], [0.0, 1.0, 5.0]]), names="AB")
    weights = np.array([0.3, 0.2, 0.5])
    result = critical_thresholds(problem, weights, method, options)
    assert result.criteria["c3"].top is None
    assert result.pairs[0].thresholds["c3"] is None
    assert result.criteria["c1"].top == pytest.approx(-7 / 27, abs=1e-8)
    assert any("'c3' is equal for every alternative" in note for note in result.notes)
    sweep = oat(problem, weights, method, options, targets="indicators").indicators["c3"]
    assert (sweep.interval, sweep.above, sweep.below) == ((0.0, 1.0), None, None)
    assert sweep.ranks["A"][-1] == sweep.ranks["B"][-1]  # tied at weight 1, shown as such
    assert any("equal for every alternative" in note for note in sweep.notes)


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_criteria_that_differ_but_cancel_out_make_a_tie_that_counts(
    method: str, options: dict[str, object]
) -> None:
    """A = (1, 0, 1), B = (0, 1, 0), w = (0.25, 0.25, 0.5): at c3's weight 0 the equal
    weights of c1 and c2 make A and B tie. They differ on c1 and c2 (they only cancel out),
    so that tie is a change: c3's threshold is the full decrease, δ = −1 (the bisection
    stops within 1e-5 of it for TOPSIS, where the gap closes quadratically)."""
    problem = flat_problem(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), names="AB")
    result = critical_thresholds(problem, np.array([0.25, 0.25, 0.5]), method, options)
    assert result.criteria["c3"].top == pytest.approx(-1.0, abs=1e-5)
    assert not any("equal for every" in n or "alone tells" in n for n in result.notes)


def test_zero_weight_is_measured_in_absolute_terms() -> None:
    """A = (1, 0), B = (0, 1), w = (1, 0): w2 must rise to 1/2 (absolute change +0.5) for B
    to tie; w1 must fall to 1/2 (δ1 = −1/2, the zero rest shared equally). c2 has no
    relative change and is not a most-critical candidate."""
    result = critical_thresholds(UNIT, np.array([1.0, 0.0]), "topsis")
    c1, c2 = result.criteria["c1"], result.criteria["c2"]
    assert (c1.measure, c2.measure) == ("fraction", "absolute")
    assert c1.top == pytest.approx(-0.5, abs=1e-8)
    assert c2.top == pytest.approx(0.5, abs=1e-8)
    assert c2.top_weight == pytest.approx(0.5, abs=1e-8)
    assert c2.percent is None  # no percentage of a zero weight
    assert c1.percent == pytest.approx(-50.0, abs=1e-6)
    assert result.most_critical == "c1"
    assert any("weight 0" in note for note in result.notes)


def test_tie_at_baseline_gives_zero_threshold() -> None:
    result = critical_thresholds(UNIT, np.array([0.5, 0.5]), "topsis")
    assert result.top_tied
    assert [t.top for t in result.criteria.values()] == [0.0, 0.0]
    assert result.pairs[0].tied
    assert any("tie" in note for note in result.notes)


def test_to_data_shape() -> None:
    data = critical_thresholds(UNIT, np.array([0.6, 0.4]), "vikor").to_data()
    json.dumps(data, allow_nan=False)
    assert set(data["thresholds"]) == {"c1", "c2"}
    assert data["thresholds"]["c2"]["top_percent"] == pytest.approx(25.0, abs=1e-6)
    assert data["most_critical"] == "c1"
    assert data["pairs"][0]["above"] == "A"
    assert "Triantaphyllou" in data["conventions"]["reference"]


# ------------------------------------------------------------------------ properties


def swept(weights: np.ndarray, k: int, t: float) -> np.ndarray:
    """Criterion k at weight t, the others rescaled in proportion (equal split if all 0)."""
    rest = [j for j in range(len(weights)) if j != k]
    total = weights[rest].sum()
    row = np.empty(len(weights))
    row[k] = t
    row[rest] = weights[rest] / total * (1.0 - t) if total > 0 else (1.0 - t) / len(rest)
    return row


def lead(result: RankResult, first: str, second: str) -> float:
    """How far ``first`` is ahead of ``second`` (positive: ahead), whatever the score's sense."""
    gap = result.scores[first] - result.scores[second]
    return gap if result.higher_is_better else -gap


def new_weight(weight: float, delta: float) -> float:
    return weight * (1.0 + delta) if weight > 0 else delta


@settings(deadline=None, max_examples=40)
@given(weighted_problems(4), st.sampled_from(METHOD_OPTIONS))
def test_zero_threshold_only_on_ties_and_thresholds_change_the_order(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, object]]
) -> None:
    """A pair has threshold 0 exactly when it is tied; at every reported threshold the pair
    is no longer strictly ordered: recomputed with the ranking methods themselves, the higher
    one is ahead by no more than round-off (the tie rule's 1e-12, plus a margin)."""
    problem, weights = case
    name, options = method
    result = critical_thresholds(problem, weights, name, options)
    for pair in result.pairs:
        for k, (criterion, delta) in enumerate(pair.thresholds.items()):
            assert (delta == 0.0) == pair.tied
            if delta is None or pair.tied:
                continue
            t = pair.weights[criterion]
            assert t is not None and 0.0 <= t <= 1.0
            assert new_weight(float(weights[k]), delta) == pytest.approx(t, abs=1e-12)
            ranked = METHODS[name](problem, swept(weights, k, t), **options)
            assert lead(ranked, pair.above, pair.below) <= 1e-9


@settings(deadline=None, max_examples=30)
@given(weighted_problems(4), st.sampled_from(METHOD_OPTIONS))
def test_top_threshold_is_the_nearest_pair_and_matches_the_sweep(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, object]]
) -> None:
    """The top threshold is the smallest |δ| over the top's pairs, and the OAT interval of
    the same indicator ends at w(1 + δ)."""
    problem, weights = case
    name, options = method
    result = critical_thresholds(problem, weights, name, options)
    sweep = oat(problem, weights, name, options, grid_points=5, targets="indicators")
    for k, (criterion, threshold) in enumerate(result.criteria.items()):
        mine = [p.thresholds[criterion] for p in result.pairs if p.above == result.top]
        found = [abs(d) for d in mine if d is not None]
        if threshold.top is None:
            assert not found
            continue
        assert abs(threshold.top) == pytest.approx(min(found), abs=1e-12)
        if not result.top_tied:
            target = sweep.indicators[criterion]
            end = target.interval[0] if threshold.top < 0 else target.interval[1]
            assert end == pytest.approx(threshold.top_weight, abs=1e-9)
            assert new_weight(float(weights[k]), threshold.top) == pytest.approx(end, abs=1e-9)


# ------------------------------------------------------------------------ size


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_past_the_output_cap_the_pairs_of_the_first_alternatives_are_listed(
    method: str, options: dict[str, object]
) -> None:
    """40 alternatives, 3 criteria (780 pairs of 6 numbers), a cap of 270 numbers: the 45
    pairs among the first 10 of the baseline ranking are listed, each as in a run without
    the cap; the top's thresholds (from its pairs with all 39 others) are the same; the most
    critical criterion over any pair is the one over the pairs computed. Said in a note and
    in the conventions."""
    rng = np.random.default_rng(8)
    problem = flat_problem(rng.uniform(1, 100, (40, 3)), ["benefit", "cost", "benefit"])
    weights = np.array([0.5, 0.3, 0.2])
    full = critical_thresholds(problem, weights, method, options)
    cut = critical_thresholds(problem, weights, method, options, max_values=270)
    assert len(full.pairs) == 780 and len(cut.pairs) == 45
    by_pair = {(p.above, p.below): p.to_data() for p in full.pairs}
    first = {p.above for p in cut.pairs} | {p.below for p in cut.pairs}
    assert len(first) == 10 and cut.top in first
    assert all(by_pair[(p.above, p.below)] == p.to_data() for p in cut.pairs)
    assert cut.to_data()["thresholds"] == full.to_data()["thresholds"]
    assert cut.most_critical == full.most_critical
    computed = [p for p in full.pairs if p.above == full.top or {p.above, p.below} <= first]
    smallest = {
        c: min((abs(d) for p in computed if (d := p.thresholds[c]) is not None), default=None)
        for c in problem.criteria
    }
    ranked = sorted((v, k) for k, (c, v) in enumerate(smallest.items()) if v is not None)
    assert cut.most_critical_any == (problem.criteria[ranked[0][1]] if ranked else None)
    assert any("listed are the 45 pairs among the first 10" in note for note in cut.notes)
    assert "first 10 of 40" in cut.conventions["pairs"]
    assert full.conventions["pairs"] == "every pair, in baseline order"


def test_the_pairs_listed_fit_the_cap() -> None:
    from mcda_citydip.sensitivity.pair_listing import listed_pairs

    assert listed_pairs(13, 6, 524_288) == 13
    for m, n, cap in ((2_000, 6, 524_288), (20_000, 6, 524_288), (600, 3, 6_000), (50, 32, 100)):
        kept = listed_pairs(m, n, cap)
        assert 2 <= kept < m
        assert kept * (kept - 1) // 2 * 2 * n <= cap or kept == 2
        assert (kept + 1) * kept // 2 * 2 * n > cap
