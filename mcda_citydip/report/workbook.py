"""The XLSX writer of citydip's workbooks: tables in, a workbook out, never a formula.

Each output format of a command that has a workbook (:mod:`mcda_citydip.report.xlsx` for
``run`` and ``weights``, :mod:`mcda_citydip.report.xlsx_sensitivity` for ``sensitivity``)
describes its sheets as :class:`Sheet` tables; :func:`write_workbook` writes them:

* numbers are stored as numbers, unrounded, with a number format for the eye: ``0.0000``
  for weights and scores, ``0.0%`` for shares, ``0`` for ranks and counts;
* every text cell goes through :func:`~mcda_citydip.report.cells.spreadsheet_safe` (a
  leading ``'`` before ``=``, ``+``, ``-``, ``@``, tab, carriage return) and is stored with the
  string data type, so no cell is ever a formula, whatever a name in the user's files says;
* the header row is bold and frozen; column widths fit the content, capped;
* nothing depends on the date or time (no document dates, fixed ZIP entry times): the same
  command gives the same bytes; the file is written atomically.

The sheets several commands share are built by :mod:`mcda_citydip.report.shared_sheets`.
openpyxl is imported inside the functions that write.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.i18n import language
from mcda_citydip.report.cells import spreadsheet_safe

#: Number formats. ``_)`` keeps the width of a ``)`` free after the number, so that a
#: right-aligned number does not touch the text of the next column.
SCORE = "0.0000_)"
SHARE = "0.0%_)"
SIGNED_SHARE = "+0.0%_);-0.0%_);0.0%_)"
INTEGER = "0_)"
#: Booleans as TRUE and FALSE: Excel shows them so whatever the format; LibreOffice shows a
#: column that holds TRUE as 1 and 0 unless the cells have this format.
BOOLEAN = '"TRUE"_);"TRUE"_);"FALSE"_)'
MAX_WIDTH = 50  # characters: the widest column of short values
WRAP_WIDTH = 100  # characters: a column of sentences wraps at this width
PRINT_WIDTH = 220  # characters: a wider sheet is printed over several pages, not shrunk
INDENT_WIDTH = 3  # characters: the width of one indent level
LINE_HEIGHT = 15  # points: one line of the default font, with its spacing
TEXT_PER_DIGIT = 1.15  # characters of text in the width of one digit (a column's unit), about
MAX_TEXT = 32_767  # Excel's limit of characters in one cell
MAX_ROWS = 1_048_576  # Excel's limit of rows in one sheet (the header included)
MAX_COLUMNS = 16_384  # Excel's limit of columns in one sheet
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry
CORE_PROPERTIES = "docProps/core.xml"
#: The created and modified dates openpyxl writes into the document properties (optional
#: elements of OPC core properties): taken out, so that no date is in the file.
_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold

#: A number format, or a function of the row that gives one (a column of mixed values).
NumberFormat = str | Callable[[Mapping[str, Any]], str | None] | None


class Column(Struct, frozen=True):
    """One column of a sheet: the row key it shows, its header and its number format;
    ``wrap`` for sentences, ``indent`` the row key of an indent level (a tree's depth)."""

    key: str
    header: str
    number_format: NumberFormat = None
    wrap: bool = False
    indent: str | None = None


class Sheet(Struct, frozen=True):
    """A table to write as one worksheet: a header row (frozen above ``freeze``), then
    one row per mapping (a missing key or None: an empty cell)."""

    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Mapping[str, Any]] = ()
    freeze: str = "A2"


