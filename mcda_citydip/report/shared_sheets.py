"""Sheets shared by the workbooks of several commands: ``item``/``value`` summaries, the
support of the model per dimension, and the conventions in force with the notes.

Built as :class:`~mcda_citydip.report.workbook.Sheet` tables for
:func:`~mcda_citydip.report.workbook.write_workbook` (:mod:`mcda_citydip.report.xlsx`,
:mod:`mcda_citydip.report.xlsx_sensitivity`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mcda_citydip.i18n import _, node_name, set_digits, shown_number, translated
from mcda_citydip.model import Hierarchy
from mcda_citydip.report.workbook import SHARE, Column, Sheet, flat_items

# ---------------------------------------------------------------- sheets shared by commands


def _format_in_row(row: Mapping[str, Any]) -> str | None:
    found: str | None = row.get("format")
    return found


def item_sheet(title: str, rows: list[Mapping[str, Any]]) -> Sheet:
    """A two-column sheet of ``item``/``value`` rows; a row's ``format`` formats its value."""
    columns = (Column("item", _("item")), Column("value", _("value"), _format_in_row, wrap=True))
    return Sheet(title, columns, rows)


def support_items(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Summary rows of the support fields of a JSON object (:class:`~mcda_citydip.support.
    Support`): shares of the model's weight the ranking rests on."""
    if "supported_weight" not in data:
        return []
    return [
        {"item": _("supported weight"), "value": data["supported_weight"], "format": SHARE},
        {
            "item": _("discriminating weight"),
            "value": data["discriminating_weight"],
            "format": SHARE,
        },
        {"item": _("partial index"), "value": data["partial_index"]},
        {
            "item": _("minimum supported weight"),
            "value": data["min_supported_weight"],
            "format": SHARE,
        },
        {"item": _("supported indicators"), "value": ", ".join(data["supported_indicators"])},
        {
            "item": _("discriminating indicators"),
            "value": ", ".join(data["discriminating_indicators"]),
        },
        {"item": _("dimensions without data"), "value": ", ".join(data["dimensions_without_data"])},
    ]


def support_sheet(hierarchy: Hierarchy, data: Mapping[str, Any]) -> list[Sheet]:
    """Per dimension: its weight in the model and the shares with data / that separate."""
    if "support_by_dimension" not in data:
        return []
    rows = [
        {"dimension": d, "name": node_name(hierarchy.nodes[d]) if d in hierarchy.nodes else "", **s}
        for d, s in data["support_by_dimension"].items()
    ]
    columns = (
        Column("dimension", _("dimension")),
        Column("name", _("name"), wrap=True),
        Column("weight", _("weight"), SHARE),
        Column("supported_weight", _("supported weight"), SHARE),
        Column("discriminating_weight", _("discriminating weight"), SHARE),
    )
    return [Sheet("Support", columns, rows)]


def saved_text(text: str) -> str:
    """A note, headline or summary sentence of the library in the current language, its
    numbers in Latin digits: a workbook is a saved file, and ``--digits`` is for the screen."""
    if shown_number("0") == "0":
        return translated(text)
    set_digits("latin")
    try:
        return translated(text)
    finally:
        set_digits("fa")


def conventions_sheet(
    conventions: Mapping[str, Any], notes: Sequence[str], more: Sequence[tuple[str, Any]] = ()
) -> Sheet:
    """Every convention in force as ``key``/``value`` (dotted keys for nested ones), then
    ``more`` pairs, then the notes, one a row."""
    rows: list[Mapping[str, Any]] = [
        {"key": k, "value": v} for k, v in [*flat_items(conventions), *more]
    ]
    rows += [
        {"key": _("note {number}").format(number=k), "value": saved_text(note)}
        for k, note in enumerate(notes, start=1)
    ]
    columns = (Column("key", _("key")), Column("value", _("value"), wrap=True))
    return Sheet("Conventions", columns, rows)
