"""Sections 1 and 2: the summary, and the hierarchy with its weights and consistency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcda_citydip.i18n import N_, _, ngettext, node_name, shown_number, translated
from mcda_citydip.model import CANDIDATE, EXPELLED, FORMER, MEMBER
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    and_list,
    bullet_list,
    cell,
    city,
    clauses,
    definitions,
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
    share,
    table,
)
from mcda_citydip.report.html.study import Study

#: A city's status in the union, as shown.
STATUSES = {
    MEMBER: N_("member"),
    FORMER: N_("former member"),
    EXPELLED: N_("expelled"),
    CANDIDATE: N_("candidate"),
}
#: The smallest node whose consistency can be checked (two items are always consistent).
CHECKED = 3


def method_label(method: str) -> str:
    return esc(method.upper())


def score_label(method: str) -> str:
    """What a method's score is called (the registry's ``score_short``), in the current
    language."""
    from mcda_citydip.ranking.methods import get_method

    return _(get_method(method).score_short)


def status_label(status: str) -> str:
    """A union status in the current language (an unknown one as it is)."""
    return _(STATUSES[status]) if status in STATUSES else status


def leader_clause(study: Study) -> str:
    """Who is first by each method and how often it stays first in the draws (ready HTML,
    without the full stop)."""
    leaders = {m: study.leaders(m) for m in study.methods}
    firsts = {lead for found in leaders.values() for lead in found[:1]}
    draws = esc(study.draws)
    if len(firsts) == 1:
        top = firsts.pop()
        shares = [share(study.first_share(m, top)) for m in study.methods]
        each = [f"{s} ({method_label(m)})" for s, m in zip(shares, study.methods, strict=True)]
        return sentence(
            _("{city} ranks first by {methods}; it stays first in {shares} of {draws}"),
            city=name(top),
            methods=and_list([method_label(m) for m in study.methods]),
            shares=shares[0] if len(shares) == 1 else and_list(each),
            draws=draws,
        )
    parts = [
        sentence(
            _("{city} by {method} (first in {share})"),
            city=name(found[0]),
            method=method_label(m),
            share=share(study.first_share(m, found[0])),
        )
        for m, found in leaders.items()
    ]
    return sentence(
        _("The methods disagree on the first place: {leaders} of {draws}"),
        leaders=and_list(parts),
        draws=draws,
    )


def leader_takeaway(study: Study) -> str:
    """Who is first by each method and how often it stays first in the draws."""
    return leader_clause(study) + "."


def summary_section(study: Study) -> Section:
    """The question, the candidates, who is first and how robust, support, what is invented."""
    from mcda_citydip.analysis import summary_sentences

    run, scenario = study.run, study.scenario
    takeaway = leader_clause(study)
    if run.support is not None:
        takeaway += sentence(
            _("; the ranking rests on {share} of the model's weight"),
            share=share(run.support.supported_weight),
        )
    question = f"{esc(node_name(scenario.hierarchy.goal))}: {esc(scenario.name)}"
    if scenario.description:
        question += f'<br><span class="small">{esc(scenario.description)}</span>'
    sentences = summary_sentences(study.analysis)[: len(study.methods)]
    rows = [
        (_("Question"), question),
        (_("Candidates"), candidates(study)),
        (_("First"), bullet_list(first_lines(study))),
        (_("Robustness"), bullet_list(esc(translated(s)) for s in sentences)),
        (
            _("Supported weight"),
            esc(translated(run.support.headline())) if run.support else esc(_("not computed")),
        ),
        (_("Illustrative"), illustrative_text(study)),
    ]
    return Section("summary", _("Summary"), takeaway + ".", definitions(rows))


def candidates(study: Study) -> str:
    """The candidate cities, grouped by their status in the union when there is one."""
    run, shown = study.run, study.city_names

    def cities(found: Sequence[str]) -> str:
        return listed(city(a, shown) for a in found) if found else esc(_("none"))

    count = numeral(len(run.alternatives))
    if run.union is None:
        return f"{count}: {cities(run.alternatives)}"
    groups: dict[str, list[str]] = {}
    for a in run.alternatives:
        groups.setdefault(run.union.status.get(a, CANDIDATE), []).append(a)
    listing = clauses(
        f"{esc(status_label(status))}: {cities(found)}" for status, found in groups.items()
    )
    return sentence(
        _("{count} cities, by their status in {union}: {groups}"),
        count=count,
        union=name(run.union.name),
        groups=listing,
    )


def first_lines(study: Study) -> list[str]:
    lines = []
    for method in study.methods:
        result = study.run.results[method]
        top = study.leaders(method)
        value = result.scores[top[0]]
        line = sentence(
            _("{method}: {cities} ({score} {value})"),
            method=method_label(method),
            cities=names(top),
            score=esc(score_label(method)),
            value=fixed(value),
        )
        if "compromise_set" in result.flags:
            line += sentence(
                _("; compromise set: {cities}"), cities=names(result.flags["compromise_set"])
            )
        lines.append(line)
    return lines


def illustrative_text(study: Study) -> str:
    """The inputs marked illustrative, and what the data table's header says of its values."""
    found, data = study.run.illustrative, study.illustrative_data
    parts = []
    if found:
        parts.append(
            sentence(
                _(
                    "These inputs are marked illustrative (invented placeholders, not real "
                    "experts' opinions): {inputs}."
                ),
                inputs=names(found),
            )
        )
    if data:
        parts.append(
            sentence(_("The data table's header says: “{header}”"), header=esc(" ".join(data)))
        )
    if not parts:
        return esc(_("No input is marked illustrative."))
    parts.append(esc(_("Do not draw conclusions from this study.")))
    return " ".join(parts)


