"""A study built in memory from a table (a pandas DataFrame or a numpy array), as the file
layer builds one from a scenario: the same :class:`Hierarchy`, :class:`Problem`,
:class:`Judgments` and :class:`Scenario` objects, checked with messages that name the
argument at fault (``weights: 'X' is not an indicator …``)."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from numbers import Real
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, get_args

import numpy as np
from pydantic import BaseModel, ValidationError

from mcda_citydip.api.results import Study
from mcda_citydip.api.table import Table, _table
from mcda_citydip.errors import InputError, MethodError
from mcda_citydip.files import spec as specs
from mcda_citydip.files.judgments import parse_judgments
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.files.schema import AhpSpec, MethodsSpec
from mcda_citydip.files.yamlio import Located
from mcda_citydip.model import GOAL, Hierarchy, Judgments, Node, Policy, Problem
from mcda_citydip.objective import WeightsRule

DIRECTIONS = ("benefit", "cost")
WEIGHT_RULES = get_args(WeightsRule)
POLICIES = get_args(Policy)

SpecT = TypeVar("SpecT", bound=BaseModel)


def _per_indicator(given: Any, indicators: tuple[str, ...], parameter: str) -> dict[str, Any]:
    """One value per indicator from a mapping (every indicator, no other key) or a sequence
    in the columns' order."""
    if isinstance(given, np.ndarray) and given.ndim == 1:
        given = given.tolist()
    if isinstance(given, Mapping):
        unknown = [str(k) for k in given if k not in indicators]
        absent = [k for k in indicators if k not in given]
        problems = [f"{parameter}: '{k}' is not an indicator of data" for k in unknown]
        if absent:
            problems.append(f"{parameter}: no value for indicator(s) {', '.join(absent)}")
        if problems:
            raise InputError(problems, parameter=parameter)
        return {k: given[k] for k in indicators}
    if isinstance(given, Sequence) and not isinstance(given, str | bytes):
        if len(given) != len(indicators):
            raise InputError(
                f"{parameter}: {len(given)} values for {len(indicators)} indicators; give one "
                "per column of data (or a mapping indicator → value)",
                parameter=parameter,
            )
        return dict(zip(indicators, given, strict=True))
    raise InputError(
        f"{parameter}: expected a mapping indicator → value or a sequence, got "
        f"{type(given).__name__}",
        parameter=parameter,
    )


def _directions(given: Any, indicators: tuple[str, ...]) -> dict[str, str]:
    chosen = (
        dict.fromkeys(indicators, given)
        if isinstance(given, str)
        else _per_indicator(given, indicators, "directions")
    )
    bad = [f"{k} = {v!r}" for k, v in chosen.items() if v not in DIRECTIONS]
    if bad:
        raise InputError(
            f"directions: {', '.join(bad)}: use 'benefit' (more is better) or 'cost'",
            parameter="directions",
        )
    return chosen


def _nested(tree: Mapping[Any, Any], directions: Mapping[str, str]) -> Hierarchy:
    """A hierarchy from ``{dimension: [indicator, …] | {sub-dimension: …}}``."""
    nodes: dict[str, Node] = {}
    seen: set[str] = set()  # ids met so far, stored before their children are read
    problems: list[str] = []

    def add(node: str, children: Any) -> str:
        if node == GOAL or node in seen:
            problems.append(f"hierarchy: id '{node}' is reserved or used twice; rename it")
            return node
        seen.add(node)
        if isinstance(children, Mapping):
            ids = tuple(add(str(k), v) for k, v in children.items())
        elif isinstance(children, Sequence) and not isinstance(children, str):
            ids = tuple(add(str(leaf), None) for leaf in children)
        elif children is None:
            nodes[node] = Node(node, node, direction=directions.get(node))  # type: ignore[arg-type]
            return node
        else:
            raise InputError(
                f"hierarchy: '{node}' maps to {children!r}; give a list of indicators or a "
                "mapping of sub-dimensions",
                parameter="hierarchy",
            )
        if not ids:
            problems.append(f"hierarchy: '{node}' has no children; give it indicators")
        nodes[node] = Node(node, node, children=ids)
        return node

    top = tuple(add(str(k), v) for k, v in tree.items())
    if problems:
        raise InputError(problems, parameter="hierarchy")
    nodes[GOAL] = Node(GOAL, "Goal", children=top)
    return Hierarchy("hierarchy", MappingProxyType(nodes))


