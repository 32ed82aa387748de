"""Section 3: where every value comes from. A cities × indicators grid (data, expert
scores, imputed, missing, dropped: a colour and a symbol each), the panel's agreement when
experts rated, and the sources of the data with their years."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mcda_citydip.i18n import _
from mcda_citydip.model import GOAL
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    bullet_list,
    cell,
    esc,
    fixed,
    name,
    names,
    paragraph,
    share,
    table,
)
from mcda_citydip.report.html.study import Study

if TYPE_CHECKING:
    from mcda_citydip.preprocess import IndicatorCoverage

#: Cell kind → (symbol, meaning), in the legend's order.
KINDS: Mapping[str, tuple[str, str]] = {
    "data": ("●", "value from the data"),
    "experts": ("◆", "value from the experts' scores"),
    "imputed": ("◐", "missing, filled by the scenario's policy (imputed, zero or sampled)"),
    "missing": ("–", "missing, not filled (the indicator is dropped)"),
    "dropped": ("×", "value present, but its indicator is dropped (too few values)"),
}
SOURCE_LINE = re.compile(r"^Source:\s*(?P<rest>.+)$")


def cell_kind(coverage: IndicatorCoverage, alternative: str) -> str:
    """What one cell holds after the scenario's expert scores and missing-data policy."""
    dropped = coverage.action == "dropped"
    if alternative in coverage.missing:
        return "missing" if dropped else "imputed"
    if dropped:
        return "dropped"
    return "experts" if alternative in coverage.experts else "data"


def kind_counts(study: Study) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for c in study.run.coverage:
        for a in study.run.alternatives:
            counts[cell_kind(c, a)] += 1
    return counts


def coverage_takeaway(study: Study) -> str:
    run = study.run
    total = len(run.coverage)
    used = [c for c in run.coverage if c.action != "dropped"]
    counts = kind_counts(study)
    text = (
        f"{len(used)} of {total} indicators enter the ranking of these "
        f"{len(run.alternatives)} cities"
    )
    if run.support is not None:
        text += f" ({share(run.support.supported_weight)} of the model's weight)"
    dropped = total - len(used)
    if dropped:
        text += f"; {dropped} {'is' if dropped == 1 else 'are'} dropped for lack of data"
    cells = len(run.coverage) * len(run.alternatives)
    filled = [f"{counts['data']:,} from data"]
    if counts["experts"]:
        filled.append(f"{counts['experts']:,} from expert scores")
    if counts["imputed"]:
        filled.append(f"{counts['imputed']:,} imputed")
    return text + f"; of {cells:,} cells, " + ", ".join(filled) + "."


def coverage_section(study: Study) -> Section:
    body = [
        paragraph(
            "Each cell says where the value of one indicator for one city comes from. "
            "Missing-data policy: " + policies(study) + "."
        ),
        legend(),
        grid(study),
        ratings(study),
        "<h3>Sources</h3>",
        sources(study),
    ]
    return Section("coverage", _("Data coverage"), coverage_takeaway(study), "".join(body))


def policies(study: Study) -> str:
    """The missing-data policy of every indicator: the most common one by count, the
    others with their indicators."""
    groups: dict[str, list[str]] = {}
    for c in study.run.coverage:
        groups.setdefault(c.policy, []).append(c.indicator)
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    common, found = ordered[0]
    if len(ordered) == 1:
        return f"{esc(common)} for every indicator"
    rest = "; ".join(f"{esc(p)} for {names(found)}" for p, found in ordered[1:])
    return f"{rest}; {esc(common)} for the other {len(found)}"


def legend() -> str:
    items = (
        f'<span class="{kind}" aria-hidden="true">{symbol}</span>{esc(kind)}: {esc(meaning)}'
        for kind, (symbol, meaning) in KINDS.items()
    )
    return bullet_list(items, "legend")


