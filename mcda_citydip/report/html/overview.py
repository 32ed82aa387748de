"""Sections 1 and 2: the summary, and the hierarchy with its weights and consistency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcda_citydip.i18n import _, shown_number
from mcda_citydip.model import CANDIDATE
from mcda_citydip.report.html.markup import (
    Head,
    Section,
    bullet_list,
    cell,
    city,
    definitions,
    esc,
    figure,
    fixed,
    name,
    names,
    number,
    paragraph,
    share,
    table,
)
from mcda_citydip.report.html.study import Study


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (items are ready HTML)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def method_label(method: str) -> str:
    return esc(method.upper())


def score_label(method: str) -> str:
    """What a method's score is called."""
    return {"topsis": "closeness", "vikor": "Q"}.get(method, "score")


def leader_takeaway(study: Study) -> str:
    """Who is first by each method and how often it stays first in the draws."""
    leaders = {m: study.leaders(m) for m in study.methods}
    firsts = {lead for found in leaders.values() for lead in found[:1]}
    draws = esc(study.draws)
    if len(firsts) == 1:
        top = firsts.pop()
        labels = and_list([method_label(m) for m in study.methods])
        shares = [share(study.first_share(m, top)) for m in study.methods]
        if len(shares) == 1:
            stays = f"{shares[0]} of {draws}"
        else:
            each = [f"{s} ({method_label(m)})" for s, m in zip(shares, study.methods, strict=True)]
            stays = f"{and_list(each)} of {draws}"
        return f"{name(top)} ranks first by {labels}; it stays first in {stays}."
    parts = [
        f"{name(found[0])} by {method_label(m)} (first in {share(study.first_share(m, found[0]))})"
        for m, found in leaders.items()
    ]
    return f"The methods disagree on the first place: {and_list(parts)} of {draws}."


def summary_section(study: Study) -> Section:
    """The question, the candidates, who is first and how robust, support, what is invented."""
    from mcda_citydip.analysis import summary_sentences

    run, scenario = study.run, study.scenario
    takeaway = leader_takeaway(study)
    if run.support is not None:
        takeaway = takeaway[:-1] + (
            f"; the ranking rests on {share(run.support.supported_weight)} of the model's weight."
        )
    question = f"{esc(scenario.hierarchy.goal.name)}: {esc(scenario.name)}"
    if scenario.description:
        question += f'<br><span class="small">{esc(scenario.description)}</span>'
    rows = [
        ("Question", question),
        ("Candidates", candidates(study)),
        ("First", bullet_list(first_lines(study))),
        (
            "Robustness",
            bullet_list(esc(s) for s in summary_sentences(study.analysis)[: len(study.methods)]),
        ),
        ("Supported weight", esc(run.support.headline()) if run.support else "not computed"),
        ("Illustrative", illustrative_text(study)),
    ]
    return Section("summary", _("Summary"), takeaway, definitions(rows))


def candidates(study: Study) -> str:
    """The candidate cities, grouped by their status in the union when there is one."""
    run, shown = study.run, study.city_names

    def cities(found: Sequence[str]) -> str:
        return ", ".join(city(a, shown) for a in found) if found else "none"

    text = f"{len(run.alternatives)}: {cities(run.alternatives)}"
    if run.union is None:
        return text
    groups: dict[str, list[str]] = {}
    for a in run.alternatives:
        groups.setdefault(run.union.status.get(a, CANDIDATE), []).append(a)
    listed = "; ".join(f"{esc(status)}: {cities(found)}" for status, found in groups.items())
    return f"{len(run.alternatives)} cities, by their status in {name(run.union.name)}: {listed}"


def first_lines(study: Study) -> list[str]:
    lines = []
    for method in study.methods:
        result = study.run.results[method]
        top = study.leaders(method)
        value = result.scores[top[0]]
        line = f"{method_label(method)}: {names(top)} ({score_label(method)} {fixed(value)})"
        if "compromise_set" in result.flags:
            line += f"; compromise set: {names(result.flags['compromise_set'])}"
        lines.append(line)
    return lines


def illustrative_text(study: Study) -> str:
    """The inputs marked illustrative, and what the data table's header says of its values."""
    found, data = study.run.illustrative, study.illustrative_data
    parts = []
    if found:
        parts.append(
            "These inputs are marked illustrative (invented placeholders, not real experts' "
            f"opinions): {names(found)}."
        )
    if data:
        parts.append(f"The data table's header says: “{esc(' '.join(data))}”")
    if not parts:
        return "No input is marked illustrative."
    return " ".join(parts) + " Do not draw conclusions from this study."


def weights_takeaway(study: Study, rows: list[dict[str, Any]]) -> str:
    dims = sorted((r for r in rows if r["depth"] == 0), key=lambda r: -r["global"])
    leaves = set(study.scenario.hierarchy.leaves)
    heaviest = max((r for r in rows if r["id"] in leaves), key=lambda r: r["global"])
    parts = [f"{name(dims[0]['id'])} carries the most weight ({share(dims[0]['global'])})"]
    if len(dims) > 1:
        parts[0] += f", then {name(dims[1]['id'])} ({share(dims[1]['global'])})"
    if heaviest["id"] != dims[0]["id"]:
        parts.append(
            f"the heaviest indicator is {name(heaviest['id'])} ({share(heaviest['global'])})"
        )
    nodes = [n for n in study.run.weights.nodes.values() if len(n.items) > 2]
    flagged = [n.node for n in nodes if n.flagged()]
    if not study.run.weights.nodes:
        parts.append(f"the weights are given ({esc(study.run.weights.source)}), not judged")
    elif flagged:
        limit = nodes[0].cr_limit
        parts.append(
            f"{len(flagged)} of the {len(nodes)} nodes with 3 or more items "
            f"{'is' if len(flagged) == 1 else 'are'} inconsistent (CR above {limit:g}): "
            f"{names(flagged)}"
        )
    elif nodes:
        limit = nodes[0].cr_limit
        parts.append(
            f"all {len(nodes)} nodes with 3 or more items are consistent (CR ≤ {limit:g})"
            if len(nodes) > 1
            else f"its one node with 3 or more items is consistent (CR ≤ {limit:g})"
        )
    return "; ".join(parts) + "."


def weights_section(study: Study) -> Section:
    from mcda_citydip.report.data import weight_rows
    from mcda_citydip.report.figures import weights_figure

    run, hierarchy = study.run, study.scenario.hierarchy
    rows = weight_rows(hierarchy, run.weights, run.effective_weights, shown=True)
    chart = weights_figure(hierarchy, run.weights, run.effective_weights)
    body = [
        paragraph(
            f"Weights: {esc(run.weights.source)}{judged_by(study)}. Global weight: the share "
            "of the goal; "
            "in ranking: after indicators without data were dropped and the others "
            "re-normalised; CR: consistency ratio of the node's judgments."
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
    who = names(e.expert for e in experts)
    return f", from the judgments of {k} expert{'s' if k != 1 else ''} ({who})"


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
        return paragraph("No pairwise judgments: nothing to check for consistency.", "note")
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
        *([Head("consensus S*", True), Head("most deviating")] if group else []),
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
    note = (
        f"▲: CR above {limit:g}. Judged: pairs given / pairs of the node; missing pairs are "
        "completed from the priorities."
    )
    return table(heads, body, esc(_("Consistency per node")), note=esc(note))
