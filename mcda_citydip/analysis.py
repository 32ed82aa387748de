"""The library entry point of ``citydip sensitivity``: one scenario, every robustness check.

Sample → evaluate → analyse: the data are prepared once (expert scores, transforms,
missing-data policy); the weights are the scenario's; then SMAA-2 over weight draws,
one-at-a-time sweeps, critical thresholds, method agreement and rank-reversal checks
all run against the same fixed problem. No I/O here.

Memory: every analysis keeps its working arrays within ``settings.memory_budget`` and its
output within ``settings.output_values`` numbers (:mod:`mcda_citydip.sensitivity.limits`);
what a cap leaves out is said in the notes (per method and at the top of the JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict, replace

from mcda_citydip.analysis_draws import DRAWS, _missing_draws, _sampler, _value_draws
from mcda_citydip.errors import MethodError
from mcda_citydip.expert_ratings import rating_notes
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import N_, Message
from mcda_citydip.pipeline import prepare, scenario_support, scenario_weights, select_methods
from mcda_citydip.preprocess import reduce
from mcda_citydip.ranking import RankResult, compared_methods, get_method, method_label
from mcda_citydip.sensitivity.agreement import Agreement, agreement_rankings, method_agreement
from mcda_citydip.sensitivity.limits import (
    CONCENTRATION,
    MEMORY_BUDGET,
    OUTPUT_VALUES,
    PAIR_ALTERNATIVES,
    SAMPLES,
    SEED,
    SPREAD,
)
from mcda_citydip.sensitivity.oat import OatResult, oat
from mcda_citydip.sensitivity.reversal import ReversalReport, rank_reversal
from mcda_citydip.sensitivity.smaa import ChunkMapper, SmaaResult, smaa
from mcda_citydip.sensitivity.thresholds import Thresholds, critical_thresholds
from mcda_citydip.support import Support

__all__ = [
    "DRAWS",
    "SensitivityReport",
    "SensitivitySettings",
    "analyse",
    "summary_sentences",
]


class SensitivitySettings(Struct, frozen=True):
    """Options of a sensitivity run (every one stated in the output)."""

    method: str | None = None  # one method (kept for callers of the library)
    methods: tuple[str, ...] = ()  # several; neither: every method of the scenario
    samples: int = SAMPLES
    seed: int = SEED
    draw: str = "dirichlet"
    concentration: float = CONCENTRATION  # Dirichlet around the weights
    spread: float = SPREAD  # judgments: each a_ij times 9^ε, ε ~ U(−spread, spread)
    values: float | dict[str, float] = 0.0  # indicator values: relative ± range (0: none),
    #   one for all indicators or per indicator or dimension (others 0)
    values_shape: str | dict[str, str] = "uniform"  # uniform: x(1 + r·U(−1, 1)); normal:
    #   x(1 + r·N(0, 1)); one for all indicators or per indicator or dimension (others uniform)
    missing: bool = False  # also draw the missing or imputed cells (as --draw missing does)
    grid_points: int = 101
    memory_budget: int = MEMORY_BUDGET  # bytes of working arrays any one step holds at once
    output_values: int = OUTPUT_VALUES  # numbers kept per analysis and method (then cut, noted)
    pair_alternatives: int | None = PAIR_ALTERNATIVES  # pair thresholds among the first K of
    #   the baseline ranking (and the top's with every alternative); None: every pair
    kernel: str = "auto"  # SMAA's path: auto, numpy or numba (mcda_citydip.compiled): same numbers


class SensitivityReport(Struct, frozen=True):
    scenario: str
    method: str
    options: dict[str, Any]
    baseline: RankResult
    smaa: SmaaResult
    oat: OatResult
    thresholds: Thresholds
    agreement: Agreement
    reversal: ReversalReport
    notes: tuple[str, ...]
    also: tuple[SensitivityReport, ...] = ()  # the same checks by the other methods run
    support: Support | None = None  # how much of the model the ranking rests on

    @property
    def reports(self) -> tuple[SensitivityReport, ...]:
        """One report per method run, this one first."""
        return (self, *self.also)

    @property
    def method_notes(self) -> tuple[str, ...]:
        """Notes of this method's analyses: SMAA, thresholds, sweeps, rank reversal."""
        found = (self.smaa.notes, self.thresholds.notes, self.oat.notes, self.reversal.notes)
        return tuple(dict.fromkeys(note for notes in found for note in notes))

    @property
    def all_notes(self) -> tuple[str, ...]:
        """The run's notes, then every method's, each once; a note that not every method
        gives is prefixed with its method (``TOPSIS: …``)."""
        per_method = [(r.method, r.method_notes) for r in self.reports]
        common = set.intersection(*(set(notes) for _, notes in per_method))
        found = [*self.notes]
        for method, notes in per_method:
            found += [n if n in common else _of_method(method, n) for n in notes]
        return tuple(dict.fromkeys(found))

    def method_data(self) -> dict[str, Any]:
        """The checks of this report's method, JSON-ready."""
        smaa_data = self.smaa.as_dict()
        thresholds = self.thresholds.to_data()
        return {
            "method": self.method,
            "options": self.options,
            "baseline_ranks": dict(self.baseline.ranks),
            "rank_acceptability": smaa_data["rank_acceptability"],
            "central_weights": smaa_data["central_weights"],
            "confidence": smaa_data["confidence"],
            "holistic_acceptability": smaa_data["holistic_acceptability"],
            "thresholds": thresholds["thresholds"],
            "most_critical": thresholds["most_critical"],
            "top": thresholds["top"],
            "pair_thresholds": thresholds["pairs"],
            "oat": self.oat.to_data(),
            "reversal": self.reversal.to_data(),
            "conventions": {
                "smaa": smaa_data["conventions"],
                "thresholds": thresholds["conventions"],
                "limits": {
                    "memory_budget_bytes": self.options.get("memory_budget", MEMORY_BUDGET),
                    "output_values": self.options.get("output_values", OUTPUT_VALUES),
                    "rule": "working arrays of any one step stay within the budget (chunks); "
                    "a result larger than output_values numbers per analysis is cut, as the "
                    "notes and each analysis's conventions say",
                },
            },
            "notes": list(self.method_notes),
        }

    def to_data(self) -> dict[str, Any]:
        """JSON: ``rank_acceptability``, ``central_weights``, ``confidence``, ``thresholds``,
        ``correlations`` at the top (the first method run), then the details of every
        analysis; ``methods`` holds the same per-method keys for every method run."""
        first = self.method_data()
        agreement = self.agreement.to_data()
        return {
            "scenario": self.scenario,
            "summary": list(summary_sentences(self)),
            **(self.support.to_data() if self.support is not None else {}),
            **{k: v for k, v in first.items() if k not in ("conventions", "notes")},
            "correlations": agreement["correlations"],
            "agreement_rankings": agreement["rankings"],
            "conventions": first["conventions"],
            "methods": {r.method: first if r is self else r.method_data() for r in self.reports},
            "notes": list(self.all_notes),
        }


