"""What a sensitivity run draws: weights (uniform on the simplex, Dirichlet around the
scenario's weights, or from perturbed AHP judgments), indicator values, and the missing or
imputed cells, each as a :class:`~mcda_citydip.sensitivity.sampling.Sampler` chosen from the
run's :class:`~mcda_citydip.analysis.SensitivitySettings`. No I/O here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from mcda_citydip.errors import MethodError
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.pipeline import Prepared, ahp_settings
from mcda_citydip.sensitivity.judgments import judgment_draws
from mcda_citydip.sensitivity.missing import missing_cells
from mcda_citydip.sensitivity.sampling import (
    Sampler,
    dirichlet_around,
    fixed_weights,
    matrix_draws,
    missing_cell_draws,
    uniform_simplex,
)

if TYPE_CHECKING:
    from mcda_citydip.analysis import SensitivitySettings

DRAWS = ("uniform", "dirichlet", "judgments", "missing")


def _restricted(
    draw: Callable[..., FloatArray], keep: list[int], rng: Any, size: int
) -> FloatArray:
    """Leaf-weight draws limited to the indicators kept, re-normalised to sum 1."""
    weights = draw(rng, size)[:, keep]
    total = weights.sum(axis=1, keepdims=True)
    restricted: FloatArray = np.divide(
        weights, total, out=np.full_like(weights, 1.0 / len(keep)), where=total > 0
    )
    return restricted


def _sampler(
    scenario: Scenario, problem: Problem, weights: FloatArray, settings: SensitivitySettings
) -> Sampler:
    n = len(problem.criteria)
    if settings.draw == "missing":  # the data vary, the weights stay the scenario's
        return fixed_weights(weights, Message(N_("missing cells at the scenario's weights")))
    if settings.draw == "uniform":
        return uniform_simplex(n)
    if settings.draw == "dirichlet":
        return dirichlet_around(weights, settings.concentration)
    if settings.draw != "judgments":
        raise MethodError(
            f"draw: unknown draw '{settings.draw}'; use one of: {', '.join(DRAWS)}",
            parameter="draw",
        )
    if not scenario.experts:
        raise MethodError(
            f"draw: 'judgments' needs AHP judgments, but {scenario.source} gives weights "
            "directly; use draw 'dirichlet' or 'uniform'",
            parameter="draw",
        )
    if scenario.combine is not None:
        raise MethodError(
            f"draw: 'judgments' varies the AHP weights only, but {scenario.source} combines "
            "them with objective weights ('combine:'); use draw 'dirichlet' or 'uniform'",
            parameter="draw",
        )
    full = judgment_draws(
        scenario.hierarchy, scenario.experts, ahp_settings(scenario), settings.spread
    )
    leaves = scenario.hierarchy.leaves
    keep = [leaves.index(c) for c in problem.criteria]
    if len(keep) == len(leaves):
        return full
    return Sampler(
        full.kind,
        {**full.parameters, "indicators": list(problem.criteria)},
        partial(_restricted, full.draw, keep),
    )


def _by_indicator(problem: Problem, option: str, given: dict[str, Any], default: Any) -> list[Any]:
    """Per indicator of ``problem``: its own entry in ``given``, else that of its nearest
    dimension (any inner node above it), else ``default``."""
    hierarchy = problem.hierarchy
    unknown = sorted(set(given) - set(hierarchy.nodes))
    if unknown:
        raise MethodError(
            f"{option}: unknown indicator or dimension id(s) {', '.join(unknown)}; use ids of "
            f"the criteria file, e.g. {problem.criteria[0]}",
            parameter=option,
        )
    found = []
    for leaf in problem.criteria:
        chain = reversed(hierarchy.path(leaf))  # the indicator first, then up to the goal
        found.append(next((given[node] for node in chain if node in given), default))
    return found


def _value_draws(problem: Problem, settings: SensitivitySettings) -> Sampler | None:
    """Indicator-value uncertainty: ranges and shapes for all indicators, or per indicator
    or dimension (a dimension's entry covers its indicators not named themselves)."""
    values, shape = settings.values, settings.values_shape
    ranges = (
        _by_indicator(problem, "values", values, 0.0)
        if isinstance(values, dict)
        else [float(values)] * len(problem.criteria)
    )
    shapes = (
        _by_indicator(problem, "values_shape", shape, "uniform")
        if isinstance(shape, dict)
        else [shape] * len(problem.criteria)
    )
    if not any(ranges):
        if any(s != "uniform" for s in shapes):
            raise MethodError(
                f"values_shape: {shape}: there is no value uncertainty to shape; give "
                "ranges with values (e.g. 0.1)",
                parameter="values_shape",
            )
        return None
    return matrix_draws(problem.matrix, ranges, shapes)


def _missing_draws(
    scenario: Scenario, problem: Problem, prepared: Prepared, values: Sampler | None
) -> Sampler:
    """Draws of the missing or imputed cells (:mod:`.sensitivity.missing`)."""
    if values is not None:
        raise MethodError(
            "values: not with missing-cell draws; give one kind of value uncertainty (the "
            "missing cells' ranges come from the data or from missing_ranges)",
            parameter="values",
        )
    found = missing_cells(problem, prepared.coverage, scenario.missing_ranges, scenario.cell_ranges)
    if found is None:
        raise MethodError(
            f"draw: {scenario.source}: no cell is missing or imputed, so there is nothing to "
            "draw; use another draw",
            parameter="draw",
        )
    cells, low, high, _ = found
    return missing_cell_draws(problem.matrix, cells, low, high)
