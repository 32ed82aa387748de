"""Tests for ``mcda_citydip.ahp.consistency``: λmax, CI, CR and the random-index tables."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from ahp_papers import BOZOKI_EXAMPLE_3, DRINKS, SAATY_SCALE
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.ahp import consistency as consistency_module
from mcda_citydip.ahp.consistency import (
    CR_THRESHOLD,
    INCOMPLETE_RANDOM_INDEX,
    RANDOM_INDEX,
    alonso_lamata_ri,
    consistency,
    graph_factor,
    lambda_max,
    matrix_consistency,
    random_mean_ci,
)
from mcda_citydip.ahp.matrix import completed, consistent_matrix
from mcda_citydip.ahp.priorities import PRIORITY_METHODS
from mcda_citydip.errors import MethodError

TABLES = sorted(RANDOM_INDEX)


def random_reciprocal(n: int, seed: int) -> np.ndarray:
    """A random complete reciprocal matrix on Saaty's scale (seeded)."""
    rng = np.random.default_rng(seed)
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            value = SAATY_SCALE[rng.integers(len(SAATY_SCALE))]
            matrix[i, j], matrix[j, i] = value, 1.0 / value
    return matrix


# --------------------------------------------------------------------------- golden numbers


def test_saaty1980_random_index_table() -> None:
    """Saaty, T.L. (1980). The Analytic Hierarchy Process. McGraw-Hill, p. 21:
    RI for n = 3..10 is 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49; n = 1, 2 → 0."""
    table = RANDOM_INDEX["saaty"]
    printed = [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]
    assert [table.lookup(n) for n in range(3, 11)] == [(ri, None) for ri in printed]
    assert table.lookup(1) == (0.0, None) and table.lookup(2) == (0.0, None)


@pytest.mark.parametrize("n", [3, 4, 7, 10, 15, 16, 32, 100, 500])
def test_alonso_lamata2006_formula(n: int) -> None:
    """Alonso, J.A. & Lamata, M.T. (2006). Consistency in the analytic hierarchy process:
    a new approach. IJUFKS 14(4):445–459: RI(n) = (1.7699·n − 4.3513)/(n − 1), any n ≥ 3."""
    expected = (1.7699 * n - 4.3513) / (n - 1)
    assert alonso_lamata_ri(n) == pytest.approx(expected, rel=1e-15)
    assert RANDOM_INDEX["alonso-lamata"].lookup(n) == (pytest.approx(expected, rel=1e-15), None)


def test_saaty2005_random_index_of_order_seven() -> None:
    """Saaty (2005), Theory and Applications of the ANP, p. 31 (as reproduced by AHPy):
    RI(7) = 1.35, the value behind AHPy's CR = 0.022 for the drinks example."""
    assert RANDOM_INDEX["saaty-2005"].lookup(7) == (1.35, None)


def test_saaty2008_drinks_consistency_ratio() -> None:
    """Saaty, T.L. (2008). Decision making with the analytic hierarchy process. Int. J.
    Services Sciences 1(1):83–98 — drinks example, CR = 0.022 (3 dp) with RI(7) = 1.35
    (numbers as reproduced in AHPy's README/tests, a secondary reproduction).
    λmax and CI are checked against an independent numpy eigenvalue computation."""
    result = consistency(DRINKS, RANDOM_INDEX["saaty-2005"])
    assert result.cr == pytest.approx(0.022, abs=5e-4)
    assert result.random_index == 1.35
    assert result.note is None
    lam = float(np.max(np.linalg.eigvals(DRINKS).real))
    assert result.lambda_max == pytest.approx(lam, rel=1e-12)
    assert result.ci == pytest.approx((lam - 7) / 6, rel=1e-9)
    assert result.cr == pytest.approx((lam - 7) / 6 / 1.35, rel=1e-9)


def test_cr_threshold_is_saatys_ten_percent() -> None:
    """Saaty (1980): a CR up to 0.10 is acceptable."""
    assert CR_THRESHOLD == 0.1


