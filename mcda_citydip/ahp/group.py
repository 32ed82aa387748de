"""Aggregation of several experts' judgments (AIJ) or priorities (AIP).

* AIJ — aggregation of individual judgments: the weighted geometric mean of the
  experts' values for each pair, the only mean that keeps the aggregated matrix
  reciprocal (Aczél & Saaty 1983, *J. Math. Psychology* 27:93–102; Forman & Peniwati
  1998, *EJOR* 108:165–169). An expert who skipped a pair is left out of that pair's
  mean and the weights of the others are renormalised.
* AIP — aggregation of individual priorities: the weighted geometric mean of the
  experts' priority vectors, renormalised (Forman & Peniwati 1998).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray


def _stacked(arrays: Sequence[FloatArray], weights: Sequence[float], name: str) -> FloatArray:
    """The experts' arrays stacked, or a :class:`MethodError` naming what does not fit."""
    shapes = {np.shape(a) for a in arrays}
    if not arrays or len(shapes) > 1:
        raise MethodError(
            f"{name}: give one or more of the same shape, got shapes "
            f"{', '.join(map(str, sorted(shapes))) or 'none'}",
            parameter=name,
        )
    w = np.asarray(weights, dtype=float)
    if w.shape != (len(arrays),) or not np.isfinite(w).all() or (w <= 0).any():
        raise MethodError(
            f"weights: give one positive weight per expert ({len(arrays)}), got {list(weights)}",
            parameter="weights",
        )
    return np.stack(arrays).astype(float)


def aggregate_judgments(matrices: Sequence[FloatArray], weights: Sequence[float]) -> FloatArray:
    """Weighted geometric mean per pair over the experts who judged that pair."""
    stack = _stacked(matrices, weights, "matrices")
    w = np.asarray(weights, dtype=float)[:, None, None] * ~np.isnan(stack)
    logs = np.where(np.isnan(stack), 0.0, np.log(np.where(np.isnan(stack), 1.0, stack)))
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.exp((w * logs).sum(axis=0) / total)
    return np.where(total > 0, mean, np.nan)


def aggregate_priorities(vectors: Sequence[FloatArray], weights: Sequence[float]) -> FloatArray:
    """Weighted geometric mean of priority vectors, normalised to sum 1."""
    w = np.asarray(weights, dtype=float)
    logs = np.log(_stacked(vectors, weights, "vectors"))
    mean: FloatArray = np.exp((w[:, None] * logs).sum(axis=0) / w.sum())
    normalised: FloatArray = mean / mean.sum()
    return normalised


def aggregate_priorities_arithmetic(
    vectors: Sequence[FloatArray], weights: Sequence[float]
) -> FloatArray:
    """Weighted arithmetic mean of priority vectors (sums to 1 already)."""
    w = np.asarray(weights, dtype=float)
    mean: FloatArray = (w[:, None] * _stacked(vectors, weights, "vectors")).sum(axis=0) / w.sum()
    return mean


def _shannon(p: FloatArray) -> FloatArray:
    """Shannon entropy (nats) along the last axis, with 0·ln 0 = 0."""
    safe = np.where(p > 0, p, 1.0)
    result: FloatArray = -(p * np.log(safe)).sum(axis=-1)
    return result


def consensus(vectors: Sequence[FloatArray], scale_max: float = 9.0) -> float:
    """Goepel's AHP consensus indicator S* from the partition of Shannon entropy.

    Goepel, K. D. (2013), Proc. Int. Symposium on the AHP, Kuala Lumpur, and (2018)
    "Implementation of an online software tool for the AHP (AHP-OS)", IJAHP 10(3):469–487:
    ``H_α`` = mean of the experts' entropies, ``H_γ`` = entropy of their mean priorities,
    ``D_β = exp(H_γ − H_α)``; with ``D_α,min = exp(H_α,min)`` for one item ``M`` times as
    important as each other (``M = 9``) and ``D_γ,max = n``:
    ``S* = (1/D_β − D_α,min/n) / (1 − D_α,min/n)``, 1 for identical priorities.
    """
    stack = np.stack(vectors)
    n = int(stack.shape[1])
    if stack.shape[0] < 2 or n < 2:
        return 1.0
    h_alpha = float(_shannon(stack).mean())
    h_gamma = float(_shannon(stack.mean(axis=0)))
    top, other = scale_max / (n + scale_max - 1), 1.0 / (n + scale_max - 1)
    d_alpha_min = float(np.exp(-(top * np.log(top) + (n - 1) * other * np.log(other))))
    floor = d_alpha_min / n
    value = (float(np.exp(h_alpha - h_gamma)) - floor) / (1.0 - floor)
    return min(max(value, 0.0), 1.0)