def analyse(
    scenario: Scenario,
    settings: SensitivitySettings,
    progress: Callable[[int, int], None] | None = None,
    map_chunks: ChunkMapper | None = None,
) -> SensitivityReport:
    """Every robustness check, by every method asked for (``settings.methods`` or
    ``settings.method``; neither: the scenario's methods), on the scenario's prepared
    problem. Method agreement is computed once; ``progress`` sees the draws of all methods."""
    if settings.method and settings.methods:
        raise MethodError(
            "methods: give 'method' or 'methods' in the settings, not both", parameter="methods"
        )
    requested = settings.methods or ((settings.method,) if settings.method else ())
    methods = select_methods(scenario, requested or None)
    prepared = prepare(scenario)
    weights = scenario_weights(scenario)
    problem, vector = reduce(
        prepared.problem, weights.vector(scenario.hierarchy.leaves), prepared.dropped
    )
    support = scenario_support(scenario, weights, problem)
    values = _value_draws(problem, settings)
    if settings.draw == "missing" or settings.missing:
        values = _missing_draws(scenario, problem, prepared, values)
    sampler = _sampler(scenario, problem, vector, settings)
    compared = compared_methods({**scenario.methods, **methods})
    agreement = method_agreement(agreement_rankings(problem, vector, compared))
    notes: list[str] = (
        [
            Message(
                N_("indicators without data were dropped before the analysis: {indicators}"),
                indicators=", ".join(sorted(prepared.dropped)),
            )
        ]
        if prepared.dropped
        else []
    )
    notes += rating_notes(scenario, prepared.coverage)
    reports = []
    limits = {"budget": settings.memory_budget, "max_values": settings.output_values}
    for index, (method, options) in enumerate(methods.items()):
        step = None if progress is None else partial(_overall, progress, index, len(methods))
        result = smaa(
            problem, method, options, sampler, settings.samples, settings.seed,
            value_uncertainty=values, progress=step, map_chunks=map_chunks,
            budget=settings.memory_budget, max_values=settings.output_values,
            kernel=settings.kernel,
        )  # fmt: skip
        sweeps = oat(
            problem, vector, method, options, settings.grid_points,
            budget=settings.memory_budget, max_values=settings.output_values,
        )  # fmt: skip
        reports.append(
            SensitivityReport(
                scenario=scenario.name,
                method=method,
                options={
                    "method_options": options,
                    **asdict(settings),
                    "method": method,
                    "methods": list(methods),
                },
                baseline=get_method(method, options).rank(problem, vector),
                smaa=result,
                oat=sweeps,
                thresholds=critical_thresholds(
                    problem, vector, method, options, listed=settings.pair_alternatives, **limits
                ),
                agreement=agreement,
                reversal=rank_reversal(problem, vector, method, options, **limits),
                notes=tuple(notes),
                support=support,
            )
        )
    first, *rest = reports
    return replace(first, also=tuple(rest))


