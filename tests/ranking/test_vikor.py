"""Tests for ``mcda_citydip.ranking.vikor``: S, R, Q, acceptance conditions, compromise set."""

from __future__ import annotations

import numpy as np
import pytest
from cases import flat_problem
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm.methods import VIKOR
from ranking_cases import rescaled_problems

from mcda_citydip.model import Direction
from mcda_citydip.ranking import METHODS, run_method
from mcda_citydip.ranking.result import TIE_TOLERANCE, RankResult, rank_values
from mcda_citydip.ranking.vikor import VIKOR as CitydipVIKOR
from mcda_citydip.ranking.vikor import (
    all_tied,
    compromise,
    q_index,
    regret_matrix,
    regrets,
    vikor,
)


def extra(result: RankResult, name: str) -> list[float]:
    return list(result.extras[name].values())


def all_finite(result: RankResult) -> bool:
    values = [v for name in ("S", "R", "Q") for v in extra(result, name)]
    return bool(np.all(np.isfinite(values)))


# --------------------------------------------------------------------------- golden numbers


def test_vikor_tzeng2011multiple() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press — example data (as reproduced in scikit-criteria, a secondary
    reproduction): rows [5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6], all benefit,
    w = (0.3, 0.4, 0.3), v = 0.5 → S (0.6, 0.3, 0.15, 0.65), R (0.3, 0.2, 0.15, 0.4),
    Q (0.75, 0.25, 0.0, 1.0) (printed to 2 dp); acceptable advantage False, acceptable
    stability True, compromise set the 2nd and 3rd rows (A2, A3 counting from 1)."""
    matrix = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    result = vikor(flat_problem(matrix, ["benefit"] * 3), np.array([0.3, 0.4, 0.3]), v=0.5)
    assert extra(result, "S") == pytest.approx([0.6, 0.3, 0.15, 0.65], abs=5e-3)
    assert extra(result, "R") == pytest.approx([0.3, 0.2, 0.15, 0.4], abs=5e-3)
    assert extra(result, "Q") == pytest.approx([0.75, 0.25, 0.0, 1.0], abs=5e-3)
    assert result.flags["acceptable_advantage"] is False
    assert result.flags["acceptable_stability"] is True
    assert set(result.flags["compromise_set"]) == {"A2", "A3"}
    assert result.flags["compromise_set"][0] == "A3"  # best Q first
    assert result.higher_is_better is False
    assert dict(result.ranks) == {"A1": 3, "A2": 2, "A3": 1, "A4": 4}


OPRICOVIC_2004 = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda f: f, id="original"),
        pytest.param(lambda f: np.column_stack([f[:, 0] + 5, f[:, 1] / 1000 - 1]), id="shifted"),
    ],
)
def test_vikor_opricovic2004_numerical_example(transform) -> None:  # type: ignore[no-untyped-def]
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a
    comparative analysis of VIKOR and TOPSIS. EJOR 156(2):445–455, §4: A1 (1, 3000),
    A2 (2, 3750), A3 (5, 4500), f1 cost, f2 benefit, w = (0.5, 0.5), v = 0.5 →
    S (0.5, 0.375, 0.5), R (0.5, 0.25, 0.5), Q (1.0, 0.0, 1.0); compromise {A2} with both
    conditions satisfied. The paper also uses the transformed data f1' = f1 + 5,
    f2' = f2/1000 − 1: VIKOR's linear normalisation makes the result identical."""
    problem = flat_problem(transform(OPRICOVIC_2004), ["cost", "benefit"])
    result = vikor(problem, np.array([0.5, 0.5]), v=0.5)
    assert extra(result, "S") == pytest.approx([0.5, 0.375, 0.5], abs=5e-4)
    assert extra(result, "R") == pytest.approx([0.5, 0.25, 0.5], abs=5e-4)
    assert extra(result, "Q") == pytest.approx([1.0, 0.0, 1.0], abs=5e-4)
    assert result.flags["compromise_set"] == ["A2"]
    assert result.flags["acceptable_advantage"] is True
    assert result.flags["acceptable_stability"] is True
    assert result.conventions["DQ"] == pytest.approx(0.5)


