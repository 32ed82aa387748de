"""Tests for ``mcda_citydip.objective``: entropy and CRITIC weights, and their combination."""

from __future__ import annotations

import math

import numpy as np
import pymcdm.weights
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mcda_citydip.combination import combine_weights
from mcda_citydip.errors import InputError, MethodError
from mcda_citydip.model import Hierarchy, Node, Problem
from mcda_citydip.objective import (
    OBJECTIVE_METHODS,
    critic_weights,
    entropy_weights,
    objective_weights,
)

METHODS = sorted(OBJECTIVE_METHODS)


def all_benefit(n: int) -> np.ndarray:
    return np.ones(n, dtype=bool)


# --------------------------------------------------------------------------- published examples
# The printed weights below are as transcribed in the test-suite of pyrepo-mcda
# (Wątróbski, Sałabun et al.), a secondary reproduction; table numbers are not checked.
# Every printed digit is reproduced by the textbook formulas, which also vouches for
# the transcription.


def test_entropy_xu2004() -> None:
    """Xu, X. (2004). A note on the subjective and objective integrated approach to
    determine attribute weights. EJOR 156(2):530–532 — entropy weights printed at 4 dp:
    0.4630, 0.3992, 0.1378, 0.0000 (the last indicator is nearly constant). Tolerance:
    half a unit in the 4th decimal."""
    matrix = np.array(
        [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]],
        dtype=float,
    )
    weights, notes = entropy_weights(matrix, all_benefit(4))
    assert weights == pytest.approx([0.4630, 0.3992, 0.1378, 0.0000], abs=5e-5)
    assert notes == ()


def test_entropy_zavadskas_podvezko2016() -> None:
    """Zavadskas, E.K. & Podvezko, V. (2016). Integrated determination of objective
    criteria weights in MCDM. IJITDM 15(2):267–283 — entropy weights printed at 4 dp:
    0.1146, 0.1981, 0.4185, 0.2689. Criteria 1 and 3 are costs; the printed weights come
    from the raw data, i.e. entropy does not use the direction (our convention)."""
    matrix = np.array(
        [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]], dtype=float
    )
    benefit = np.array([False, True, False, True])
    weights, _ = entropy_weights(matrix, benefit)
    assert weights == pytest.approx([0.1146, 0.1981, 0.4185, 0.2689], abs=5e-5)


def test_entropy_ersoy2021() -> None:
    """Ersoy, Y. (2021). Equipment selection for an e-commerce company using
    entropy-based TOPSIS, EDAS and CODAS methods during the COVID-19. LogForum 17(3) —
    entropy weights printed at 3 dp: 0.405, 0.221, 0.134, 0.199, 0.007, 0.034."""
    matrix = np.array(
        [
            [256, 8, 41, 1.6, 1.77, 7347.16],
            [256, 8, 32, 1.0, 1.8, 6919.99],
            [256, 8, 53, 1.6, 1.9, 8400],
            [256, 8, 41, 1.0, 1.75, 6808.9],
            [512, 8, 35, 1.6, 1.7, 8479.99],
            [256, 4, 35, 1.6, 1.7, 7499.99],
        ]
    )
    weights, _ = entropy_weights(matrix, all_benefit(6))
    assert weights == pytest.approx([0.405, 0.221, 0.134, 0.199, 0.007, 0.034], abs=5e-4)


#: Tuş, A. & Aytaç Adalı, E. (2019). The new combination with CRITIC and WASPAS methods
#: for the time and attendance software selection problem. Opsearch 56(2):528–538.
#: Column 1 is the price (a cost); the others are benefits.
TUS_2019 = np.array(
    [
        [5000, 3, 3, 4, 3, 2],
        [680, 5, 3, 2, 2, 1],
        [2000, 3, 2, 3, 4, 3],
        [600, 4, 3, 1, 2, 2],
        [800, 2, 4, 3, 3, 4],
    ],
    dtype=float,
)
TUS_2019_PRINTED = [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]


def test_critic_tus_aytac_adali2019() -> None:
    """Tuş & Aytaç Adalı (2019) — CRITIC weights printed at 3 dp: 0.157, 0.249, 0.168,
    0.121, 0.154, 0.151. They are reproduced when every column, the price included, is
    min-max normalised as a benefit (so does pymcdm); tolerance half a unit in the 3rd
    decimal."""
    weights, _ = critic_weights(TUS_2019, all_benefit(6))
    assert weights == pytest.approx(TUS_2019_PRINTED, abs=5e-4)


