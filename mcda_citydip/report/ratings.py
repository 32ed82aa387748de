"""``citydip scores``: the panel's agreement per rated indicator, in every output format."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mcda_citydip.errors import MethodError
from mcda_citydip.expert_ratings import RatingsReport, ratings_data
from mcda_citydip.i18n import N_, _, language, ngettext, set_language
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
#: The columns' headers shown to people (terminal, Markdown); CSV and JSON keep the keys.
HEADERS = {
    "indicator": N_("indicator"),
    "scale": N_("scale"),
    "raters": N_("raters"),
    "cities": N_("cities"),
    "kendall_w": N_("kendall_w"),
    "most_deviating": N_("most_deviating"),
    "agreement": N_("agreement"),
}
#: How the ratings of a panel combine, as shown.
COMBINE = {"mean": N_("mean"), "median": N_("median")}
#: How a line of low agreement starts (shown in red).
LOW = N_("LOW AGREEMENT")


def header(column: str) -> str:
    """The header of ``column`` in the current language (an ICC form as it is)."""
    return _(HEADERS[column]) if column in HEADERS else column


@contextmanager
def in_english() -> Iterator[None]:
    """English for a while: the CSV is a contract, the same whatever ``--lang`` says."""
    shown = language()
    set_language("en")
    try:
        yield
    finally:
        set_language(shown)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def ratings_rows(report: RatingsReport) -> list[dict[str, Any]]:
    """One row per rated indicator; ``cities`` counts those every rater rated."""
    rows = []
    for indicator, found in report.indicators.items():
        value = report.statistic_of(indicator)
        if found.low:
            verdict = _("LOW ({statistic} {value} < {below})").format(
                statistic=report.statistic, value=f"{value:.2f}", below=f"{report.below:g}"
            )
        elif value is None:
            verdict = _("n/a: {reason}").format(reason=found.reason) if found.reason else _("n/a")
        else:
            verdict = _("ok ({statistic} {value})").format(
                statistic=report.statistic, value=f"{value:.2f}"
            )
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
    experts = len(report.experts)
    indicators = len(report.indicators)
    lines = [
        ngettext("{count} expert: {names}", "{count} experts: {names}", experts).format(
            count=experts, names=", ".join(report.experts) or _("none")
        )
        + "; "
        + ngettext(
            "{count} indicator rated; ratings combined by the {combine}",
            "{count} indicators rated; ratings combined by the {combine}",
            indicators,
        ).format(count=indicators, combine=_(COMBINE.get(report.combine, report.combine))),
        _(
            "Low agreement: {statistic} below {below} (Koo & Li 2016: below 0.5 is poor); "
            "W and ICC use the cities every rater of the indicator rated"
        ).format(statistic=report.statistic, below=f"{report.below:g}"),
    ]
    if report.low:
        lines.append(
            _("{low}: {indicators}: discuss these ratings").format(
                low=_(LOW), indicators=", ".join(report.low)
            )
        )
    if support is not None:
        without, with_ = support
        before = _("cannot rank") if without is None else f"{without:.1%}"
        lines.append(
            _("Supported weight: {without} without expert scores, {with_} with them").format(
                without=before, with_=f"{with_:.1%}"
            )
        )
    return lines


def ratings_table(report: RatingsReport) -> FittedTable | PlainTable:
    rows = ratings_rows(report)
    columns = [Column(header(c), wrap=c in ("agreement", "most_deviating")) for c in COLUMNS]
    cells = [
        [_number(r[c]) if c == "kendall_w" or c in ICC_FORMS else str(r[c]) for c in COLUMNS]
        for r in rows
    ]
    styles = ["red" if report.indicators[r["indicator"]].low else None for r in rows]
    title = _("Agreement between raters, per indicator")
    return text_table(title, columns, cells, styles)


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
        with in_english():
            lines, rows = summary_lines(report, support), ratings_rows(report)
        return "".join(f"# {line}\n" for line in lines) + _csv(COLUMNS, rows)
    headers = [header(c) for c in COLUMNS]
    shown = [{header(c): row[c] for c in COLUMNS} for row in ratings_rows(report)]
    return "\n".join(
        [
            "# " + _("Expert ratings: agreement per indicator") + "\n",
            _md_lines(summary_lines(report, support)),
            _md(headers, shown),
        ]
    )