def weights_takeaway(study: Study, rows: list[dict[str, Any]]) -> str:
    dims = sorted((r for r in rows if r["depth"] == 0), key=lambda r: -r["global"])
    leaves = set(study.scenario.hierarchy.leaves)
    heaviest = max((r for r in rows if r["id"] in leaves), key=lambda r: r["global"])
    first = {"dimension": name(dims[0]["id"]), "share": share(dims[0]["global"])}
    parts = [sentence(_("{dimension} carries the most weight ({share})"), **first)]
    if len(dims) > 1:
        parts[0] += sentence(
            _(", then {dimension} ({share})"),
            dimension=name(dims[1]["id"]),
            share=share(dims[1]["global"]),
        )
    if heaviest["id"] != dims[0]["id"]:
        parts.append(
            sentence(
                _("the heaviest indicator is {indicator} ({share})"),
                indicator=name(heaviest["id"]),
                share=share(heaviest["global"]),
            )
        )
    parts += consistency_clauses(study)
    return clauses(parts) + "."


def consistency_clauses(study: Study) -> list[str]:
    """How consistent the judged nodes of 3 or more items are, or that nothing was judged."""
    nodes = [n for n in study.run.weights.nodes.values() if len(n.items) >= CHECKED]
    flagged = [n.node for n in nodes if n.flagged()]
    size = numeral(CHECKED)
    if not study.run.weights.nodes:
        source = esc(study.run.weights.source)
        return [sentence(_("the weights are given ({source}), not judged"), source=source)]
    if not nodes:
        return []
    limit = numeral(nodes[0].cr_limit, "g")
    if flagged:
        template = ngettext(
            "{count} of the {nodes} nodes with {size} or more items is inconsistent "
            "(CR above {limit}): {names}",
            "{count} of the {nodes} nodes with {size} or more items are inconsistent "
            "(CR above {limit}): {names}",
            len(flagged),
        )
        found = {"count": numeral(len(flagged)), "names": names(flagged)}
        return [sentence(template, nodes=numeral(len(nodes)), size=size, limit=limit, **found)]
    if len(nodes) > 1:
        template = _("all {count} nodes with {size} or more items are consistent (CR ≤ {limit})")
        return [sentence(template, count=numeral(len(nodes)), size=size, limit=limit)]
    template = _("its one node with {size} or more items is consistent (CR ≤ {limit})")
    return [sentence(template, size=size, limit=limit)]


