"""Which judgments to revise: the entries most responsible for inconsistency.

Saaty (2003, "Decision-making with the AHP: Why is the principal eigenvector necessary",
EJOR 145(1):85–91, §4) ranks the judgments of an inconsistent matrix by the deviation
``ε_ij = a_ij · w_j / w_i`` from the ratio of the derived priorities: the larger
``|ln ε_ij|``, the more a judgment disagrees with the rest. For each such judgment the
value consistent with the *other* judgments is ``w'_i / w'_j``, with ``w'`` derived
with that judgment left out (when the rest still connects all items).

The hints are ordered by what revising them achieves: the CR of the node with the judgment
set to the value on Saaty's scale nearest the consistent one (``cr_after``), lowest first,
then by ``|ln ε_ij|``. The largest deviation is not always the most useful change: a planted
extreme answer drags the priorities towards itself, so that the judgments it distorts can
deviate as much as it does, while only changing the planted one restores consistency.
Judgments already at their suggested value are left out (revising them changes nothing).
"""

from __future__ import annotations

import numpy as np
from msgspec import Struct

from mcda_citydip.ahp.consistency import RandomIndexTable, matrix_consistency
from mcda_citydip.ahp.matrix import SAATY_VALUES, components
from mcda_citydip.ahp.priorities import PRIORITY_METHODS
from mcda_citydip.model import FloatArray


class RevisionHint(Struct, frozen=True):
    """A judgment ``left``/``right`` at ``value`` that the rest suggests to be ``consistent``."""

    left: str
    right: str
    value: float
    deviation: float  # ε_ij = a_ij · w_j / w_i
    consistent: float  # w'_i / w'_j from the other judgments
    suggested: float  # the nearest value on Saaty's scale
    cr_after: float  # CR of the node with the suggested value in place


def nearest_scale_value(value: float) -> float:
    """The value of Saaty's 1/9…9 scale nearest to ``value`` on a log scale."""
    return float(SAATY_VALUES[np.argmin(np.abs(np.log(SAATY_VALUES) - np.log(value)))])


def _cr(matrix: FloatArray, priority: str, table: RandomIndexTable, incomplete: str) -> float:
    weights = PRIORITY_METHODS[priority](matrix)
    return matrix_consistency(matrix, weights, priority, table, incomplete).cr


def revision_hints(
    matrix: FloatArray,
    items: tuple[str, ...],
    priority: str,
    table: RandomIndexTable,
    count: int = 3,
    incomplete: str = "graph",
) -> list[RevisionHint]:
    """The ``count`` judgments whose revision lowers the node's CR most, best first (module
    notes); ``cr_after`` uses the random index ``incomplete`` (``graph`` | ``complete``) for
    incomplete nodes."""
    weights = PRIORITY_METHODS[priority](matrix)
    rows, cols = np.nonzero(~np.isnan(matrix))
    hints = []
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i >= j:
            continue
        deviation = matrix[i, j] * weights[j] / weights[i]
        without = matrix.copy()
        without[i, j] = without[j, i] = np.nan
        others = PRIORITY_METHODS[priority](without) if len(components(without)) == 1 else weights
        consistent = float(others[i] / others[j])
        suggested = nearest_scale_value(consistent)
        if np.isclose(suggested, matrix[i, j], rtol=1e-9):
            continue  # already at its suggested value: revising it changes nothing
        revised = matrix.copy()
        revised[i, j], revised[j, i] = suggested, 1 / suggested
        hints.append(
            RevisionHint(
                items[i],
                items[j],
                float(matrix[i, j]),
                float(deviation),
                consistent,
                suggested,
                _cr(revised, priority, table, incomplete),
            )
        )
    hints.sort(key=lambda h: (h.cr_after, -abs(np.log(h.deviation))))
    return hints[:count]