# --------------------------------------------------------------------------- small orders


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("value", [1 / 9, 0.5, 1.0, 7.0])
def test_orders_one_and_two_are_always_consistent(table: str, value: float) -> None:
    one = consistency(np.ones((1, 1)), RANDOM_INDEX[table])
    two = consistency(np.array([[1.0, value], [1.0 / value, 1.0]]), RANDOM_INDEX[table])
    for result in (one, two):
        assert (result.ci, result.cr) == (0.0, 0.0)
        assert result.note is None
    assert lambda_max(np.ones((1, 1))) == 1.0
    assert two.lambda_max == pytest.approx(2.0)


# --------------------------------------------------------------------------- large orders


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("n", [32, 100])
def test_large_orders_give_a_finite_cr_with_every_table(table: str, n: int) -> None:
    """Any table works for n = 32 and 100: a finite positive RI and CR, and CI matching an
    independent eigenvalue computation."""
    matrix = random_reciprocal(n, seed=n)
    result = consistency(matrix, RANDOM_INDEX[table])
    lam = float(np.max(np.linalg.eigvals(matrix).real))
    assert result.lambda_max == pytest.approx(lam, rel=1e-9)
    assert result.ci == pytest.approx((lam - n) / (n - 1), rel=1e-9)
    assert math.isfinite(result.cr) and result.cr > 0
    assert math.isfinite(result.random_index) and result.random_index > 0
    assert result.cr == pytest.approx(result.ci / result.random_index)


@pytest.mark.parametrize("table", ["saaty", "saaty-2005"])
@pytest.mark.parametrize("n", [16, 32, 100])
def test_tables_without_a_value_for_n_say_so(table: str, n: int) -> None:
    """Saaty's tables stop at n = 15: beyond, RI comes from Alonso & Lamata's formula and a
    note names the table and the order."""
    ri, note = RANDOM_INDEX[table].lookup(n)
    assert ri == pytest.approx((1.7699 * n - 4.3513) / (n - 1))
    assert note is not None and f"'{table}'" in note and f"n={n}" in note
    assert consistency(random_reciprocal(n, seed=1), RANDOM_INDEX[table]).note == note


@pytest.mark.parametrize("n", [32, 100])
def test_formula_table_needs_no_note(n: int) -> None:
    assert consistency(random_reciprocal(n, seed=2), RANDOM_INDEX["alonso-lamata"]).note is None


def test_donegan_dodd_tabulated_order_100_has_no_note() -> None:
    """Donegan & Dodd (1991) tabulate n = 100: RI = 1.6339, the table's own value."""
    assert RANDOM_INDEX["donegan-dodd"].lookup(100) == (1.6339, None)


def test_donegan_dodd_order_32_is_interpolated_and_noted() -> None:
    """The stored Donegan & Dodd (1991) table has n = 30 (1.5772) and 40 (1.5976) but no
    value for n = 32 (the paper is cited for n = 3–20, 25, 30, …, 100). The RI used is the
    linear interpolation between the stored neighbours (1.5772 + 0.2·0.0204), and since it
    is not a tabulated value the result must carry a note saying so: the brief asks for a
    note whenever a table has no value for n, and ``lookup`` promises "a note when the
    value is not the table's own"."""
    ri, note = RANDOM_INDEX["donegan-dodd"].lookup(32)
    assert ri == pytest.approx(1.5772 + 0.2 * (1.5976 - 1.5772), rel=1e-12)
    assert note is not None and "n=32" in note


# --------------------------------------------------------------------------- properties


@st.composite
def positive_weights(draw: st.DrawFn) -> np.ndarray:
    values = draw(st.lists(st.floats(0.05, 20.0), min_size=1, max_size=12))
    w = np.array(values)
    return w / w.sum()


