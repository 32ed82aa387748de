"""Excel workbooks (``--format xlsx``) of ``citydip run`` and ``citydip weights``.

A workbook holds the values of the JSON of the same command, one table a sheet, built from
the row builders of :mod:`mcda_citydip.report.data` and from :func:`run_data`, and written
by :mod:`mcda_citydip.report.workbook` (numbers as numbers with number formats, text never
a formula, header frozen, widths fitted, no dates).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.i18n import N_, _
from mcda_citydip.model import Hierarchy
from mcda_citydip.pipeline import RunResult
from mcda_citydip.report.data import (
    consistency_rows,
    coverage_rows,
    ranking_rows,
    run_data,
    shown_columns,
    weight_rows,
)
from mcda_citydip.report.shared_sheets import (
    conventions_sheet,
    item_sheet,
    saved_text,
    support_items,
    support_sheet,
)
from mcda_citydip.report.workbook import (
    INTEGER,
    SCORE,
    Column,
    Sheet,
    flat_items,
    write_workbook,
)

# ---------------------------------------------------------------- weights and consistency

#: The ranking columns, as shown (VIKOR's Q, S and R are symbols, the same in every language).
SCORE_KEYS = {"Q": "Q", "S": "S", "R": "R", "compromise": N_("compromise"), "score": N_("score")}
#: VIKOR's acceptance conditions, as the Summary sheet names them.
FLAGS = {
    "acceptable_advantage": N_("{method} acceptable advantage"),
    "acceptable_stability": N_("{method} acceptable stability"),
}


def weights_sheet(
    hierarchy: Hierarchy, weights: Weights, effective: Mapping[str, float] | None
) -> Sheet:
    """Every node below the goal, in tree order: level, id, name (in the
    language of ``--lang``), local and global weight,
    the weight in the ranking (with data), each expert's global weights."""
    rows = [
        {**row, "level": row["depth"] + 1}
        for row in weight_rows(hierarchy, weights, effective, shown=True)
    ]
    columns = (
        Column("level", _("level"), INTEGER),
        Column("id", "id", indent="depth"),  # ids are codes, in every language
        Column("name", _("name"), wrap=True),
        Column("local", _("local"), SCORE),
        Column("global", _("global"), SCORE),
        *((Column("ranking", _("ranking weight"), SCORE),) if effective is not None else ()),
        *(
            Column(name, _("{expert} (global)").format(expert=name), SCORE)
            for name in weights.experts
        ),
    )
    return Sheet("Weights", columns, rows, freeze="C2")


def consistency_sheet(weights: Weights) -> Sheet:
    """One row per compared node: size, judgments given of the pairs, pairs completed,
    λmax, CI, RI, CR and whether CR is above the limit; with several experts the consensus,
    the most deviating expert and each expert's CR."""
    rows = []
    for row in consistency_rows(weights):
        node = weights.nodes[row["node"]]
        rows.append({**row, "judgments": node.judgments, "pairs": node.pairs})
    group = (
        (
            Column("consensus", _("consensus S*"), SCORE),
            Column("most_deviating", _("most deviating")),
            *(
                Column(f"CR {name}", _("CR {expert}").format(expert=name), SCORE)
                for name in weights.experts
            ),
        )
        if weights.experts
        else ()
    )
    columns = (
        Column("node", _("node")),
        Column("n", _("n"), INTEGER),
        Column("judgments", _("judgments"), INTEGER),
        Column("pairs", _("pairs"), INTEGER),
        Column("completed", _("completed"), INTEGER),
        Column("lambda_max", _("λmax"), SCORE),
        Column("ci", _("CI"), SCORE),
        Column("ri", _("RI"), SCORE),
        Column("cr", _("CR"), SCORE),
        Column("limit", _("CR limit"), SCORE),
        Column("flagged", _("flagged")),
        *group,
    )
    return Sheet("Consistency", columns, rows, freeze="B2")


def write_weights_workbook(
    hierarchy: Hierarchy,
    weights: Weights,
    conventions: Mapping[str, Any],
    path: Path,
    effective: Mapping[str, float] | None = None,
) -> None:
    """``citydip weights --format xlsx``: Weights, Consistency, Conventions (and notes)."""
    sheets = [
        weights_sheet(hierarchy, weights, effective),
        consistency_sheet(weights),
        conventions_sheet(conventions, weights.notes),
    ]
    write_workbook(sheets, path)


# ---------------------------------------------------------------- run