def _hierarchy(given: Any, directions: Any, indicators: tuple[str, ...]) -> Hierarchy:
    """The hierarchy: flat (none given), nested (a mapping) or a criteria YAML file."""
    if isinstance(given, str | os.PathLike):
        from mcda_citydip.files.criteria import load_criteria

        try:
            hierarchy = load_criteria(Path(given))
        except InputError as exc:
            raise InputError(
                [f"hierarchy: {m}" for m in exc.messages], parameter="hierarchy"
            ) from None
        if directions is not None:
            wanted = _directions(directions, indicators)
            differ = [
                f"{k}: file {hierarchy.nodes[k].direction}, directions {v}"
                for k, v in wanted.items()
                if k in hierarchy.nodes and hierarchy.nodes[k].direction != v
            ]
            if differ:
                raise InputError(
                    f"directions: contradict {hierarchy.source} ({'; '.join(differ)}); leave "
                    "directions out to use the file's",
                    parameter="directions",
                )
    elif directions is None:
        raise InputError(
            "directions: give each indicator's direction ('benefit' or 'cost'): one for all, "
            "a list per column or a mapping indicator → direction",
            parameter="directions",
        )
    elif given is None:
        hierarchy = _nested({k: None for k in indicators}, _directions(directions, indicators))
    elif isinstance(given, Mapping):
        hierarchy = _nested(given, _directions(directions, indicators))
    else:
        raise InputError(
            f"hierarchy: expected a mapping or a criteria YAML path, got {type(given).__name__}",
            parameter="hierarchy",
        )
    leaves = hierarchy.leaves
    problems = [f"hierarchy: indicator '{k}' is not a column of data" for k in leaves
                if k not in indicators]  # fmt: skip
    problems += [f"hierarchy: column '{k}' of data is in no dimension" for k in indicators
                 if k not in leaves]  # fmt: skip
    if problems:
        raise InputError(problems, parameter="hierarchy")
    return hierarchy


def _weights(given: Any, indicators: tuple[str, ...]) -> dict[str, float]:
    chosen = _per_indicator(given, indicators, "weights")
    problems = []
    for k, v in chosen.items():
        if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(float(v)):
            problems.append(f"weights: weight of '{k}' is {v!r}; give a finite number ≥ 0")
        elif float(v) < 0:
            problems.append(f"weights: weight of '{k}' is {v!r}, negative; weights must be ≥ 0")
    if not problems and all(float(v) == 0 for v in chosen.values()):
        problems.append("weights: all weights are 0; give one indicator a positive weight")
    if problems:
        raise InputError(problems, parameter="weights")
    return {k: float(v) for k, v in chosen.items()}


def _pairs(given: Any) -> Any:
    """A node's pairs as the reader takes them (lists); anything else as given, for the
    reader's schema to refuse."""
    if not isinstance(given, list | tuple):
        return given
    return [list(p) if isinstance(p, list | tuple) else p for p in given]


def _judgments(given: Any, hierarchy: Hierarchy) -> tuple[Judgments, ...]:
    """One expert's comparisons (``{node: [(left, right, value), …]}``) or a list of them,
    checked by the judgments reader (Saaty's scale, children of the node, no repeats)."""
    experts = [given] if isinstance(given, Mapping) else given
    if not isinstance(experts, Sequence) or not experts:
        raise InputError(
            "judgments: expected {node: [(left, right, value), …]} or a list of them (one "
            "per expert)",
            parameter="judgments",
        )
    found = []
    for i, comparisons in enumerate(experts):
        label = "judgments" if isinstance(given, Mapping) else f"judgments[{i}]"
        if not isinstance(comparisons, Mapping):
            raise InputError(
                f"{label}: expected a mapping node → pairs, got {type(comparisons).__name__}",
                parameter="judgments",
            )
        body = {
            "expert": f"expert {i + 1}",
            "comparisons": {str(k): _pairs(v) for k, v in comparisons.items()},
        }
        try:
            found.append(parse_judgments(Located(label, body), hierarchy, (), False))
        except InputError as exc:
            raise InputError(exc.messages, parameter="judgments") from None
    return tuple(found)


