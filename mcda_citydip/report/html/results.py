"""Sections 4 and 5: the rankings side by side, and how robust they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mcda_citydip.i18n import _
from mcda_citydip.model import CANDIDATE
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    bullet_list,
    cell,
    city,
    esc,
    figure,
    fixed,
    name,
    names,
    number,
    paragraph,
    table,
)
from mcda_citydip.report.html.overview import (
    and_list,
    leader_takeaway,
    method_label,
    score_label,
)
from mcda_citydip.report.html.study import Study

if TYPE_CHECKING:
    from mcda_citydip.analysis import SensitivityReport

#: Per method, the columns of the rankings table: (JSON key in ``results.METHOD``, heading).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "topsis": (("ranks", "rank"), ("scores", "closeness")),
    "vikor": (("ranks", "rank"), ("Q", "Q"), ("S", "S"), ("R", "R")),
}


def method_values(study: Study, method: str, key: str) -> dict[str, Any]:
    result = study.run.results[method]
    if key == "ranks":
        return dict(result.ranks)
    if key == "scores":
        return dict(result.scores)
    return dict(result.extras[key])


def columns(method: str) -> tuple[tuple[str, str], ...]:
    return COLUMNS.get(method, (("ranks", "rank"), ("scores", "score")))


def rankings_table(study: Study) -> str:
    """One row per city (in the first method's order): status, every method's rank and
    scores, the compromise set, rank intervals. Each number keeps its exact value."""
    run = study.run
    intervals = run.rank_intervals.intervals if run.rank_intervals is not None else {}
    heads: list[Head | str] = ["city", *(["status"] if run.union is not None else [])]
    for m in study.methods:
        heads += [Head(f"{method_label(m)} {esc(label)}", True) for _key, label in columns(m)]
        if "compromise_set" in run.results[m].flags:
            heads.append(f"{method_label(m)} compromise set")
        if m in intervals:
            heads.append(Head(f"{method_label(m)} ranks 5–95%", True))
    values = {(m, k): method_values(study, m, k) for m in study.methods for k, _label in columns(m)}
    first = study.methods[0]
    rows, attributes = [], []
    for a in run.results[first].order():
        row = [cell(city(a, study.city_names), "city")]
        if run.union is not None:
            row.append(cell(esc(run.union.status.get(a, CANDIDATE)), "status"))
        for m in study.methods:
            for key, _label in columns(m):
                value = values[m, key][a]
                shown = str(value) if key == "ranks" else fixed(value)
                row.append(number(value, shown, f"{m}.{key}"))
            members = run.results[m].flags.get("compromise_set")
            if members is not None:
                inside = a in members
                row.append(number(inside, "yes" if inside else "", f"{m}.compromise_set"))
            if m in intervals:
                low, high = intervals[m][a]
                shown = f"{low}–{high if high is not None else '…'}"
                row.append(number([low, high], shown, f"{m}.rank_intervals"))
        rows.append(row)
        attributes.append(
            f'data-alternative="{esc(a)}"'
            + (' class="first"' if run.results[first].ranks[a] == 1 else "")
        )
    caption = (
        f"Rankings by {and_list([method_label(m) for m in study.methods])}, in "
        f"{method_label(first)} order; numbers rounded to 4 decimals"
    )
    return table(heads, rows, caption, "rankings", attributes)


def rankings_takeaway(study: Study) -> str:
    """Who is first by each method, with its score, and the VIKOR compromise set."""
    by_leader: dict[tuple[str, ...], list[str]] = {}
    for m in study.methods:
        by_leader.setdefault(study.leaders(m), []).append(m)
    parts = []
    for top, methods in by_leader.items():
        scores = [
            f"{method_label(m)} ({score_label(m)} {fixed(study.run.results[m].scores[top[0]])})"
            for m in methods
        ]
        verb = "are" if len(top) > 1 else "is"
        parts.append(f"{and_list([name(t) for t in top])} {verb} first by {and_list(scores)}")
    text = "; ".join(parts)
    for m in study.methods:
        flags = study.run.results[m].flags
        members = flags.get("compromise_set")
        if members is None:
            continue
        if len(members) == 1:
            text += f"; {method_label(m)}'s compromise set is {name(members[0])} alone"
        else:
            unmet = [
                label
                for key, label in (
                    ("acceptable_advantage", "acceptable advantage"),
                    ("acceptable_stability", "acceptable stability"),
                )
                if not flags.get(key)
            ]
            text += (
                f"; {method_label(m)}'s compromise set is "
                f"{and_list([name(x) for x in members])} ({' and '.join(unmet)} not met)"
            )
    return text + "."


def compromise_text(study: Study) -> str:
    lines = []
    for m in study.methods:
        flags = study.run.results[m].flags
        if "compromise_set" not in flags:
            continue
        advantage = "met" if flags.get("acceptable_advantage") else "not met"
        stability = "met" if flags.get("acceptable_stability") else "not met"
        lines.append(
            f"{method_label(m)} (Opricovic &amp; Tzeng 2004): acceptable advantage {advantage}, "
            f"acceptable stability {stability}; compromise set: "
            f"{names(flags['compromise_set'])}. Lower Q, S and R are better."
        )
    if study.run.rank_intervals is not None:
        found = study.run.rank_intervals
        lines.append(
            f"Ranks 5–95%: the 5th–95th percentile rank over {found.draws:,} draws of the "
            f"{found.cells} missing or imputed cells (seed {found.seed})."
        )
    return bullet_list(lines)


def rankings_section(study: Study) -> Section:
    from mcda_citydip.report.figures import scores_figure

    body = [
        rankings_table(study),
        compromise_text(study),
        figure(scores_figure(study.run, study.city_names)),
    ]
    return Section("rankings", _("Rankings"), rankings_takeaway(study), "".join(body))


def robustness_takeaway(study: Study) -> str:
    text = leader_takeaway(study)[:-1]
    critical = []
    for one in study.analysis.reports:
        th = one.thresholds
        if th.most_critical is None:
            continue
        c = th.criteria[th.most_critical]
        if c.percent is not None and c.new_top:
            critical.append((abs(c.percent), one.method, th.most_critical, c.percent, c.new_top))
    if critical:
        _, method, indicator, percent, new_top = min(critical)
        text += (
            f"; the smallest single weight change that overturns it is {name(indicator)} "
            f"{percent:+.1f}% ({method_label(method)}), putting {name(new_top)} first"
        )
    else:
        text += "; no single weight change overturns the first place"
    rs = agreement_value(study.analysis)
    if rs is not None:
        text += f"; {rs}"
    return text + "."


def agreement_value(report: SensitivityReport) -> str | None:
    data = report.agreement.to_data()
    methods = data["methods"]
    if "topsis" in methods and "vikor" in methods:
        value = data["correlations"]["rs"]["topsis"]["vikor"]
        if value is not None:
            return f"TOPSIS and VIKOR agree at Spearman rs = {value:.2f}"
    return None


def robustness_section(study: Study) -> Section:
    from mcda_citydip.analysis import summary_sentences

    analysis = study.analysis
    body = [bullet_list(esc(s) for s in summary_sentences(analysis)[: len(analysis.reports)])]
    body.append(paragraph(draw_text(analysis), "note"))
    for one in analysis.reports:
        body.append(method_robustness(one, study.city_names))
    body += ["<h3>Method agreement</h3>", agreement_table(analysis)]
    return Section("robustness", _("Robustness"), robustness_takeaway(study), "".join(body))


def draw_text(report: SensitivityReport) -> str:
    options = report.options
    smaa = report.smaa
    text = f"SMAA-2 over {smaa.samples:,} draws ({esc(smaa.draw)}), seed {smaa.seed}"
    if smaa.draw == "dirichlet":
        text += f", concentration {options.get('concentration', 0):g}"
    if smaa.draw == "judgments":
        text += f", spread {options.get('spread', 0):g}"
    return text + "; critical thresholds and sweeps at the scenario's weights."


def method_robustness(one: SensitivityReport, names: Mapping[str, str] | None = None) -> str:
    from mcda_citydip.report.figures import acceptability_figure, sweeps_figure, tornado_figure

    return "".join(
        [
            f"<h3>{method_label(one.method)}</h3>",
            figure(acceptability_figure(one, names)),
            figure(tornado_figure(one)),
            figure(sweeps_figure(one)),
            paragraph(reversal_text(one)),
        ]
    )


def reversal_text(one: SensitivityReport) -> str:
    result = one.reversal
    changed = [case for case in result.removed if case.changed]
    if changed:
        shown = ", ".join(name(c.alternative) for c in changed[:10])
        more = f" and {len(changed) - 10:,} more" if len(changed) > 10 else ""
        which = f"{shown}{more} is" if len(changed) == 1 else f"any of {shown}{more} is"
        text = f"Rank reversal: the order of the others changes when {which} removed"
    else:
        text = "Rank reversal: removing any one city leaves the order of the others as it is"
    added = result.added
    text += f"; adding a copy of the worst ({name(added.alternative)}) " + (
        f"changes the order of {added.count} pair(s)."
        if added.changed
        else "leaves the order of the others unchanged."
    )
    return text


def agreement_table(report: SensitivityReport) -> str:
    data = report.agreement.to_data()
    methods = data["methods"]
    rows = []
    for i, a in enumerate(methods):
        for b in methods[i + 1 :]:
            values = [data["correlations"][c][a][b] for c in ("rs", "rw", "ws")]
            rows.append(
                [cell(f"{agreement_label(a)} vs {agreement_label(b)}")]
                + [cell(fixed(v, 3), "num") for v in values]
            )
    heads: list[Head | str] = ["pair", Head("rs", True), Head("rw", True), Head("WS", True)]
    note = esc(
        "rs: Spearman; rw: weighted Spearman (Pinto da Costa & Soares 2005); WS: rank "
        "similarity (Sałabun & Urbaniak 2020), the first method of the pair as reference. "
        "Each method ranks at the scenario's weights."
    )
    return table(heads, rows, "", note=note)


def agreement_label(method: str) -> str:
    """``TOPSIS``, ``VIKOR``, ``TOPSIS (min-max)``."""
    head, _, variant = method.partition("-")
    label = method_label(head)
    return f"{label} ({esc(variant.replace('minmax', 'min-max'))})" if variant else label
