"""Priority vectors from (possibly incomplete) pairwise comparison matrices.

Two methods, both defined on incomplete matrices with a connected comparison graph:

* ``eigenvector`` — Saaty's principal right eigenvector. For an incomplete matrix,
  Harker's method (Harker 1987, *Mathematical Modelling* 9(3–5):353–360): missing
  entries set to 0 and each diagonal entry raised to ``1 + m_i`` (``m_i`` = missing
  entries of row ``i``). Its Perron vector equals the principal eigenvector of the
  matrix completed with ``w_i / w_j``, and so does its eigenvalue.
* ``geometric-mean`` — the logarithmic least-squares method (LLSM). For a complete
  matrix it is the normalised row geometric mean (Crawford & Williams 1985); for an
  incomplete one the solution of the graph-Laplacian system of Kwiesielewicz (1996)
  and Bozóki, Fülöp & Rónyai (2010, *Math. Comput. Modelling* 52:318–333, §4).

:func:`priorities_batch` computes either for a stack of matrices sharing one comparison
graph at once (Monte Carlo draws of judgments, random matrices for the random index).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from mcda_citydip.model import FloatArray, IntArray

PriorityMethod = Literal["eigenvector", "geometric-mean"]
POWER_TOLERANCE = 1e-14  # stop a matrix's power iteration when no entry moves more than this
POWER_LIMIT = 1000


def principal_eigen(matrix: FloatArray) -> tuple[float, FloatArray]:
    """Perron root and positive eigenvector (summing to 1) of a positive or irreducible
    non-negative matrix."""
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return float(values[k].real), vector / vector.sum()


def harker_matrix(matrix: FloatArray) -> FloatArray:
    """Harker's (1987) auxiliary matrix: missing entries 0, diagonal ``1 + m_i``."""
    missing = np.isnan(matrix)
    result = np.where(missing, 0.0, matrix)
    result[np.diag_indices_from(result)] = 1.0 + missing.sum(axis=1)
    return result


def eigenvector(matrix: FloatArray) -> FloatArray:
    """Saaty's principal eigenvector priorities (Harker's method when incomplete)."""
    if matrix.shape[0] == 1:
        return np.ones(1)
    return principal_eigen(harker_matrix(matrix))[1]


def geometric_mean(matrix: FloatArray) -> FloatArray:
    """LLSM priorities: minimise ``Σ (ln a_ij − ln w_i + ln w_j)²`` over the given pairs."""
    n = matrix.shape[0]
    if n == 1:
        return np.ones(1)
    known = ~np.isnan(matrix)
    np.fill_diagonal(known, False)
    laplacian = np.diag(known.sum(axis=1).astype(float)) - known.astype(float)
    logs = np.where(known, np.log(np.where(known, matrix, 1.0)), 0.0).sum(axis=1)
    # The Laplacian of a connected graph has rank n-1 with null space 1: pin Σ ln w = 0.
    solution = np.linalg.solve(laplacian + np.ones((n, n)) / n, logs)
    weights: FloatArray = np.exp(solution - solution.max())
    normalised: FloatArray = weights / weights.sum()
    return normalised


PRIORITY_METHODS: dict[str, Callable[[FloatArray], FloatArray]] = {
    "eigenvector": eigenvector,
    "geometric-mean": geometric_mean,
}


def perron_batch(matrices: FloatArray) -> FloatArray:
    """Perron vectors (summing to 1) of a stack of positive/irreducible matrices (``k × n × n``).

    Power iteration ``v ← A v / Σ(A v)`` for all matrices at once; each stops at the first
    iterate that moves no entry more than ``POWER_TOLERANCE`` (so its result does not depend
    on the rest of the batch); the few that do not converge in ``POWER_LIMIT`` steps are
    solved by ``numpy.linalg.eig``.
    """
    size, n, _ = matrices.shape
    vector: FloatArray = np.full((size, n), 1.0 / n)
    active = np.ones(size, dtype=bool)
    for _ in range(POWER_LIMIT):
        following = np.einsum("kij,kj->ki", matrices, vector)
        following /= following.sum(axis=1, keepdims=True)
        moved = np.abs(following - vector).max(axis=1)
        vector = np.where(active[:, None], following, vector)
        active &= moved > POWER_TOLERANCE
        if not active.any():
            return vector
    values, vectors = np.linalg.eig(matrices[active])
    top = np.argmax(values.real, axis=1)
    chosen = np.abs(np.take_along_axis(vectors.real, top[:, None, None], axis=2)[..., 0])
    vector[active] = chosen / chosen.sum(axis=1, keepdims=True)
    return vector


def priorities_batch(
    n: int, rows: IntArray, cols: IntArray, logs: FloatArray, priority: str
) -> FloatArray:
    """Priorities (``k × n``) of ``k`` matrices judged on the same pairs: ``logs[d, p]`` is
    ``ln a_ij`` of matrix ``d`` for the pair ``(rows[p], cols[p])``; the other pairs are
    missing. Harker's eigenvector or LLSM, as :data:`PRIORITY_METHODS` one at a time."""
    size = len(logs)
    if priority == "geometric-mean":
        incidence = np.zeros((len(rows), n))
        incidence[np.arange(len(rows)), rows] = 1.0
        incidence[np.arange(len(rows)), cols] = -1.0
        laplacian = incidence.T @ incidence
        solution = (logs @ incidence) @ np.linalg.inv(laplacian + 1.0 / n).T
        weights: FloatArray = np.exp(solution - solution.max(axis=1, keepdims=True))
        normalised: FloatArray = weights / weights.sum(axis=1, keepdims=True)
        return normalised
    harker = np.zeros((size, n, n))
    harker[:, rows, cols] = np.exp(logs)
    harker[:, cols, rows] = np.exp(-logs)
    missing = n - 1 - np.bincount(np.concatenate([rows, cols]), minlength=n)
    harker[:, np.arange(n), np.arange(n)] = 1.0 + missing
    return perron_batch(harker)
