"""The library entry points the CLI wires together: scenario → weights → rankings.

No I/O here: scenarios come in already read, results go out as immutable objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from mcda_citydip.ahp.consistency import CR_THRESHOLD, RANDOM_INDEX
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.ahp.weights import AhpSettings, ahp_weights, direct_weights, equal_weights
from mcda_citydip.errors import InputError, JudgmentError, MethodError
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.ranking import METHODS, RankResult


@dataclass(frozen=True)
class RunResult:
    """Weights and every method's ranking for one scenario, with conventions and notes."""

    scenario: str
    alternatives: tuple[str, ...]
    weights: Weights
    results: Mapping[str, RankResult]
    conventions: Mapping[str, Any]
    notes: tuple[str, ...]


def weight_conventions(scenario: Scenario, weights: Weights) -> dict[str, Any]:
    if weights.source != "ahp":
        return {"weights": weights.source}
    table = RANDOM_INDEX[scenario.ahp.random_index]
    conventions: dict[str, Any] = {
        "weights": "ahp",
        "priority": scenario.ahp.priority,
        "random_index": table.name,
        "random_index_source": table.citation,
        "cr_threshold": scenario.max_cr if scenario.max_cr is not None else CR_THRESHOLD,
        "cr_is_error": scenario.max_cr is not None,
        "incomplete_matrices": "Harker (1987)"
        if scenario.ahp.priority == "eigenvector"
        else "LLSM (Kwiesielewicz 1996; Bozóki et al. 2010)",
    }
    if len(scenario.experts) > 1:
        conventions["aggregation"] = scenario.ahp.aggregation
        if scenario.ahp.aggregation == "aip":
            conventions["aip_mean"] = scenario.ahp.aip_mean
        conventions["cr_policy"] = scenario.ahp.cr_policy
        conventions["consensus"] = "Goepel (2013) Shannon-entropy AHP consensus S*"
        conventions["experts"] = {e.expert: e.weight for e in scenario.experts}
    return conventions


def ahp_settings(scenario: Scenario) -> AhpSettings:
    ahp = scenario.ahp
    limit = scenario.max_cr if scenario.max_cr is not None else CR_THRESHOLD
    return AhpSettings(
        ahp.priority, ahp.random_index, ahp.aggregation, ahp.aip_mean, ahp.cr_policy, limit
    )


def scenario_weights(scenario: Scenario) -> Weights:
    """Global indicator weights of a scenario; CR above ``max_cr`` is an error."""
    if scenario.direct_weights is not None:
        return direct_weights(scenario.hierarchy, scenario.direct_weights, "direct")
    if scenario.weights_rule == "equal":
        return equal_weights(scenario.hierarchy)
    limit = scenario.max_cr if scenario.max_cr is not None else CR_THRESHOLD
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
    notes = [
        f"node '{n.node}': CR {n.consistency.cr:.3f} is above {limit}: its judgments "
        "are inconsistent; consider revising them"
        for n in flagged
    ]
    notes += [
        f"node '{n.node}': {len(n.completed)} of {n.pairs} pairs were not judged and "
        "were completed from the priorities"
        for n in weights.nodes.values()
        if n.completed
    ]
    return replace(weights, notes=(*weights.notes, *notes))


def select_methods(
    scenario: Scenario, requested: Sequence[str] | None
) -> dict[str, dict[str, Any]]:
    if not requested:
        return {k: dict(v) for k, v in scenario.methods.items()}
    chosen = {}
    for name in requested:
        if name not in METHODS:
            raise MethodError(
                f"--method: unknown method '{name}'; use one of: {', '.join(METHODS)}"
            )
        chosen[name] = dict(scenario.methods.get(name, {}))
    return chosen


def run(scenario: Scenario, requested: Sequence[str] | None = None) -> RunResult:
    """Weights, then every selected method's ranking."""
    methods = select_methods(scenario, requested)
    problem = scenario.problem
    if problem is None:
        raise InputError(
            f"{scenario.source}: no 'alternatives:'; add a table of alternatives "
            "(CSV/XLSX path or inline) to rank"
        )
    weights = scenario_weights(scenario)
    vector = weights.vector(problem.criteria)
    results = {name: METHODS[name](problem, vector, **options) for name, options in methods.items()}
    notes = list(weights.notes)
    for result in results.values():
        notes.extend(n for n in result.notes if n not in notes)
    conventions = weight_conventions(scenario, weights)
    conventions["methods"] = {name: dict(r.conventions) for name, r in results.items()}
    return RunResult(
        scenario.name,
        problem.alternatives,
        weights,
        MappingProxyType(results),
        MappingProxyType(conventions),
        tuple(notes),
    )
