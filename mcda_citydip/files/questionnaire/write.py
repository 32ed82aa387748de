"""Writing a questionnaire workbook."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from mcda_citydip.ahp.consistency import RANDOM_INDEX, cr_limit
from mcda_citydip.ahp.matrix import RECIPROCAL, VERBAL_SCALE, item_pairs
from mcda_citydip.files.questionnaire.layout import (
    BOLD,
    ERROR,
    EXPERT_CELL,
    EXPERT_LABEL,
    FIRST_ROW,
    HEADER,
    HEADER_ROW,
    INPUT_FILL,
    INSTRUCTIONS,
    LEFT,
    NODE_LABEL,
    PROMPT,
    RIGHT,
    SCALE_VALUES,
    TITLE,
    VALUE,
    WEIGHT_CELL,
    WEIGHT_LABEL,
    WRAP,
    compared_nodes,
    in_every_language,
    right_to_left,
    sheet_title,
)
from mcda_citydip.files.questionnaire.live import LiveCheck, write_live_check
from mcda_citydip.files.yamlio import write_atomic
from mcda_citydip.i18n import SOURCE_LANGUAGE, _, language, node_description, node_name
from mcda_citydip.model import Hierarchy

UNLOCKED = Protection(locked=False)


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
    goal = node_name(hierarchy.goal)
    how = _(
        "Type your name in cell {expert_cell}. In column C of each sheet pick a value "
        "from the list (or type it): a value above 1 means the LEFT item is more important; "
        "'1/3' means the RIGHT item is moderately more important; 1 means equal. Type "
        "fractions as text (e.g. '1/3) so that Excel does not turn them into dates."
    ).format(expert_cell=EXPERT_CELL)
    if language() != SOURCE_LANGUAGE:
        how += " " + _(
            "The values keep Latin digits (3, 1/3), as in the list: the sheet's live "
            "consistency check reads only those."
        )
    return [
        (_("Scenario"), scenario or _("(not named)")),
        (_("Goal"), goal),
        (_(EXPERT_LABEL), expert),
        (_(WEIGHT_LABEL), 1),
        (
            _("What this is for"),
            _(
                "Your judgments weigh the criteria used to compare cities for: {goal}. Each "
                "sheet lists pairs of items; say which item of each pair matters more for the "
                "item named at the top of the sheet, and how much."
            ).format(goal=goal),
        ),
        (_("How to answer"), how),
        (
            _("Skipping"),
            _(
                "Leave a cell blank to skip a pair. Each sheet with n items needs at least "
                "n-1 answers that link every item (for example the first item against each "
                "other)."
            ),
        ),
        (
            _("Weights"),
            _(
                "Leave {weight_cell} at 1 unless the coordinator weighs experts unequally. The "
                "sheets are protected (no password) so that the ids and this weight are not "
                "changed by accident: only the yellow cells take answers."
            ).format(weight_cell=WEIGHT_CELL),
        ),
        (
            _("Consistency"),
            _(
                "Each sheet with three or more items computes its consistency ratio (CR, top "
                "right, 'Live check') as soon as every pair is answered, and turns it red "
                "above the limit: then some answers contradict the others (if A > B and "
                "B > C, A should be > C); please revise them before sending the file back."
            ),
        ),
        ("", ""),
        (_("Value"), _("Meaning (Saaty's scale): the LEFT item over the RIGHT item")),
        *((value, _(meaning)) for value, meaning in VERBAL_SCALE),
        ("1/2 … 1/9", _(RECIPROCAL)),
        ("", ""),
        (_("Sheet"), _("Items compared")),
    ]


def _write_instructions(
    sheet: Any, hierarchy: Hierarchy, titles: dict[str, str], scenario: str, expert: str
) -> None:
    sheet.title = _(INSTRUCTIONS)
    right_to_left(sheet)
    _put(sheet, 1, 1, _(TITLE)).font = Font(bold=True, size=14)
    rows = _instruction_rows(hierarchy, scenario, expert)
    for row, (label, text) in enumerate(rows, start=3):
        _put(sheet, row, 1, label, text=True).font = BOLD
        _put(sheet, row, 2, text, text=isinstance(text, str)).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * _lines(text, 95)
    sheet[EXPERT_CELL].fill = INPUT_FILL
    sheet[EXPERT_CELL].protection = UNLOCKED
    _protect(sheet)
    _one_page_wide(sheet)
    for row, (node, title) in enumerate(titles.items(), start=len(rows) + 3):
        link = _put(sheet, row, 1, title, text=True)
        quoted = title.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
        link.font = Font(color="0563C1", underline="single")
        _put(sheet, row, 2, node_name(hierarchy.nodes[node]), text=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100


def _protect(sheet: Any) -> None:
    """Lock every cell but the unlocked ones (no password); columns and rows stay resizable."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _one_page_wide(sheet: Any) -> None:
    """Printed, the sheet fits one landscape page wide: the expert's name and weight, at the
    right of a wide column, are not cut off the page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _validation(last_row: int) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(SCALE_VALUES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_("Not on Saaty's scale"),
        error=_(ERROR),
        promptTitle=_("Judgment, 1/9 to 9"),
        prompt=_(PROMPT),
    )
    validation.add(f"C{FIRST_ROW}:C{last_row}")
    return validation


def _write_node_header(sheet: Any, hierarchy: Hierarchy, node: str) -> None:
    """Rows 1 to 4: the node id (read back from B1), the question, how to answer, the
    column headers."""
    info = hierarchy.nodes[node]
    n = len(info.children)
    _put(sheet, 1, 1, _(NODE_LABEL)).font = BOLD
    _put(sheet, 1, 2, node, text=True).font = Font(bold=True, color="808080")
    _put(sheet, 1, 3, _("(do not edit: the import reads the node from here)"))
    _put(sheet, 2, 1, _("Question")).font = BOLD
    question = _("For '{node}': which item of each pair matters more, and how much?")
    _put(sheet, 2, 2, question.format(node=node_name(info)))
    _put(sheet, 3, 1, _("How to answer")).font = BOLD
    how = _(
        "Column C: above 1 = LEFT more important, 1/3 = RIGHT moderately more, "
        "1 = equal, blank = skip. Answer at least {needed} pairs linking all "
        "{count} items. See the Instructions sheet for the scale."
    )
    _put(sheet, 3, 2, how.format(needed=n - 1, count=n))
    for column, label in enumerate(HEADER, start=1):
        cell = _put(sheet, HEADER_ROW, column, _(label))
        cell.font, cell.alignment = BOLD, WRAP  # a long translation wraps, not clipped
    sheet.row_dimensions[HEADER_ROW].height = 15 * max(_lines(_(h), 11) for h in HEADER)


def _write_node_sheet(sheet: Any, hierarchy: Hierarchy, node: str, check: LiveCheck) -> None:
    info = hierarchy.nodes[node]
    right_to_left(sheet)
    _write_node_header(sheet, hierarchy, node)
    row = FIRST_ROW - 1
    for row, (left, right) in enumerate(item_pairs(info.children), start=FIRST_ROW):
        a, b = hierarchy.nodes[left], hierarchy.nodes[right]
        values = (
            a.id,
            node_name(a),
            None,
            b.id,
            node_name(b),
            node_description(a),
            node_description(b),
        )
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value, text=column in (LEFT, VALUE, RIGHT))
        sheet.cell(row=row, column=VALUE).fill = INPUT_FILL
        sheet.cell(row=row, column=VALUE).protection = UNLOCKED
        for column in (2, 5, 6, 7):
            sheet.cell(row=row, column=column).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * max(_lines(v, 45) for v in values)
    sheet.add_data_validation(_validation(row))
    sheet.freeze_panes = f"A{FIRST_ROW}"
    for letter, width in zip("ABCDEFG", (12, 36, 11, 12, 36, 50, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    write_live_check(sheet, info.children, item_pairs(info.children), check)
    _protect(sheet)


def live_check(n: int, random_index: str, max_cr: float | None, priority: str) -> LiveCheck:
    """The scenario's settings as a node of ``n`` items needs them (RI(n) of its table)."""
    table = RANDOM_INDEX[random_index]
    return LiveCheck(table.lookup(n)[0], table.name, cr_limit(max_cr), priority)


def write_questionnaire(
    hierarchy: Hierarchy,
    path: Path,
    scenario_name: str = "",
    expert: str = "",
    *,
    random_index: str = "saaty",
    max_cr: float | None = None,
    priority: str = "eigenvector",
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
    random_index, max_cr, priority
        The scenario's ``ahp.random_index``, ``max_cr`` (``None``: Saaty's 0.1) and
        ``ahp.priority``, for the live consistency check of each node sheet
        (:mod:`~mcda_citydip.files.questionnaire.live`).

    Every sheet is protected without a password: only the judgment cells and the expert's
    name can be edited, so the ids the reader relies on stay as written.

    Raises
    ------
    InputError
        If the file cannot be written.
    """
    workbook = Workbook()
    used = {title.lower() for title in in_every_language(INSTRUCTIONS)}
    titles = {node: sheet_title(node, used) for node in compared_nodes(hierarchy)}
    _write_instructions(workbook.active, hierarchy, titles, scenario_name, expert)
    for node, title in titles.items():
        n = len(hierarchy.nodes[node].children)
        check = live_check(n, random_index, max_cr, priority)
        _write_node_sheet(workbook.create_sheet(title), hierarchy, node, check)
    write_atomic(Path(path), lambda temp: workbook.save(temp))
