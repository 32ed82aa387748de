"""Tests for ``mcda_citydip.sensitivity.smaa``: SMAA-2 indices against hand-solved cases,
the baseline ranking, a slow pymcdm loop, and its own invariants."""

from __future__ import annotations

import json
import math
import tracemalloc
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from cases import flat_problem
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from pymcdm.methods import TOPSIS, VIKOR
from pymcdm.normalizations import minmax_normalization, vector_normalization

from mcda_citydip.ahp.weights import ahp_weights
from mcda_citydip.errors import MethodError
from mcda_citydip.model import GOAL, Comparison, Direction, Judgments, Problem
from mcda_citydip.ranking import run_method
from mcda_citydip.sensitivity.judgments import judgment_draws
from mcda_citydip.sensitivity.sampling import (
    BLOCK,
    block_sizes,
    block_streams,
    dirichlet_around,
    matrix_draws,
    run_draws,
    uniform_simplex,
    value_tiles,
)
from mcda_citydip.sensitivity.smaa import SmaaResult, rank_acceptability, ranks_kept, smaa

METHODS = [("topsis", {"normalization": "vector"}), ("vikor", {"v": 0.5})]


def random_problem(seed: int, m: int = 6, n: int = 4) -> Problem:
    generator = np.random.default_rng(seed)
    directions: list[Direction] = ["benefit" if b else "cost" for b in generator.random(n) < 0.5]
    return flat_problem(generator.uniform(1, 100, (m, n)), directions)


def binomial_tolerance(p: float, n: int) -> float:
    return 5 * math.sqrt(p * (1 - p) / n)


# --- hand-solvable cases ----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "options"), METHODS)
def test_two_mirrored_alternatives_split_evenly(method: str, options: dict[str, Any]) -> None:
    """A = (1, 0), B = (0, 1), both benefit: TOPSIS closeness ``w1/(w1+w2)`` vs ``w2/(w1+w2)``
    and VIKOR ``S = R = w2`` vs ``w1``: A is first iff w1 > w2, probability ½ under uniform
    weights; so every entry of the acceptability matrix is ½."""
    result = smaa(flat_problem([[1, 0], [0, 1]]), method, options, uniform_simplex(2), 20_000, 1)
    np.testing.assert_allclose(result.rank_acceptability, 0.5, atol=binomial_tolerance(0.5, 20_000))


@pytest.mark.parametrize(("method", "options"), METHODS)
def test_three_unit_alternatives_get_a_third_of_every_rank(
    method: str, options: dict[str, Any]
) -> None:
    """A_i = e_i (identity matrix): the rank order is the order of the weights for TOPSIS,
    and criteria ↔ alternatives are exchangeable for both methods: every b_i^r = ⅓."""
    result = smaa(flat_problem(np.eye(3)), method, options, uniform_simplex(3), 30_000, 2)
    tolerance = binomial_tolerance(1 / 3, 30_000)
    np.testing.assert_allclose(result.rank_acceptability, 1 / 3, atol=tolerance)


@pytest.mark.parametrize(("method", "options"), METHODS)
def test_a_dominating_alternative_is_always_first(method: str, options: dict[str, Any]) -> None:
    problem = flat_problem([[1, 5, 2], [3, 6, 4], [2, 1, 3]])  # A2 dominates A1 and A3
    result = smaa(problem, method, options, uniform_simplex(3), 5_000, 3)
    assert result.rank_counts[1, 0] == 5_000
    assert np.all(result.rank_counts[[0, 2], 0] == 0)
    assert result.confidence.tolist() == [0.0, 1.0, 0.0]
    assert np.array_equal(result.central_weights[[0, 2]], np.zeros((2, 3)))
    np.testing.assert_allclose(result.central_weights[1], 1 / 3, atol=0.01)  # E[w] of all draws


