"""Reading a filled ratings questionnaire back into one expert's scores, and telling the
kinds of questionnaire apart."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from msgspec import Struct, field
from openpyxl import load_workbook

from mcda_citydip.errors import InputError
from mcda_citydip.files.numbers import number_hint, parse_number
from mcda_citydip.files.paths import check_readable
from mcda_citydip.files.questionnaire.layout import (
    INSTRUCTIONS,
    NODE_LABEL,
    TITLE,
    in_every_language,
)
from mcda_citydip.files.questionnaire.rating_layout import (
    CITY_LABEL,
    DONT_KNOW,
    HEADER_ROW,
    ILLUSTRATIVE_LABEL,
    LEGEND_LABEL,
    RATING_FIRST_ROW,
    RATINGS_LABEL,
    RATINGS_TITLE,
)
from mcda_citydip.files.questionnaire.read import (
    _expert,
    _filled_rows,
    _open,
    _stored_cells,
    _text,
    is_instructions,
)
from mcda_citydip.files.text import clipped
from mcda_citydip.model import ExpertScores, Hierarchy, RatingScale
from mcda_citydip.scales import rating_problem, rating_scale, scale_text

WorkbookKind = Literal["judgments", "ratings", "unknown"]
ZWNJ = "\u200c"  # the zero-width non-joiner of می‌دانم, often typed as a space or not at all
UNKNOWN_ANSWERS = frozenset(
    {*in_every_language(DONT_KNOW), "dont know", "do not know", "?", "نمیدانم", "نمی دانم"}
)


def is_dont_know(text: str) -> bool:
    """Whether ``text`` answers "don't know", in English or Persian (``نمی‌دانم`` with the
    zero-width non-joiner, a space or neither; ``?``)."""
    folded = " ".join(text.lower().replace("\u2019", "'").replace(ZWNJ, " ").split())
    return folded in UNKNOWN_ANSWERS or folded in {a.replace(ZWNJ, " ") for a in UNKNOWN_ANSWERS}


SCENARIO_FIX = "use the questionnaire made for this scenario (citydip questionnaire --scores)"


def workbook_kind(path: Path) -> WorkbookKind:
    """Which questionnaire ``path`` is, from cell A1 of its sheets: ``judgments`` (pairwise
    comparisons), ``ratings`` (cities rated on indicators) or ``unknown``.

    Raises
    ------
    InputError
        If ``path`` is missing or not a readable XLSX workbook.
    """
    path = Path(path)
    check_readable(path, "a questionnaire (.xlsx)")
    try:
        workbook = load_workbook(path, read_only=True)
        try:
            firsts = {sheet.title: _text(sheet["A1"].value) for sheet in workbook.worksheets}
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc}); save the "
            "questionnaire as an Excel workbook (.xlsx) and import that file"
        ) from exc
    named = [title for title in firsts if title in in_every_language(INSTRUCTIONS)]
    ordered = [firsts.pop(title) for title in named[:1]]
    ratings = in_every_language(RATINGS_TITLE) | in_every_language(RATINGS_LABEL)
    judgments = in_every_language(TITLE) | in_every_language(NODE_LABEL)
    for first in [*ordered, *firsts.values()]:
        if first in ratings:
            return "ratings"
        if first in judgments:
            return "judgments"
    return "unknown"


class _Collected(Struct):
    """What the sheets hold so far: ratings, "don't know" answers and the problems."""

    source: str
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # indicator → where its column is
    problems: list[str] = field(default_factory=list)


def _answer(raw: Any, scale: RatingScale, at: str) -> float | str | None:
    """A point (as a float), ``nan`` for "don't know", ``None`` when blank, or the problem."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    fix = f"choose a point ({scale_text(scale)}) or '{DONT_KNOW}' from the cell's drop-down list"
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        return f"{at}: '{raw}' is a date or time, not a rating; {fix}"
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return f"{at}: '{clipped(str(raw))}' is not a rating; {fix}"
    if isinstance(raw, str):
        text = raw.strip().removeprefix("'").strip()
        if is_dont_know(text):
            return math.nan
        raw = parse_number(text)
        if raw is None:
            return f"{at}: '{clipped(text)}' is not a rating{number_hint(text)}; {fix}"
    value = float(raw)
    if rating_problem(scale, value) is not None:
        shown = f"{value:g}" if math.isfinite(value) else str(value)
        return f"{at}: {shown} is not a point of the indicator's scale; {fix}"
    return float(int(value))


