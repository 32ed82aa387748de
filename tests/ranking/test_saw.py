"""Tests for ``mcda_citydip.ranking.saw``: simple additive weighting (the weighted sum model).

Checked three ways: a published worked example (Hwang & Yoon 1981), the closed-form critical
thresholds of the weighted sum (Triantaphyllou & Sánchez 1997, Theorem 1) against the
project's numeric thresholds, and pymcdm's WSM with the same normalisation on random inputs.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from cases import flat_problem
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mcda_citydip.errors import MethodError
from mcda_citydip.ranking import METHODS, SAW, saw
from mcda_citydip.ranking.saw import saw_normalised
from mcda_citydip.sensitivity.sampling import fixed_weights
from mcda_citydip.sensitivity.smaa import smaa
from mcda_citydip.sensitivity.thresholds import critical_thresholds

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Lecture Notes in Economics and Mathematical Systems 186, Springer.
# The fighter-aircraft problem: A1–A4 on X1 maximum speed (Mach), X2 ferry range (NM),
# X3 maximum payload (lb), X4 acquisition cost ($10⁶, the one cost attribute),
# X5 reliability and X6 manoeuvrability (the book's interval scale: low 3, average 5,
# high 7, very high 9), w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). SAW (§IV.B.1) with the book's
# linear normalisation r = x/x_max (benefit), x_min/x (cost).
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_DIRECTIONS = ["benefit", "benefit", "benefit", "cost", "benefit", "benefit"]
AIRCRAFT_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])


def aircraft_by_hand() -> list[Fraction]:
    """``Σ w r`` of each aircraft in exact arithmetic: the book's formula on its data."""
    w = [Fraction(2, 10), Fraction(1, 10), Fraction(1, 10), Fraction(1, 10)]
    w += [Fraction(2, 10), Fraction(3, 10)]
    rows = [[Fraction(str(x)) for x in row] for row in AIRCRAFT]
    columns = list(zip(*rows, strict=True))
    scores = []
    for row in rows:
        total = Fraction(0)
        for j, x in enumerate(row):
            cost = AIRCRAFT_DIRECTIONS[j] == "cost"
            r = min(columns[j]) / x if cost else x / max(columns[j])
            total += w[j] * r
        scores.append(total)
    return scores


def test_saw_hwang_yoon_1981_fighter_aircraft() -> None:
    """Hwang & Yoon (1981), §IV.B.1, the fighter aircraft: A3 (0.851) > A1 (0.835) >
    A4 (0.737) > A2 (0.707) to three decimals; every score equals the exact sum. These are
    the book's formula on the book's data in exact arithmetic: the book's printed page could
    not be consulted here, so its table is not quoted (data and weights as reproduced by
    orms.pef.czu.cz's fighter-aircraft examples)."""
    problem = flat_problem(AIRCRAFT, AIRCRAFT_DIRECTIONS)
    result = saw(problem, AIRCRAFT_WEIGHTS)
    exact = aircraft_by_hand()
    for i, a in enumerate(problem.alternatives):
        assert result.scores[a] == pytest.approx(float(exact[i]), rel=1e-14)
    shown = [round(result.scores[a], 3) for a in ("A1", "A2", "A3", "A4")]
    assert shown == [0.835, 0.707, 0.851, 0.737]
    assert result.order() == ["A3", "A1", "A4", "A2"]
    assert result.higher_is_better and result.method == "saw"
    assert result.conventions["normalization"] == "max"


def test_normalisations_by_hand() -> None:
    """max: x/max and min/x; minmax: (x − min)/(max − min); a constant column → 1."""
    x = np.array([[1.0, 2.0, 5.0], [2.0, 4.0, 5.0], [4.0, 1.0, 5.0]])
    benefit = np.array([True, False, True])
    assert saw_normalised(x, benefit, "max").tolist() == [
        [0.25, 0.5, 1.0],
        [0.5, 0.25, 1.0],
        [1.0, 1.0, 1.0],
    ]
    assert saw_normalised(x, benefit, "minmax").tolist() == [
        [0.0, 2 / 3, 1.0],
        [1 / 3, 0.0, 1.0],
        [1.0, 1.0, 1.0],
    ]


