"""Weight sweeps on the simplex, and where pairs of alternatives stop being ordered along one.

A sweep moves the total weight ``t`` of a group ``G`` of indicators over ``[0, 1]``; inside the
group the indicators keep their proportions and every other weight is rescaled in proportion:

.. math::

    w_j(t) = t \\, w_j / s \\quad (j ∈ G), \\qquad
    w_j(t) = (1 − t) \\, w_j / (1 − s) \\quad (j ∉ G), \\qquad s = Σ_{j∈G} w_j .

:func:`pair_crossings` finds, for many pairs at once, the nearest shares below and above ``s``
at which the higher alternative of a pair is no longer strictly ahead: a scan of
``SCAN_POINTS`` shares per side, then a bisection of each pair's bracket to ``XTOL``. Both
steps run in chunks planned against the memory budget (:mod:`.chunks`): the scan in chunks
of shares × pairs, the bisection in chunks of pairs scored two alternatives at a time by
the scan's own sweep scores (:meth:`~mcda_citydip.ranking.base.SweepScores.pairs_at`: the
same numbers, so the two steps never disagree about a pair). Their peak memory is then bounded
by the budget whatever the number of alternatives or pairs, and the result does not depend
on it: each pair's bracket only ever depends on that pair's scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.base import Method, SweepScores
from mcda_citydip.ranking.methods import get_method
from mcda_citydip.ranking.result import TIE_TOLERANCE
from mcda_citydip.sensitivity.chunks import plan_chunks, plan_scan
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, MIN_SCAN_POINTS, SCAN_WORK

Pairs = tuple[IntArray, IntArray]

XTOL = 1e-10  # bisection tolerance, relative to the current share (absolute when it is 0)
SCAN_POINTS = 1000  # scan points on each side of the current share before bisection


def scan_points(alternatives: int) -> int:
    """Scan points per side for ``alternatives``: ``SCAN_POINTS`` while they fit
    :data:`~.limits.SCAN_WORK`, else fewer, at least :data:`~.limits.MIN_SCAN_POINTS`."""
    if alternatives * SCAN_POINTS <= SCAN_WORK:
        return SCAN_POINTS
    return max(MIN_SCAN_POINTS, SCAN_WORK // max(alternatives, 1))


MAX_BISECTIONS = 200


def check_weights(weights: FloatArray) -> FloatArray:
    """``weights`` as floats after checking they are finite, non-negative and sum to 1."""
    current = np.asarray(weights, dtype=float)
    if current.ndim != 1 or np.any(current < 0) or not np.all(np.isfinite(current)):
        raise ValueError("weights must be a vector of finite non-negative numbers")
    total = current.sum()
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"weights must sum to 1 (they sum to {total})")
    normalised: FloatArray = current / total
    return normalised


def scan_note(alternatives: int) -> list[str]:
    """The note of a scan with fewer than ``SCAN_POINTS`` points (none otherwise)."""
    points = scan_points(alternatives)
    if points == SCAN_POINTS:
        return []
    return [
        Message(
            N_(
                "with {count:,} alternatives the weight scans have {points:,} points per side "
                "({full:,} up to {limit:,} alternatives): a change of order that reverts within "
                "1/{points:,} of a side can be missed"
            ),
            count=alternatives,
            points=points,
            full=SCAN_POINTS,
            limit=SCAN_WORK // SCAN_POINTS,
        )
    ]


def proportions(weights: FloatArray, mask: BoolArray) -> FloatArray:
    """Each masked weight over the masked total (equal shares when that total is 0)."""
    total = weights[mask].sum()
    share = weights / total if total > 0 else np.full_like(weights, 1.0 / mask.sum())
    proportional: FloatArray = np.where(mask, share, 0.0)
    return proportional


def group_mask(size: int, group: Sequence[int]) -> BoolArray:
    inside = np.zeros(size, dtype=bool)
    inside[list(group)] = True
    return inside


def sweep_weights(weights: FloatArray, group: Sequence[int], grid: FloatArray) -> FloatArray:
    """Weight vectors (one row per grid value) giving the ``group`` a total share ``t``.

    Parameters
    ----------
    weights : (n,) array
        Current weights, non-negative, summing to 1 (round-off is renormalised).
    group : sequence of int
        Positions of the indicators that move together (one indicator or a dimension).
    grid : (k,) array
        Total weights ``t`` of the group, each in [0, 1].

    Returns
    -------
    (k, n) array
        ``w_j(t) = t·w_j/s`` inside the group, ``(1 − t)·w_j/(1 − s)`` outside; a zero
        share (inside or outside) is split equally.
    """
    inside, outside = sweep_parts(check_weights(weights), group)
    t = np.asarray(grid, dtype=float)
    if np.any((t < 0) | (t > 1)):
        raise ValueError("grid values are total weights and must lie in [0, 1]")
    result: FloatArray = np.where(
        group_mask(len(inside), group), t[:, None] * inside, (1.0 - t)[:, None] * outside
    )
    return result


def sweep_parts(weights: FloatArray, group: Sequence[int]) -> tuple[FloatArray, FloatArray]:
    """The two parts of the sweep of ``group``: the weights' proportions inside the group
    and outside it (``w(t) = t·inside + (1 − t)·outside``); the group must hold some, but not
    all, of the indicators."""
    inside = group_mask(len(weights), group)
    if not inside.any() or inside.all():
        raise ValueError("the group must hold some, but not all, of the indicators")
    return proportions(weights, inside), proportions(weights, ~inside)


class Scorer(Struct, frozen=True):
    """Scores (k × m, higher is better) of ``problem`` for rows of weights, by ``method``."""

    problem: Problem
    method: Method

    @property
    def alternatives(self) -> int:
        return len(self.problem.alternatives)

    def __call__(self, weight_rows: FloatArray) -> FloatArray:
        problem = self.problem
        return self.method.batch(problem.matrix, weight_rows, problem.benefit)

    def sweep(self, weights: FloatArray, group: Sequence[int]) -> SweepScores:
        """Scores of every alternative at shares of the sweep of ``group``, ``(k,)`` shares
        in, ``k × m`` scores out (:meth:`~mcda_citydip.ranking.base.Method.sweep`: O(m)
        per share for the registered methods, the scores of :func:`sweep_weights` up to
        round-off)."""
        parts = sweep_parts(weights, group)
        return self.method.sweep(self.problem.matrix, self.problem.benefit, parts)


def make_scorer(problem: Problem, method: str, options: Mapping[str, Any] | None) -> Scorer:
    """Scores (k × m, higher is better) of ``problem`` for rows of weights, by the registered
    ``method`` with ``options`` (checked here)."""
    return Scorer(problem, get_method(method, options))


def ahead(lead: FloatArray, rival: FloatArray) -> BoolArray:
    """True where ``lead`` is strictly ahead of ``rival`` under the tie rule's tolerance."""
    result: BoolArray = lead - rival > TIE_TOLERANCE * np.maximum(1.0, np.abs(rival))
    return result


