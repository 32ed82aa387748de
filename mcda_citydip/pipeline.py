"""The library entry points the CLI wires together: scenario → weights → rankings.

No I/O here: scenarios come in already read, results go out as immutable objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from mcda_citydip.ahp.consistency import cr_limit
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.ahp.weights import AhpSettings, ahp_weights, direct_weights, equal_weights
from mcda_citydip.combination import combine_weights
from mcda_citydip.conventions import _policy_summary, incomplete_note, weight_conventions
from mcda_citydip.errors import InputError, JudgmentError, MethodError
from mcda_citydip.expert_ratings import rating_notes
from mcda_citydip.expert_values import expert_values, raters_of
from mcda_citydip.files.scenario import Scenario, ahp_settings_of
from mcda_citydip.i18n import N_, Message
from mcda_citydip.imputation import PolicyEffect, effect_notes, imputation_effects
from mcda_citydip.model import FloatArray, Problem, UrbanUnion
from mcda_citydip.objective import OBJECTIVE_METHODS, objective_weights
from mcda_citydip.preprocess import (
    IndicatorCoverage,
    apply_missing,
    apply_transforms,
    coverage_notes,
    fill_expert_scores,
    reduce,
)
from mcda_citydip.ranking import METHODS, RankResult
from mcda_citydip.sensitivity.missing import RankIntervals, rank_intervals
from mcda_citydip.support import Support, model_support


class RunResult(Struct, frozen=True):
    """Weights and every method's ranking for one scenario, with conventions and notes."""

    scenario: str
    alternatives: tuple[str, ...]
    weights: Weights
    results: Mapping[str, RankResult]
    conventions: Mapping[str, Any]
    notes: tuple[str, ...]
    coverage: tuple[IndicatorCoverage, ...] = ()
    effective_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    union: UrbanUnion | None = None  # the union the case is about, and each city's status
    support: Support | None = None  # how much of the model the ranking rests on
    illustrative: tuple[str, ...] = ()  # the inputs marked illustrative (their files)
    imputation: Mapping[str, tuple[PolicyEffect, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # method → what filling the imputed cells by another rule changes
    rank_intervals: RankIntervals | None = None  # ranks over draws of the missing cells

    @property
    def headline(self) -> tuple[str, ...]:
        """The lines every output opens with: illustrative inputs, then the support."""
        lines: list[str] = []
        if self.illustrative:
            lines.append(
                Message(
                    N_(
                        "ILLUSTRATIVE: this run uses inputs marked illustrative (invented, not "
                        "real experts' opinions): {inputs}"
                    ),
                    inputs=", ".join(self.illustrative),
                )
            )
        if self.support is not None:
            lines.append(self.support.headline())
        return tuple(lines)


def ahp_settings(scenario: Scenario) -> AhpSettings:
    return ahp_settings_of(scenario.ahp, scenario.max_cr)


def scenario_weights(scenario: Scenario) -> Weights:
    """Global indicator weights of a scenario; CR above ``max_cr`` is an error, and so is a
    weight that is not a finite number (never output)."""
    weights = _scenario_weights(scenario)
    bad = [leaf for leaf, w in weights.global_weights.items() if not np.isfinite(w)]
    if bad:
        raise MethodError(
            f"{scenario.source} (weights: {weights.source}): the weights of indicator(s) "
            f"{', '.join(bad)} are not finite numbers (NaN or inf); give the weights directly "
            "(weights: {…}) and report this case: it is a bug in citydip"
        )
    return weights


def _scenario_weights(scenario: Scenario) -> Weights:
    if scenario.direct_weights is not None:
        return direct_weights(scenario.hierarchy, scenario.direct_weights, "direct")
    if scenario.weights_rule == "equal":
        return equal_weights(scenario.hierarchy)
    if scenario.weights_rule in OBJECTIVE_METHODS:
        vector, found = _objective(scenario, scenario.weights_rule)
        leaves = scenario.hierarchy.leaves
        return Weights(
            MappingProxyType(dict(zip(leaves, vector.tolist(), strict=True))),
            MappingProxyType({}),
            scenario.weights_rule,
            found,
        )
    limit = cr_limit(scenario.max_cr)
    weights = ahp_weights(scenario.hierarchy, scenario.experts, ahp_settings(scenario))
    flagged = [n for n in weights.nodes.values() if n.flagged(limit)]
    if scenario.max_cr is not None and flagged:
        raise JudgmentError(
            [
                f"{scenario.source} (max_cr): node '{n.node}' has CR {n.consistency.cr:.3f} > "
                f"{limit}; revise its judgments or raise max_cr"
                for n in flagged
            ]
        )
    notes: list[str] = [
        Message(
            N_(
                "node '{node}': CR {cr:.3f} is above {limit}: its judgments are inconsistent; "
                "consider revising them"
            ),
            node=n.node,
            cr=n.consistency.cr,
            limit=limit,
        )
        for n in flagged
    ]
    rule = scenario.ahp.incomplete_random_index
    notes += [incomplete_note(n, rule) for n in weights.nodes.values() if n.completed]
    weights = replace(weights, notes=(*weights.notes, *notes))
    return _combined(scenario, weights) if scenario.combine is not None else weights


class Prepared(Struct, frozen=True):
    """The data after expert scores, transforms and the missing-data policy (no NaN left;
    dropped indicators are still columns, removed by :func:`preprocess.reduce`)."""

    problem: Problem
    coverage: tuple[IndicatorCoverage, ...]

    @property
    def dropped(self) -> set[str]:
        return {c.indicator for c in self.coverage if c.action == "dropped"}


def prepare(scenario: Scenario) -> Prepared:
    """Expert scores fill gaps, declared transforms apply, then the missing-data policy."""
    if scenario.problem is None:
        raise InputError(
            f"{scenario.source}: no 'alternatives:'; add a table of alternatives "
            "(CSV/XLSX path or inline)"
        )
    problem = scenario.problem
    filled: dict[str, tuple[str, ...]] = {}
    if scenario.expert_scores:
        values = expert_values(scenario.expert_scores, problem, scenario.scoring.combine)
        problem, filled = fill_expert_scores(problem, values)
    raters = raters_of(scenario.expert_scores)
    transforms = {k: v for k, v in scenario.transforms.items() if v != "none"}
    compared = {i for e in scenario.expert_scores for i in e.comparisons}
    if compared & set(transforms):
        raise InputError(
            f"{scenario.source} (transforms): {', '.join(sorted(compared & set(transforms)))} "
            "come from pairwise comparisons (relative priorities); remove their transforms"
        )
    problem = apply_transforms(problem, transforms, scenario.population or "")
    problem, coverage = apply_missing(problem, scenario.missing, filled, scenario.missing_ranges)
    coverage = tuple(
        replace(
            c,
            transform=transforms.get(c.indicator, "none"),
            raters=raters.get(c.indicator, ()) if c.experts else (),
        )
        for c in coverage
    )
    return Prepared(problem, coverage)


def _objective(scenario: Scenario, method: str) -> tuple[FloatArray, tuple[str, ...]]:
    """Objective weights from the prepared data; dropped indicators get weight 0."""
    prepared = prepare(scenario)
    leaves = scenario.hierarchy.leaves
    reduced, _ = reduce(prepared.problem, np.ones(len(leaves)), prepared.dropped)
    found, notes = objective_weights(reduced, method)
    full = np.zeros(len(leaves))
    full[[leaves.index(c) for c in reduced.criteria]] = found
    return full, notes


def _combined(scenario: Scenario, weights: Weights) -> Weights:
    """AHP weights combined with objective weights from the data, as the scenario says."""
    combine = scenario.combine
    if combine is None:
        return weights
    leaves = scenario.hierarchy.leaves
    objective, notes = _objective(scenario, combine.with_)
    mixed, more = combine_weights(weights.vector(leaves), objective, combine.rule, combine.alpha)
    rule = combine.rule if combine.alpha is None else f"{combine.rule} α={combine.alpha}"
    explain = Message(
        N_(
            "global weights combine AHP with {objective} weights ({rule}); local weights per "
            "node are the AHP ones"
        ),
        objective=combine.with_,
        rule=rule,
    )
    return replace(
        weights,
        global_weights=MappingProxyType(dict(zip(leaves, mixed.tolist(), strict=True))),
        source=f"ahp+{combine.with_}",
        notes=(*weights.notes, *notes, *more, explain),
    )


def select_methods(
    scenario: Scenario, requested: Sequence[str] | None
) -> dict[str, dict[str, Any]]:
    if not requested:
        return {k: dict(v) for k, v in scenario.methods.items()}
    chosen = {}
    for name in requested:
        if name not in METHODS:
            raise MethodError(
                f"method: unknown method '{name}'; use one of: {', '.join(METHODS)}",
                parameter="method",
            )
        chosen[name] = dict(scenario.methods.get(name, {}))
    return chosen


def scenario_support(scenario: Scenario, weights: Weights, problem: Problem) -> Support:
    """How much of the model the ranking of ``problem`` (reduced: the indicators that enter
    it) rests on, against the scenario's ``min_supported_weight``."""
    return model_support(
        scenario.hierarchy,
        weights.global_weights,
        problem.criteria,
        problem.matrix,
        scenario.min_supported_weight,
    )


def expert_support(scenario: Scenario) -> tuple[float | None, float]:
    """The supported weight without the experts' scores and with them (``None`` when the
    scenario cannot rank without them: no indicator would be left, or a gap would fail)."""
    weights = scenario_weights(scenario)
    full = weights.vector(scenario.hierarchy.leaves)

    def supported(case: Scenario) -> float:
        prepared = prepare(case)
        problem, _ = reduce(prepared.problem, full, prepared.dropped)
        return scenario_support(case, weights, problem).supported_weight

    try:
        without: float | None = supported(replace(scenario, expert_scores=()))
    except InputError:
        without = None
    return without, supported(scenario)


def ranking_weights(scenario: Scenario, weights: Weights) -> dict[str, float]:
    """The weights that would rank: dropped indicators removed, the rest re-normalised."""
    prepared = prepare(scenario)
    full = weights.vector(scenario.hierarchy.leaves)
    problem, vector = reduce(prepared.problem, full, prepared.dropped)
    return dict(zip(problem.criteria, vector.tolist(), strict=True))


def run(scenario: Scenario, requested: Sequence[str] | None = None) -> RunResult:
    """Prepare the data, compute the weights, then rank by every selected method."""
    methods = select_methods(scenario, requested)
    prepared = prepare(scenario)
    weights = scenario_weights(scenario)
    full = weights.vector(scenario.hierarchy.leaves)
    problem, vector = reduce(prepared.problem, full, prepared.dropped)
    support = scenario_support(scenario, weights, problem)
    if support.partial and scenario.partial == "error":
        raise InputError(
            f"{scenario.source}: the ranking would rest on {support.supported_weight:.1%} of "
            f"the model's weight, below min_supported_weight {scenario.min_supported_weight:g} "
            "(partial: error); add data or expert scores, or lower min_supported_weight"
        )
    results = {name: METHODS[name](problem, vector, **options) for name, options in methods.items()}
    for name, result in results.items():
        require_finite(result, problem, vector, methods[name])
    notes = [*weights.notes, *coverage_notes(prepared.coverage, full)]
    notes.extend(rating_notes(scenario, prepared.coverage))
    for result in results.values():
        notes.extend(n for n in result.notes if n not in notes)
    effects = imputation_effects(problem, vector, prepared.coverage, results, methods)
    notes.extend(effect_notes(effects))
    intervals = rank_intervals(
        problem,
        vector,
        prepared.coverage,
        methods,
        scenario.missing_ranges,
        cells_given=scenario.cell_ranges,
    )
    if intervals is not None:
        notes.append(
            Message(
                N_(
                    "rank intervals: 5th–95th percentile rank over {draws:,} draws (seed {seed}) "
                    "of the {cells} missing or imputed cells, each uniform over its indicator's "
                    "range (missing_ranges, else the others' min–max)"
                ),
                draws=intervals.draws,
                seed=intervals.seed,
                cells=intervals.cells,
            )
        )
    conventions = weight_conventions(scenario, weights)
    conventions["missing"] = _policy_summary(scenario.missing)
    if any(e.ratings for e in scenario.expert_scores):
        scoring = scenario.scoring
        conventions["expert_ratings"] = (
            f"{scoring.combine} over the raters of each cell; low agreement: "
            f"{scoring.agreement} < {scoring.below:g}"
        )
    if any(t != "none" for t in scenario.transforms.values()):
        conventions["transforms"] = dict(scenario.transforms)
    conventions["methods"] = {name: dict(r.conventions) for name, r in results.items()}
    return RunResult(
        scenario.name,
        problem.alternatives,
        weights,
        MappingProxyType(results),
        MappingProxyType(conventions),
        tuple(notes),
        prepared.coverage,
        MappingProxyType(dict(zip(problem.criteria, vector.tolist(), strict=True))),
        scenario.union,
        support,
        illustrative_inputs(scenario),
        MappingProxyType(effects),
        intervals,
    )


def illustrative_inputs(scenario: Scenario) -> tuple[str, ...]:
    """The judgments and scores files of a scenario that say ``illustrative: true``."""
    found = [Path(e.source).name or e.expert for e in scenario.experts if e.illustrative]
    found += [Path(s.source).name or s.expert for s in scenario.expert_scores if s.illustrative]
    return tuple(dict.fromkeys(found))


def require_finite(
    result: RankResult, problem: Problem, weights: FloatArray, options: Mapping[str, Any]
) -> None:
    """The last guard: a result with a NaN or an infinite score is a :class:`MethodError`
    (exit 2), never output. It names the indicators behind it: those whose weight or data
    are not finite, else those that give non-finite scores ranked alone."""
    if _all_finite(result):
        return
    names = problem.criteria
    finite = np.all(np.isfinite(problem.matrix), axis=0) & np.isfinite(weights)
    suspects = [c for c, ok in zip(names, finite, strict=True) if not ok] or [
        c
        for j, c in enumerate(names)
        if weights[j] > 0 and not _finite_alone(problem, weights, j, result.method, options)
    ]
    raise MethodError(
        f"{problem.source} ({result.method}): the scores are not finite numbers (NaN or inf) "
        f"because of indicator(s) {', '.join(suspects or names)}; express them in other "
        "units (e.g. per million, log1p) and report this case: it is a bug in citydip"
    )


def _finite_alone(
    problem: Problem, weights: FloatArray, j: int, method: str, options: Mapping[str, Any]
) -> bool:
    """Whether ``method`` gives finite scores with indicator ``j`` alone."""
    others = set(problem.criteria) - {problem.criteria[j]}
    alone, weight = reduce(problem, weights, others)
    return _all_finite(METHODS[method](alone, weight, **options))


def _all_finite(result: RankResult) -> bool:
    """Whether every score and every extra (VIKOR S, R, Q) of ``result`` is finite."""
    values = [*result.scores.values()]
    values += [v for extra in result.extras.values() for v in extra.values()]
    return bool(np.all(np.isfinite(values)))
