"""Tests for ``mcda_citydip.sensitivity.reversal``: remove-one and add-a-copy checks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cases import METHOD_OPTIONS, flat_problem
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import Problem
from mcda_citydip.sensitivity.reversal import PairChange, copy_id, rank_reversal


def textbook_topsis(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Hwang & Yoon (1981), vector normalisation, benefit criteria, written out again."""
    v = matrix / np.sqrt((matrix**2).sum(axis=0)) * weights
    d_plus = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


REVERSAL = np.array([[0.0, 0.0], [1.0, 3.0], [2.0, 1.0], [3.0, 2.0]])
REVERSAL_NAMES = ("W", "A", "B", "C")
REVERSAL_WEIGHTS = np.array([0.6, 0.4])


def test_topsis_rank_reversal_by_hand() -> None:
    """TOPSIS (vector) rank reversal when the worst alternative is removed (cf. Wang & Luo
    2009). W = (0, 0), A = (1, 3), B = (2, 1), C = (3, 2), benefit, w = (0.6, 0.4).

    Both columns have norm √14 with or without W (W is 0), and closeness does not change
    when every column is scaled alike, so work on v = (0.6 x1, 0.4 x2):
    W (0, 0), A (0.6, 1.2), B (1.2, 0.4), C (1.8, 0.8); ideal (1.8, 1.2).

    * With W (anti-ideal (0, 0)): C_A = √1.8/(1.2 + √1.8) ≈ 0.5279,
      C_B = √1.6/(1 + √1.6) ≈ 0.5585, C_C = √3.88/(0.4 + √3.88) ≈ 0.8312: C, B, A, W.
    * Without W (anti-ideal (0.6, 0.4)): C_A = 0.8/(1.2 + 0.8) = 0.4,
      C_B = 0.6/(1 + 0.6) = 0.375, C_C = √1.6/(0.4 + √1.6) ≈ 0.7597: C, A, B — A and B swap.
    * Adding a copy of W changes neither the norms (+0) nor the ideal points: no change.
    """
    with_w = textbook_topsis(REVERSAL, REVERSAL_WEIGHTS)
    assert with_w == pytest.approx([0.0, 0.5279, 0.5585, 0.8312], abs=1e-4)
    without_w = textbook_topsis(REVERSAL[1:], REVERSAL_WEIGHTS)
    assert without_w == pytest.approx([0.4, 0.375, 0.7597], abs=1e-4)

    problem = flat_problem(REVERSAL, names=REVERSAL_NAMES)
    report = rank_reversal(problem, REVERSAL_WEIGHTS, "topsis", {"normalization": "vector"})
    assert dict(report.ranks) == {"W": 4, "A": 3, "B": 2, "C": 1}
    cases = {case.alternative: case for case in report.removed}
    assert cases["W"].changes == (PairChange("B", "A", "above", "below"),)
    assert dict(cases["W"].ranks) == {"A": 2, "B": 3, "C": 1}
    assert not any(cases[name].changed for name in ("A", "B", "C"))
    assert report.added.alternative == "W" and not report.added.changed
    assert dict(report.added.ranks)["W (copy)"] == 4
    assert report.reversal


def test_vikor_keeps_the_order_on_the_same_example_by_hand() -> None:
    """VIKOR (v = 0.5) on the same data. With W: f* = (3, 3), f⁻ = (0, 0); S = (1, 0.4,
    0.4667, 0.1333), R = (0.6, 0.4, 0.2667, 0.1333) for W, A, B, C;
    Q_A = ½(0.2667/0.8667 + 0.2667/0.4667) ≈ 0.4396 > Q_B = ½(0.3333/0.8667 + 0.1333/0.4667)
    ≈ 0.3352: B above A. Without W: f⁻ = (1, 1); S = (0.6, 0.7, 0.2), R = (0.6, 0.4, 0.2);
    Q_A = ½(0.8 + 1) = 0.9 > Q_B = ½(1 + 0.5) = 0.75: B still above A (C first)."""
    problem = flat_problem(REVERSAL, names=REVERSAL_NAMES)
    report = rank_reversal(problem, REVERSAL_WEIGHTS, "vikor", {"v": 0.5})
    cases = {case.alternative: case for case in report.removed}
    assert dict(cases["W"].ranks) == {"A": 3, "B": 2, "C": 1}
    assert not cases["W"].changed