@pytest.mark.parametrize("table", TABLES)
@given(w=positive_weights())
def test_consistent_matrix_has_cr_zero(table: str, w: np.ndarray) -> None:
    result = consistency(consistent_matrix(w), RANDOM_INDEX[table])
    assert abs(result.cr) < 1e-9
    assert result.lambda_max == pytest.approx(len(w), rel=1e-9)


@given(n=st.integers(3, 12), seed=st.integers(0, 2**32 - 1))
def test_lambda_max_at_least_n_and_ci_non_negative(n: int, seed: int) -> None:
    """Saaty (1980): λmax ≥ n for a positive reciprocal matrix, so CI ≥ 0."""
    matrix = random_reciprocal(n, seed)
    result = consistency(matrix, RANDOM_INDEX["saaty"])
    assert result.lambda_max >= n - 1e-9
    assert result.ci >= 0.0 and result.cr >= 0.0


@pytest.mark.parametrize("table", TABLES)
def test_random_index_tables_have_a_citation(table: str) -> None:
    entry = RANDOM_INDEX[table]
    assert entry.name == table
    assert entry.citation


# --------------------------------------------------------------------- incomplete matrices

PRIORITIES = sorted(PRIORITY_METHODS)


def every_pair(n: int) -> tuple[tuple[int, int], ...]:
    return tuple(itertools.combinations(range(n), 2))


def judged_on(edges: tuple[tuple[int, int], ...], n: int, seed: int) -> np.ndarray:
    """A random reciprocal matrix judged only on ``edges`` (NaN elsewhere)."""
    full = random_reciprocal(n, seed)
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i, j in edges:
        matrix[i, j], matrix[j, i] = full[i, j], full[j, i]
    return matrix


@pytest.mark.parametrize("n", range(3, 11))
def test_simulated_complete_random_index_matches_the_published_table(n: int) -> None:
    """The random matrices behind the graph factor are those behind the published RI: their
    mean CI, complete, is Saaty's (2005, p. 31; the ``saaty-2005`` table) to within 1.5 %
    (n = 3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49)."""
    complete = random_mean_ci(n, every_pair(n), "eigenvector")[1]
    assert complete == pytest.approx(RANDOM_INDEX["saaty-2005"].values[n], rel=0.015)


@pytest.mark.parametrize("priority", PRIORITIES)
def test_graph_factor_is_one_on_the_complete_graph(priority: str) -> None:
    assert graph_factor(6, every_pair(6), priority) == 1.0


@pytest.mark.parametrize("priority", PRIORITIES)
def test_graph_factor_falls_as_pairs_go_missing(priority: str) -> None:
    """Ágoston & Csató (2022, Omega 108:102576, §4): the random index of incomplete matrices
    falls with the number of missing entries, nearly linearly. Pairs of a 6-item node are
    removed one by one (keeping the path 0–1–…–5, so the graph stays connected) down to a
    spanning tree, where every matrix is consistent: the factor falls at every step, to 0."""
    path = tuple((i, i + 1) for i in range(5))
    extra = [pair for pair in every_pair(6) if pair not in path]
    factors = [
        graph_factor(6, tuple(sorted(path + tuple(extra[k:]))), priority)
        for k in range(len(extra) + 1)
    ]
    assert factors[0] == 1.0
    assert all(a > b for a, b in itertools.pairwise(factors)), factors
    assert factors[-1] == pytest.approx(0.0, abs=1e-12)
    steps = -np.diff(factors)  # nearly linear: no step far from the mean step
    assert steps.max() < 3 * steps.mean()


