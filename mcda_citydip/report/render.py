"""Text renderers: JSON, CSV and Markdown (the terminal's rich tables are in
:mod:`mcda_citydip.report.terminal`, re-exported here).

Every text cell of every export goes through :mod:`mcda_citydip.report.cells`: CSV and
Markdown cells through :func:`~mcda_citydip.report.cells.spreadsheet_safe` (no live
formulas), Markdown through :func:`~mcda_citydip.report.cells.markdown_text` (no split rows).
Numbers are written as numbers, whatever their sign. JSON and CSV are a contract: keys,
headers, notes and headlines in English whatever ``--lang`` says; Markdown is shown text,
in the current language (headers, titles, notes) with the digits of ``--digits``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.i18n import _, translated
from mcda_citydip.model import Hierarchy
from mcda_citydip.names import Names, shown_names, with_id
from mcda_citydip.pipeline import RunResult
from mcda_citydip.report.cells import (
    is_number,
    markdown_cell,
    markdown_text,
    spreadsheet_safe,
    terminal_text,
)
from mcda_citydip.report.data import (
    COVERAGE_COLUMNS,
    RANK_INTERVAL,
    consistency_columns,
    consistency_rows,
    coverage_rows,
    ranking_columns,
    ranking_rows,
    run_data,
    run_intervals,
    run_status,
    weight_columns,
    weight_rows,
    weights_data,
)
from mcda_citydip.report.terminal import (
    _shown,
    footer_lines,
    header,
    ranking_table,
    run_renderable,
    to_text,
    weights_renderable,
)

__all__ = [
    "FORMATS",
    "_csv",
    "_md",
    "_md_lines",
    "ranking_table",
    "render_run",
    "render_weights",
    "run_renderable",
    "to_json",
    "to_text",
    "weights_renderable",
]

FORMATS = ("table", "json", "csv", "md")


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def shallow_json_chunks(data: Mapping[str, Any], depth: int) -> Iterator[str]:
    """JSON text of ``data`` in pieces: mappings down to ``depth`` levels one member per line
    (indented by two spaces a level), every deeper value on one line (``", "`` and ``": "``
    between its items). Python's C encoder writes only unindented JSON, so each deeper value
    is one call to it: at 1,000 alternatives the text is 47 MB instead of 110 MB with ``indent``
    throughout, written in 2 s instead of 6 s, and never held whole."""
    yield from _json_pieces(data, 0, depth)
    yield "\n"


def _json_pieces(value: Any, level: int, depth: int) -> Iterator[str]:
    if not isinstance(value, Mapping) or not value or level >= depth:
        yield json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
        return
    pad = "  " * (level + 1)
    for k, (key, item) in enumerate(value.items()):
        yield ("{" if k == 0 else ",") + "\n" + pad + json.dumps(str(key), ensure_ascii=False)
        yield ": "
        yield from _json_pieces(item, level + 1, depth)
    yield "\n" + "  " * level + "}"


#: Characters that make a text field quoted: those of RFC 4180 (section 2.6), and ``;`` and
#: tab, the separators spreadsheets take in other locales, so that no part of a cell can
#: become a cell of its own (one that starts with a formula).
_CSV_QUOTED = frozenset(',"\r\n;\t')


def _csv_field(value: Any) -> str:
    """One CSV field: empty for None, a number as Python writes it, text made
    :func:`spreadsheet_safe` and quoted when it holds a character of ``_CSV_QUOTED``.
    Python's ``csv.writer`` leaves a lone ``\\r`` unquoted when the line ends are ``\\n``,
    and a reader then ends the row there; hence this writer."""
    if value is None:
        return ""
    if is_number(value):
        return str(value)
    text = str(spreadsheet_safe(value))
    return '"' + text.replace('"', '""') + '"' if not _CSV_QUOTED.isdisjoint(text) else text


def _csv(header: Sequence[str], rows: list[dict[str, Any]]) -> str:
    """A CSV table (``\\n`` line ends): the columns ``header`` of each row, text cells (the
    header's too) made :func:`spreadsheet_safe`, numbers written unchanged."""
    lines = [",".join(map(_csv_field, header))]
    lines += [",".join(_csv_field(row.get(k)) for k in header) for row in rows]
    return "\n".join(lines) + "\n"


def _md_value(value: Any) -> str:
    """A Markdown table cell: numbers, booleans and None as :func:`_fmt` shows them, text
    through :func:`markdown_cell` (formula quote, escaped ``|``, no line breaks)."""
    if value is None or is_number(value):
        return _shown(value)
    return markdown_cell(str(value))


def _md(
    columns: Sequence[str], rows: list[dict[str, Any]], labels: Sequence[str] | None = None
) -> str:
    """A GitHub-flavoured Markdown table of the ``columns`` of each row; every row has
    ``len(columns)`` cells. ``labels``: the headers shown (default: the columns)."""
    heads = columns if labels is None else labels
    lines = ["| " + " | ".join(map(_md_value, heads)) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_value(r.get(k)) for k in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _md_lines(lines: Sequence[str]) -> str:
    """Lines of text as Markdown paragraphs, one a line, every one escaped."""
    return "\n\n".join(markdown_text(line) for line in lines) + "\n"


def _csv_headline(run: RunResult) -> list[str]:
    """The comment lines a CSV export opens with (``#``: most readers skip them), English."""
    lines = list(run.headline)
    if run.support is not None:
        lines.append(
            f"supported_weight={run.support.supported_weight!r}, "
            f"discriminating_weight={run.support.discriminating_weight!r}, "
            f"partial_index={str(run.support.partial).lower()}"
        )
    return lines


def _md_table(columns: Sequence[str], rows: list[dict[str, Any]], experts: Collection[str]) -> str:
    """:func:`_md` with the headers shown in the current language (:func:`header`)."""
    return _md(columns, rows, [header(c, experts) for c in columns])


def render_weights(
    hierarchy: Hierarchy,
    weights: Weights,
    conventions: dict[str, Any],
    fmt: str,
    effective: Mapping[str, float] | None = None,
) -> str:
    """``citydip weights`` output in a text format (json, csv or md); with ``effective``
    (a scenario with data) the ``ranking`` column of the weights that would rank."""
    if fmt == "json":
        data = weights_data(weights, conventions)
        if effective is not None:
            data["effective_weights"] = dict(effective)
        return to_json(data)
    columns = weight_columns(weights, ranking=effective is not None)
    if fmt == "csv":
        return _csv(("depth", *columns, "completed"), weight_rows(hierarchy, weights, effective))
    rows = weight_rows(hierarchy, weights, effective, shown=True)
    return (
        "## "
        + _("Weights")
        + "\n\n"
        + _md_table(columns, rows, weights.experts)
        + _md_consistency(weights)
        + "\n"
        + _md_lines(footer_lines(conventions, weights.notes))
    )


def _md_consistency(weights: Weights) -> str:
    rows = consistency_rows(weights)
    if not rows:
        return ""
    table = _md_table(consistency_columns(weights), rows, weights.experts)
    return "\n## " + _("Consistency") + "\n\n" + table


def render_run(hierarchy: Hierarchy, run: RunResult, fmt: str, names: Names | None = None) -> str:
    """``citydip run`` output in a text format (json, csv or md). ``names`` (the problem's,
    language → alternative → name): Markdown shows the alternatives' names in the current
    language beside their ids; JSON and CSV keep the ids only (and English)."""
    if fmt == "json":
        return to_json(run_data(run))
    if fmt == "csv":
        return _run_csv(run)
    experts = run.weights.experts
    parts = [
        *(f"**{markdown_text(translated(line))}**\n" for line in run.headline),
        f"# {markdown_text(run.scenario)}\n",
        "## " + _("Weights") + "\n",
        _md_table(
            weight_columns(run.weights, ranking=True),
            weight_rows(hierarchy, run.weights, run.effective_weights, shown=True),
            experts,
        )
        + _md_consistency(run.weights),
    ]
    parts.append("## " + _("Data coverage") + "\n")
    parts.append(_md_table(COVERAGE_COLUMNS, coverage_rows(run), ()))
    shown = shown_names(names)
    for name, result in run.results.items():
        parts.append(f"## {name.upper()}\n")
        columns = ranking_columns(name, run.union is not None, run.rank_intervals is not None)
        ranked = ranking_rows(result, run_status(run), run_intervals(run, name), shown)
        parts.append(_md_table(columns, ranked, ()))
        if "compromise_set" in result.flags:
            members = ", ".join(with_id(a, shown.get(a)) for a in result.flags["compromise_set"])
            parts.append(_md_lines([_("Compromise set: {members}").format(members=members)]))
    parts.append(_md_lines(footer_lines(dict(run.conventions), run.notes)))
    return "\n".join(parts)


def _run_csv(run: RunResult) -> str:
    """Every method's ranking, one row an alternative, after the headline as comments."""
    status = ("status",) if run.union is not None else ()
    spans = (RANK_INTERVAL,) if run.rank_intervals is not None else ()
    columns = (
        *("method", "rank", "alternative", *status),
        *("score", "S", "R", "Q", "compromise", *spans),
    )
    rows = [
        {"method": name, **row}
        for name, result in run.results.items()
        for row in ranking_rows(result, run_status(run), run_intervals(run, name))
    ]
    comments = "".join(f"# {terminal_text(line)}\n" for line in _csv_headline(run))
    return comments + _csv(columns, rows)
