"""Reader of scenarios (``format: citydip/scenario``): the one entry point to a whole run.

A scenario names a criteria hierarchy, the alternatives table, and either direct
weights or expert judgments. :func:`load_scenario` reads every file it names and
reports every problem it finds in one :class:`InputError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from msgspec import Struct, field

from mcda_citydip.ahp.consistency import cr_limit
from mcda_citydip.ahp.weights import AhpSettings
from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria, parse_criteria
from mcda_citydip.files.data import TableOptions, load_alternatives
from mcda_citydip.files.data_inline import inline_alternatives
from mcda_citydip.files.judgments import load_judgments, parse_judgments
from mcda_citydip.files.locations import (
    coordinate_bounds,
    load_partnerships,
    locations_of,
)
from mcda_citydip.files.paths import check_readable, exists, is_folder, list_folder
from mcda_citydip.files.scores import load_all_scores
from mcda_citydip.files.spec import (
    AhpSpec,
    CombineSpec,
    ScenarioSpec,
    ScoringSpec,
    validated,
)
from mcda_citydip.files.union import _union
from mcda_citydip.files.validate import (
    inline_judgments_alone,
    judgments_alone,
    lenient_spec,
    scenario_problems,
    table_alone,
)
from mcda_citydip.files.yamlio import Located, load_yaml
from mcda_citydip.model import ExpertScores, Hierarchy, Judgments, Problem, UrbanUnion
from mcda_citydip.support import MIN_SUPPORTED_WEIGHT

T = TypeVar("T")


def ahp_settings_of(ahp: AhpSpec, max_cr: float | None) -> AhpSettings:
    """The AHP settings a scenario's (or an outline's) ``ahp:`` block and ``max_cr`` give."""
    return AhpSettings(
        ahp.priority,
        ahp.random_index,
        ahp.aggregation,
        ahp.aip_mean,
        ahp.cr_policy,
        cr_limit(max_cr),
        ahp.incomplete_random_index,
        ahp.unlinked_policy,
    )


def _scores_folder_to_come(path: Path) -> bool:
    """A scores folder that does not exist yet (no expert has rated): no scores, no error;
    a missing *file* (``*.yaml``) is still an error."""
    return not exists(path) and path.suffix not in (".yaml", ".yml")


def default_scenario_path() -> Path:
    """The scenario shipped inside the package (``citydip run`` with no argument)."""
    # beside the package's modules (an installed package is a folder; importlib.resources
    # would cost every run about 7 ms of imports to say the same)
    return Path(__file__).resolve().parent.parent / "default" / "scenario.yaml"


class Scenario(Struct, frozen=True):
    """Everything a run needs, checked: hierarchy, data, weights or judgments, options."""

    name: str
    source: str
    hierarchy: Hierarchy
    problem: Problem | None
    experts: tuple[Judgments, ...] = ()
    direct_weights: Mapping[str, float] | None = None
    weights_rule: str | None = None
    ahp: AhpSpec = field(default_factory=AhpSpec)
    methods: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    max_cr: float | None = None
    description: str = ""
    combine: CombineSpec | None = None
    missing: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    transforms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    population: str | None = None
    expert_scores: tuple[ExpertScores, ...] = ()
    scoring: ScoringSpec = field(default_factory=ScoringSpec)
    scores_path: Path | None = None
    """The scores file or folder named by ``expert_scores:`` (where sessions write)."""
    inputs: tuple[Path, ...] = ()
    """Every file the scenario was read from: an output may never replace one of them."""
    union: UrbanUnion | None = None
    min_supported_weight: float = MIN_SUPPORTED_WEIGHT
    partial: str = "warn"  # warn | error
    missing_ranges: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # indicator → [low, high] for 'missing: sample' (in the units the methods see)
    cell_ranges: Mapping[str, Mapping[str, tuple[float, float]]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # indicator → alternative → [low, high]: a cell's own range (e.g. from experts)
    locations: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # alternative → (latitude, longitude) from 'coordinates:', the alternatives with both
    partnerships: tuple[tuple[str, str], ...] = ()
    """Pairs of partner alternatives from ``partnerships:``: each pair sorted, pairs sorted."""
    language: str | None = None  # the scenario's ``language:`` (en, fa), for --lang's default


def _spec(doc: Located) -> ScenarioSpec:
    if not isinstance(doc.data, dict):
        raise InputError(
            f"{doc.at(())}: expected a YAML mapping starting with "
            "'format: citydip/scenario' and 'version: 1'; see the README"
        )
    return validated(ScenarioSpec, doc.data, doc)


def _policies(spec: ScenarioSpec, hierarchy: Hierarchy) -> dict[str, str]:
    """The missing-data policy of every indicator (``missing: median`` or a mapping with
    ``default`` and per-indicator overrides)."""
    if isinstance(spec.missing, str):
        return dict.fromkeys(hierarchy.leaves, spec.missing)
    default = spec.missing.get("default", "fail")
    return {leaf: spec.missing.get(leaf, default) for leaf in hierarchy.leaves}


class _Collector:
    """Runs readers and keeps every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def attempt(self, reader: Callable[[], T]) -> T | None:
        try:
            return reader()
        except InputError as exc:
            self.problems.extend(exc.messages)
            return None


