"""TOPSIS (Hwang & Yoon 1981), vectorised over alternatives and over weight vectors.

``C_i = D_i⁻ / (D_i⁺ + D_i⁻)`` with ``D⁺``/``D⁻`` the Euclidean distances of the weighted
normalised row to the ideal and anti-ideal points. Vector normalisation
``r_ij = x_ij / ‖x_j‖`` is the default, as in the textbook (pymcdm defaults to min-max);
``min-max`` maps each column onto [0, 1] with the best value at 1.

Every kernel first scales each column by a power of two (:func:`~mcda_citydip.ranking.common
.unit_columns`): exact, and no square or difference can then overflow or underflow, so the
ranking is the same for a column and that column × 10^k anywhere in the float range.

Many weight vectors at once: with ``r`` the normalised matrix and ``r⁺``/``r⁻`` its column
ideal and anti-ideal (weights are non-negative, so the weighted ideal is ``w · r⁺``),
``(D⁺)² = (w²) · ((r − r⁺)²)ᵀ`` — one matrix product per distance (:func:`squared_gaps`).
SMAA ranks by ``(D⁺/D⁻)²``, which orders the alternatives as the closeness does.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.base import (
    Method,
    check_weight_rows,
    check_weight_vector,
    disjoint,
)
from mcda_citydip.ranking.common import degenerate_notes, unit_columns
from mcda_citydip.ranking.result import RankResult


def vector_scale(matrix: FloatArray, benefit: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Per-column scale and offset of vector normalisation: ``r = x / ‖x‖`` (of a matrix,
    or of each matrix of a stack ``… × m × n``).

    An all-zero column gets scale 0 (it then contributes no distance). ``‖x‖²`` overflows
    above about 1e154 and underflows below 1e-154: pass ``unit_columns(matrix)``.
    """
    norms = np.sqrt(np.einsum("...ij,...ij->...j", matrix, matrix))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return scale, np.zeros_like(scale)


