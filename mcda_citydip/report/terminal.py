"""Results as shown: rich tables for the terminal, and what the Markdown export shares with
them — numbers in the digits of ``--digits``, column headers, titles and footers in the
current language, the library's notes and headlines through
:func:`~mcda_citydip.i18n.translated`. JSON and CSV (:mod:`mcda_citydip.report.render`) take
none of this: they stay English.

Every text cell of a terminal table goes through
:func:`~mcda_citydip.report.tables.text_table` (no console markup).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.i18n import N_, _, shown_number, translated
from mcda_citydip.model import Hierarchy
from mcda_citydip.names import Names, shown_names, with_id
from mcda_citydip.pipeline import RunResult
from mcda_citydip.report.cells import is_number, terminal_text
from mcda_citydip.report.data import (
    CONSISTENCY_COLUMNS,
    COVERAGE_COLUMNS,
    RANK_INTERVAL,
    consistency_columns,
    consistency_rows,
    coverage_rows,
    ranking_columns,
    ranking_rows,
    run_intervals,
    run_status,
    weight_rows,
)
from mcda_citydip.report.tables import Column, FittedTable, PlainTable, text_table

#: Column headers as shown, by row key (terminal and Markdown; CSV keeps the keys). VIKOR's
#: Q, S and R are symbols, the same in every language; an expert's column is their name.
HEADERS = {
    "id": N_("id"),
    "indicator": N_("indicator"),
    "name": N_("name"),
    "local": N_("local"),
    "global": N_("global"),
    "ranking": N_("ranking"),
    "cr": N_("cr"),
    "CR": N_("CR"),
    "node": N_("node"),
    "n": N_("n"),
    "judgments": N_("judgments"),
    "lambda_max": N_("lambda_max"),
    "λmax": N_("λmax"),
    "ci": N_("ci"),
    "CI": N_("CI"),
    "ri": N_("ri"),
    "RI": N_("RI"),
    "flagged": N_("flagged"),
    "consensus": N_("consensus"),
    "most_deviating": N_("most_deviating"),
    "most deviating": N_("most deviating"),
    "rank": N_("rank"),
    "alternative": N_("alternative"),
    "status": N_("status"),
    "compromise": N_("compromise"),
    "score": N_("score"),
    RANK_INTERVAL: N_("ranks 5–95%"),
    "data": N_("data"),
    "experts": N_("experts"),
    "missing": N_("missing"),
    "transform": N_("transform"),
    "policy": N_("policy"),
    "action": N_("action"),
}


def header(key: str, experts: Collection[str] = ()) -> str:
    """The shown header of column ``key``; an expert's column (their name, or ``CR name``)."""
    if key in experts:
        return key
    if key.startswith("CR ") and key[3:] in experts:
        return _("CR {expert}").format(expert=key[3:])
    if key == RANK_INTERVAL:  # its percentiles are numbers: in the digits shown
        return shown_number(_(HEADERS[key]))
    return _(HEADERS[key]) if key in HEADERS else key


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


#: Text made of numbers only: a count of a total (``5/13``), a rank interval (``5–12``).
NUMERIC_TEXT = re.compile(r"[0-9][0-9/–….,% ]*")
#: What the missing-data policy did to an indicator (``IndicatorCoverage.action``), shown.
ACTIONS = {
    "complete": N_("complete"),
    "dropped": N_("dropped"),
    "imputed": N_("imputed"),
    "zero": N_("zero"),
    "sampled": N_("sampled"),
}


def _shown(value: Any, digits: int = 4) -> str:
    """A number as displayed (terminal, Markdown): :func:`_fmt` with the digits of
    ``--digits`` (:func:`~mcda_citydip.i18n.shown_number`), as is text made of numbers only
    (``5/13``, ``5–12``); other text is left as it is."""
    if value is None or (is_number(value) and not isinstance(value, bool)):
        return shown_number(_fmt(value, digits))
    if isinstance(value, str) and NUMERIC_TEXT.fullmatch(value):
        return shown_number(value)
    return _fmt(value, digits)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _policies(value: Any) -> str:
    """``drop (except BIL1: median)`` for a per-indicator missing-data policy."""
    if not isinstance(value, dict):
        return str(value)
    if not value:
        return _("none")
    common = Counter(value.values()).most_common(1)[0][0]
    rest = ", ".join(f"{k}: {v}" for k, v in value.items() if v != common)
    return _("{policy} (except {others})").format(policy=common, others=rest)


