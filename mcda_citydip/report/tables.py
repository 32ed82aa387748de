"""Terminal tables: rich tables for short listings, a fixed-width table for long ones.

rich measures, wraps and renders every cell to fit the terminal, about a millisecond a row:
20,000 alternatives took half a minute. Above :data:`RICH_TABLE_MAX_ROWS` rows a
:class:`PlainTable` is drawn instead: the same box and styles, every column as wide as its
widest cell (found in one pass over the cells), nothing wrapped or cut. A line wider than the
terminal is left for the terminal to wrap, so print it with ``crop=False``.

A short table that fits the terminal is drawn by :class:`PlainTable` too, since rich would
draw it the same, byte for byte (colour codes included; tested against rich's own table):
about three times faster, which is most of what ``citydip run`` spent drawing (issue 18).
Only a table rich would draw otherwise (see :func:`_drawn_alike`) is left to rich.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from msgspec import Struct
from rich.box import HEAVY_HEAD, Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from mcda_citydip.i18n import _
from mcda_citydip.report.cells import terminal_text

#: Tables with more rows than this are drawn by :class:`PlainTable`.
RICH_TABLE_MAX_ROWS = 500


class Column(Struct, frozen=True):
    """A column's header, alignment and whether a rich table may wrap its cells."""

    header: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = True


def cell_lengths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[int]]:
    """Terminal cells taken by each text (wide characters count two), header row first."""
    return [[cell_len(cell) for cell in row] for row in (headers, *rows)]


def column_widths(lengths: Sequence[Sequence[int]]) -> list[int]:
    """Each column as wide as its widest cell."""
    return [max(column) for column in zip(*lengths, strict=True)]


