"""Objective criteria weights from the indicator data, alone or to combine with AHP weights.

Two methods read weights off the decision matrix ``X`` (``m`` alternatives × ``n`` indicators):

* ``entropy`` — Shannon's (1948) entropy of each indicator's shares, used as a measure of
  *contrast intensity* by Zeleny (1982) and in the entropy method of Hwang & Yoon (1981)
  for assessing attribute weights: an indicator on which the alternatives differ more
  carries more information.
* ``critic`` — CRITIC, *CRiteria Importance Through Intercriteria Correlation*
  (Diakoulaki, Mavrotas & Papayannakis 1995): contrast (standard deviation) times conflict
  with the other indicators (one minus correlation).

Both always return finite weights that are ≥ 0 and sum to 1, plus plain-text notes that
name the indicators where the data are degenerate. pymcdm 1.4 returns NaN for a constant
column in CRITIC and raises on any zero in entropy; here those cases have defined weights.

:func:`~mcda_citydip.combination.combine_weights` (:mod:`mcda_citydip.combination`) merges
subjective (AHP) and objective weights by the normalised product of Hwang & Yoon (1981) or by
a convex combination with a stated ``α``.

References
----------
Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
Journal* 27(3):379–423.
Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
Applications*. Lecture Notes in Economics and Mathematical Systems 186, Springer.
Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill, New York.
Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective weights in
multiple criteria problems: the CRITIC method. *Computers & Operations Research*
22(7):763–770.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from mcda_citydip.errors import InputError, MethodError
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import BoolArray, FloatArray, Problem
from mcda_citydip.ranking.common import unit_columns

Notes = tuple[str, ...]

#: Largest total conflict ``Σ_k (1 − r_jk)`` still read as perfect correlation (rounding).
PERFECT_CORRELATION_TOLERANCE = 1e-9


class ObjectiveMethod(Protocol):
    """Signature shared by the objective weighting methods of :data:`OBJECTIVE_METHODS`."""

    def __call__(
        self, matrix: FloatArray, benefit: BoolArray, names: Sequence[str] | None = None
    ) -> tuple[FloatArray, Notes]: ...


# --------------------------------------------------------------------------- helpers


def _checked(
    matrix: FloatArray, benefit: BoolArray, names: Sequence[str] | None, method: str
) -> tuple[FloatArray, tuple[str, ...]]:
    """The matrix as float64 and one label per column; raise on data no method can use."""
    data = np.asarray(matrix, dtype=np.float64)
    if data.ndim != 2 or data.shape[1] == 0:
        raise MethodError(
            f"matrix: {method} weights need an m×n matrix with n ≥ 1, got shape {data.shape}",
            parameter="matrix",
        )
    n = data.shape[1]
    if np.shape(benefit) != (n,):
        raise MethodError(
            f"benefit: has shape {np.shape(benefit)}; give one direction per column ({n},)",
            parameter="benefit",
        )
    if names is not None and len(names) != n:
        raise MethodError(
            f"names: {len(names)} names for {n} columns; give one name per column",
            parameter="names",
        )
    labels = tuple(names) if names is not None else tuple(f"column {j + 1}" for j in range(n))
    if data.shape[0] == 0:
        raise InputError(
            f"{method} weights are computed from the data, but there are no alternatives: "
            "add at least one alternative or give the weights directly"
        )
    unusable = ~np.isfinite(data).all(axis=0)
    if unusable.any():
        raise InputError(
            f"{method} weights: indicator(s) {_join(labels, unusable)} have missing or "
            "infinite values: fill them in or remove the indicator"
        )
    return data, labels


def _join(labels: Sequence[str], mask: npt.ArrayLike) -> str:
    return ", ".join(labels[int(j)] for j in np.flatnonzero(mask))


def _equal(n: int) -> FloatArray:
    return np.full(n, 1.0 / n)


# --------------------------------------------------------------------------- entropy


def entropy_diversity(data: FloatArray) -> FloatArray:
    """Degree of diversification ``d_j = 1 − E_j`` of non-negative columns, ``m ≥ 2``.

    With shares ``p_ij = x_ij / Σ_i x_ij`` and ``E_j = −(1/ln m) Σ_i p_ij ln p_ij``
    (``0 · ln 0 = 0``), ``1 − E_j = (1/ln m) Σ_i p_ij ln(m p_ij)``, the Kullback–Leibler
    divergence of the shares from the uniform distribution, divided by ``ln m``. It is evaluated
    as ``(1/(m ln m)) Σ_i (r ln r − r + 1)`` with ``r = x_ij / x̄_j = m p_ij``: every term
    is ≥ 0, so nearly constant columns lose no digits to the cancellation in ``1 − E_j``.
    A column of zeros has no shares and its value here is meaningless: callers set it to 0.
    """
    m = data.shape[0]
    peak = data.max(axis=0)
    scaled = data / np.where(peak > 0, peak, 1.0)  # guards Σ x against overflow
    mean = scaled.mean(axis=0)
    ratio = scaled / np.where(mean > 0, mean, 1.0)
    positive = ratio > 0
    r_log_r = np.where(positive, ratio * np.log(np.where(positive, ratio, 1.0)), 0.0)
    terms = np.maximum(r_log_r - ratio + 1.0, 0.0)
    divergence: FloatArray = terms.sum(axis=0) / (m * np.log(m))
    return divergence


def entropy_weights(
    matrix: FloatArray, benefit: BoolArray, names: Sequence[str] | None = None
) -> tuple[FloatArray, Notes]:
    """Shannon-entropy weights of the indicators (Hwang & Yoon 1981; Zeleny 1982).

    ``p_ij = x_ij / Σ_i x_ij``, ``E_j = −(1/ln m) Σ_i p_ij ln p_ij`` with ``0 · ln 0 = 0``,
    ``d_j = 1 − E_j``, ``w_j = d_j / Σ_k d_k``.

    Conventions
    -----------
    * **Direction is not used.** Entropy measures how unevenly an indicator spreads over
      the alternatives, which is the same whether more or less is better; ``benefit`` is
      accepted only so that all objective methods share one signature. This is the
      convention of Hwang & Yoon (1981) and of the published examples in the tests (e.g.
      Zavadskas & Podvezko 2016, with cost criteria), and of pymcdm.
    * **Data must be non-negative.** Shares ``x/Σx`` are only meaningful for ratio-scale
      quantities with a true zero; negative values raise :class:`InputError` naming the
      indicators, rather than being silently shifted (any shift changes the weights).
    * Zeros are allowed (``0 · ln 0 = 0``); pymcdm raises on them.

    Degenerate data (never NaN): a constant column has ``d_j = 0`` and weight 0; an
    all-zero column has undefined shares and weight 0; if no column varies, or ``m = 1``,
    the weights are equal (``1/n``). Each case adds a note naming the indicators.

    Parameters
    ----------
    matrix : (m, n) array of finite, non-negative floats.
    benefit : (n,) bool array, True where more is better (unused, see above).
    names : optional indicator names used in notes and errors (default ``column j``).

    Returns
    -------
    weights : (n,) array, ≥ 0, summing to 1.
    notes : plain-text notes on degenerate columns.

    Raises
    ------
    InputError
        No alternatives, missing or infinite values, or negative values.
    """
    data, labels = _checked(matrix, benefit, names, "entropy")
    negative = (data < 0).any(axis=0)
    if negative.any():
        raise InputError(
            f"entropy weights need non-negative data, but indicator(s) "
            f"{_join(labels, negative)} have negative values: entropy compares the shares "
            "x / Σx of a quantity with a true zero; re-express the indicator on such a "
            "scale, or use `weights: critic`, which accepts any values"
        )
    m, n = data.shape
    if m == 1:
        return _equal(n), (
            Message(
                N_(
                    "entropy weights: only one alternative, so the data cannot tell the "
                    "indicators apart: equal weights (1/n)"
                )
            ),
        )
    zero = (data == 0).all(axis=0)
    constant = (np.ptp(data, axis=0) == 0) & ~zero
    diversity = np.where(zero | constant, 0.0, entropy_diversity(data))
    total = diversity.sum()
    if not total > 0:
        return _equal(n), (
            Message(
                N_(
                    "entropy weights: no indicator varies across the alternatives: "
                    "equal weights (1/n)"
                )
            ),
        )
    notes: list[str] = []
    if constant.any():
        notes.append(
            Message(
                N_(
                    "entropy weights: indicator(s) {indicators} have the same value for every "
                    "alternative: weight 0 (they carry no information)"
                ),
                indicators=_join(labels, constant),
            )
        )
    if zero.any():
        notes.append(
            Message(
                N_(
                    "entropy weights: indicator(s) {indicators} are 0 for every alternative: "
                    "weight 0 (their shares x / Σx are undefined)"
                ),
                indicators=_join(labels, zero),
            )
        )
    weights: FloatArray = diversity / total
    return weights, tuple(notes)


# --------------------------------------------------------------------------- CRITIC


def critic_weights(
    matrix: FloatArray, benefit: BoolArray, names: Sequence[str] | None = None
) -> tuple[FloatArray, Notes]:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    Each column is mapped onto [0, 1] relative to its worst and best values,
    ``r_ij = (x_ij − x_j^worst) / (x_j^best − x_j^worst)`` (benefit: ``(x − min)/(max −
    min)``; cost: ``(max − x)/(max − min)``). Then ``σ_j`` is the standard deviation of
    ``r_·j``, ``ρ_jk`` the Pearson correlation of columns ``j`` and ``k``,
    ``C_j = σ_j Σ_k (1 − ρ_jk)`` and ``w_j = C_j / Σ_k C_k``.

    Conventions
    -----------
    * **Direction is used**, as in the paper's ideal-point normalisation: a cost and a
      benefit indicator whose raw values rise together are in conflict (``ρ = −1``).
      pymcdm 1.4 ignores criterion types here and treats every column as a benefit.
    * ``σ_j`` is the population standard deviation (``ddof = 0``); pymcdm uses
      ``ddof = 1``. The choice multiplies every ``C_j`` by the same factor and cancels in
      ``w_j``, and correlations do not depend on it.
    * Any finite values are accepted, including negative ones: the weights do not change
      when a column is shifted or scaled by ``c > 0``.

    Degenerate data (never NaN): a constant column has ``σ_j = 0`` and undefined
    correlations; it gets weight 0 and is left out of the other columns' conflict sums,
    so the remaining weights are those of CRITIC without it. When the varying columns are
    all perfectly positively correlated (in particular when only one varies) their
    conflict is zero and they share the weight equally. If no column varies, or
    ``m = 1``, the weights are equal (``1/n``). Each case adds a note.

    Parameters
    ----------
    matrix : (m, n) array of finite floats.
    benefit : (n,) bool array, True where more is better.
    names : optional indicator names used in notes and errors (default ``column j``).

    Returns
    -------
    weights : (n,) array, ≥ 0, summing to 1.
    notes : plain-text notes on degenerate columns.

    Raises
    ------
    InputError
        No alternatives, or missing or infinite values.
    """
    data, labels = _checked(matrix, benefit, names, "critic")
    data = unit_columns(data)  # CRITIC is scale-invariant per column: no overflow in max − min
    m, n = data.shape
    if m == 1:
        return _equal(n), (
            Message(
                N_(
                    "CRITIC weights: only one alternative, so the data cannot tell the "
                    "indicators apart: equal weights (1/n)"
                )
            ),
        )
    span = np.ptp(data, axis=0)
    varying = span > 0
    if not varying.any():
        return _equal(n), (
            Message(
                N_(
                    "CRITIC weights: no indicator varies across the alternatives: "
                    "equal weights (1/n)"
                )
            ),
        )
    notes: list[str] = []
    if not varying.all():
        notes.append(
            Message(
                N_(
                    "CRITIC weights: indicator(s) {indicators} have the same value for every "
                    "alternative: weight 0, and left out of the correlations"
                ),
                indicators=_join(labels, ~varying),
            )
        )
    columns = data[:, varying]
    scaled = (columns - columns.min(axis=0)) / span[varying]
    scaled = np.where(np.asarray(benefit, dtype=bool)[varying], scaled, 1.0 - scaled)
    centred = scaled - scaled.mean(axis=0)
    sigma = np.sqrt(np.mean(centred**2, axis=0))
    covariance = centred.T @ centred / m
    correlation = np.clip(covariance / np.outer(sigma, sigma), -1.0, 1.0)
    conflict = (1.0 - correlation).sum(axis=1)
    weights = np.zeros(n)
    if conflict.max() <= PERFECT_CORRELATION_TOLERANCE:
        weights[varying] = 1.0 / varying.sum()
        notes.append(
            Message(
                N_(
                    "CRITIC weights: the varying indicator(s) {indicators} are perfectly "
                    "positively correlated, so CRITIC finds no conflict: they share the "
                    "weight equally"
                ),
                indicators=_join(labels, varying),
            )
        )
        return weights, tuple(notes)
    information = sigma * conflict
    weights[varying] = information / information.sum()
    return weights, tuple(notes)


# --------------------------------------------------------------------------- registry

#: The objective weighting methods by name, and a scenario's ``weights:`` rules (``equal``
#: or one of them).
ObjectiveRule = Literal["entropy", "critic"]
WeightsRule = Literal["equal", "entropy", "critic"]

OBJECTIVE_METHODS: dict[str, ObjectiveMethod] = {
    "entropy": entropy_weights,
    "critic": critic_weights,
}


def objective_weights(problem: Problem, method: str) -> tuple[FloatArray, Notes]:
    """Objective weights of ``problem``'s indicators by the named method, with notes.

    Raises
    ------
    MethodError
        ``method`` is not a key of :data:`OBJECTIVE_METHODS`.
    """
    if method not in OBJECTIVE_METHODS:
        raise MethodError(
            f"method: unknown objective weighting method {method!r}; use one of: "
            f"{', '.join(sorted(OBJECTIVE_METHODS))}",
            parameter="method",
        )
    return OBJECTIVE_METHODS[method](problem.matrix, problem.benefit, problem.criteria)