def test_critic_tus_aytac_adali2019_with_price_as_cost_differs() -> None:
    """With the price as a cost (Diakoulaki et al.'s worst→best normalisation, our
    convention) the price conflicts with the benefits it rises with, and the weights are
    those of the benefit reading of the negated price column — not the printed ones."""
    benefit = np.array([False, True, True, True, True, True])
    weights, _ = critic_weights(TUS_2019, benefit)
    negated = TUS_2019 * np.array([-1, 1, 1, 1, 1, 1])
    assert weights == pytest.approx(critic_weights(negated, all_benefit(6))[0], abs=1e-12)
    assert abs(weights[0] - TUS_2019_PRINTED[0]) > 0.01


# --------------------------------------------------------------------------- hand-derived cases


def test_entropy_hand_derived_two_alternatives() -> None:
    """Hand-derived. m = 2, columns (1, 1), (1, 3), (0, 5); with ln 2 the entropies are
    in bits. Column 1 is constant: E = 1, d = 0. Column 2: p = (1/4, 3/4),
    E = H(1/4) = 2 − (3/4) log2 3, d = (3/4) log2 3 − 1 ≈ 0.188722. Column 3: p = (0, 1),
    E = 0 (0 ln 0 = 0), d = 1. Hence w = (0, d/(1 + d), 1/(1 + d))."""
    matrix = np.array([[1.0, 1.0, 0.0], [1.0, 3.0, 5.0]])
    d = 0.75 * math.log2(3) - 1
    weights, notes = entropy_weights(matrix, all_benefit(3), names=["A", "B", "C"])
    assert weights == pytest.approx([0.0, d / (1 + d), 1 / (1 + d)], abs=1e-15)
    assert weights[0] == 0.0
    assert len(notes) == 1 and "A" in notes[0] and "weight 0" in notes[0]


def test_critic_hand_derived_uncorrelated_pair() -> None:
    """Hand-derived. Columns (10, 20, 30) and (5, 7, 5) normalise to (0, ½, 1) and
    (0, 1, 0): σ = √(1/6) and √2/3 (ddof 0), ρ = 0, so C = σ (1 − 0) and
    w = (√3/(2 + √3), 2/(2 + √3)) ≈ (0.4641, 0.5359). Turning the second into a cost
    gives (1, 0, 1): same σ, ρ still 0, same weights."""
    matrix = np.array([[10.0, 5.0], [20.0, 7.0], [30.0, 5.0]])
    expected = [math.sqrt(3) / (2 + math.sqrt(3)), 2 / (2 + math.sqrt(3))]
    for benefit in ([True, True], [True, False]):
        weights, notes = critic_weights(matrix, np.array(benefit))
        assert weights == pytest.approx(expected, abs=1e-15)
        assert notes == ()


#: Columns: a benefit, a cost and a benefit. Normalised worst→best they are
#: (1, 0, 0), (1, 0, 0), (0, 0, 1): the first two are the same criterion twice.
DUPLICATED = np.array([[9.0, 2.0, 100.0], [3.0, 8.0, 100.0], [3.0, 8.0, 250.0]])
DUPLICATED_BENEFIT = np.array([True, False, True])


def test_critic_hand_derived_duplicated_criterion() -> None:
    """Hand-derived. All three normalised columns have σ = √2/3; ρ12 = 1 and
    ρ13 = ρ23 = −½. C = σ·(0 + 3/2), σ·(0 + 3/2), σ·(3/2 + 3/2), so w = (¼, ¼, ½):
    the duplicated criterion shares one weight, the key idea of CRITIC."""
    weights, notes = critic_weights(DUPLICATED, DUPLICATED_BENEFIT)
    assert weights == pytest.approx([0.25, 0.25, 0.5], abs=1e-15)
    assert notes == ()


def test_critic_pymcdm_ignores_direction() -> None:
    """Hand-derived. pymcdm 1.4's ``critic_weights`` treats every column as a benefit:
    the second column becomes (0, 1, 1). All σ are still √2/3, and ρ12 = −1, ρ13 = −½,
    ρ23 = ½, so C ∝ (0 + 2 + 3/2, 2 + 0 + 1/2, 3/2 + 1/2 + 0) and w = (7/16, 5/16, 1/4).
    Our function gives that only when told that all three are benefits."""
    expected = [7 / 16, 5 / 16, 1 / 4]
    assert pymcdm.weights.critic_weights(DUPLICATED) == pytest.approx(expected, abs=1e-12)
    weights, _ = critic_weights(DUPLICATED, all_benefit(3))
    assert weights == pytest.approx(expected, abs=1e-15)


# --------------------------------------------------------------------------- pymcdm cross-check