def minmax_scale(matrix: FloatArray, benefit: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Per-column scale and offset of min-max normalisation, best value → 1, worst → 0.

    Benefit: ``(x − min)/(max − min)``; cost: ``(max − x)/(max − min)``; a constant column → 0.
    ``max − min`` can overflow (1e308 and −1e308): pass ``unit_columns(matrix)``.
    """
    low, high = matrix.min(axis=-2), matrix.max(axis=-2)
    span = high - low
    inverse = np.divide(1.0, span, out=np.zeros_like(span), where=span > 0)
    scale = np.where(benefit, inverse, -inverse)
    offset = np.where(benefit, -low * inverse, high * inverse)
    return scale, offset


NORMALIZATIONS: dict[str, Callable[[FloatArray, BoolArray], tuple[FloatArray, FloatArray]]] = {
    "vector": vector_scale,
    "minmax": minmax_scale,
}
#: Normalisations that leave cost columns pointing down (their ideal is the column minimum).
COST_POINTS_DOWN = frozenset({"vector"})


def _flip(benefit: BoolArray, normalization: str) -> BoolArray:
    """Columns whose ideal is the lowest normalised value."""
    flip: BoolArray = ~benefit if normalization in COST_POINTS_DOWN else np.zeros_like(benefit)
    return flip


def squared_gaps(x: FloatArray, benefit: BoolArray, normalization: str) -> list[FloatArray]:
    """``(r − r⁺)²`` and ``(r − r⁻)²`` of each normalised matrix of a stack (t × m × n),
    normalised as :data:`NORMALIZATIONS` per matrix (each column scaled by
    :func:`unit_columns` first)."""
    x = unit_columns(x)
    scale, offset = NORMALIZATIONS[normalization](x, benefit)
    flip = _flip(benefit, normalization)
    r = x * scale[:, None, :] + offset[:, None, :]
    high_r, low_r = r.max(axis=1, keepdims=True), r.min(axis=1, keepdims=True)
    ideal, anti = np.where(flip, low_r, high_r), np.where(flip, high_r, low_r)
    return [np.square(r - ideal), np.square(r - anti)]


def topsis_scores(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, normalization: str = "vector"
) -> FloatArray:
    """Closeness coefficients in [0, 1] (higher is better).

    Where an alternative is at both the ideal and the anti-ideal point (every weighted
    indicator constant), its closeness is 0.5: all alternatives tie. Columns are scaled by
    :func:`unit_columns` first (exact; no overflow or underflow).
    """
    matrix = unit_columns(matrix)
    scale, offset = NORMALIZATIONS[normalization](matrix, benefit)
    weighted = matrix * (weights * scale) + weights * offset
    high, low = weighted.max(axis=0), weighted.min(axis=0)
    flip = _flip(benefit, normalization)
    ideal = np.where(flip, low, high)
    anti = np.where(flip, high, low)
    d_plus = np.sqrt(np.square(weighted - ideal).sum(axis=1))
    d_minus = np.sqrt(np.square(weighted - anti).sum(axis=1))
    total = d_plus + d_minus
    scores: FloatArray = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return scores


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


def ratio_keys(p: FloatArray, q: FloatArray) -> FloatArray:
    """TOPSIS key ``(D⁺/D⁻)²``; ``0/0`` (at the ideal and anti-ideal) is closeness 0.5."""
    with np.errstate(divide="ignore", invalid="ignore"):
        keys: FloatArray = np.divide(p, q)
    keys[np.isnan(keys)] = 1.0
    return keys


class TopsisSweep(Struct, frozen=True):
    """TOPSIS closeness of every alternative at shares ``t`` of one sweep. The weights
    ``t·p`` (the group) and ``(1 − t)·q`` (the rest) have disjoint supports, so
    ``D⁺² = t²·Σ p_j² g⁺_ij + (1 − t)²·Σ q_j² g⁺_ij`` (``g⁺`` the squared gaps to the ideal),
    and likewise ``D⁻²``: four numbers per alternative, computed once per sweep."""

    ideal_in: FloatArray
    ideal_out: FloatArray
    anti_in: FloatArray
    anti_out: FloatArray

    pair_bytes = 8 * 16  # per pair: its share, squares and four parts of two alternatives

    def __call__(self, shares: FloatArray) -> FloatArray:
        t2 = np.square(np.asarray(shares, dtype=float))[:, None]
        u2 = np.square(1.0 - np.asarray(shares, dtype=float))[:, None]
        return self._closeness(t2, u2, slice(None))

    def pairs_at(
        self, shares: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """The closeness of ``leaders[p]`` and ``rivals[p]`` at ``shares[p]``: the same
        operations on their parts only, so the same numbers as the columns of a row."""
        t2 = np.square(np.asarray(shares, dtype=float))
        u2 = np.square(1.0 - np.asarray(shares, dtype=float))
        return self._closeness(t2, u2, leaders), self._closeness(t2, u2, rivals)

    def _closeness(self, t2: FloatArray, u2: FloatArray, rows: IntArray | slice) -> FloatArray:
        d_plus = _root(t2 * self.ideal_in[rows] + u2 * self.ideal_out[rows])
        d_minus = _root(t2 * self.anti_in[rows] + u2 * self.anti_out[rows])
        total = np.add(d_plus, d_minus, out=d_plus)
        apart = total > 0
        scores: FloatArray = np.divide(d_minus, total, out=d_minus, where=apart)
        scores[~apart] = 0.5
        return scores


class TOPSIS(Method):
    """TOPSIS closeness to the ideal (higher is better); option ``normalization``:
    ``vector`` (default, the textbook's) or ``minmax``."""

    name = "topsis"
    label = "TOPSIS"
    reference = "Hwang & Yoon (1981) Multiple Attribute Decision Making, Springer"
    higher_is_better = True
    score_name = N_("closeness coefficient")
    score_short = N_("closeness")
    columns = ("score",)
    defaults = MappingProxyType({"normalization": "vector"})
    choices = MappingProxyType({"normalization": tuple(NORMALIZATIONS)})
    variants = MappingProxyType({"topsis-minmax": MappingProxyType({"normalization": "minmax"})})

    @property
    def normalization(self) -> str:
        value: str = self._options["normalization"]
        return value

    def rank(self, problem: Problem, weights: FloatArray) -> RankResult:
        weights = check_weight_vector(weights, len(problem.criteria))
        scores = topsis_scores(problem.matrix, weights, problem.benefit, self.normalization)
        notes = degenerate_notes(problem, weights)
        if np.all(scores == 0.5) and len(scores) > 1:
            notes.append(
                Message(
                    N_(
                        "TOPSIS: every alternative is at the ideal and anti-ideal point: "
                        "all tie (0.5)"
                    )
                )
            )
        conventions: dict[str, Any] = {
            "normalization": self.normalization,
            "distance": "euclidean",
        }
        return RankResult.build(
            self.name,
            problem.alternatives,
            scores,
            higher_is_better=True,
            conventions=conventions,
            notes=tuple(notes),
        )

    def batch(self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        check_weight_rows(weights, matrix.shape[1])
        return topsis_batch(matrix, weights, benefit, self.normalization)

    def fixed_parts(self, matrix: FloatArray, benefit: BoolArray) -> FloatArray:
        """``(r − r⁺)²`` and ``(r − r⁻)²`` side by side, transposed (n × 2m)."""
        parts = np.concatenate(topsis_parts(matrix, benefit, self.normalization)).T
        return np.ascontiguousarray(parts)

    def keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        m = parts.shape[1] // 2
        both = np.square(weights) @ parts
        return ratio_keys(both[:, :m], both[:, m:])

    def perturbed_keys(self, x: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        gaps = squared_gaps(x, benefit, self.normalization)
        p, q = (np.einsum("tmn,tcn->tcm", gap, np.square(weights)) for gap in gaps)
        return ratio_keys(p, q)

    def sweep(
        self, matrix: FloatArray, benefit: BoolArray, sweep: tuple[FloatArray, FloatArray]
    ) -> TopsisSweep:
        inside, outside = (np.square(part) for part in disjoint(sweep))
        to_ideal, to_anti = topsis_parts(matrix, benefit, self.normalization)
        return TopsisSweep(
            to_ideal @ inside, to_ideal @ outside, to_anti @ inside, to_anti @ outside
        )

    @property
    def only_extremes_matter(self) -> bool:
        """Min-max normalisation depends on each column's extremes only; vector
        normalisation on every value (the column's norm)."""
        return self.normalization == "minmax"


def topsis(problem: Problem, weights: FloatArray, normalization: str = "vector") -> RankResult:
    """Rank ``problem``'s alternatives by TOPSIS closeness to the ideal."""
    return TOPSIS(normalization=normalization).rank(problem, weights)
