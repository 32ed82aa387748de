"""Pairwise comparison matrices built from sparse judgments.

A matrix is an ``n × n`` float array with ones on the diagonal, ``a[i, j] * a[j, i] = 1``
wherever a judgment was given, and NaN where the pair was left out (incomplete matrix).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from mcda_citydip.model import FloatArray

SAATY_MIN = 1.0 / 9.0
SAATY_MAX = 9.0


def pairwise_matrix(items: Sequence[str], pairs: Iterable[tuple[str, str, float]]) -> FloatArray:
    """Build a reciprocal matrix; pairs not given stay NaN.

    Callers validate the pairs (known items, no self-comparison, no conflicting duplicates).
    """
    index = {item: i for i, item in enumerate(items)}
    n = len(items)
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for left, right, value in pairs:
        i, j = index[left], index[right]
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    return matrix


def is_complete(matrix: FloatArray) -> bool:
    return not bool(np.isnan(matrix).any())


def missing_pairs(matrix: FloatArray) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, with no judgment."""
    rows, cols = np.nonzero(np.isnan(matrix))
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if i < j]


def components(matrix: FloatArray) -> list[list[int]]:
    """Groups of items linked by judgments (connected components of the comparison graph)."""
    n = matrix.shape[0]
    known = ~np.isnan(matrix)
    seen = np.zeros(n, dtype=bool)
    groups: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        stack, group = [start], []
        seen[start] = True
        while stack:
            i = stack.pop()
            group.append(i)
            for j in np.nonzero(known[i] & ~seen)[0]:
                seen[j] = True
                stack.append(int(j))
        groups.append(sorted(group))
    return groups


def completed(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """Fill each missing entry with the ratio of the priorities, ``w_i / w_j``."""
    ratios = weights[:, None] / weights[None, :]
    return np.where(np.isnan(matrix), ratios, matrix)


def consistent_matrix(weights: FloatArray) -> FloatArray:
    """The perfectly consistent matrix ``a_ij = w_i / w_j``."""
    return weights[:, None] / weights[None, :]
