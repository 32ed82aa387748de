"""Pairwise comparison matrices built from sparse judgments.

A matrix is an ``n × n`` float array with ones on the diagonal, ``a[i, j] * a[j, i] = 1``
wherever a judgment was given, and NaN where the pair was left out (incomplete matrix).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from mcda_citydip.errors import JudgmentError, is_positive
from mcda_citydip.i18n import N_
from mcda_citydip.model import FloatArray

#: Saaty's scale, 1 to 9 and the reciprocals (Saaty 1980, Table 1.1), as an expert types it:
#: ``9, 8, …, 2, 1, 1/2, …, 1/9``.
SAATY_SCALE: tuple[str, ...] = (
    *(str(k) for k in range(9, 0, -1)),
    *(f"1/{k}" for k in range(2, 10)),
)
#: Its 17 values, ascending (``1/9`` … ``9``).
SAATY_VALUES: FloatArray = np.array(
    sorted(1.0 / float(v[2:]) if v.startswith("1/") else float(v) for v in SAATY_SCALE)
)
SAATY_MIN = float(SAATY_VALUES[0])
SAATY_MAX = float(SAATY_VALUES[-1])

#: Saaty's verbal scale (Saaty 1980, Table 1.1), read "the first item over the second": the
#: one wording of the scale, shown by the terminal session and the questionnaire's
#: instructions alike (each adds the reciprocal row).
VERBAL_SCALE = (
    ("1", N_("equal importance")),
    ("3", N_("moderate importance of one over the other")),
    ("5", N_("strong importance")),
    ("7", N_("very strong importance")),
    ("9", N_("extreme importance")),
    ("2, 4, 6, 8", N_("values between the two neighbours")),
)
#: The reciprocals, 1/2 to 1/9: the same levels the other way round.
RECIPROCAL = N_("the same levels in favour of the second item (the reciprocal)")


def pairwise_matrix(items: Sequence[str], pairs: Iterable[tuple[str, str, float]]) -> FloatArray:
    """Build a reciprocal matrix; pairs not given stay NaN.

    Callers validate the pairs further (no conflicting duplicates); an unknown item, a
    self-comparison or a value that is not a positive number is a :class:`JudgmentError`.
    """
    index = {item: i for i, item in enumerate(items)}
    n = len(items)
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for left, right, value in pairs:
        _check_pair(index, left, right, value)
        i, j = index[left], index[right]
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    return matrix


def _check_pair(index: dict[str, int], left: str, right: str, value: float) -> None:
    """A :class:`JudgmentError` about ``pairs`` unless the pair can enter the matrix."""
    unknown = [item for item in (left, right) if item not in index]
    problem = (
        f"'{unknown[0]}' is not one of the items {', '.join(index)}"
        if unknown
        else f"'{left}' is compared with itself"
        if left == right
        else f"{left} vs {right}: {value!r} is not a positive number"
        if not is_positive(value)
        else ""
    )
    if problem:
        raise JudgmentError(f"pairs: {problem}", parameter="pairs")


def item_pairs(items: Sequence[str]) -> list[tuple[str, str]]:
    """Every pair ``i < j`` of ``items``, the first item against each other first (a spanning
    set: answered alone, they already link every item): the order a node's pairs are asked."""
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


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
