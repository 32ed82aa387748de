"""Tests for ``mcda_citydip.ahp.group``: AIJ and AIP aggregation of several experts."""

from __future__ import annotations

import numpy as np
import pytest
from ahp_papers import SAATY_SCALE
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.ahp.group import (
    aggregate_judgments,
    aggregate_priorities,
    aggregate_priorities_arithmetic,
    consensus,
)


@st.composite
def reciprocal_matrices(draw: st.DrawFn, n: int, missing: bool = True) -> np.ndarray:
    """Reciprocal matrices on Saaty's scale; with ``missing``, any pair may be absent."""
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i in range(n):
        for j in range(i + 1, n):
            if missing and draw(st.booleans()):
                continue
            value = draw(st.sampled_from(SAATY_SCALE))
            matrix[i, j], matrix[j, i] = value, 1.0 / value
    return matrix


@st.composite
def panels(draw: st.DrawFn, missing: bool = True) -> tuple[list[np.ndarray], list[float]]:
    n = draw(st.integers(2, 7))
    k = draw(st.integers(1, 5))
    matrices = [draw(reciprocal_matrices(n, missing)) for _ in range(k)]
    weights = draw(st.lists(st.floats(0.1, 10.0), min_size=k, max_size=k))
    return matrices, weights


def test_aij_is_the_weighted_geometric_mean() -> None:
    """Aczél & Saaty (1983): a_ij = Π_k a_ij^(k) ^ (λ_k / Σλ). 2 and 8 with equal weights give
    4; 1 and 16 with weights 3 : 1 give 16^(1/4) = 2."""
    a = np.array([[1.0, 2.0], [0.5, 1.0]])
    b = np.array([[1.0, 8.0], [1 / 8, 1.0]])
    assert aggregate_judgments([a, b], [1.0, 1.0])[0, 1] == pytest.approx(4.0)
    assert aggregate_judgments([a, b], [1.0, 1.0])[1, 0] == pytest.approx(0.25)
    c = np.array([[1.0, 1.0], [1.0, 1.0]])
    d = np.array([[1.0, 16.0], [1 / 16, 1.0]])
    assert aggregate_judgments([c, d], [3.0, 1.0])[0, 1] == pytest.approx(2.0)


def test_aij_leaves_out_experts_who_skipped_a_pair() -> None:
    """A pair judged by one expert only takes that expert's value whatever the weights; a pair
    no one judged stays missing (NaN)."""
    first = np.array([[1.0, 3.0, np.nan], [1 / 3, 1.0, np.nan], [np.nan, np.nan, 1.0]])
    second = np.array([[1.0, np.nan, np.nan], [np.nan, 1.0, 2.0], [np.nan, 0.5, 1.0]])
    pooled = aggregate_judgments([first, second], [0.9, 0.1])
    assert pooled[0, 1] == pytest.approx(3.0) and pooled[1, 0] == pytest.approx(1 / 3)
    assert pooled[1, 2] == pytest.approx(2.0) and pooled[2, 1] == pytest.approx(0.5)
    assert np.isnan(pooled[0, 2]) and np.isnan(pooled[2, 0])
    assert np.diag(pooled).tolist() == [1.0, 1.0, 1.0]


@given(data=st.data())
def test_aij_of_identical_experts_equals_one_expert(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 7))
    matrix = data.draw(reciprocal_matrices(n))
    k = data.draw(st.integers(1, 6))
    weights = data.draw(st.lists(st.floats(0.1, 10.0), min_size=k, max_size=k))
    pooled = aggregate_judgments([matrix] * k, weights)
    np.testing.assert_allclose(pooled, matrix, rtol=1e-12)  # NaN where the expert skipped
    assert np.array_equal(np.isnan(pooled), np.isnan(matrix))


@given(panels())
def test_aij_stays_reciprocal(panel: tuple[list[np.ndarray], list[float]]) -> None:
    matrices, weights = panel
    pooled = aggregate_judgments(matrices, weights)
    known = ~np.isnan(pooled)
    assert np.array_equal(known, known.T)
    np.testing.assert_allclose(pooled[known] * pooled.T[known], 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.diag(pooled), 1.0)
    judged_by_someone = np.any([~np.isnan(m) for m in matrices], axis=0)
    assert np.array_equal(known, judged_by_someone)


