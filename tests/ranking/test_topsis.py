"""Tests for ``mcda_citydip.ranking.topsis``."""

from __future__ import annotations

import numpy as np
import pytest
from cases import flat_problem
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import minmax_normalization, vector_normalization
from ranking_cases import rescaled_problems

from mcda_citydip.model import Direction
from mcda_citydip.ranking import METHODS, run_method
from mcda_citydip.ranking.result import rank_values
from mcda_citydip.ranking.topsis import NORMALIZATIONS, squared_gaps, topsis, topsis_scores
from mcda_citydip.ranking.topsis import TOPSIS as CitydipTOPSIS

NORMS = sorted(NORMALIZATIONS)


def textbook_topsis(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Hwang & Yoon (1981) step by step, vector normalisation, written out independently."""
    r = matrix / np.sqrt((matrix**2).sum(axis=0))
    v = r * weights
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


# --------------------------------------------------------------------------- golden numbers

TZENG_MATRIX = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
TZENG_WEIGHTS = np.array([0.3, 0.4, 0.3])


def test_topsis_tzeng2011multiple() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press — TOPSIS example (as reproduced in scikit-criteria's
    ``test_TOPSIS_tzeng2011multiple``, a secondary reproduction): A0..A3 × 3 benefit
    criteria, w = (0.3, 0.4, 0.3), vector normalisation → closeness
    (0.5037, 0.6581, 0.7482, 0.3340) printed at 4 dp, ranks (3, 2, 1, 4)."""
    benefit = np.ones(3, dtype=bool)
    scores = topsis_scores(TZENG_MATRIX, TZENG_WEIGHTS, benefit, "vector")
    assert scores == pytest.approx([0.5037, 0.6581, 0.7482, 0.3340], abs=1e-4)
    result = topsis(flat_problem(TZENG_MATRIX, ["benefit"] * 3), TZENG_WEIGHTS)
    assert list(result.ranks.values()) == [3, 2, 1, 4]
    assert list(result.scores.values()) == pytest.approx(scores.tolist(), rel=1e-12)
    assert result.conventions["normalization"] == "vector"  # the textbook default
    assert result.higher_is_better is True
    assert result.notes == ()


def test_topsis_opricovic2004_numerical_example() -> None:
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a
    comparative analysis of VIKOR and TOPSIS. EJOR 156(2):445–455, §4 data: A1 (1, 3000),
    A2 (2, 3750), A3 (5, 4500); f1 cost, f2 benefit; w = (0.5, 0.5). The paper's TOPSIS
    figures are not pinned here: the closeness (≈ 0.7621, 0.7222, 0.2379) is recomputed
    from the textbook formula, showing that TOPSIS ranks A1 first where VIKOR picks A2."""
    matrix = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)
    w = np.array([0.5, 0.5])
    benefit = np.array([False, True])
    expected = textbook_topsis(matrix, w, benefit)
    assert topsis_scores(matrix, w, benefit, "vector") == pytest.approx(expected, rel=1e-12)
    result = topsis(flat_problem(matrix, ["cost", "benefit"]), w)
    assert result.order() == ["A1", "A2", "A3"]


def test_registry() -> None:
    assert isinstance(METHODS["topsis"], CitydipTOPSIS) and METHODS["topsis"].options == {
        "normalization": "vector"
    }
    result = run_method("topsis", flat_problem(TZENG_MATRIX, ["benefit"] * 3), TZENG_WEIGHTS)
    assert result.method == "topsis"


# --------------------------------------------------------------------------- pymcdm cross-check


def random_case(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 31)), int(rng.integers(1, 13))
    matrix = rng.lognormal(mean=2.0, sigma=1.5, size=(m, n))
    weights = rng.dirichlet(np.ones(n))
    benefit = rng.random(n) < 0.5
    return matrix, weights, benefit


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("seed", range(50))
def test_matches_pymcdm(norm: str, seed: int) -> None:
    """pymcdm's TOPSIS with the same normalisation (its vector normalisation turns cost
    columns into 1 − r, ours picks min/max: the distances are the same)."""
    matrix, weights, benefit = random_case(seed)
    function = {"vector": vector_normalization, "minmax": minmax_normalization}[norm]
    types = np.where(benefit, 1, -1)
    theirs = TOPSIS(function)(matrix, weights, types, validation=False)
    ours = topsis_scores(matrix, weights, benefit, norm)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- properties


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 12))
    n = draw(st.integers(1, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.integers(1, 50).map(float)))
    raw = draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    benefit = draw(arrays(np.bool_, n))
    return matrix, raw / raw.sum(), benefit


@pytest.mark.parametrize("norm", NORMS)
@given(case=problems())
def test_closeness_is_finite_and_in_unit_interval(
    norm: str, case: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    matrix, weights, benefit = case
    scores = topsis_scores(matrix, weights, benefit, norm)
    assert np.all(np.isfinite(scores))
    assert np.all((scores >= 0) & (scores <= 1))


@pytest.mark.parametrize("norm", NORMS)
@given(case=problems(), data=st.data())
def test_permuting_alternatives_permutes_scores(
    norm: str, case: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    matrix, weights, benefit = case
    perm = np.array(data.draw(st.permutations(range(matrix.shape[0]))), dtype=int)
    scores = topsis_scores(matrix, weights, benefit, norm)
    permuted = topsis_scores(matrix[perm], weights, benefit, norm)
    np.testing.assert_allclose(permuted, scores[perm], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("norm", NORMS)
@given(case=problems(), c=st.floats(1e-3, 1e3))
def test_scaling_all_weights_changes_nothing(
    norm: str, case: tuple[np.ndarray, np.ndarray, np.ndarray], c: float
) -> None:
    matrix, weights, benefit = case
    scores = topsis_scores(matrix, weights, benefit, norm)
    np.testing.assert_allclose(
        topsis_scores(matrix, c * weights, benefit, norm), scores, rtol=1e-9, atol=1e-12
    )


@given(case=problems(), data=st.data())
def test_vector_normalisation_ignores_units(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """Multiplying a column by a positive constant (a change of unit) changes nothing."""
    matrix, weights, benefit = case
    factors = data.draw(arrays(np.float64, matrix.shape[1], elements=st.floats(1e-3, 1e3)))
    scores = topsis_scores(matrix, weights, benefit, "vector")
    np.testing.assert_allclose(
        topsis_scores(matrix * factors, weights, benefit, "vector"), scores, atol=1e-9
    )


@given(case=problems(), data=st.data())
def test_minmax_normalisation_ignores_affine_changes(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    matrix, weights, benefit = case
    n = matrix.shape[1]
    factors = data.draw(arrays(np.float64, n, elements=st.floats(1e-2, 1e2)))
    shifts = data.draw(arrays(np.float64, n, elements=st.floats(-100, 100)))
    scores = topsis_scores(matrix, weights, benefit, "minmax")
    moved = topsis_scores(matrix * factors + shifts, weights, benefit, "minmax")
    np.testing.assert_allclose(moved, scores, atol=1e-9)


@pytest.mark.parametrize("norm", NORMS)
def test_dominating_alternative_scores_one_and_dominated_scores_zero(norm: str) -> None:
    """A1 is best on every criterion (max, min, max): it is the ideal point, C = 1; A3 is
    worst on every criterion: it is the anti-ideal point, C = 0."""
    matrix = np.array([[9, 1, 7], [4, 3, 6], [1, 9, 1], [5, 5, 4]], dtype=float)
    benefit = np.array([True, False, True])
    scores = topsis_scores(matrix, np.array([0.2, 0.3, 0.5]), benefit, norm)
    assert scores[0] == pytest.approx(1.0, abs=1e-12)
    assert scores[2] == pytest.approx(0.0, abs=1e-12)
    assert 0 < scores[1] < 1 and 0 < scores[3] < 1


# --------------------------------------------------------------------------- the float range


@pytest.mark.parametrize("norm", NORMS)
@settings(max_examples=200)
@given(case=rescaled_problems())
def test_ranks_ignore_a_power_of_two_rescaling_of_any_column(
    norm: str, case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
) -> None:
    """Issue 9 (4): TOPSIS is scale-invariant per column in exact arithmetic (vector and
    min-max normalisation alike), and must stay so over the whole finite range: columns × 2^k,
    k ∈ [−1000, 1000], give the same closeness — to the bit, as 2^k changes no digit."""
    matrix, rescaled, weights, benefit = case
    scores = topsis_scores(matrix, weights, benefit, norm)
    moved = topsis_scores(rescaled, weights, benefit, norm)
    assert np.all(np.isfinite(moved))
    np.testing.assert_array_equal(moved, scores)
    assert rank_values(moved, True).tolist() == rank_values(scores, True).tolist()
    for ours, theirs in zip(
        squared_gaps(rescaled[None], benefit, norm),
        squared_gaps(matrix[None], benefit, norm),
        strict=True,
    ):
        np.testing.assert_array_equal(ours, theirs)


EXTREME_BASE = np.array([[3.0, 1.0, 5.0], [-1.0, 2.0, 2.0], [0.0, 4.0, 1.0], [2.0, 3.0, 4.0]])
EXTREME_BENEFIT = np.array([True, False, True])
EXTREME_WEIGHTS = np.array([0.5, 0.3, 0.2])


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize(
    "factor", [1e308 / 3, 1e160, 1e154, 1e-154, 1e-160, 1e-300, 5e-324 * 2**10]
)
def test_extreme_magnitudes_rank_as_the_same_column_rescaled(norm: str, factor: float) -> None:
    """Issue 9 (4): with c1 = (3, −1, 0, 2) × factor, the squares of vector normalisation
    overflowed (≥ ~1e154) or underflowed (≤ ~1e-154) and the indicator was silently ignored;
    with 1e308 and −1e308 in a column, max − min overflowed. Compared with the same data at
    its ordinary scale (the decimal factor is not exact, hence the tolerance)."""
    matrix = EXTREME_BASE.copy()
    matrix[:, 0] *= factor
    scores = topsis_scores(matrix, EXTREME_WEIGHTS, EXTREME_BENEFIT, norm)
    expected = topsis_scores(EXTREME_BASE, EXTREME_WEIGHTS, EXTREME_BENEFIT, norm)
    assert np.all(np.isfinite(scores))
    np.testing.assert_allclose(scores, expected, rtol=1e-12)
    assert rank_values(scores, True).tolist() == rank_values(expected, True).tolist()
    without = topsis_scores(EXTREME_BASE[:, 1:], EXTREME_WEIGHTS[1:], EXTREME_BENEFIT[1:], norm)
    assert rank_values(expected, True).tolist() != rank_values(without, True).tolist()


@pytest.mark.parametrize("norm", NORMS)
def test_column_of_largest_opposite_floats(norm: str) -> None:
    """1e308 and −1e308 in one column (the issue's case) rank as 1 and −1."""
    matrix = np.array([[1e308, 1.0], [-1e308, 2.0], [0.0, 3.0]])
    reference = np.array([[1.0, 1.0], [-1.0, 2.0], [0.0, 3.0]])
    weights, benefit = np.array([0.6, 0.4]), np.array([True, True])
    scores = topsis_scores(matrix, weights, benefit, norm)
    np.testing.assert_allclose(scores, topsis_scores(reference, weights, benefit, norm), rtol=1e-12)
    result = topsis(flat_problem(matrix), weights, normalization=norm)
    assert result.order() == topsis(flat_problem(reference), weights, normalization=norm).order()


# --------------------------------------------------------------------------- degenerate data

BASE = np.array([[3, 200, 0.4], [5, 150, 0.9], [4, 400, 0.1], [1, 250, 0.5]], dtype=float)
BASE_BENEFIT = np.array([True, False, True])
BASE_WEIGHTS = np.array([0.5, 0.3, 0.2])


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("constant", [0.0, 7.0], ids=["all-zero", "constant"])
@pytest.mark.parametrize("direction", [True, False], ids=["benefit", "cost"])
def test_constant_or_zero_indicator_is_as_if_absent(
    norm: str, constant: float, direction: bool
) -> None:
    """A column with one value for everyone (including all zeros, where ‖x‖ = 0 under vector
    normalisation) separates no one: the closeness is that of the problem without it."""
    matrix = np.column_stack([BASE, np.full(4, constant)])
    weights = np.append(BASE_WEIGHTS, 0.4)
    benefit = np.append(BASE_BENEFIT, direction)
    scores = topsis_scores(matrix, weights, benefit, norm)
    assert np.all(np.isfinite(scores))
    expected = topsis_scores(BASE, BASE_WEIGHTS, BASE_BENEFIT, norm)
    np.testing.assert_allclose(scores, expected, rtol=1e-12)


@pytest.mark.parametrize("norm", NORMS)
def test_zero_weight_is_as_if_absent(norm: str) -> None:
    weights = np.array([0.5, 0.0, 0.2])
    scores = topsis_scores(BASE, weights, BASE_BENEFIT, norm)
    expected = topsis_scores(BASE[:, [0, 2]], weights[[0, 2]], BASE_BENEFIT[[0, 2]], norm)
    np.testing.assert_allclose(scores, expected, rtol=1e-12)


@pytest.mark.parametrize("norm", NORMS)
def test_one_alternative(norm: str) -> None:
    scores = topsis_scores(BASE[:1], BASE_WEIGHTS, BASE_BENEFIT, norm)
    assert scores.tolist() == [0.5]


@pytest.mark.parametrize("norm", NORMS)
def test_all_indicators_constant_all_tie_at_one_half(norm: str) -> None:
    matrix = np.array([[2.0, 5.0, 0.0]] * 4)
    scores = topsis_scores(matrix, BASE_WEIGHTS, BASE_BENEFIT, norm)
    assert scores.tolist() == [0.5] * 4


def test_wrapper_notes_constant_indicator_and_zero_weight() -> None:
    matrix = np.column_stack([BASE, np.zeros(4)])
    problem = flat_problem(matrix, ["benefit", "cost", "benefit", "benefit"])
    result = topsis(problem, np.array([0.5, 0.0, 0.2, 0.3]))
    assert all(np.isfinite(v) for v in result.scores.values())
    assert any("c4" in note and "same value" in note for note in result.notes)
    assert any("c2" in note and "weight 0" in note for note in result.notes)


def test_wrapper_notes_all_tie() -> None:
    problem = flat_problem(np.array([[2.0, 5.0]] * 3), ["benefit", "cost"])
    result = topsis(problem, np.array([0.5, 0.5]), normalization="minmax")
    assert list(result.scores.values()) == [0.5] * 3
    assert list(result.ranks.values()) == [1, 1, 1]
    assert any("all tie" in note for note in result.notes)
    assert result.conventions["normalization"] == "minmax"


def test_wrapper_notes_one_alternative() -> None:
    problem = flat_problem(BASE[:1], ["benefit", "cost", "benefit"])
    result = topsis(problem, BASE_WEIGHTS)
    assert dict(result.scores) == {"A1": 0.5}
    assert dict(result.ranks) == {"A1": 1}
    assert any("only one alternative" in note for note in result.notes)


@settings(deadline=None)
@given(case=problems())
def test_wrapper_matches_kernel(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    matrix, weights, benefit = case
    directions: list[Direction] = ["benefit" if b else "cost" for b in benefit]
    result = topsis(flat_problem(matrix, directions), weights)
    expected = topsis_scores(matrix, weights, benefit, "vector")
    assert list(result.scores.values()) == expected.tolist()
    ranks = np.array(list(result.ranks.values()))
    assert ranks.min() == 1 and ranks.max() <= len(ranks)
