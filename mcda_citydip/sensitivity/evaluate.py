"""Batched evaluation: the scores of every alternative under many weight vectors at once.

The decision matrix is fixed; only the weights vary (rows of ``weights``, shape ``k × n``).
Both methods reduce to fixed per-criterion arrays combined with the weights:

* TOPSIS — with ``r`` the normalised matrix and ``r⁺``/``r⁻`` its column ideal and
  anti-ideal (weights are non-negative, so the weighted ideal is ``w · r⁺``),
  ``(D⁺)² = (w²) · ((r − r⁺)²)ᵀ``: one matrix product per distance.
* VIKOR — with ``f = (f* − x)/(f* − f⁻)`` fixed, ``S = w · fᵀ`` and ``R = max_j w_j f_ij``.

Scores are returned "higher is better" (TOPSIS closeness, VIKOR ``−Q``), identical to the
single-vector kernels in :mod:`mcda_citydip.ranking` up to round-off. The fixed arrays come
from those kernels (``squared_gaps``, ``regret_matrix``), which scale every column by a power
of two first (:func:`~mcda_citydip.ranking.common.unit_columns`): no overflow or underflow
anywhere in the float range, and the same ranking for a column and that column × 10^k.

:func:`pair_scorer` scores just two alternatives per weight row (a bisection moves every pair
of alternatives along its own weights): O(n) per row for TOPSIS, and for VIKOR O(c·n) with
``c`` the few alternatives that can hold the best or worst ``S`` or ``R`` on the sweep —
instead of O(m·n), which made the pair bisection grow like m³.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mcda_citydip.model import FloatArray
from mcda_citydip.ranking.topsis import squared_gaps
from mcda_citydip.ranking.vikor import regret_matrix, unit_interval

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


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
    d_plus = _root(squared @ to_ideal.T)
    d_minus = _root(squared @ to_anti.T)
    total = np.add(d_plus, d_minus, out=d_plus)  # in place: k × m arrays are the large ones
    apart = total > 0
    scores: FloatArray = np.divide(d_minus, total, out=d_minus, where=apart)
    scores[~apart] = 0.5
    return scores


def _root(squares: FloatArray) -> FloatArray:
    """``√max(x, 0)`` in place."""
    np.maximum(squares, 0.0, out=squares)
    root: FloatArray = np.sqrt(squares, out=squares)
    return root


def vikor_batch(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """VIKOR S, R and Q for each row of ``weights`` (each k × m)."""
    regrets = regret_matrix(matrix, benefit)
    s = weights @ regrets.T
    r = _regret_max(weights, regrets)
    q = v * unit_interval(s) + (1.0 - v) * unit_interval(r)
    return s, r, q


def _vikor_scores(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, v: float
) -> FloatArray:
    """``−Q`` of :func:`vikor_batch`, computed in place in ``S`` (k × m arrays are large)."""
    regrets = regret_matrix(matrix, benefit)
    s = weights @ regrets.T
    q = vikor_q(s, _regret_max(weights, regrets), v)
    scores: FloatArray = np.negative(q, out=q)
    return scores


def vikor_q(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    """``Q = v·S̃ + (1 − v)·R̃`` (Opricovic & Tzeng 2004), in place in ``s`` (and ``r``)."""
    unit_interval(s, out=s)
    s *= v
    unit_interval(r, out=r)
    r *= 1.0 - v
    s += r
    return s


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
        return _vikor_scores(matrix, weights, benefit, options.get("v", 0.5))
    raise ValueError(f"unknown method {method!r}")


# ---------------------------------------------------------------------------------------------
# Pairs: the scores of two chosen alternatives per weight row (bisection of pair crossings).
# ---------------------------------------------------------------------------------------------

FRONT_TOLERANCE = 1e-9  # S and R lie in [0, 1]; round-off in them is ~1e-16 per criterion


@dataclass(frozen=True)
class TopsisPairs:
    """TOPSIS closeness of ``leaders[p]`` and ``rivals[p]`` under ``weights[p]``: each
    alternative's closeness needs its own row of the fixed squared gaps only."""

    to_ideal: FloatArray
    to_anti: FloatArray

    @property
    def pair_bytes(self) -> int:
        """Working memory per pair: the weights, their squares and the gathered gaps."""
        return 8 * (10 * int(self.to_ideal.shape[1]) + 16)

    def __call__(
        self, weights: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        squared = np.square(weights)
        return self._closeness(squared, leaders), self._closeness(squared, rivals)

    def _closeness(self, squared: FloatArray, rows: IntArray) -> FloatArray:
        d_plus = np.sqrt(np.maximum(np.einsum("pn,pn->p", squared, self.to_ideal[rows]), 0.0))
        d_minus = np.sqrt(np.maximum(np.einsum("pn,pn->p", squared, self.to_anti[rows]), 0.0))
        total = d_plus + d_minus
        closeness: FloatArray = np.divide(
            d_minus, total, out=np.full_like(total, 0.5), where=total > 0
        )
        return closeness


@dataclass(frozen=True)
class VikorPairs:
    """VIKOR ``−Q`` of ``leaders[p]`` and ``rivals[p]`` under ``weights[p]``, for weights on
    one sweep ``w(t) = t a + (1 − t) b`` only (see :func:`sweep_candidates`).

    ``Q`` scales ``S`` and ``R`` by their best and worst values over *all* alternatives; on a
    sweep those are always attained among a few candidates (``by_sum`` for ``S``, ``by_max``
    for ``R``), so a row scores the pair and the candidates instead of all ``m``. The scaling
    is :func:`~mcda_citydip.ranking.vikor.unit_interval` over (pair, lowest, highest), which
    has the same lowest and highest values as the whole row.
    """

    regrets: FloatArray  # f = (f* − x)/(f* − f⁻), m × n
    by_sum: IntArray
    by_max: IntArray
    v: float

    @property
    def pair_bytes(self) -> int:
        """Working memory per pair: ``S`` and ``R`` of the candidates, the weights and the
        gathered regrets."""
        candidates = len(self.by_sum) + 2 * len(self.by_max)
        return 8 * (candidates + 10 * int(self.regrets.shape[1]) + 32)

    def __call__(
        self, weights: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        f = self.regrets
        s, r = np.empty((len(weights), 4)), np.empty((len(weights), 4))
        for column, rows in enumerate((leaders, rivals)):
            s[:, column] = np.einsum("pn,pn->p", weights, f[rows])
            r[:, column] = (weights * f[rows]).max(axis=1)
        sums = weights @ f[self.by_sum].T
        s[:, 2], s[:, 3] = sums.min(axis=1), sums.max(axis=1)
        peaks = _regret_max(weights, f[self.by_max])
        r[:, 2], r[:, 3] = peaks.min(axis=1), peaks.max(axis=1)
        q = self.v * unit_interval(s)[:, :2] + (1.0 - self.v) * unit_interval(r)[:, :2]
        return -q[:, 0], -q[:, 1]


def _regret_max(weights: FloatArray, regrets: FloatArray) -> FloatArray:
    """``R = max_j w_j f_ij`` of every row of ``weights`` (k × n) and ``regrets`` (m × n), one
    criterion at a time: k × m work arrays, no k × m × n temporary."""
    peaks = np.zeros((len(weights), len(regrets)))
    term = np.empty_like(peaks)
    for j in range(regrets.shape[1]):
        np.multiply(weights[:, j, None], regrets[None, :, j], out=term)
        np.maximum(peaks, term, out=peaks)
    return peaks


def _lower_front(x: FloatArray, y: FloatArray) -> BoolArray:
    """Points that no other point beats by more than ``FRONT_TOLERANCE`` on both ``x`` and
    ``y`` (lower is better): a superset of the minimisers of any ``max``- or sum-like
    combination of ``x`` and ``y`` with non-negative coefficients, round-off included."""
    order = np.argsort(x, kind="stable")
    lowest_y = np.minimum.accumulate(y[order])
    count = np.searchsorted(x[order], x - FRONT_TOLERANCE, side="right")
    beaten = (count > 0) & (lowest_y[np.maximum(count - 1, 0)] <= y - FRONT_TOLERANCE)
    front: BoolArray = ~beaten
    return front


def sweep_candidates(
    regrets: FloatArray, inside: FloatArray, outside: FloatArray
) -> tuple[IntArray, IntArray]:
    """The alternatives that can hold the best or worst ``S`` (first) or ``R`` (second) along
    the sweep ``w(t) = t·inside + (1 − t)·outside``, ``t ∈ [0, 1]`` (``inside`` and ``outside``
    the weight proportions in and out of the swept group, zero elsewhere).

    ``S_i(t) = t S_i(inside) + (1 − t) S_i(outside)`` and ``R_i(t) = max(t R_i(inside),
    (1 − t) R_i(outside))`` are non-decreasing in both parts, so an alternative beaten on both
    parts by another is never the lowest, and one beating on neither is never the highest:
    the Pareto fronts of the two parts (for random data a few alternatives each, at most m).
    """
    s_in, s_out = regrets @ inside, regrets @ outside
    r_in, r_out = (regrets * inside).max(axis=1), (regrets * outside).max(axis=1)
    by_sum = _lower_front(s_in, s_out) | _lower_front(-s_in, -s_out)
    by_max = _lower_front(r_in, r_out) | _lower_front(-r_in, -r_out)
    return np.flatnonzero(by_sum).astype(np.int64), np.flatnonzero(by_max).astype(np.int64)


def pair_scorer(
    matrix: FloatArray,
    benefit: BoolArray,
    method: str,
    options: Mapping[str, Any] | None,
    sweep: tuple[FloatArray, FloatArray],
) -> TopsisPairs | VikorPairs:
    """Scores of chosen pairs for weights on the sweep ``(inside, outside)`` proportions."""
    options = dict(options or {})
    if method == "topsis":
        return TopsisPairs(*topsis_parts(matrix, benefit, options.get("normalization", "vector")))
    if method == "vikor":
        regrets = regret_matrix(matrix, benefit)
        return VikorPairs(regrets, *sweep_candidates(regrets, *sweep), options.get("v", 0.5))
    raise ValueError(f"unknown method {method!r}")
