"""``citydip scores``: the panel's agreement per rated indicator, in every output format."""

from __future__ import annotations

from typing import Any

from mcda_citydip.errors import MethodError
from mcda_citydip.expert_ratings import RatingsReport, ratings_data
from mcda_citydip.ratings_agreement import ICC_FORMS
from mcda_citydip.report.render import _csv, _md, _md_lines, to_json
from mcda_citydip.report.tables import Column, FittedTable, PlainTable, text_table

COLUMNS = (
    "indicator",
    "scale",
    "raters",
    "cities",
    "kendall_w",
    *ICC_FORMS,
    "most_deviating",
    "agreement",
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def ratings_rows(report: RatingsReport) -> list[dict[str, Any]]:
    """One row per rated indicator; ``cities`` counts those every rater rated."""
    rows = []
    for indicator, found in report.indicators.items():
        value = report.statistic_of(indicator)
        if found.low:
            verdict = f"LOW ({report.statistic} {value:.2f} < {report.below:g})"
        elif value is None:
            verdict = f"n/a: {found.reason}" if found.reason else "n/a"
        else:
            verdict = f"ok ({report.statistic} {value:.2f})"
        icc = dict(found.icc) if found.icc is not None else {}
        rows.append(
            {
                "indicator": indicator,
                "scale": report.scales[indicator],
                "raters": len(found.raters),
                "cities": found.cities,
                "kendall_w": found.kendall_w,
                **{form: icc.get(form) for form in ICC_FORMS},
                "most_deviating": found.most_deviating or "",
                "agreement": verdict,
            }
        )
    return rows


def summary_lines(
    report: RatingsReport, support: tuple[float | None, float] | None = None
) -> list[str]:
    """Who rated, how ratings combine, what counts as low, and the supported weight."""
    lines = [
        f"{len(report.experts)} expert(s): {', '.join(report.experts) or 'none'}; "
        f"{len(report.indicators)} indicator(s) rated; ratings combined by the {report.combine}",
        f"Low agreement: {report.statistic} below {report.below:g} (Koo & Li 2016: below 0.5 "
        "is poor); W and ICC use the cities every rater of the indicator rated",
    ]
    if report.low:
        lines.append(f"LOW AGREEMENT: {', '.join(report.low)}: discuss these ratings")
    if support is not None:
        without, with_ = support
        before = "cannot rank" if without is None else f"{without:.1%}"
        lines.append(f"Supported weight: {before} without expert scores, {with_:.1%} with them")
    return lines


def ratings_table(report: RatingsReport) -> FittedTable | PlainTable:
    rows = ratings_rows(report)
    columns = [Column(c, wrap=c in ("agreement", "most_deviating")) for c in COLUMNS]
    cells = [
        [_number(r[c]) if c == "kendall_w" or c in ICC_FORMS else str(r[c]) for c in COLUMNS]
        for r in rows
    ]
    styles = ["red" if r["agreement"].startswith("LOW") else None for r in rows]
    return text_table("Agreement between raters, per indicator", columns, cells, styles)


def render_ratings(
    report: RatingsReport, fmt: str, support: tuple[float | None, float] | None = None
) -> str:
    """The ratings report as json, csv or md (the table format is :func:`ratings_table`)."""
    if fmt not in ("json", "csv", "md"):
        raise MethodError(
            f"--format {fmt}: citydip scores writes table, json, csv or md (no workbook); "
            "give one of them"
        )
    if fmt == "json":
        data = ratings_data(report)
        if support is not None:
            data["supported_weight"] = {"without_experts": support[0], "with_experts": support[1]}
        return to_json(data)
    if fmt == "csv":
        return "".join(f"# {line}\n" for line in summary_lines(report, support)) + _csv(
            COLUMNS, ratings_rows(report)
        )
    return "\n".join(
        [
            "# Expert ratings: agreement per indicator\n",
            _md_lines(summary_lines(report, support)),
            _md(COLUMNS, ratings_rows(report)),
        ]
    )
