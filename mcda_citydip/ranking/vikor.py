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

Many weight vectors at once: with ``f = (f* − x)/(f* − f⁻)`` fixed, ``S = w · fᵀ`` and
``R = max_j w_j f_ij`` (:func:`regret_max`, one criterion at a time), and ``Q`` in place
(:func:`vikor_q`). SMAA ranks every draw by ``Q`` alone (no acceptance conditions).
"""

from __future__ import annotations

from functools import cached_property
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
    unit_share,
)
from mcda_citydip.ranking.common import degenerate_notes, unit_columns
from mcda_citydip.ranking.result import TIE_TOLERANCE, RankResult, rank_values

VIKOR_RANKS = "by Q alone in every draw (no acceptance conditions, no compromise set)"
FRONT_TOLERANCE = 1e-9  # S and R lie in [0, 1]; round-off in them is ~1e-16 per criterion


def regret_matrix(x: FloatArray, benefit: BoolArray) -> FloatArray:
    """``(f* − x)/(f* − f⁻)`` of a matrix or a stack of them (… × m × n); 0 in a constant
    column. Each column is scaled by :func:`unit_columns` first (exact; no overflow)."""
    x = unit_columns(x)
    high, low = x.max(axis=-2, keepdims=True), x.min(axis=-2, keepdims=True)
    best = np.where(benefit, high, low)
    span = np.where(benefit, high - low, low - high)
    result: FloatArray = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    return result


def regrets(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray
) -> tuple[FloatArray, FloatArray]:
    """Group utility ``S`` and individual regret ``R`` of every alternative."""
    terms = regret_matrix(matrix, benefit) * weights
    return terms.sum(axis=1), terms.max(axis=1)


#: Values of ``R`` worked on at once by :func:`regret_max` (256 KiB of float64): a block of
#: rows and its products stay in the core's cache over the n criteria, 1.4 times faster than
#: whole k × m arrays at 500 alternatives (same operations, so the same bits).
REGRET_BLOCK = 2**15


def regret_max(
    weights: FloatArray, regrets_t: FloatArray, out: FloatArray | None = None
) -> FloatArray:
    """``R = max_j w_j f_ij`` of every row of ``weights`` (k × n), with ``regrets_t`` the
    regrets transposed (n × m): one criterion at a time over blocks of rows
    (:data:`REGRET_BLOCK` values), no k × m × n temporary. Into ``out`` (k × m) when given."""
    m = regrets_t.shape[1]
    peaks = np.empty((len(weights), m)) if out is None else out
    rows = max(1, REGRET_BLOCK // max(m, 1))
    product = np.empty((min(rows, len(weights)), m))
    for start in range(0, len(weights), rows):
        part, block = weights[start : start + rows], peaks[start : start + rows]
        scratch = product[: len(part)]
        np.multiply(part[:, :1], regrets_t[0], out=block)
        for j in range(1, weights.shape[1]):
            np.multiply(part[:, j : j + 1], regrets_t[j], out=scratch)
            np.maximum(block, scratch, out=block)
    return peaks


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


def vikor_q(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    """``Q = v·S̃ + (1 − v)·R̃`` (Opricovic & Tzeng 2004), S̃ and R̃ scaled to [0, 1] along
    the last axis (0 where all tie), in place in ``s`` (and ``r``)."""
    unit_interval(s, out=s)
    s *= v
    unit_interval(r, out=r)
    r *= 1.0 - v
    s += r
    return s


def q_index(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    """``Q = v·S̃ + (1 − v)·R̃`` of copies of ``s`` and ``r`` (:func:`vikor_q`)."""
    return vikor_q(np.array(s, dtype=float), np.array(r, dtype=float), v)


class Compromise(Struct, frozen=True):
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


def vikor_batch(
    matrix: FloatArray, weights: FloatArray, benefit: BoolArray, v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """VIKOR S, R and Q for each row of ``weights`` (each k × m)."""
    f = regret_matrix(matrix, benefit)
    s = weights @ f.T
    r = regret_max(weights, f.T)
    q = q_index(s, r, v)
    return s, r, q


class VikorSweep(Struct, frozen=True, dict=True):
    """VIKOR ``−Q`` of every alternative at shares ``t`` of one sweep, from four numbers per
    alternative computed once per sweep: ``S_i(t) = t·S_i(inside) + (1 − t)·S_i(outside)``
    and ``R_i(t) = max(t·R_i(inside), (1 − t)·R_i(outside))`` (the two parts of the weights
    have disjoint supports), instead of ``max_j`` over every criterion at every share."""

    sum_in: FloatArray
    sum_out: FloatArray
    max_in: FloatArray
    max_out: FloatArray
    v: float

    @cached_property
    def by_sum(self) -> IntArray:
        """The alternatives that can hold the lowest or highest ``S`` (:func:`fronts`; only a
        bisection needs them, so they are found on first use)."""
        return fronts(self.sum_in, self.sum_out)

    @cached_property
    def by_max(self) -> IntArray:
        """… and ``R``."""
        return fronts(self.max_in, self.max_out)

    @property
    def pair_bytes(self) -> int:
        """Working memory per pair: ``S`` and ``R`` of the candidates and of the pair."""
        return 8 * (2 * (len(self.by_sum) + len(self.by_max)) + 24)

    def _sums(self, t: FloatArray, rows: IntArray | slice) -> FloatArray:
        """``S`` of ``rows`` at shares ``t`` (broadcast against them)."""
        sums: FloatArray = t * self.sum_in[rows] + (1.0 - t) * self.sum_out[rows]
        return sums

    def _peaks(self, t: FloatArray, rows: IntArray | slice) -> FloatArray:
        """``R`` of ``rows`` at shares ``t`` (broadcast against them)."""
        peaks: FloatArray = np.maximum(t * self.max_in[rows], (1.0 - t) * self.max_out[rows])
        return peaks

    def __call__(self, shares: FloatArray) -> FloatArray:
        t = np.asarray(shares, dtype=float)[:, None]
        everyone = slice(None)
        q = vikor_q(self._sums(t, everyone), self._peaks(t, everyone), self.v)
        scores: FloatArray = np.negative(q, out=q)
        return scores

    def pairs_at(
        self, shares: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        """``−Q`` of ``leaders[p]`` and ``rivals[p]`` at ``shares[p]``: ``S`` and ``R`` scaled
        by their lowest and highest values, which the candidates hold (the fronts: ``S`` and
        ``R`` are non-decreasing in both parts, rounding included); the same operations as
        a row's, so the same numbers as its columns, in O(candidates) per pair."""
        share = np.asarray(shares, dtype=float)
        s, r = np.empty((len(share), 4)), np.empty((len(share), 4))
        for column, rows in enumerate((leaders, rivals)):
            s[:, column], r[:, column] = self._sums(share, rows), self._peaks(share, rows)
        sums, peaks = (
            self._sums(share[:, None], self.by_sum),
            self._peaks(share[:, None], self.by_max),
        )
        s[:, 2], s[:, 3] = sums.min(axis=1), sums.max(axis=1)
        r[:, 2], r[:, 3] = peaks.min(axis=1), peaks.max(axis=1)
        q = vikor_q(s, r, self.v)
        return -q[:, 0], -q[:, 1]


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


