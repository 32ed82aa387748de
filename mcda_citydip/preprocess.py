"""From the table as read to the matrix the methods rank: expert scores, transforms and
the missing-data policy, each step stated in a coverage report.

Order: expert scores (their values from :mod:`mcda_citydip.expert_values`) fill cells the
data leave empty; declared transforms (per capita, log(1 + x)) apply per indicator; then the
missing-data policy resolves what is still missing — ``drop`` the indicator for everyone (the
remaining weights re-normalised), ``median`` (impute the median of the scenario's other
alternatives), ``zero``, or ``fail``. Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import get_args

import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from mcda_citydip.errors import InputError, MethodError
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import (
    GOAL,
    FloatArray,
    Hierarchy,
    Node,
    Policy,
    Problem,
    Transform,
)

#: The missing-data policies and the transforms an indicator can have.
POLICIES: tuple[str, ...] = get_args(Policy)
TRANSFORMS: tuple[str, ...] = get_args(Transform)


class IndicatorCoverage(Struct, frozen=True):
    """Where one indicator's values came from, and what the policy did with the gaps."""

    indicator: str
    data: tuple[str, ...]
    experts: tuple[str, ...]
    missing: tuple[str, ...]
    policy: str
    action: str  # complete | imputed | zero | sampled | dropped
    imputed: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    transform: str = "none"
    raters: tuple[str, ...] = ()  # the experts whose scores fill ``experts``


def fill_expert_scores(
    problem: Problem, scores: Mapping[str, Mapping[str, float]]
) -> tuple[Problem, dict[str, tuple[str, ...]]]:
    """Put expert scores into the cells the data leave empty (indicator → alternative → value)."""
    matrix = problem.matrix.copy()
    column = {c: j for j, c in enumerate(problem.criteria)}
    row = {a: i for i, a in enumerate(problem.alternatives)}
    filled: dict[str, tuple[str, ...]] = {}
    clashes = [
        f"{a}/{indicator}"
        for indicator, values in scores.items()
        for a in values
        if not np.isnan(matrix[row[a], column[indicator]])
    ]
    if clashes:
        raise InputError(
            f"{problem.source}: {', '.join(clashes)} have a value in the data and an "
            "expert score; keep one (remove the score or empty the cell)"
        )
    for indicator, values in scores.items():
        j = column[indicator]
        used = [a for a in values if a in row]
        for alternative in used:
            matrix[row[alternative], j] = values[alternative]
        filled[indicator] = tuple(used)
    return replace(problem, matrix=matrix), filled


def _check_per_indicator(
    problem: Problem,
    parameter: str,
    given: Mapping[str, str],
    choices: tuple[str, ...],
    *,
    unknown_ids: bool,
) -> None:
    """A :class:`MethodError` about ``parameter`` for every value of ``given`` (per indicator)
    not in ``choices``, and, with ``unknown_ids``, every key not an indicator of ``problem``."""
    problems = [
        f"{parameter}: '{k}' is not an indicator of the problem; use one of: "
        f"{', '.join(problem.criteria)}"
        for k in given
        if unknown_ids and k not in problem.criteria
    ] + [
        f"{parameter}: {k}: unknown value {v!r}; use one of: {', '.join(choices)}"
        for k, v in given.items()
        if v not in choices
    ]
    if problems:
        raise MethodError(problems, parameter=parameter)


def apply_transforms(problem: Problem, transforms: Mapping[str, str], population: str) -> Problem:
    """Per-indicator transforms; a per-capita value is missing where the population is.

    A population that is 0, negative or denormal (below ``2.2e-308``), and a quotient that
    is not a finite normal number, are input errors: the division would give inf, or lose
    every digit, and no later step could tell.
    """
    if not transforms:
        return problem
    _check_per_indicator(problem, "transforms", transforms, TRANSFORMS, unknown_ids=True)
    matrix = problem.matrix.copy()
    people = problem.attributes.get(population)
    for indicator, transform in transforms.items():
        j = problem.criteria.index(indicator)
        values = matrix[:, j]
        if "per-" in transform:
            if people is None:
                raise InputError(
                    f"{problem.source}: '{transform}' of '{indicator}' needs a "
                    "population column; add 'population: <column>' to the scenario"
                )
            values = _per_people(problem, values, (indicator, transform), (population, people))
        if transform.startswith("log1p"):
            if np.any(values[~np.isnan(values)] < 0):
                raise InputError(
                    f"{problem.source}: indicator '{indicator}' has negative values; "
                    "log1p needs values ≥ 0; remove the transform or fix the data"
                )
            values = np.log1p(values)
        matrix[:, j] = values
    return replace(problem, matrix=matrix)