def cell_value(value: Any) -> Any:
    """What a cell holds: None, booleans and numbers as they are (NumPy scalars as Python
    ones), anything else as :func:`spreadsheet_safe` text without the control characters
    XML cannot hold (each becomes a space), cut at Excel's limit of a cell."""
    if value is None:
        return None
    if isinstance(value, np.generic):  # a NumPy scalar: its Python value
        value = value.item()
    if isinstance(value, bool | int | float):
        return value
    text = str(spreadsheet_safe(_NOT_IN_XML.sub(" ", str(value))))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def flat_items(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(dotted key, value)`` of every scalar of nested mappings; a list becomes its JSON
    text (``["topsis", "vikor"]``), so a conventions sheet keeps every value of the JSON."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from flat_items(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        yield prefix, json.dumps(list(value), ensure_ascii=False)
    else:
        yield prefix, value


def _format_of(column: Column, row: Mapping[str, Any]) -> str | None:
    found = column.number_format
    return found(row) if callable(found) else found


def _width(value: Any, number_format: str | None) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 6  # FALSE and the space of _)
    if isinstance(value, int | float):
        if number_format is None:
            return len(f"{value:.10g}")  # the General format: up to about 10 digits
        shown = {SCORE: f"{value:.4f}", SHARE: f"{value:.1%}", SIGNED_SHARE: f"{value:+.1%}"}
        return len(shown.get(number_format, f"{value:.0f}")) + 1  # and the space of _)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _print_setup(ws: Any, sheet: Sheet, widths: Sequence[int]) -> None:
    """Printed, a sheet is landscape with its header row on every page; one page wide when
    that keeps the text legible (:data:`PRINT_WIDTH`), else at full size over several
    pages wide, each with the frozen columns (the names) at its left."""
    from openpyxl.utils import column_index_from_string, get_column_letter
    from openpyxl.utils.cell import coordinate_from_string

    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "1:1"
    if sum(widths) + 2 * len(widths) <= PRINT_WIDTH:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return
    frozen = column_index_from_string(coordinate_from_string(sheet.freeze)[0]) - 1
    if frozen:
        ws.print_title_cols = f"A:{get_column_letter(frozen)}"


def _alignment(column: Column, row: Mapping[str, Any], top: bool) -> Any:
    """Wrapped and left-aligned in a column of sentences or mixed values, indented by the
    row's depth in a tree column, at the top of the row when a row can be several lines."""
    from openpyxl.styles import Alignment

    depth = int(row.get(column.indent) or 0) if column.indent else 0
    if not (column.wrap or depth or top):
        return None
    return Alignment(
        wrap_text=column.wrap or None,
        horizontal="left" if column.wrap or depth else None,
        vertical="top" if top else None,
        indent=depth,  # one level: about three characters
    )


def _cell(ws: Any, value: Any, number_format: str | None, alignment: Any = None) -> Any:
    """A cell for a value (already :func:`cell_value`): text with the string data type,
    so that openpyxl never takes a leading ``=`` for a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, bool):
        cell.number_format = BOOLEAN
    elif number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _widths(sheet: Sheet) -> list[int]:
    """Each column's width in characters: its widest cell (an indent counts), capped."""
    widths = [len(str(cell_value(c.header))) for c in sheet.columns]
    for row in sheet.rows:
        for j, column in enumerate(sheet.columns):
            value = cell_value(row.get(column.key))
            indent = INDENT_WIDTH * int(row.get(column.indent) or 0) if column.indent else 0
            widths[j] = max(widths[j], _width(value, _format_of(column, row)) + indent)
    caps = [WRAP_WIDTH if c.wrap else MAX_WIDTH for c in sheet.columns]
    return [min(max(width, 6), cap) for width, cap in zip(widths, caps, strict=True)]


def _check_size(sheet: Sheet) -> None:
    if len(sheet.rows) >= MAX_ROWS or len(sheet.columns) > MAX_COLUMNS:
        raise MethodError(
            f"--format xlsx: the sheet '{sheet.title}' would have {len(sheet.rows):,} rows and "
            f"{len(sheet.columns):,} columns, more than a spreadsheet holds "
            f"({MAX_ROWS - 1:,} rows, {MAX_COLUMNS:,} columns); use --format json"
        )


def _numeric(column: Column) -> bool:
    """A column of numbers (right-aligned, as its header is), not of sentences."""
    return column.number_format is not None and not column.wrap


def _write_sheet(book: Any, sheet: Sheet) -> None:
    """One worksheet, streamed row by row: bold header, frozen; values as
    :func:`cell_value`; fitted widths; wrapped rows as tall as their lines."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _check_size(sheet)
    ws = book.create_sheet(sheet.title)
    ws.sheet_view.rightToLeft = language() == "fa"  # a Persian workbook reads right to left
    widths = _widths(sheet)
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width + 2
    ws.freeze_panes = sheet.freeze
    _print_setup(ws, sheet, widths)
    bold = Font(name="Calibri", size=11, bold=True)  # the default font, bold
    right = Alignment(horizontal="right", indent=1)  # a header over numbers, as they are
    header = [
        _cell(ws, cell_value(c.header), None, right if _numeric(c) else None) for c in sheet.columns
    ]
    for cell in header:
        cell.font = bold
    ws.append(header)
    top = any(c.wrap for c in sheet.columns)
    for i, row in enumerate(sheet.rows, start=2):
        cells: list[Any] = []
        lines = 1
        for column, width in zip(sheet.columns, widths, strict=True):
            value = cell_value(row.get(column.key))
            if value is None:
                cells.append(None)
                continue
            alignment = _alignment(column, row, top)
            cells.append(_cell(ws, value, _format_of(column, row), alignment))
            if column.wrap and isinstance(value, str):
                lines = max(lines, _lines(value, width))
        if lines > 1:  # not every reader sizes rows by their content
            ws.row_dimensions[i].height = LINE_HEIGHT * lines
        ws.append(cells)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (about)."""
    per_line = width * TEXT_PER_DIGIT
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.splitlines())


def _exact_string(value: Any, fallback: Callable[[Any], str]) -> str:
    """A cell's number as Python writes it (the shortest text that reads back as the same
    double); anything else as openpyxl writes it."""
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return fallback(value)


@contextmanager
def _exact_numbers() -> Iterator[None]:
    """While writing, numbers are written unrounded: openpyxl writes them with 16
    significant digits (``'%.16g'``), which can change the last bit of a double, so a
    workbook would not hold the JSON's values; Python's ``repr`` (17 digits at most, as
    Excel writes) keeps every one. The writer's module function is swapped for the time
    of one write (citydip writes one workbook at a time)."""
    from openpyxl.cell import _writer

    fallback = _writer.safe_string
    _writer.safe_string = partial(_exact_string, fallback=fallback)
    try:
        yield
    finally:
        _writer.safe_string = fallback


def _save(sheets: Sequence[Sheet], path: Path) -> None:
    """Write ``sheets`` as a workbook to ``path`` with no date: every ZIP entry dated
    :data:`ZIP_TIME`, the document's created and modified dates left out."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with _exact_numbers():  # rows are written as they are appended (write-only)
        book = Workbook(write_only=True)
        for sheet in sheets:
            _write_sheet(book, sheet)
        book.properties.creator = "citydip"
        book.properties.created = book.properties.modified = datetime(1980, 1, 1)  # removed
        ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with (
        zipfile.ZipFile(buffer) as written,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in written.infolist():
            content = written.read(entry)
            if entry.filename == CORE_PROPERTIES:
                content = _DATES.sub(b"", content)
            fixed = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(fixed, content)


def write_workbook(sheets: Sequence[Sheet], path: Path) -> None:
    """Write ``sheets`` as an XLSX workbook to ``path``: atomically (a reader sees the old
    file or the whole new one), streamed sheet by sheet, with no date in it."""
    from mcda_citydip.files.yamlio import write_atomic

    for sheet in sheets:
        _check_size(sheet)  # before anything is written
    write_atomic(Path(path), partial(_save, sheets))
