"""VIKOR with the compromise solution of Opricovic & Tzeng (2004).

Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
analysis of VIKOR and TOPSIS. EJOR 156(2):445–455, §3.1:

* ``S_i = Σ_j w_j (f*_j − f_ij)/(f*_j − f⁻_j)``, ``R_i = max_j`` of the same terms;
* ``Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*)``, lower is better;
* C1 acceptable advantage ``Q(a″) − Q(a′) ≥ DQ = 1/(m − 1)``; C2 acceptable stability:
  ``a′`` is also best by S or by R. Compromise set: ``{a′}`` if both hold; ``{a′, a″}``
  if only C2 fails; ``a′ … a⁽ᴹ⁾`` with ``Q(a⁽ᴹ⁾) − Q(a′) < DQ`` if C1 fails.

A constant indicator contributes 0 to S and R; when all S (or all R) are equal the
S (or R) term of Q is 0. Each case is stated in the notes. Columns are scaled by a power of
two before ``f* − f⁻`` is taken (:func:`~mcda_citydip.ranking.common.unit_columns`: exact, no
overflow for 1e308 and −1e308). C1 and the compromise set compare ``Q`` gaps with ``DQ``
within the tie rule's tolerance (``TIE_TOLERANCE``), as the ranks do: a gap equal to ``DQ``
in exact arithmetic is an acceptable advantage even when round-off puts it just below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.common import degenerate_notes, unit_columns
from mcda_citydip.ranking.result import TIE_TOLERANCE, RankResult, rank_values


def regret_matrix(x: FloatArray, benefit: npt.NDArray[np.bool_]) -> FloatArray:
    """``(f* − x)/(f* − f⁻)`` of a matrix or a stack of them (… × m × n); 0 in a constant
    column. Each column is scaled by :func:`unit_columns` first (exact; no overflow)."""
    x = unit_columns(x)
    high, low = x.max(axis=-2, keepdims=True), x.min(axis=-2, keepdims=True)
    best = np.where(benefit, high, low)
    span = np.where(benefit, high - low, low - high)
    result: FloatArray = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    return result


def regrets(
    matrix: FloatArray, weights: FloatArray, benefit: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """Group utility ``S`` and individual regret ``R`` of every alternative."""
    terms = regret_matrix(matrix, benefit) * weights
    return terms.sum(axis=1), terms.max(axis=1)


def all_tied(values: FloatArray) -> bool:
    """True when every value equals the others up to round-off (the tie rule's tolerance)."""
    scale = max(1.0, float(np.abs(values).max())) if len(values) else 1.0
    return bool(np.ptp(values) <= TIE_TOLERANCE * scale) if len(values) else True


def unit_interval(values: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """``(x − min)/(max − min)`` along the last axis; 0 where all values tie (within the tie
    tolerance). ``out=values`` scales in place."""
    low = values.min(axis=-1, keepdims=True)
    high = values.max(axis=-1, keepdims=True)
    span = high - low
    tied = span <= TIE_TOLERANCE * np.maximum(1.0, np.maximum(np.abs(low), np.abs(high)))
    result: FloatArray = np.subtract(values, low, out=out)
    result /= np.where(tied, np.inf, span)  # x / inf = 0 where all tie
    return result


def q_index(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    """``Q = v·S̃ + (1 − v)·R̃`` with S̃, R̃ scaled to [0, 1] (0 where all tie)."""
    q: FloatArray = v * unit_interval(s) + (1.0 - v) * unit_interval(r)
    return q


@dataclass(frozen=True)
class Compromise:
    members: tuple[int, ...]
    acceptable_advantage: bool
    acceptable_stability: bool


def compromise(s: FloatArray, r: FloatArray, q: FloatArray) -> Compromise:
    """Acceptance conditions C1 and C2 and the compromise set (indices, best Q first).

    A gap within ``TIE_TOLERANCE`` of ``DQ`` counts as ``DQ`` (the tie rule of the ranks):
    C1 holds when ``Q(a″) − Q(a′) ≥ DQ − tol``, and without C1 the set holds the
    alternatives with ``Q − Q(a′) < DQ − tol`` — the same test, so ``a″`` is in the set
    exactly when C1 fails.
    """
    m = len(q)
    order = np.argsort(q, kind="stable")
    if m == 1:
        return Compromise((0,), True, True)
    first = int(order[0])
    threshold = 1.0 / (m - 1) - TIE_TOLERANCE  # DQ ≤ 1 and Q ∈ [0, 1]: absolute tolerance
    advantage = bool(q[order[1]] - q[first] >= threshold)
    stability = bool(
        rank_values(s, higher_is_better=False)[first] == 1
        or rank_values(r, higher_is_better=False)[first] == 1
    )
    if not advantage:
        close = order[q[order] - q[first] < threshold]
        members = tuple(int(i) for i in close)
    elif not stability:
        members = (first, int(order[1]))
    else:
        members = (first,)
    return Compromise(members, advantage, stability)


def vikor(problem: Problem, weights: FloatArray, v: float = 0.5) -> RankResult:
    """Rank ``problem``'s alternatives by VIKOR Q (lower is better)."""
    s, r = regrets(problem.matrix, weights, problem.benefit)
    q = q_index(s, r, v)
    result = compromise(s, r, q)
    notes = degenerate_notes(problem, weights)
    if len(s) > 1 and all_tied(s):
        notes.append(Message(N_("VIKOR: every alternative has the same S: Q depends on R alone")))
    if len(r) > 1 and all_tied(r):
        notes.append(Message(N_("VIKOR: every alternative has the same R: Q depends on S alone")))
    names = problem.alternatives
    m = len(names)
    return RankResult.build(
        "vikor",
        names,
        q,
        higher_is_better=False,
        conventions={
            "v": v,
            "normalization": "linear (f* − f)/(f* − f⁻)",
            "DQ": 1.0 / (m - 1) if m > 1 else None,
        },
        extras={"S": s, "R": r, "Q": q},
        flags={
            "acceptable_advantage": result.acceptable_advantage,
            "acceptable_stability": result.acceptable_stability,
            "compromise_set": [names[i] for i in result.members],
        },
        notes=tuple(notes),
    )