@pytest.mark.parametrize("seed", range(20))
def test_matches_pymcdm_on_positive_benefit_data(seed: int) -> None:
    """Where the conventions agree — strictly positive data, all benefits, no constant
    column, m ≥ 3 — entropy and CRITIC weights equal pymcdm's. (With m = 2 all min-max
    columns are perfectly correlated; CRITIC's conflicts can all vanish and pymcdm
    returns NaN where we return equal weights with a note.)"""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(3, 9)), int(rng.integers(2, 7))
    matrix = rng.uniform(0.1, 100.0, size=(m, n))
    entropy, _ = entropy_weights(matrix, all_benefit(n))
    critic, _ = critic_weights(matrix, all_benefit(n))
    assert entropy == pytest.approx(pymcdm.weights.entropy_weights(matrix), rel=1e-9)
    assert critic == pytest.approx(pymcdm.weights.critic_weights(matrix), rel=1e-9)


# --------------------------------------------------------------------------- degenerate data


@pytest.mark.parametrize("method", METHODS)
def test_constant_column_gets_weight_zero_and_a_note(method: str) -> None:
    matrix = np.array([[1.0, 7.0, 2.0], [2.0, 7.0, 5.0], [4.0, 7.0, 3.0]])
    weights, notes = OBJECTIVE_METHODS[method](matrix, all_benefit(3), ["A", "B", "C"])
    assert weights[1] == 0.0
    assert weights.sum() == pytest.approx(1.0)
    assert any("B" in note and "same value" in note for note in notes)
    without, _ = OBJECTIVE_METHODS[method](matrix[:, [0, 2]], all_benefit(2))
    assert weights[[0, 2]] == pytest.approx(without, abs=1e-15)


def test_entropy_zero_column_gets_weight_zero_and_a_note() -> None:
    matrix = np.array([[1.0, 0.0], [3.0, 0.0]])
    weights, notes = entropy_weights(matrix, all_benefit(2), ["A", "Z"])
    assert weights.tolist() == [1.0, 0.0]
    assert notes == (
        "entropy weights: indicator(s) Z are 0 for every alternative: weight 0 "
        "(their shares x / Σx are undefined)",
    )


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "matrix",
    [np.array([[1.0, 2.0, 0.0]]), np.array([[3.0, 0.0, 5.0], [3.0, 0.0, 5.0]])],
    ids=["one-alternative", "all-constant"],
)
def test_uninformative_data_gives_equal_weights_and_a_note(method: str, matrix: np.ndarray) -> None:
    weights, notes = OBJECTIVE_METHODS[method](matrix, all_benefit(3))
    assert weights.tolist() == pytest.approx([1 / 3] * 3)
    assert len(notes) == 1 and "equal weights" in notes[0]


def test_critic_perfectly_correlated_columns_share_equally() -> None:
    matrix = np.array([[1.0, 10.0, 5.0, 0.0], [2.0, 30.0, 5.0, 1.0], [3.0, 50.0, 5.0, 2.0]])
    weights, notes = critic_weights(matrix, all_benefit(4), ["A", "B", "C", "D"])
    assert weights == pytest.approx([1 / 3, 1 / 3, 0.0, 1 / 3], abs=1e-15)
    assert any("perfectly positively correlated" in note for note in notes)


def test_critic_single_varying_column_takes_all_weight() -> None:
    matrix = np.array([[1.0, 4.0], [2.0, 4.0], [7.0, 4.0]])
    weights, _ = critic_weights(matrix, np.array([False, True]))
    assert weights.tolist() == [1.0, 0.0]


def test_entropy_rejects_negative_values_naming_the_indicator() -> None:
    matrix = np.array([[1.0, -2.0], [3.0, 4.0]])
    with pytest.raises(InputError, match=r"indicator\(s\) GDP growth have negative values"):
        entropy_weights(matrix, all_benefit(2), ["pop", "GDP growth"])


@pytest.mark.parametrize("method", METHODS)
def test_missing_values_and_empty_data_raise_input_error(method: str) -> None:
    with pytest.raises(InputError, match="missing or infinite"):
        OBJECTIVE_METHODS[method](np.array([[1.0, np.nan], [2.0, 3.0]]), all_benefit(2))
    with pytest.raises(InputError, match="no alternatives"):
        OBJECTIVE_METHODS[method](np.empty((0, 2)), all_benefit(2))


