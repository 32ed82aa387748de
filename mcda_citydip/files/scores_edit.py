"""Rewriting an expert's scores file in place, keeping what was written there by hand.

``citydip score`` saves after every answer and ``citydip import --force`` merges a second
ratings workbook into the expert's file. When the file exists, it is updated through
ruamel.yaml's round-trip mode rather than written anew (as :mod:`.judgments_edit` does for
judgments): a rating that did not change keeps its line and its comment, a changed one is
rewritten in its place, a new city or indicator is added at the end of its mapping, one taken
back loses its line (a comment line that went with it is kept at the end of the file);
comments, key order and other keys elsewhere stay as they were. The
result is read back and must give exactly the scores to save, or the caller writes the file
afresh (:func:`~mcda_citydip.files.scores.dump_scores`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.judgments_edit import with_lost_comments
from mcda_citydip.files.scores import parse_scores, rating_rows
from mcda_citydip.files.yamlio import load_yaml_text
from mcda_citydip.model import ExpertScores, Hierarchy


def updated_scores_text(
    text: str,
    scores: ExpertScores,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    name: str,
) -> str | None:
    """``text`` (a scores file) updated to hold ``scores``, comments kept; ``None`` when it
    cannot be done faithfully (not a mapping, or the result would read back differently)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.add_representer(type(None), _null)
    try:
        doc = yaml.load(text.replace("\r\n", "\n"))
    except YAMLError:
        return None
    if not isinstance(doc, CommentedMap):
        return None
    _set(doc, "expert", scores.expert)
    wanted = rating_rows(scores, hierarchy, alternatives)
    if wanted:
        ratings = doc.get("ratings")
        if not isinstance(ratings, CommentedMap):
            ratings = doc["ratings"] = CommentedMap()
        for indicator in [k for k in ratings if k not in wanted]:
            del ratings[indicator]
        for indicator, row in wanted.items():
            cells = ratings.get(indicator)
            if not isinstance(cells, CommentedMap):
                cells = ratings[indicator] = CommentedMap()
            for city in [c for c in cells if c not in row]:
                del cells[city]
            for city, value in row.items():
                _set(cells, city, value)
    elif "ratings" in doc:
        del doc["ratings"]
    comparisons = {
        k: [[left, right, format_value(v)] for left, right, v in pairs]
        for k, pairs in scores.comparisons.items()
    }
    if comparisons:
        _set(doc, "comparisons", comparisons)
    elif "comparisons" in doc:
        del doc["comparisons"]
    out = io.StringIO()
    yaml.dump(doc, out)
    result = with_lost_comments(text, out.getvalue())  # one that went with a removed line
    return result if _reads_as(result, scores, hierarchy, tuple(alternatives), name) else None


def _null(representer: Any, _: None) -> Any:
    """ "don't know" as ``null``, as :func:`~mcda_citydip.files.scores.dump_scores` writes it."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _set(mapping: CommentedMap, key: str, value: Any) -> None:
    """``mapping[key] = value`` unless it already holds that value (its line then stays)."""
    held = _plain(mapping[key]) if key in mapping else None
    if key not in mapping or held != value or type(held) is not type(value):
        mapping[key] = value


def _plain(value: Any) -> Any:
    """A round-trip value as plain Python (nested lists compared item by item)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    for kind in (bool, int, float, str):  # ruamel's ScalarFloat, ScalarInt, quoted strings
        if isinstance(value, kind):
            return kind(value)
    return value


def _reads_as(
    text: str,
    scores: ExpertScores,
    hierarchy: Hierarchy,
    alternatives: tuple[str, ...],
    name: str,
) -> bool:
    try:
        found = parse_scores(load_yaml_text(text, name), hierarchy, alternatives)
    except InputError:
        return False
    return (
        found.expert == scores.expert
        and _rows(found.ratings) == _rows(scores.ratings)
        and _sets(found.unknown) == _sets(scores.unknown)
        and dict(found.comparisons) == dict(scores.comparisons)
        and found.illustrative == scores.illustrative
        and found.description == scores.description
    )


def _rows(ratings: Any) -> dict[str, dict[str, float]]:
    return {k: dict(v) for k, v in ratings.items() if v}


def _sets(unknown: Any) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in unknown.items() if v}
