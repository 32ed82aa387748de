"""Reader of expert judgments (``format: citydip/judgments``): sparse pairwise comparisons."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import ValidationError

from mcda_citydip.ahp.matrix import SAATY_MAX, SAATY_MIN
from mcda_citydip.errors import InputError
from mcda_citydip.files.schema import JudgmentsBody, JudgmentsSpec, schema_messages
from mcda_citydip.files.yamlio import Located, PathKey, load_yaml
from mcda_citydip.model import Comparison, Hierarchy, Judgments

SCALE_HINT = 'use a value from 1/9 to 9 (e.g. 3 or "1/3")'


def parse_value(raw: Any) -> float | str:
    """A judgment value as a float, or the reason it is not one."""
    if isinstance(raw, bool):
        return f"{raw!r} is not a number"
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(Fraction(raw.strip().replace(" ", "")))
        except (ValueError, ZeroDivisionError, OverflowError):
            return f"'{raw}' is not a number or a fraction"
    else:
        return f"{raw!r} is not a number"
    if not math.isfinite(value) or value <= 0:
        return f"{raw!r} is not a positive number"
    if value < SAATY_MIN * (1 - 1e-9) or value > SAATY_MAX * (1 + 1e-9):
        return f"{raw!r} is outside Saaty's scale [1/9, 9]"
    return value


def _owner(hierarchy: Hierarchy, item: str) -> str | None:
    return hierarchy.parent(item) if item in hierarchy.nodes else None


def _check_pair(
    hierarchy: Hierarchy, node: str, entry: list[Any], at: str
) -> tuple[Comparison | None, str | None]:
    if len(entry) != 3:
        return None, f"{at}: expected [left, right, value], got {entry!r}; write one pair per row"
    left, right, raw = str(entry[0]), str(entry[1]), entry[2]
    children = hierarchy.nodes[node].children
    for item in (left, right):
        if item not in children:
            owner = _owner(hierarchy, item)
            hint = (
                f"'{item}' belongs to node '{owner}'; move the pair under '{owner}:'"
                if owner
                else f"'{item}' is not an id of the hierarchy; check its spelling"
            )
            return (
                None,
                f"{at}: '{item}' is not a child of '{node}' ({', '.join(children)}); {hint}",
            )
    if left == right:
        return None, f"{at}: '{left}' is compared with itself; compare two different items"
    value = parse_value(raw)
    if isinstance(value, str):
        return None, f"{at}: judgment {value}; {SCALE_HINT}"
    return Comparison(left, right, value, at), None


def _node_pairs(
    hierarchy: Hierarchy, node: str, entries: list[list[Any]], doc: Located, path: PathKey
) -> tuple[tuple[Comparison, ...], list[str]]:
    problems: list[str] = []
    seen: dict[frozenset[str], Comparison] = {}
    for i, entry in enumerate(entries):
        comparison, problem = _check_pair(hierarchy, node, entry, doc.at((*path, i)))
        if problem:
            problems.append(problem)
        if comparison is None:
            continue
        key = frozenset((comparison.left, comparison.right))
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = comparison
            continue
        same = earlier.value if earlier.left == comparison.left else 1 / earlier.value
        if not math.isclose(same, comparison.value, rel_tol=1e-9):
            problems.append(
                f"{comparison.location}: pair {comparison.left}/{comparison.right} is judged "
                f"again with another value (first at {earlier.location}); keep one of them"
            )
    return tuple(seen.values()), problems


def parse_judgments(
    doc: Located, hierarchy: Hierarchy, base: PathKey = (), header: bool = True
) -> Judgments:
    """One expert's judgments, checked against the hierarchy; every problem reported."""
    data: Any = doc.data
    for key in base:
        data = data[key]
    model = JudgmentsSpec if header else JudgmentsBody
    if not isinstance(data, dict):
        raise InputError(
            f"{doc.at(base)}: expected a mapping with 'expert:' and 'comparisons:'; "
            "see the judgments format in the README"
        )
    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(schema_messages(exc, doc, base)) from exc
    problems: list[str] = []
    comparisons: dict[str, tuple[Comparison, ...]] = {}
    for node, entries in spec.comparisons.items():
        path = (*base, "comparisons", node)
        if node not in hierarchy.nodes:
            problems.append(
                f"{doc.at(path)}: unknown node '{node}'; use 'goal' or an inner "
                f"node id of {hierarchy.source}"
            )
            continue
        if hierarchy.nodes[node].is_leaf:
            problems.append(
                f"{doc.at(path)}: '{node}' is an indicator and has no children to "
                "compare; list its pairs under its parent node instead"
            )
            continue
        comparisons[node], found = _node_pairs(hierarchy, node, entries, doc, path)
        problems.extend(found)
    if problems:
        raise InputError(problems)
    source = doc.source if not base else f"{doc.source} ({'.'.join(map(str, base))})"
    skipped = {
        node: tuple((str(p[0]), str(p[1])) for p in pairs if len(p) == 2)
        for node, pairs in spec.skipped.items()
    }
    return Judgments(
        spec.expert,
        spec.weight,
        MappingProxyType(comparisons),
        source,
        MappingProxyType(skipped),
        spec.description,
    )