def test_holistic_acceptability_uses_the_meta_weights() -> None:
    """B always first, A always second: a^h(A) = α_2, with α_2 = (1/2)/(1 + 1/2) = ⅓ for the
    centroid meta-weights, (m − 2)/(m − 1) = 0 for linear, 1/2 for inverse."""
    result = smaa(flat_problem([[1, 1], [2, 2]]), "topsis", None, uniform_simplex(2), 100, 4)
    for meta, second in (("centroid", 1 / 3), ("linear", 0.0), ("inverse", 0.5)):
        np.testing.assert_allclose(result.holistic_acceptability(meta), [second, 1.0])
    with pytest.raises(MethodError):
        result.holistic_acceptability("harmonic")


# --- zero perturbation reproduces the baseline ranking -----------------------------------------


def assert_baseline(result: SmaaResult, problem: Problem, weights: np.ndarray) -> None:
    """Every draw ranks like the ranking module does (no ties in these data)."""
    method, options = result.method, dict(result.conventions["method"])
    options.pop("name")
    ranks = run_method(method, problem, weights, **options).ranks
    expected = np.zeros_like(result.rank_counts)
    expected[np.arange(len(ranks)), [ranks[a] - 1 for a in problem.alternatives]] = result.samples
    assert np.array_equal(result.rank_counts, expected)
    winner = int(np.argmax(expected[:, 0]))
    assert result.confidence.tolist() == [float(i == winner) for i in range(len(ranks))]
    np.testing.assert_allclose(result.central_weights[winner], weights, rtol=1e-6)


@pytest.mark.parametrize(("method", "options"), METHODS)
@pytest.mark.parametrize("concentration", [math.inf, 1e14])
def test_concentrated_dirichlet_gives_the_baseline(
    method: str, options: dict[str, Any], concentration: float
) -> None:
    problem, weights = random_problem(5), np.array([0.4, 0.3, 0.2, 0.1])
    sampler = dirichlet_around(weights, concentration)
    assert_baseline(smaa(problem, method, options, sampler, 3_000, 6), problem, weights)


@pytest.mark.parametrize(("method", "options"), METHODS)
def test_zero_value_uncertainty_gives_the_baseline(method: str, options: dict[str, Any]) -> None:
    problem, weights = random_problem(7), np.array([0.1, 0.2, 0.3, 0.4])
    values = matrix_draws(problem.matrix, 0.0)
    result = smaa(
        problem,
        method,
        options,
        dirichlet_around(weights, math.inf),
        500,
        8,
        value_uncertainty=values,
    )
    assert_baseline(result, problem, weights)


@pytest.mark.parametrize(("method", "options"), METHODS)
def test_zero_judgment_spread_gives_the_ahp_ranking(method: str, options: dict[str, Any]) -> None:
    problem = random_problem(9, n=3)
    pairs = [("c1", "c2", 3.0), ("c1", "c3", 5.0), ("c2", "c3", 2.0)]
    judges = [Judgments("e", 1.0, MappingProxyType({GOAL: tuple(Comparison(*p) for p in pairs)}))]
    weights = ahp_weights(problem.hierarchy, judges).vector(problem.criteria)
    sampler = judgment_draws(problem.hierarchy, judges, spread=0.0)
    assert_baseline(smaa(problem, method, options, sampler, 500, 10), problem, weights)


# --- the slow reference: the same draws through pymcdm, one at a time ---------------------------


def pymcdm_preferences(
    method: str,
    options: dict[str, Any],
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
) -> np.ndarray:
    """Scores, lower is better, from pymcdm (validation off), one weight vector."""
    types = np.where(benefit, 1, -1)
    if method == "vikor":
        return np.asarray(VIKOR(v=options["v"])(matrix, weights, types, validation=False))
    norm = vector_normalization if options["normalization"] == "vector" else minmax_normalization
    return -np.asarray(TOPSIS(norm)(matrix, weights, types, validation=False))


