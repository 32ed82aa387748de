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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.result import TIES, rank_values
from mcda_citydip.sensitivity.evaluate import preference_batch
from mcda_citydip.sensitivity.oat import check_weights

Relation = Literal["above", "tied", "below"]

CONVENTIONS: Mapping[str, str] = MappingProxyType(
    {
        "ties": TIES,
        "normalisation": "recomputed on each changed set of alternatives",
        "copy": "a copy of the worst alternative (largest rank, last on ties), id '<worst> (copy)'",
        "change": "a pair of original alternatives whose above/tied/below relation differs",
    }
)


@dataclass(frozen=True)
class PairChange:
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


@dataclass(frozen=True)
class ReversalCase:
    """One changed set: ``alternative`` was ``removed`` or ``added``; its ranks and changes."""

    change: Literal["removed", "added"]
    alternative: str
    ranks: Mapping[str, int]
    changes: tuple[PairChange, ...]

    @property
    def changed(self) -> bool:
        """True when the relative order of the original alternatives changed."""
        return bool(self.changes)

    def to_data(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "alternative": self.alternative,
            "changed": self.changed,
            "ranks": dict(self.ranks),
            "changes": [c.to_data() for c in self.changes],
        }


@dataclass(frozen=True)
class ReversalReport:
    """Rank-reversal checks of one method: every removal and the added copy of the worst."""

    method: str
    alternatives: tuple[str, ...]
    ranks: Mapping[str, int]
    removed: tuple[ReversalCase, ...]
    added: ReversalCase
    conventions: Mapping[str, Any]

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
        }


def rank_reversal(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None = None,
) -> ReversalReport:
    """Remove each alternative in turn and add a copy of the worst; report order changes.

    Parameters
    ----------
    problem : the decision problem (its hierarchy is kept for every changed set).
    weights : (n,) global weights in ``problem.criteria`` order, summing to 1.
    method, options : ``topsis`` | ``vikor`` and their options (``normalization``, ``v``).
    """
    current = check_weights(weights)
    names = problem.alternatives
    ranks = _ranks(problem, current, method, options)
    removed = tuple(
        _case(
            "removed",
            name,
            _subset(problem, [i for i in range(len(names)) if i != index]),
            (ranks, current, method, options),
        )
        for index, name in enumerate(names)
    )
    worst = max(names, key=lambda a: (ranks[a], names.index(a)))
    added = _case("added", worst, _with_copy(problem, worst), (ranks, current, method, options))
    return ReversalReport(
        method=method,
        alternatives=names,
        ranks=MappingProxyType(ranks),
        removed=removed,
        added=added,
        conventions=MappingProxyType(
            {"method": method, "options": dict(options or {}), **CONVENTIONS}
        ),
    )


def _ranks(
    problem: Problem, weights: FloatArray, method: str, options: Mapping[str, Any] | None
) -> dict[str, int]:
    if not problem.alternatives:
        return {}
    scores = preference_batch(problem.matrix, weights[None, :], problem.benefit, method, options)
    values = rank_values(scores[0], higher_is_better=True)
    return {a: int(r) for a, r in zip(problem.alternatives, values, strict=True)}


def _subset(problem: Problem, rows: list[int]) -> Problem:
    return Problem(
        problem.hierarchy,
        tuple(problem.alternatives[i] for i in rows),
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
    alternative: str,
    changed: Problem,
    baseline: tuple[dict[str, int], FloatArray, str, Mapping[str, Any] | None],
) -> ReversalCase:
    before, weights, method, options = baseline
    after = _ranks(changed, weights, method, options)
    kept = [a for a in before if a in after]
    changes = tuple(
        PairChange(x, y, _relation(before, x, y), _relation(after, x, y))
        for x, y in combinations(sorted(kept, key=lambda a: before[a]), 2)
        if _relation(before, x, y) != _relation(after, x, y)
    )
    return ReversalCase(change, alternative, MappingProxyType(after), changes)


def _relation(ranks: Mapping[str, int], first: str, second: str) -> Relation:
    if ranks[first] < ranks[second]:
        return "above"
    return "tied" if ranks[first] == ranks[second] else "below"