# --------------------------------------------------------------------------- closed form


@st.composite
def positive_problems(draw: st.DrawFn) -> tuple[np.ndarray, list[str], np.ndarray]:
    m, n = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    cells = st.floats(0.5, 10.0, allow_nan=False)
    matrix = np.array(draw(st.lists(cells, min_size=m * n, max_size=m * n))).reshape(m, n)
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=n, max_size=n))
    raw = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    return matrix, directions, raw / raw.sum()


@settings(max_examples=60, deadline=None)
@given(positive_problems())
def test_thresholds_match_triantaphyllou_sanchez_closed_form(
    case: tuple[np.ndarray, list[str], np.ndarray],
) -> None:
    """Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences 28(1):151–194,
    Theorem 1 (WSM): with ``A_i`` ahead of ``A_j`` (``P_i > P_j``) and ``w_k`` changed alone
    to ``w_k − δ``, the two tie at ``δ = (P_j − P_i)/(a_jk − a_ik)``; the change is feasible
    while ``w_k − δ ≥ 0``; their relative threshold is ``100 δ/w_k``.

    Here ``a = r`` (the normalised matrix, fixed) and ``Δ = −δ`` is added to ``w_k``. The
    project rescales the other weights in proportion, which for the weighted sum (invariant to
    a common scale of the weights) is the same weight vector up to scale with
    ``w_k' = (w_k + Δ)/(1 + Δ)``: its signed fraction is ``(w_k' − w_k)/w_k =
    Δ(1 − w_k)/((1 + Δ) w_k)``, and none where ``w_k + Δ < 0``.
    """
    matrix, directions, weights = case
    problem = flat_problem(matrix, directions)
    r = saw_normalised(matrix, problem.benefit)
    scores = r @ weights
    found = critical_thresholds(problem, weights, "saw")
    index = {a: i for i, a in enumerate(problem.alternatives)}
    compared = 0  # the finite, feasible thresholds checked against the closed form
    for pair in found.pairs:
        i, j = index[pair.above], index[pair.below]
        if pair.tied or scores[i] - scores[j] < 1e-9:
            continue
        for k, criterion in enumerate(problem.criteria):
            gap = r[j, k] - r[i, k]
            numeric = pair.thresholds[criterion]
            w = weights[k]
            if abs(gap) < 1e-12:
                # No finite Δ ties them; the project's weight can still reach w_k' = 1 (the
                # limit Δ → ∞), where criterion k alone ranks and the two tie on it. On the
                # way their gap is (1 − w_k')·G, G the gap of the other criteria, and the tie
                # rule (1e-12) declares the tie once it is below that: at most 1e-12/G before
                # 1, plus the bisection's 1e-10 × w_k (G = 0.002 gives 5e-10 of weight).
                rest = (scores[i] - scores[j]) / (1 - w)
                slack = (2e-12 / rest + 2e-10 * w) / w
                assert numeric is None or numeric == pytest.approx((1 - w) / w, abs=slack)
                continue
            change = (scores[i] - scores[j]) / gap  # Δ: the tie
            if w + change < 1e-9:  # infeasible (or at the very end of the range)
                if w + change < -1e-9:
                    assert numeric is None
                continue
            expected = change * (1 - w) / ((1 + change) * w)
            assert numeric is not None
            assert numeric == pytest.approx(expected, rel=1e-6, abs=1e-9)
            relative = 100 * change / w  # T&S's percentage, from the project's new weight
            share = pair.weights[criterion]
            assert share is not None
            assert 100 * (share - w) / (1 - share) / w == pytest.approx(relative, rel=1e-5)
            compared += 1
    assume(compared > 0)  # an example with nothing to compare does not count (Hypothesis
    # fails the test as unsatisfiable if too few examples compare anything)


