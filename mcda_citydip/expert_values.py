"""Expert scores as cell values: per indicator and alternative, the experts' ratings
combined, or their pairwise comparisons of the alternatives turned into priorities.

:func:`expert_values` gives the values that :func:`mcda_citydip.preprocess.fill_expert_scores`
puts into the cells the data leave empty; :func:`raters_of` names who scored each indicator.
Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mcda_citydip.ahp.group import aggregate_judgments
from mcda_citydip.ahp.matrix import components, pairwise_matrix
from mcda_citydip.ahp.priorities import eigenvector
from mcda_citydip.errors import InputError
from mcda_citydip.model import ExpertScores, Problem
from mcda_citydip.scales import in_unit, scale_text


def raters_of(scores: Sequence[ExpertScores]) -> dict[str, tuple[str, ...]]:
    """Indicator → the experts who gave it at least one rating or comparison."""
    raters: dict[str, list[str]] = {}
    for expert in scores:
        for indicator in (*expert.ratings, *expert.comparisons):
            if expert.expert not in raters.setdefault(indicator, []):
                raters[indicator].append(expert.expert)
    return {k: tuple(v) for k, v in raters.items()}


def expert_values(
    scores: Sequence[ExpertScores], problem: Problem, rule: str = "mean"
) -> dict[str, dict[str, float]]:
    """Indicator → alternative → value from every expert.

    Ratings: the mean (or, with ``rule="median"``, the median) over the experts who rated
    the cell; "don't know" is no rating. Pairwise comparisons of alternatives (AHP relative
    measurement, Saaty 1980 ch. 4): judgments pooled by AIJ, priorities by the principal
    eigenvector (Harker's method when incomplete); the priorities of the compared
    alternatives (summing to 1) are the values.
    """
    values: dict[str, dict[str, float]] = {}
    rated: dict[tuple[str, str], list[float]] = {}
    for expert in scores:
        for indicator, cells in expert.ratings.items():
            for alternative, value in cells.items():
                rated.setdefault((indicator, alternative), []).append(value)
    combine = np.median if rule == "median" else np.mean
    for (indicator, alternative), found in rated.items():
        values.setdefault(indicator, {})[alternative] = float(combine(found))
    column = {c: j for j, c in enumerate(problem.criteria)}
    for indicator in values:
        node = problem.hierarchy.nodes[indicator]
        measured = int(np.count_nonzero(~np.isnan(problem.matrix[:, column[indicator]])))
        if measured and not in_unit(node) and node.scale is not None:
            raise InputError(
                f"expert scores: {indicator} is rated on its {scale_text(node.scale)} scale "
                f"but has measured values ({node.unit or 'its unit'}) for {measured} of "
                f"{len(problem.alternatives)} alternatives; ratings and measurements cannot "
                "be mixed: fill the other cells in the data, or empty the column and rate "
                "every alternative"
            )
    compared = {i for e in scores for i in e.comparisons}
    for indicator in sorted(compared):
        if not np.isnan(problem.matrix[:, column[indicator]]).all():
            raise InputError(
                f"expert scores: indicator '{indicator}' has data for some cities; pairwise "
                "comparisons give relative priorities that cannot be mixed with measured "
                "values: rate the missing cities instead (ratings:), or compare all of them "
                "and remove the column from the data"
            )
        if indicator in values:
            raise InputError(
                f"expert scores: indicator '{indicator}' is both rated and compared "
                "pairwise; use one way of scoring per indicator"
            )
        values[indicator] = _relative(indicator, scores, problem.alternatives)
    return values


def _relative(
    indicator: str, scores: Sequence[ExpertScores], alternatives: tuple[str, ...]
) -> dict[str, float]:
    pairs = [p for e in scores for p in e.comparisons.get(indicator, ())]
    items = tuple(a for a in alternatives if any(a in p[:2] for p in pairs))
    matrices = [pairwise_matrix(items, e.comparisons.get(indicator, ())) for e in scores]
    pooled = aggregate_judgments(matrices, [1.0] * len(matrices))
    groups = components(pooled)
    if len(groups) > 1:
        names = " | ".join("{" + ", ".join(items[i] for i in g) + "}" for g in groups)
        raise InputError(
            f"expert scores: the comparisons on '{indicator}' do not link all the "
            f"cities compared; these groups are never compared: {names}"
        )
    return dict(zip(items, eigenvector(pooled).tolist(), strict=True))
