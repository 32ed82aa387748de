"""Tests for ``mcda_citydip.sensitivity.reversal``: remove-one and add-a-copy checks."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest
from cases import METHOD_OPTIONS, flat_problem, weighted_problems
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import Problem
from mcda_citydip.sensitivity.reversal import (
    PairChange,
    changed_pairs,
    copy_id,
    rank_reversal,
    removal_order,
)


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


# --- size: pairs found with arrays, removals capped past the output cap -------------------------


def relation(first: int, second: int) -> int:
    return int(first > second) - int(first < second)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), max_size=14),
    st.integers(1, 12),
    st.integers(1, 400),
)
def test_changed_pairs_are_those_of_a_loop_over_every_pair(
    ranks: list[tuple[int, int]], limit: int, budget: int
) -> None:
    """Against ``itertools.combinations``: the count of pairs whose above/tied/below relation
    differs, and the first ``limit`` of them in row order, whatever the chunk budget."""
    ranks.sort(key=lambda pair: pair[0])
    then = np.array([r[0] for r in ranks], dtype=np.int64)
    now = np.array([r[1] for r in ranks], dtype=np.int64)
    expected = [
        (i, j)
        for i, j in combinations(range(len(ranks)), 2)
        if relation(then[i], then[j]) != relation(now[i], now[j])
    ]
    count, listed = changed_pairs(then, now, limit, budget)
    assert count == len(expected)
    assert listed == expected[:limit]


@settings(deadline=None, max_examples=80)
@given(
    weighted_problems(7),
    st.sampled_from([("vikor", {"v": 0.5}), ("topsis", {"normalization": "minmax"})]),
)
def test_only_the_removals_said_to_matter_can_change_the_order(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, object]]
) -> None:
    """VIKOR and min-max TOPSIS: removing an alternative that holds no column extreme (nor,
    for VIKOR, an extreme S or R) and is in no chain of ties leaves the order of the others:
    checked against every removal."""
    problem, weights = case
    report = rank_reversal(problem, weights, *method)
    before = np.array([report.ranks[a] for a in problem.alternatives])
    matter, complete = removal_order(problem, weights, *method, before)
    assert complete
    for index, case_of in enumerate(report.removed):
        if index not in matter:
            assert not case_of.changed, case_of


def test_past_the_output_cap_removals_are_chosen_and_noted() -> None:
    """30 alternatives, a cap of 120 ranks listed: 4 removals (29 ranks each). TOPSIS
    (vector) can change with any removal: the column-extreme holders first, each case the
    same as in a run without the cap. VIKOR: only the removals that can change a score are
    checked; if they fit, the note says the rest change nothing."""
    rng = np.random.default_rng(3)
    problem = flat_problem(rng.uniform(1, 100, (30, 3)))
    weights = np.array([0.5, 0.3, 0.2])
    full = rank_reversal(problem, weights, "topsis")
    cut = rank_reversal(problem, weights, "topsis", max_values=120)
    assert len(full.removed) == 30 and not full.notes
    assert len(cut.removed) == 4
    by_name = {case.alternative: case for case in full.removed}
    for case in cut.removed:
        assert case.ranks == by_name[case.alternative].ranks
        assert case.changes == by_name[case.alternative].changes[: len(case.changes)]
        assert case.count == by_name[case.alternative].count
    extremes = {
        problem.alternatives[i]
        for j in range(3)
        for i in (int(np.argmax(problem.matrix[:, j])), int(np.argmin(problem.matrix[:, j])))
    }
    assert {case.alternative for case in cut.removed} <= extremes
    assert "checked for 4 of them" in cut.notes[0]
    vikor = rank_reversal(problem, weights, "vikor", max_values=29 * 12)
    assert "can change a score were checked" in vikor.notes[0]
    data = json.loads(json.dumps(cut.to_data(), allow_nan=False))
    assert data["notes"] == list(cut.notes) and "size" in data["conventions"]


def test_changed_pairs_listed_are_capped_and_counted() -> None:
    """The example above loses W: one pair changes. With every pair listed the case is as
    before; the count is in 'changed_pairs' either way."""
    problem = flat_problem(REVERSAL, names=REVERSAL_NAMES)
    report = rank_reversal(problem, REVERSAL_WEIGHTS, "topsis", {"normalization": "vector"})
    removed_w = report.removed[0]
    assert removed_w.count == 1 and removed_w.to_data()["changed_pairs"] == 1
