"""Tests for ``mcda_citydip.ranking.common``: the exact column scaling and constant columns."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from ranking_cases import CELLS, rescaled_problems

from mcda_citydip.ranking.common import constant_columns, unit_columns


def test_unit_columns_examples() -> None:
    """By hand: the largest |x| of (1e308, −1e308, 0) is 1e308 = 0.556… × 2^1024; of
    (3, −1, 2) it is 3 = 0.75 × 2^2; of (1e-160, 5e-161, 0) 1e-160 = 0.703… × 2^-531; a
    column of zeros stays as it is. Multiplying by a power of two (2^-1024 is a denormal
    but exact) is exact."""
    matrix = np.array([[1e308, 3.0, 1e-160, 0.0], [-1e308, -1.0, 5e-161, 0.0], [0, 2, 0, 0]])
    scaled = unit_columns(matrix)
    np.testing.assert_array_equal(scaled, matrix * np.array([2.0**-1024, 0.25, 2.0**531, 1.0]))
    assert scaled[:, 1].tolist() == [0.75, -0.25, 0.5]
    assert 0.5 <= scaled[0, 0] < 1 and scaled[1, 0] == -scaled[0, 0]


@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 4)), elements=CELLS))
def test_unit_columns_puts_every_largest_value_in_half_open_unit_interval(
    matrix: np.ndarray,
) -> None:
    scaled = unit_columns(matrix)
    peak = np.abs(scaled).max(axis=0)
    nonzero = np.abs(matrix).max(axis=0) > 0
    assert np.all((peak[nonzero] >= 0.5) & (peak[nonzero] < 1.0))
    np.testing.assert_array_equal(scaled[:, ~nonzero], matrix[:, ~nonzero])
    np.testing.assert_array_equal(unit_columns(scaled), scaled)  # idempotent


@given(rescaled_problems())
def test_unit_columns_of_a_power_of_two_rescaling_is_the_same_matrix(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    matrix, rescaled, _, _ = case
    np.testing.assert_array_equal(unit_columns(rescaled), unit_columns(matrix))


def test_unit_columns_of_a_stack_scales_each_matrix_apart() -> None:
    stack = np.array([[[1.0, 8.0], [2.0, 4.0]], [[1e300, 1.0], [0.0, 1.0]]])
    scaled = unit_columns(stack)
    for t in range(2):
        np.testing.assert_array_equal(scaled[t], unit_columns(stack[t]))


def test_unit_columns_of_denormal_values_is_exact() -> None:
    column = np.array([[5e-324], [1e-320], [0.0]])  # 1 and 2024 times the smallest denormal
    scaled = unit_columns(column)
    assert scaled[:, 0].tolist() == [1 / 2048, 2024 / 2048, 0.0]


def test_constant_columns_without_overflow() -> None:
    matrix = np.array([[1e308, 7.0, 0.0], [-1e308, 7.0, 0.0]])
    with np.errstate(all="raise"):
        assert constant_columns(matrix).tolist() == [False, True, True]
