"""Uncertainty from missing data: rank intervals over draws of the missing or imputed cells.

A cell filled by a policy (median, zero, a sampled point) is not a measurement. Each draw
fills every such cell uniformly over a stated range — the indicator's range in
``missing_ranges`` when the scenario gives one (in the units the methods see, after
transforms), else the range the other alternatives show for that indicator — and ranks the
alternatives again at the scenario's weights. The rank interval of an alternative is the
5th–95th percentile of its rank over the draws (SMAA's rank counts: ties in a draw are
broken by alternative order). Vectorised over draws and alternatives; seeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.preprocess import IndicatorCoverage
from mcda_citydip.sensitivity.sampling import Sampler, fixed_weights, missing_cell_draws
from mcda_citydip.sensitivity.smaa import rank_acceptability

INTERVAL_DRAWS = 1000
INTERVAL_SEED = 0
PERCENTILES = (0.05, 0.95)


class RankIntervals(Struct, frozen=True):
    """Per method, each alternative's 5th–95th percentile rank over the missing-cell draws."""

    intervals: Mapping[str, Mapping[str, tuple[int, int | None]]]
    draws: int
    seed: int
    cells: int
    ranges: Mapping[str, tuple[float, float]]

    def conventions(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "percentiles": [100 * p for p in PERCENTILES],
            "cells": self.cells,
            "ranges": {k: list(v) for k, v in self.ranges.items()},
            "rule": "each missing or imputed cell uniform over its indicator's range "
            "(missing_ranges, else the other alternatives' min–max), weights fixed; ranks "
            "by score, ties by alternative order",
        }

    def to_data(self) -> dict[str, Any]:
        return {
            "rank_intervals": {
                m: {a: list(v) for a, v in found.items()} for m, found in self.intervals.items()
            },
            "rank_interval_conventions": self.conventions(),
        }


def missing_cells(
    problem: Problem,
    coverage: Sequence[IndicatorCoverage],
    given: Mapping[str, tuple[float, float]],
    cells_given: Mapping[str, Mapping[str, tuple[float, float]]] | None = None,
) -> tuple[np.ndarray, FloatArray, FloatArray, dict[str, tuple[float, float]]] | None:
    """The cells filled by a policy, each one's range (``m × n`` low and high: the cell's own
    range, else its indicator's, else the others' min–max), and the indicator ranges used;
    ``None`` when no cell was filled."""
    m, n = problem.matrix.shape
    cells = np.zeros((m, n), dtype=bool)
    column = {c: j for j, c in enumerate(problem.criteria)}
    row = {a: i for i, a in enumerate(problem.alternatives)}
    low, high = problem.matrix.astype(float), problem.matrix.astype(float)
    ranges: dict[str, tuple[float, float]] = {}
    for found in coverage:
        if not found.imputed or found.indicator not in column:
            continue
        j = column[found.indicator]
        rows = [row[a] for a in found.imputed]
        cells[rows, j] = True
        observed = np.delete(problem.matrix[:, j], rows)
        lo, hi = given.get(
            found.indicator,
            (float(observed.min()), float(observed.max())) if observed.size else (0.0, 0.0),
        )
        low[rows, j], high[rows, j] = lo, hi
        own = (cells_given or {}).get(found.indicator, {})
        for name, (cell_lo, cell_hi) in own.items():
            if name in row and cells[row[name], j]:
                low[row[name], j], high[row[name], j] = cell_lo, cell_hi
        ranges[found.indicator] = (lo, hi)
    if not cells.any():
        return None
    return cells, low, high, ranges


def _percentile_ranks(counts: np.ndarray, draws: int) -> list[tuple[int, int | None]]:
    """From rank counts (alternatives × ranks kept) the 5th and 95th percentile ranks
    (1-based); ``None`` for a percentile beyond the ranks kept (many alternatives)."""
    shares = np.cumsum(counts, axis=1) / draws  # non-decreasing along each row
    kept = counts.shape[1]
    low = (shares < PERCENTILES[0] - 1e-12).sum(axis=1) + 1  # = searchsorted, every row
    high = (shares < PERCENTILES[1] - 1e-12).sum(axis=1) + 1
    return [
        (int(lo), int(hi) if hi <= kept else None)
        for lo, hi in zip(low.tolist(), high.tolist(), strict=True)
    ]


def rank_intervals(
    problem: Problem,
    weights: FloatArray,
    coverage: Sequence[IndicatorCoverage],
    methods: Mapping[str, Mapping[str, Any]],
    given: Mapping[str, tuple[float, float]],
    draws: int = INTERVAL_DRAWS,
    seed: int = INTERVAL_SEED,
    cells_given: Mapping[str, Mapping[str, tuple[float, float]]] | None = None,
) -> RankIntervals | None:
    """Rank intervals of every method (module notes); ``None`` when no cell was filled."""
    found = missing_cells(problem, coverage, given, cells_given)
    if found is None:
        return None
    cells, low, high, ranges = found
    values: Sampler = missing_cell_draws(problem.matrix, cells, low, high)
    intervals = {}
    for method, options in methods.items():
        counts = rank_acceptability(
            problem, method, options, fixed_weights(weights), draws, seed, value_uncertainty=values
        )
        pairs = _percentile_ranks(counts, draws)
        intervals[method] = dict(zip(problem.alternatives, pairs, strict=True))
    return RankIntervals(intervals, draws, seed, int(cells.sum()), ranges)
