"""Checking a scenario as far as it goes: every problem of every file in one run.

:func:`mcda_citydip.files.scenario.load_scenario` keeps reading after a problem. What it
needs for that lives here:

- :func:`lenient_spec`: the scenario's schema problems, all of them, and a spec of the keys
  that are right (a wrong key is left out, a required one stands in), so that the files the
  scenario names are still read;
- :func:`scenario_problems`: the checks of the scenario file itself, beyond its schema;
- stand-in hierarchies for when the criteria cannot be read: the judgments files and the
  alternatives table are then checked for what they hold by themselves (YAML, format, pairs
  and values; header and numbers), not against indicators that are not known.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import get_args

from msgspec.structs import replace

from mcda_citydip.errors import InputError
from mcda_citydip.files.data import TableOptions, load_alternatives
from mcda_citydip.files.judgments import judgment_files, parse_judgments
from mcda_citydip.files.locations import map_key_problems
from mcda_citydip.files.spec import ScenarioSpec, fast, from_model
from mcda_citydip.files.yamlio import Located, PathKey, load_yaml, read_text
from mcda_citydip.model import GOAL, Hierarchy, Node
from mcda_citydip.names import name_language
from mcda_citydip.objective import ObjectiveRule

STAND_INS: Mapping[str, object] = MappingProxyType(
    {"format": "citydip/scenario", "version": 1, "name": "?", "criteria": []}
)
"""What a wrong or absent required key stands in for while the rest is checked."""


def lenient_spec(doc: Located) -> tuple[ScenarioSpec, list[str], frozenset[str]]:
    """The scenario's spec, its schema problems (all of them) and the top-level keys that
    were wrong (left out, or a stand-in when required: :data:`STAND_INS`).

    Raises :class:`InputError` with the problems when no spec can be had (not a mapping).
    """
    if not isinstance(doc.data, dict):
        raise InputError(
            f"{doc.at(())}: expected a YAML mapping starting with "
            "'format: citydip/scenario' and 'version: 1'; see the README"
        )
    spec = fast(ScenarioSpec, doc.data)
    if spec is not None:
        return spec, [], frozenset()
    from pydantic import ValidationError

    from mcda_citydip.files import schema

    data = dict(doc.data)
    problems: list[str] = []
    broken: set[str] = set()
    while True:
        try:
            model = schema.ScenarioSpec.model_validate(data)
            return from_model(ScenarioSpec, model), problems, frozenset(broken)
        except ValidationError as exc:
            problems += [m for m in schema.schema_messages(exc, doc) if m not in problems]
            keys = {str(e["loc"][0]) for e in exc.errors() if e["loc"]} - broken
            if not keys:  # nothing left to take out: no spec
                raise InputError(problems) from exc
        broken |= keys
        for key in keys:
            if key in STAND_INS:
                data[key] = STAND_INS[key]
            else:
                data.pop(key, None)


def _pair_items(entries: object) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [str(e[k]) for e in entries if isinstance(e, list) and len(e) >= 2 for k in (0, 1)]


def judgments_stand_in(data: object, source: str) -> Hierarchy:
    """A hierarchy in which every node of a judgments document (``comparisons:``) has the
    items compared under it as children, so only what the document holds by itself is
    checked."""
    comparisons = data.get("comparisons") if isinstance(data, dict) else None
    nodes: dict[str, Node] = {GOAL: Node(GOAL, GOAL, ("?",))}
    if not isinstance(comparisons, dict):
        return Hierarchy(source, MappingProxyType(nodes))
    for entries in comparisons.values():
        nodes.update((item, Node(item, item)) for item in _pair_items(entries))
    for node, entries in comparisons.items():
        children = tuple(dict.fromkeys(_pair_items(entries))) or ("?",)
        nodes[str(node)] = Node(str(node), str(node), children)
    return Hierarchy(source, MappingProxyType(nodes))


def judgments_alone(path: Path) -> list[str]:
    """The problems of a judgments file or folder that show without the hierarchy."""
    problems: list[str] = []
    try:
        files = judgment_files(path)
    except InputError as exc:
        return list(exc.messages)
    for file in files:
        try:
            doc = load_yaml(file)
            parse_judgments(doc, judgments_stand_in(doc.data, str(file)))
        except InputError as exc:
            problems.extend(exc.messages)
    return problems


def inline_judgments_alone(doc: Located, count: int) -> list[str]:
    """The problems of a scenario's inline ``judgments:`` that show without the hierarchy."""
    problems: list[str] = []
    for i in range(count):
        base: PathKey = ("judgments", i)
        data = doc.data["judgments"][i]
        try:
            parse_judgments(doc, judgments_stand_in(data, doc.source), base, False)
        except InputError as exc:
            problems.extend(exc.messages)
    return problems


def _header(path: Path) -> list[str]:
    """The header row of a CSV or XLSX table (empty when there is none to read)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
            first = next(sheet.iter_rows(values_only=True), ())
        except Exception:  # unreadable: load_alternatives says why
            return []
        return [str(c).strip() if c is not None else "" for c in first]
    lines = [line for line in read_text(path).splitlines() if not line.startswith("#")]
    try:
        row = next(csv.reader(io.StringIO("\n".join(lines))), [])
    except csv.Error:  # malformed: load_alternatives says why
        return []
    return [c.strip() for c in row]


def table_alone(path: Path, options: TableOptions) -> list[str]:
    """The problems of an alternatives table that show without the hierarchy: its columns
    (except names and the scenario's attributes) are taken for the indicators."""
    try:
        columns = [
            c
            for c in _header(path)[1:]
            if c and not name_language(c) and c not in options.attributes
        ]
        if not columns:  # no indicator to check: the ids and the reading only
            columns, options = ["?"], replace(options, allow_missing=True)
        nodes = {GOAL: Node(GOAL, GOAL, tuple(dict.fromkeys(columns)))}
        nodes.update((c, Node(c, c)) for c in columns)
        load_alternatives(path, Hierarchy(str(path), MappingProxyType(nodes)), options)
    except InputError as exc:
        return list(exc.messages)
    return []


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
    if (combine is not None or spec.weights in get_args(ObjectiveRule)) and not spec.alternatives:
        problems.append(
            f"{doc.at(())}: objective weights (entropy, critic) come from the "
            "data; add 'alternatives:'"
        )
    return problems


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


def scenario_problems(
    spec: ScenarioSpec, doc: Located, hierarchy: Hierarchy | None, broken: frozenset[str]
) -> list[str]:
    """The problems of the scenario file itself (those about indicators need ``hierarchy``)."""
    problems = []
    if (spec.weights is None) == (spec.judgments is None) and not {"weights", "judgments"} & broken:
        problems.append(
            f"{doc.at(())}: give either 'weights:' (direct or 'equal') or 'judgments:' "
            "(AHP), " + ("not both" if spec.weights is not None else "none was given")
        )
    if hierarchy is not None and isinstance(spec.weights, dict):
        problems.extend(_weights_problems(spec.weights, hierarchy.leaves, doc))
    problems.extend(_combine_problems(spec, doc))
    if hierarchy is not None:
        problems.extend(_data_option_problems(spec, doc, hierarchy))
        problems.extend(map_key_problems(spec, doc, hierarchy))
    if "methods" not in broken and not spec.methods.options():
        problems.append(
            f"{doc.at(('methods',))}: no method selected; add 'topsis: {{}}' "
            "or 'vikor: {}' under 'methods:'"
        )
    return problems
