"""Reading a filled questionnaire back into judgments."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from msgspec import Struct
from openpyxl import load_workbook

from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import SCALE_HINT, parse_value
from mcda_citydip.files.numbers import number_hint, parse_number
from mcda_citydip.files.paths import check_readable
from mcda_citydip.files.questionnaire.layout import (
    EXPERT_LABEL,
    FIRST_ROW,
    HEADER,
    HEADER_ROW,
    INSTRUCTIONS,
    LEFT,
    NODE_LABEL,
    RIGHT,
    TITLE,
    VALUE,
    WEIGHT_LABEL,
    compared_nodes,
    in_every_language,
)
from mcda_citydip.files.text import id_problem
from mcda_citydip.model import Comparison, Hierarchy, Judgments


class FilledQuestionnaire(Struct, frozen=True):
    """What a filled questionnaire holds: the judgments and which sheet answers each node."""

    judgments: Judgments
    sheets: Mapping[str, str]  # node id → sheet title, in the hierarchy's order


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook twice: the values (formulas as their saved results) and the formulas."""
    check_readable(path, "a filled questionnaire (.xlsx)")
    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc}); save the "
            "filled questionnaire as an Excel workbook (.xlsx) and import that file"
        ) from exc


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _judgment(raw: Any, at: str) -> float | str | None:
    """The value of a judgment cell, ``None`` when blank, or the problem message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        return (
            f"{at}: '{raw}' is a date or time, not a judgment (Excel turns 1/3 into a date "
            "when the cell is not text); type the value as text, e.g. '1/3"
        )
    value = parse_value(raw.strip().removeprefix("'") if isinstance(raw, str) else raw)
    return f"{at}: {value}; {SCALE_HINT}" if isinstance(value, str) else value


def _check_id(item: str, node: str, hierarchy: Hierarchy, at: str) -> str | None:
    children = hierarchy.nodes[node].children
    if item in children:
        return None
    shown = f"'{item}'" if item else "an empty id"
    return (
        f"{at}: {shown} is not an item of node '{node}' ({', '.join(children)}); keep the "
        "ids the questionnaire was written with, or use the questionnaire made for this hierarchy"
    )


def _row(
    cells: tuple[Any, ...], node: str, hierarchy: Hierarchy, where: str
) -> tuple[Comparison | None, list[str]]:
    left, value, right = cells[LEFT - 1], cells[VALUE - 1], cells[RIGHT - 1]
    ids = (_text(left.value), _text(right.value))
    judged = _judgment(value.value, f"{where}, cell {value.coordinate}")
    if not any(ids) and judged is None:
        return None, []
    problems = [
        p
        for item, cell in zip(ids, (left, right), strict=True)
        if (p := _check_id(item, node, hierarchy, f"{where}, cell {cell.coordinate}"))
    ]
    if not problems and ids[0] == ids[1]:
        problems.append(f"{where}, row {left.row}: '{ids[0]}' is compared with itself; fix the ids")
    if isinstance(judged, str):
        problems.append(judged)
    elif judged is not None and not problems:
        return Comparison(ids[0], ids[1], judged, f"{where}, cell {value.coordinate}"), []
    return None, problems


def _header_problems(sheet: Any, where: str) -> list[str]:
    for column in (LEFT, VALUE, RIGHT):
        cell = sheet.cell(row=HEADER_ROW, column=column)
        accepted = {label.lower() for label in in_every_language(HEADER[column - 1])}
        if _text(cell.value).lower() not in accepted:
            return [
                f"{where}, cell {cell.coordinate}: expected the header '{HEADER[column - 1]}', "
                f"found '{_text(cell.value)}'; do not move rows or columns, or use a fresh "
                "copy of the questionnaire"
            ]
    return []


def _stored_cells(sheet: Any) -> Iterable[Any]:
    """Every cell openpyxl holds for ``sheet`` (not the sheet's whole extent)."""
    store = getattr(sheet, "_cells", None)
    if isinstance(store, dict):
        return list(store.values())
    return [cell for row in sheet.iter_rows() for cell in row]  # pragma: no cover


def _unsaved_formulas(formulas: Any, sheet: Any, where: str) -> list[str]:
    """Judgment cells holding a formula with no saved result (``=1/3`` written by a program
    that does not compute): their value is unknown, which must not pass for a blank."""
    problems = []
    for cell in sorted(_stored_cells(formulas), key=lambda c: c.row):
        if cell.column != VALUE or cell.row < FIRST_ROW or cell.data_type != "f":
            continue
        if sheet.cell(row=cell.row, column=VALUE).value is None:
            formula = getattr(cell.value, "text", None) or cell.value  # array formulas
            problems.append(
                f"{where}, cell {cell.coordinate}: the formula '{formula}' has no saved value "
                "(the program that saved the workbook does not compute formulas); type the "
                "judgment itself (e.g. 3 or '1/3), or open the file in Excel or LibreOffice "
                "and save it again"
            )
    return problems


def _read_node(
    sheet: Any, formulas: Any, node: str, hierarchy: Hierarchy, where: str
) -> tuple[tuple[Comparison, ...], list[str]]:
    problems = _header_problems(sheet, where)
    if problems:
        return (), problems
    problems = _unsaved_formulas(formulas, sheet, where)
    seen: dict[frozenset[str], Comparison] = {}
    for cells in _filled_rows(sheet, FIRST_ROW, RIGHT):
        comparison, found = _row(cells, node, hierarchy, where)
        problems.extend(found)
        if comparison is None:
            continue
        key = frozenset((comparison.left, comparison.right))
        earlier = seen.setdefault(key, comparison)
        if earlier is not comparison:
            problems.append(
                f"{comparison.location}: pair {comparison.left}/{comparison.right} is judged "
                f"again (first at {earlier.location.rsplit(', ', 1)[-1]}); keep one row"
            )
    return tuple(seen.values()), problems


def _filled_rows(sheet: Any, first_row: int, last_column: int) -> list[tuple[Any, ...]]:
    """The cells (columns 1 to ``last_column``) of every row from ``first_row`` on that holds
    a value there: the work follows what is filled, not the sheet's extent, so one stray
    value in row 1,048,576 costs one row, not a million."""
    store = getattr(sheet, "_cells", None)  # openpyxl's cells that exist, by (row, column)
    if isinstance(store, dict):
        rows = sorted(
            {
                row
                for (row, column), cell in store.items()
                if row >= first_row and column <= last_column and _text(cell.value)
            }
        )
    else:  # pragma: no cover - another openpyxl layout: read the sheet's extent
        rows = list(range(first_row, sheet.max_row + 1))
    return [
        tuple(sheet.cell(row=row, column=column) for column in range(1, last_column + 1))
        for row in rows
    ]


def _sheet_node(sheet: Any, hierarchy: Hierarchy, where: str) -> tuple[str | None, str | None]:
    """The node a sheet answers for, or the problem; ``(None, None)`` for Instructions."""
    if _text(sheet["A1"].value) not in in_every_language(NODE_LABEL):
        if is_instructions(sheet):
            return None, None
        return None, (
            f"{where}: not a sheet of the questionnaire (cell A1 is not '{NODE_LABEL}'); "
            "remove the sheet, or use the questionnaire made for this hierarchy"
        )
    node = _text(sheet["B1"].value)
    if node not in compared_nodes(hierarchy):
        known = ", ".join(compared_nodes(hierarchy))
        return None, (
            f"{where}, cell B1: '{node}' is not a node compared in {hierarchy.source} "
            f"({known}); use the questionnaire made for this hierarchy"
        )
    return node, None


def is_instructions(sheet: Any, title: str = TITLE) -> bool:
    """Whether ``sheet`` is the Instructions sheet (its sheet title, or ``title`` in its
    cell A1), in any language."""
    first = _text(sheet["A1"].value)
    named = sheet.title in in_every_language(INSTRUCTIONS)
    return named or first in in_every_language(title)


def _labelled(cells: Mapping[str, Any], label: str) -> Any:
    """The cell right of ``label`` (in any language), or ``None``."""
    return next((cells[k] for k in in_every_language(label) if k in cells), None)


def _expert(sheet: Any, expert: str | None, source: str) -> tuple[str, float, list[str]]:
    """Expert name and weight from the argument and the Instructions sheet."""
    cells: dict[str, Any] = {}
    if sheet is not None:
        for label, cell in _filled_rows(sheet, 1, 2):
            cells.setdefault(_text(label.value), cell)
    where = f"{source}, sheet '{INSTRUCTIONS if sheet is None else sheet.title}'"
    problems = []
    name_cell = _labelled(cells, EXPERT_LABEL)
    name = expert if expert is not None else _text(None if name_cell is None else name_cell.value)
    if not name and name_cell is not None:
        problems.append(
            f"{where}, cell {name_cell.coordinate}: no expert name; type the expert's name "
            "there or pass --expert NAME"
        )
    elif not name:
        problems.append(
            f"{source}: no expert name (no '{EXPERT_LABEL}' cell on a sheet "
            f"'{INSTRUCTIONS}'); pass --expert NAME"
        )
    elif (problem := id_problem(name)) is not None:
        at = (
            "--expert"
            if expert is not None or name_cell is None
            else f"cell {name_cell.coordinate}"
        )
        problems.append(f"{where}, {at}: expert name {problem}")
    weight_cell = _labelled(cells, WEIGHT_LABEL)
    weight = 1.0 if weight_cell is None else parse_weight(weight_cell.value)
    if weight is None and weight_cell is not None:
        problems.append(
            f"{where}, cell {weight_cell.coordinate}: expert weight {weight_cell.value!r} is not "
            f"a positive number{number_hint(str(weight_cell.value))}; type a number above 0 "
            "(1 unless the coordinator says otherwise)"
        )
    return name, weight or 1.0, problems


def parse_weight(raw: Any) -> float | None:
    """An expert weight (blank = 1), or ``None`` when it is not a positive finite number
    (text may use Persian or Arabic-Indic digits)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 1.0
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    weight = parse_number(raw) if isinstance(raw, str) else float(raw)
    return weight if weight is not None and math.isfinite(weight) and weight > 0 else None


def read_questionnaire(path: Path, hierarchy: Hierarchy, expert: str | None = None) -> Judgments:
    """Read a filled questionnaire into one expert's :class:`Judgments`
    (:func:`read_filled` without the sheet titles)."""
    return read_filled(path, hierarchy, expert).judgments


def read_filled(path: Path, hierarchy: Hierarchy, expert: str | None = None) -> FilledQuestionnaire:
    """Read a filled questionnaire into one expert's :class:`Judgments` and the sheet that
    answers each node.

    Parameters
    ----------
    path
        A copy of a workbook written by :func:`write_questionnaire`, filled in.
    hierarchy
        The hierarchy the questionnaire was written for.
    expert
        The expert's name; ``None`` reads it from the Instructions sheet.

    Returns
    -------
    FilledQuestionnaire
        ``judgments``: sparse comparisons per node (blank cells are skipped pairs),
        ``source`` = ``path``, each comparison located as ``FILE, sheet 'NET', cell C5``;
        a judgment cell holding a formula counts as the formula's saved result.
        ``sheets``: the title of the sheet of each node.

    Raises
    ------
    InputError
        Listing every problem: unreadable file, bad cells (sheet, cell, value, fix), formulas
        without a saved result, sheets that do not belong to the hierarchy, missing sheets,
        missing expert name.
    """
    path = Path(path)
    workbook, formulas = _open(path)
    problems: list[str] = []
    sheets: dict[str, str] = {}
    comparisons: dict[str, tuple[Comparison, ...]] = {}
    instructions: Any = None
    for sheet in workbook.worksheets:
        where = f"{path}, sheet '{sheet.title}'"
        node, problem = _sheet_node(sheet, hierarchy, where)
        if node is None:
            if problem:
                problems.append(problem)
            else:
                instructions = sheet
            continue
        if node in sheets:
            problems.append(
                f"{where}, cell B1: node '{node}' already has sheet '{sheets[node]}'; keep one"
            )
            continue
        sheets[node] = sheet.title
        found, node_problems = _read_node(sheet, formulas[sheet.title], node, hierarchy, where)
        problems.extend(node_problems)
        if found:
            comparisons[node] = found
    problems.extend(
        f"{path}: no sheet for node '{node}' ({hierarchy.nodes[node].name}); use the "
        "questionnaire made for this hierarchy (citydip questionnaire SCENARIO)"
        for node in compared_nodes(hierarchy)
        if node not in sheets
    )
    name, weight, expert_problems = _expert(instructions, expert, str(path))
    problems.extend(expert_problems)
    if problems:
        raise InputError(problems)
    ordered = {n: comparisons[n] for n in compared_nodes(hierarchy) if n in comparisons}
    judgments = Judgments(name, weight, MappingProxyType(ordered), source=str(path))
    titles = {n: sheets[n] for n in compared_nodes(hierarchy)}
    return FilledQuestionnaire(judgments, MappingProxyType(titles))