def weights_section(study: Study) -> Section:
    from mcda_citydip.report.data import weight_rows
    from mcda_citydip.report.figures import weights_figure

    run, hierarchy = study.run, study.scenario.hierarchy
    rows = weight_rows(hierarchy, run.weights, run.effective_weights, shown=True)
    chart = weights_figure(hierarchy, run.weights, run.effective_weights)
    body = [
        paragraph(
            sentence(
                _(
                    "Weights: {source}{experts}. Global weight: the share of the goal; in "
                    "ranking: after indicators without data were dropped and the others "
                    "re-normalised; CR: consistency ratio of the node's judgments."
                ),
                source=esc(run.weights.source),
                experts=judged_by(study),
            )
        ),
        figure(chart),
        weights_table(study, rows),
        consistency_table(study),
    ]
    return Section(
        "weights", _("Hierarchy and weights"), weights_takeaway(study, rows), "".join(body)
    )


def judged_by(study: Study) -> str:
    experts = study.scenario.experts
    if not experts:
        return ""
    k = len(experts)
    return sentence(
        ngettext(
            ", from the judgments of {count} expert ({names})",
            ", from the judgments of {count} experts ({names})",
            k,
        ),
        count=numeral(k),
        names=names(e.expert for e in experts),
    )


def weights_table(study: Study, rows: list[dict[str, Any]]) -> str:
    experts = list(study.run.weights.experts) if len(study.run.weights.experts) > 1 else []
    heads: list[Head | str] = [
        _("id"),
        _("name"),
        Head(esc(_("local")), True),
        Head(esc(_("global")), True),
        Head(esc(_("in ranking")), True),
        Head("CR", True),
        *(Head(name(e), True) for e in experts),
    ]
    body = []
    for r in rows:
        klass = "indent1" if r["depth"] else ""
        shown_id = f"<strong>{name(r['id'])}</strong>" if r["depth"] == 0 else name(r["id"])
        cr = r["cr"]
        body.append(
            [
                cell(shown_id, klass),
                cell(name(r["name"])),
                _optional(r["local"]),
                number(r["global"], share(r["global"])),
                number(r.get("ranking", 0.0), share(r.get("ranking", 0.0))),
                _optional(cr, flag=r["flagged"]),
                *(_optional(r[e], as_share=True) for e in experts),
            ]
        )
    caption = _("Weights by dimension and indicator") + (
        " " + _("(group, then each expert's global weight)") if experts else ""
    )
    return table(heads, body, esc(caption))


def _optional(value: float | None, flag: bool = False, as_share: bool = False) -> str:
    """A number cell that may be empty; ``flag`` marks it (▲) as above a limit."""
    if value is None:
        return cell("", "num")
    shown = share(value) if as_share else fixed(value, 3)
    found = number(value, shown + (" ▲" if flag else ""))
    return found.replace('class="num"', 'class="num flag"') if flag else found


def consistency_table(study: Study) -> str:
    from mcda_citydip.report.data import consistency_rows

    rows = consistency_rows(study.run.weights)
    if not rows:
        return paragraph(esc(_("No pairwise judgments: nothing to check for consistency.")), "note")
    experts = [k for k in rows[0] if k.startswith("CR ")]
    group = len(study.run.weights.experts) > 1
    heads: list[Head | str] = [
        _("node"),
        Head("n", True),
        Head(esc(_("judged")), True),
        Head("λmax", True),
        Head("CI", True),
        Head("RI", True),
        Head("CR", True),
        *([Head(esc(_("consensus S*")), True), Head(esc(_("most deviating")))] if group else []),
        *(Head(esc(k), True) for k in experts),
    ]
    body = []
    for r in rows:
        body.append(
            [
                cell(name(r["node"])),
                number(r["n"], str(r["n"])),
                cell(esc(shown_number(r["judgments"])), "num"),
                number(r["lambda_max"], fixed(r["lambda_max"], 3)),
                number(r["ci"], fixed(r["ci"], 3)),
                number(r["ri"], fixed(r["ri"], 3)),
                _optional(r["cr"], flag=r["flagged"]),
                *(
                    [_optional(r["consensus"]), cell(name(r["most_deviating"] or ""))]
                    if group
                    else []
                ),
                *(_optional(r[k], flag=(r[k] or 0) > r["limit"]) for k in experts),
            ]
        )
    limit = rows[0]["limit"]
    note = esc(
        _(
            "▲: CR above {limit}. Judged: pairs given / pairs of the node; missing pairs are "
            "completed from the priorities."
        )
    ).format(limit=numeral(limit, "g"))
    return table(heads, body, esc(_("Consistency per node")), note=note)