def reference_smaa(
    method: str,
    options: dict[str, Any],
    problem: Problem,
    weights: np.ndarray,
    matrices: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    m, n = problem.matrix.shape
    counts, sums = np.zeros((m, m), dtype=np.int64), np.zeros((m, n))
    for k, w in enumerate(weights):
        matrix = problem.matrix if matrices is None else matrices[k]
        order = np.argsort(
            pymcdm_preferences(method, options, matrix, w, problem.benefit), kind="stable"
        )
        counts[order, np.arange(m)] += 1
        sums[order[0]] += w
    return counts, sums / np.maximum(counts[:, :1], 1)


def confidence_draws(values: Any, problem: Problem, seed: int) -> list[np.ndarray]:
    """The matrices of the confidence pass: every block's third stream."""
    return [
        matrix
        for block, size in enumerate(block_sizes(1_500))
        for tile in value_tiles(values, block_streams(seed, block)[2], size, problem.matrix.shape)
        for matrix in tile
    ]


@pytest.mark.parametrize(
    ("method", "options"),
    [*METHODS, ("topsis", {"normalization": "minmax"}), ("vikor", {"v": 0.2})],
)
@pytest.mark.parametrize("uncertain_values", [False, True])
def test_vectorised_counts_equal_a_pymcdm_loop(
    method: str, options: dict[str, Any], uncertain_values: bool
) -> None:
    problem, samples, seed = random_problem(11, m=7, n=4), 1_500, 12
    sampler = uniform_simplex(4)
    values = matrix_draws(problem.matrix, 0.15) if uncertain_values else None
    result = smaa(problem, method, options, sampler, samples, seed, value_uncertainty=values)
    weights, matrices = run_draws(samples, seed, sampler, values, problem.matrix.shape)
    counts, central = reference_smaa(method, options, problem, weights, matrices)
    assert np.array_equal(result.rank_counts, counts)
    np.testing.assert_allclose(result.central_weights, central, rtol=1e-12)
    owners = np.flatnonzero(counts[:, 0])
    confidence = np.zeros(len(counts))
    rows = [problem.matrix] * samples if values is None else confidence_draws(values, problem, seed)
    for i in owners:
        firsts = [
            np.argmin(pymcdm_preferences(method, options, x, central[i], problem.benefit))
            for x in rows
        ]
        confidence[i] = np.mean(np.array(firsts) == i)
    np.testing.assert_allclose(result.confidence, confidence, rtol=1e-12)


# --- invariants -------------------------------------------------------------------------------


@given(st.integers(0, 2**32), st.integers(1, 7), st.integers(1, 5), st.sampled_from(METHODS))
@settings(max_examples=25, deadline=None)
def test_rows_and_columns_sum_to_one(
    seed: int, m: int, n: int, method: tuple[str, dict[str, Any]]
) -> None:
    result = smaa(random_problem(seed, m, n), *method, uniform_simplex(n), 300, seed)
    assert np.all(result.rank_counts.sum(axis=0) == 300)
    assert np.all(result.rank_counts.sum(axis=1) == 300)
    np.testing.assert_allclose(result.rank_acceptability.sum(axis=1), 1.0, rtol=1e-12)


@given(st.integers(0, 2**32), st.integers(2, 7), st.sampled_from(["topsis", "vikor"]))
@settings(max_examples=25, deadline=None)
def test_permuting_alternatives_permutes_the_rows(seed: int, m: int, method: str) -> None:
    """Continuous data, no ties (VIKOR with v = 0.3, where Q = v·1 + (1 − v)·0 and
    Q = v·0 + (1 − v)·1 cannot tie): the same draws rank the permuted problem alike."""
    problem = random_problem(seed, m, 3)
    options = {"v": 0.3} if method == "vikor" else None
    permutation = np.random.default_rng(seed).permutation(m)
    permuted = flat_problem(problem.matrix[permutation], list(problem.hierarchy.directions()))
    first = smaa(problem, method, options, uniform_simplex(3), 400, seed)
    second = smaa(permuted, method, options, uniform_simplex(3), 400, seed)
    assert np.array_equal(second.rank_counts, first.rank_counts[permutation])
    assert np.array_equal(second.central_weights, first.central_weights[permutation])


def test_identical_alternatives_share_their_ranks_central_weights_and_confidence() -> None:
    """A1 ≡ A3 tie in every draw: each gets half of the pair's draws at each of the two ranks
    they hold together, the same central weights (the mean weights of the draws in which
    one of them is first) and the same confidence; rows and columns still sum to 1. A2 and
    A4 get what they get when A3 is a plain copy listed after A1 (ordinal ties), and the
    pair's pooled counts are that run's A1 + A3."""
    problem = flat_problem([[3, 1, 2], [1, 3, 2], [3, 1, 2], [2, 2, 2]])  # A1 ≡ A3
    for method, options in METHODS:
        result = smaa(problem, method, options, uniform_simplex(3), 4_000, 13)
        counts, central = result.rank_counts, result.central_weights
        assert np.array_equal(counts[0], counts[2])
        assert (
            np.array_equal(central[0], central[2]) and result.confidence[0] == result.confidence[2]
        )
        assert np.allclose(result.rank_acceptability.sum(axis=0), 1.0)
        assert np.allclose(result.rank_acceptability.sum(axis=1), 1.0)
        apart = problem.matrix.copy()
        apart[2, 0] -= 1e-9  # A3 just behind A1 in every draw: no longer identical
        ordinal = smaa(
            replace(problem, matrix=apart), method, options, uniform_simplex(3), 4_000, 13
        )
        assert ordinal.rank_counts[2, 0] == 0  # without sharing, A3 is never first
        assert np.allclose(counts[[1, 3]], ordinal.rank_counts[[1, 3]])
        assert np.allclose(2 * counts[0], ordinal.rank_counts[0] + ordinal.rank_counts[2])
        wins = ordinal.rank_counts[0, 0]
        if wins:
            assert np.allclose(central[0], ordinal.central_weights[0], atol=1e-6)


def test_identical_alternatives_stay_merged_only_where_the_value_draws_leave_them_alike() -> None:
    """A1 ≡ A3 = (3, 1, 0): a ±20 % range on c3 keeps their 0 at 0, so they still tie in
    every draw and share everything (confidence too, from the value draws); a range on c1
    draws their values apart, so they are ranked apart (and then both can be first)."""
    problem = flat_problem([[3, 1, 0], [1, 3, 2], [3, 1, 0], [2, 2, 1]])
    for method, options in METHODS:
        alike = smaa(
            problem, method, options, uniform_simplex(3), 3_000, 5,
            value_uncertainty=matrix_draws(problem.matrix, [0.0, 0.0, 0.2]),
        )  # fmt: skip
        assert np.array_equal(alike.rank_counts[0], alike.rank_counts[2])
        assert np.array_equal(alike.central_weights[0], alike.central_weights[2])
        assert alike.confidence[0] == alike.confidence[2]
        apart = smaa(
            problem, method, options, uniform_simplex(3), 3_000, 5,
            value_uncertainty=matrix_draws(problem.matrix, [0.2, 0.0, 0.0]),
        )  # fmt: skip
        assert not np.array_equal(apart.rank_counts[0], apart.rank_counts[2])
        assert apart.rank_counts[0, 0] > 0 and apart.rank_counts[2, 0] > 0


def run_all(problem: Problem, **kwargs: Any) -> list[SmaaResult]:
    return [
        smaa(problem, method, options, uniform_simplex(problem.matrix.shape[1]), **kwargs)
        for method, options in METHODS
    ]


def assert_same(first: SmaaResult, second: SmaaResult) -> None:
    assert np.array_equal(first.rank_counts, second.rank_counts)
    assert np.array_equal(first.central_weights, second.central_weights)
    assert np.array_equal(first.confidence, second.confidence)


def test_same_seed_same_result_other_seed_other_result() -> None:
    problem = random_problem(14, m=5)
    for first, second, other in zip(
        run_all(problem, samples=2_000, seed=3),
        run_all(problem, samples=2_000, seed=3),
        run_all(problem, samples=2_000, seed=4),
        strict=True,
    ):
        assert_same(first, second)
        assert not np.array_equal(first.rank_counts, other.rank_counts)


@pytest.mark.parametrize("uncertain_values", [False, True])
def test_chunk_size_does_not_change_the_result(uncertain_values: bool) -> None:
    problem = random_problem(15, m=5, n=3)
    values = matrix_draws(problem.matrix, 0.2) if uncertain_values else None
    samples = 3 * BLOCK + 100
    runs = [
        run_all(problem, samples=samples, seed=16, chunk=chunk, value_uncertainty=values)
        for chunk in (BLOCK, 3 * BLOCK, samples, 1)
    ]
    for other in runs[1:]:
        for first, second in zip(runs[0], other, strict=True):
            assert_same(first, second)


def test_progress_reports_every_chunk_up_to_the_total() -> None:
    problem, calls = random_problem(17, m=4, n=3), []
    smaa(
        problem,
        "topsis",
        None,
        uniform_simplex(3),
        2 * BLOCK + 5,
        1,
        chunk=BLOCK,
        value_uncertainty=matrix_draws(problem.matrix, 0.1),
        progress=lambda done, total: calls.append((done, total)),
    )
    total = 2 * (2 * BLOCK + 5)
    assert calls == [
        (0, total),
        (BLOCK, total),
        (2 * BLOCK, total),
        (2 * BLOCK + 5, total),
        (3 * BLOCK + 5, total),
        (4 * BLOCK + 5, total),
        (total, total),
    ]


def test_as_dict_is_json_with_names_and_none_for_never_first() -> None:
    problem = flat_problem([[1, 5, 2], [3, 6, 4], [2, 1, 3]])
    data = json.loads(
        json.dumps(smaa(problem, "vikor", None, uniform_simplex(3), 300, 1).as_dict())
    )
    assert data["rank_acceptability"]["A2"] == [1.0, 0.0, 0.0]
    assert data["central_weights"]["A1"] is None and set(data["central_weights"]["A2"]) == {
        "c1",
        "c2",
        "c3",
    }
    assert data["confidence"] == {"A1": 0.0, "A2": 1.0, "A3": 0.0}
    assert data["conventions"]["draw"]["kind"] == "uniform" and data["samples"] == 300


def test_result_arrays_are_read_only() -> None:
    result = smaa(random_problem(18, m=3, n=2), "topsis", None, uniform_simplex(2), 50, 1)
    with pytest.raises(ValueError, match="read-only"):
        result.rank_counts[0, 0] = 7


@pytest.mark.parametrize(
    ("method", "options", "samples", "seed", "chunk"),
    [
        ("electre", None, 10, 1, BLOCK),
        ("topsis", {"p": 2}, 10, 1, BLOCK),
        ("topsis", {"normalization": "sum"}, 10, 1, BLOCK),
        ("vikor", {"v": 1.5}, 10, 1, BLOCK),
        ("topsis", None, 0, 1, BLOCK),
        ("topsis", None, 10, -1, BLOCK),
        ("topsis", None, 10, 1, 0),
    ],
)
def test_bad_runs_raise_method_errors(
    method: str, options: dict[str, Any] | None, samples: int, seed: int, chunk: int
) -> None:
    with pytest.raises(MethodError):
        smaa(random_problem(1), method, options, uniform_simplex(4), samples, seed, chunk=chunk)


def test_a_sampler_of_the_wrong_width_is_reported() -> None:
    with pytest.raises(MethodError, match="expected"):
        smaa(random_problem(1), "topsis", None, uniform_simplex(3), 10, 1)


# --- memory: ranks kept, confidence in chunks ------------------------------------------------


@pytest.mark.parametrize(("method", "options"), METHODS)
@pytest.mark.parametrize("uncertain_values", [False, True])
def test_past_the_output_cap_the_first_ranks_are_kept_and_the_rest_is_the_same(
    method: str, options: dict[str, Any], uncertain_values: bool
) -> None:
    """40 alternatives with a cap of 400 numbers: ranks 1…10 are kept (m² = 1,600 > 400),
    with the same counts as every rank kept; central weights and confidence are the same,
    and the holistic acceptability (summed draw by draw over every rank) equals the one from
    the full acceptability matrix up to round-off. A note says so."""
    problem = random_problem(21, m=40, n=3)
    values = matrix_draws(problem.matrix, 0.1) if uncertain_values else None
    run = (problem, method, options, uniform_simplex(3), 3_000, 22)
    full = smaa(*run, value_uncertainty=values)
    cut = smaa(*run, value_uncertainty=values, max_values=400)
    assert full.rank_counts.shape == (40, 40) and not full.notes
    assert cut.rank_counts.shape == (40, 10)
    np.testing.assert_array_equal(cut.rank_counts, full.rank_counts[:, :10])
    np.testing.assert_array_equal(cut.central_weights, full.central_weights)
    np.testing.assert_array_equal(cut.confidence, full.confidence)
    for meta in ("centroid", "linear", "inverse"):
        np.testing.assert_allclose(
            cut.holistic_acceptability(meta), full.holistic_acceptability(meta), rtol=1e-12
        )
    data = json.loads(json.dumps(cut.as_dict()))
    assert all(len(row) == 10 for row in data["rank_acceptability"].values())
    assert "1…10 of 40" in data["conventions"]["rank_acceptability"]
    assert data["notes"] == list(cut.notes) and "only ranks 1–10" in cut.notes[0]


def test_rank_counts_of_many_alternatives_do_not_take_m_squared_memory() -> None:
    """3,000 alternatives: one m × m table of int64 counts is 72 MB (it was made three times
    over: per chunk, in total, and shared). Kept to ranks 1…174, the whole run stays far
    below one such table."""
    m = 3_000
    problem = random_problem(23, m=m, n=3)
    tracemalloc.start()
    try:
        result = smaa(problem, "topsis", None, uniform_simplex(3), 200, 24)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.rank_counts.shape == (m, ranks_kept(m)) == (m, 174)
    assert peak < m * m * 8 / 4


@pytest.mark.parametrize("uncertain_values", [False, True])
def test_the_confidence_pass_in_chunks_changes_nothing(uncertain_values: bool) -> None:
    """Uniform weights over 150 alternatives make many central weights (one per alternative
    ever first); a 32 KiB budget scores them three at a time, with the same result."""
    problem = random_problem(25, m=150, n=3)
    values = matrix_draws(problem.matrix, 0.2) if uncertain_values else None
    run = (problem, "vikor", None, uniform_simplex(3), 600, 26)
    small = smaa(*run, value_uncertainty=values, budget=2**15)
    whole = smaa(*run, value_uncertainty=values, budget=2**40)
    assert np.count_nonzero(whole.rank_counts[:, 0]) > 3
    assert_same(small, whole)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    m=st.integers(1, 9),
    method=st.sampled_from([*METHODS, ("saw", {"normalization": "max"})]),
    spread=st.sampled_from([None, 0.0, 0.2]),
    twins=st.booleans(),
)
def test_rank_acceptability_alone_equals_smaas_counts(
    seed: int, m: int, method: tuple[str, dict[str, Any]], spread: float | None, twins: bool
) -> None:
    """Rank intervals (sensitivity/missing.py) count ranks without the confidence factors'
    second pass; the counts are smaa's, bit for bit, identical alternatives included."""
    problem = random_problem(seed, m=m, n=3)
    if twins and m > 1:
        matrix = problem.matrix.copy()
        matrix[-1] = matrix[0]
        problem = replace(problem, matrix=matrix)
    values = None if spread is None else matrix_draws(problem.matrix, spread)
    args = (problem, *method, uniform_simplex(3), 700, seed)
    alone = rank_acceptability(*args, value_uncertainty=values)
    assert np.array_equal(alone, smaa(*args, value_uncertainty=values).rank_counts)