def _hierarchy(spec: ScenarioSpec, doc: Located, base: Path) -> Hierarchy:
    if isinstance(spec.criteria, str):
        return load_criteria(base / spec.criteria)
    return parse_criteria(doc, ("criteria",))


def _experts(spec: ScenarioSpec, doc: Located, base: Path, hierarchy: Hierarchy) -> list[Judgments]:
    if isinstance(spec.judgments, str):
        return load_judgments(base / spec.judgments, hierarchy)
    found: list[Judgments] = []
    collect = _Collector()
    for i in range(len(spec.judgments or [])):
        expert = collect.attempt(partial(parse_judgments, doc, hierarchy, ("judgments", i), False))
        if expert is not None:
            found.append(expert)
    if collect.problems:
        raise InputError(collect.problems)
    return found


def _table_options(spec: ScenarioSpec, doc: Located) -> TableOptions:
    """What the alternatives table may hold: missing cells, population and coordinates."""
    coordinates = spec.coordinates
    axes = (coordinates.latitude, coordinates.longitude) if coordinates else ()
    return TableOptions(
        allow_missing="missing" in doc.data or spec.expert_scores is not None,
        attributes=((spec.population,) if spec.population else ()) + axes,
        optional=axes,
        bounds=MappingProxyType(coordinate_bounds(coordinates) if coordinates else {}),
    )


def _partnerships(
    spec: ScenarioSpec, base: Path, problem: Problem | None
) -> tuple[tuple[str, str], ...]:
    if spec.partnerships is None or problem is None:
        return ()
    return load_partnerships(base / spec.partnerships, problem.alternatives)


def _inputs(spec: ScenarioSpec, path: Path) -> tuple[Path, ...]:
    """The scenario file and every file it names (the files of a named folder included)."""
    base = path.parent
    members = spec.union.members if spec.union is not None else None
    named = [spec.criteria, spec.alternatives, spec.judgments, spec.expert_scores, members]
    named.append(spec.partnerships)
    found = [path]
    for entry in named:
        if not isinstance(entry, str):
            continue
        target = base / entry
        found.extend(list_folder(target, (".yaml", ".yml")) if is_folder(target) else [target])
    return tuple(found)


class _Parts(Struct, frozen=True):
    """What :func:`load_scenario` read from the files, once every problem is known."""

    hierarchy: Hierarchy
    experts: list[Judgments]
    problem: Problem | None
    scores: list[ExpertScores]
    pairs: tuple[tuple[str, str], ...]
    union: UrbanUnion | None


def _files_alone(spec: ScenarioSpec, doc: Located, base: Path, collect: _Collector) -> None:
    """Without a hierarchy: the judgments and the table, checked for what they hold alone."""
    if isinstance(spec.judgments, str):
        collect.problems.extend(judgments_alone(base / spec.judgments))
    elif isinstance(spec.judgments, list):
        collect.problems.extend(inline_judgments_alone(doc, len(spec.judgments)))
    if isinstance(spec.alternatives, str):
        collect.problems.extend(table_alone(base / spec.alternatives, _table_options(spec, doc)))


def _unread_files(spec: ScenarioSpec, base: Path, collect: _Collector) -> None:
    """Without the alternatives: the files that are checked against them (expert scores,
    partnerships) must at least be there and readable."""
    scores = base / spec.expert_scores if spec.expert_scores else None
    if scores is not None and not _scores_folder_to_come(scores) and not is_folder(scores):
        collect.attempt(lambda: check_readable(scores, "a scores file or folder"))
    if spec.partnerships is not None:
        pairs = base / spec.partnerships
        collect.attempt(lambda: check_readable(pairs, "a CSV of partnerships"))


