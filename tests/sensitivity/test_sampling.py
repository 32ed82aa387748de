"""Tests for ``mcda_citydip.sensitivity.sampling`` (weight and matrix samplers, block streams)
and ``mcda_citydip.sensitivity.judgments`` (judgment draws)."""

from __future__ import annotations

import math
import pickle
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.ahp.weights import AhpSettings, ahp_weights
from mcda_citydip.errors import JudgmentError, MethodError
from mcda_citydip.model import GOAL, Comparison, Hierarchy, Judgments, Node
from mcda_citydip.sensitivity.judgments import judgment_draws
from mcda_citydip.sensitivity.sampling import (
    BLOCK,
    block_sizes,
    block_streams,
    dirichlet_around,
    matrix_draws,
    run_draws,
    uniform_simplex,
)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def hierarchy(tree: dict[str, tuple[str, ...]]) -> Hierarchy:
    nodes = {node: Node(node, node, children=children) for node, children in tree.items()}
    for children in tree.values():
        for child in children:
            nodes.setdefault(child, Node(child, child, direction="benefit"))
    return Hierarchy("test", MappingProxyType(nodes))


def expert(pairs: dict[str, list[tuple[str, str, float]]], name: str = "e", weight: float = 1.0):
    comparisons = {n: tuple(Comparison(a, b, v) for a, b, v in p) for n, p in pairs.items()}
    return Judgments(name, weight, MappingProxyType(comparisons), source=f"{name}.yaml")


# --- uniform and Dirichlet weights ------------------------------------------------------------


@given(st.integers(1, 12), st.integers(1, 50), st.integers(0, 2**32))
@settings(max_examples=40, deadline=None)
def test_uniform_rows_lie_on_the_simplex(n: int, size: int, seed: int) -> None:
    draws = uniform_simplex(n)(rng(seed), size)
    assert draws.shape == (size, n)
    assert np.all(draws >= 0)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0, rtol=1e-12)


def test_uniform_marginal_is_beta_1_n_minus_1() -> None:
    """Uniform on the simplex: each w_j ~ Beta(1, n − 1), P(w_j ≤ t) = 1 − (1 − t)^(n−1)."""
    n, size = 4, 40_000
    draws = uniform_simplex(n)(rng(1), size)
    for t in (0.05, 0.2, 0.5):
        expected = 1.0 - (1.0 - t) ** (n - 1)
        tolerance = 5 * math.sqrt(expected * (1 - expected) / size)
        assert abs(np.mean(draws[:, 0] <= t) - expected) < tolerance
    np.testing.assert_allclose(draws.mean(axis=0), 1 / n, atol=5 * math.sqrt(3 / 80 / size))


def test_dirichlet_mean_and_variance_follow_the_concentration() -> None:
    centre, c, size = np.array([0.5, 0.3, 0.2]), 40.0, 40_000
    draws = dirichlet_around(centre, c)(rng(2), size)
    variance = centre * (1 - centre) / (c + 1)
    np.testing.assert_allclose(draws.mean(axis=0), centre, atol=5 * np.sqrt(variance / size).max())
    np.testing.assert_allclose(draws.var(axis=0), variance, rtol=0.05)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0, rtol=1e-12)


def test_dirichlet_keeps_zero_weights_at_zero_and_normalises_the_centre() -> None:
    draws = dirichlet_around([2.0, 0.0, 2.0, 4.0], 10.0)(rng(3), 500)
    assert np.all(draws[:, 1] == 0.0)
    assert np.all(draws[:, [0, 2, 3]] > 0)
    np.testing.assert_allclose(draws.mean(axis=0), [0.25, 0.0, 0.25, 0.5], atol=0.02)


def test_infinite_concentration_returns_the_centre_exactly() -> None:
    draws = dirichlet_around([0.1, 0.6, 0.3], math.inf)(rng(4), 7)
    assert np.array_equal(draws, np.tile([0.1, 0.6, 0.3], (7, 1)))


