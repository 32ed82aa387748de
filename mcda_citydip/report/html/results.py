"""Sections 4 and 5: the rankings side by side, and how robust they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mcda_citydip.i18n import N_, _, ngettext, translated
from mcda_citydip.model import CANDIDATE
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    and_list,
    bullet_list,
    cell,
    city,
    clauses,
    esc,
    figure,
    fixed,
    listed,
    name,
    names,
    number,
    numeral,
    paragraph,
    sentence,
    subheading,
    table,
)
from mcda_citydip.report.html.overview import (
    leader_clause,
    method_label,
    score_label,
    status_label,
)
from mcda_citydip.report.html.study import Study

if TYPE_CHECKING:
    from mcda_citydip.analysis import SensitivityReport

#: The heading of a method's score column: ``TOPSIS closeness``, ``SAW weighted sum``.
SCORE_HEADING = N_("{method} {score}")
#: A method's column shown elsewhere in the table (the compromise set is its own column).
OWN_COLUMNS = ("compromise",)
#: VIKOR's acceptance conditions (Opricovic & Tzeng 2004): flag, name.
CONDITIONS = (
    ("acceptable_advantage", N_("acceptable advantage")),
    ("acceptable_stability", N_("acceptable stability")),
)
#: The percentiles of the rank intervals.
LOW, HIGH = 5, 95


def method_values(study: Study, method: str, key: str) -> dict[str, Any]:
    result = study.run.results[method]
    if key == "ranks":
        return dict(result.ranks)
    if key == "scores":
        return dict(result.scores)
    return dict(result.extras[key])


def columns(method: str) -> tuple[tuple[str, str, str], ...]:
    """The rankings table's columns of ``method``, from the registry's ``columns``: (JSON key
    in ``results.METHOD``, heading template, the score's name for it). A score is a number
    of the method's own (``Q``, ``S``, ``R``: symbols, the same in every language)."""
    from mcda_citydip.ranking.methods import get_method

    found = get_method(method)
    shown = [("ranks", N_("{method} rank"), "")]
    for column in found.columns:
        if column == "score":
            shown.append(("scores", SCORE_HEADING, found.score_short))
        elif column not in OWN_COLUMNS:
            shown.append((column, SCORE_HEADING, column))
    return tuple(shown)


def rankings_heads(study: Study, intervals: Mapping[str, Any]) -> list[Head | str]:
    run = study.run
    heads: list[Head | str] = [_("city"), *([_("status")] if run.union is not None else [])]
    for m in study.methods:
        heads += [
            Head(sentence(_(label), method=method_label(m), score=esc(_(score))), True)
            for _key, label, score in columns(m)
        ]
        if "compromise_set" in run.results[m].flags:
            heads.append(_("{method} compromise set").format(method=method_label(m)))
        if m in intervals:
            template = _("{method} ranks {low}–{high}%")
            found = {"low": numeral(LOW), "high": numeral(HIGH)}
            heads.append(Head(sentence(template, method=method_label(m), **found), True))
    return heads


def rankings_table(study: Study) -> str:
    """One row per city (in the first method's order): status, every method's rank and
    scores, the compromise set, rank intervals. Each number keeps its exact value."""
    run = study.run
    intervals = run.rank_intervals.intervals if run.rank_intervals is not None else {}
    heads = rankings_heads(study, intervals)
    values = {
        (m, k): method_values(study, m, k)
        for m in study.methods
        for k, _label, _score in columns(m)
    }
    first = study.methods[0]
    rows, attributes = [], []
    for a in run.results[first].order():
        row = [cell(city(a, study.city_names), "city")]
        if run.union is not None:
            row.append(cell(esc(status_label(run.union.status.get(a, CANDIDATE))), "status"))
        for m in study.methods:
            for key, _label, _score in columns(m):
                value = values[m, key][a]
                shown = str(value) if key == "ranks" else fixed(value)
                row.append(number(value, shown, f"{m}.{key}"))
            members = run.results[m].flags.get("compromise_set")
            if members is not None:
                inside = a in members
                row.append(number(inside, _("yes") if inside else "", f"{m}.compromise_set"))
            if m in intervals:
                low, high = intervals[m][a]
                shown = f"{low}–{high if high is not None else '…'}"
                row.append(number([low, high], shown, f"{m}.rank_intervals"))
        rows.append(row)
        attributes.append(
            f'data-alternative="{esc(a)}"'
            + (' class="first"' if run.results[first].ranks[a] == 1 else "")
        )
    caption = sentence(
        _("Rankings by {methods}, in {first} order; numbers rounded to {decimals} decimals"),
        methods=and_list([method_label(m) for m in study.methods]),
        first=method_label(first),
        decimals=numeral(4),
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
            f"{method_label(m)} ({esc(score_label(m))} "
            f"{fixed(study.run.results[m].scores[top[0]])})"
            for m in methods
        ]
        template = ngettext(
            "{cities} is first by {methods}", "{cities} are first by {methods}", len(top)
        )
        found = and_list([name(t) for t in top])
        parts.append(sentence(template, cities=found, methods=and_list(scores)))
    return clauses(parts) + "".join(compromise_clauses(study)) + "."


def compromise_clauses(study: Study) -> list[str]:
    """``; VIKOR's compromise set is …`` for each method with a compromise set."""
    found = []
    for m in study.methods:
        flags = study.run.results[m].flags
        members = flags.get("compromise_set")
        if members is None:
            continue
        if len(members) == 1:
            found.append(
                sentence(
                    _("; {method}'s compromise set is {city} alone"),
                    method=method_label(m),
                    city=name(members[0]),
                )
            )
            continue
        unmet = [_(label) for key, label in CONDITIONS if not flags.get(key)]
        found.append(
            sentence(
                _("; {method}'s compromise set is {cities} ({conditions} not met)"),
                method=method_label(m),
                cities=and_list([name(x) for x in members]),
                conditions=esc(_(" and ").join(unmet)),
            )
        )
    return found


def compromise_text(study: Study) -> str:
    lines = []
    for m in study.methods:
        flags = study.run.results[m].flags
        if "compromise_set" not in flags:
            continue
        met = {key: esc(_("met") if flags.get(key) else _("not met")) for key, _label in CONDITIONS}
        lines.append(
            sentence(
                _(
                    "{method} (Opricovic & Tzeng {year}): acceptable advantage {advantage}, "
                    "acceptable stability {stability}; compromise set: {cities}. Lower Q, S and "
                    "R are better."
                ),
                method=method_label(m),
                year=numeral(2004),
                advantage=met["acceptable_advantage"],
                stability=met["acceptable_stability"],
                cities=names(flags["compromise_set"]),
            )
        )
    if study.run.rank_intervals is not None:
        found = study.run.rank_intervals
        lines.append(
            sentence(
                _(
                    "Ranks {low}–{high}%: the {low}th–{high}th percentile rank over {draws} "
                    "draws of the {cells} missing or imputed cells (seed {seed})."
                ),
                low=numeral(LOW),
                high=numeral(HIGH),
                draws=numeral(found.draws, ","),
                cells=numeral(found.cells),
                seed=numeral(found.seed),
            )
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
    parts = [leader_clause(study)]
    critical = []
    for one in study.analysis.reports:
        th = one.thresholds
        if th.most_critical is None:
            continue
        c = th.criteria[th.most_critical]
        if c.percent is not None and c.new_top:
            critical.append((abs(c.percent), one.method, th.most_critical, c.percent, c.new_top))
    if critical:
        _size, method, indicator, percent, new_top = min(critical)
        parts.append(
            sentence(
                _(
                    "the smallest single weight change that overturns it is {indicator} "
                    "{change}% ({method}), putting {city} first"
                ),
                indicator=name(indicator),
                change=numeral(percent, "+.1f"),
                method=method_label(method),
                city=name(new_top),
            )
        )
    else:
        parts.append(esc(_("no single weight change overturns the first place")))
    rs = agreement_value(study.analysis)
    if rs is not None:
        parts.append(rs)
    return clauses(parts) + "."


def agreement_value(report: SensitivityReport) -> str | None:
    """How far the first two methods run agree (ready HTML), when two ran: ``TOPSIS and
    VIKOR agree at Spearman rs = 0.93``."""
    data = report.agreement.to_data()
    ran = [r.method for r in report.reports if r.method in data["methods"]][:2]
    if len(ran) < 2:
        return None
    value = data["correlations"]["rs"][ran[0]][ran[1]]
    if value is None:
        return None
    return sentence(
        _("{first} and {second} agree at Spearman rs = {value}"),
        first=method_label(ran[0]),
        second=method_label(ran[1]),
        value=numeral(value, ".2f"),
    )


def robustness_section(study: Study) -> Section:
    from mcda_citydip.analysis import summary_sentences

    analysis = study.analysis
    sentences = summary_sentences(analysis)[: len(analysis.reports)]
    body = [bullet_list(esc(translated(s)) for s in sentences)]
    body.append(paragraph(draw_text(analysis), "note"))
    for one in analysis.reports:
        body.append(method_robustness(one, study.city_names))
    body += [subheading(_("Method agreement")), agreement_table(analysis)]
    return Section("robustness", _("Robustness"), robustness_takeaway(study), "".join(body))


def draw_text(report: SensitivityReport) -> str:
    options = report.options
    smaa = report.smaa
    text = sentence(
        _("SMAA-2 over {draws} draws ({draw}), seed {seed}"),
        draws=numeral(smaa.samples, ","),
        draw=esc(smaa.draw),
        seed=numeral(smaa.seed),
    )
    if smaa.draw == "dirichlet":
        value = numeral(options.get("concentration", 0), "g")
        text += sentence(_(", concentration {value}"), value=value)
    if smaa.draw == "judgments":
        text += sentence(_(", spread {value}"), value=numeral(options.get("spread", 0), "g"))
    return text + sentence(_("; critical thresholds and sweeps at the scenario's weights."))


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
    if len(changed) == 1:
        text = sentence(
            _("Rank reversal: the order of the others changes when {city} is removed"),
            city=name(changed[0].alternative),
        )
    elif changed:
        shown = listed(name(c.alternative) for c in changed[:10])
        if len(changed) > 10:
            shown += sentence(_(" and {count} more"), count=numeral(len(changed) - 10, ","))
        text = sentence(
            _("Rank reversal: the order of the others changes when any of {cities} is removed"),
            cities=shown,
        )
    else:
        text = esc(
            _("Rank reversal: removing any one city leaves the order of the others as it is")
        )
    added = result.added
    if added.changed:
        return text + sentence(
            _("; adding a copy of the worst ({city}) changes the order of {count} pair(s)."),
            city=name(added.alternative),
            count=numeral(added.count),
        )
    return text + sentence(
        _("; adding a copy of the worst ({city}) leaves the order of the others unchanged."),
        city=name(added.alternative),
    )


def agreement_table(report: SensitivityReport) -> str:
    data = report.agreement.to_data()
    methods = data["methods"]
    rows = []
    for i, a in enumerate(methods):
        for b in methods[i + 1 :]:
            values = [data["correlations"][c][a][b] for c in ("rs", "rw", "ws")]
            pair = sentence(
                _("{first} vs {second}"), first=agreement_label(a), second=agreement_label(b)
            )
            rows.append([cell(pair)] + [cell(fixed(v, 3), "num") for v in values])
    heads: list[Head | str] = [_("pair"), Head("rs", True), Head("rw", True), Head("WS", True)]
    note = esc(
        _(
            "rs: Spearman; rw: weighted Spearman (Pinto da Costa & Soares {rw_year}); WS: rank "
            "similarity (Sałabun & Urbaniak {ws_year}), the first method of the pair as "
            "reference. Each method ranks at the scenario's weights."
        )
    ).format(rw_year=numeral(2005), ws_year=numeral(2020))
    return table(heads, rows, "", note=note)


def agreement_label(method: str) -> str:
    """``TOPSIS``, ``VIKOR``, ``TOPSIS (min-max)``."""
    head, _sep, variant = method.partition("-")
    label = method_label(head)
    return f"{label} ({esc(variant.replace('minmax', 'min-max'))})" if variant else label
