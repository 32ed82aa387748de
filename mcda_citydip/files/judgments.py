"""Reader of expert judgments (``format: citydip/judgments``): sparse pairwise comparisons."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from msgspec.structs import replace

from mcda_citydip.ahp.matrix import SAATY_MAX, SAATY_MIN
from mcda_citydip.errors import InputError
from mcda_citydip.files.numbers import latin_digits, number_hint
from mcda_citydip.files.paths import exists, is_folder, list_folder
from mcda_citydip.files.spec import JudgmentsBody, JudgmentsSpec, validated
from mcda_citydip.files.yamlio import Located, PathKey, load_yaml
from mcda_citydip.model import Comparison, Hierarchy, Judgments

SCALE_HINT = 'use a value from 1/9 to 9 (e.g. 3 or "1/3")'


def _fraction(text: str) -> float | None:
    """``3``, ``"1/3"`` or ``2.5`` (spaces ignored) in Latin, Persian or Arabic-Indic
    digits (:func:`latin_digits`), or ``None``."""
    latin = latin_digits(text).strip().replace(" ", "")
    if not latin.isascii():  # another script's digits: Fraction() would take them
        return None
    try:
        return float(Fraction(latin))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def parse_value(raw: Any) -> float | str:
    """A judgment value as a float, or the reason it is not one; text may use Persian or
    Arabic-Indic digits and ٫ (``"۱/۳"``, ``"۲٫۵"``)."""
    if isinstance(raw, bool):
        return f"{raw!r} is not a number"
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # a 401-digit integer: beyond the float range
            digits = len(str(abs(raw)))
            return f"{str(raw)[:12]}… ({digits} digits) is outside Saaty's scale [1/9, 9]"
    elif isinstance(raw, str):
        found = _fraction(raw)
        if found is None:
            return f"'{raw}' is not a number or a fraction{number_hint(raw)}"
        value = found
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
    kind: type[JudgmentsBody] = JudgmentsSpec if header else JudgmentsBody
    if not isinstance(data, dict):
        raise InputError(
            f"{doc.at(base)}: expected a mapping with 'expert:' and 'comparisons:'; "
            "see the judgments format in the README"
        )
    spec = validated(kind, data, doc, base)
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
        spec.illustrative,
    )


def judgment_files(path: Path) -> list[Path]:
    """The judgments file itself, or every ``*.yaml``/``*.yml`` in a folder (sorted)."""
    if is_folder(path):
        files = list_folder(path, (".yaml", ".yml"))
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
    names = Counter(e.expert for e in experts)
    for name in sorted(n for n, k in names.items() if k > 1):
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
        **({"illustrative": True} if judgments.illustrative else {}),
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


WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
)


def expert_slug(name: str) -> str:
    """A readable file stem for an expert's name, in any script: letters, marks and digits
    of every language (Persian included, with its zero-width non-joiner), ``_``, ``.`` and
    ``-``; every other run of characters becomes ``-`` (no path separators), at most 60
    characters. Not unique by itself: :func:`expert_file` makes it so."""
    text = unicodedata.normalize("NFC", name)
    kept = "".join(
        c if unicodedata.category(c)[0] in "LMN" or c in "_.-\u200c" else "-" for c in text
    )
    slug = re.sub(r"-{2,}", "-", kept).strip("-. \u200c")[:60].strip("-. ") or "expert"
    return f"expert-{slug}" if slug.split(".")[0].upper() in WINDOWS_RESERVED else slug


def file_expert(path: Path) -> str | None:
    """The ``expert:`` of a judgments or scores file, or ``None`` when it has none readable."""
    try:
        data = load_yaml(path).data
    except InputError:
        return None
    expert = data.get("expert") if isinstance(data, dict) else None
    return expert if isinstance(expert, str) else None


def expert_file(folder: Path, expert: str) -> Path:
    """The file of ``expert`` in a folder of one file per expert.

    The file whose ``expert:`` is this exact name, whatever it is called (so a session
    resumes, and files named by hand or by an older citydip are found); else a new file
    named :func:`expert_slug`, with ``-2``, ``-3`` … when that name is taken by another
    file — compared without case, as Windows and macOS do. Two different names never get
    the same file, however alike they look ("Ana Ruiz", "ana ruiz", "Ana-Ruiz").
    """
    taken: set[str] = set()
    if is_folder(folder):
        for path in list_folder(folder, (".yaml", ".yml")):
            if file_expert(path) == expert:
                return path
            taken.add(path.stem.casefold())
    stem = expert_slug(expert)
    candidate, k = stem, 1
    while candidate.casefold() in taken:
        k += 1
        candidate = f"{stem}-{k}"
    return folder / f"{candidate}.yaml"


def folder_expert_file(folder: Path | None, expert: str, file: Path | None, problem: str) -> Path:
    """``file`` when given, else the expert's file in ``folder``, a folder of one file per
    expert (existing or to be made, never a ``*.yaml`` file): :func:`expert_file`.
    ``problem`` is the message when ``folder`` is not such a folder."""
    if file is not None:
        return file
    named_file = folder is not None and not exists(folder) and folder.suffix in (".yaml", ".yml")
    if folder is None or (exists(folder) and not is_folder(folder)) or named_file:
        raise InputError(problem)
    return expert_file(folder, expert)


def check_owner(target: Path, shown: Path, expert: str, kind: str) -> str | None:
    """The ``expert:`` of an existing ``target`` (``None`` when new); an error when it is
    another expert's: ``--force`` never replaces another expert's answers."""
    owner = file_expert(target) if exists(target) else None
    if owner is not None and owner != expert:
        raise InputError(
            f"{shown}: holds the {kind} of expert '{owner}', not '{expert}'; --force never "
            "replaces another expert's answers: leave out --out (each expert gets a file of "
            "their own) or choose another file (nothing was written)"
        )
    return owner


def merged_judgments(earlier: Judgments, new: Judgments) -> tuple[Judgments, int]:
    """``new`` over ``earlier`` (one expert's), pair by pair: a pair ``new`` answers replaces
    the earlier answer (in either order of the two items); every other earlier answer stays,
    and a pair stays skipped only where neither answers it. The weight stays ``earlier``'s
    unless ``new`` states another than the default 1 (a questionnaire's weight cell is 1
    unless the coordinator changes it). Also how many earlier answers were kept."""
    nodes = dict.fromkeys([*earlier.comparisons, *new.comparisons])
    comparisons: dict[str, tuple[Comparison, ...]] = {}
    kept = 0
    for node in nodes:
        given = {frozenset((c.left, c.right)) for c in new.comparisons.get(node, ())}
        stays = [
            c
            for c in earlier.comparisons.get(node, ())
            if frozenset((c.left, c.right)) not in given
        ]
        kept += len(stays)
        comparisons[node] = (*stays, *new.comparisons.get(node, ()))
    answered = {
        node: {frozenset((c.left, c.right)) for c in found} for node, found in comparisons.items()
    }
    skipped = {
        node: tuple(
            dict.fromkeys(
                pair
                for pair in (*earlier.skipped.get(node, ()), *new.skipped.get(node, ()))
                if frozenset(pair) not in answered.get(node, set())
            )
        )
        for node in dict.fromkeys([*earlier.skipped, *new.skipped])
    }
    merged = replace(
        new,
        weight=earlier.weight if new.weight == 1.0 else new.weight,
        comparisons=MappingProxyType(comparisons),
        skipped=MappingProxyType({node: pairs for node, pairs in skipped.items() if pairs}),
        description=earlier.description or new.description,
        illustrative=earlier.illustrative or new.illustrative,
    )
    return merged, kept
