"""Text cells made safe for every export: no live formulas, no markup, no broken rows.

Names in citydip's output (alternative ids, indicator ids and names, expert names, notes)
come from users' files and may contain anything. Three rules keep them inert:

* **Spreadsheets** (CSV, Markdown tables, which are often pasted into a spreadsheet):
  :func:`spreadsheet_safe` gives a text cell that starts with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return a leading ``'`` (OWASP, "CSV Injection"), so that Excel,
  LibreOffice and Google Sheets read it as text. Numbers are never touched: the choice is
  made on the value's type, so ``-0.25`` stays a number while the text ``"-x"`` becomes
  ``"'-x"``.
* **Markdown**: :func:`markdown_text` escapes what changes the structure of a table or
  injects content (``\\``, ``|``, backticks, ``<`` and ``[``/``]``, see its docstring) and
  turns line breaks and other control characters into spaces, so a cell never splits a row.
* **Terminal**: :func:`terminal_text` replaces control characters (escape sequences, line
  breaks) with spaces; rich cells are built as :class:`rich.text.Text`, so ``[bold]`` in a
  name is shown as typed, never read as console markup.
"""

from __future__ import annotations

from numbers import Number
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: C0 controls, DEL, C1 controls and the Unicode line and paragraph separators: every
#: character that ends a line for ``str.splitlines`` or drives a terminal.
_CONTROLS = (
    *range(0x00, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    0x2028,
    0x2029,
)
_TERMINAL = str.maketrans(dict.fromkeys(_CONTROLS, " "))

#: Markdown characters escaped with a backslash (CommonMark allows it before any ASCII
#: punctuation, and GFM tables take ``\\|`` as a literal pipe, even inside code spans).
MARKDOWN_ESCAPED = "\\|`<[]"
_MARKDOWN = _TERMINAL | {ord(c): "\\" + c for c in MARKDOWN_ESCAPED}


def is_number(value: Any) -> bool:
    """True for ints, floats, bools and NumPy scalars: values written as they are."""
    return isinstance(value, Number)


def spreadsheet_safe(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate (OWASP CSV-injection guidance).

    Numbers (``int``, ``float``, ``bool``, NumPy scalars) and ``None`` are returned
    unchanged, whatever their sign. Anything else is text: ``str(value)``, with a leading
    ``'`` when it starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return. The
    quote is what spreadsheets take as "this cell is text"; a text cell that starts with
    ``'`` already is left alone, so applying the function twice changes nothing.

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> spreadsheet_safe(-0.25), spreadsheet_safe("-x"), spreadsheet_safe("Bushehr")
    (-0.25, "'-x", 'Bushehr')
    """
    if value is None or is_number(value):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def terminal_text(text: str) -> str:
    """``text`` with every control character (ESC, line breaks, tab) replaced by a space."""
    return text.translate(_TERMINAL)


def markdown_text(text: str) -> str:
    """``text`` as Markdown inline content that renders as typed and never splits a row.

    Line breaks, tabs and other control characters become spaces (a table row is one line).
    A backslash is put before ``\\`` (so a name ending in ``\\`` cannot escape the cell's
    closing pipe), ``|`` (the cell separator), backticks (inside a code span escapes would
    show literally), ``<`` (raw HTML and autolinks) and ``[``/``]`` (links and images).
    Emphasis characters (``*``, ``_``, ``~``) are left as they are: at worst they style a
    name, and escaping them would clutter ids such as ``NET_1``.
    """
    return text.translate(_MARKDOWN)


def markdown_cell(text: str) -> str:
    """A text cell of a Markdown table: :func:`spreadsheet_safe`, then :func:`markdown_text`.

    Markdown is not a spreadsheet, but a table copied from a rendered page pastes into one
    cell by cell, so the formula rule applies to Markdown tables as well. Headings and
    paragraphs (the scenario's name, notes, conventions) are not cells: they get
    :func:`markdown_text` only.
    """
    return markdown_text(str(spreadsheet_safe(text)))
