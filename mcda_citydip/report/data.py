"""Results as plain data (dicts and rows, and the columns of each table): the shared source
of every output format. Row values are data (ids, numbers); the few words of a shown row
(``no data (3)``, ``(2 raters)``) are in the current language, as only the terminal, Markdown
and XLSX show these rows (JSON and CSV take :func:`run_data` and :func:`ranking_rows`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.i18n import _, ngettext, node_name
from mcda_citydip.model import CANDIDATE, GOAL, Hierarchy
from mcda_citydip.names import with_id
from mcda_citydip.pipeline import RunResult
from mcda_citydip.preprocess import IndicatorCoverage
from mcda_citydip.ranking import METHODS, RankResult


def subtree_totals(hierarchy: Hierarchy, leaf_weights: Mapping[str, float]) -> dict[str, float]:
    """Every node's weight (a leaf's own, the sum of its leaves' for an inner node), in one
    pass over the tree."""
    totals: dict[str, float] = {}

    def visit(node_id: str) -> float:
        node = hierarchy.nodes[node_id]
        total = leaf_weights[node_id] if node.is_leaf else sum(visit(c) for c in node.children)
        totals[node_id] = total
        return total

    visit(GOAL)
    return totals


def weights_data(weights: Weights, conventions: dict[str, Any]) -> dict[str, Any]:
    """The ``weights`` and ``nodes`` objects of the JSON contract, plus conventions and notes."""
    nodes = {
        node_id: {
            "weights": dict(n.local),
            "lambda_max": n.consistency.lambda_max,
            "ci": n.consistency.ci,
            "cr": n.consistency.cr,
            "random_index": n.random_index,
            "random_index_value": n.consistency.random_index,
            "random_index_factor": n.consistency.graph_factor,
            "priority": n.priority,
            "judgments": n.judgments,
            "pairs": n.pairs,
            "completed": dict(n.completed),
            **_group_fields(weights, node_id),
        }
        for node_id, n in weights.nodes.items()
    }
    experts = {
        name: {
            "weight": e.weight,
            "weights": dict(e.global_weights) if e.global_weights is not None else None,
            "nodes": {
                node_id: {
                    "weights": dict(n.local),
                    "lambda_max": n.consistency.lambda_max,
                    "cr": n.consistency.cr,
                    "completed": dict(n.completed),
                }
                for node_id, n in e.nodes.items()
            },
        }
        for name, e in weights.experts.items()
    }
    return {
        "weights": dict(weights.global_weights),
        "nodes": nodes,
        **({"experts": experts} if experts else {}),
        "conventions": conventions,
        "notes": list(weights.notes),
    }


def _group_fields(weights: Weights, node_id: str) -> dict[str, Any]:
    node = weights.nodes[node_id]
    if not weights.experts or len(node.items) < 2:
        return {}
    return {
        "consensus": node.consensus,
        "most_deviating": node.outlier,
        "inconsistent_experts": list(node.inconsistent),
        "excluded": list(node.excluded),
    }


def shown_columns(method: str) -> tuple[str, ...]:
    """The per-alternative columns ``method`` shows after its rank (the registry's; a score
    for a method it does not know)."""
    return METHODS[method].columns if method in METHODS else ("score",)


def method_data(result: RankResult) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if "score" in shown_columns(result.method):  # else the score is one of the extras (Q)
        data["scores"] = dict(result.scores)
    data.update({key: dict(values) for key, values in result.extras.items()})
    data["ranks"] = dict(result.ranks)
    data.update(result.flags)
    data["conventions"] = dict(result.conventions)
    return data


def run_data(run: RunResult) -> dict[str, Any]:
    """The whole JSON object of ``citydip run --format json``."""
    data = weights_data(run.weights, dict(run.conventions))
    data["notes"] = list(run.notes)
    return {
        "scenario": run.scenario,
        "illustrative": bool(run.illustrative),
        **({"illustrative_inputs": list(run.illustrative)} if run.illustrative else {}),
        **(run.support.to_data() if run.support is not None else {}),
        "alternatives": list(run.alternatives),
        **data,
        "results": {name: method_data(result) for name, result in run.results.items()},
        "coverage": coverage_data(run),
        "effective_weights": dict(run.effective_weights),
        **(run.rank_intervals.to_data() if run.rank_intervals is not None else {}),
        **(
            {
                "imputation_check": {
                    method: {e.rule: e.to_data() for e in found}
                    for method, found in run.imputation.items()
                }
            }
            if run.imputation
            else {}
        ),
        **(
            {"union": {"name": run.union.name, "status": dict(run.union.status)}}
            if run.union is not None
            else {}
        ),
    }


def weight_rows(
    hierarchy: Hierarchy,
    weights: Weights,
    effective: Mapping[str, float] | None = None,
    shown: bool = False,
) -> list[dict[str, Any]]:
    """One row per node below the goal: depth, id, name, local and global weight, CR, and
    with ``effective`` the weight in the ranking (``ranking``: after dropped indicators were
    removed and the others re-normalised; 0 for a dropped one). ``shown``: names in the
    language of the display (:func:`~mcda_citydip.i18n.node_name`), for the terminal,
    Markdown, XLSX and HTML; else the file's names, for CSV (whose bytes never depend on
    ``--lang``).

    One visit per node (parents are passed down, totals summed once): linear in the size of
    the hierarchy.
    """
    totals = subtree_totals(hierarchy, weights.global_weights)
    ranking = (
        subtree_totals(hierarchy, {leaf: effective.get(leaf, 0.0) for leaf in hierarchy.leaves})
        if effective is not None
        else None
    )
    experts = {
        name: None if e.global_weights is None else subtree_totals(hierarchy, e.global_weights)
        for name, e in weights.experts.items()
    }
    rows: list[dict[str, Any]] = []

    def visit(node_id: str, parent: str, depth: int) -> None:
        node = hierarchy.nodes[node_id]
        stats = weights.nodes.get(node_id)
        above = weights.nodes.get(parent)
        rows.append(
            {
                "depth": depth,
                "id": node_id,
                "name": node_name(node) if shown else node.name,
                "local": above.local[node_id] if above is not None else None,
                "global": totals[node_id],
                **({"ranking": ranking[node_id]} if ranking is not None else {}),
                "cr": stats.consistency.cr if stats and len(stats.items) > 2 else None,
                "flagged": bool(stats and stats.flagged()),
                "completed": len(stats.completed) if stats else 0,
                **{name: t[node_id] if t is not None else None for name, t in experts.items()},
            }
        )
        for child in node.children:
            visit(child, node_id, depth + 1)

    for child in hierarchy.nodes[GOAL].children:
        visit(child, GOAL, 0)
    return rows


RANK_INTERVAL = "ranks 5–95%"  # the column of rank intervals (5th–95th percentile)
#: The columns (row keys) of the weights, data coverage and consistency tables.
WEIGHT_COLUMNS = ("id", "name", "local", "global", "cr")
COVERAGE_COLUMNS = ("indicator", "data", "experts", "missing", "transform", "policy", "action")
CONSISTENCY_COLUMNS = ("node", "n", "judgments", "lambda_max", "ci", "ri", "cr", "flagged")


def weight_columns(weights: Weights, ranking: bool = False) -> tuple[str, ...]:
    """The keys of :func:`weight_rows` shown; ``ranking``: with the weight in the ranking."""
    base = ("id", "name", "local", "global", "ranking", "cr") if ranking else WEIGHT_COLUMNS
    return (*base, *weights.experts)


def consistency_columns(weights: Weights) -> tuple[str, ...]:
    """The keys of :func:`consistency_rows` shown (each expert's CR with several)."""
    if not weights.experts:
        return CONSISTENCY_COLUMNS
    return (
        *CONSISTENCY_COLUMNS,
        "consensus",
        "most_deviating",
        *(f"CR {name}" for name in weights.experts),
    )


def ranking_columns(method: str, union: bool = False, intervals: bool = False) -> tuple[str, ...]:
    """The keys of :func:`ranking_rows` of ``method`` shown."""
    first = ("rank", "alternative", "status") if union else ("rank", "alternative")
    last = (RANK_INTERVAL,) if intervals else ()
    return (*first, *shown_columns(method), *last)


def run_intervals(run: RunResult, method: str) -> Mapping[str, tuple[int, int | None]] | None:
    """Each alternative's rank interval by ``method`` over the missing-cell draws, if any."""
    return run.rank_intervals.intervals[method] if run.rank_intervals is not None else None


def run_status(run: RunResult) -> Mapping[str, str] | None:
    """Each alternative's status in the union the case is about, if any."""
    return run.union.status if run.union is not None else None


def ranking_rows(
    result: RankResult,
    status: Mapping[str, str] | None = None,
    intervals: Mapping[str, tuple[int, int | None]] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Rows from best to worst: rank, alternative, (its status in the union,) score (and S,
    R, Q for VIKOR). With ``names`` (alternative → name in the shown language; display only,
    never for JSON or CSV) the alternative is shown as ``name (id)``."""
    members = set(result.flags.get("compromise_set", []))
    rows = []
    for name in result.order():
        shown = with_id(name, names.get(name)) if names else name
        row: dict[str, Any] = {"rank": result.ranks[name], "alternative": shown}
        if status is not None:
            row["status"] = status.get(name, CANDIDATE)
        for column in shown_columns(result.method):
            if column == "score":
                row["score"] = result.scores[name]
            elif column == "compromise":
                row["compromise"] = name in members
            else:
                row[column] = result.extras[column][name]
        if intervals is not None:
            low, high = intervals[name]
            row[RANK_INTERVAL] = f"{low}–{high if high is not None else '…'}"
        rows.append(row)
    return rows


def consistency_rows(weights: Weights) -> list[dict[str, Any]]:
    """One row per compared node: size, judgments given, λmax, CI, RI, CR, flag."""
    return [
        {
            "node": node_id,
            "n": len(n.items),
            "judgments": f"{n.judgments}/{n.pairs}",
            "lambda_max": n.consistency.lambda_max,
            "ci": n.consistency.ci,
            "ri": n.consistency.random_index,
            "cr": n.consistency.cr,
            "flagged": n.flagged(),
            "limit": n.cr_limit,
            "completed": len(n.completed),
            "consensus": n.consensus,
            "most_deviating": n.outlier,
            **{
                f"CR {name}": e.nodes[node_id].consistency.cr if node_id in e.nodes else None
                for name, e in weights.experts.items()
            },
        }
        for node_id, n in weights.nodes.items()
        if len(n.items) > 1
    ]


def coverage_rows(run: RunResult) -> list[dict[str, Any]]:
    """One row per indicator with data or expert scores; one row for all indicators that
    have no value at all (listed together)."""
    total = len(run.alternatives)
    rows, empty = [], []
    for c in run.coverage:
        if not c.data and not c.experts:
            empty.append(c)
            continue
        rows.append(
            {
                "indicator": c.indicator,
                "data": f"{len(c.data)}/{total}",
                "experts": _experts_cell(c, total),
                "missing": ", ".join(c.missing),
                "transform": "" if c.transform == "none" else c.transform,
                "policy": c.policy,
                "action": c.action,
            }
        )
    if empty:
        policies = sorted({c.policy for c in empty})
        rows.append(
            {
                "indicator": _("no data ({count})").format(count=len(empty)),
                "data": f"0/{total}",
                "experts": "",
                "missing": ", ".join(c.indicator for c in empty),
                "transform": "",
                "policy": "/".join(policies),
                "action": "dropped",
            }
        )
    return rows


def _experts_cell(coverage: IndicatorCoverage, total: int) -> str:
    """``8/10 (3 raters)``: the cells experts filled, and by how many raters."""
    if not coverage.experts:
        return ""
    k = len(coverage.raters)
    raters = " " + ngettext("({count} rater)", "({count} raters)", k).format(count=k) if k else ""
    return f"{len(coverage.experts)}/{total}{raters}"


def coverage_data(run: RunResult) -> dict[str, Any]:
    return {
        c.indicator: {
            "data": list(c.data),
            "experts": list(c.experts),
            "raters": list(c.raters),
            "missing": list(c.missing),
            "policy": c.policy,
            "action": c.action,
            "imputed": dict(c.imputed),
            "transform": c.transform,
        }
        for c in run.coverage
    }