@given(panels(missing=False), st.floats(0.01, 100.0))
def test_aij_equal_weights_match_the_unweighted_geometric_mean(
    panel: tuple[list[np.ndarray], list[float]], c: float
) -> None:
    matrices, _ = panel
    k = len(matrices)
    unweighted = np.prod(np.stack(matrices), axis=0) ** (1.0 / k)
    np.testing.assert_allclose(aggregate_judgments(matrices, [c] * k), unweighted, rtol=1e-9)
    np.testing.assert_allclose(aggregate_judgments(matrices, [1.0] * k), unweighted, rtol=1e-9)


@given(panels(), st.floats(0.01, 100.0))
def test_aij_depends_only_on_relative_expert_weights(
    panel: tuple[list[np.ndarray], list[float]], c: float
) -> None:
    matrices, weights = panel
    scaled = aggregate_judgments(matrices, [c * w for w in weights])
    np.testing.assert_allclose(scaled, aggregate_judgments(matrices, weights), rtol=1e-9)


def test_aip_is_the_normalised_weighted_geometric_mean() -> None:
    """Forman & Peniwati (1998): AIP = weighted geometric mean of the priority vectors,
    renormalised. (0.5, 0.5) and (0.8, 0.2) with weights 1 : 1 → (2, 1)/3 after sqrt."""
    pooled = aggregate_priorities([np.array([0.5, 0.5]), np.array([0.8, 0.2])], [1.0, 1.0])
    raw = np.sqrt([0.5 * 0.8, 0.5 * 0.2])
    assert pooled == pytest.approx(raw / raw.sum())
    assert pooled == pytest.approx([2 / 3, 1 / 3])


@st.composite
def simplex(draw: st.DrawFn, n: int) -> np.ndarray:
    values = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n)))
    return values / values.sum()


@given(data=st.data())
def test_aip_properties(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 8))
    k = data.draw(st.integers(1, 5))
    vectors = [data.draw(simplex(n)) for _ in range(k)]
    weights = data.draw(st.lists(st.floats(0.1, 10.0), min_size=k, max_size=k))
    pooled = aggregate_priorities(vectors, weights)
    assert np.all(pooled > 0)
    assert pooled.sum() == pytest.approx(1.0)
    # identical experts → that expert's vector
    np.testing.assert_allclose(aggregate_priorities([vectors[0]] * k, weights), vectors[0])
    # pooled lies within the experts' range after renormalisation of ratios:
    # each ratio pooled_i / pooled_j lies between the experts' min and max ratio
    ratios = np.stack([v[:, None] / v[None, :] for v in vectors])
    pooled_ratio = pooled[:, None] / pooled[None, :]
    assert np.all(pooled_ratio <= ratios.max(axis=0) * (1 + 1e-9))
    assert np.all(pooled_ratio >= ratios.min(axis=0) * (1 - 1e-9))


def test_aip_arithmetic_is_the_weighted_mean() -> None:
    vectors = [np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])]
    pooled = aggregate_priorities_arithmetic(vectors, [3.0, 1.0])
    assert pooled == pytest.approx([0.425, 0.275, 0.3])
    assert pooled.sum() == pytest.approx(1.0)


def goepel(vectors: list[np.ndarray], scale_max: float = 9.0) -> float:
    """Goepel (2013, 2018) S* written out from the paper's definitions."""

    def entropy(p: np.ndarray) -> float:
        return float(-(p * np.log(p)).sum())

    n = len(vectors[0])
    h_alpha = np.mean([entropy(v) for v in vectors])
    h_gamma = entropy(np.mean(vectors, axis=0))
    dominant = np.array([scale_max] + [1.0] * (n - 1)) / (n + scale_max - 1)
    d_alpha_min = np.exp(entropy(dominant))
    d_beta = np.exp(h_gamma - h_alpha)
    return float((1 / d_beta - d_alpha_min / n) / (1 - d_alpha_min / n))


def test_consensus_of_identical_or_single_experts_is_one() -> None:
    v = np.array([0.6, 0.3, 0.1])
    assert consensus([v, v, v]) == pytest.approx(1.0)
    assert consensus([v]) == 1.0


def test_consensus_follows_goepels_definition() -> None:
    """Two experts, (3/4, 1/4) and (1/4, 3/4): S* from the entropy partition."""
    vectors = [np.array([0.75, 0.25]), np.array([0.25, 0.75])]
    assert consensus(vectors) == pytest.approx(goepel(vectors), rel=1e-12)
    mild = [np.array([0.55, 0.45]), np.array([0.45, 0.55])]
    assert consensus(vectors) < consensus(mild) < 1.0


@given(data=st.data())
def test_consensus_lies_in_unit_interval(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 8))
    k = data.draw(st.integers(2, 5))
    vectors = [data.draw(simplex(n)) for _ in range(k)]
    assert 0.0 <= consensus(vectors) <= 1.0
