"""Rank-reversal checks: remove each alternative in turn, and add a copy of the worst.

A method shows *rank reversal* when changing the set of alternatives — without changing
any of their data — changes the relative order of the ones that remain. The methods here
recompute their normalisation, ideal and anti-ideal points (TOPSIS) or best and worst
values (VIKOR) on the changed set, which is exactly what can cause it: TOPSIS with vector
normalisation is a known case (Wang, Y.-M. & Luo, Y. (2009). On rank reversal in decision
analysis. Mathematical and Computer Modelling 49(5–6):1221–1229).

Two checks:

* remove each alternative ``a``: does the order of the others change?
* add a copy of the worst alternative (id ``"<worst> (copy)"``): does the order of the
  original alternatives change? (The copy ties with the worst; that tie is not a change.)

The order of a pair ``(x, y)`` is one of ``above`` / ``tied`` / ``below`` (``x`` relative to
``y``) under the "min" tie rule; a change is any pair whose relation differs.

Size: each removal is one ranking of ``m − 1`` alternatives, and the pairs whose relation
changed are found and counted with arrays (sorted by the original ranks, each alternative
compared only with those up to the last one that can have swapped with it), in chunks within
the memory budget. While the ranks of every removal fit the output cap
(:data:`~mcda_citydip.sensitivity.limits.OUTPUT_VALUES`) every alternative is removed. Beyond
it, :func:`removal_order` puts first the removals that can change a score: with min-max
normalisation (TOPSIS) and for VIKOR only an alternative holding a column's best or worst
value (or, VIKOR, the best or worst ``S`` or ``R``) changes the scores of the rest, and only
one in a chain of ties can change a tie; with vector normalisation every removal changes the
column norms. A note says which removals were checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from msgspec import Struct

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, IntArray, Problem
from mcda_citydip.ranking.common import constant_columns
from mcda_citydip.ranking.methods import get_method
from mcda_citydip.ranking.result import TIES, rank_values
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUES
from mcda_citydip.sensitivity.pairs import check_weights

Relation = Literal["above", "tied", "below"]

CONVENTIONS: Mapping[str, str] = MappingProxyType(
    {
        "ties": TIES,
        "normalisation": "recomputed on each changed set of alternatives",
        "copy": "a copy of the worst alternative (largest rank, last on ties), id '<worst> (copy)'",
        "change": "a pair of original alternatives whose above/tied/below relation differs",
        "size": "every removal while m − 1 ranks per removal fit the output cap, else the "
        "removals that can change a score (holding a column's best or worst value, tied in a "
        "chain, and for VIKOR holding the best or worst S or R) first, then the best-ranked; "
        "changed pairs listed per removal are capped too, 'changed_pairs' counts them all",
    }
)


class PairChange(Struct, frozen=True):
    """``first`` was ``before`` relative to ``second``; in the changed set it is ``after``."""

    first: str
    second: str
    before: Relation
    after: Relation

    def to_data(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "before": self.before,
            "after": self.after,
        }


class ReversalCase(Struct, frozen=True):
    """One changed set: ``alternative`` was ``removed`` or ``added``; its ranks and changes.

    ``changes`` lists the pairs whose relation changed, in the order of the original ranks
    (at most ``limit`` of them, see :func:`rank_reversal`); ``changed_pairs`` counts them all.
    """

    change: Literal["removed", "added"]
    alternative: str
    ranks: Mapping[str, int]
    changes: tuple[PairChange, ...]
    changed_pairs: int = -1  # -1: len(changes)

    @property
    def changed(self) -> bool:
        """True when the relative order of the original alternatives changed."""
        return bool(self.changes)

    @property
    def count(self) -> int:
        """How many pairs changed relation (listed or not)."""
        return len(self.changes) if self.changed_pairs < 0 else self.changed_pairs

    def to_data(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "alternative": self.alternative,
            "changed": self.changed,
            "ranks": dict(self.ranks),
            "changes": [c.to_data() for c in self.changes],
            "changed_pairs": self.count,
        }


class ReversalReport(Struct, frozen=True):
    """Rank-reversal checks of one method: every removal and the added copy of the worst."""

    method: str
    alternatives: tuple[str, ...]
    ranks: Mapping[str, int]
    removed: tuple[ReversalCase, ...]
    added: ReversalCase
    conventions: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def reversal(self) -> bool:
        """True when any check changed the order of the other alternatives."""
        return self.added.changed or any(case.changed for case in self.removed)

    def to_data(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "alternatives": list(self.alternatives),
            "ranks": dict(self.ranks),
            "reversal": self.reversal,
            "removed": [case.to_data() for case in self.removed],
            "added": self.added.to_data(),
            "conventions": dict(self.conventions),
            "notes": list(self.notes),
        }


def rank_reversal(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None = None,
    *,
    budget: int = MEMORY_BUDGET,
    max_values: int = OUTPUT_VALUES,
) -> ReversalReport:
    """Remove each alternative in turn and add a copy of the worst; report order changes.

    Parameters
    ----------
    problem : the decision problem (its hierarchy is kept for every changed set).
    weights : (n,) global weights in ``problem.criteria`` order, summing to 1.
    method, options : a registered method (:data:`~mcda_citydip.ranking.METHODS`) and its
        options.
    budget : bytes of working arrays at once (:mod:`.limits`); the result does not depend on it.
    max_values : ranks listed over all removals (``m − 1`` each) and, a quarter of it, changed
        pairs listed; beyond, the removals of :func:`removal_order` (with a note).
    """
    current = check_weights(weights)
    names = problem.alternatives
    m = len(names)
    before = _ranks(problem, current, method, options)
    cases = max(1, max_values // max(m - 1, 1))
    notes: list[str] = []
    checked: list[int] = list(range(m))
    if m > cases:
        order, complete = removal_order(problem, current, method, options, before)
        checked = order[:cases]
        notes.append(_removal_note(m, len(checked), len(order), complete, max_values))
    limit = max(1, max_values // 4 // (len(checked) + 1))
    run = (current, method, options, before, limit, budget)
    removed = tuple(
        _case("removed", (names[i], i), _subset(problem, np.delete(np.arange(m), i)), run)
        for i in checked
    )
    worst = m - 1 - int(np.argmax(before[::-1]))  # the largest rank, last on ties
    added = _case("added", (names[worst], worst), _with_copy(problem, names[worst]), run)
    if any(case.count > len(case.changes) for case in (*removed, added)):
        notes.append(
            Message(
                N_(
                    "rank reversal: at most {limit:,} changed pairs are listed per removal or "
                    "addition ('changed_pairs' counts them all)"
                ),
                limit=limit,
            )
        )
    return ReversalReport(
        method=method,
        alternatives=names,
        ranks=MappingProxyType(dict(zip(names, before.tolist(), strict=True))),
        removed=removed,
        added=added,
        conventions=MappingProxyType(
            {"method": method, "options": dict(options or {}), **CONVENTIONS}
        ),
        notes=tuple(notes),
    )


def _scores(
    problem: Problem, weights: FloatArray, method: str, options: Mapping[str, Any] | None
) -> FloatArray:
    if not problem.alternatives:
        return np.zeros(0)
    scores = get_method(method, options).batch(problem.matrix, weights[None, :], problem.benefit)
    first: FloatArray = scores[0]
    return first


def _ranks(
    problem: Problem, weights: FloatArray, method: str, options: Mapping[str, Any] | None
) -> IntArray:
    if not problem.alternatives:
        return np.zeros(0, dtype=np.int64)
    return rank_values(_scores(problem, weights, method, options), higher_is_better=True)


def removal_order(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None,
    before: IntArray,
) -> tuple[list[int], bool]:
    """The removals worth checking first, and whether they are all that can change anything.

    Every score of the others depends on the set only through the normalisation and the ideal
    points (per column: its best and worst value; vector normalisation: its norm) and, for
    VIKOR, the best and worst ``S`` and ``R`` (the method's ``extreme_rows``). So where only
    those extremes matter (``only_extremes_matter``: min-max normalisation, VIKOR, SAW) only
    the alternatives holding such an extreme (*structural*) can change a score, and only one
    in a chain of three or more ties can change a tie; with vector normalisation every one can.
    Order: structural ones, then the others that can change something; each by original rank.
    """
    matrix = problem.matrix
    weighted = (weights > 0) & ~constant_columns(matrix)
    columns = matrix[:, weighted]
    structural = np.any((columns == columns.max(axis=0)) | (columns == columns.min(axis=0)), axis=1)
    ranker = get_method(method, options)
    structural |= ranker.extreme_rows(matrix, weights, problem.benefit)
    chained = np.bincount(before, minlength=len(before) + 1)[before] >= 3
    scale_free = ranker.only_extremes_matter
    matters = structural | chained if scale_free else np.ones(len(before), dtype=bool)
    by_rank = np.lexsort((np.arange(len(before)), before))
    first = by_rank[structural[by_rank]]
    rest = by_rank[matters[by_rank] & ~structural[by_rank]]
    return [int(i) for i in np.concatenate([first, rest])], scale_free


def _removal_note(m: int, checked: int, matter: int, complete: bool, max_values: int) -> Message:
    cap = Message(N_("cap: {cap:,} ranks listed, m − 1 per removal"), cap=max_values)
    if complete and checked == matter:
        return Message(
            N_(
                "rank reversal: {count:,} alternatives; the {checked:,} removals that can "
                "change a score were checked (alternatives holding a column's best or worst "
                "value, ties in a chain, for VIKOR the best or worst S or R); removing any "
                "other leaves every score of the rest as it is, so it changes no order and is "
                "not listed ({cap})"
            ),
            count=m,
            checked=checked,
            cap=cap,
        )
    return Message(
        N_(
            "rank reversal: {count:,} alternatives; removals were checked for {checked:,} of "
            "them ({cap}): those holding a column's best or worst value first, then the "
            "best-ranked; the other {others:,} were not removed"
        ),
        count=m,
        checked=checked,
        cap=cap,
        others=m - checked,
    )


def _subset(problem: Problem, rows: IntArray) -> Problem:
    return Problem(
        problem.hierarchy,
        tuple(problem.alternatives[i] for i in rows.tolist()),
        problem.matrix[rows],
    )


def copy_id(worst: str, taken: tuple[str, ...]) -> str:
    """``"<worst> (copy)"``, numbered when that id is already taken."""
    candidate, number = f"{worst} (copy)", 2
    while candidate in taken:
        candidate, number = f"{worst} (copy {number})", number + 1
    return candidate


def _with_copy(problem: Problem, worst: str) -> Problem:
    row = problem.matrix[problem.alternatives.index(worst)]
    return Problem(
        problem.hierarchy,
        (*problem.alternatives, copy_id(worst, problem.alternatives)),
        np.vstack([problem.matrix, row]),
    )


def _case(
    change: Literal["removed", "added"],
    alternative: tuple[str, int],
    changed: Problem,
    run: tuple[FloatArray, str, Mapping[str, Any] | None, IntArray, int, int],
) -> ReversalCase:
    """The case of the ``changed`` set: ``alternative`` (name, index) removed or copied."""
    weights, method, options, before, limit, budget = run
    name, index = alternative
    after = _ranks(changed, weights, method, options)
    m = len(before)
    kept = np.delete(np.arange(m), index) if change == "removed" else np.arange(m)
    names = changed.alternatives[: len(kept)]  # the original ones, in input order
    order = np.argsort(before[kept], kind="stable")
    ranks_then, ranks_now = before[kept][order], after[: len(kept)][order]
    count, listed = changed_pairs(ranks_then, ranks_now, limit, budget)
    changes = tuple(
        PairChange(
            names[order[i]],
            names[order[j]],
            _relation(ranks_then[i], ranks_then[j]),
            _relation(ranks_now[i], ranks_now[j]),
        )
        for i, j in listed
    )
    ranks = MappingProxyType(dict(zip(changed.alternatives, after.tolist(), strict=True)))
    return ReversalCase(change, name, ranks, changes, count)


def changed_pairs(
    then: IntArray, now: IntArray, limit: int, budget: int = MEMORY_BUDGET
) -> tuple[int, list[tuple[int, int]]]:
    """Pairs ``i < j`` whose relation (above / tied / below) differs between the ranks ``then``
    (sorted, non-decreasing) and ``now``: how many, and the first ``limit`` in row order.

    A pair can only change if ``now[j] ≤ now[i]`` or ``then[j] = then[i]``, so ``i`` is compared
    with ``j`` up to the last such one (the suffix minimum of ``now`` finds it): for a ranking
    that barely moves that is a few comparisons per alternative, not ``m``. The comparisons go
    in chunks within ``budget`` bytes (about 64 per comparison).
    """
    size = len(then)
    if size < 2:
        return 0, []
    lowest_after = np.minimum.accumulate(now[::-1])[::-1]
    reach = np.maximum(
        np.searchsorted(lowest_after, now, side="right") - 1,
        np.searchsorted(then, then, side="right") - 1,
    )
    spans = np.maximum(reach - np.arange(size), 0)
    ends = np.cumsum(spans)
    count, listed = 0, list[tuple[int, int]]()
    for rows in _row_chunks(ends, max(1, budget // 64)):
        i = np.repeat(np.arange(rows.start, rows.stop), spans[rows])
        starts = np.repeat(ends[rows] - spans[rows], spans[rows])
        j = i + 1 + np.arange(ends[rows.start] - spans[rows.start], ends[rows.stop - 1]) - starts
        differs = np.sign(then[i] - then[j]) != np.sign(now[i] - now[j])
        count += int(differs.sum())
        if len(listed) < limit:
            hits = np.flatnonzero(differs)[: limit - len(listed)]
            listed += list(zip(i[hits].tolist(), j[hits].tolist(), strict=True))
    return count, listed


def _row_chunks(ends: IntArray, cells: int) -> list[slice]:
    """Consecutive rows whose comparisons (cumulative ``ends``) fit ``cells`` (≥ 1 row)."""
    chunks, start, size = [], 0, len(ends)
    while start < size:
        done = ends[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + cells, side="right")))
        chunks.append(slice(start, min(stop, size)))
        start = stop
    return chunks


def _relation(first: int, second: int) -> Relation:
    if first < second:
        return "above"
    return "tied" if first == second else "below"
