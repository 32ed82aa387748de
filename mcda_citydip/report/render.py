"""Text renderers: JSON, CSV and Markdown, and rich tables for the terminal.

Every text cell of every export goes through :mod:`mcda_citydip.report.cells`: CSV and
Markdown cells through :func:`~mcda_citydip.report.cells.spreadsheet_safe` (no live
formulas), Markdown through :func:`~mcda_citydip.report.cells.markdown_text` (no split rows),
terminal tables through :func:`~mcda_citydip.report.tables.text_table` (no console markup).
Numbers are written as numbers, whatever their sign.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.i18n import shown_number
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
    RANK_INTERVAL,
    consistency_rows,
    coverage_rows,
    ranking_rows,
    run_data,
    weight_rows,
    weights_data,
)
from mcda_citydip.report.tables import Column, FittedTable, PlainTable, text_table

FORMATS = ("table", "json", "csv", "md")


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _shown(value: Any, digits: int = 4) -> str:
    """A number as displayed (terminal, Markdown): :func:`_fmt` with the digits of
    ``--digits`` (:func:`~mcda_citydip.i18n.shown_number`); text is left as it is."""
    if value is None or (is_number(value) and not isinstance(value, bool)):
        return shown_number(_fmt(value, digits))
    return _fmt(value, digits)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _policies(value: Any) -> str:
    """``drop (except BIL1: median)`` for a per-indicator missing-data policy."""
    if not isinstance(value, dict):
        return str(value)
    if not value:
        return "none"
    common = Counter(value.values()).most_common(1)[0][0]
    rest = ", ".join(f"{k}: {v}" for k, v in value.items() if v != common)
    return f"{common} (except {rest})"


def _setting(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "none"
    return _fmt(value) if isinstance(value, float) else str(value)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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


def _md(header: Sequence[str], rows: list[dict[str, Any]]) -> str:
    """A GitHub-flavoured Markdown table; every row has ``len(header)`` cells."""
    lines = ["| " + " | ".join(map(_md_value, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_value(r.get(k)) for k in header) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _md_lines(lines: Sequence[str]) -> str:
    """Lines of text as Markdown paragraphs, one a line, every one escaped."""
    return "\n\n".join(markdown_text(line) for line in lines) + "\n"


WEIGHT_COLUMNS = ("id", "name", "local", "global", "cr")
COVERAGE_COLUMNS = ("indicator", "data", "experts", "missing", "transform", "policy", "action")
CONSISTENCY_COLUMNS = ("node", "n", "judgments", "lambda_max", "ci", "ri", "cr", "flagged")


def _weight_columns(weights: Weights, ranking: bool = False) -> tuple[str, ...]:
    base = ("id", "name", "local", "global", "ranking", "cr") if ranking else WEIGHT_COLUMNS
    return (*base, *weights.experts)


def _consistency_columns(weights: Weights) -> tuple[str, ...]:
    if not weights.experts:
        return CONSISTENCY_COLUMNS
    return (
        *CONSISTENCY_COLUMNS,
        "consensus",
        "most_deviating",
        *(f"CR {name}" for name in weights.experts),
    )


def _ranking_columns(method: str, union: bool = False, intervals: bool = False) -> tuple[str, ...]:
    first = ("rank", "alternative", "status") if union else ("rank", "alternative")
    last = (RANK_INTERVAL,) if intervals else ()
    if method == "vikor":
        return (*first, "Q", "S", "R", "compromise", *last)
    return (*first, "score", *last)


def _intervals(run: RunResult, method: str) -> Mapping[str, tuple[int, int | None]] | None:
    return run.rank_intervals.intervals[method] if run.rank_intervals is not None else None


def _csv_headline(run: RunResult) -> list[str]:
    """The comment lines a CSV export opens with (``#``: most readers skip them)."""
    lines = list(run.headline)
    if run.support is not None:
        lines.append(
            f"supported_weight={run.support.supported_weight!r}, "
            f"discriminating_weight={run.support.discriminating_weight!r}, "
            f"partial_index={str(run.support.partial).lower()}"
        )
    return lines


def _status(run: RunResult) -> Mapping[str, str] | None:
    return run.union.status if run.union is not None else None


def _footer(conventions: dict[str, Any], notes: Sequence[str]) -> list[str]:
    lines = []
    flat = {k: v for k, v in conventions.items() if k not in {"methods", "random_index_source"}}
    lines.append(
        "Conventions: "
        + "; ".join(
            f"{k}={_policies(v) if k == 'missing' else _setting(v)}" for k, v in flat.items()
        )
    )
    for method, values in conventions.get("methods", {}).items():
        lines.append(f"  {method}: " + "; ".join(f"{k}={_setting(v)}" for k, v in values.items()))
    lines += [f"Note: {note}" for note in notes]
    return lines


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
    columns = _weight_columns(weights, ranking=effective is not None)
    if fmt == "csv":
        return _csv(("depth", *columns, "completed"), weight_rows(hierarchy, weights, effective))
    return (
        "## Weights\n\n"
        + _md(columns, weight_rows(hierarchy, weights, effective, shown=True))
        + _md_consistency(weights)
        + "\n"
        + _md_lines(_footer(conventions, weights.notes))
    )


def _md_consistency(weights: Weights) -> str:
    rows = consistency_rows(weights)
    return "\n## Consistency\n\n" + _md(_consistency_columns(weights), rows) if rows else ""


def render_run(hierarchy: Hierarchy, run: RunResult, fmt: str, names: Names | None = None) -> str:
    """``citydip run`` output in a text format (json, csv or md). ``names`` (the problem's,
    language → alternative → name): Markdown shows the alternatives' names in the current
    language beside their ids; JSON and CSV keep the ids only."""
    if fmt == "json":
        return to_json(run_data(run))
    if fmt == "csv":
        status = ("status",) if run.union is not None else ()
        spans = (RANK_INTERVAL,) if run.rank_intervals is not None else ()
        header = (
            *("method", "rank", "alternative", *status),
            *("score", "S", "R", "Q", "compromise", *spans),
        )
        rows = [
            {"method": name, **row}
            for name, result in run.results.items()
            for row in ranking_rows(result, _status(run), _intervals(run, name))
        ]
        comments = "".join(f"# {terminal_text(line)}\n" for line in _csv_headline(run))
        return comments + _csv(header, rows)
    parts = [
        *(f"**{markdown_text(line)}**\n" for line in run.headline),
        f"# {markdown_text(run.scenario)}\n",
        "## Weights\n",
        _md(
            _weight_columns(run.weights, ranking=True),
            weight_rows(hierarchy, run.weights, run.effective_weights, shown=True),
        )
        + _md_consistency(run.weights),
    ]
    parts.append("## Data coverage\n")
    parts.append(_md(COVERAGE_COLUMNS, coverage_rows(run)))
    shown = shown_names(names)
    for name, result in run.results.items():
        parts.append(f"## {name.upper()}\n")
        columns = _ranking_columns(name, run.union is not None, run.rank_intervals is not None)
        ranked = ranking_rows(result, _status(run), _intervals(run, name), shown)
        parts.append(_md(columns, ranked))
        if "compromise_set" in result.flags:
            members = ", ".join(with_id(a, shown.get(a)) for a in result.flags["compromise_set"])
            parts.append(_md_lines([f"Compromise set: {members}"]))
    parts.append(_md_lines(_footer(dict(run.conventions), run.notes)))
    return "\n".join(parts)


def weights_table(
    hierarchy: Hierarchy,
    weights: Weights,
    title: str,
    effective: Mapping[str, float] | None = None,
) -> FittedTable | PlainTable:
    """The weights by node; with ``effective``, a ``ranking`` column: the weight each
    indicator had in the ranking (dropped ones removed, the rest re-normalised)."""
    numbers = (
        ("local", "global", "ranking", "CR") if effective is not None else ("local", "global", "CR")
    )
    columns = [
        Column("indicator", wrap=False),
        Column("name"),
        *(Column(name, "right", wrap=False) for name in numbers),
        *(Column(name, "right", wrap=False) for name in weights.experts),
    ]
    rows = weight_rows(hierarchy, weights, effective, shown=True)
    cells = [
        (
            "  " * row["depth"] + row["id"],
            _shorten(row["name"], 38),
            _shown(row["local"]),
            _shown(row["global"]),
            *((_shown(row["ranking"]),) if effective is not None else ()),
            _shown(row["cr"], 3) + (" ⚠" if row["flagged"] else "")
            if row["cr"] is not None
            else "",
            *(_shown(row[name]) for name in weights.experts),
        )
        for row in rows
    ]
    styles = ["bold" if row["depth"] == 0 else None for row in rows]
    return text_table(title, columns, cells, styles, keep=2)


def ranking_table(
    run: RunResult, method: str, names: Names | None = None
) -> FittedTable | PlainTable:
    """Alternatives from best to worst (with their names in the current language beside the
    ids, see :func:`render_run`); a :class:`PlainTable` for long rankings."""
    heads = _ranking_columns(method, run.union is not None, run.rank_intervals is not None)
    columns = [Column(c, "left" if c in ("alternative", "status") else "right") for c in heads]
    shown = shown_names(names)
    ranked = ranking_rows(run.results[method], _status(run), _intervals(run, method), shown)
    rows = [tuple(_shown(row.get(c)) for c in heads) for row in ranked]
    return text_table(f"{method.upper()} ranking", columns, rows, keep=2)


def footer(conventions: dict[str, Any], notes: Sequence[str]) -> Text:
    lines = _footer(conventions, notes)
    return Text("\n".join(terminal_text(line) for line in lines), style="dim")


def run_renderable(
    hierarchy: Hierarchy, run: RunResult, names: Names | None = None
) -> RenderableType:
    """``citydip run`` for the terminal; ``names`` as for :func:`render_run`."""
    partial = run.support is not None and run.support.partial
    warning = "bold red" if partial or run.illustrative else "bold"
    parts: list[RenderableType] = [
        *(Text(terminal_text(line), style=warning) for line in run.headline),
        Text(terminal_text(run.scenario), style="bold"),
        weights_renderable(
            hierarchy,
            run.weights,
            "Weights (model: local, global; ranking: as used after dropped indicators)",
            effective=run.effective_weights,
        ),
        coverage_table(run),
    ]
    shown = shown_names(names)
    for method in run.results:
        parts.append(ranking_table(run, method, names))
        flags = run.results[method].flags
        if "compromise_set" in flags:
            members = ", ".join(with_id(a, shown.get(a)) for a in flags["compromise_set"])
            parts.append(
                Text(
                    terminal_text(
                        f"Compromise set: {members} "
                        f"(acceptable advantage: {'yes' if flags['acceptable_advantage'] else 'no'}"
                        f", acceptable stability: "
                        f"{'yes' if flags['acceptable_stability'] else 'no'})"
                    )
                )
            )
    parts.append(footer(dict(run.conventions), run.notes))
    return Group(*parts)


def to_text(renderable: RenderableType, width: int = 120) -> str:
    """Plain text of a rich renderable (for --out FILE); long lines are kept whole."""
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable, crop=False)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text