def judgment_files(path: Path) -> list[Path]:
    """The judgments file itself, or every ``*.yaml``/``*.yml`` in a folder (sorted)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"})
        if not files:
            raise InputError(f"{path}: folder has no judgments files (*.yaml); add one per expert")
        return files
    return [path]


def load_judgments(path: Path, hierarchy: Hierarchy) -> list[Judgments]:
    """Every expert's judgments from a file or a folder, all problems reported together."""
    experts: list[Judgments] = []
    problems: list[str] = []
    for file in judgment_files(path):
        try:
            experts.append(parse_judgments(load_yaml(file), hierarchy))
        except InputError as exc:
            problems.extend(exc.messages)
    names = [e.expert for e in experts]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            f"{path}: expert '{name}' appears in more than one file; give each "
            "expert one file and a unique 'expert:' name"
        )
    if problems:
        raise InputError(problems)
    return experts


def format_value(value: float) -> int | float | str:
    """A judgment as users write it: ``3``, ``"1/3"`` or a decimal when neither fits."""
    for candidate in (value, 1.0 / value):
        rounded = round(candidate)
        if rounded >= 1 and math.isclose(candidate, rounded, rel_tol=1e-9):
            return int(rounded) if candidate is value else f"1/{int(rounded)}"
    return float(value)


def dump_judgments(
    judgments: Judgments,
    order: Sequence[str] = (),
    header: str = "",
) -> str:
    """YAML text of one expert's judgments (``format: citydip/judgments``).

    ``order`` lists nodes first (others follow); the ``skipped`` pairs the expert chose to
    leave out are kept, so that an interactive session resumes exactly where it stopped.
    """
    nodes = [n for n in order if n in judgments.comparisons]
    nodes += [n for n in judgments.comparisons if n not in nodes]
    document: dict[str, Any] = {
        "format": "citydip/judgments",
        "version": 1,
        "expert": judgments.expert,
        "weight": format_value(judgments.weight) if judgments.weight >= 1 else judgments.weight,
        **({"description": judgments.description} if judgments.description else {}),
        "comparisons": {
            node: [[c.left, c.right, format_value(c.value)] for c in judgments.comparisons[node]]
            for node in nodes
            if judgments.comparisons[node]
        },
    }
    if any(judgments.skipped.values()):
        document["skipped"] = {
            n: [list(p) for p in pairs] for n, pairs in judgments.skipped.items() if pairs
        }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=None)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body


def expert_slug(name: str) -> str:
    """A file name for an expert: letters, digits, ``_``, ``.`` and ``-`` only (no paths)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "expert"