def _columns(sheet: Any, hierarchy: Hierarchy, where: str, found: _Collected) -> dict[int, str]:
    """Column number → indicator for every indicator column of the header row that is a
    leaf of ``hierarchy`` and has no column elsewhere."""
    columns: dict[int, str] = {}
    leaves = set(hierarchy.leaves)
    header = sorted(
        (c for c in _stored_cells(sheet) if c.row == HEADER_ROW and c.column > 1),
        key=lambda c: c.column,
    )
    for cell in header:
        indicator, at = _text(cell.value), f"{where}, cell {cell.coordinate}"
        if not indicator:
            continue
        if indicator not in leaves:
            found.problems.append(
                f"{at}: '{clipped(indicator)}' is not an indicator of {hierarchy.source}; "
                f"{SCENARIO_FIX}"
            )
        elif indicator in found.columns:
            found.problems.append(
                f"{at}: indicator '{indicator}' already has a column ({found.columns[indicator]}); "
                "rate each indicator in one place: use a fresh copy of the questionnaire"
            )
        else:
            found.columns[indicator] = at.removeprefix(f"{found.source}, ")
            columns[cell.column] = indicator
    return columns


def _city_rows(sheet: Any, last_column: int) -> list[tuple[Any, ...]]:
    """The filled rows of the table: from the first city row to the legend."""
    rows = _filled_rows(sheet, RATING_FIRST_ROW, last_column)
    legend = in_every_language(LEGEND_LABEL)
    ends = [n for n, cells in enumerate(rows) if _text(cells[0].value) in legend]
    return rows[: ends[0]] if ends else rows


def _city_problem(
    cells: tuple[Any, ...], alternatives: Sequence[str], seen: dict[str, int], where: str
) -> str | None:
    """Why the row's city cannot be read (``None`` when it can; it is then marked seen)."""
    city, cell = _text(cells[0].value), cells[0]
    at = f"{where}, cell {cell.coordinate}"
    if not city:
        return f"{at}: a row with ratings but no city; {SCENARIO_FIX}"
    if city not in alternatives:
        return f"{at}: '{clipped(city)}' is not a city of this scenario; {SCENARIO_FIX}"
    if city in seen:
        return f"{at}: city '{city}' is listed again (first in row {seen[city]}); keep one row"
    seen[city] = cell.row
    return None


def _read_sheet(
    sheet: Any,
    formulas: Any,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    found: _Collected,
) -> None:
    where = f"{found.source}, sheet '{sheet.title}'"
    header = sheet.cell(row=HEADER_ROW, column=1)
    if _text(header.value) not in in_every_language(CITY_LABEL):
        found.problems.append(
            f"{where}, cell {header.coordinate}: expected '{CITY_LABEL}', found "
            f"'{clipped(_text(header.value))}'; do not move rows or columns, or use a fresh "
            "copy of the questionnaire"
        )
        return
    node = _text(sheet["B1"].value)
    if node not in hierarchy.nodes:
        found.problems.append(
            f"{where}, cell B1: '{clipped(node)}' is not a dimension or indicator of "
            f"{hierarchy.source}; {SCENARIO_FIX}"
        )
        return
    columns = _columns(sheet, hierarchy, where, found)
    seen: dict[str, int] = {}
    for cells in _city_rows(sheet, max(columns, default=1)):
        problem = _city_problem(cells, alternatives, seen, where)
        if problem is not None:
            found.problems.append(problem)
            continue
        for column, indicator in columns.items():
            city = _text(cells[0].value)
            _read_cell(cells[column - 1], formulas, (indicator, city), hierarchy, where, found)