def _read_all(spec: ScenarioSpec, doc: Located, base: Path, broken: frozenset[str]) -> _Parts:
    """Every file the scenario names, each checked even when another is missing or wrong;
    the checks across files only where their inputs were read. One error lists every
    problem, those of the scenario's schema (``broken``: its wrong keys) included."""
    collect = _Collector()
    hierarchy = None
    if "criteria" not in broken:
        hierarchy = collect.attempt(lambda: _hierarchy(spec, doc, base))
    collect.problems.extend(scenario_problems(spec, doc, hierarchy, broken))
    if hierarchy is None:
        _files_alone(spec, doc, base, collect)
        _unread_files(spec, base, collect)
        if (alone := spec.union) is not None:
            collect.attempt(lambda: _union(alone, doc, base, None))
        raise InputError(collect.problems)
    experts = collect.attempt(lambda: _experts(spec, doc, base, hierarchy)) or []
    options = _table_options(spec, doc)
    problem: Problem | None = None
    if isinstance(spec.alternatives, str):
        table = base / spec.alternatives
        problem = collect.attempt(lambda: load_alternatives(table, hierarchy, options))
    elif isinstance(spec.alternatives, dict):
        problem = collect.attempt(lambda: inline_alternatives(doc, hierarchy, options))
    if problem is None:
        _unread_files(spec, base, collect)
    scores: list[ExpertScores] = []
    folder = base / spec.expert_scores if spec.expert_scores else None
    if folder is not None and problem is not None and not _scores_folder_to_come(folder):
        names = problem.alternatives
        scores = collect.attempt(lambda: load_all_scores(folder, hierarchy, names)) or []
    pairs = collect.attempt(lambda: _partnerships(spec, base, problem)) or ()
    union_spec = spec.union
    union = (
        collect.attempt(lambda: _union(union_spec, doc, base, problem))
        if union_spec is not None
        else None
    )
    if collect.problems:
        raise InputError(collect.problems)
    return _Parts(hierarchy, experts, problem, scores, pairs, union)


def load_scenario(path: Path) -> Scenario:
    """Read a scenario and everything it names; raise one error listing every problem."""
    doc = load_yaml(path)
    spec, schema_problems, broken = lenient_spec(doc)
    try:
        parts = _read_all(spec, doc, path.parent, broken)
    except InputError as exc:
        raise InputError([*schema_problems, *exc.messages]) from None
    if schema_problems:
        raise InputError(schema_problems)
    hierarchy, experts, problem = parts.hierarchy, parts.experts, parts.problem
    scores, pairs, union = parts.scores, parts.pairs, parts.union
    methods = spec.methods.options()
    return Scenario(
        name=spec.name,
        source=str(path),
        hierarchy=hierarchy,
        problem=problem,
        experts=tuple(experts),
        direct_weights=MappingProxyType(dict(spec.weights))
        if isinstance(spec.weights, dict)
        else None,
        weights_rule=spec.weights if isinstance(spec.weights, str) else None,
        ahp=spec.ahp,
        methods=MappingProxyType(methods),
        max_cr=spec.max_cr,
        description=spec.description,
        combine=spec.combine,
        missing=MappingProxyType(_policies(spec, hierarchy)),
        transforms=MappingProxyType(dict(spec.transforms)),
        population=spec.population,
        expert_scores=tuple(scores),
        scoring=spec.scoring,
        scores_path=path.parent / spec.expert_scores if spec.expert_scores else None,
        inputs=_inputs(spec, path),
        union=union,
        min_supported_weight=spec.min_supported_weight,
        partial=spec.partial,
        missing_ranges=MappingProxyType(
            {k: v for k, v in spec.missing_ranges.items() if not isinstance(v, dict)}
        ),
        cell_ranges=MappingProxyType(
            {k: MappingProxyType(v) for k, v in spec.missing_ranges.items() if isinstance(v, dict)}
        ),
        locations=locations_of(problem, spec.coordinates),
        partnerships=pairs,
        language=spec.language,
    )


class Outline(Struct, frozen=True):
    """What an elicitation session needs of a scenario: its hierarchy and where judgments go.

    Unlike :func:`load_scenario`, it reads no data and no judgments, so it works while the
    judgments are still being collected.
    """

    name: str
    source: str
    hierarchy: Hierarchy
    judgments: Path | None
    ahp: AhpSpec
    max_cr: float | None
    inputs: tuple[Path, ...] = ()
    language: str | None = None


def load_outline(path: Path) -> Outline:
    """Read a scenario's header, options and hierarchy only."""
    doc = load_yaml(path)
    spec = _spec(doc)
    hierarchy = _hierarchy(spec, doc, path.parent)
    judgments = path.parent / spec.judgments if isinstance(spec.judgments, str) else None
    return Outline(
        spec.name,
        str(path),
        hierarchy,
        judgments,
        spec.ahp,
        spec.max_cr,
        _inputs(spec, path),
        spec.language,
    )