def _of_method(method: str, note: str) -> Message:
    """A note of one method's analyses, prefixed with the method (``TOPSIS: …``)."""
    return Message(N_("{method}: {note}"), method=method_label(method), note=note)


def summary_sentences(report: SensitivityReport) -> tuple[str, ...]:
    """2–4 plain sentences a planner reads first: who is first and how often, the single
    weight change that overturns it, how much of the model has data."""
    sentences: list[str] = [_first_sentence(one) for one in report.reports]
    if report.support is not None:
        sentences.append(report.support.headline())
    return tuple(sentences)


def _first_sentence(one: SensitivityReport) -> Message:
    """Who is first by ``one``'s method, how often, and the weight change that overturns it."""
    result, baseline = one.smaa, one.baseline
    top = baseline.order()[0]
    share = float(result.rank_acceptability[result.alternatives.index(top), 0])
    rivals = [
        (float(result.rank_acceptability[i, 0]), a)
        for i, a in enumerate(result.alternatives)
        if a != top and result.rank_acceptability[i, 0] > 0
    ]
    text = Message(
        N_(
            "{method}: {top} is first, and stays first in {share:.0%} of {samples:,} draws ({draw})"
        ),
        method=method_label(one.method),
        top=top,
        share=share,
        samples=result.samples,
        draw=result.draw,
    )
    if rivals:
        best_share, best = max(rivals)
        text = Message(
            N_("{sentence}; {best} is first in {share:.0%}"),
            sentence=text,
            best=best,
            share=best_share,
        )
    critical = one.thresholds.most_critical
    if critical is None:
        return Message(
            N_("{sentence}. No single weight change in [0, 1] overturns it."), sentence=text
        )
    c = one.thresholds.criteria[critical]
    if c.percent is None or not c.new_top:
        return Message(N_("{sentence}."), sentence=text)
    return Message(
        N_(
            "{sentence}. The smallest single weight change that overturns it: {criterion} "
            "{percent:+.1f}% (weight {weight:.3f} → {top_weight:.3f}), putting {new_top} first."
        ),
        sentence=text,
        criterion=critical,
        percent=c.percent,
        weight=c.weight,
        top_weight=c.top_weight,
        new_top=c.new_top,
    )


def _overall(
    progress: Callable[[int, int], None], index: int, runs: int, done: int, total: int
) -> None:
    """Progress of run ``index`` of ``runs`` (each of ``total`` steps) as one bar."""
    progress(index * total + done, runs * total)
