"""Section 3: where every value comes from. A cities × indicators grid (data, expert
scores, imputed, missing, dropped: a colour and a symbol each), the panel's agreement when
experts rated, and the sources of the data with their years."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mcda_citydip.i18n import N_, _, ngettext, shown_number
from mcda_citydip.model import GOAL
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    bullet_list,
    cell,
    clauses,
    esc,
    fixed,
    listed,
    name,
    names,
    numeral,
    paragraph,
    sentence,
    share,
    subheading,
    table,
)
from mcda_citydip.report.html.study import Study

if TYPE_CHECKING:
    from mcda_citydip.preprocess import IndicatorCoverage

#: Cell kind → (symbol, meaning), in the legend's order; the meanings are translated where
#: shown.
KINDS: Mapping[str, tuple[str, str]] = {
    "data": ("●", N_("value from the data")),
    "experts": ("◆", N_("value from the experts' scores")),
    "imputed": ("◐", N_("missing, filled by the scenario's policy (imputed, zero or sampled)")),
    "missing": ("–", N_("missing, not filled (the indicator is dropped)")),
    "dropped": ("×", N_("value present, but its indicator is dropped (too few values)")),
}
#: Cell kind → its name as shown (the kind itself is a class name, never translated).
KIND_NAMES: Mapping[str, str] = {
    "data": N_("data"),
    "experts": N_("experts"),
    "imputed": N_("imputed"),
    "missing": N_("missing"),
    "dropped": N_("dropped"),
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
    text = sentence(
        _("{used} of {total} indicators enter the ranking of these {count} cities"),
        used=numeral(len(used)),
        total=numeral(total),
        count=numeral(len(run.alternatives)),
    )
    if run.support is not None:
        weight = share(run.support.supported_weight)
        text += sentence(_(" ({share} of the model's weight)"), share=weight)
    parts = [text]
    dropped = total - len(used)
    if dropped:
        template = ngettext(
            "{count} is dropped for lack of data", "{count} are dropped for lack of data", dropped
        )
        parts.append(sentence(template, count=numeral(dropped)))
    cells = len(run.coverage) * len(run.alternatives)
    filled = [sentence(_("{count} from data"), count=numeral(counts["data"], ","))]
    if counts["experts"]:
        count = numeral(counts["experts"], ",")
        filled.append(sentence(_("{count} from expert scores"), count=count))
    if counts["imputed"]:
        filled.append(sentence(_("{count} imputed"), count=numeral(counts["imputed"], ",")))
    parts.append(
        sentence(_("of {cells} cells, {filled}"), cells=numeral(cells, ","), filled=listed(filled))
    )
    return clauses(parts) + "."


def coverage_section(study: Study) -> Section:
    body = [
        paragraph(
            sentence(
                _(
                    "Each cell says where the value of one indicator for one city comes from. "
                    "Missing-data policy: {policies}."
                ),
                policies=policies(study),
            )
        ),
        legend(),
        grid(study),
        ratings(study),
        subheading(_("Sources")),
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
        return sentence(_("{policy} for every indicator"), policy=esc(common))
    rest = [
        sentence(_("{policy} for {indicators}"), policy=esc(p), indicators=names(found))
        for p, found in ordered[1:]
    ]
    other = sentence(
        _("{policy} for the other {count}"), policy=esc(common), count=numeral(len(found))
    )
    return clauses([*rest, other])


def legend() -> str:
    items = (
        f'<span class="{kind}" aria-hidden="true">{symbol}</span>'
        f"{esc(_(KIND_NAMES[kind]))}: {esc(_(meaning))}"
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
    shown = {kind: esc(_(label)) for kind, label in KIND_NAMES.items()}
    rows = []
    for a in study.run.alternatives:
        cells = [f'<th class="city" scope="row">{name(a)}</th>']
        for k in order:
            kind = cell_kind(coverage[k], a)
            where = " start" if k in starts else ""
            cells.append(
                f'<td class="{kind}{where}" title="{esc(a)} · {esc(k)}: {shown[kind]}">'
                f"{KINDS[kind][0]}</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = esc(
        _("Coverage: {cities} cities × {indicators} indicators, grouped by dimension")
    ).format(cities=numeral(len(study.run.alternatives)), indicators=numeral(len(order)))
    city = esc(_("city"))
    return (
        f'<p class="note">{caption}</p><div class="scroll"><table class="grid"><thead>'
        f'<tr><th class="city"></th>{top}</tr><tr><th class="city" scope="col">'
        f"{city}</th>{leaves}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def ratings(study: Study) -> str:
    """The panel's agreement per rated indicator, when experts rated cities."""
    scenario = study.scenario
    if not any(e.ratings for e in scenario.expert_scores):
        return ""
    from mcda_citydip.expert_ratings import scenario_ratings
    from mcda_citydip.report.ratings import COMBINE, ratings_rows

    report = scenario_ratings(scenario)
    rows = ratings_rows(report)
    heads: list[Head | str] = [_("indicator"), _("scale"), Head(esc(_("raters")), True),
             Head(esc(_("cities")), True), Head("Kendall W", True),
             Head(esc(report.statistic), True), _("agreement")]  # fmt: skip
    body = [
        [
            cell(name(r["indicator"])),
            cell(esc(r["scale"])),
            cell(numeral(r["raters"]), "num"),
            cell(numeral(r["cities"]), "num"),
            cell(fixed(r["kendall_w"], 2), "num"),
            cell(fixed(r[report.statistic], 2) if report.statistic in r else "", "num"),
            cell(
                esc(shown_number(r["agreement"])),
                "flag" if report.indicators[r["indicator"]].low else "",
            ),
        ]
        for r in rows
    ]
    low = (
        sentence(_("low agreement on {indicators}"), indicators=names(report.low))
        if report.low
        else esc(_("no indicator below it"))
    )
    combine = _(COMBINE.get(report.combine, report.combine))
    return (
        subheading(_("Expert ratings"))
        + paragraph(
            sentence(
                _(
                    "{experts} experts ({names}) rated {indicators} indicators; ratings "
                    "combined by the {combine}; low agreement: {statistic} below {below}: "
                    "{low}."
                ),
                experts=numeral(len(report.experts)),
                names=names(report.experts),
                indicators=numeral(len(report.indicators)),
                combine=esc(combine),
                statistic=esc(report.statistic),
                below=numeral(report.below, "g"),
                low=low,
            )
        )
        + table(heads, body, esc(_("Agreement between raters, per indicator")))
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
        sentence(_("The data table names no source (no '# Source: …' lines, no provenance.csv).")),
        "note",
    )
    if study.comments:
        found += paragraph(esc(_("Its header says:"))) + bullet_list(esc(c) for c in study.comments)
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
        valued = sum(bool(r.get("value", "").strip()) for r in rows)
        body.append(
            [
                cell(shown),
                cell(esc(shown_number(year))),
                cell(names(named, _("none (no value for these cities)"))),
                cell(f"{numeral(valued)}/{numeral(len(rows))}", "num"),
            ]
        )
    heads: list[Head | str] = [
        _("source"),
        _("year"),
        _("columns with values"),
        Head(esc(_("values")), True),
    ]
    caption = esc(
        _(
            "Sources of the data ({cells} cells in provenance.csv; values: cells with a value "
            "/ cells it was asked for)"
        )
    ).format(cells=numeral(len(study.provenance), ","))
    return table(heads, body, caption)
