"""Combining subjective (AHP) and objective weights into one weight vector.

:func:`combine_weights` merges the two by the normalised product of Hwang & Yoon (1981) or
by a convex combination with a stated ``α`` (the objective weights come from
:mod:`mcda_citydip.objective`).

References
----------
Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
Applications*. Lecture Notes in Economics and Mathematical Systems 186, Springer.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mcda_citydip.errors import MethodError
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray
from mcda_citydip.objective import Notes

CombineRule = Literal["product", "linear"]


def _on_simplex(weights: FloatArray, role: str) -> FloatArray:
    vector = np.asarray(weights, dtype=np.float64)
    if vector.ndim != 1 or not np.isfinite(vector).all() or (vector < 0).any():
        raise MethodError(
            f"{role}: the weights must be a vector of finite, non-negative numbers",
            parameter=role,
        )
    total = vector.sum()
    if not total > 0:
        raise MethodError(
            f"{role}: the weights sum to 0; give at least one above 0", parameter=role
        )
    normalised: FloatArray = vector / total
    return normalised


def combine_weights(
    subjective: FloatArray,
    objective: FloatArray,
    rule: CombineRule,
    alpha: float | None = None,
) -> tuple[FloatArray, Notes]:
    """Combine subjective (AHP) and objective weights into one weight vector.

    Both inputs are first normalised to sum 1.

    * ``product`` — ``w_j = w_s,j w_o,j / Σ_k w_s,k w_o,k``, the combination of a priori
      weights with entropy weights given with the entropy method by Hwang & Yoon (1981). If every
      product is 0 (no indicator has positive weight in both), the rule is undefined;
      the result is then the plain mean ``(w_s + w_o) / 2`` with a note.
    * ``linear`` — the convex combination ``w = α w_s + (1 − α) w_o`` with
      ``α ∈ [0, 1]`` the share given to the subjective weights (α = 1: AHP only,
      α = 0: data only).

    Returns
    -------
    weights : (n,) array, ≥ 0, summing to 1.
    notes : a note when the product fell back to the mean, else empty.

    Raises
    ------
    MethodError
        Unknown rule; ``linear`` without ``alpha`` in [0, 1]; ``product`` with ``alpha``.
        The vectors differ in length, are negative, non-finite or sum to 0 (``parameter``
        ``subjective`` or ``objective``).
    """
    if rule not in ("product", "linear"):
        raise MethodError(
            f"rule: unknown combine rule {rule!r}; use product or linear", parameter="rule"
        )
    w_s = _on_simplex(subjective, "subjective")
    w_o = _on_simplex(objective, "objective")
    if w_s.shape != w_o.shape:
        raise MethodError(
            f"objective: {w_o.size} objective weights for {w_s.size} subjective weights; "
            "give one per indicator",
            parameter="objective",
        )
    if rule == "linear":
        if alpha is None or not 0.0 <= alpha <= 1.0:
            raise MethodError(
                f"alpha: combine rule linear needs alpha in [0, 1] (got {alpha}): "
                "alpha is the share of the AHP weights, e.g. alpha: 0.6",
                parameter="alpha",
            )
        combined: FloatArray = alpha * w_s + (1.0 - alpha) * w_o
        return combined, ()
    if alpha is not None:
        raise MethodError(
            "alpha: combine rule product takes no alpha: remove alpha, or use rule: linear",
            parameter="alpha",
        )
    product = w_s * w_o
    total = product.sum()
    if total > 0:
        normalised: FloatArray = product / total
        return normalised, ()
    mean: FloatArray = 0.5 * (w_s + w_o)
    return mean, (
        Message(
            N_(
                "combined weights: no indicator has a positive weight in both the subjective "
                "and the objective weights, so their product is 0 everywhere: used the mean "
                "(w_subjective + w_objective) / 2 instead"
            )
        ),
    )