def _not_ahead(lead: FloatArray, rival: FloatArray, within_one: bool) -> BoolArray:
    """``~ahead(lead, rival)``, computed in the two arrays given (they are overwritten).
    ``within_one``: every score is in [−1, 1] (checked per scan), so the tolerance
    ``TIE_TOLERANCE · max(1, |rival|)`` is ``TIE_TOLERANCE`` itself."""
    np.subtract(lead, rival, out=lead)
    if within_one:
        changed: BoolArray = ~np.greater(lead, TIE_TOLERANCE)
        return changed
    np.abs(rival, out=rival)
    np.maximum(rival, 1.0, out=rival)
    rival *= TIE_TOLERANCE
    changed = ~np.greater(lead, rival)
    return changed


def pair_crossings(
    score: Scorer,
    weights: FloatArray,
    group: Sequence[int],
    pairs: Pairs,
    flat: Sequence[float] = (),
    budget: int = MEMORY_BUDGET,
    *,
    nearest: bool | BoolArray = False,
) -> tuple[FloatArray, FloatArray]:
    """Nearest shares below and above the current one at which pairs stop being ordered.

    For each pair ``p`` (``leaders[p]`` strictly ahead of ``rivals[p]`` at the current share
    ``s``) the group's share is moved down to 0 and up to 1 separately. Each side is scanned
    on :func:`scan_points` evenly spaced shares (``SCAN_POINTS`` up to 2,000 alternatives),
    the first share where the leader is no longer
    strictly ahead (tie or reversal) is bracketed with its neighbour and the bracket is
    bisected to ``XTOL·s``. The returned share is always an evaluated point where the order
    *has* changed; NaN when it never does on that side. An end where every alternative ties
    (``flat``, from :func:`~mcda_citydip.sensitivity.oat.flat_ends`) is not a change. The
    working arrays stay within ``budget`` bytes (chunks of shares × pairs, then of pairs).

    ``nearest`` (all pairs, or a mask of them): of these pairs only the nearest change on
    each side is wanted (the interval of the top, the top's threshold over many rivals).
    Only those whose first change is at the earliest scan step among them are bisected; the
    others are NaN. Their changes lie beyond that step, so they are strictly farther than
    the nearest one: the nearest value and the pairs attaining it are those of
    ``nearest=False``.
    """
    leaders, rivals = pairs
    share = float(np.sum(np.asarray(weights)[list(group)]))
    tolerance = XTOL * share if share > 0 else XTOL
    sides = []
    along = score.sweep(weights, group)  # one sweep: the scan's scores, and the bisection's
    for end in (0.0, 1.0):
        side = np.full(len(leaders), np.nan)
        sides.append(side)
        if end == share or len(leaders) == 0:
            continue
        points = scan_points(score.alternatives)
        steps = share + (end - share) * np.linspace(0.0, 1.0, points + 1)[1:]
        steps[-1] = end  # exactly 0 or 1, whatever the round-off
        first = _first_changes(along, steps, pairs, end in flat, (score.alternatives, budget))
        found = np.flatnonzero((first < len(steps)) & ~_farther(first, nearest))
        before = np.where(first[found] > 0, steps[np.maximum(first[found] - 1, 0)], share)
        brackets = (before, steps[first[found]])
        chosen = (leaders[found], rivals[found])
        if found.size:
            side[found] = _bisect(along, chosen, brackets, tolerance, budget)
    return sides[0], sides[1]


