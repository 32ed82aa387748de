"""The Excel workbook of ``citydip sensitivity --format xlsx``.

Built from :meth:`~mcda_citydip.analysis.SensitivityReport.to_data`, the object the JSON
output is, so the workbook and the JSON hold the same values; cells are written by
:mod:`mcda_citydip.report.workbook` (numbers as numbers, text never a formula). Every
method run has its rows in each sheet (a ``method`` column). The one-at-a-time grids with
their rank tracks and the ranks after each removal are in the JSON only (said on the
Conventions sheet).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mcda_citydip.analysis import SensitivityReport
from mcda_citydip.i18n import N_, _
from mcda_citydip.model import Hierarchy
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
    SHARE,
    SIGNED_SHARE,
    Column,
    Sheet,
    flat_items,
    write_workbook,
)

Rows = list[Mapping[str, Any]]

JSON_ONLY = (
    N_("in the JSON only (--format json)"),
    N_(
        "one-at-a-time grids and rank tracks (oat.*.grid, oat.*.ranks); ranks after each "
        "removal or added copy (reversal.removed[].ranks, changes)"
    ),
)


def _summary(data: Mapping[str, Any]) -> Sheet:
    rows: Rows = [{"item": _("scenario"), "value": data["scenario"]}]
    rows += [{"item": _("summary"), "value": saved_text(line)} for line in data["summary"]]
    rows += support_items(data)
    methods = data["methods"]
    options = data["options"]
    rows += [
        {"item": _("methods"), "value": ", ".join(methods)},
        {"item": _("draws"), "value": options["samples"], "format": INTEGER},
        {"item": _("draw"), "value": options["draw"]},
        {"item": _("seed"), "value": options["seed"], "format": INTEGER},
    ]
    for method, found in methods.items():
        label = method.upper()
        rows += [
            {"item": _("{method} first").format(method=label), "value": found["top"]},
            {
                "item": _("{method} most critical indicator").format(method=label),
                "value": found["most_critical"],
            },
            {
                "item": _("{method} rank reversal").format(method=label),
                "value": found["reversal"]["reversal"],
            },
        ]
    return item_sheet("Summary", rows)


def _baseline_order(found: Mapping[str, Any]) -> list[str]:
    ranks = found["baseline_ranks"]
    return sorted(ranks, key=lambda name: ranks[name])  # stable: ties keep their order


def _acceptability(methods: Mapping[str, Any]) -> Sheet:
    """Per method and alternative (baseline order): the share of draws at each rank, the
    holistic acceptability and the confidence factor."""
    kept = max(
        (len(v) for f in methods.values() for v in f["rank_acceptability"].values()), default=0
    )
    rows: Rows = []
    for method, found in methods.items():
        for name in _baseline_order(found):
            shares = found["rank_acceptability"][name]
            rows.append(
                {
                    "method": method,
                    "alternative": name,
                    "baseline": found["baseline_ranks"][name],
                    **{f"rank {k}": share for k, share in enumerate(shares, start=1)},
                    "holistic": found["holistic_acceptability"][name],
                    "confidence": found["confidence"][name],
                }
            )
    columns = (
        Column("method", _("method")),
        Column("alternative", _("alternative")),
        Column("baseline", _("baseline rank"), INTEGER),
        *(Column(f"rank {k}", _("rank {rank}").format(rank=k), SHARE) for k in range(1, kept + 1)),
        Column("holistic", _("holistic acceptability"), SCORE),
        Column("confidence", _("confidence"), SHARE),
    )
    return Sheet("Acceptability", columns, rows, freeze="C2")


def _central_weights(methods: Mapping[str, Any]) -> Sheet:
    """Per method and alternative: the mean weights of the draws where it is first."""
    indicators: dict[str, None] = {}
    rows: Rows = []
    for method, found in methods.items():
        for name in _baseline_order(found):
            weights = found["central_weights"][name] or {}
            indicators.update(dict.fromkeys(weights))
            rows.append({"method": method, "alternative": name, **weights})
    columns = (
        Column("method", _("method")),
        Column("alternative", _("alternative")),
        *(Column(key, key, SCORE) for key in indicators),
    )
    return Sheet("Central weights", columns, rows, freeze="C2")


def _change_format(measure: str | None) -> str:
    """A signed fraction of the weight as a percentage; an absolute new weight as a score."""
    return SIGNED_SHARE if measure in (None, "fraction") else SCORE


def _thresholds(methods: Mapping[str, Any]) -> Sheet:
    """Per method and indicator: the smallest change of its weight that changes the top."""
    rows: Rows = [
        {
            "method": method,
            "indicator": indicator,
            **found_one,
            "most_critical": indicator == found["most_critical"],
        }
        for method, found in methods.items()
        for indicator, found_one in found["thresholds"].items()
    ]
    columns = (
        Column("method", _("method")),
        Column("indicator", _("indicator")),
        Column("weight", _("weight"), SCORE),
        Column("top", _("change"), lambda row: _change_format(row.get("measure"))),
        Column("measure", _("measure")),
        Column("top_weight", _("new weight"), SCORE),
        Column("new_top", _("new top")),
        Column("most_critical", _("most critical")),
    )
    return Sheet("Thresholds", columns, rows, freeze="C2")


def _pair_thresholds(methods: Mapping[str, Any]) -> Sheet:
    """Per method and pair of alternatives (baseline order): each indicator's threshold
    change and the weight it gives."""
    indicators: dict[str, str | None] = {}
    rows: Rows = []
    for method, found in methods.items():
        for indicator, one in found["thresholds"].items():
            indicators.setdefault(indicator, one.get("measure"))
        for pair in found["pair_thresholds"]:
            row = {k: pair[k] for k in ("above", "below", "tied")}
            row.update({f"change {k}": v for k, v in pair["thresholds"].items()})
            row.update({f"weight {k}": v for k, v in pair["weights"].items()})
            rows.append({"method": method, **row})
    columns = (
        Column("method", _("method")),
        Column("above", _("above")),
        Column("below", _("below")),
        Column("tied", _("tied")),
        *(
            column
            for key, measure in indicators.items()
            for column in (
                Column(
                    f"change {key}",
                    _("{indicator} change").format(indicator=key),
                    _change_format(measure),
                ),
                Column(f"weight {key}", _("{indicator} new weight").format(indicator=key), SCORE),
            )
        ),
    )
    return Sheet("Pair thresholds", columns, rows, freeze="D2")


def _one_at_a_time(methods: Mapping[str, Any]) -> Sheet:
    """Per method and swept weight (dimensions, then indicators): the interval of that
    weight that keeps the same top, and who overtakes it below and above."""
    rows: Rows = []
    for method, found in methods.items():
        for kind in ("dimensions", "indicators"):
            for target in found["oat"].get(kind, {}).values():
                low, high = target["interval"]
                members = ", ".join(target["members"])
                rows.append(
                    {"method": method, **target, "members": members, "from": low, "to": high}
                )
    columns = (
        Column("method", _("method")),
        Column("target", _("weight of")),
        Column("kind", _("kind")),
        Column("members", _("indicators")),
        Column("current", _("current"), SCORE),
        Column("from", _("from"), SCORE),
        Column("to", _("to"), SCORE),
        Column("top", _("top")),
        Column("below", _("overtaken below by")),
        Column("above", _("overtaken above by")),
    )
    return Sheet("One-at-a-time", columns, rows, freeze="C2")


def _reversal(methods: Mapping[str, Any]) -> Sheet:
    """Per method: removing each alternative, and adding a copy of the worst."""
    rows: Rows = []
    for method, found in methods.items():
        cases = [*found["reversal"]["removed"], found["reversal"]["added"]]
        for case in cases:
            changes = "; ".join(
                f"{c['first']} {c['before']} → {c['after']} {c['second']}" for c in case["changes"]
            )
            rows.append({"method": method, **case, "changes": changes})
    columns = (
        Column("method", _("method")),
        Column("change", _("change")),
        Column("alternative", _("alternative")),
        Column("changed", _("order of the others changed")),
        Column("changed_pairs", _("pairs changed"), INTEGER),
        Column("changes", _("pairs (first: before → after, against second)"), wrap=True),
    )
    return Sheet("Rank reversal", columns, rows, freeze="C2")


def _agreement(data: Mapping[str, Any]) -> list[Sheet]:
    """The correlations of every ordered pair of rankings, and the rankings compared."""
    correlations = data["correlations"]
    names = list(data["agreement_rankings"])
    rows: Rows = [
        {"method": a, "other": b, **{c: correlations[c][a][b] for c in correlations}}
        for a in names
        for b in names
        if a != b
    ]
    columns = (
        Column("method", _("ranking (reference)")),
        Column("other", _("other ranking")),
        *(Column(c, c, SCORE) for c in correlations),
    )
    rankings = data["agreement_rankings"]
    first: Mapping[str, int] = next(iter(rankings.values()), {})
    rank_rows: Rows = [{"alternative": a, **{m: r[a] for m, r in rankings.items()}} for a in first]
    rank_columns = (
        Column("alternative", _("alternative")),
        *(Column(m, _("{method} rank").format(method=m), INTEGER) for m in rankings),
    )
    return [
        Sheet("Agreement", columns, rows, freeze="C2"),
        Sheet("Agreement ranks", rank_columns, rank_rows, freeze="B2"),
    ]


def _conventions(data: Mapping[str, Any]) -> Sheet:
    """Each method's options and conventions (SMAA, thresholds, limits, sweeps, rank
    reversal) as dotted keys, what is in the JSON only, then the notes."""
    more: list[tuple[str, Any]] = []
    for method, found in data["methods"].items():
        more += flat_items(found["options"], f"{method}.options")
        more += flat_items(found["conventions"], f"{method}.conventions")
        more += flat_items(found["oat"]["conventions"], f"{method}.oat.conventions")
        more += flat_items(found["reversal"]["conventions"], f"{method}.reversal.conventions")
    more.append((_(JSON_ONLY[0]), _(JSON_ONLY[1])))
    return conventions_sheet({}, data["notes"], more)


def sensitivity_sheets(
    report: SensitivityReport, hierarchy: Hierarchy | None = None
) -> list[Sheet]:
    """The sheets of ``citydip sensitivity --format xlsx``: Summary, (Support,)
    Acceptability, Central weights, Thresholds, Pair thresholds, One-at-a-time, Rank reversal,
    Agreement, Agreement ranks, Conventions."""
    data = report.to_data()
    methods = data["methods"]
    return [
        _summary(data),
        *(support_sheet(hierarchy, data) if hierarchy is not None else ()),
        _acceptability(methods),
        _central_weights(methods),
        _thresholds(methods),
        _pair_thresholds(methods),
        _one_at_a_time(methods),
        _reversal(methods),
        *_agreement(data),
        _conventions(data),
    ]


def write_sensitivity_workbook(
    report: SensitivityReport, path: Path, hierarchy: Hierarchy | None = None
) -> None:
    """``citydip sensitivity --format xlsx``: :func:`sensitivity_sheets` written to ``path``."""
    write_workbook(sensitivity_sheets(report, hierarchy), path)
