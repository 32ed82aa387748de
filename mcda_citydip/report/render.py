"""Text renderers: JSON, CSV and Markdown, and rich tables for the terminal."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.model import Hierarchy
from mcda_citydip.pipeline import RunResult
from mcda_citydip.report.data import (
    consistency_rows,
    coverage_rows,
    ranking_rows,
    run_data,
    weight_rows,
    weights_data,
)

FORMATS = ("table", "json", "csv", "md")


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _policies(value: Any) -> str:
    """``drop (except BIL1: median)`` for a per-indicator missing-data policy."""
    if not isinstance(value, dict):
        return str(value)
    common = max(set(value.values()), key=list(value.values()).count)
    rest = ", ".join(f"{k}: {v}" for k, v in value.items() if v != common)
    return f"{common} (except {rest})"


def _setting(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "none"
    return _fmt(value) if isinstance(value, float) else str(value)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _csv(header: Sequence[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(header), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in header})
    return out.getvalue()


def _md(header: Sequence[str], rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(r.get(k)) for k in header) + " |" for r in rows]
    return "\n".join(lines) + "\n"


WEIGHT_COLUMNS = ("id", "name", "local", "global", "cr")
COVERAGE_COLUMNS = ("indicator", "data", "experts", "missing", "transform", "policy", "action")
CONSISTENCY_COLUMNS = ("node", "n", "judgments", "lambda_max", "ci", "ri", "cr", "flagged")


def _weight_columns(weights: Weights) -> tuple[str, ...]:
    return (*WEIGHT_COLUMNS, *weights.experts)


def _consistency_columns(weights: Weights) -> tuple[str, ...]:
    if not weights.experts:
        return CONSISTENCY_COLUMNS
    return (
        *CONSISTENCY_COLUMNS,
        "consensus",
        "most_deviating",
        *(f"CR {name}" for name in weights.experts),
    )


def _ranking_columns(method: str) -> tuple[str, ...]:
    if method == "vikor":
        return ("rank", "alternative", "Q", "S", "R", "compromise")
    return ("rank", "alternative", "score")


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
    hierarchy: Hierarchy, weights: Weights, conventions: dict[str, Any], fmt: str
) -> str:
    """``citydip weights`` output in a text format (json, csv or md)."""
    if fmt == "json":
        return to_json(weights_data(weights, conventions))
    rows = weight_rows(hierarchy, weights)
    if fmt == "csv":
        return _csv(("depth", *_weight_columns(weights), "completed"), rows)
    return (
        "## Weights\n\n"
        + _md(_weight_columns(weights), rows)
        + _md_consistency(weights)
        + "\n"
        + "\n\n".join(_footer(conventions, weights.notes))
        + "\n"
    )


def _md_consistency(weights: Weights) -> str:
    rows = consistency_rows(weights)
    return "\n## Consistency\n\n" + _md(_consistency_columns(weights), rows) if rows else ""


def render_run(hierarchy: Hierarchy, run: RunResult, fmt: str) -> str:
    """``citydip run`` output in a text format (json, csv or md)."""
    if fmt == "json":
        return to_json(run_data(run))
    if fmt == "csv":
        header = ("method", "rank", "alternative", "score", "S", "R", "Q", "compromise")
        rows = [
            {"method": name, **row}
            for name, result in run.results.items()
            for row in ranking_rows(result)
        ]
        return _csv(header, rows)
    parts = [
        f"# {run.scenario}\n",
        "## Weights\n",
        _md(_weight_columns(run.weights), weight_rows(hierarchy, run.weights))
        + _md_consistency(run.weights),
    ]
    parts.append("## Data coverage\n")
    parts.append(_md(COVERAGE_COLUMNS, coverage_rows(run)))
    for name, result in run.results.items():
        parts.append(f"## {name.upper()}\n")
        parts.append(_md(_ranking_columns(name), ranking_rows(result)))
        if "compromise_set" in result.flags:
            parts.append(f"Compromise set: {', '.join(result.flags['compromise_set'])}\n")
    parts.append("\n\n".join(_footer(dict(run.conventions), run.notes)) + "\n")
    return "\n".join(parts)


def weights_table(hierarchy: Hierarchy, weights: Weights, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column, justify in (
        ("indicator", "left"),
        ("name", "left"),
        ("local", "right"),
        ("global", "right"),
        ("CR", "right"),
        *((name, "right") for name in weights.experts),
    ):
        table.add_column(column, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for row in weight_rows(hierarchy, weights):
        cr = _fmt(row["cr"], 3) + (" ⚠" if row["flagged"] else "")
        style = "bold" if row["depth"] == 0 else None
        table.add_row(
            "  " * row["depth"] + row["id"],
            _shorten(row["name"], 38),
            _fmt(row["local"]),
            _fmt(row["global"]),
            cr if row["cr"] is not None else "",
            *(_fmt(row[name]) for name in weights.experts),
            style=style,
        )
    return table


def ranking_table(run: RunResult, method: str) -> Table:
    result = run.results[method]
    columns = _ranking_columns(method)
    table = Table(title=f"{method.upper()} ranking", title_justify="left")
    for column in columns:
        table.add_column(column, justify="left" if column == "alternative" else "right")
    for row in ranking_rows(result):
        table.add_row(*(_fmt(row.get(c)) for c in columns))
    return table


def footer(conventions: dict[str, Any], notes: Sequence[str]) -> Text:
    return Text("\n".join(_footer(conventions, notes)), style="dim")


def run_renderable(hierarchy: Hierarchy, run: RunResult) -> RenderableType:
    parts: list[RenderableType] = [
        Text(run.scenario, style="bold"),
        weights_renderable(hierarchy, run.weights, "Weights"),
        coverage_table(run),
    ]
    for method in run.results:
        parts.append(ranking_table(run, method))
        flags = run.results[method].flags
        if "compromise_set" in flags:
            parts.append(
                Text(
                    f"Compromise set: {', '.join(flags['compromise_set'])} "
                    f"(acceptable advantage: {'yes' if flags['acceptable_advantage'] else 'no'}, "
                    f"acceptable stability: {'yes' if flags['acceptable_stability'] else 'no'})"
                )
            )
    parts.append(footer(dict(run.conventions), run.notes))
    return Group(*parts)


def to_text(renderable: RenderableType, width: int = 120) -> str:
    """Plain text of a rich renderable (for --out FILE)."""
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text


def consistency_table(weights: Weights) -> Table | None:
    """λmax, CI, RI and CR of every compared node; None when there are none (direct weights)."""
    rows = consistency_rows(weights)
    if not rows:
        return None
    table = Table(title="Consistency per node", title_justify="left")
    extra = _consistency_columns(weights)[len(CONSISTENCY_COLUMNS) :]
    for column in ("node", "n", "judgments", "λmax", "CI", "RI", "CR", *extra):
        table.add_column(column.replace("_", " "), justify="left" if column == "node" else "right")
    for row in rows:
        flag = f" ⚠ above {row['limit']:g}" if row["flagged"] else ""
        table.add_row(
            row["node"],
            str(row["n"]),
            row["judgments"],
            _fmt(row["lambda_max"]),
            _fmt(row["ci"]),
            _fmt(row["ri"]),
            _fmt(row["cr"]) + flag,
            *(_fmt(row[column], 3) for column in extra),
        )
    return table


def weights_renderable(
    hierarchy: Hierarchy, weights: Weights, title: str, conventions: dict[str, Any] | None = None
) -> RenderableType:
    parts: list[RenderableType] = [weights_table(hierarchy, weights, title)]
    table = consistency_table(weights)
    if table is not None:
        parts.append(table)
    if conventions is not None:
        parts.append(footer(conventions, weights.notes))
    return Group(*parts)


def coverage_table(run: RunResult) -> Table:
    """Which indicators had data for which alternatives, and what the policy did."""
    table = Table(title="Data coverage", title_justify="left")
    rows = coverage_rows(run)
    columns = [c for c in COVERAGE_COLUMNS if c == "missing" or any(r[c] for r in rows)]
    for column in columns:
        wraps = column == "missing"
        table.add_column(column, justify="left", no_wrap=not wraps)
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    return table
