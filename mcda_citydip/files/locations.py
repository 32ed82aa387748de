"""Where the alternatives lie and which of them are partners: the scenario keys
``coordinates:`` and ``partnerships:``.

Neither is an indicator: they place the cities on a map and draw their partnerships as
links. ``coordinates: {latitude: COLUMN, longitude: COLUMN}`` names two columns of the
alternatives table (decimal degrees; an empty cell means no coordinates for that city).
``partnerships: FILE`` names a CSV of pairs of alternatives (``city_a,city_b[,source]``,
``#`` comment lines allowed); every pair must name two different alternatives of the
scenario, and a pair listed twice (in either order) counts once.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from mcda_citydip.errors import InputError
from mcda_citydip.files.data import Bounds
from mcda_citydip.files.spec import CoordinatesSpec, ScenarioSpec
from mcda_citydip.files.text import clipped
from mcda_citydip.files.yamlio import Located, read_text
from mcda_citydip.model import Hierarchy, Problem

PAIR_COLUMNS = ("city_a", "city_b")
OPTIONAL_COLUMNS = ("source",)


def coordinate_bounds(spec: CoordinatesSpec) -> dict[str, Bounds]:
    """The range of each coordinate column, and how to write a value in it."""
    return {
        spec.latitude: Bounds(
            -90.0, 90.0, "write the latitude in decimal degrees, south negative (Doha: 25.28545)"
        ),
        spec.longitude: Bounds(
            -180.0, 180.0, "write the longitude in decimal degrees, west negative (Doha: 51.53096)"
        ),
    }


def map_key_problems(spec: ScenarioSpec, doc: Located, hierarchy: Hierarchy) -> list[str]:
    """What is wrong with ``coordinates:`` and ``partnerships:`` before any file is read."""
    problems = [
        f"{doc.at((key,))}: '{key}' describes the alternatives; add 'alternatives:' or "
        f"remove '{key}'"
        for key in ("coordinates", "partnerships")
        if getattr(spec, key) is not None and spec.alternatives is None
    ]
    coordinates = spec.coordinates
    if coordinates is None:
        return problems
    for axis in ("latitude", "longitude"):
        column = getattr(coordinates, axis)
        taken = "an indicator" if column in hierarchy.leaves else None
        if column == spec.population:
            taken = "the population column"
        if taken:
            problems.append(
                f"{doc.at(('coordinates', axis))}: column '{clipped(column)}' is {taken}; "
                f"name the column that holds the {axis}"
            )
    if coordinates.latitude == coordinates.longitude:
        problems.append(
            f"{doc.at(('coordinates',))}: latitude and longitude name the same column "
            f"'{clipped(coordinates.latitude)}'; name two columns"
        )
    return problems


def locations_of(
    problem: Problem | None, spec: CoordinatesSpec | None
) -> Mapping[str, tuple[float, float]]:
    """Alternative → (latitude, longitude), for the alternatives with both coordinates."""
    if problem is None or spec is None:
        return MappingProxyType({})
    latitude, longitude = problem.attributes[spec.latitude], problem.attributes[spec.longitude]
    return MappingProxyType(
        {
            name: (float(latitude[i]), float(longitude[i]))
            for i, name in enumerate(problem.alternatives)
            if math.isfinite(latitude[i]) and math.isfinite(longitude[i])
        }
    )


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, stripped cells) of every line that is neither blank nor a comment."""
    found = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader([line], strict=True), [])
        except csv.Error as exc:
            raise InputError(
                f"{path}, line {number}: malformed CSV ({exc}); check quotes and separators"
            ) from None
        found.append((number, [c.strip() for c in cells]))
    return found


def _header(path: Path, number: int, header: list[str]) -> dict[str, int]:
    """Column positions of a partnerships header, or the one error listing what is wrong."""
    problems = [
        f"{path}, line {number} (header): no column '{name}'; the header is "
        "'city_a,city_b' or 'city_a,city_b,source'"
        for name in PAIR_COLUMNS
        if name not in header
    ]
    problems += [
        f"{path}, line {number} (header): column '{clipped(name)}' is not city_a, city_b or "
        "source; remove it or fix its spelling"
        for name in header
        if name not in (*PAIR_COLUMNS, *OPTIONAL_COLUMNS)
    ]
    problems += [
        f"{path}, line {number} (header): column '{name}' appears twice; keep one"
        for name in dict.fromkeys(header)
        if header.count(name) > 1
    ]
    if problems:
        raise InputError(problems)
    return {name: header.index(name) for name in PAIR_COLUMNS}


def _pair_problems(where: str, pair: tuple[str, str], known: frozenset[str], ids: str) -> list[str]:
    """Why a row is not a pair of two different alternatives (``ids``: some, for the hint)."""
    problems = []
    for column, name in zip(PAIR_COLUMNS, pair, strict=True):
        if not name:
            problems.append(f"{where}, column {column}: empty; name an alternative")
        elif name not in known:
            problems.append(
                f"{where}, column {column}: '{clipped(name)}' is not an alternative of the "
                f"scenario; use one of its ids ({ids})"
            )
    if not problems and pair[0] == pair[1]:
        problems.append(f"{where}: '{clipped(pair[0])}' is paired with itself; name two cities")
    return problems


def load_partnerships(path: Path, alternatives: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The partnerships among the alternatives: sorted pairs, each (in either order) once.

    The file is a CSV with a header ``city_a,city_b`` (and optionally ``source``); lines
    starting with ``#`` are comments. Every problem is reported in one :class:`InputError`.
    """
    rows = _rows(path)
    if not rows:
        raise InputError(
            f"{path}: no header row; the first line (after '#' comments) must be "
            "'city_a,city_b' or 'city_a,city_b,source'"
        )
    (number, header), body = rows[0], rows[1:]
    column = _header(path, number, header)
    known = frozenset(alternatives)
    listed = sorted(known)
    ids = ", ".join(clipped(n, 30) for n in listed[:5]) + (", …" if len(listed) > 5 else "")
    pairs: set[tuple[str, str]] = set()
    problems: list[str] = []
    for number, cells in body:
        where = f"{path}, line {number}"
        if len(cells) != len(header):
            problems.append(
                f"{where}: {len(cells)} cells but the header has {len(header)}; give every "
                "pair one value per column"
            )
            continue
        a, b = cells[column["city_a"]], cells[column["city_b"]]
        found = _pair_problems(where, (a, b), known, ids)
        problems.extend(found)
        if not found:
            pairs.add((min(a, b), max(a, b)))
    if problems:
        raise InputError(problems)
    return tuple(sorted(pairs))
