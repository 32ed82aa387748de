"""TOPSIS (Hwang & Yoon 1981), vectorised over alternatives.

``C_i = D_i⁻ / (D_i⁺ + D_i⁻)`` with ``D⁺``/``D⁻`` the Euclidean distances of the weighted
normalised row to the ideal and anti-ideal points. Vector normalisation
``r_ij = x_ij / ‖x_j‖`` is the default, as in the textbook (pymcdm defaults to min-max);
``min-max`` maps each column onto [0, 1] with the best value at 1.

Both kernels first scale every column by a power of two (:func:`~mcda_citydip.ranking.common
.unit_columns`): exact, and no square or difference can then overflow or underflow, so the
ranking is the same for a column and that column × 10^k anywhere in the float range.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.common import degenerate_notes, unit_columns
from mcda_citydip.ranking.result import RankResult

BoolArray = npt.NDArray[np.bool_]


def vector_scale(matrix: FloatArray, benefit: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Per-column scale and offset of vector normalisation: ``r = x / ‖x‖``.

    An all-zero column gets scale 0 (it then contributes no distance). ``‖x‖²`` overflows
    above about 1e154 and underflows below 1e-154: pass ``unit_columns(matrix)``.
    """
    norms = np.sqrt(np.einsum("ij,ij->j", matrix, matrix))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return scale, np.zeros_like(scale)


def minmax_scale(matrix: FloatArray, benefit: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Per-column scale and offset of min-max normalisation, best value → 1, worst → 0.

    Benefit: ``(x − min)/(max − min)``; cost: ``(max − x)/(max − min)``; a constant column → 0.
    ``max − min`` can overflow (1e308 and −1e308): pass ``unit_columns(matrix)``.
    """
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    span = high - low
    inverse = np.divide(1.0, span, out=np.zeros_like(span), where=span > 0)
    scale = np.where(benefit, inverse, -inverse)
    offset = np.where(benefit, -low * inverse, high * inverse)
    return scale, offset


NORMALIZATIONS: dict[str, Callable[[FloatArray, BoolArray], tuple[FloatArray, FloatArray]]] = {
    "vector": vector_scale,
    "minmax": minmax_scale,
}


def squared_gaps(x: FloatArray, benefit: BoolArray, normalization: str) -> list[FloatArray]:
    """``(r − r⁺)²`` and ``(r − r⁻)²`` of each normalised matrix of a stack (t × m × n),
    normalised as :data:`NORMALIZATIONS` per matrix (each column scaled by
    :func:`unit_columns` first)."""
    x = unit_columns(x)
    if normalization == "vector":
        norms = np.sqrt(np.einsum("tmn,tmn->tn", x, x))
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        offset, flip = np.zeros_like(scale), ~benefit
    else:
        low, high = x.min(axis=1), x.max(axis=1)
        span = high - low
        inverse = np.divide(1.0, span, out=np.zeros_like(span), where=span > 0)
        scale = np.where(benefit, inverse, -inverse)
        offset, flip = np.where(benefit, -low * inverse, high * inverse), np.zeros_like(benefit)
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
    # Min-max already turned cost columns around; vector normalisation did not.
    flip = ~benefit if normalization == "vector" else np.zeros_like(benefit)
    ideal = np.where(flip, low, high)
    anti = np.where(flip, high, low)
    d_plus = np.sqrt(np.square(weighted - ideal).sum(axis=1))
    d_minus = np.sqrt(np.square(weighted - anti).sum(axis=1))
    total = d_plus + d_minus
    scores: FloatArray = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return scores


def topsis(problem: Problem, weights: FloatArray, normalization: str = "vector") -> RankResult:
    """Rank ``problem``'s alternatives by TOPSIS closeness to the ideal."""
    scores = topsis_scores(problem.matrix, weights, problem.benefit, normalization)
    notes = degenerate_notes(problem, weights)
    if np.all(scores == 0.5) and len(scores) > 1:
        notes.append(
            Message(
                N_("TOPSIS: every alternative is at the ideal and anti-ideal point: all tie (0.5)")
            )
        )
    return RankResult.build(
        "topsis",
        problem.alternatives,
        scores,
        higher_is_better=True,
        conventions={"normalization": normalization, "distance": "euclidean"},
        notes=tuple(notes),
    )