# --------------------------------------------------------------------------- pymcdm


@pytest.mark.parametrize("seed", range(40))
def test_matches_pymcdm_wsm_linear(seed: int) -> None:
    """pymcdm's WSM with its ``linear_normalization`` (x/max, min/x) on random positive data:
    the same scores (pymcdm used as a cross-check only)."""
    from pymcdm import normalizations
    from pymcdm.methods import WSM

    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 12), rng.integers(2, 8)
    matrix = rng.uniform(0.1, 100.0, size=(m, n))
    benefit = rng.random(n) < 0.6
    weights = rng.dirichlet(np.ones(n))
    types = np.where(benefit, 1, -1)
    theirs = WSM(normalization_function=normalizations.linear_normalization)._method(
        matrix, weights, types
    )[-1]
    problem = flat_problem(matrix, ["benefit" if b else "cost" for b in benefit])
    ours = saw(problem, weights)
    assert np.allclose([ours.scores[a] for a in problem.alternatives], theirs, rtol=1e-12)


# --------------------------------------------------------------------------- kernels


@settings(max_examples=40, deadline=None)
@given(positive_problems(), st.sampled_from(["max", "minmax"]))
def test_batched_kernels_agree_with_the_single_one(
    case: tuple[np.ndarray, list[str], np.ndarray], normalization: str
) -> None:
    """Batch scores, SMAA keys and perturbed keys order the alternatives as ``rank`` does."""
    matrix, directions, weights = case
    problem = flat_problem(matrix, directions)
    method = SAW(normalization=normalization)
    single = np.array(list(method.rank(problem, weights).scores.values()))
    rows = np.stack([weights, np.full_like(weights, 1 / len(weights))])
    batch = method.batch(matrix, rows, problem.benefit)
    assert np.allclose(batch[0], single, rtol=1e-12, atol=1e-15)
    keys = method.keys(method.fixed_parts(matrix, problem.benefit), rows)
    assert np.all(keys >= 0)
    assert np.allclose(keys, rows.sum(axis=1, keepdims=True) - batch, atol=1e-12)
    stacked = method.perturbed_keys(matrix[None], rows[None], problem.benefit)[0]
    assert np.allclose(stacked, keys, atol=1e-12)


def test_smaa_with_fixed_weights_puts_the_saw_leader_first() -> None:
    problem = flat_problem(AIRCRAFT, AIRCRAFT_DIRECTIONS)
    result = smaa(problem, "saw", {}, fixed_weights(AIRCRAFT_WEIGHTS), samples=64, seed=3)
    order = saw(problem, AIRCRAFT_WEIGHTS).order()
    for rank, a in enumerate(order):
        assert result.rank_acceptability[problem.alternatives.index(a), rank] == 1.0
    assert result.conventions["method"] == {"name": "saw", "normalization": "max"}


# --------------------------------------------------------------------------- errors


def test_max_normalisation_refuses_values_it_cannot_take() -> None:
    problem = flat_problem([[1.0, 0.0], [2.0, 3.0]], ["benefit", "cost"])
    with pytest.raises(MethodError, match="c2") as caught:
        saw(problem, np.array([0.5, 0.5]))
    assert caught.value.parameter == "normalization"
    assert "minmax" in str(caught.value)
    result = saw(problem, np.array([0.7, 0.3]), normalization="minmax")
    assert result.scores == {"A1": pytest.approx(0.3), "A2": pytest.approx(0.7)}


def test_options_are_checked_on_construction() -> None:
    with pytest.raises(MethodError, match="max, minmax") as caught:
        SAW(normalization="vector")
    assert caught.value.parameter == "normalization"
    assert METHODS["saw"].options == {"normalization": "max"}
