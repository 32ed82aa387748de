"""Reader of the alternatives table: CSV or XLSX, or an inline mapping in the scenario.

First column = alternative id; one column per indicator (leaf id). In CSV files, lines
starting with ``#`` before the header are comments.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mcda_citydip.errors import InputError
from mcda_citydip.files.yamlio import Located, read_text
from mcda_citydip.model import Hierarchy, Problem

Cell = Callable[[int, int], str]  # (row, column) → "file, line 4, column NET1"


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        try:
            value = float(str(raw).strip())
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def _header_problems(header: Sequence[str], leaves: tuple[str, ...], source: str) -> list[str]:
    problems = []
    columns = list(header[1:])
    for name in sorted({c for c in columns if columns.count(c) > 1}):
        problems.append(f"{source}, header: column '{name}' appears twice; keep one")
    for name in columns:
        if name not in leaves:
            problems.append(
                f"{source}, header: column '{name}' is not an indicator of the "
                "hierarchy; rename it to an indicator id or remove the column"
            )
    for leaf in leaves:
        if leaf not in columns:
            problems.append(
                f"{source}, header: indicator '{leaf}' has no column; add a column "
                f"'{leaf}' with a value for every alternative"
            )
    return problems


def build_problem(
    hierarchy: Hierarchy,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    source: str,
    cell: Cell,
) -> Problem:
    """Check a table (header + rows) against the hierarchy and return the problem."""
    leaves = hierarchy.leaves
    problems = _header_problems(header, leaves, source)
    if not rows:
        problems.append(f"{source}: no alternatives; add one row per alternative under the header")
    if problems:
        raise InputError(problems)
    column = {name: j for j, name in enumerate(header)}
    matrix = np.empty((len(rows), len(leaves)))
    names: list[str] = []
    for i, row in enumerate(rows):
        name = str(row[0]).strip() if row and row[0] is not None else ""
        if not name:
            problems.append(f"{cell(i, 0)}: empty alternative id; give every row a name")
        elif name in names:
            problems.append(f"{cell(i, 0)}: alternative '{name}' appears twice; ids must be unique")
        names.append(name)
        if len(row) != len(header):
            problems.append(
                f"{cell(i, 0)}: {len(row)} cells but the header has {len(header)}; "
                "give every row one value per column"
            )
            continue
        for k, leaf in enumerate(leaves):
            value = _number(row[column[leaf]])
            if value is None:
                raw = row[column[leaf]]
                shown = "empty" if raw in (None, "") else f"'{raw}' is not a number"
                problems.append(
                    f"{cell(i, column[leaf])}: {shown}; write a plain number "
                    "(decimal point, no units or thousands separators)"
                )
            else:
                matrix[i, k] = value
    if problems:
        raise InputError(problems)
    return Problem(hierarchy, tuple(names), matrix)


def load_csv(path: Path, hierarchy: Hierarchy) -> Problem:
    text = read_text(path)
    lines = text.splitlines()
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].startswith("#")):
        skipped += 1
    try:
        table = list(csv.reader(io.StringIO("\n".join(lines[skipped:]))))
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV ({exc}); check quotes and separators") from exc
    table = [row for row in table if any(c.strip() for c in row)]
    if not table:
        raise InputError(
            f"{path}: no header row; the first line must be the alternative id "
            "column followed by one column per indicator id"
        )
    header = [c.strip() for c in table[0]]
    line_of = [skipped + 1 + k for k, row in enumerate(lines[skipped:]) if row.strip()]

    def cell(i: int, j: int) -> str:
        line = line_of[i + 1] if i + 1 < len(line_of) else "?"
        return f"{path}, line {line}, column {header[j] if j < len(header) else j + 1}"

    return build_problem(hierarchy, header, table[1:], str(path), cell)


def load_xlsx(path: Path, hierarchy: Hierarchy) -> Problem:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if not path.exists():
        raise InputError(f"{path}: file not found; check the path")
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a bad workbook
        raise InputError(f"{path}: not a readable XLSX workbook ({exc}); save it as .xlsx") from exc
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    table = [r for r in table if any(c not in (None, "") for c in r)]
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

    return build_problem(hierarchy, header, rows, str(path), cell)


def load_alternatives(path: Path, hierarchy: Hierarchy) -> Problem:
    """The decision matrix from a CSV or XLSX file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return load_xlsx(path, hierarchy)
    return load_csv(path, hierarchy)


def inline_alternatives(doc: Located, hierarchy: Hierarchy) -> Problem:
    """The decision matrix written inline in the scenario (``alternatives: {A1: {...}}``)."""
    table: dict[str, Any] = doc.data["alternatives"]
    leaves = hierarchy.leaves
    problems = []
    for name, values in table.items():
        for key in values:
            if key not in leaves:
                problems.append(
                    f"{doc.at(('alternatives', name, key))}: '{key}' is not an "
                    "indicator of the hierarchy; use an indicator id"
                )
    if problems:
        raise InputError(problems)
    header = ["id", *leaves]
    rows = [[name, *(values.get(leaf, "") for leaf in leaves)] for name, values in table.items()]
    names = list(table)

    def cell(i: int, j: int) -> str:
        return doc.at(("alternatives", names[i], header[j]) if j else ("alternatives", names[i]))

    return build_problem(hierarchy, header, rows, doc.source + " (alternatives)", cell)
