"""Writing a ratings questionnaire: experts rate candidate cities on indicators.

The workbook opens with an ``Instructions`` sheet (``RATINGS_TITLE`` in A1, the scenario,
the expert's name in B5, how to answer), then one rating sheet per dimension (or per
indicator). A rating sheet reads:

====================  =====================================================================
A1, B1                ``Ratings sheet`` and the dimension (or indicator) id
A2, B2…               how to answer
row 3                 ``Indicator`` and each indicator's name, one column per indicator
row 4                 unit and direction (``count; more is better``)
row 5                 the scale (``1–5 or don't know``)
row 6 (header)        ``City`` and the indicator ids: the reader finds the columns here
rows 7…               one city per row (column A), a yellow drop-down cell per indicator
below the table       ``Legend``: every point of every scale with its anchor text
====================  =====================================================================

Each input cell takes a point of the indicator's scale or ``don't know`` (missing, never a
middle value); blank means not answered yet. Every sheet is protected without a password:
only the input cells and the expert's name can be edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from mcda_citydip.errors import InputError
from mcda_citydip.files.questionnaire.layout import (
    BOLD,
    EXPERT_LABEL,
    INPUT_FILL,
    INSTRUCTIONS,
    WRAP,
    in_every_language,
    right_to_left,
    sheet_title,
)
from mcda_citydip.files.questionnaire.rating_layout import (
    CENTRE,
    CITY_LABEL,
    DIRECTION_TEXT,
    DONT_KNOW,
    GRID,
    HEADER_ROW,
    ILLUSTRATIVE_LABEL,
    INDICATOR_WIDTH,
    LEGEND_COLUMNS,
    LEGEND_LABEL,
    NAME_ROW,
    RATING_FIRST_ROW,
    RATINGS_LABEL,
    RATINGS_TITLE,
    SCALE_ROW,
    UNIT_ROW,
    _start_top,
    _validation,
)
from mcda_citydip.files.questionnaire.write import (
    UNLOCKED,
    _lines,
    _one_page_wide,
    _protect,
    _put,
)
from mcda_citydip.files.text import clipped, id_problem
from mcda_citydip.files.yamlio import write_atomic
from mcda_citydip.i18n import _, anchor_text, node_name
from mcda_citydip.model import Hierarchy, Node
from mcda_citydip.scales import rating_scale, scale_text


def _about(node: Node) -> str:
    """Unit and direction: ``count; more is better``."""
    direction = DIRECTION_TEXT.get(node.direction or "")
    parts = [node.unit, "" if direction is None else _(direction)]
    return "; ".join(p for p in parts if p)


def _write_header(sheet: Any, hierarchy: Hierarchy, node: str, last: int) -> None:
    """Rows 1 and 2: the sheet's node (read back from B1) and how to answer."""
    _put(sheet, 1, 1, _(RATINGS_LABEL)).font = BOLD
    _put(sheet, 1, 2, node, text=True).font = Font(bold=True, color="808080")
    note = (
        _("(do not edit: the import reads this sheet's indicator from here)")
        if hierarchy.nodes[node].is_leaf
        else _("(do not edit: the import reads this sheet's dimension from here)")
    )
    _put(sheet, 1, 3, note)
    label = _put(sheet, 2, 1, _("How to answer"))
    label.font, label.alignment = BOLD, _start_top()
    how = _(
        "{name}: rate each city on each indicator by picking a point "
        "from the drop-down of its yellow cell, or '{dont_know}' when you do not know (it is "
        "recorded as missing, never as a middle value). Leave blank what you have not "
        "answered yet. What each point means: the legend below the table."
    ).format(name=node_name(hierarchy.nodes[node]), dont_know=_(DONT_KNOW))
    _put(sheet, 2, 2, how).alignment = WRAP
    sheet.merge_cells(start_row=2, start_column=2, end_row=2, end_column=last)
    sheet.row_dimensions[2].height = 15 * _lines(how, (last - 1) * INDICATOR_WIDTH - 4)