def _setting(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else _("none")
    return _fmt(value) if isinstance(value, float) else str(value)


def footer_lines(conventions: dict[str, Any], notes: Sequence[str]) -> list[str]:
    """The conventions in force (as set), then every note, in the current language."""
    flat = {k: v for k, v in conventions.items() if k not in {"methods", "random_index_source"}}
    settings = "; ".join(
        f"{k}={_policies(v) if k == 'missing' else _setting(v)}" for k, v in flat.items()
    )
    lines = [_("Conventions:") + " " + settings]
    for method, values in conventions.get("methods", {}).items():
        lines.append(f"  {method}: " + "; ".join(f"{k}={_setting(v)}" for k, v in values.items()))
    lines += [_("Note: {note}").format(note=translated(note)) for note in notes]
    return lines


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
        Column(header("indicator"), wrap=False),
        Column(header("name")),
        *(Column(header(name), "right", wrap=False) for name in numbers),
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
    ids, see :func:`~mcda_citydip.report.render.render_run`); a :class:`PlainTable` for long
    rankings."""
    heads = ranking_columns(method, run.union is not None, run.rank_intervals is not None)
    columns = [
        Column(header(c), justify="left" if c in ("alternative", "status") else "right")
        for c in heads
    ]
    shown = shown_names(names)
    ranked = ranking_rows(run.results[method], run_status(run), run_intervals(run, method), shown)
    rows = [tuple(_shown(row.get(c)) for c in heads) for row in ranked]
    title = _("{method} ranking").format(method=method.upper())
    return text_table(title, columns, rows, keep=2)


def footer(conventions: dict[str, Any], notes: Sequence[str]) -> Text:
    lines = footer_lines(conventions, notes)
    return Text("\n".join(terminal_text(line) for line in lines), style="dim")


def _compromise_text(run: RunResult, method: str, names: Mapping[str, str]) -> Text:
    """VIKOR's compromise set and whether its acceptance conditions hold."""
    flags = run.results[method].flags
    members = ", ".join(with_id(a, names.get(a)) for a in flags["compromise_set"])
    text = _(
        "Compromise set: {members} (acceptable advantage: {advantage}, acceptable "
        "stability: {stability})"
    ).format(
        members=members,
        advantage=_("yes") if flags["acceptable_advantage"] else _("no"),
        stability=_("yes") if flags["acceptable_stability"] else _("no"),
    )
    return Text(terminal_text(text))


def run_renderable(
    hierarchy: Hierarchy, run: RunResult, names: Names | None = None
) -> RenderableType:
    """``citydip run`` for the terminal; ``names`` as for
    :func:`~mcda_citydip.report.render.render_run`."""
    partial = run.support is not None and run.support.partial
    warning = "bold red" if partial or run.illustrative else "bold"
    parts: list[RenderableType] = [
        *(Text(terminal_text(translated(line)), style=warning) for line in run.headline),
        Text(terminal_text(run.scenario), style="bold"),
        weights_renderable(
            hierarchy,
            run.weights,
            _("Weights (model: local, global; ranking: as used after dropped indicators)"),
            effective=run.effective_weights,
        ),
        coverage_table(run),
    ]
    shown = shown_names(names)
    for method in run.results:
        parts.append(ranking_table(run, method, names))
        if "compromise_set" in run.results[method].flags:
            parts.append(_compromise_text(run, method, shown))
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
    extra = consistency_columns(weights)[len(CONSISTENCY_COLUMNS) :]
    columns = [
        Column(
            header(name.replace("_", " "), weights.experts),
            justify="left" if name == "node" else "right",
        )
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
            _shown(row["cr"]) + (_above(row["limit"]) if row["flagged"] else ""),
            *(_shown(row[column], 3) for column in extra),
        )
        for row in rows
    ]
    return text_table(_("Consistency per node"), columns, cells)


def _above(limit: float) -> str:
    """`` ⚠ above 0.1``: a CR above the limit."""
    return " ⚠ " + _("above {limit}").format(limit=shown_number(f"{limit:g}"))


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
    columns = [Column(header(name), wrap=name == "missing") for name in names]
    cells = [[_coverage_cell(c, r[c]) for c in names] for r in rows]
    return text_table(_("Data coverage"), columns, cells)


def _coverage_cell(column: str, value: Any) -> str:
    """A cell of the coverage table: counts in the digits shown, the action in words."""
    if column == "action":
        return _(ACTIONS[value]) if value in ACTIONS else str(value)
    if column in ("data", "experts"):
        return shown_number(str(value))
    return str(value)