def grid(study: Study) -> str:
    """Cities as rows, indicators as columns grouped under their dimensions."""
    hierarchy = study.scenario.hierarchy
    coverage = {c.indicator: c for c in study.run.coverage}
    groups = [(d, hierarchy.leaves_under(d)) for d in hierarchy.nodes[GOAL].children]
    starts = {found[0] for _dimension, found in groups if found}
    order = [leaf for _dimension, found in groups for leaf in found]
    top = "".join(
        f'<th class="dim" colspan="{len(found)}" scope="colgroup">{name(d)}</th>'
        for d, found in groups
        if found
    )
    leaves = "".join(
        f'<th class="ind{" start" if k in starts else ""}" scope="col">{name(k)}</th>'
        for k in order
    )
    rows = []
    for a in study.run.alternatives:
        cells = [f'<th class="city" scope="row">{name(a)}</th>']
        for k in order:
            kind = cell_kind(coverage[k], a)
            where = " start" if k in starts else ""
            cells.append(
                f'<td class="{kind}{where}" title="{esc(a)} · {esc(k)}: {kind}">'
                f"{KINDS[kind][0]}</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = esc(
        f"Coverage: {len(study.run.alternatives)} cities × {len(order)} indicators, "
        "grouped by dimension"
    )
    return (
        f'<p class="note">{caption}</p><div class="scroll"><table class="grid"><thead>'
        f'<tr><th class="city"></th>{top}</tr><tr><th class="city" scope="col">city</th>'
        f"{leaves}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def ratings(study: Study) -> str:
    """The panel's agreement per rated indicator, when experts rated cities."""
    scenario = study.scenario
    if not any(e.ratings for e in scenario.expert_scores):
        return ""
    from mcda_citydip.expert_ratings import scenario_ratings
    from mcda_citydip.report.ratings import ratings_rows

    report = scenario_ratings(scenario)
    rows = ratings_rows(report)
    heads: list[Head | str] = ["indicator", "scale", Head("raters", True), Head("cities", True),
             Head("Kendall W", True), Head(esc(report.statistic), True), "agreement"]  # fmt: skip
    body = [
        [
            cell(name(r["indicator"])),
            cell(esc(r["scale"])),
            cell(str(r["raters"]), "num"),
            cell(str(r["cities"]), "num"),
            cell(fixed(r["kendall_w"], 2), "num"),
            cell(fixed(r[report.statistic], 2) if report.statistic in r else "", "num"),
            cell(esc(r["agreement"]), "flag" if r["agreement"].startswith("LOW") else ""),
        ]
        for r in rows
    ]
    low = f"low agreement on {names(report.low)}" if report.low else "no indicator below it"
    return (
        "<h3>Expert ratings</h3>"
        + paragraph(
            f"{len(report.experts)} experts ({names(report.experts)}) rated "
            f"{len(report.indicators)} indicators; ratings combined by the "
            f"{esc(report.combine)}; low agreement: {esc(report.statistic)} below "
            f"{report.below:g}: {low}."
        )
        + table(heads, body, esc("Agreement between raters, per indicator"))
    )


def sources(study: Study) -> str:
    """One row per source of the data: its year, the indicators it gives values of, and how
    many of its cells hold a value (from ``provenance.csv``); else the table's own
    ``Source:`` lines; else a note."""
    described = source_lines(study.comments)
    if study.provenance:
        return provenance_table(study, described)
    if described:
        return bullet_list(esc(f"{source}: {text}") for source, text in described.items())
    found = paragraph(
        "The data table names no source (no '# Source: …' lines, no provenance.csv).", "note"
    )
    if study.comments:
        found += paragraph("Its header says:") + bullet_list(esc(c) for c in study.comments)
    return found


def source_lines(comments: Sequence[str]) -> dict[str, str]:
    """``Source: NAME (YEAR): text`` lines as NAME (YEAR) → text."""
    found: dict[str, str] = {}
    for line in comments:
        match = SOURCE_LINE.match(line)
        if match is None:
            continue
        head, sep, text = match["rest"].partition("): ")
        found[head + ")" if sep else head] = text
    return found


def provenance_table(study: Study, described: Mapping[str, str]) -> str:
    order = {leaf: k for k, leaf in enumerate(study.scenario.hierarchy.leaves)}
    groups: dict[tuple[str, str], list[Mapping[str, str]]] = {}
    for row in study.provenance:
        key = (row.get("source_file", ""), row.get("source_year", ""))
        groups.setdefault(key, []).append(row)
    body = []
    for (source, year), rows in groups.items():
        given = {r.get("indicator", "") for r in rows if r.get("value", "").strip()}
        named = sorted(given, key=lambda k: (order.get(k, len(order)), k))
        text = described.get(f"{source} ({year})", "")
        shown = name(source) + (f'<br><span class="small">{esc(text)}</span>' if text else "")
        body.append(
            [
                cell(shown),
                cell(esc(year)),
                cell(names(named, "none (no value for these cities)")),
                cell(f"{sum(bool(r.get('value', '').strip()) for r in rows)}/{len(rows)}", "num"),
            ]
        )
    heads: list[Head | str] = ["source", "year", "columns with values", Head("values", True)]
    caption = esc(
        f"Sources of the data ({len(study.provenance):,} cells in provenance.csv; values: "
        "cells with a value / cells it was asked for)"
    )
    return table(heads, body, caption)