def _write_columns(sheet: Any, hierarchy: Hierarchy, leaves: tuple[str, ...]) -> None:
    """Rows 3 to 6: the labels in column A, then name, unit and direction, scale and id of
    each indicator."""
    labels = (
        (NAME_ROW, _("Indicator")),
        (UNIT_ROW, _("Unit; direction")),
        (SCALE_ROW, _("Scale")),
        (HEADER_ROW, _(CITY_LABEL)),
    )
    for row, label in labels:
        cell = _put(sheet, row, 1, label)
        cell.font, cell.alignment = BOLD, _start_top()
    sheet.cell(row=HEADER_ROW, column=1).border = GRID
    for column, leaf in enumerate(leaves, start=2):
        node = hierarchy.nodes[leaf]
        scale = _("{scale} or {dont_know}").format(
            scale=scale_text(rating_scale(node)), dont_know=_(DONT_KNOW)
        )
        values = (
            (NAME_ROW, node_name(node)),
            (UNIT_ROW, _about(node)),
            (SCALE_ROW, scale),
            (HEADER_ROW, leaf),
        )
        for row, value in values:
            _put(sheet, row, column, value, text=True).alignment = WRAP
        header = sheet.cell(row=HEADER_ROW, column=column)
        header.font, header.border = BOLD, GRID
    for row in (NAME_ROW, UNIT_ROW, SCALE_ROW, HEADER_ROW):
        texts = [sheet.cell(row=row, column=c).value for c in range(2, len(leaves) + 2)]
        sheet.row_dimensions[row].height = 15 * max(_lines(t, INDICATOR_WIDTH - 3) for t in texts)


def _write_cities(
    sheet: Any, hierarchy: Hierarchy, leaves: tuple[str, ...], cities: tuple[str, ...]
) -> int:
    """One row per city with an unlocked, validated input cell per indicator; returns the
    last row."""
    last = RATING_FIRST_ROW + len(cities) - 1
    width = _city_width(cities)
    for row, city in enumerate(cities, start=RATING_FIRST_ROW):
        name = _put(sheet, row, 1, city, text=True)
        name.alignment, name.border = _start_top(), GRID  # left even for right-to-left names
        sheet.row_dimensions[row].height = 15 * _lines(city, width - 2)
        for column in range(2, len(leaves) + 2):
            cell = sheet.cell(row=row, column=column)
            cell.fill, cell.protection, cell.alignment = INPUT_FILL, UNLOCKED, CENTRE
            cell.border = GRID
    for column, leaf in enumerate(leaves, start=2):
        letter = get_column_letter(column)
        scale = rating_scale(hierarchy.nodes[leaf])
        cells = f"{letter}{RATING_FIRST_ROW}:{letter}{last}"
        sheet.add_data_validation(_validation(scale, leaf, cells))
    return last


def _write_legend(
    sheet: Any, hierarchy: Hierarchy, leaves: tuple[str, ...], first: int, last: int
) -> None:
    """Below the table: every point of every indicator's scale with its anchor in full, so
    that a printed sheet carries them."""
    width = (last - 1) * INDICATOR_WIDTH - 4
    legend = _("what each point means; {dont_know} = missing, blank = not answered")
    rows: list[tuple[object, str, bool]] = [
        (_(LEGEND_LABEL), legend.format(dont_know=_(DONT_KNOW)), True)
    ]
    for leaf in leaves:
        node = hierarchy.nodes[leaf]
        scale = rating_scale(node)
        rows.append((leaf, f"{node_name(node)} ({scale_text(scale)})", True))
        for point in sorted(scale.anchors):
            anchor = anchor_text(scale, point).strip()
            rows.append((point, anchor or _("(between the neighbouring points)"), False))
    row = first
    for label, text, bold in rows:
        if bold and label != rows[0][0]:
            row += 1  # a blank line before each indicator
        _put(sheet, row, 1, label, text=isinstance(label, str)).alignment = _start_top()
        _put(sheet, row, 2, text, text=True).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
        sheet.row_dimensions[row].height = 15 * _lines(text, width)
        if bold:
            sheet.cell(row=row, column=1).font = sheet.cell(row=row, column=2).font = BOLD
        row += 1