def _read_cell(
    cell: Any,
    formulas: Any,
    key: tuple[str, str],
    hierarchy: Hierarchy,
    where: str,
    found: _Collected,
) -> None:
    """Record the answer of one input cell (``key``: its indicator and city)."""
    indicator, city = key
    at = f"{where}, cell {cell.coordinate}"
    formula = formulas.cell(row=cell.row, column=cell.column)
    if cell.value is None and formula.data_type == "f":
        text = getattr(formula.value, "text", None) or formula.value  # array formulas
        found.problems.append(
            f"{at}: the formula '{clipped(str(text))}' has no saved value (the program that "
            "saved the workbook does not compute formulas); pick the rating from the "
            "drop-down list, or open the file in Excel or LibreOffice and save it again"
        )
        return
    answer = _answer(cell.value, rating_scale(hierarchy.nodes[indicator]), at)
    if isinstance(answer, str):
        found.problems.append(answer)
    elif answer is not None and math.isnan(answer):
        found.unknown.setdefault(indicator, []).append(city)
    elif answer is not None:
        found.ratings.setdefault(indicator, {})[city] = answer


def _not_ratings(path: Path, workbook: Any) -> str:
    firsts = {_text(sheet["A1"].value) for sheet in workbook.worksheets}
    hint = (
        "it holds pairwise comparisons: import it as judgments"
        if firsts & (in_every_language(NODE_LABEL) | in_every_language(TITLE))
        else f"no sheet has '{RATINGS_LABEL}' in cell A1"
    )
    return f"{path}: this is not a ratings questionnaire; {hint}, or {SCENARIO_FIX}"


def _instruction_labels(sheet: Any) -> set[str]:
    return {_text(cells[0].value) for cells in _filled_rows(sheet, 1, 1)}


def read_rating_workbook(
    path: Path,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    expert: str | None = None,
) -> ExpertScores:
    """Read a filled ratings questionnaire into one expert's :class:`ExpertScores`.

    Parameters
    ----------
    path
        A copy of a workbook written by
        :func:`~mcda_citydip.files.questionnaire.rating_write.write_rating_questionnaire`.
    hierarchy, alternatives
        The scenario's criteria and city ids the questionnaire was written for.
    expert
        The expert's name; ``None`` reads it from the Instructions sheet.

    Returns
    -------
    ExpertScores
        ``ratings`` per indicator and city (points of the indicator's scale; a number stored
        as ``3.0`` is the point 3), ``unknown``: the cities answered "don't know" (also
        ``?``), in the hierarchy's and the alternatives' order; blank cells are left out.
        ``illustrative`` when the workbook was written as a demonstration.

    Raises
    ------
    InputError
        Listing every problem at once, each located as ``FILE, sheet 'X', cell C7``.
    """
    path = Path(path)
    workbook, formulas = _open(path)
    found = _Collected(str(path))
    instructions: Any = None
    rating_sheets = 0
    for sheet in workbook.worksheets:
        first = _text(sheet["A1"].value)
        if first in in_every_language(RATINGS_LABEL):
            rating_sheets += 1
            _read_sheet(sheet, formulas[sheet.title], hierarchy, alternatives, found)
        elif is_instructions(sheet, RATINGS_TITLE):
            instructions = sheet
        else:
            found.problems.append(
                f"{path}, sheet '{sheet.title}': not a sheet of the ratings questionnaire "
                f"(cell A1 is not '{RATINGS_LABEL}'); remove the sheet, or {SCENARIO_FIX}"
            )
    if not rating_sheets:
        raise InputError(_not_ratings(path, workbook))
    name, _, expert_problems = _expert(instructions, expert, str(path))
    problems = found.problems + expert_problems
    if problems:
        raise InputError(problems)
    return _scores(name, path, found, hierarchy, alternatives, instructions)


def _scores(
    name: str,
    path: Path,
    found: _Collected,
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    instructions: Any,
) -> ExpertScores:
    """The collected answers in the hierarchy's and the alternatives' order."""
    ratings = {
        leaf: MappingProxyType(
            {c: found.ratings[leaf][c] for c in alternatives if c in found.ratings[leaf]}
        )
        for leaf in hierarchy.leaves
        if leaf in found.ratings
    }
    unknown = {
        leaf: tuple(c for c in alternatives if c in found.unknown[leaf])
        for leaf in hierarchy.leaves
        if leaf in found.unknown
    }
    labels = set() if instructions is None else _instruction_labels(instructions)
    illustrative = bool(labels & in_every_language(ILLUSTRATIVE_LABEL))
    return ExpertScores(
        name,
        str(path),
        MappingProxyType(ratings),
        MappingProxyType({}),
        illustrative,
        MappingProxyType(unknown),
    )