def _run_summary(data: Mapping[str, Any], run: RunResult) -> Sheet:
    rows: list[Mapping[str, Any]] = [{"item": _("scenario"), "value": data["scenario"]}]
    rows += [{"item": _("headline"), "value": saved_text(line)} for line in run.headline]
    rows.append({"item": _("illustrative"), "value": data["illustrative"]})
    if data.get("illustrative_inputs"):
        rows.append(
            {"item": _("illustrative inputs"), "value": ", ".join(data["illustrative_inputs"])}
        )
    rows += support_items(data)
    rows.append({"item": _("alternatives"), "value": len(data["alternatives"]), "format": INTEGER})
    rows.append({"item": _("methods"), "value": ", ".join(data["results"])})
    for method, result in data["results"].items():
        for flag in ("acceptable_advantage", "acceptable_stability"):
            if flag in result:
                label = _(FLAGS[flag]).format(method=method.upper())
                rows.append({"item": label, "value": result[flag]})
        if "compromise_set" in result:
            members = ", ".join(result["compromise_set"])
            item = _("{method} compromise set").format(method=method.upper())
            rows.append({"item": item, "value": members})
    if "union" in data:
        rows.append({"item": _("union"), "value": data["union"]["name"]})
    return item_sheet("Summary", rows)


def ranking_sheet(run: RunResult) -> Sheet:
    """Every method side by side, alternatives in the first method's order: rank and score
    (VIKOR: rank, Q, S, R, compromise), the status in the union and the 5–95% rank interval
    over the missing cells' draws when the run has them."""
    status = run.union.status if run.union is not None else None
    intervals = run.rank_intervals.intervals if run.rank_intervals is not None else None
    columns = [Column("alternative", _("alternative"))]
    if status is not None:
        columns.append(Column("status", _("status in union")))
    by_method: dict[str, dict[str, Mapping[str, Any]]] = {}
    for method, result in run.results.items():
        label = method.upper()
        by_method[method] = {r["alternative"]: r for r in ranking_rows(result, status)}
        columns.append(Column(f"{method}:rank", _("{method} rank").format(method=label), INTEGER))
        keys = shown_columns(method)
        for key in keys:
            fmt = None if key == "compromise" else SCORE
            columns.append(
                Column(
                    f"{method}:{key}",
                    f"{label} {_(SCORE_KEYS[key])}",
                    fmt,
                )
            )
        if intervals is not None:
            columns.append(
                Column(f"{method}:low", _("{method} rank 5%").format(method=label), INTEGER)
            )
            columns.append(
                Column(f"{method}:high", _("{method} rank 95%").format(method=label), INTEGER)
            )
    first = next(iter(by_method.values()))
    rows: list[Mapping[str, Any]] = []
    for name in first:
        row: dict[str, Any] = {"alternative": name, "status": first[name].get("status")}
        for method, found in by_method.items():
            row.update({f"{method}:{k}": v for k, v in found[name].items()})
            if intervals is not None:
                row[f"{method}:low"], row[f"{method}:high"] = intervals[method][name]
        rows.append(row)
    return Sheet("Ranking", tuple(columns), rows, freeze="B2")


def coverage_sheet(run: RunResult) -> Sheet:
    """:func:`coverage_rows`: which indicators had data for which alternatives, and what
    the missing-data policy did."""
    columns = (
        Column("indicator", _("indicator")),
        Column("data", _("data")),
        Column("experts", _("experts")),
        Column("missing", _("missing"), wrap=True),
        Column("transform", _("transform")),
        Column("policy", _("policy")),
        Column("action", _("action")),
    )
    return Sheet("Coverage", columns, coverage_rows(run), freeze="B2")


def imputation_sheet(data: Mapping[str, Any]) -> list[Sheet]:
    """What filling the imputed cells by another rule changes (the run's imputation check)."""
    if "imputation_check" not in data:
        return []
    rows: list[Mapping[str, Any]] = []
    for method, rules in data["imputation_check"].items():
        for rule, effect in rules.items():
            base = {"method": method, "rule": rule, "changed": effect["changed"]}
            moves = effect["moves"].items() or [(None, (None, None))]
            rows += [{**base, "alternative": a, "rank": r, "under_rule": u} for a, (r, u) in moves]
    columns = (
        Column("method", _("method")),
        Column("rule", _("filled with")),
        Column("changed", _("ranks changed"), INTEGER),
        Column("alternative", _("alternative")),
        Column("rank", _("rank as run"), INTEGER),
        Column("under_rule", _("rank filled so"), INTEGER),
    )
    return [Sheet("Imputation check", columns, rows)]


def run_sheets(hierarchy: Hierarchy, run: RunResult) -> list[Sheet]:
    """The sheets of ``citydip run --format xlsx``: Summary, Support, Weights, Consistency,
    Coverage, Ranking, Imputation check, Conventions (sheets without content left out)."""
    data = run_data(run)
    more = list(flat_items(data.get("rank_interval_conventions", {}), "rank_intervals"))
    return [
        _run_summary(data, run),
        *support_sheet(hierarchy, data),
        weights_sheet(hierarchy, run.weights, run.effective_weights),
        consistency_sheet(run.weights),
        coverage_sheet(run),
        ranking_sheet(run),
        *imputation_sheet(data),
        conventions_sheet(data["conventions"], data["notes"], more),
    ]


def write_run_workbook(hierarchy: Hierarchy, run: RunResult, path: Path) -> None:
    """``citydip run --format xlsx``: :func:`run_sheets` written to ``path``."""
    write_workbook(run_sheets(hierarchy, run), path)
