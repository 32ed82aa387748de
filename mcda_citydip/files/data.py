"""Reader of the alternatives table: CSV or XLSX, or an inline mapping in the scenario
(read by :mod:`mcda_citydip.files.data_inline`).

First column = alternative id; one column per indicator (leaf id); optional ``name_<lang>``
columns (``name_fa``) hold display names, never indicators (:mod:`mcda_citydip.names`). In CSV
files, lines starting with ``#`` before the header are comments.
"""

from __future__ import annotations

import csv
import io
import math
import stat
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from msgspec import Struct, field

from mcda_citydip.errors import InputError
from mcda_citydip.files.numbers import number_hint, parse_number
from mcda_citydip.files.paths import check_readable, status
from mcda_citydip.files.text import clipped, id_problem
from mcda_citydip.files.yamlio import read_text
from mcda_citydip.model import Hierarchy, Problem
from mcda_citydip.names import name_language, name_problem

Cell = Callable[[int, int], str]  # (row, column) → "file, line 4, column NET1"
MISSING_MARKS = {"", "na", "n/a", "nan", "-", "?"}


class Bounds(Struct, frozen=True):
    """The range ``[low, high]`` a column's values must lie in, and how to write one that does."""

    low: float
    high: float
    fix: str


class TableOptions(Struct, frozen=True):
    """What a table may hold besides one complete column per indicator.

    ``allow_missing``: empty (or NA) cells and absent indicator columns are missing values
    (NaN), handled later by the scenario's missing-data policy. ``attributes``: extra
    numeric columns that are not indicators (e.g. ``population`` for per-capita transforms).
    ``optional``: attributes whose empty cells mean "not known" (NaN) even without
    ``allow_missing`` (e.g. coordinates). ``bounds``: the range of an attribute's values.
    """

    allow_missing: bool = False
    attributes: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    bounds: Mapping[str, Bounds] = field(default_factory=lambda: MappingProxyType({}))


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    value = _float(raw)
    return value if value is not None and math.isfinite(value) else None


def _float(raw: Any) -> float | None:
    """``raw`` as a float (inf for an integer of 309+ digits), ``None`` when not a number;
    text may use Persian or Arabic-Indic digits (:func:`parse_number`)."""
    try:
        return float(raw) if isinstance(raw, int | float) else parse_number(str(raw))
    except OverflowError:  # a 401-digit integer: beyond the float range
        return math.inf


def _non_finite(raw: Any) -> bool:
    """A number that floats cannot hold: NaN, infinity, or an integer of 309+ digits."""
    value = None if isinstance(raw, bool) else _float(raw)
    return value is not None and not math.isfinite(value)


def _header_problems(
    header: Sequence[str], leaves: tuple[str, ...], source: str, options: TableOptions
) -> list[str]:
    problems = []
    columns = list(header[1:])
    for name in options.attributes:
        if name not in columns:
            problems.append(
                f"{source}, header: no column '{name}', which the scenario uses; "
                f"add a column '{name}' or change the scenario"
            )
    for name in sorted(c for c, k in Counter(columns).items() if k > 1):
        problems.append(f"{source}, header: column '{clipped(name)}' appears twice; keep one")
    for name in columns:
        if name not in leaves and name not in options.attributes and not name_language(name):
            problems.append(
                f"{source}, header: column '{clipped(name)}' is not an indicator of the "
                "hierarchy; rename it to an indicator id or remove the column"
            )
    for leaf in leaves:
        if leaf not in columns and not options.allow_missing:
            problems.append(
                f"{source}, header: indicator '{leaf}' has no column; add a column "
                f"'{leaf}' with a value for every alternative, or set 'missing:' in the scenario"
            )
    return problems


def _cell_value(raw: Any, allow_missing: bool) -> tuple[float, str | None]:
    """A cell as a float (NaN when missing and allowed), or the problem with it (after the
    cell's location, which is made only for a problem: a table may have a million cells)."""
    value = _number(raw)
    if value is not None:
        return value, None
    missing = raw is None or str(raw).strip().lower() in MISSING_MARKS
    if missing and allow_missing:
        return math.nan, None
    text = clipped(str(raw).strip())
    shown = (
        "empty"
        if raw in (None, "")
        else f"'{text}' is not a finite number (NaN, infinite or beyond ±1.8e308)"
        if _non_finite(raw)
        else f"'{text}' is not a number{number_hint(str(raw))}"
    )
    hint = "" if allow_missing else ", or set 'missing:' in the scenario"
    return math.nan, (
        f"{shown}; write a plain number (decimal point, no units or thousands separators){hint}"
    )