def fronts(inside: FloatArray, outside: FloatArray) -> IntArray:
    """The alternatives on the lower or the upper Pareto front of their two parts: those
    that can hold the lowest or the highest of a quantity non-decreasing in both parts.

    Along a sweep ``w(t) = t·inside + (1 − t)·outside``, ``t ∈ [0, 1]``, VIKOR's
    ``S_i(t) = t S_i(inside) + (1 − t) S_i(outside)`` and ``R_i(t) = max(t R_i(inside),
    (1 − t) R_i(outside))`` are such quantities (rounding is monotone too): an alternative
    beaten on both parts by another is never the lowest, and one beating on neither is
    never the highest. For random data a few alternatives each, at most m."""
    either = _lower_front(inside, outside) | _lower_front(-inside, -outside)
    return np.flatnonzero(either).astype(np.int64)


class VIKOR(Method):
    """VIKOR's Q (lower is better) with the compromise set; option ``v`` in [0, 1]
    (default 0.5, "by consensus")."""

    name = "vikor"
    label = "VIKOR"
    reference = "Opricovic & Tzeng (2004) EJOR 156(2):445–455"
    higher_is_better = False
    score_name = "Q"  # a symbol: not translated
    score_short = "Q"
    columns = ("Q", "S", "R", "compromise")
    defaults = MappingProxyType({"v": 0.5})
    smaa_conventions = MappingProxyType({"vikor_ranks": VIKOR_RANKS})

    def check_options(self, options: Any) -> None:
        unit_share(options["v"], "v", self.label)

    @property
    def v(self) -> float:
        """The option ``v``; −0.0 as +0.0: ``v·S̃`` would be −0.0 for every alternative, and
        ``Q`` would keep the sign of a zero regret term, which orders keys by bits."""
        return float(self._options["v"]) + 0.0

    def rank(self, problem: Problem, weights: FloatArray) -> RankResult:
        weights = check_weight_vector(weights, len(problem.criteria))
        s, r = regrets(problem.matrix, weights, problem.benefit)
        q = q_index(s, r, self.v)
        result = compromise(s, r, q)
        notes = degenerate_notes(problem, weights)
        if len(s) > 1 and all_tied(s):
            notes.append(
                Message(N_("VIKOR: every alternative has the same S: Q depends on R alone"))
            )
        if len(r) > 1 and all_tied(r):
            notes.append(
                Message(N_("VIKOR: every alternative has the same R: Q depends on S alone"))
            )
        names = problem.alternatives
        m = len(names)
        return RankResult.build(
            self.name,
            names,
            q,
            higher_is_better=False,
            conventions={
                "v": self.v,
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

    def batch(self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        """``−Q`` (higher is better), computed in place in ``S`` (k × m arrays are large)."""
        check_weight_rows(weights, matrix.shape[1])
        f = regret_matrix(matrix, benefit)
        s = weights @ f.T
        q = vikor_q(s, regret_max(weights, f.T), self.v)
        scores: FloatArray = np.negative(q, out=q)
        return scores

    def fixed_parts(self, matrix: FloatArray, benefit: BoolArray) -> FloatArray:
        """The regrets transposed, ``fᵀ`` (n × m)."""
        return np.ascontiguousarray(regret_matrix(matrix, benefit).T)

    def keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        """``Q`` (k × m); ``R`` a block of rows at a time, so that it and its products stay
        in the L2 cache."""
        m = parts.shape[1]
        s = weights @ parts
        r = np.empty_like(s)
        rows = max(1, 2**15 // m)
        for start in range(0, len(weights), rows):
            regret_max(weights[start : start + rows], parts, out=r[start : start + rows])
        return vikor_q(s, r, self.v)

    def compiled_keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        """``Q``: ``S`` from BLAS as in :meth:`keys`, ``R`` and ``Q`` compiled."""
        from mcda_citydip.compiled import vikor_q as compiled_q

        return compiled_q(weights @ parts, weights, parts, self.v)

    def perturbed_keys(self, x: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        f = regret_matrix(x, benefit)
        s = np.einsum("tmn,tcn->tcm", f, weights)
        r = (f[:, None, :, :] * weights[:, :, None, :]).max(axis=3)
        return vikor_q(s, r, self.v)

    def sweep(
        self, matrix: FloatArray, benefit: BoolArray, sweep: tuple[FloatArray, FloatArray]
    ) -> VikorSweep:
        inside, outside = disjoint(sweep)
        f = regret_matrix(matrix, benefit)
        s_in, s_out = f @ inside, f @ outside
        r_in, r_out = (f * inside).max(axis=1), (f * outside).max(axis=1)
        return VikorSweep(s_in, s_out, r_in, r_out, self.v)

    def extreme_rows(
        self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray
    ) -> BoolArray:
        """The alternatives holding the best or worst ``S`` or ``R`` (they scale ``Q``)."""
        s, r, _ = vikor_batch(matrix, weights[None, :], benefit, self.v)
        extreme = np.zeros(len(matrix), dtype=bool)
        for values in (s[0], r[0]):
            extreme |= np.isclose(values, values.min(), rtol=1e-9, atol=1e-12)
            extreme |= np.isclose(values, values.max(), rtol=1e-9, atol=1e-12)
        return extreme


def vikor(problem: Problem, weights: FloatArray, v: float = 0.5) -> RankResult:
    """Rank ``problem``'s alternatives by VIKOR Q (lower is better)."""
    return VIKOR(v=v).rank(problem, weights)