def method_names(methods: Any) -> list[str]:
    """The methods asked for (a name or a sequence of names), checked against the registry,
    each once, in the order given."""
    from mcda_citydip.ranking import METHODS

    if isinstance(methods, str):
        names: list[Any] = [methods]
    elif isinstance(methods, Sequence | np.ndarray) and not isinstance(methods, bytes):
        names = list(methods)
    else:
        raise MethodError(
            f"methods: expected a method name or a list of them, got {type(methods).__name__}; "
            f"use one or more of: {', '.join(METHODS)}",
            parameter="methods",
        )
    unknown = [repr(m) for m in names if not isinstance(m, str) or m not in METHODS]
    if unknown or not names:
        raise MethodError(
            f"methods: unknown method(s) {', '.join(unknown) or '(none given)'}; use one or "
            f"more of: {', '.join(METHODS)}",
            parameter="methods",
        )
    return list(dict.fromkeys(names))


def _options(methods: Any, options: Any) -> dict[str, dict[str, Any]]:
    names = method_names(methods)
    given = _mapping(options, "options", "method → {option: value}")
    extra = [str(k) for k in given if k not in names]
    if extra:
        raise MethodError(
            f"options: {', '.join(extra)} not among methods {', '.join(names)}",
            parameter="options",
        )
    chosen = {
        name: _mapping(given.get(name), f"options[{name!r}]", "option → value", "options")
        for name in names
    }
    known = {k: v for k, v in chosen.items() if k in MethodsSpec.model_fields}
    checked = _validated(MethodsSpec, known, "options").model_dump()
    return {name: checked.get(name) or chosen[name] for name in chosen}


def _mapping(given: Any, label: str, shape: str, parameter: str = "") -> dict[str, Any]:
    """``given`` (a mapping, or None for none) as a dict, else :class:`MethodError`."""
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise MethodError(
            f"{label}: expected a mapping {shape}, got {type(given).__name__}",
            parameter=parameter or label,
        )
    return dict(given)


def _ahp(given: Any) -> specs.AhpSpec:
    checked = _validated(AhpSpec, _mapping(given, "ahp", "setting → value"), "ahp")
    return specs.from_model(specs.AhpSpec, checked)


def _validated(spec: type[SpecT], data: Mapping[str, Any], parameter: str) -> SpecT:
    """``data`` checked by the scenario file's own ``spec``; each problem one line of a
    :class:`MethodError` about ``parameter`` (``ahp: priority = 'x': …``)."""
    try:
        return spec.model_validate(data)
    except ValidationError as exc:
        raise MethodError(
            [
                f"{parameter}: {'.'.join(map(str, e['loc']))} = {e['input']!r}: {e['msg']}"
                for e in exc.errors()
            ],
            parameter=parameter,
        ) from None