def _per_people(
    problem: Problem,
    values: FloatArray,
    what: tuple[str, str],
    population: tuple[str, FloatArray],
) -> FloatArray:
    """``values / people`` (× 1e6 per million) for ``what`` = (indicator, transform) and
    ``population`` = (column, people); NaN where either is missing."""
    (indicator, transform), (column, people) = what, population
    tiny = np.finfo(float).tiny
    names = problem.alternatives
    bad = np.flatnonzero(~np.isnan(people) & ~(people >= tiny))
    if bad.size:
        raise InputError(
            f"{problem.source} (column '{column}', row '{names[i]}'): population "
            f"{people[i]:g} {'is not positive' if people[i] <= 0 else 'is denormal'}; "
            f"'{transform}' of '{indicator}' divides by it; give a positive number of "
            "people, or leave the cell empty (the per-capita value is then missing)"
            for i in bad
        )
    scale = 1.0 if transform == "per-capita" else 1e6
    divisor = np.where(np.isnan(people), 1.0, people)
    with np.errstate(over="ignore", under="ignore"):
        scaled = values * scale
        quotient = np.where(np.isfinite(scaled), scaled / divisor, values / divisor * scale)
    lost = (values != 0) & ~np.isnan(values) & ~(np.abs(quotient) >= tiny)
    lost |= np.isinf(quotient)
    lost &= ~np.isnan(people)  # a missing population leaves the value missing, not lost
    if lost.any():
        raise InputError(
            f"{problem.source} (column '{indicator}', row '{names[i]}'): {values[i]:g} / "
            f"population {people[i]:g} is outside the range of floating-point numbers; "
            f"express '{indicator}' in other units (e.g. thousands) or check the population"
            for i in np.flatnonzero(lost)
        )
    result: FloatArray = np.where(np.isnan(people), np.nan, quotient)
    return result


def prune(hierarchy: Hierarchy, keep: set[str]) -> Hierarchy:
    """The hierarchy without the leaves not in ``keep`` (and inner nodes left empty)."""
    nodes: dict[str, Node] = {}

    def visit(node_id: str) -> bool:
        node = hierarchy.nodes[node_id]
        if node.is_leaf:
            if node_id in keep:
                nodes[node_id] = node
            return node_id in keep
        children = tuple(c for c in node.children if visit(c))
        if children or node_id == GOAL:
            nodes[node_id] = replace(node, children=children)
        return bool(children)

    visit(GOAL)
    return Hierarchy(hierarchy.source, MappingProxyType(nodes))


def _resolve(
    problem: Problem,
    j: int,
    policy: str,
    experts: tuple[str, ...],
    given: tuple[float, float] | None = None,
) -> tuple[IndicatorCoverage, str | None]:
    """Coverage of column ``j`` and the problem it raises (for policy ``fail``)."""
    indicator, names = problem.criteria[j], problem.alternatives
    column = problem.matrix[:, j]
    gaps = np.isnan(column)
    missing = tuple(a for a, gap in zip(names, gaps, strict=True) if gap)
    data = tuple(a for a, gap in zip(names, gaps, strict=True) if not gap and a not in experts)
    base = IndicatorCoverage(indicator, data, experts, missing, policy, "complete")
    if not missing:
        return base, None
    if policy == "fail":
        return base, (
            f"{problem.source}: indicator '{indicator}' has no value for {', '.join(missing)}; "
            "add the values or expert scores, or choose 'missing: drop | median | zero'"
        )
    if policy == "sample" and len(missing) == len(names) and given is None:
        return base, (
            f"{problem.source}: indicator '{indicator}' has no value at all, so 'sample' has "
            f"no range to draw from; add 'missing_ranges: {{{indicator}: [low, high]}}' or "
            "choose 'drop'"
        )
    if policy == "drop" or (len(missing) == len(names) and policy != "sample"):
        return replace(base, action="dropped"), None
    if policy == "sample":  # the point value: the median of the others (or of the range)
        fill = median(column[~gaps]) if given is None else (given[0] + given[1]) / 2
        action = "sampled"
    else:
        fill = median(column[~gaps]) if policy == "median" else 0.0
        action = "imputed" if policy == "median" else "zero"
    return replace(
        base, action=action, imputed=MappingProxyType(dict.fromkeys(missing, fill))
    ), None