def _city_width(cities: tuple[str, ...]) -> int:
    return max(16, min(32, max((len(c) for c in cities), default=0) + 2))


def _write_rating_sheet(
    sheet: Any, hierarchy: Hierarchy, node: str, leaves: tuple[str, ...], cities: tuple[str, ...]
) -> None:
    last_column = max(len(leaves) + 1, LEGEND_COLUMNS)
    right_to_left(sheet)
    _write_header(sheet, hierarchy, node, last_column)
    _write_columns(sheet, hierarchy, leaves)
    last_row = _write_cities(sheet, hierarchy, leaves, cities)
    _write_legend(sheet, hierarchy, leaves, last_row + 2, last_column)
    sheet.column_dimensions["A"].width = _city_width(cities)
    for column in range(2, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = INDICATOR_WIDTH
    sheet.freeze_panes = f"B{RATING_FIRST_ROW}"
    _protect(sheet)
    _one_page_wide(sheet)


def _instruction_rows(
    scenario: str, expert: str, by: str, illustrative: bool
) -> list[tuple[str, str]]:
    """Label and text of every row of the Instructions sheet, from row 3 on (the expert's
    name in B5)."""
    how = (
        _(
            "Each sheet lists the candidate cities (one per row) and one indicator (one per "
            "column). Rate each city on each indicator by picking a point from the drop-down "
            "list of its yellow cell; the legend below each table says what every point means."
        )
        if by == "indicator"
        else _(
            "Each sheet lists the candidate cities (one per row) and the indicators of one "
            "dimension (one per column). Rate each city on each indicator by picking a point "
            "from the drop-down list of its yellow cell; the legend below each table says "
            "what every point means."
        )
    )
    rows = [
        (_("Scenario"), scenario or _("(not named)")),
        (
            _("What this is for"),
            _(
                "Your ratings place candidate cities on indicators that open "
                "data do not reach; they become the cities' values for those indicators."
            ),
        ),
        (_(EXPERT_LABEL), expert),
        (_("How to answer"), how),
        (
            _("Don't know"),
            _(
                "Choose '{dont_know}' when you do not know: it is recorded as missing, never "
                "as a middle value, and never guessed for you."
            ).format(dont_know=_(DONT_KNOW)),
        ),
        (_("Not yet answered"), _("Leave a cell blank when you have not answered it yet.")),
        (
            _("Do not"),
            _(
                "move, insert or delete rows or columns, or rename the ids in column A and row "
                "6: the import reads cities and indicators from there. The sheets are protected "
                "(no password) so that only the yellow cells and your name can be edited."
            ),
        ),
    ]
    if illustrative:
        rows.insert(
            3,
            (
                _(ILLUSTRATIVE_LABEL),
                _(
                    "yes: a demonstration questionnaire; its answers are invented, not a real "
                    "expert's opinions"
                ),
            ),
        )
    return [*rows, ("", ""), (_("Sheet"), _("What it rates"))]


def _write_instructions(
    sheet: Any,
    hierarchy: Hierarchy,
    titles: dict[str, str],
    rows: list[tuple[str, str]],
) -> None:
    sheet.title = _(INSTRUCTIONS)
    right_to_left(sheet)
    _put(sheet, 1, 1, _(RATINGS_TITLE)).font = Font(bold=True, size=14)
    for row, (label, text) in enumerate(rows, start=3):
        cell = _put(sheet, row, 1, label, text=True)
        cell.font, cell.alignment = BOLD, _start_top()
        _put(sheet, row, 2, text, text=True).alignment = WRAP
        sheet.row_dimensions[row].height = 15 * _lines(text, 95)
        if label == _(EXPERT_LABEL):
            cell = sheet.cell(row=row, column=2)
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
    for row, (node, title) in enumerate(titles.items(), start=len(rows) + 3):
        link = _put(sheet, row, 1, title, text=True)
        quoted = title.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
        link.font = Font(color="0563C1", underline="single")
        _put(sheet, row, 2, node_name(hierarchy.nodes[node]), text=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    _protect(sheet)
    _one_page_wide(sheet)


def _sheet_groups(
    hierarchy: Hierarchy, alternatives: Sequence[str], indicators: Sequence[str], by: str
) -> dict[str, tuple[str, ...]]:
    """Sheet node → its indicators, in the hierarchy's order; every bad argument at once."""
    leaves = hierarchy.leaves
    problems = [
        f"indicator '{clipped(i)}' is not an indicator (a leaf) of {hierarchy.source}; "
        f"name indicator ids such as {', '.join(leaves[:3])}"
        for i in dict.fromkeys(indicators)
        if i not in leaves
    ]
    if not indicators:
        problems.append("no indicator to rate; name at least one indicator id")
    if not alternatives:
        problems.append("no city to rate; the scenario needs at least one alternative")
    problems += [
        f"city '{clipped(city)}' is listed twice; give each alternative a unique id"
        for city in dict.fromkeys(a for a in alternatives if list(alternatives).count(a) > 1)
    ]
    problems += [f"city id {p}" for a in alternatives if (p := id_problem(a))]
    if by not in ("dimension", "indicator"):
        problems.append(f"by='{by}': expected 'dimension' or 'indicator'")
    if problems:
        raise InputError(problems)
    groups: dict[str, list[str]] = {}
    for leaf in (leaf for leaf in leaves if leaf in set(indicators)):
        key = leaf if by == "indicator" else hierarchy.parent(leaf) or leaf
        groups.setdefault(key, []).append(leaf)
    return {node: tuple(group) for node, group in groups.items()}


def write_rating_questionnaire(
    path: Path,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    indicators: Sequence[str],
    *,
    scenario_name: str,
    expert: str = "",
    by: Literal["dimension", "indicator"] = "dimension",
    illustrative: bool = False,
) -> None:
    """Write an XLSX questionnaire in which an expert rates ``alternatives`` on
    ``indicators`` (atomically; the layout is in the module notes).

    Parameters
    ----------
    path
        The workbook to write (``.xlsx``); replaced if it exists.
    hierarchy
        The criteria tree; each indicator is rated on :func:`~mcda_citydip.scales.rating_scale`.
    alternatives
        The candidate cities' ids, one row each, kept exactly as given.
    indicators
        Leaf ids to rate; the sheets follow the hierarchy's order, whatever this order.
    scenario_name
        Shown on the Instructions sheet.
    expert
        Pre-filled expert name (the expert may type it instead).
    by
        ``"dimension"``: one sheet per parent node of the indicators; ``"indicator"``: one
        sheet per indicator.
    illustrative
        Mark the workbook as a demonstration (invented answers); the reader carries the mark.

    Raises
    ------
    InputError
        Unknown indicators, no indicator or city, a duplicate or malformed city id, or a file
        that cannot be written.
    """
    groups = _sheet_groups(hierarchy, alternatives, indicators, by)
    cities = tuple(alternatives)
    workbook = Workbook()
    used = {title.lower() for title in in_every_language(INSTRUCTIONS)}
    titles = {node: sheet_title(node, used) for node in groups}
    rows = _instruction_rows(scenario_name, expert, by, illustrative)
    _write_instructions(workbook.active, hierarchy, titles, rows)
    for node, leaves in groups.items():
        sheet = workbook.create_sheet(titles[node])
        _write_rating_sheet(sheet, hierarchy, node, leaves, cities)
    write_atomic(Path(path), lambda temp: workbook.save(temp))
