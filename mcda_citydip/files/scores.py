"""Reader of expert scores (``format: citydip/scores``) for indicators without data.

```yaml
format: citydip/scores
version: 1
expert: alice
ratings:                    # a value per city, on the indicator's own scale (its unit),
  POL4: {Dubai: 3, Doha: 2} # or a point of its declared rating scale; null = don't know
comparisons:                # or cities compared pairwise on an indicator (AHP relative
  BIL2:                     # measurement, Saaty's 1–9 scale): the priorities enter
    - [Dubai, Doha, 3]      # the matrix
```

An indicator with a ``scale:`` in the criteria file takes only the points of that scale.
``null`` records a "don't know": the cell stays missing (never a middle value), and a
rating session does not ask it again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import SCALE_HINT, format_value, parse_value
from mcda_citydip.files.paths import is_folder, list_folder
from mcda_citydip.files.yamlio import Located, load_yaml
from mcda_citydip.model import ExpertScores, Hierarchy
from mcda_citydip.scales import rating_problem

if TYPE_CHECKING:
    from mcda_citydip.files.schema import ScoresSpec


def _check(
    doc: Located, spec: ScoresSpec, hierarchy: Hierarchy, alternatives: tuple[str, ...]
) -> list[str]:
    problems = []
    leaves = set(hierarchy.leaves)
    for section in ("ratings", "comparisons"):
        for indicator in getattr(spec, section):
            if indicator not in leaves:
                problems.append(
                    f"{doc.at((section, indicator))}: '{indicator}' is not an "
                    "indicator of the hierarchy; use an indicator id"
                )
    for indicator, values in spec.ratings.items():
        scale = hierarchy.nodes[indicator].scale if indicator in leaves else None
        for name, rating in values.items():
            if name not in alternatives:
                problems.append(
                    f"{doc.at(('ratings', indicator, name))}: unknown alternative "
                    f"'{name}'; use an id of the alternatives table"
                )
            elif (
                scale is not None
                and rating is not None
                and (problem := rating_problem(scale, rating)) is not None
            ):
                at = doc.at(("ratings", indicator, name))
                problems.append(f"{at}: rating of {indicator} {problem}")
    for indicator, pairs in spec.comparisons.items():
        seen: dict[frozenset[str], tuple[str, float]] = {}
        for i, pair in enumerate(pairs):
            at = doc.at(("comparisons", indicator, i))
            if len(pair) != 3:
                problems.append(f"{at}: expected [left, right, value]; write one pair per row")
                continue
            unknown = [str(p) for p in pair[:2] if str(p) not in alternatives]
            if unknown:
                problems.append(
                    f"{at}: unknown alternative '{unknown[0]}'; use an id of the alternatives table"
                )
            elif pair[0] == pair[1]:
                problems.append(f"{at}: '{pair[0]}' is compared with itself; compare two cities")
            value = parse_value(pair[2])
            if isinstance(value, str):
                problems.append(f"{at}: judgment {value}; {SCALE_HINT}")
                continue
            key = frozenset((str(pair[0]), str(pair[1])))
            if key in seen:
                left, earlier = seen[key]
                same = earlier if left == str(pair[0]) else 1 / earlier
                if not math.isclose(same, value, rel_tol=1e-9):
                    problems.append(
                        f"{at}: {pair[0]}/{pair[1]} is compared again with another "
                        "value; keep one of them"
                    )
            seen[key] = (str(pair[0]), value)
    return problems


def load_scores(path: Path, hierarchy: Hierarchy, alternatives: tuple[str, ...]) -> ExpertScores:
    return parse_scores(load_yaml(path), hierarchy, alternatives)


def parse_scores(doc: Located, hierarchy: Hierarchy, alternatives: tuple[str, ...]) -> ExpertScores:
    """One expert's scores from a parsed file, checked; every problem reported."""
    if not isinstance(doc.data, dict):
        raise InputError(f"{doc.at(())}: expected 'format: citydip/scores' and 'expert:'")
    from pydantic import ValidationError  # expert scores are read by the pydantic schema

    from mcda_citydip.files.schema import ScoresSpec, schema_messages

    try:
        spec = ScoresSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(schema_messages(exc, doc)) from exc
    problems = _check(doc, spec, hierarchy, alternatives)
    if problems:
        raise InputError(problems)
    comparisons = {
        k: tuple((str(p[0]), str(p[1]), float(parse_value(p[2]))) for p in v)
        for k, v in spec.comparisons.items()
    }
    ratings = {
        k: MappingProxyType({a: v for a, v in cells.items() if v is not None})
        for k, cells in spec.ratings.items()
    }
    unknown = {
        k: tuple(a for a, v in cells.items() if v is None) for k, cells in spec.ratings.items()
    }
    return ExpertScores(
        spec.expert,
        doc.source,
        MappingProxyType({k: v for k, v in ratings.items() if v}),
        MappingProxyType(comparisons),
        spec.illustrative,
        MappingProxyType({k: v for k, v in unknown.items() if v}),
        spec.description,
    )


