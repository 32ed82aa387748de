"""Tests for ``mcda_citydip.ahp.matrix``: reciprocal matrices from sparse judgments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.ahp.matrix import (
    SAATY_MAX,
    SAATY_MIN,
    completed,
    components,
    consistent_matrix,
    is_complete,
    missing_pairs,
    pairwise_matrix,
)

ITEMS = ("a", "b", "c", "d")


def test_saaty_scale_bounds() -> None:
    """Saaty's fundamental scale runs from 1/9 to 9."""
    assert (SAATY_MIN, SAATY_MAX) == (1 / 9, 9.0)


def test_pairwise_matrix_is_reciprocal_with_nan_for_missing_pairs() -> None:
    matrix = pairwise_matrix(ITEMS, [("a", "b", 3.0), ("c", "a", 5.0), ("b", "d", 1 / 7)])
    assert np.diag(matrix).tolist() == [1.0] * 4
    assert matrix[0, 1] == 3.0 and matrix[1, 0] == pytest.approx(1 / 3)
    assert matrix[2, 0] == 5.0 and matrix[0, 2] == pytest.approx(1 / 5)
    assert matrix[1, 3] == pytest.approx(1 / 7) and matrix[3, 1] == pytest.approx(7.0)
    assert np.isnan(matrix[0, 3]) and np.isnan(matrix[3, 0])
    assert np.isnan(matrix[2, 3]) and np.isnan(matrix[1, 2])
    assert not is_complete(matrix)
    assert missing_pairs(matrix) == [(0, 3), (1, 2), (2, 3)]


def test_complete_matrix() -> None:
    pairs = [(x, y, 2.0) for i, x in enumerate(ITEMS) for y in ITEMS[i + 1 :]]
    matrix = pairwise_matrix(ITEMS, pairs)
    assert is_complete(matrix)
    assert missing_pairs(matrix) == []
    assert components(matrix) == [[0, 1, 2, 3]]


def test_components_name_the_disconnected_groups() -> None:
    matrix = pairwise_matrix(ITEMS, [("a", "c", 2.0), ("b", "d", 3.0)])
    assert components(matrix) == [[0, 2], [1, 3]]
    lonely = pairwise_matrix(ITEMS, [("a", "b", 2.0), ("b", "c", 3.0)])
    assert components(lonely) == [[0, 1, 2], [3]]


def test_completed_fills_only_missing_entries_with_priority_ratios() -> None:
    matrix = pairwise_matrix(ITEMS, [("a", "b", 2.0), ("b", "c", 3.0), ("c", "d", 4.0)])
    w = np.array([0.4, 0.3, 0.2, 0.1])
    full = completed(matrix, w)
    assert is_complete(full)
    assert full[0, 1] == 2.0 and full[1, 2] == 3.0 and full[2, 3] == 4.0
    assert full[0, 2] == pytest.approx(0.4 / 0.2)
    assert full[3, 0] == pytest.approx(0.1 / 0.4)
    assert np.isnan(matrix[0, 2])  # the input is left untouched


@given(st.lists(st.floats(0.01, 100.0), min_size=1, max_size=10))
def test_consistent_matrix_is_reciprocal_and_transitive(values: list[float]) -> None:
    w = np.array(values)
    a = consistent_matrix(w)
    np.testing.assert_allclose(a * a.T, 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.diag(a), 1.0)
    # a_ik = a_ij · a_jk for all i, j, k
    chained = a[:, :, None] * a[None, :, :]  # [i, j, k] = a_ij · a_jk
    np.testing.assert_allclose(np.broadcast_to(a[:, None, :], chained.shape), chained, rtol=1e-12)


@st.composite
def random_judgments(draw: st.DrawFn) -> tuple[tuple[str, ...], list[tuple[str, str, float]]]:
    n = draw(st.integers(1, 8))
    items = tuple(f"i{k}" for k in range(n))
    all_pairs = [(items[i], items[j]) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(all_pairs), unique=True)) if all_pairs else []
    values = [draw(st.sampled_from([1 / 9, 1 / 3, 1.0, 2.0, 9.0])) for _ in chosen]
    # randomly flip the order of the pair (left/right)
    flips = [draw(st.booleans()) for _ in chosen]
    pairs = [
        (right, left, v) if flip else (left, right, v)
        for (left, right), v, flip in zip(chosen, values, flips, strict=True)
    ]
    return items, pairs


@given(random_judgments())
def test_matrix_properties_and_components_match_reachability(
    case: tuple[tuple[str, ...], list[tuple[str, str, float]]],
) -> None:
    items, pairs = case
    n = len(items)
    matrix = pairwise_matrix(items, pairs)
    known = ~np.isnan(matrix)
    np.testing.assert_allclose(matrix[known] * matrix.T[known], 1.0, rtol=1e-12)
    assert known.sum() == n + 2 * len(pairs)
    assert len(missing_pairs(matrix)) == n * (n - 1) // 2 - len(pairs)
    assert is_complete(matrix) == (len(pairs) == n * (n - 1) // 2)
    # Reachability by repeated boolean matrix products (independent of components()).
    reach = known.astype(int)
    for _ in range(n):
        reach = ((reach @ known.astype(int)) > 0).astype(int)
    groups = components(matrix)
    assert sorted(i for g in groups for i in g) == list(range(n))
    label = {i: k for k, g in enumerate(groups) for i in g}
    for i in range(n):
        for j in range(n):
            assert (label[i] == label[j]) == bool(reach[i, j])