def _missing(given: Any, table: Table) -> dict[str, str]:
    """The missing-data policy per indicator; a NaN under ``fail`` is an error here."""
    alternatives, indicators, matrix = table
    if isinstance(given, str):
        chosen = dict.fromkeys(indicators, given)
    elif isinstance(given, Mapping):
        chosen = {k: given.get(k, given.get("default", "fail")) for k in indicators}
    else:
        raise InputError(
            f"missing: expected a policy ({', '.join(POLICIES)}) or a mapping indicator → "
            f"policy, got {type(given).__name__}",
            parameter="missing",
        )
    unknown = [str(k) for k in given if k != "default" and k not in indicators]
    if unknown and not isinstance(given, str):
        raise InputError(
            f"missing: {', '.join(unknown)}: not indicators; use 'default' or indicator ids",
            parameter="missing",
        )
    bad = [f"{k} = {v!r}" for k, v in chosen.items() if not isinstance(v, str) or v not in POLICIES]
    if bad:
        raise InputError(
            f"missing: {', '.join(bad)}: use one of {', '.join(POLICIES)}", parameter="missing"
        )
    gaps = [
        f"'{k}' ({', '.join(alternatives[i] for i in np.flatnonzero(np.isnan(matrix[:, j])))})"
        for j, k in enumerate(indicators)
        if chosen[k] == "fail" and np.isnan(matrix[:, j]).any()
    ]
    if gaps:
        raise InputError(
            f"data: missing values (NaN) in {', '.join(gaps)}; fill them, or pass "
            "missing='median' (or 'drop', 'zero', 'sample')",
            parameter="data",
        )
    return chosen


def build(
    data: Any,
    *,
    directions: str | Sequence[str] | Mapping[str, str] | None = None,
    hierarchy: Mapping[str, Any] | str | os.PathLike[str] | None = None,
    weights: Mapping[str, float] | Sequence[float] | str | None = None,
    judgments: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    alternatives: Sequence[Any] | None = None,
    indicators: Sequence[Any] | None = None,
    methods: str | Sequence[str] = ("topsis", "vikor"),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    ahp: Mapping[str, Any] | None = None,
    missing: str | Mapping[str, str] = "fail",
    name: str = "Python study",
) -> Study:
    """A study from a table: rows the alternatives, columns the indicators.

    ``data``: a pandas DataFrame (index: alternatives, columns: indicators) or a 2-D array
    (names from ``alternatives`` and ``indicators``, else ``A1…``, ``C1…``).
    ``directions``: ``"benefit"``/``"cost"`` for all, one per column, or a mapping.
    ``hierarchy``: ``{dimension: [indicator, …]}`` (nested mappings for deeper trees) or
    a criteria YAML path (its directions); none: every indicator under the goal.
    ``weights`` (a mapping indicator → weight ≥ 0, a sequence, or ``"equal"``,
    ``"entropy"``, ``"critic"``) *or* ``judgments`` (``{node: [(left, right, value), …]}``
    with ``node`` ``"goal"`` or a dimension; a list of them for several experts, pooled by
    AIJ). ``options``: per method (``{"vikor": {"v": 0.5}}``); ``ahp``: the scenario's
    ``ahp:`` settings; ``missing``: the missing-data policy (``"fail"``: NaN is an error).
    """
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"name: expected a non-empty text, got {name!r}", parameter="name")
    rows, columns, matrix = _table(data, alternatives, indicators)
    tree = _hierarchy(hierarchy, directions, columns)
    leaves = tree.leaves
    matrix = matrix[:, [columns.index(k) for k in leaves]]
    policies = _missing(missing, (rows, leaves, matrix))
    if (weights is None) == (judgments is None):
        raise InputError(
            "weights: give either weights (a mapping indicator → weight, or "
            f"{', '.join(WEIGHT_RULES)}) or judgments (AHP pairwise comparisons), "
            + ("not both" if weights is not None else "none was given"),
            parameter="weights",
        )
    rule = weights if isinstance(weights, str) else None
    if rule is not None and rule not in WEIGHT_RULES:
        raise InputError(
            f"weights: unknown rule {rule!r}; use {', '.join(WEIGHT_RULES)} or a mapping",
            parameter="weights",
        )
    direct = _weights(weights, leaves) if weights is not None and rule is None else None
    experts = _judgments(judgments, tree) if judgments is not None else ()
    problem = Problem(tree, rows, matrix, source="data")
    scenario = Scenario(
        name=name,
        source=name,
        hierarchy=tree,
        problem=problem,
        experts=experts,
        direct_weights=MappingProxyType(direct) if direct is not None else None,
        weights_rule=rule,
        ahp=_ahp(ahp),
        methods=MappingProxyType(_options(methods, options)),
        missing=MappingProxyType(policies),
    )
    return Study(scenario)
