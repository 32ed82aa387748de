"""Batched evaluation: the scores of every alternative under many weight vectors at once.

The decision matrix is fixed; only the weights vary (rows of ``weights``, shape ``k × n``).
Both methods reduce to fixed per-criterion arrays combined with the weights:

* TOPSIS — with ``r`` the normalised matrix and ``r⁺``/``r⁻`` its column ideal and
  anti-ideal (weights are non-negative, so the weighted ideal is ``w · r⁺``),
  ``(D⁺)² = (w²) · ((r − r⁺)²)ᵀ``: one matrix product per distance.
* VIKOR — with ``f = (f* − x)/(f* − f⁻)`` fixed, ``S = w · fᵀ`` and ``R = max_j w_j f_ij``.

Scores are returned "higher is better" (TOPSIS closeness, VIKOR ``−Q``), identical to the
single-vector kernels in :mod:`mcda_citydip.ranking` up to round-off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from mcda_citydip.model import FloatArray
from mcda_citydip.ranking.topsis import squared_gaps
from mcda_citydip.ranking.vikor import regret_matrix, unit_interval

BoolArray = npt.NDArray[np.bool_]


def topsis_parts(
    matrix: FloatArray, benefit: BoolArray, normalization: str = "vector"
) -> tuple[FloatArray, FloatArray]:
    """Squared column gaps to the ideal and anti-ideal of the normalised matrix (m × n each)."""
    to_ideal, to_anti = squared_gaps(matrix[None], benefit, normalization)
    return to_ideal[0], to_anti[0]


def topsis_batch(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, normalization: str = "vector"
) -> FloatArray:
    """TOPSIS closeness for each row of ``weights`` (k × m)."""
    to_ideal, to_anti = topsis_parts(matrix, benefit, normalization)
    squared = np.square(weights)
    d_plus = np.sqrt(np.maximum(squared @ to_ideal.T, 0.0))
    d_minus = np.sqrt(np.maximum(squared @ to_anti.T, 0.0))
    total = d_plus + d_minus
    scores: FloatArray = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return scores


def vikor_batch(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """VIKOR S, R and Q for each row of ``weights`` (each k × m)."""
    regrets = regret_matrix(matrix, benefit)
    s = weights @ regrets.T
    # R = max_j w_j f_ij, one criterion at a time: k × m work arrays, no k × m × n temporary.
    r = np.zeros_like(s)
    term = np.empty_like(s)
    for j in range(regrets.shape[1]):
        np.multiply(weights[:, j, None], regrets[None, :, j], out=term)
        np.maximum(r, term, out=r)
    q = v * unit_interval(s) + (1.0 - v) * unit_interval(r)
    return s, r, q


def preference_batch(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: BoolArray,
    method: str,
    options: Mapping[str, Any] | None = None,
) -> FloatArray:
    """Scores (k × m), higher is better, for ``method`` in ``topsis`` | ``vikor``."""
    options = dict(options or {})
    if method == "topsis":
        return topsis_batch(matrix, weights, benefit, options.get("normalization", "vector"))
    if method == "vikor":
        q: FloatArray = -vikor_batch(matrix, weights, benefit, options.get("v", 0.5))[2]
        return q
    raise ValueError(f"unknown method {method!r}")