def test_objective_weights_on_a_problem_names_indicators() -> None:
    nodes = {
        "goal": Node("goal", "Goal", children=("POP", "AIR", "NET")),
        "POP": Node("POP", "Population", direction="benefit"),
        "AIR": Node("AIR", "Pollution", direction="cost"),
        "NET": Node("NET", "Networks", direction="benefit"),
    }
    matrix = np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 1.0], [5.0, 2.0, 2.0]])
    problem = Problem(Hierarchy("criteria.yaml", nodes), ("A1", "A2", "A3"), matrix)
    for method in METHODS:
        weights, notes = objective_weights(problem, method)
        assert weights[1] == 0.0
        assert any("AIR" in note for note in notes)
    with pytest.raises(MethodError, match="critic, entropy"):
        objective_weights(problem, "variance")


# --------------------------------------------------------------------------- properties


@st.composite
def decision_data(draw: st.DrawFn, min_rows: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Finite non-negative m×n data in which some columns are constant or all zero."""
    m = draw(st.integers(min_rows, 6))
    n = draw(st.integers(1, 5))
    values = st.one_of(
        st.integers(0, 4).map(float),
        st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
    )
    matrix = draw(arrays(np.float64, (m, n), elements=values))
    for j in range(n):
        kind = draw(st.sampled_from(["data", "data", "constant", "zero"]))
        if kind != "data":
            matrix[:, j] = 0.0 if kind == "zero" else draw(st.floats(0.5, 1e3))
    benefit = draw(arrays(np.bool_, (n,)))
    return matrix, benefit


@pytest.mark.parametrize("method", METHODS)
@settings(deadline=None)
@given(data=decision_data())
def test_weights_are_finite_non_negative_and_sum_to_one(
    method: str, data: tuple[np.ndarray, np.ndarray]
) -> None:
    matrix, benefit = data
    weights, notes = OBJECTIVE_METHODS[method](matrix, benefit)
    assert np.isfinite(weights).all()
    assert (weights >= 0).all()
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert all(isinstance(note, str) for note in notes)


@pytest.mark.parametrize("method", METHODS)
@settings(deadline=None)
@given(data=decision_data(), seed=st.integers(0, 2**32 - 1))
def test_permuting_alternatives_keeps_weights(
    method: str, data: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    matrix, benefit = data
    order = np.random.default_rng(seed).permutation(matrix.shape[0])
    weights, _ = OBJECTIVE_METHODS[method](matrix, benefit)
    permuted, _ = OBJECTIVE_METHODS[method](matrix[order], benefit)
    assert permuted == pytest.approx(weights, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
@settings(deadline=None)
@given(data=decision_data(), seed=st.integers(0, 2**32 - 1))
def test_permuting_criteria_permutes_weights(
    method: str, data: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    matrix, benefit = data
    order = np.random.default_rng(seed).permutation(matrix.shape[1])
    weights, _ = OBJECTIVE_METHODS[method](matrix, benefit)
    permuted, _ = OBJECTIVE_METHODS[method](matrix[:, order], benefit[order])
    assert permuted == pytest.approx(weights[order], rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
@settings(deadline=None)
@given(data=decision_data(), column=st.integers(0, 4), factor=st.floats(1e-3, 1e3))
def test_scaling_a_column_keeps_weights(
    method: str, data: tuple[np.ndarray, np.ndarray], column: int, factor: float
) -> None:
    """Entropy: shares x/Σx are scale-free. CRITIC: min-max normalisation is."""
    matrix, benefit = data
    j = column % matrix.shape[1]
    scaled = matrix.copy()
    scaled[:, j] *= factor
    weights, _ = OBJECTIVE_METHODS[method](matrix, benefit)
    rescaled, _ = OBJECTIVE_METHODS[method](scaled, benefit)
    assert rescaled == pytest.approx(weights, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
@settings(deadline=None)
@given(data=decision_data(min_rows=2), value=st.floats(0.0, 1e3))
def test_appending_a_constant_column_keeps_the_other_weights(
    method: str, data: tuple[np.ndarray, np.ndarray], value: float
) -> None:
    matrix, benefit = data
    assume(np.ptp(matrix, axis=0).max() > 0)
    weights, _ = OBJECTIVE_METHODS[method](matrix, benefit)
    extended = np.column_stack([matrix, np.full(matrix.shape[0], value)])
    more, _ = OBJECTIVE_METHODS[method](extended, np.append(benefit, True))
    assert more[-1] == 0.0
    assert more[:-1] == pytest.approx(weights, rel=1e-9, abs=1e-15)


@settings(deadline=None)
@given(data=decision_data())
def test_entropy_ignores_direction(data: tuple[np.ndarray, np.ndarray]) -> None:
    matrix, benefit = data
    assert np.array_equal(entropy_weights(matrix, benefit)[0], entropy_weights(matrix, ~benefit)[0])


@settings(deadline=None)
@given(data=decision_data(), column=st.integers(0, 4), shift=st.floats(-1e6, 1e6))
def test_critic_is_shift_invariant_and_a_cost_is_a_negated_benefit(
    data: tuple[np.ndarray, np.ndarray], column: int, shift: float
) -> None:
    matrix, benefit = data
    j = column % matrix.shape[1]
    weights, _ = critic_weights(matrix, benefit)
    shifted = matrix.copy()
    shifted[:, j] += shift
    assert critic_weights(shifted, benefit)[0] == pytest.approx(weights, rel=1e-6, abs=1e-12)
    flipped, turned = matrix.copy(), benefit.copy()
    flipped[:, j] *= -1.0
    turned[j] = not turned[j]
    assert critic_weights(flipped, turned)[0] == pytest.approx(weights, rel=1e-9, abs=1e-15)


# --------------------------------------------------------------------------- combination


@st.composite
def weight_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 8))
    entries = st.floats(0.0, 1.0, allow_subnormal=False)
    subjective = draw(arrays(np.float64, (n,), elements=entries))
    objective = draw(arrays(np.float64, (n,), elements=entries))
    assume(subjective.sum() > 0 and objective.sum() > 0)
    return subjective / subjective.sum(), objective / objective.sum()


@settings(deadline=None)
@given(pair=weight_pairs(), alpha=st.floats(0.0, 1.0))
def test_combined_weights_are_on_the_simplex(
    pair: tuple[np.ndarray, np.ndarray], alpha: float
) -> None:
    subjective, objective = pair
    for rule, a in (("product", None), ("linear", alpha)):
        weights, _ = combine_weights(subjective, objective, rule, a)  # type: ignore[arg-type]
        assert np.isfinite(weights).all() and (weights >= 0).all()
        assert weights.sum() == pytest.approx(1.0, abs=1e-12)


@settings(deadline=None)
@given(pair=weight_pairs())
def test_linear_alpha_one_is_subjective_and_zero_is_objective(
    pair: tuple[np.ndarray, np.ndarray],
) -> None:
    subjective, objective = pair
    assert combine_weights(subjective, objective, "linear", 1.0)[0] == pytest.approx(
        subjective, abs=1e-15
    )
    assert combine_weights(subjective, objective, "linear", 0.0)[0] == pytest.approx(
        objective, abs=1e-15
    )


@settings(deadline=None)
@given(pair=weight_pairs())
def test_product_with_equal_objective_weights_is_subjective(
    pair: tuple[np.ndarray, np.ndarray],
) -> None:
    subjective, _ = pair
    equal = np.full(subjective.size, 1.0 / subjective.size)
    weights, notes = combine_weights(subjective, equal, "product")
    assert weights == pytest.approx(subjective, rel=1e-12, abs=1e-15)
    assert notes == ()


def test_product_hand_derived() -> None:
    """Hand-derived: (0.5, 0.3, 0.2) · (0.2, 0.5, 0.3) = (0.10, 0.15, 0.06) / 0.31."""
    weights, _ = combine_weights(np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.5, 0.3]), "product")
    assert weights == pytest.approx([10 / 31, 15 / 31, 6 / 31], abs=1e-15)


def test_linear_hand_derived() -> None:
    """Hand-derived: 0.6 · (0.5, 0.5, 0) + 0.4 · (0, 0.25, 0.75) = (0.3, 0.4, 0.3)."""
    weights, _ = combine_weights(
        np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.25, 0.75]), "linear", 0.6
    )
    assert weights == pytest.approx([0.3, 0.4, 0.3], abs=1e-15)


def test_product_with_disjoint_supports_falls_back_to_the_mean_with_a_note() -> None:
    weights, notes = combine_weights(np.array([1.0, 0.0]), np.array([0.0, 1.0]), "product")
    assert weights.tolist() == [0.5, 0.5]
    assert len(notes) == 1 and "mean" in notes[0]


@pytest.mark.parametrize(
    ("rule", "alpha", "message"),
    [
        ("linear", 1.5, r"alpha in \[0, 1\] \(got 1.5\)"),
        ("linear", -0.1, r"alpha in \[0, 1\]"),
        ("linear", math.nan, r"alpha in \[0, 1\]"),
        ("linear", None, r"alpha in \[0, 1\] \(got None\)"),
        ("product", 0.5, "takes no alpha"),
        ("geometric", None, "^rule: unknown combine rule 'geometric'"),
    ],
)
def test_bad_combine_options_raise_method_error(
    rule: str, alpha: float | None, message: str
) -> None:
    with pytest.raises(MethodError, match=message) as caught:
        combine_weights(np.array([0.5, 0.5]), np.array([0.5, 0.5]), rule, alpha)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)