class PlainTable:
    """Cells of text in fixed-width columns, drawn like rich's default table (heavy head).

    Every cell is shown whole: columns are as wide as their widest cell (in terminal cells,
    so wide characters line up) and no text is wrapped, shortened or cropped. Control
    characters in cells become spaces. Rendering is linear in the number of cells.
    """

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        styles: Sequence[str | None] | None = None,
    ) -> None:
        self.title = terminal_text(title)
        self.columns = tuple(columns)
        self.headers = [terminal_text(c.header) for c in self.columns]
        self.rows = [[terminal_text(cell) for cell in row] for row in rows]
        self.styles = list(styles) if styles is not None else [None] * len(self.rows)
        # Terminal cells taken by each text, header first: measured once, used twice.
        self._lengths = cell_lengths(self.headers, self.rows)
        self.widths = column_widths(self._lengths)

    @property
    def width(self) -> int:
        """Width of a table line: each column plus one space either side, and the borders."""
        return sum(self.widths) + 3 * len(self.widths) + 1

    def _cells(self, cells: Sequence[str], lengths: Sequence[int]) -> list[str]:
        """Each cell justified to its column's width (the padding either side not added)."""
        justified = []
        for cell, length, width, column in zip(
            cells, lengths, self.widths, self.columns, strict=True
        ):
            space = " " * (width - length)
            justified.append(space + cell if column.justify == "right" else cell + space)
        return justified

    def _rows(self) -> Iterator[tuple[list[str], str | None]]:
        """The header's justified cells with the header style, then each row's with its own."""
        yield self._cells(self.headers, self._lengths[0]), "table.header"
        for row, lengths, style in zip(self.rows, self._lengths[1:], self.styles, strict=True):
            yield self._cells(row, lengths), style

    @staticmethod
    def _edges(box: Box, head: bool) -> tuple[str, str, str]:
        if head:
            return box.head_left, box.head_vertical, box.head_right
        return box.mid_left, box.mid_vertical, box.mid_right

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The lines as rich's own table draws them (the same bytes in a colour terminal):
        the title and the borders unstyled, a styled row's style on each of its cells and
        their padding."""
        box = HEAVY_HEAD.substitute(options, safe=console.safe_box)
        new_line = Segment.line()
        spans = [w + 2 for w in self.widths]
        yield from (Segment(self.title + " " * (self.width - cell_len(self.title))), new_line)
        yield from (Segment(box.get_top(spans)), new_line)
        for n, (cells, name) in enumerate(self._rows()):
            left, vertical, right = self._edges(box, n == 0)
            if name is None:
                yield Segment(left + vertical.join(f" {cell} " for cell in cells) + right)
            else:
                style = console.get_style(name)
                for k, cell in enumerate(cells):
                    yield Segment(vertical if k else left)
                    yield from (Segment(" ", style), Segment(cell, style), Segment(" ", style))
                yield Segment(right)
            yield new_line
            if n == 0:
                yield from (Segment(box.get_row(spans, "head")), new_line)
        yield from (Segment(box.get_bottom(spans)), new_line)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


def _rich_table(
    title: str,
    columns: Sequence[Column],
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str | None],
) -> Table:
    """A rich table of texts already made safe for the terminal (:func:`terminal_text`)."""
    table = Table(title=Text(title), title_justify="left")
    for column, header, width in zip(columns, headers, widths, strict=True):
        table.add_column(
            Text(header),
            justify=column.justify,
            no_wrap=not column.wrap,
            min_width=None if column.wrap else width,
            overflow="fold",
        )
    for row, style in zip(rows, styles, strict=True):
        table.add_row(*(Text(cell) for cell in row), style=style)
    return table


class FittedTable:
    """A rich table that never cuts a cell of a column that does not wrap (numbers, ids):
    when the columns do not fit the console, the table is *reflowed* into several tables,
    each with the first ``keep`` columns (the row's labels) and as many of the others as
    fit; columns that may wrap (names) wrap instead of being cut."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        styles: Sequence[str | None] | None = None,
        keep: int = 1,
    ) -> None:
        self.whole = PlainTable(title, columns, rows, styles)  # measured once, drawn if it fits
        self.columns, self.widths = self.whole.columns, self.whole.widths
        self.keep = max(0, min(keep, len(self.columns) - 1))

    def _least(self, k: int) -> int:
        """The narrowest column ``k`` may become: whole when it does not wrap."""
        return self.widths[k] if not self.columns[k].wrap else min(self.widths[k], 20)

    def groups(self, width: int) -> list[list[int]]:
        """Columns of each table: the kept ones, then the others, as many as fit ``width``."""
        kept = list(range(self.keep))
        base = sum(self._least(k) + 3 for k in kept) + 1
        groups: list[list[int]] = []
        current: list[int] = []
        used = base
        for k in range(self.keep, len(self.columns)):
            need = self._least(k) + 3
            if current and used + need > width:
                groups.append(current)
                current, used = [], base
            current.append(k)
            used += need
        groups.append(current)
        return [kept + group for group in groups]

    def tables(self, width: int) -> list[Table]:
        groups = self.groups(width)
        tables = []
        whole = self.whole
        for n, group in enumerate(groups):
            title = whole.title if n == 0 else _("{title} (continued)").format(title=whole.title)
            tables.append(
                _rich_table(
                    terminal_text(title),
                    [self.columns[k] for k in group],
                    [whole.headers[k] for k in group],
                    [self.widths[k] for k in group],
                    [[row[k] for k in group] for row in whole.rows],
                    whole.styles,
                )
            )
        return tables

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.whole.width <= options.max_width and _drawn_alike(self.whole):
            yield self.whole  # as rich draws it (tested), about 3x faster
            return
        yield from self.tables(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(
            min(options.max_width, sum(self._least(k) + 3 for k in range(len(self.columns))) + 1),
            options.max_width,
        )


def _drawn_alike(table: PlainTable) -> bool:
    """Whether ``table`` draws what rich's table would, byte for byte. Rich does otherwise
    with a title it must wrap or that is empty, a column of zero width (cropped to nothing),
    and a text ending in whitespace or in a zero-width joiner (trimmed, or padded once more,
    by its line wrapping); those tables are left to rich."""
    if not table.title or cell_len(table.title) > table.width or min(table.widths) == 0:
        return False
    texts = [table.title, *table.headers, *(cell for row in table.rows for cell in row)]
    return not any(text[-1:].isspace() or text.endswith("\u200d") for text in texts)


def text_table(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str | None] | None = None,
    keep: int = 1,
) -> FittedTable | PlainTable:
    """A rich table of ``rows`` (plain text, never read as console markup) that reflows
    rather than cut a number (:class:`FittedTable`), or a :class:`PlainTable` when there are
    more than :data:`RICH_TABLE_MAX_ROWS` rows."""
    if len(rows) > RICH_TABLE_MAX_ROWS:
        return PlainTable(title, columns, rows, styles)
    return FittedTable(title, columns, rows, styles, keep)