@st.composite
def single_criterion_problems(draw: st.DrawFn) -> tuple[Problem, np.ndarray]:
    """Random data where one criterion has weight 1 and the others weight 0."""
    m, n = draw(st.integers(2, 6)), draw(st.integers(1, 4))
    values = draw(st.lists(st.integers(0, 9), min_size=m * n, max_size=m * n))
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=n, max_size=n))
    weights = np.zeros(n)
    weights[draw(st.integers(0, n - 1))] = 1.0
    return flat_problem(np.array(values, dtype=float).reshape(m, n), directions), weights


@settings(deadline=None)
@given(single_criterion_problems(), st.sampled_from(METHOD_OPTIONS))
def test_single_criterion_never_reverses(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, object]]
) -> None:
    """With all the weight on one criterion every method orders by that criterion alone
    (TOPSIS: C = (x − min)/(max − min); VIKOR: S = R = the regret), whatever the set."""
    problem, weights = case
    report = rank_reversal(problem, weights, *method)
    assert not report.reversal
    k = int(np.argmax(weights))
    column = problem.matrix[:, k] * (1 if problem.benefit[k] else -1)
    expected = {
        a: 1 + int(np.sum(column > x)) for a, x in zip(problem.alternatives, column, strict=True)
    }
    assert dict(report.ranks) == expected


def test_worst_is_last_on_ties_and_copy_ids_are_unique() -> None:
    """A1 and A3 tie for last: the copy is of A3 (the later one); "A3 (copy)" exists."""
    names = ("A1", "A2", "A3", "A3 (copy)")
    problem = flat_problem(np.array([[0.0], [5.0], [0.0], [3.0]]), names=names)
    report = rank_reversal(problem, np.array([1.0]), "topsis")
    assert report.added.alternative == "A3"
    assert "A3 (copy 2)" in report.added.ranks
    assert copy_id("x", ("x", "x (copy)", "x (copy 2)")) == "x (copy 3)"


def test_two_alternatives_and_json() -> None:
    """Removing one of two leaves a single alternative: nothing can change."""
    problem = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0]]))
    report = rank_reversal(problem, np.array([0.6, 0.4]), "vikor")
    assert [case.changed for case in report.removed] == [False, False]
    assert [dict(case.ranks) for case in report.removed] == [{"A2": 1}, {"A1": 1}]
    data = json.loads(json.dumps(report.to_data(), allow_nan=False))
    assert data["reversal"] is False
    assert data["added"]["alternative"] == "A2"
    assert data["removed"][0]["changes"] == []


def test_order_to_tie_counts_as_a_change() -> None:
    """TOPSIS (vector), w = (0.5, 0.5), A = (1, 0), B = (0, 1), C = (2, 0).

    With C: column norms √5 and 1; v: A (√0.05, 0), B (0, 0.5), C (√0.2, 0); ideal
    (√0.2, 0.5), anti-ideal (0, 0): C_A = √0.05/(√0.3 + √0.05) ≈ 0.290,
    C_B = 0.5/(√0.2 + 0.5) ≈ 0.528, C_C = √0.2/(0.5 + √0.2) ≈ 0.472: B, C, A.
    Without C: A and B are mirror images (both norms 1): C_A = C_B = 1/2, a tie —
    B was above A and is now tied with it.
    """
    problem = flat_problem(np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0]]), names=("A", "B", "C"))
    report = rank_reversal(problem, np.array([0.5, 0.5]), "topsis")
    assert dict(report.ranks) == {"A": 3, "B": 1, "C": 2}
    removed_c = report.removed[2]
    assert removed_c.alternative == "C"
    assert dict(removed_c.ranks) == {"A": 1, "B": 1}
    assert removed_c.changes == (PairChange("B", "A", "above", "tied"),)