def _bounds_problem(value: float, raw: Any, bounds: Bounds | None) -> str | None:
    """Why a number lies outside its column's range, or ``None`` (a missing value is fine)."""
    if bounds is None or math.isnan(value) or bounds.low <= value <= bounds.high:
        return None
    shown = clipped(str(raw).strip())
    return f"{shown} is outside [{bounds.low:g}, {bounds.high:g}]; {bounds.fix}"


def build_problem(
    hierarchy: Hierarchy,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    source: str,
    cell: Cell,
    options: TableOptions | None = None,
) -> Problem:
    """Check a table (header + rows) against the hierarchy and return the problem."""
    options = options or TableOptions()
    leaves = hierarchy.leaves
    problems = _header_problems(header, leaves, source, options)
    if not rows:
        problems.append(f"{source}: no alternatives; add one row per alternative under the header")
    if problems:
        raise InputError(problems)
    column = {name: j for j, name in enumerate(header)}
    wanted = [*leaves, *options.attributes]
    values = np.full((len(rows), len(wanted)), np.nan)
    names: list[str] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        name = str(row[0]).strip() if row and row[0] is not None else ""
        if not name:
            problems.append(f"{cell(i, 0)}: empty alternative id; give every row a name")
        elif name in seen:
            problems.append(
                f"{cell(i, 0)}: alternative '{clipped(name)}' appears twice; ids must be unique"
            )
        elif (bad := id_problem(name)) is not None:
            problems.append(f"{cell(i, 0)}: alternative id {bad}")
        names.append(name)
        seen.add(name)
        if len(row) != len(header):
            problems.append(
                f"{cell(i, 0)}: {len(row)} cells but the header has {len(header)}; "
                "give every row one value per column"
            )
            continue
        for k, key in enumerate(wanted):
            if key not in column:
                continue  # an absent indicator column: all missing (allowed by the options)
            raw = row[column[key]]
            allowed = options.allow_missing or key in options.optional
            values[i, k], problem = _cell_value(raw, allowed)
            problem = problem or _bounds_problem(values[i, k], raw, options.bounds.get(key))
            if problem:
                problems.append(f"{cell(i, column[key])}: {problem}")
    found = _names(header, rows, cell, names, problems)
    if problems:
        raise InputError(problems)
    attributes = {a: values[:, len(leaves) + k] for k, a in enumerate(options.attributes)}
    return Problem(
        hierarchy,
        tuple(names),
        values[:, : len(leaves)],
        MappingProxyType(attributes),
        source,
        found,
    )


def _names(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    cell: Cell,
    ids: Sequence[str],
    problems: list[str],
) -> Mapping[str, Mapping[str, str]]:
    """The ``name_<lang>`` columns: language → alternative → name (an empty cell: no name)."""
    found: dict[str, dict[str, str]] = {}
    for j, column in enumerate(header):
        lang = name_language(column) if j else None
        if lang is None:
            continue
        found[lang] = {}
        for i, row in enumerate(rows):
            raw = row[j] if j < len(row) else None
            text = "" if raw is None else str(raw).strip()
            if not text:
                continue
            if not isinstance(raw, str):
                problems.append(f"{cell(i, j)}: {clipped(text)} is not a name; write text")
            elif (bad := name_problem(text)) is not None:
                problems.append(f"{cell(i, j)}: the name {bad}")
            else:
                found[lang][ids[i]] = text
    return MappingProxyType({k: MappingProxyType(v) for k, v in found.items()})


#: Separators a spreadsheet may save a "CSV" file with instead of commas, as named.
OTHER_SEPARATORS = {";": "';'", "\t": "tabs"}