@pytest.mark.parametrize(
    ("weights", "concentration"),
    [([0.5, -0.1], 1.0), ([0.0, 0.0], 1.0), ([0.5, np.nan], 1.0), ([0.5, 0.5], 0.0)],
)
def test_dirichlet_rejects_bad_parameters(weights: list[float], concentration: float) -> None:
    with pytest.raises(MethodError):
        dirichlet_around(weights, concentration)


def test_samplers_are_reproducible_and_picklable() -> None:
    for sampler in (uniform_simplex(5), dirichlet_around([0.2, 0.8], 30.0)):
        assert np.array_equal(sampler(rng(9), 10), sampler(rng(9), 10))
        assert not np.array_equal(sampler(rng(9), 10), sampler(rng(10), 10))
        copy = pickle.loads(pickle.dumps(sampler))
        assert np.array_equal(copy(rng(9), 10), sampler(rng(9), 10))


# --- decision-matrix draws --------------------------------------------------------------------


def test_matrix_draws_stay_in_the_relative_range_per_indicator() -> None:
    matrix = np.array([[10.0, 5.0, 1.0], [20.0, 50.0, 2.0]])
    draws = matrix_draws(matrix, [0.1, 0.5, 0.0])(rng(5), 20_000)
    ratio = draws / matrix
    assert draws.shape == (20_000, 2, 3)
    assert np.all(np.abs(ratio[..., 0] - 1) <= 0.1) and np.all(np.abs(ratio[..., 1] - 1) <= 0.5)
    assert np.array_equal(draws[..., 2], np.broadcast_to(matrix[:, 2], (20_000, 2)))
    np.testing.assert_allclose(ratio[..., :2].mean(axis=0), 1.0, atol=0.01)
    np.testing.assert_allclose(ratio[..., 1].std(axis=0), 0.5 / math.sqrt(3), rtol=0.03)


def test_normal_shape_uses_the_range_as_relative_sd() -> None:
    matrix = np.full((3, 2), 100.0)
    draws = matrix_draws(matrix, 0.05, ["normal", "uniform"])(rng(6), 20_000)
    np.testing.assert_allclose(draws[..., 0].std(axis=0), 5.0, rtol=0.03)
    assert np.abs(draws[..., 1] - 100.0).max() <= 5.0


def test_zero_relative_range_gives_the_matrix_back() -> None:
    matrix = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(matrix_draws(matrix, 0.0)(rng(7), 3), np.stack([matrix] * 3))


@pytest.mark.parametrize(
    ("relative", "shape"), [(-0.1, "uniform"), (0.1, "beta"), (0.1, ["normal"])]
)
def test_matrix_draws_reject_bad_specs(relative: float, shape: str | list[str]) -> None:
    with pytest.raises(MethodError):
        matrix_draws(np.ones((2, 2)), relative, shape)


# --- judgment draws -----------------------------------------------


TWO_LEVEL = {GOAL: ("social", "economy"), "social": ("health", "housing", "safety")}
JUDGED = {
    GOAL: [("social", "economy", 3.0)],
    "social": [("health", "housing", 2.0), ("health", "safety", 5.0), ("housing", "safety", 3.0)],
}


@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
@pytest.mark.parametrize("drop", [None, ("housing", "safety", 3.0)])
def test_zero_spread_reproduces_ahp_weights(priority: str, drop: tuple | None) -> None:
    """Spread 0, one expert: every draw is the AHP result (incomplete matrices included)."""
    tree = hierarchy(TWO_LEVEL)
    pairs = {k: [p for p in v if p != drop] for k, v in JUDGED.items()}
    judges = [expert(pairs)]
    settings_ = AhpSettings(priority=priority)
    baseline = ahp_weights(tree, judges, settings_).vector(tree.leaves)
    draws = judgment_draws(tree, judges, settings_, spread=0.0)(rng(0), 50)
    np.testing.assert_allclose(draws, np.tile(baseline, (50, 1)), rtol=1e-12)


