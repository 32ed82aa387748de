"""A panel's ratings of the scenario's cities: per rated indicator, who rated it, the
combined value per city and how far the raters agree.

Ratings of several experts combine by the scenario's ``scoring.combine`` (mean, default, or
median) over the experts who rated the cell; "don't know" is no rating. Agreement is computed
on the cities every rater of the indicator rated (:mod:`mcda_citydip.ratings_agreement`):
Kendall's W with the tie correction and the six intraclass correlations of Shrout & Fleiss
(1979). An indicator's agreement is *low* when ``scoring.agreement`` (ICC2k by default: the
reliability of the panel's mean, raters a sample of possible raters, absolute agreement) is
below ``scoring.below`` (0.5: "poor" in Koo & Li 2016). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import InputError
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import ExpertScores, FloatArray, Hierarchy
from mcda_citydip.preprocess import IndicatorCoverage
from mcda_citydip.ratings_agreement import Combine, IndicatorAgreement, indicator_agreement
from mcda_citydip.scales import rating_scale, scale_text


class RatingsReport(Struct, frozen=True):
    """Per rated indicator (hierarchy order), the panel's agreement and combined values."""

    combine: str
    statistic: str
    below: float
    experts: tuple[str, ...]
    indicators: Mapping[str, IndicatorAgreement]
    scales: Mapping[str, str]  # indicator → its scale, as text ("1–5")

    @property
    def low(self) -> tuple[str, ...]:
        return tuple(k for k, a in self.indicators.items() if a.low)

    def statistic_of(self, indicator: str) -> float | None:
        found = self.indicators[indicator]
        if self.statistic == "kendall_w":
            return found.kendall_w
        return None if found.icc is None else found.icc[self.statistic]


def ratings_matrix(
    scores: Sequence[ExpertScores], indicator: str, alternatives: Sequence[str]
) -> tuple[FloatArray, tuple[str, ...]]:
    """Raters × alternatives ratings of one indicator (NaN: not rated or "don't know"),
    with the raters' names; experts without a rating of it are left out."""
    rows, names = [], []
    for expert in scores:
        cells = expert.ratings.get(indicator, {})
        if cells:
            rows.append([cells.get(a, np.nan) for a in alternatives])
            names.append(expert.expert)
    matrix = np.array(rows, dtype=float).reshape(len(rows), len(alternatives))
    return matrix, tuple(names)


def ratings_report(
    scores: Sequence[ExpertScores],
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    combine: Combine = "mean",
    statistic: str = "ICC2k",
    below: float = 0.5,
) -> RatingsReport:
    rated = {k for e in scores for k in e.ratings}
    indicators: dict[str, IndicatorAgreement] = {}
    for indicator in (k for k in hierarchy.leaves if k in rated):
        matrix, raters = ratings_matrix(scores, indicator, alternatives)
        indicators[indicator] = indicator_agreement(
            matrix,
            raters,
            alternatives,
            combine,
            statistic,
            below,
        )
    scales = {k: scale_text(rating_scale(hierarchy.nodes[k])) for k in indicators}
    return RatingsReport(
        combine,
        statistic,
        below,
        tuple(e.expert for e in scores),
        MappingProxyType(indicators),
        MappingProxyType(scales),
    )


def scenario_ratings(scenario: Scenario) -> RatingsReport:
    """The ratings report of a scenario, with its ``scoring:`` settings."""
    alternatives = scenario.problem.alternatives if scenario.problem is not None else ()
    scoring = scenario.scoring
    return ratings_report(
        scenario.expert_scores,
        scenario.hierarchy,
        alternatives,
        scoring.combine,
        scoring.agreement,
        scoring.below,
    )


#: The rules that combine the raters' ratings of a cell, as said in a note.
COMBINED_BY = {"mean": N_("mean"), "median": N_("median")}


def raters_text(raters: Sequence[str]) -> Message:
    return Message.counted(len(raters), "{count} rater", "{count} raters")


def _rated_cells(
    indicators: Sequence[str], cells: int, total: int, raters: Sequence[str]
) -> Message:
    """``ACC1, ACC2 for 8 of 10 cities (2 raters: ann, bob)``."""
    fields = {"indicators": ", ".join(indicators), "cells": cells, "total": total}
    if raters:
        return Message(
            N_("{indicators} for {cells} of {total} cities ({raters}: {names})"),
            raters=raters_text(raters),
            names=", ".join(raters),
            **fields,
        )
    return Message(
        N_("{indicators} for {cells} of {total} cities ({raters})"),
        raters=raters_text(raters),
        **fields,
    )