def separator_problem(header: Sequence[str], source: str) -> str | None:
    """What is wrong with a CSV ``header`` read with commas that holds another separator
    (``city;NET1;…``, as a spreadsheet in a locale with a decimal comma saves it), or
    ``None``."""
    for separator, named in OTHER_SEPARATORS.items():
        found = next((c for c in header if len(c.split(separator)) > 1), None)
        if found is None:
            continue
        where = f"{'one ' if len(header) == 1 else ''}column '{clipped(found)}'"
        return (
            f"{source}, header: {where}; the file looks separated by {named}: save it with "
            "commas between the columns (and '.' as the decimal point)"
        )
    return None


def load_csv(path: Path, hierarchy: Hierarchy, options: TableOptions | None = None) -> Problem:
    text = read_text(path)
    lines = text.splitlines()
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].startswith("#")):
        skipped += 1
    reader = csv.reader(io.StringIO("\n".join(lines[skipped:])))
    table: list[list[str]] = []
    line_of: list[int] = []  # the file line where each kept row starts
    try:
        start = 1
        for row in reader:
            if any(c.strip() for c in row):
                table.append(row)
                line_of.append(skipped + start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc}); check quotes and separators") from exc
    if not table:
        raise InputError(
            f"{path}: no header row; the first line must be the alternative id "
            "column followed by one column per indicator id"
        )
    header = [c.strip() for c in table[0]]
    if (wrong := separator_problem(header, str(path))) is not None:
        raise InputError(wrong)

    def cell(i: int, j: int) -> str:
        line = line_of[i + 1] if i + 1 < len(line_of) else "?"
        return f"{path}, line {line}, column {header[j] if j < len(header) else j + 1}"

    return build_problem(hierarchy, header, table[1:], str(path), cell, options)


def load_xlsx(path: Path, hierarchy: Hierarchy, options: TableOptions | None = None) -> Problem:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    check_readable(path, "a table (.csv or .xlsx)")
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        # rows are streamed and empty ones dropped at once: a stray value in row 1,048,576
        # costs a pass over empty rows, never a million stored ones
        table = [list(r) for r in sheet.iter_rows(values_only=True) if any(_filled(c) for c in r)]
    except Exception as exc:  # openpyxl raises many types for a bad workbook
        raise InputError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}); save it as .xlsx"
        ) from None
    if not table:
        raise InputError(
            f"{path}: the first sheet is empty; put a header row and one row per alternative on it"
        )
    header = [str(c).strip() if c is not None else "" for c in table[0]]
    while header and header[-1] == "":
        header.pop()
    rows = [r[: len(header)] for r in table[1:]]

    def cell(i: int, j: int) -> str:
        return f"{path}, sheet '{sheet.title}', cell {get_column_letter(j + 1)}{i + 2}"

    return build_problem(hierarchy, header, rows, str(path), cell, options)


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def load_alternatives(
    path: Path, hierarchy: Hierarchy, options: TableOptions | None = None
) -> Problem:
    """The decision matrix from a CSV or XLSX file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return load_xlsx(path, hierarchy, options)
    return load_csv(path, hierarchy, options)


def table_comments(path: Path) -> tuple[str, ...]:
    """The ``#`` comment lines before the header of a CSV table, without the ``#`` (where
    its values come from: ``Source: NAME (YEAR): …`` lines); none for another kind of
    table or a path that names no file."""
    if path.suffix.lower() != ".csv" or not is_file(path):
        return ()
    found = []
    for line in read_text(path).splitlines():
        if line.strip() and not line.startswith("#"):
            break
        if line.startswith("#"):
            found.append(line[1:].strip())
    return tuple(found)


def provenance_rows(table: Path) -> tuple[dict[str, str], ...]:
    """The rows of the ``provenance.csv`` beside a data table (city, indicator, value,
    source_file, source_year, method), or none when the folder has none."""
    path = table.parent / "provenance.csv"
    if not is_file(path):
        return ()
    try:
        rows = csv.DictReader(io.StringIO(read_text(path)))
        return tuple({k: v or "" for k, v in row.items() if k is not None} for row in rows)
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc}); check quotes and separators") from exc


def is_file(path: Path) -> bool:
    """Whether ``path`` names a regular file (a missing one is no error here)."""
    found = status(path)
    return found is not None and stat.S_ISREG(found.st_mode)