#: Opricovic & Tzeng (2007), rows A1..A6; criteria (max, min, max, max, min, min, min, max).
OPRICOVIC_2007 = np.array(
    [
        [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
        [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
        [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
        [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
        [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
        [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
    ]
)
OPRICOVIC_2007_DIRECTIONS: list[Direction] = [
    "benefit",
    "cost",
    "benefit",
    "benefit",
    "cost",
    "cost",
    "cost",
    "benefit",
]
OPRICOVIC_2007_CASES = {
    "W1": (
        [1] * 8,
        [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
        [0.692, 0.700, 0.290, 0.423, 0.280, 0.346],
        [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
        {"A5"},
        None,
    ),
    "W2": (
        [2, 2, 2, 2, 1, 1, 1, 1],
        [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
        [0.701, 0.600, 0.386, 0.365, 0.317, 0.459],
        [1.0, 0.533, 0.552, 0.563, 0.0, 0.686],
        {"A5"},
        None,
    ),
    "W3": (
        [1, 1, 1, 1, 2, 2, 2, 2],
        [0.113, 0.167, 0.080, 0.122, 0.044, 0.083],
        [0.683, 0.800, 0.193, 0.480, 0.243, 0.232],
        [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
        {"A3", "A5", "A6"},
        False,
    ),
    "W4": (
        [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2],
        [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
        [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
        [0.668, 1.0, 0.051, 0.588, 0.058, 0.078],
        {"A3", "A5", "A6"},
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(OPRICOVIC_2007_CASES))
def test_vikor_opricovic2007extended(case: str) -> None:
    """Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with
    outranking methods. EJOR 178(2):514–529 (as reproduced in scikit-criteria's
    ``test_VIKOR_opricovic2007extended``, a secondary reproduction; weights normalised to
    sum 1): six alternatives, eight criteria, four weight sets W1–W4, v = 0.5. R, S and Q
    are printed at 3 dp (tolerance half a unit in the 3rd decimal); the compromise set
    and, where stated, the acceptable-advantage condition."""
    raw, r, s, q, members, advantage = OPRICOVIC_2007_CASES[case]
    weights = np.array(raw, dtype=float) / sum(raw)
    result = vikor(flat_problem(OPRICOVIC_2007, OPRICOVIC_2007_DIRECTIONS), weights, v=0.5)
    assert extra(result, "R") == pytest.approx(r, abs=5e-4)
    assert extra(result, "S") == pytest.approx(s, abs=5e-4)
    assert extra(result, "Q") == pytest.approx(q, abs=5e-4)
    assert set(result.flags["compromise_set"]) == members
    if advantage is not None:
        assert result.flags["acceptable_advantage"] is advantage


def test_registry() -> None:
    assert isinstance(METHODS["vikor"], CitydipVIKOR) and METHODS["vikor"].options == {"v": 0.5}
    problem = flat_problem(OPRICOVIC_2004, ["cost", "benefit"])
    result = run_method("vikor", problem, np.array([0.5, 0.5]), v=0.3)
    assert result.method == "vikor" and result.conventions["v"] == 0.3


# --------------------------------------------------------------------------- pymcdm cross-check


def random_case(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(1000 + seed)
    m, n = int(rng.integers(2, 31)), int(rng.integers(1, 13))
    matrix = rng.lognormal(mean=2.0, sigma=1.5, size=(m, n))  # no constant columns
    weights = rng.dirichlet(np.ones(n))
    benefit = rng.random(n) < 0.5
    return matrix, weights, benefit, float(rng.uniform(0, 1))


@pytest.mark.parametrize("seed", range(50))
def test_matches_pymcdm(seed: int) -> None:
    matrix, weights, benefit, v = random_case(seed)
    types = np.where(benefit, 1, -1)
    *_, s_theirs, r_theirs, q_theirs = VIKOR(v=v)._method(matrix, weights, types)
    s, r = regrets(matrix, weights, benefit)
    np.testing.assert_allclose(s, s_theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r, r_theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(q_index(s, r, v), q_theirs, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- formulas


@given(
    s=arrays(np.float64, st.integers(2, 10), elements=st.floats(0, 5)),
    data=st.data(),
    v=st.floats(0, 1),
)
def test_q_index_formula(s: np.ndarray, data: st.DataObject, v: float) -> None:
    """Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*) (Opricovic & Tzeng 2004)."""
    r = data.draw(arrays(np.float64, len(s), elements=st.floats(0, 5)))
    # Spreads within the tie tolerance count as all tied (tested separately).
    assume(not all_tied(s) and not all_tied(r))
    expected = v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (
        r.max() - r.min()
    )
    np.testing.assert_allclose(q_index(s, r, v), expected, rtol=1e-12, atol=1e-12)


def test_v_zero_and_one_use_r_and_s_alone() -> None:
    s = np.array([0.2, 0.6, 0.4])
    r = np.array([0.3, 0.1, 0.2])
    assert q_index(s, r, 1.0) == pytest.approx([0.0, 1.0, 0.5])
    assert q_index(s, r, 0.0) == pytest.approx([1.0, 0.0, 0.5])


def test_compromise_when_only_stability_fails() -> None:
    """C1 holds but a′ is best by neither S nor R: the set is {a′, a″}
    (Opricovic & Tzeng 2004, §3.1 step 5)."""
    s = np.array([0.4, 0.1, 0.9])
    r = np.array([0.4, 0.5, 0.1])
    q = np.array([0.0, 0.6, 1.0])  # DQ = 1/2, Q(a″) − Q(a′) = 0.6 ≥ DQ
    result = compromise(s, r, q)
    assert result.acceptable_advantage is True
    assert result.acceptable_stability is False
    assert result.members == (0, 1)


def test_compromise_when_advantage_fails() -> None:
    """C1 fails: the set is a′ … a⁽ᴹ⁾ with Q(a⁽ᴹ⁾) − Q(a′) < DQ = 1/4, best Q first."""
    s = np.array([0.5, 0.1, 0.3, 0.9, 0.2])
    r = np.array([0.5, 0.1, 0.3, 0.9, 0.2])
    q = np.array([0.3, 0.0, 0.24, 1.0, 0.1])
    result = compromise(s, r, q)
    assert result.acceptable_advantage is False
    assert result.acceptable_stability is True
    assert result.members == (1, 4, 2)


def test_compromise_when_both_hold() -> None:
    s = np.array([0.1, 0.5, 0.9])
    r = np.array([0.2, 0.1, 0.9])
    q = np.array([0.0, 0.5, 1.0])  # DQ = 1/2: the gap 0.5 is enough (≥)
    result = compromise(s, r, q)
    assert (result.members, result.acceptable_advantage, result.acceptable_stability) == (
        (0,),
        True,
        True,
    )


def test_dq_boundary_uses_the_tie_tolerance_issue9_example() -> None:
    """Constructed example of issue 9 (item 11), worked by hand in exact arithmetic.

    c1, c2 benefit, w = (0.4, 0.6), A1 = (4, 1), A2 = (2, 2), A3 = (0, 4), v = 0.5:
    c1: f* = 4, f⁻ = 0 → (f* − f)/(f* − f⁻) = (0, 1/2, 1); c2: f* = 4, f⁻ = 1 → (1, 2/3, 0).
    S = 0.4·(0, 1/2, 1) + 0.6·(1, 2/3, 0) = (0.6, 0.6, 0.4);
    R = max(0.4·…, 0.6·…) = (max(0, 0.6), max(0.2, 0.4), max(0.4, 0)) = (0.6, 0.4, 0.4).
    S* = 0.4, S⁻ = 0.6 → S̃ = (1, 1, 0); R* = 0.4, R⁻ = 0.6 → R̃ = (1, 0, 0);
    Q = ½S̃ + ½R̃ = (1, 1/2, 0). m = 3, DQ = 1/(m − 1) = 1/2. a′ = A3, a″ = A2:
    Q(a″) − Q(a′) = 1/2 ≥ DQ, so C1 holds; A3 has the best S (C2 holds): the set is {A3}.
    In floats 0.6 · 2/3 = 0.39999999999999997 < 0.4, so R(A2) < R(A3), Q(A3) ≈ 1.4e-16 and
    the gap falls just short of DQ; the tie rule's tolerance must absorb it, as it does
    for the ranks (R(A2) and R(A3) tie).
    """
    problem = flat_problem(np.array([[4.0, 1.0], [2.0, 2.0], [0.0, 4.0]]))
    result = vikor(problem, np.array([0.4, 0.6]), v=0.5)
    assert extra(result, "S") == pytest.approx([0.6, 0.6, 0.4], abs=1e-15)
    assert extra(result, "R") == pytest.approx([0.6, 0.4, 0.4], abs=1e-15)
    assert extra(result, "Q") == pytest.approx([1.0, 0.5, 0.0], abs=1e-15)
    assert result.flags["acceptable_advantage"] is True
    assert result.flags["acceptable_stability"] is True
    assert result.flags["compromise_set"] == ["A3"]
    assert dict(result.ranks) == {"A1": 3, "A2": 2, "A3": 1}


@pytest.mark.parametrize(
    ("gap", "advantage", "members"),
    [
        (0.5 - TIE_TOLERANCE / 2, True, (0,)),  # at DQ up to round-off: C1 holds
        (0.5 + TIE_TOLERANCE / 2, True, (0,)),
        (0.5 - 2 * TIE_TOLERANCE, False, (0, 1)),  # genuinely below DQ: C1 fails
    ],
)
def test_compromise_compares_with_dq_within_the_tie_tolerance(
    gap: float, advantage: bool, members: tuple[int, ...]
) -> None:
    """C1 (Q(a″) − Q(a′) ≥ DQ) and the set's test (Q − Q(a′) < DQ) are one test with the
    tie rule's tolerance: a″ is in the set exactly when C1 fails."""
    s = np.array([0.1, 0.5, 0.9])
    q = np.array([0.0, gap, 1.0])  # m = 3: DQ = 1/2; A1 best by S and R (C2 holds)
    result = compromise(s, s, q)
    assert result.acceptable_advantage is advantage
    assert result.members == members


# --------------------------------------------------------------------------- properties


@st.composite
def problems(draw: st.DrawFn, min_m: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(min_m, 12))
    n = draw(st.integers(1, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.integers(1, 50).map(float)))
    raw = draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    benefit = draw(arrays(np.bool_, n))
    return matrix, raw / raw.sum(), benefit


@given(case=problems(), v=st.floats(0, 1))
def test_s_r_q_are_finite_and_bounded(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], v: float
) -> None:
    matrix, weights, benefit = case
    s, r = regrets(matrix, weights, benefit)
    q = q_index(s, r, v)
    for values in (s, r, q):
        assert np.all(np.isfinite(values))
    assert np.all(r >= 0) and np.all(r <= s + 1e-12) and np.all(s <= weights.sum() + 1e-12)
    assert np.all((q >= 0) & (q <= 1 + 1e-12))


@given(case=problems(), data=st.data())
def test_permuting_alternatives_permutes_s_r_q(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    matrix, weights, benefit = case
    perm = np.array(data.draw(st.permutations(range(matrix.shape[0]))), dtype=int)
    s, r = regrets(matrix, weights, benefit)
    s_p, r_p = regrets(matrix[perm], weights, benefit)
    np.testing.assert_allclose(s_p, s[perm], rtol=1e-12)
    np.testing.assert_allclose(r_p, r[perm], rtol=1e-12)
    np.testing.assert_allclose(q_index(s_p, r_p, 0.5), q_index(s, r, 0.5)[perm], atol=1e-9)


@given(case=problems(), c=st.floats(1e-3, 1e3), v=st.floats(0, 1))
@example(  # found by hypothesis: S and R tie in exact arithmetic (both w_j), not in floats
    case=(
        np.array([[1.0, 1.0, 1.0, 2.0, 1.0], [1.0, 1.0, 1.0, 1.0, 4.0]]),
        np.full(5, 0.01) / 0.05,  # 0.19999999999999998 each, as drawn (0.01 normalised)
        np.zeros(5, dtype=bool),
    ),
    c=0.001,
    v=0.0,
)
def test_scaling_all_weights_leaves_q_unchanged(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], c: float, v: float
) -> None:
    matrix, weights, benefit = case
    s, r = regrets(matrix, weights, benefit)
    s_c, r_c = regrets(matrix, c * weights, benefit)
    np.testing.assert_allclose(s_c, c * s, rtol=1e-9)
    np.testing.assert_allclose(r_c, c * r, rtol=1e-9)
    np.testing.assert_allclose(q_index(s_c, r_c, v), q_index(s, r, v), atol=1e-9)


@given(case=problems(), data=st.data())
def test_positive_affine_change_of_units_changes_nothing(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """VIKOR's linear normalisation (f* − f)/(f* − f⁻) ignores x → a·x + b, a > 0 (the
    property behind Opricovic & Tzeng's 2004 transformed-data example)."""
    matrix, weights, benefit = case
    n = matrix.shape[1]
    factors = data.draw(arrays(np.float64, n, elements=st.floats(1e-2, 1e2)))
    shifts = data.draw(arrays(np.float64, n, elements=st.floats(-100, 100)))
    s, r = regrets(matrix, weights, benefit)
    s_t, r_t = regrets(matrix * factors + shifts, weights, benefit)
    np.testing.assert_allclose(s_t, s, atol=1e-9)
    np.testing.assert_allclose(r_t, r, atol=1e-9)


@settings(deadline=None)
@given(case=problems(min_m=2))
def test_wrapper_matches_kernels(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    matrix, weights, benefit = case
    directions: list[Direction] = ["benefit" if b else "cost" for b in benefit]
    result = vikor(flat_problem(matrix, directions), weights, v=0.5)
    s, r = regrets(matrix, weights, benefit)
    assert extra(result, "S") == s.tolist() and extra(result, "R") == r.tolist()
    assert list(result.scores.values()) == extra(result, "Q")
    members = result.flags["compromise_set"]
    assert members and set(members) <= set(result.alternatives)
    assert result.ranks[members[0]] == 1
    assert result.conventions["DQ"] == pytest.approx(1 / (len(s) - 1))


# --------------------------------------------------------------------------- the float range


@settings(max_examples=200)
@given(case=rescaled_problems(), v=st.floats(0, 1))
def test_ranks_ignore_a_power_of_two_rescaling_of_any_column(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], v: float
) -> None:
    """Issue 9 (4): VIKOR's (f* − f)/(f* − f⁻) is scale-invariant per column and must stay
    so over the whole finite range: columns × 2^k, k ∈ [−1000, 1000], give the same S, R, Q,
    ranks and compromise set — to the bit, as 2^k changes no digit."""
    matrix, rescaled, weights, benefit = case
    directions: list[Direction] = ["benefit" if b else "cost" for b in benefit]
    before = vikor(flat_problem(matrix, directions), weights, v=v)
    after = vikor(flat_problem(rescaled, directions), weights, v=v)
    assert all_finite(after)
    for name in ("S", "R", "Q"):
        assert extra(after, name) == extra(before, name)
    assert dict(after.ranks) == dict(before.ranks)
    assert dict(after.flags) == dict(before.flags)
    np.testing.assert_array_equal(
        regret_matrix(rescaled[None], benefit), regret_matrix(matrix[None], benefit)
    )


def test_column_of_largest_opposite_floats() -> None:
    """Issue 9 (4): a column with 1e308 and −1e308 gave S, R, Q = NaN (f* − f⁻ overflowed).
    It ranks as the same column at (1, −1, 0); by hand, c1 benefit with regrets (0, 1, 1/2),
    c2 benefit (1, 2, 3) with regrets (1, 1/2, 0), w = (0.5, 0.5):
    S = (0.5, 0.75, 0.25), R = (0.5, 0.5, 0.25)."""
    matrix = np.array([[1e308, 1.0], [-1e308, 2.0], [0.0, 3.0]])
    result = vikor(flat_problem(matrix), np.array([0.5, 0.5]))
    assert all_finite(result)
    assert extra(result, "S") == pytest.approx([0.5, 0.75, 0.25], abs=1e-15)
    assert extra(result, "R") == pytest.approx([0.5, 0.5, 0.25], abs=1e-15)
    ordinary = np.array([[1.0, 1.0], [-1.0, 2.0], [0.0, 3.0]])
    reference = vikor(flat_problem(ordinary), np.array([0.5, 0.5]))
    assert dict(result.ranks) == dict(reference.ranks)
    assert dict(result.flags) == dict(reference.flags)


@pytest.mark.parametrize("factor", [1e308 / 5, 1e160, 1e-160, 1e-300, 5e-324 * 2**10])
def test_extreme_magnitudes_rank_as_the_same_column_rescaled(factor: float) -> None:
    """The decimal factor is not exact: S, R, Q agree to round-off, the ranks exactly."""
    matrix = BASE.copy()
    matrix[:, 0] *= factor
    directions: list[Direction] = ["benefit", "cost", "benefit"]
    found = vikor(flat_problem(matrix, directions), BASE_WEIGHTS)
    expected = vikor(flat_problem(BASE, directions), BASE_WEIGHTS)
    assert all_finite(found)
    for name in ("S", "R", "Q"):
        np.testing.assert_allclose(extra(found, name), extra(expected, name), atol=1e-12)
    assert dict(found.ranks) == dict(expected.ranks)
    assert rank_values(np.array(extra(found, "Q")), False).tolist() == list(found.ranks.values())


# --------------------------------------------------------------------------- degenerate data

BASE = np.array([[3, 200, 0.4], [5, 150, 0.9], [4, 400, 0.1], [1, 250, 0.5]], dtype=float)
BASE_BENEFIT = np.array([True, False, True])
BASE_WEIGHTS = np.array([0.5, 0.3, 0.2])


@pytest.mark.parametrize("direction", [True, False], ids=["benefit", "cost"])
def test_constant_indicator_contributes_nothing(direction: bool) -> None:
    matrix = np.column_stack([BASE, np.full(4, 7.0)])
    weights = np.append(BASE_WEIGHTS, 0.4)
    s, r = regrets(matrix, weights, np.append(BASE_BENEFIT, direction))
    s0, r0 = regrets(BASE, BASE_WEIGHTS, BASE_BENEFIT)
    np.testing.assert_allclose(s, s0, rtol=1e-12)
    np.testing.assert_allclose(r, r0, rtol=1e-12)


def test_zero_weight_contributes_nothing() -> None:
    weights = np.array([0.5, 0.0, 0.2])
    s, r = regrets(BASE, weights, BASE_BENEFIT)
    s0, r0 = regrets(BASE[:, [0, 2]], weights[[0, 2]], BASE_BENEFIT[[0, 2]])
    np.testing.assert_allclose(s, s0, rtol=1e-12)
    np.testing.assert_allclose(r, r0, rtol=1e-12)
    problem = flat_problem(BASE, ["benefit", "cost", "benefit"])
    result = vikor(problem, weights)
    assert all_finite(result)
    assert any("c2" in note and "weight 0" in note for note in result.notes)


def test_wrapper_notes_constant_indicator() -> None:
    problem = flat_problem(np.column_stack([BASE, np.zeros(4)]), ["benefit", "cost"] * 2)
    result = vikor(problem, np.array([0.4, 0.3, 0.2, 0.1]))
    assert all_finite(result)
    assert any("c4" in note and "same value" in note for note in result.notes)


def test_all_s_tied_mirror_images() -> None:
    """Two alternatives that mirror each other: S and R tie, so Q ties (all 0) and both are
    in the compromise set; the notes say Q depends on neither S nor R differences."""
    problem = flat_problem(np.array([[1.0, 2.0], [2.0, 1.0]]), ["benefit", "benefit"])
    result = vikor(problem, np.array([0.5, 0.5]))
    assert extra(result, "S") == [0.5, 0.5]
    assert extra(result, "Q") == [0.0, 0.0]
    assert dict(result.ranks) == {"A1": 1, "A2": 1}
    assert set(result.flags["compromise_set"]) == {"A1", "A2"}
    assert any("same S" in note for note in result.notes)
    assert any("same R" in note for note in result.notes)


def test_all_s_tied_latin_square() -> None:
    """A cyclic Latin square: each alternative has the values 1, 2, 3, 4 on the four equally
    weighted benefit criteria, in a different order. In exact arithmetic every
    S_i = 0.25·(3 + 2 + 1 + 0)/3 = 0.5 and every R_i = 0.25·3/3 = 0.25, so all
    alternatives tie: Q must be the same for everyone, every rank 1, and the notes must
    say that S (and R) are all equal. Floating-point sums in different orders may differ
    in the last bit; that must not decide the ranking."""
    values = np.array([1.0, 2.0, 3.0, 4.0])
    matrix = np.array([np.roll(values, k) for k in range(4)])
    problem = flat_problem(matrix, ["benefit"] * 4)
    result = vikor(problem, np.full(4, 0.25))
    assert extra(result, "S") == pytest.approx([0.5] * 4, abs=1e-12)
    assert extra(result, "R") == pytest.approx([0.25] * 4, abs=1e-12)
    q = extra(result, "Q")
    assert max(q) - min(q) == pytest.approx(0.0, abs=1e-9)
    assert set(result.ranks.values()) == {1}
    assert set(result.flags["compromise_set"]) == set(problem.alternatives)
    assert any("same S" in note for note in result.notes)


def test_all_r_tied() -> None:
    """R ties (0.5 for everyone) while S does not: Q = v·S̃ alone."""
    problem = flat_problem(np.array([[1.0, 1.0], [2.0, 1.0], [1.0, 2.0]]), ["benefit"] * 2)
    result = vikor(problem, np.array([0.5, 0.5]), v=0.5)
    assert extra(result, "R") == pytest.approx([0.5, 0.5, 0.5])
    assert extra(result, "S") == pytest.approx([1.0, 0.5, 0.5])
    assert extra(result, "Q") == pytest.approx([0.5, 0.0, 0.0])
    assert set(result.flags["compromise_set"]) == {"A2", "A3"}
    assert any("same R" in note for note in result.notes)
    assert not any("same S" in note for note in result.notes)


def test_one_alternative() -> None:
    problem = flat_problem(BASE[:1], ["benefit", "cost", "benefit"])
    result = vikor(problem, BASE_WEIGHTS)
    assert all_finite(result)
    assert extra(result, "Q") == [0.0]
    assert dict(result.ranks) == {"A1": 1}
    assert result.flags["compromise_set"] == ["A1"]
    assert result.conventions["DQ"] is None
    assert any("only one alternative" in note for note in result.notes)


def test_all_indicators_constant() -> None:
    problem = flat_problem(np.array([[2.0, 5.0, 0.0]] * 4), ["benefit", "cost", "benefit"])
    result = vikor(problem, BASE_WEIGHTS)
    assert all_finite(result)
    assert extra(result, "S") == [0.0] * 4 and extra(result, "R") == [0.0] * 4
    assert extra(result, "Q") == [0.0] * 4
    assert set(result.ranks.values()) == {1}
    assert set(result.flags["compromise_set"]) == set(problem.alternatives)
    assert any("same value" in note for note in result.notes)
    assert any("same S" in note for note in result.notes)


@settings(deadline=None, max_examples=40)
@given(
    st.integers(1, 300),  # draws
    st.sampled_from([1, 2, 7, 500, 40_000]),  # alternatives (40,000: one row per block)
    st.integers(1, 6),  # criteria
    st.integers(0, 2**32 - 1),
)
def test_regret_max_is_the_max_of_the_weighted_regrets(k: int, m: int, n: int, seed: int) -> None:
    """``R = max_j w_j f_ij`` row by row, in blocks of rows: bit for bit the maximum of the
    same products (whatever the blocks), into ``out`` when given."""
    from mcda_citydip.ranking.vikor import regret_max

    rng = np.random.default_rng(seed)
    k = min(k, max(1, 400_000 // m))  # a few MB of products
    weights, regrets = rng.random((k, n)), rng.random((m, n))
    expected = (weights[:, None, :] * regrets[None, :, :]).max(axis=2)
    assert np.array_equal(regret_max(weights, regrets.T), expected)
    out = np.empty((k, m))
    assert regret_max(weights, np.ascontiguousarray(regrets.T), out=out) is out
    assert np.array_equal(out, expected)