def load_all_scores(
    path: Path, hierarchy: Hierarchy, alternatives: tuple[str, ...]
) -> list[ExpertScores]:
    """Every scores file of a folder (``*.yaml``), or the one file named; all problems at once."""
    files = list_folder(path, (".yaml", ".yml")) if is_folder(path) else [path]
    found: list[ExpertScores] = []
    problems: list[str] = []
    for file in files:
        try:
            found.append(load_scores(file, hierarchy, alternatives))
        except InputError as exc:
            problems.extend(exc.messages)
    files_of: dict[str, list[str]] = {}
    for scores in found:
        files_of.setdefault(scores.expert, []).append(Path(scores.source).name)
    problems.extend(
        f"{path}: expert '{name}' has more than one scores file ({', '.join(names)}); keep "
        "one file per expert (merge them, or give each expert a unique 'expert:' name)"
        for name, names in files_of.items()
        if len(names) > 1
    )
    if problems:
        raise InputError(problems)
    return found


def dump_scores(
    scores: ExpertScores,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    header: str = "",
) -> str:
    """YAML text of one expert's scores (``format: citydip/scores``): indicators in the
    hierarchy's order, cities in the table's order, ``null`` for each "don't know"."""
    ratings = rating_rows(scores, hierarchy, alternatives)
    document: dict[str, Any] = {
        "format": "citydip/scores",
        "version": 1,
        "expert": scores.expert,
        **({"description": scores.description} if scores.description else {}),
        **({"illustrative": True} if scores.illustrative else {}),
    }
    if ratings:
        document["ratings"] = ratings
    if scores.comparisons:
        document["comparisons"] = {
            k: [[left, right, format_value(v)] for left, right, v in pairs]
            for k, pairs in scores.comparisons.items()
        }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=None)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body


def rating_rows(
    scores: ExpertScores, hierarchy: Hierarchy, alternatives: Sequence[str]
) -> dict[str, dict[str, int | float | None]]:
    """The ``ratings:`` of a scores file: indicator → city → rating (``None``: "don't know"),
    indicators in the hierarchy's order and cities in the table's, whole numbers as ``int``."""

    def number(value: float) -> int | float:
        return int(value) if value == int(value) and abs(value) < 2**53 else value

    ratings: dict[str, dict[str, int | float | None]] = {}
    for indicator in hierarchy.leaves:
        cells = scores.ratings.get(indicator, {})
        unknown = set(scores.unknown.get(indicator, ()))
        row = {
            a: (None if a in unknown else number(cells[a]))
            for a in alternatives
            if a in cells or a in unknown
        }
        if row:
            ratings[indicator] = row
    return ratings


def merged_scores(earlier: ExpertScores, new: ExpertScores) -> tuple[ExpertScores, int]:
    """``new`` over ``earlier`` (one expert's), cell by cell: a cell ``new`` rates or
    marks "don't know" replaces the earlier one; every other cell, the comparisons and the
    description stay. Also how many earlier cells were kept."""
    cells: dict[str, dict[str, float | None]] = {}
    for scores in (earlier, new):
        for k, values in scores.ratings.items():
            cells.setdefault(k, {}).update(values)
        for k, names in scores.unknown.items():
            cells.setdefault(k, {}).update(dict.fromkeys(names))
    given = {(k, a) for k, v in new.ratings.items() for a in v}
    given |= {(k, a) for k, names in new.unknown.items() for a in names}
    kept = sum(1 for k, v in cells.items() for a in v if (k, a) not in given)
    merged = ExpertScores(
        new.expert,
        earlier.source,
        MappingProxyType(
            {
                k: MappingProxyType({a: x for a, x in v.items() if x is not None})
                for k, v in cells.items()
            }
        ),
        MappingProxyType({**earlier.comparisons, **new.comparisons}),
        earlier.illustrative or new.illustrative,
        MappingProxyType(
            {k: tuple(a for a, x in v.items() if x is None) for k, v in cells.items()}
        ),
        earlier.description or new.description,
    )
    return merged, kept