@pytest.mark.parametrize("priority", PRIORITIES)
def test_graph_factor_agrees_with_the_one_matrix_methods(
    priority: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batched simulation against a plain loop over the node-level functions (priorities,
    completion, λmax) on the same 60 random matrices."""
    monkeypatch.setattr(consistency_module, "GRAPH_RI_SAMPLES", 60)
    monkeypatch.setattr(consistency_module, "GRAPH_RI_CHUNK", 25)
    random_mean_ci.cache_clear()
    n, edges = 5, ((0, 1), (0, 2), (1, 2), (1, 3), (2, 4), (3, 4))
    try:
        found = random_mean_ci(n, edges, priority)
    finally:
        random_mean_ci.cache_clear()
    rng = np.random.default_rng([consistency_module.GRAPH_RI_SEED, n])
    values = rng.choice(consistency_module.SAATY_VALUES, (60, 10))
    cis: list[list[float]] = [[], []]
    for draw in values:
        full = np.ones((n, n))
        for (i, j), value in zip(every_pair(n), draw, strict=True):
            full[i, j], full[j, i] = value, 1.0 / value
        sparse = np.where(np.isnan(judged_on(edges, n, 0)), np.nan, full)
        filled = completed(sparse, PRIORITY_METHODS[priority](sparse))
        for k, matrix in enumerate((filled, full)):
            cis[k].append((lambda_max(matrix) - n) / (n - 1))
    np.testing.assert_allclose(found, [np.mean(cis[0]), np.mean(cis[1])], rtol=1e-9)


@pytest.mark.parametrize("priority", PRIORITIES)
def test_incomplete_matrix_cr_uses_the_graph_random_index(priority: str) -> None:
    """Bozóki, Fülöp & Rónyai (2010), Example 3 (a34 missing): the CI is the completed
    matrix's, the RI Saaty's RI(4) = 0.90 times the graph factor (< 1), so the CR is higher
    than the complete-matrix RI would make it."""
    matrix = BOZOKI_EXAMPLE_3
    weights = PRIORITY_METHODS[priority](matrix)
    found = matrix_consistency(matrix, weights, priority, RANDOM_INDEX["saaty"])
    plain = consistency(completed(matrix, weights), RANDOM_INDEX["saaty"])
    edges = tuple(pair for pair in every_pair(4) if pair != (2, 3))
    assert found.graph_factor == graph_factor(4, edges, priority)
    assert 0.5 < found.graph_factor < 0.8
    assert found.ci == plain.ci and found.lambda_max == plain.lambda_max
    assert found.random_index == pytest.approx(0.90 * found.graph_factor, rel=1e-12)
    assert found.cr == pytest.approx(plain.cr / found.graph_factor, rel=1e-12)


@pytest.mark.parametrize("priority", PRIORITIES)
def test_bozoki2010_example3_classic_cr_with_donegan_dodd(priority: str) -> None:
    """Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of incomplete
    pairwise comparison matrices. Math. Comput. Modelling 52(1–2):318–333, Example 3 (a34
    missing): CR = 0.0372 (printed to 4 dp, as cited in issue 9 item 12) with Donegan &
    Dodd's (1991) RI(4) = 0.8286 — the classic CI/RI(n) of the completed matrix, which
    ``incomplete_random_index: complete`` keeps for replication. Both completions (Harker's
    eigenvector, LLSM) are within 1e-3 of the paper's λmax-optimal one (test_priorities),
    close enough for the 4th decimal of the CR."""
    matrix = BOZOKI_EXAMPLE_3
    weights = PRIORITY_METHODS[priority](matrix)
    table = RANDOM_INDEX["donegan-dodd"]
    found = matrix_consistency(matrix, weights, priority, table, "complete")
    assert found.cr == pytest.approx(0.0372, abs=5e-5)
    assert found.random_index == 0.8286 and found.graph_factor == 1.0
    assert found == consistency(completed(matrix, weights), table)
    graph = matrix_consistency(matrix, weights, priority, table, "graph")
    assert graph.ci == found.ci and graph.cr > found.cr  # the default RI is smaller


def test_complete_matrices_ignore_the_incomplete_random_index() -> None:
    weights = PRIORITY_METHODS["eigenvector"](DRINKS)
    found = {
        rule: matrix_consistency(DRINKS, weights, "eigenvector", RANDOM_INDEX["saaty"], rule)
        for rule in INCOMPLETE_RANDOM_INDEX
    }
    assert found["graph"] == found["complete"] == consistency(DRINKS, RANDOM_INDEX["saaty"])


def test_spanning_tree_with_the_classic_random_index_is_consistent_too() -> None:
    """n − 1 judgments: the completed matrix is consistent, so CI/RI(n) is 0 up to round-off
    (not exactly 0, as the graph rule reports)."""
    matrix = judged_on(((0, 1), (1, 2), (1, 3)), 4, 7)
    weights = PRIORITY_METHODS["eigenvector"](matrix)
    found = matrix_consistency(matrix, weights, "eigenvector", RANDOM_INDEX["saaty"], "complete")
    assert found.cr == pytest.approx(0.0, abs=1e-9)
    assert found.random_index == 0.90 and found.graph_factor == 1.0


def test_unknown_incomplete_random_index_is_refused() -> None:
    weights = PRIORITY_METHODS["eigenvector"](DRINKS)
    with pytest.raises(MethodError, match=r"^incomplete: .*'table'; use one of: graph, complete"):
        matrix_consistency(DRINKS, weights, "eigenvector", RANDOM_INDEX["saaty"], "table")


@given(st.integers(3, 7), st.integers(0, 2**32 - 1), st.sampled_from(PRIORITIES))
@settings(max_examples=30, deadline=None)
def test_any_spanning_tree_of_judgments_is_consistent(n: int, seed: int, priority: str) -> None:
    """n − 1 judgments connecting n items never contradict each other: CI and CR are 0."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    edges = tuple(tuple(sorted((int(order[k]), int(order[rng.integers(k)])))) for k in range(1, n))
    matrix = judged_on(edges, n, seed)  # type: ignore[arg-type]
    weights = PRIORITY_METHODS[priority](matrix)
    found = matrix_consistency(matrix, weights, priority, RANDOM_INDEX["saaty"])
    assert found.cr == 0.0 and found.ci == 0.0 and found.graph_factor == 0.0
    plain = consistency(completed(matrix, weights), RANDOM_INDEX["saaty"])
    assert plain.ci == pytest.approx(0.0, abs=1e-9)  # the completed matrix agrees


def test_complete_matrix_consistency_is_unchanged() -> None:
    weights = PRIORITY_METHODS["eigenvector"](DRINKS)
    found = matrix_consistency(DRINKS, weights, "eigenvector", RANDOM_INDEX["saaty"])
    assert found == consistency(DRINKS, RANDOM_INDEX["saaty"])
    assert found.graph_factor == 1.0


def test_the_graph_factor_simulation_is_bounded_for_large_nodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 9 (unbounded work): a 150-item node once simulated 4,000 matrices of 150 × 150
    (10 minutes, 1 GB). The number of matrices falls as 900,000/n² above n = 15 (at least
    100) and a batch holds at most 64 MiB, so the work stays near that of n = 15."""
    from mcda_citydip.ahp.consistency import graph_samples

    assert [graph_samples(n) for n in (3, 15, 16, 30, 150, 1000)] == [
        4000,
        4000,
        3515,
        1000,
        100,
        100,
    ]
    batches: list[int] = []
    real = consistency_module.priorities_batch

    def counting(n, rows, cols, logs, priority):  # type: ignore[no-untyped-def]
        batches.append(len(logs))
        return real(n, rows, cols, logs, priority)

    monkeypatch.setattr(consistency_module, "priorities_batch", counting)
    random_mean_ci.cache_clear()
    try:
        n = 120
        edges = (*((0, j) for j in range(1, n)), (1, 2))
        found = random_mean_ci(n, edges, "eigenvector")
    finally:
        random_mean_ci.cache_clear()
    assert sum(batches) == 100
    assert max(batches) * 3 * n * n * 8 <= consistency_module.GRAPH_RI_MEMORY
    assert 0 < found[0] < found[1]