def test_spread_moves_a_judgment_uniformly_in_log_space_and_clips_at_nine() -> None:
    """Two items judged 3: a' = 3·9^ε, ε ~ U(−1, 1), clipped to 9 ⇒ P(a' = 9) = P(ε ≥ ½) = ¼."""
    tree = hierarchy({GOAL: ("a", "b")})
    draws = judgment_draws(tree, [expert({GOAL: [("a", "b", 3.0)]})], spread=1.0)(rng(1), 20_000)
    ratio = draws[:, 0] / draws[:, 1]
    assert ratio.min() >= 1 / 3 * (1 - 1e-9) and ratio.max() <= 9 * (1 + 1e-9)
    assert abs(np.mean(ratio > 9 * (1 - 1e-9)) - 0.25) < 5 * math.sqrt(0.25 * 0.75 / 20_000)
    inside = np.log(ratio[ratio < 8.99] / 3) / math.log(9)  # ε given it is below ½
    assert abs(np.mean(inside < -0.25) - 0.75 / 1.5) < 0.02


def test_several_experts_are_drawn_by_weight_per_pair() -> None:
    tree = hierarchy({GOAL: ("a", "b")})
    judges = [
        expert({GOAL: [("a", "b", 2.0)]}, "e1", 1.0),
        expert({GOAL: [("a", "b", 8.0)]}, "e2", 3.0),
    ]
    ratio = np.divide(*judgment_draws(tree, judges, spread=0.0)(rng(2), 20_000).T)
    assert set(np.round(ratio, 9)) == {2.0, 8.0}
    assert abs(np.mean(ratio > 5) - 0.75) < 5 * math.sqrt(0.75 * 0.25 / 20_000)


def test_experts_excluded_by_the_cr_policy_are_never_drawn() -> None:
    tree = hierarchy({GOAL: ("a", "b", "c")})
    consistent = expert({GOAL: [("a", "b", 2.0), ("a", "c", 4.0), ("b", "c", 2.0)]}, "ok")
    wild = expert({GOAL: [("a", "b", 9.0), ("a", "c", 1 / 9), ("b", "c", 9.0)]}, "wild")
    settings_ = AhpSettings(cr_policy="exclude")
    draws = judgment_draws(tree, [consistent, wild], settings_, spread=0.0)(rng(3), 200)
    np.testing.assert_allclose(draws, np.tile([4 / 7, 2 / 7, 1 / 7], (200, 1)), rtol=1e-12)


def test_judgment_draws_validate_their_inputs() -> None:
    tree = hierarchy({GOAL: ("a", "b", "c")})
    with pytest.raises(MethodError):
        judgment_draws(tree, [expert({GOAL: [("a", "b", 2.0), ("b", "c", 2.0)]})], spread=-1)
    with pytest.raises(JudgmentError):
        judgment_draws(tree, [expert({GOAL: [("a", "b", 2.0)]})])


# --- blocks and streams -----------------------------------------------------------------------


def test_block_streams_are_the_spawned_children_of_the_seed() -> None:
    children = np.random.SeedSequence(42).spawn(5)[3].spawn(3)
    for ours, theirs in zip(block_streams(42, 3), children, strict=True):
        assert np.array_equal(ours.random(4), np.random.default_rng(theirs).random(4))


def test_run_draws_concatenates_the_blocks() -> None:
    sampler = uniform_simplex(3)
    samples = 2 * BLOCK + 17
    assert block_sizes(samples) == [BLOCK, BLOCK, 17]
    weights, values = run_draws(samples, 5, sampler)
    assert values is None and weights.shape == (samples, 3)
    assert np.array_equal(weights[BLOCK : 2 * BLOCK], sampler(block_streams(5, 1)[0], BLOCK))
    matrix = np.ones((2, 3))
    _, drawn = run_draws(30, 5, sampler, matrix_draws(matrix, 0.2), (2, 3))
    assert drawn is not None and drawn.shape == (30, 2, 3)
    assert np.array_equal(drawn, matrix_draws(matrix, 0.2)(block_streams(5, 0)[1], 30))