def consistency_table(weights: Weights) -> FittedTable | PlainTable | None:
    """λmax, CI, RI and CR of every compared node; None when there are none (direct weights)."""
    rows = consistency_rows(weights)
    if not rows:
        return None
    extra = _consistency_columns(weights)[len(CONSISTENCY_COLUMNS) :]
    columns = [
        Column(name.replace("_", " "), "left" if name == "node" else "right")
        for name in ("node", "n", "judgments", "λmax", "CI", "RI", "CR", *extra)
    ]
    cells = [
        (
            row["node"],
            _shown(row["n"]),
            shown_number(row["judgments"]),
            _shown(row["lambda_max"]),
            _shown(row["ci"]),
            _shown(row["ri"]),
            _shown(row["cr"]) + (f" ⚠ above {row['limit']:g}" if row["flagged"] else ""),
            *(_shown(row[column], 3) for column in extra),
        )
        for row in rows
    ]
    return text_table("Consistency per node", columns, cells)


def weights_renderable(
    hierarchy: Hierarchy,
    weights: Weights,
    title: str,
    conventions: dict[str, Any] | None = None,
    effective: Mapping[str, float] | None = None,
) -> RenderableType:
    parts: list[RenderableType] = [weights_table(hierarchy, weights, title, effective)]
    table = consistency_table(weights)
    if table is not None:
        parts.append(table)
    if conventions is not None:
        parts.append(footer(conventions, weights.notes))
    return Group(*parts)


def coverage_table(run: RunResult) -> FittedTable | PlainTable:
    """Which indicators had data for which alternatives, and what the policy did."""
    rows = coverage_rows(run)
    names = [c for c in COVERAGE_COLUMNS if c == "missing" or any(r[c] for r in rows)]
    columns = [Column(name, wrap=name == "missing") for name in names]
    return text_table("Data coverage", columns, [[str(r[c]) for c in names] for r in rows])
