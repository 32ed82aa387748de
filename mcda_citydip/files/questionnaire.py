"""XLSX questionnaires for experts who never open a terminal, and the reader of filled copies.

:func:`write_questionnaire` writes a workbook with an ``Instructions`` sheet (the purpose,
Saaty's verbal scale, the expert's name and weight) and one sheet per inner node with two or
more children: one row per pair of its children, with an input cell restricted to Saaty's
1/9 … 9 scale. :func:`read_questionnaire` turns a filled copy into :class:`Judgments`,
reporting every bad cell (sheet, cell, value and how to fix it) in one :class:`InputError`.

Each node sheet records its node id in cell B1, so reading never depends on sheet titles
(which Excel limits to 31 characters).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import SCALE_HINT, parse_value
from mcda_citydip.model import Comparison, Hierarchy, Judgments

INSTRUCTIONS = "Instructions"
TITLE = "citydip questionnaire: pairwise comparisons"
EXPERT_LABEL = "Expert name"
WEIGHT_LABEL = "Expert weight"
NODE_LABEL = "Node id"
EXPERT_CELL, WEIGHT_CELL = "B5", "B6"  # where write_questionnaire puts them (read by label)
HEADER = (
    "left id",
    "left name",
    "judgment",
    "right id",
    "right name",
    "left description",
    "right description",
)
LEFT, VALUE, RIGHT = 1, 3, 4  # columns A, C, D of a node sheet
HEADER_ROW = 4
FIRST_ROW = 5
SCALE_VALUES = (*(str(k) for k in range(9, 0, -1)), *(f"1/{k}" for k in range(2, 10)))
VERBAL_SCALE = (
    ("1", "Equal: both items matter equally"),
    ("3", "Moderate: the LEFT item matters moderately more"),
    ("5", "Strong: the LEFT item matters strongly more"),
    ("7", "Very strong: the LEFT item matters very strongly more"),
    ("9", "Extreme: the LEFT item matters extremely more"),
    ("2, 4, 6, 8", "Between the two neighbouring levels"),
    ("1/3, 1/5, 1/7, 1/9", "The same levels in favour of the RIGHT item (1/3: moderately more)"),
    ("1/2, 1/4, 1/6, 1/8", "Between the neighbouring levels, in favour of the RIGHT item"),
)
PROMPT = (
    "Above 1: the LEFT item matters more (3 moderately, 5 strongly, 7 very strongly, "
    "9 extremely). 1/3, 1/5, 1/7, 1/9: the RIGHT item matters more. 1: equal. "
    "Leave blank to skip the pair."
)
ERROR = (
    "Choose a value of Saaty's scale from the list: 9, 8, 7, 6, 5, 4, 3, 2, 1, "
    "1/2, 1/3, 1/4, 1/5, 1/6, 1/7, 1/8 or 1/9 (or leave the cell blank)."
)
FORBIDDEN_TITLE = re.compile(r"[\\/?*\[\]:]")
BOLD = Font(bold=True)
INPUT_FILL = PatternFill("solid", start_color="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")


def compared_nodes(hierarchy: Hierarchy) -> tuple[str, ...]:
    """Inner nodes with two or more children: the nodes that get a sheet."""
    return tuple(n for n in hierarchy.inner if len(hierarchy.nodes[n].children) >= 2)


def node_pairs(children: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every pair ``i < j``; the first item against each other comes first (a spanning set)."""
    return [(a, b) for i, a in enumerate(children) for b in children[i + 1 :]]


def sheet_title(node: str, used: set[str]) -> str:
    """A valid, unique Excel sheet title for ``node`` (31 characters, no ``\\/?*[]:``)."""
    base = FORBIDDEN_TITLE.sub("_", node).strip("'") or "node"
    title, k = base[:31], 1
    while title.lower() in used or title.lower() == "history":
        k += 1
        suffix = f"~{k}"
        title = base[: 31 - len(suffix)] + suffix
    used.add(title.lower())
    return title