def _joined(parts: Sequence[Message]) -> Message:
    """``a; b; c``: the parts joined by semicolons (the separator is translated too)."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Message(N_("{part}; {rest}"), part=part, rest=joined)
    return joined


def rating_notes(scenario: Scenario, coverage: Sequence[IndicatorCoverage]) -> list[str]:
    """Which cells experts filled, by how many raters, how combined; low agreement."""
    total = len(scenario.problem.alternatives) if scenario.problem is not None else 0
    groups: dict[tuple[int, tuple[str, ...]], list[str]] = {}
    for c in coverage:
        if c.experts:
            groups.setdefault((len(c.experts), c.raters), []).append(c.indicator)
    if not groups:
        return []
    parts = [
        _rated_cells(indicators, cells, total, raters)
        for (cells, raters), indicators in groups.items()
    ]
    notes: list[str] = [
        Message(
            N_(
                "experts: {cells}; ratings combined by the {combine} over the raters of each "
                "cell ('don't know' is missing, never a middle value)"
            ),
            cells=_joined(parts),
            combine=_combined_by(scenario.scoring.combine),
        )
    ]
    report = scenario_ratings(scenario)
    if report.low:
        values = ", ".join(f"{k} {_number(report.statistic_of(k))}" for k in report.low)
        notes.append(
            Message(
                N_(
                    "low agreement between raters ({statistic} below {below:g}): {values}; "
                    "see `citydip scores` and discuss these ratings with the panel"
                ),
                statistic=report.statistic,
                below=report.below,
                values=values,
            )
        )
    return notes


def _combined_by(rule: str) -> str:
    return Message(COMBINED_BY[rule]) if rule in COMBINED_BY else rule


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def ratings_data(report: RatingsReport) -> dict[str, Any]:
    """The JSON of ``citydip scores``: conventions, then per indicator."""
    return {
        "conventions": {
            "combine": report.combine,
            "agreement": report.statistic,
            "low_below": report.below,
            "kendall_w": "Kendall's W with the tie correction, on the cities every rater rated",
            "icc": "Shrout & Fleiss (1979): ICC1 one-way random; ICC2 two-way random, absolute "
            "agreement; ICC3 two-way mixed, consistency; k = the mean of the raters",
            "most_deviating": "the rater with the largest mean absolute difference from the "
            "mean of the other raters (3 raters or more)",
        },
        "experts": list(report.experts),
        "indicators": {
            k: {
                "raters": len(a.raters),
                "rater_names": list(a.raters),
                "cities_rated_by_all": a.cities,
                "scale": report.scales[k],
                "kendall_w": a.kendall_w,
                "icc": None if a.icc is None else dict(a.icc),
                "values": dict(a.values),
                "most_deviating": a.most_deviating,
                "low_agreement": a.low,
                "reason": a.reason,
            }
            for k, a in report.indicators.items()
        },
    }


def rating_indicators(
    scenario: Scenario, requested: Sequence[str] | None, where: str = "indicators"
) -> tuple[str, ...]:
    """The indicators a panel rates, in the hierarchy's order: those named (``requested``),
    else every indicator whose data column has no value for any candidate and that no
    expert scores by pairwise comparison. A named indicator must be a leaf without data: a
    rating never sits beside measured values in the same column. ``where`` names what
    asked for them in messages: the argument (``indicators``, or ``indicator``: the error's
    ``parameter``), or the workbook being imported."""
    hierarchy, problem = scenario.hierarchy, scenario.problem
    if problem is None:
        raise InputError(
            f"{scenario.source}: no 'alternatives:'; name the table of candidate cities to rate"
        )
    measured = {
        c: int(np.count_nonzero(~np.isnan(problem.matrix[:, j])))
        for j, c in enumerate(problem.criteria)
    }
    compared = {k for e in scenario.expert_scores for k in e.comparisons}
    if requested is None:
        found = tuple(k for k in hierarchy.leaves if not measured[k] and k not in compared)
        if not found:
            raise InputError(
                "indicators: none named, and nothing is left to rate: every indicator has "
                f"data (or pairwise scores) for the candidates of {scenario.source}; name "
                "the indicators to rate",
                parameter="indicators",
            )
        return found
    problems = []
    for k in requested:
        if k not in hierarchy.leaves:
            problems.append(
                f"{where}: '{k}' is not an indicator of {hierarchy.source}; use leaf ids "
                f"such as {', '.join(hierarchy.leaves[:4])}"
            )
        elif measured[k]:
            problems.append(
                f"{where}: {k} has data for {measured[k]} of {len(problem.alternatives)} "
                "candidates; ratings fill only indicators without data (empty its column "
                "to rate every candidate)"
            )
        elif k in compared:
            problems.append(
                f"{where}: {k} is scored by pairwise comparison of cities; use one way "
                "of scoring per indicator"
            )
    if problems:
        raise InputError(problems, parameter=where if where.isidentifier() else None)
    return tuple(k for k in hierarchy.leaves if k in set(requested))