def _farther(first: IntArray, nearest: bool | BoolArray) -> BoolArray:
    """The pairs of ``nearest`` whose first change comes after the earliest among them."""
    among = np.broadcast_to(np.asarray(nearest, dtype=bool), first.shape)
    if not among.any():
        return np.zeros(first.shape, dtype=bool)
    farther: BoolArray = among & (first > first[among].min())
    return farther


def _first_changes(
    along: SweepScores,
    steps: FloatArray,
    pairs: Pairs,
    flat_end: bool,
    size: tuple[int, int],
) -> IntArray:
    """Per pair, the first scan step (of ``k`` shares of the sweep ``along``) where the
    leader is not strictly ahead; ``k`` when there is none. ``size``: the alternatives and
    the budget, which chunks of pairs, and of steps within them, fit."""
    leaders, rivals = pairs
    alternatives, budget = size
    k = len(steps)
    first = np.full(len(leaders), k, dtype=np.int64)
    pair_chunks, rows = plan_scan(k, len(leaders), alternatives, budget)
    for chunk in pair_chunks:
        lead, rival, todo = leaders[chunk], rivals[chunk], first[chunk]  # todo: a view
        for start in range(0, k, rows):
            scores = along(steps[start : start + rows])
            by_alternative = np.ascontiguousarray(scores.T)  # a pair's scores side by side
            within_one = bool(np.abs(scores).max(initial=0.0) <= 1.0)
            del scores
            changed = _not_ahead(by_alternative[lead], by_alternative[rival], within_one)
            if flat_end and start + rows >= k:
                changed[:, -1] = False  # every alternative ties there: no ranking, no change
            new = changed.any(axis=1) & (todo == k)
            todo[new] = changed.argmax(axis=1)[new] + start
            if not np.any(todo == k):
                break
    return first


def _bisect(
    score: SweepScores,
    pairs: Pairs,
    brackets: tuple[FloatArray, FloatArray],
    tolerance: float,
    budget: int,
) -> FloatArray:
    """Shrink every bracket (ordered end, changed end) of the sweep ``score``; return the
    changed ends. The pairs are scored at their own shares by the scan's sweep scores (the
    same numbers, in O(1) or O(candidates) per pair); they go in chunks that fit ``budget``,
    and each pair's bracket depends only on its own scores."""
    leaders, rivals = pairs
    ahead_at, changed_at = (np.array(b, dtype=float) for b in brackets)
    for chunk in plan_chunks(len(leaders), score.pair_bytes, budget):
        lead, rival = leaders[chunk], rivals[chunk]
        low, high = ahead_at[chunk], changed_at[chunk]  # views: updated in place
        for _ in range(MAX_BISECTIONS):
            open_ = np.flatnonzero(np.abs(high - low) > tolerance)
            if len(open_) == 0:
                break
            middle = 0.5 * (low[open_] + high[open_])
            leader_scores, rival_scores = score.pairs_at(middle, lead[open_], rival[open_])
            ordered = ahead(leader_scores, rival_scores)
            low[open_[ordered]] = middle[ordered]
            high[open_[~ordered]] = middle[~ordered]
    return changed_at
