"""Imputation checked, not trusted: how far the ranking depends on the imputed cells.

A cell filled by the median (or by zero) is a guess. The ranking is computed again with every
imputed cell filled by each other rule — the median, zero, the smallest and the largest value
the other alternatives show for that indicator — and the ranks that change are counted, with
the alternatives that move most. The check changes no result: it is reported beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.preprocess import IndicatorCoverage, median
from mcda_citydip.ranking import METHODS, RankResult

RULES = ("median", "zero", "min", "max")


class PolicyEffect(Struct, frozen=True):
    """What filling the imputed cells by ``rule`` does to one method's ranks."""

    rule: str
    changed: int  # alternatives whose rank differs from the run's
    moves: Mapping[str, tuple[int, int]]  # alternative → (rank in the run, rank with the rule)

    def to_data(self) -> dict[str, Any]:
        return {"changed": self.changed, "moves": {k: list(v) for k, v in self.moves.items()}}


def _fill(problem: Problem, coverage: Sequence[IndicatorCoverage], rule: str) -> FloatArray | None:
    """The matrix with every imputed cell filled by ``rule`` (None when nothing is imputed)."""
    matrix = problem.matrix.copy()
    column = {c: j for j, c in enumerate(problem.criteria)}
    row = {a: i for i, a in enumerate(problem.alternatives)}
    touched = False
    for found in coverage:
        if not found.imputed or found.indicator not in column:
            continue
        j = column[found.indicator]
        rows = [row[a] for a in found.imputed]
        observed = np.delete(problem.matrix[:, j], rows)
        value = {
            "median": median(observed),
            "zero": 0.0,
            "min": float(observed.min()),
            "max": float(observed.max()),
        }[rule]
        matrix[rows, j] = value
        touched = True
    return matrix if touched else None


def imputation_effects(
    problem: Problem,
    weights: FloatArray,
    coverage: Sequence[IndicatorCoverage],
    results: Mapping[str, RankResult],
    options: Mapping[str, Mapping[str, Any]],
    most: int = 3,
) -> dict[str, tuple[PolicyEffect, ...]]:
    """Per method, the effect of each rule of :data:`RULES` on the ranks (module notes).

    ``problem`` is the reduced problem the methods ranked (imputed cells in place).
    """
    fills = {rule: _fill(problem, coverage, rule) for rule in RULES}
    filled = {rule: matrix for rule, matrix in fills.items() if matrix is not None}
    if not filled:  # nothing was imputed: nothing to check
        return {}
    effects: dict[str, tuple[PolicyEffect, ...]] = {}
    for method, result in results.items():
        found = []
        for rule, matrix in filled.items():
            other = METHODS[method](replace(problem, matrix=matrix), weights, **options[method])
            shifts = {
                a: (result.ranks[a], other.ranks[a])
                for a in problem.alternatives
                if result.ranks[a] != other.ranks[a]
            }
            largest = sorted(shifts, key=lambda a: -abs(shifts[a][0] - shifts[a][1]))[:most]
            found.append(PolicyEffect(rule, len(shifts), {a: shifts[a] for a in largest}))
        effects[method] = tuple(found)
    return effects


def effect_notes(effects: Mapping[str, tuple[PolicyEffect, ...]]) -> list[str]:
    """One note per method: how many ranks each rule changes, and who moves most."""
    notes: list[str] = []
    for method, found in effects.items():
        parts = []
        for effect in found:
            moves = ", ".join(f"{a} {r}→{s}" for a, (r, s) in effect.moves.items())
            parts.append(f"{effect.rule}: {effect.changed}" + (f" ({moves})" if moves else ""))
        notes.append(
            Message(
                N_(
                    "imputation check ({method}): ranks that change when the imputed cells are "
                    "filled by another rule — {changes}"
                ),
                method=method.upper(),
                changes="; ".join(parts),
            )
        )
    return notes
