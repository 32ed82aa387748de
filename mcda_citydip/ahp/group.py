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

from mcda_citydip.model import FloatArray


def aggregate_judgments(matrices: Sequence[FloatArray], weights: Sequence[float]) -> FloatArray:
    """Weighted geometric mean per pair over the experts who judged that pair."""
    stack = np.stack(matrices)
    w = np.asarray(weights, dtype=float)[:, None, None] * ~np.isnan(stack)
    logs = np.where(np.isnan(stack), 0.0, np.log(np.where(np.isnan(stack), 1.0, stack)))
    total = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.exp((w * logs).sum(axis=0) / total)
    return np.where(total > 0, mean, np.nan)


def aggregate_priorities(vectors: Sequence[FloatArray], weights: Sequence[float]) -> FloatArray:
    """Weighted geometric mean of priority vectors, normalised to sum 1."""
    w = np.asarray(weights, dtype=float)
    logs = np.log(np.stack(vectors))
    mean: FloatArray = np.exp((w[:, None] * logs).sum(axis=0) / w.sum())
    normalised: FloatArray = mean / mean.sum()
    return normalised
