"""Reader of scenarios (``format: citydip/scenario``): the one entry point to a whole run.

A scenario names a criteria hierarchy, the alternatives table, and either direct
weights or expert judgments. :func:`load_scenario` reads every file it names and
reports every problem it finds in one :class:`InputError`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import ValidationError

from mcda_citydip.ahp.consistency import cr_limit
from mcda_citydip.ahp.weights import AhpSettings
from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria, parse_criteria
from mcda_citydip.files.data import TableOptions, inline_alternatives, load_alternatives
from mcda_citydip.files.judgments import load_judgments, parse_judgments
from mcda_citydip.files.locations import (
    coordinate_bounds,
    load_partnerships,
    locations_of,
    map_key_problems,
)
from mcda_citydip.files.paths import exists, is_folder, list_folder
from mcda_citydip.files.schema import (
    AhpSpec,
    CombineSpec,
    ScenarioSpec,
    ScoringSpec,
    UnionSpec,
    schema_messages,
)
from mcda_citydip.files.scores import load_all_scores
from mcda_citydip.files.text import clipped, id_problem
from mcda_citydip.files.yamlio import Located, load_yaml, read_text
from mcda_citydip.model import (
    CANDIDATE,
    EXPELLED,
    FORMER,
    MEMBER,
    ExpertScores,
    Hierarchy,
    Judgments,
    Problem,
    UrbanUnion,
)
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
    return Path(str(files("mcda_citydip") / "default" / "scenario.yaml"))


@dataclass(frozen=True)
class Scenario:
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
    try:
        return ScenarioSpec.model_validate(doc.data)
    except ValidationError as exc:
        messages = schema_messages(exc, doc)
        raise InputError(messages) from exc


def _weights_problems(
    given: Mapping[str, float], leaves: tuple[str, ...], doc: Located
) -> list[str]:
    problems = [
        f"{doc.at(('weights', k))}: '{k}' is not an indicator of the hierarchy; use indicator ids"
        for k in given
        if k not in leaves
    ]
    problems += [
        f"{doc.at(('weights',))}: indicator '{leaf}' has no weight; give every "
        "indicator a weight (0 is allowed)"
        for leaf in leaves
        if leaf not in given
    ]
    problems += [
        f"{doc.at(('weights', k))}: weight {v} is negative; weights must be ≥ 0"
        for k, v in given.items()
        if v < 0
    ]
    if given and all(v == 0 for v in given.values()):
        problems.append(
            f"{doc.at(('weights',))}: all weights are 0; give at least one "
            "indicator a positive weight"
        )
    return problems


def _combine_problems(spec: ScenarioSpec, doc: Located) -> list[str]:
    problems = []
    combine = spec.combine
    if combine is not None and spec.judgments is None:
        problems.append(
            f"{doc.at(('combine',))}: 'combine' mixes AHP weights with objective "
            "ones; give 'judgments:' too, or remove 'combine'"
        )
    if combine is not None and combine.rule == "linear" and combine.alpha is None:
        problems.append(
            f"{doc.at(('combine',))}: rule 'linear' needs 'alpha' (the share of "
            "the AHP weights, 0 to 1); add e.g. 'alpha: 0.5'"
        )
    if combine is not None and combine.rule == "product" and combine.alpha is not None:
        problems.append(
            f"{doc.at(('combine', 'alpha'))}: 'alpha' applies to rule 'linear' "
            "only; remove it or use 'rule: linear'"
        )
    if (combine is not None or spec.weights in ("entropy", "critic")) and not spec.alternatives:
        problems.append(
            f"{doc.at(())}: objective weights (entropy, critic) come from the "
            "data; add 'alternatives:'"
        )
    return problems


def _policies(spec: ScenarioSpec, hierarchy: Hierarchy) -> dict[str, str]:
    """The missing-data policy of every indicator (``missing: median`` or a mapping with
    ``default`` and per-indicator overrides)."""
    if isinstance(spec.missing, str):
        return dict.fromkeys(hierarchy.leaves, spec.missing)
    default = spec.missing.get("default", "fail")
    return {leaf: spec.missing.get(leaf, default) for leaf in hierarchy.leaves}


def _data_option_problems(spec: ScenarioSpec, doc: Located, hierarchy: Hierarchy) -> list[str]:
    leaves = set(hierarchy.leaves)
    problems = []
    if isinstance(spec.missing, dict):
        problems += [
            f"{doc.at(('missing', k))}: '{k}' is not an indicator; use 'default' or an indicator id"
            for k in spec.missing
            if k != "default" and k not in leaves
        ]
    problems += [
        f"{doc.at(('transforms', k))}: '{k}' is not an indicator; use indicator ids"
        for k in spec.transforms
        if k not in leaves
    ]
    for k, given in spec.missing_ranges.items():
        if k not in leaves:
            problems.append(
                f"{doc.at(('missing_ranges', k))}: '{k}' is not an indicator; use indicator ids"
            )
            continue
        cells = given.items() if isinstance(given, dict) else [("", given)]
        for city, (low, high) in cells:
            if low > high:
                at = ("missing_ranges", k, city) if city else ("missing_ranges", k)
                problems.append(
                    f"{doc.at(at)}: range [{low}, {high}] is reversed; write [low, high]"
                )
    if spec.population is None and any("per-" in t for t in spec.transforms.values()):
        problems.append(
            f"{doc.at(('transforms',))}: per-capita transforms need the population; "
            "add 'population: <column of the data>'"
        )
    return problems


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


def _member_ids(spec: UnionSpec, base: Path) -> list[str]:
    """The members listed inline, or read from a file (one id per line, or the first column
    of a CSV; ``#`` comments and a header ``id`` are skipped)."""
    if not isinstance(spec.members, str):
        return list(spec.members)
    path = base / spec.members
    lines = read_text(path).splitlines()
    rows = csv.reader(line for line in lines if line.strip() and not line.startswith("#"))
    ids = [row[0].strip() for row in rows if row and row[0].strip()]
    if ids and ids[0].lower() in ("id", "city", "member", "name"):
        ids = ids[1:]
    problems = [f"{path}, member '{clipped(i)}': {p}" for i in ids if (p := id_problem(i))]
    if problems:
        raise InputError(problems)
    return ids


def _union(union: UnionSpec, doc: Located, base: Path, problem: Problem | None) -> UrbanUnion:
    """The union of the scenario and the status of every alternative in it."""
    members = _member_ids(union, base)
    lists = {MEMBER: members, FORMER: union.former, EXPELLED: union.expelled}
    seen: dict[str, str] = {}
    problems = []
    for kind, ids in lists.items():
        for name in ids:
            if name in seen and seen[name] != kind:
                problems.append(
                    f"{doc.at(('union',))}: '{name}' is listed as {seen[name]} and as {kind}; "
                    "give each city one status"
                )
            seen.setdefault(name, kind)
    if problems:
        raise InputError(problems)
    names = problem.alternatives if problem is not None else ()
    status = {name: seen.get(name, CANDIDATE) for name in names}
    return UrbanUnion(union.name, MappingProxyType(status))


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


def load_scenario(path: Path) -> Scenario:
    """Read a scenario and everything it names; raise one error listing every problem."""
    doc = load_yaml(path)
    spec = _spec(doc)
    base = path.parent
    collect = _Collector()
    hierarchy = collect.attempt(lambda: _hierarchy(spec, doc, base))
    if hierarchy is None:
        raise InputError(collect.problems)
    if (spec.weights is None) == (spec.judgments is None):
        collect.problems.append(
            f"{doc.at(())}: give either 'weights:' (direct or 'equal') or 'judgments:' "
            "(AHP), " + ("not both" if spec.weights is not None else "none was given")
        )
    if isinstance(spec.weights, dict):
        collect.problems.extend(_weights_problems(spec.weights, hierarchy.leaves, doc))
    collect.problems.extend(_combine_problems(spec, doc))
    experts = collect.attempt(lambda: _experts(spec, doc, base, hierarchy)) or []
    collect.problems.extend(_data_option_problems(spec, doc, hierarchy))
    collect.problems.extend(map_key_problems(spec, doc, hierarchy))
    options = _table_options(spec, doc)
    problem: Problem | None = None
    if isinstance(spec.alternatives, str):
        table = base / spec.alternatives
        problem = collect.attempt(lambda: load_alternatives(table, hierarchy, options))
    elif isinstance(spec.alternatives, dict):
        problem = collect.attempt(lambda: inline_alternatives(doc, hierarchy, options))
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
    methods = {
        name: dict(options)
        for name, options in spec.methods.model_dump().items()
        if options is not None
    }
    if not methods:
        raise InputError(
            f"{doc.at(('methods',))}: no method selected; add 'topsis: {{}}' "
            "or 'vikor: {}' under 'methods:'"
        )
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
        scores_path=base / spec.expert_scores if spec.expert_scores else None,
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


@dataclass(frozen=True)
class Outline:
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