def median(values: FloatArray) -> float:
    """The median of ``values`` (no NaN), as :func:`numpy.median` computes it: the middle
    value, or the mean of the two middle values. ``np.median`` imports ``numpy.ma`` on its
    first call (~37 ms of every ``citydip run``)."""
    ordered = np.sort(values)
    k = len(ordered) // 2
    middle = ordered[k : k + 1] if len(ordered) % 2 else ordered[k - 1 : k + 1]
    return float((0.0 + middle.sum()) / len(middle))  # numpy's mean: a sum from +0.0


def apply_missing(
    problem: Problem,
    policies: Mapping[str, str],
    experts: Mapping[str, tuple[str, ...]] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[Problem, tuple[IndicatorCoverage, ...]]:
    """Resolve every missing value by its indicator's policy.

    Returns the problem with no NaN left (a dropped indicator's column is zero-filled
    and marked ``dropped`` in the coverage: :func:`reduce` then removes it) and the
    coverage of every indicator.
    """
    _check_per_indicator(problem, "policies", policies, POLICIES, unknown_ids=False)
    coverage, problems = [], []
    for j, indicator in enumerate(problem.criteria):
        found, problem_text = _resolve(
            problem,
            j,
            policies.get(indicator, "fail"),
            (experts or {}).get(indicator, ()),
            (ranges or {}).get(indicator),
        )
        coverage.append(found)
        if problem_text:
            problems.append(problem_text)
    if problems:
        raise InputError(problems)
    matrix = problem.matrix.copy()
    for j, found in enumerate(coverage):
        if found.action == "dropped":
            matrix[:, j] = 0.0
        for alternative, value in found.imputed.items():
            matrix[problem.alternatives.index(alternative), j] = value
    return replace(problem, matrix=matrix), tuple(coverage)


def reduce(problem: Problem, weights: FloatArray, dropped: set[str]) -> tuple[Problem, FloatArray]:
    """Remove dropped indicators from the problem (and its hierarchy) and re-normalise the
    weights of the others to sum 1."""
    keep = [j for j, c in enumerate(problem.criteria) if c not in dropped]
    kept_weight = float(weights[keep].sum()) if keep else 0.0
    if not keep or kept_weight <= 0:
        raise InputError(
            f"{problem.source}: after the missing-data policy no indicator with a "
            "positive weight is left; add data or expert scores"
        )
    hierarchy = prune(problem.hierarchy, {problem.criteria[j] for j in keep})
    reduced = replace(problem, hierarchy=hierarchy, matrix=problem.matrix[:, keep])
    return reduced, weights[keep] / kept_weight


#: How a missing cell was set, by the action of the missing-data policy.
FILLED_WITH = {
    "imputed": N_("the median of the others"),
    "zero": N_("zero"),
    "sampled": N_("a point value (drawn from its range for the rank intervals)"),
}


def coverage_notes(coverage: Sequence[IndicatorCoverage], weights: FloatArray) -> tuple[str, ...]:
    """What the missing-data policy did, in words."""
    notes: list[str] = []
    dropped = [c.indicator for c in coverage if c.action == "dropped"]
    if dropped:
        share = sum(w for c, w in zip(coverage, weights, strict=True) if c.action == "dropped")
        notes.append(
            Message(
                N_(
                    "missing data: indicator(s) {indicators} dropped for every alternative "
                    "(weight {share:.3f}); the other weights re-normalised to sum 1"
                ),
                indicators=", ".join(dropped),
                share=float(share),
            )
        )
    for c in coverage:
        if c.action in FILLED_WITH:
            value = next(iter(c.imputed.values()))
            notes.append(
                Message(
                    N_("missing data: {indicator} for {alternatives} set to {how} ({value:.4g})"),
                    indicator=c.indicator,
                    alternatives=", ".join(c.missing),
                    how=Message(FILLED_WITH[c.action]),
                    value=float(value),
                )
            )
    return tuple(notes)
