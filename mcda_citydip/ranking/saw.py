"""SAW, simple additive weighting: the weighted sum model (WSM).

``P_i = Σ_j w_j r_ij`` (higher is better) of the normalised matrix ``r``
(Fishburn 1967; MacCrimmon 1968; Hwang & Yoon 1981, §IV.B.1). Normalisation (option
``normalization``):

* ``max`` (default, Hwang & Yoon's "linear" normalisation, the classic one): benefit
  ``r = x / max_i x``, cost ``r = min_i x / x``; every ``r ≤ 1`` and the best value is 1.
  It needs ``x ≥ 0`` in a benefit column (and a positive maximum) and ``x > 0`` in a cost
  column: other values raise :class:`~mcda_citydip.errors.MethodError` naming the
  indicators (use ``minmax`` for them);
* ``minmax``: benefit ``(x − min)/(max − min)``, cost ``(max − x)/(max − min)``.

A constant column gets ``r = 1`` for every alternative under both (all are at the best
value): it adds the same to every score and cannot change the order. Columns are scaled by
a power of two first (:func:`~mcda_citydip.ranking.common.unit_columns`: exact), so
``max − min`` cannot overflow.

The normalised matrix does not depend on the weights, so for a pair ``A_i`` ahead of ``A_j``
the change ``Δ`` of ``w_k`` alone that makes them tie is ``Δ = (P_i − P_j)/(r_jk − r_ik)``
(Triantaphyllou & Sánchez 1997, Theorem 1, with their ``δ = −Δ``); the critical thresholds of
:mod:`mcda_citydip.sensitivity.thresholds` agree with it (see the tests). SMAA ranks by
``Σ_j w_j (1 − r_ij) = Σ w − P_i`` (≥ 0, lower is better: the order of ``P``).
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.i18n import N_
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.base import (
    Method,
    check_weight_rows,
    check_weight_vector,
    disjoint,
)
from mcda_citydip.ranking.common import degenerate_notes, unit_columns
from mcda_citydip.ranking.result import RankResult

SAW_NORMALIZATIONS = {
    "max": "linear max: benefit x/max, cost min/x (Hwang & Yoon 1981)",
    "minmax": "min-max: benefit (x − min)/(max − min), cost (max − x)/(max − min)",
}


def _bad_columns(x: FloatArray, benefit: BoolArray) -> BoolArray:
    """Columns (any matrix of a stack) that linear max normalisation cannot take: a
    non-constant column with a negative value, a non-positive maximum (benefit) or a value
    ≤ 0 (cost)."""
    low, high = x.min(axis=-2), x.max(axis=-2)
    varies = low != high
    bad = varies & np.where(benefit, (low < 0) | (high <= 0), low <= 0)
    found: BoolArray = bad.reshape(-1, x.shape[-1]).any(axis=0)
    return found


def saw_normalised(
    x: FloatArray,
    benefit: BoolArray,
    normalization: str = "max",
    criteria: tuple[str, ...] | None = None,
) -> FloatArray:
    """``r`` of a matrix or of each matrix of a stack (… × m × n), as the module says."""
    x = unit_columns(x)
    low, high = x.min(axis=-2, keepdims=True), x.max(axis=-2, keepdims=True)
    constant = low == high
    if normalization == "max":
        bad = _bad_columns(x, benefit)
        if bad.any():
            names = criteria or tuple(f"column {j + 1}" for j in range(x.shape[-1]))
            raise MethodError(
                "SAW: its linear max normalisation (x/max, min/x) needs values ≥ 0 in benefit "
                "and > 0 in cost indicators; not so in "
                f"{', '.join(n for n, b in zip(names, bad, strict=True) if b)}; "
                "use SAW's normalization 'minmax' (scenario: methods: {saw: {normalization: "
                "minmax}})",
                parameter="normalization",
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(benefit, x / high, low / x)
    else:
        span = high - low
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(benefit, (x - low) / span, (high - x) / span)
    normalised: FloatArray = np.where(constant, 1.0, ratio)
    return normalised


class SawSweep(Struct, frozen=True):
    """SAW scores of every alternative at shares ``t`` of one sweep: ``t·Σ_G p_j r_ij +
    (1 − t)·Σ_rest q_j r_ij``, two numbers per alternative computed once per sweep."""

    sum_in: FloatArray
    sum_out: FloatArray

    pair_bytes = 8 * 8  # per pair: its share and two parts of two alternatives

    def __call__(self, shares: FloatArray) -> FloatArray:
        t = np.asarray(shares, dtype=float)[:, None]
        scores: FloatArray = t * self.sum_in + (1.0 - t) * self.sum_out
        return scores

    def pairs_at(
        self, shares: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """The scores of ``leaders[p]`` and ``rivals[p]`` at ``shares[p]`` (the same
        operations as a row's)."""
        t = np.asarray(shares, dtype=float)
        u = 1.0 - t
        return (
            t * self.sum_in[leaders] + u * self.sum_out[leaders],
            t * self.sum_in[rivals] + u * self.sum_out[rivals],
        )


class SAW(Method):
    """Simple additive weighting (the weighted sum model): ``P = Σ w r`` (higher is
    better); option ``normalization``: ``max`` (default) or ``minmax``."""

    name = "saw"
    label = "SAW"
    reference = (
        "weighted sum model: Fishburn (1967), MacCrimmon (1968); Hwang & Yoon (1981) "
        "Multiple Attribute Decision Making, Springer, §IV.B.1"
    )
    higher_is_better = True
    score_name = N_("weighted sum")
    score_short = N_("weighted sum")
    columns = ("score",)
    defaults = MappingProxyType({"normalization": "max"})
    choices = MappingProxyType({"normalization": tuple(SAW_NORMALIZATIONS)})
    compared = False  # method agreement includes SAW only when it was run

    @property
    def normalization(self) -> str:
        value: str = self._options["normalization"]
        return value

    def normalised(
        self, matrix: FloatArray, benefit: BoolArray, criteria: tuple[str, ...] | None = None
    ) -> FloatArray:
        return saw_normalised(matrix, benefit, self.normalization, criteria)

    def rank(self, problem: Problem, weights: FloatArray) -> RankResult:
        weights = check_weight_vector(weights, len(problem.criteria))
        r = self.normalised(problem.matrix, problem.benefit, problem.criteria)
        scores = r @ weights
        notes = degenerate_notes(problem, weights)
        return RankResult.build(
            self.name,
            problem.alternatives,
            scores,
            higher_is_better=True,
            conventions={
                "normalization": self.normalization,
                "normalized": SAW_NORMALIZATIONS[self.normalization],
                "constant_indicator": "r = 1 for every alternative",
            },
            notes=tuple(notes),
        )

    def batch(self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        check_weight_rows(weights, matrix.shape[1])
        scores: FloatArray = weights @ self.normalised(matrix, benefit).T
        return scores

    def fixed_parts(self, matrix: FloatArray, benefit: BoolArray) -> FloatArray:
        """``(1 − r)ᵀ`` (n × m): each alternative's shortfall from the best value."""
        return np.ascontiguousarray((1.0 - self.normalised(matrix, benefit)).T)

    def keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        keys: FloatArray = np.maximum(weights @ parts, 0.0) + 0.0  # never −0.0: keys are bits
        return keys

    def perturbed_keys(self, x: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        try:
            shortfall = 1.0 - self.normalised(x, benefit)
        except MethodError as exc:
            raise MethodError(
                "values: a value draw gave a value SAW's linear max normalisation cannot take "
                f"({exc}); use a smaller range or the uniform shape",
                parameter="values",
            ) from exc
        keys: FloatArray = np.maximum(np.einsum("tmn,tcn->tcm", shortfall, weights), 0.0) + 0.0
        return keys

    def sweep(
        self, matrix: FloatArray, benefit: BoolArray, sweep: tuple[FloatArray, FloatArray]
    ) -> SawSweep:
        inside, outside = disjoint(sweep)
        r = self.normalised(matrix, benefit)
        return SawSweep(r @ inside, r @ outside)


def saw(problem: Problem, weights: FloatArray, normalization: str = "max") -> RankResult:
    """Rank ``problem``'s alternatives by their weighted sum (SAW)."""
    return SAW(normalization=normalization).rank(problem, weights)