def _lines(text: object, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (about)."""
    return max(1, math.ceil(len(str(text or "")) / width))


def _put(sheet: Any, row: int, column: int, value: Any, text: bool = False) -> Any:
    """Write a cell; strings stay strings (never formulas), ``text`` cells get format ``@``."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if text:
        cell.number_format = "@"
    return cell


def _instruction_rows(hierarchy: Hierarchy, scenario: str, expert: str) -> list[tuple[str, Any]]:
    """Label and text of every row of the Instructions sheet, from row 3 on."""
    goal = hierarchy.goal.name
    return [
        ("Scenario", scenario or "(not named)"),
        ("Goal", goal),
        (EXPERT_LABEL, expert),
        (WEIGHT_LABEL, 1),
        ("", ""),
        (
            "What this is for",
            f"Your judgments weigh the criteria used to compare cities for: {goal}. Each sheet "
            "lists pairs of items; say which item of each pair matters more for the item named "
            "at the top of the sheet, and how much.",
        ),
        (
            "How to answer",
            f"Type your name in cell {EXPERT_CELL}. In column C of each sheet pick a value "
            "from the list (or type it): a value above 1 means the LEFT item is more important; "
            "'1/3' means the RIGHT item is moderately more important; 1 means equal. Type "
            "fractions as text (e.g. '1/3) so that Excel does not turn them into dates.",
        ),
        (
            "Skipping",
            "Leave a cell blank to skip a pair. Each sheet with n items needs at least "
            "n-1 answers that link every item (for example the first item against each other).",
        ),
        ("Weights", f"Leave {WEIGHT_CELL} at 1 unless the coordinator weighs experts unequally."),
        ("", ""),
        ("Value", "Meaning (Saaty's scale)"),
        *VERBAL_SCALE,
        ("", ""),
        ("Sheet", "Items compared"),
    ]


def _write_instructions(
    sheet: Any, hierarchy: Hierarchy, titles: dict[str, str], scenario: str, expert: str
) -> None:
    sheet.title = INSTRUCTIONS
    _put(sheet, 1, 1, TITLE).font = Font(bold=True, size=14)
    rows = _instruction_rows(hierarchy, scenario, expert)
    for row, (label, text) in enumerate(rows, start=3):
        _put(sheet, row, 1, label, text=True).font = BOLD
        _put(sheet, row, 2, text, text=isinstance(text, str)).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * _lines(text, 95)
    for cell in (EXPERT_CELL, WEIGHT_CELL):
        sheet[cell].fill = INPUT_FILL
    for row, (node, title) in enumerate(titles.items(), start=len(rows) + 3):
        link = _put(sheet, row, 1, title, text=True)
        quoted = title.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
        link.font = Font(color="0563C1", underline="single")
        _put(sheet, row, 2, hierarchy.nodes[node].name, text=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100


def _validation(last_row: int) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(SCALE_VALUES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle="Not on Saaty's scale",
        error=ERROR,
        promptTitle="Judgment, 1/9 to 9",
        prompt=PROMPT,
    )
    validation.add(f"C{FIRST_ROW}:C{last_row}")
    return validation


def _write_node_sheet(sheet: Any, hierarchy: Hierarchy, node: str) -> None:
    info = hierarchy.nodes[node]
    _put(sheet, 1, 1, NODE_LABEL).font = BOLD
    _put(sheet, 1, 2, node, text=True).font = Font(bold=True, color="808080")
    _put(sheet, 1, 3, "(do not edit: the import reads the node from here)")
    _put(sheet, 2, 1, "Question").font = BOLD
    _put(sheet, 2, 2, f"For '{info.name}': which item of each pair matters more, and how much?")
    _put(sheet, 3, 1, "How to answer").font = BOLD
    _put(
        sheet,
        3,
        2,
        f"Column C: above 1 = LEFT more important, 1/3 = RIGHT moderately more, "
        f"1 = equal, blank = skip. Answer at least {len(info.children) - 1} pairs linking all "
        f"{len(info.children)} items. See the Instructions sheet for the scale.",
    )
    for column, label in enumerate(HEADER, start=1):
        _put(sheet, HEADER_ROW, column, label).font = BOLD
    row = FIRST_ROW - 1
    for row, (left, right) in enumerate(node_pairs(info.children), start=FIRST_ROW):
        a, b = hierarchy.nodes[left], hierarchy.nodes[right]
        values = (a.id, a.name, None, b.id, b.name, a.description, b.description)
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value, text=column in (LEFT, VALUE, RIGHT))
        sheet.cell(row=row, column=VALUE).fill = INPUT_FILL
        for column in (2, 5, 6, 7):
            sheet.cell(row=row, column=column).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * max(_lines(v, 45) for v in values)
    sheet.add_data_validation(_validation(row))
    sheet.freeze_panes = f"A{FIRST_ROW}"
    for letter, width in zip("ABCDEFG", (12, 36, 11, 12, 36, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width


def _save_atomic(workbook: Any, path: Path) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot write there ({exc.strerror}); choose another path"
        ) from exc
    os.close(handle)
    try:
        workbook.save(temp_name)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise InputError(
            f"{path}: cannot write the workbook ({exc.strerror}); close it in Excel or "
            "choose another path"
        ) from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_questionnaire(
    hierarchy: Hierarchy, path: Path, scenario_name: str = "", expert: str = ""
) -> None:
    """Write an XLSX questionnaire for ``hierarchy`` to ``path`` (atomically).

    Parameters
    ----------
    hierarchy
        The criteria tree; every inner node with two or more children gets a sheet with one
        row per pair of its children (``n(n-1)/2`` rows), spanning pairs first.
    path
        The workbook to write (``.xlsx``); replaced if it exists.
    scenario_name
        Shown on the Instructions sheet.
    expert
        Pre-filled expert name (the expert may type it instead).

    Raises
    ------
    InputError
        If the file cannot be written.
    """
    workbook = Workbook()
    used = {INSTRUCTIONS.lower()}
    titles = {node: sheet_title(node, used) for node in compared_nodes(hierarchy)}
    _write_instructions(workbook.active, hierarchy, titles, scenario_name, expert)
    for node, title in titles.items():
        _write_node_sheet(workbook.create_sheet(title), hierarchy, node)
    _save_atomic(workbook, Path(path))


def _open(path: Path) -> Any:
    if not path.exists():
        raise InputError(f"{path}: file not found; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected a filled questionnaire (.xlsx)")
    try:
        return load_workbook(path, data_only=True)
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
        if _text(cell.value).lower() != HEADER[column - 1]:
            return [
                f"{where}, cell {cell.coordinate}: expected the header '{HEADER[column - 1]}', "
                f"found '{_text(cell.value)}'; do not move rows or columns, or use a fresh "
                "copy of the questionnaire"
            ]
    return []


def _read_node(
    sheet: Any, node: str, hierarchy: Hierarchy, where: str
) -> tuple[tuple[Comparison, ...], list[str]]:
    problems = _header_problems(sheet, where)
    if problems:
        return (), problems
    seen: dict[frozenset[str], Comparison] = {}
    for cells in sheet.iter_rows(min_row=FIRST_ROW, max_col=RIGHT):
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


def _sheet_node(sheet: Any, hierarchy: Hierarchy, where: str) -> tuple[str | None, str | None]:
    """The node a sheet answers for, or the problem; ``(None, None)`` for Instructions."""
    if _text(sheet["A1"].value) != NODE_LABEL:
        if sheet.title == INSTRUCTIONS or _text(sheet["A1"].value) == TITLE:
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


def _expert(sheet: Any, expert: str | None, source: str) -> tuple[str, float, list[str]]:
    """Expert name and weight from the argument and the Instructions sheet."""
    cells: dict[str, Any] = {}
    if sheet is not None:
        for label, cell in sheet.iter_rows(min_col=1, max_col=2):
            cells.setdefault(_text(label.value), cell)
    where = f"{source}, sheet '{INSTRUCTIONS if sheet is None else sheet.title}'"
    problems = []
    name_cell = cells.get(EXPERT_LABEL)
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
    weight_cell = cells.get(WEIGHT_LABEL)
    weight = 1.0 if weight_cell is None else parse_weight(weight_cell.value)
    if weight is None and weight_cell is not None:
        problems.append(
            f"{where}, cell {weight_cell.coordinate}: expert weight {weight_cell.value!r} is not "
            "a positive number; type a number above 0 (1 unless the coordinator says otherwise)"
        )
    return name, weight or 1.0, problems


def parse_weight(raw: Any) -> float | None:
    """An expert weight (blank = 1), or ``None`` when it is not a positive finite number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 1.0
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        weight = float(raw)
    except ValueError:
        return None
    return weight if math.isfinite(weight) and weight > 0 else None


def read_questionnaire(path: Path, hierarchy: Hierarchy, expert: str | None = None) -> Judgments:
    """Read a filled questionnaire into one expert's :class:`Judgments`.

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
    Judgments
        Sparse comparisons per node (blank cells are skipped pairs), ``source`` = ``path``,
        each comparison located as ``FILE, sheet 'NET', cell C5``.

    Raises
    ------
    InputError
        Listing every problem: unreadable file, bad cells (sheet, cell, value, fix), sheets
        that do not belong to the hierarchy, missing sheets, missing expert name.
    """
    path = Path(path)
    workbook = _open(path)
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
        found, node_problems = _read_node(sheet, node, hierarchy, where)
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
    return Judgments(name, weight, MappingProxyType(ordered), source=str(path))
