"""Sections 6 and 7: the map of the candidates, and how the report was made (conventions,
notes, inputs, software version, the command that rebuilds it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.i18n import _
from mcda_citydip.report.html.markup import (
    Section,
    bullet_list,
    definitions,
    esc,
    figure,
    name,
    names,
    paragraph,
)
from mcda_citydip.report.html.study import Study

NO_COORDINATES = "no coordinates in the data: add <code>coordinates:</code> to the scenario"


def map_inputs(
    study: Study,
) -> tuple[dict[str, tuple[float, float]], list[tuple[str, str]]]:
    """The candidates' coordinates and the partnerships between two candidates."""
    given = study.scenario.locations
    cities = set(study.run.alternatives)
    locations = {a: given[a] for a in study.run.alternatives if a in given}
    links = [(a, b) for a, b in study.scenario.partnerships if a in cities and b in cities]
    return locations, links


def map_section(study: Study) -> Section:
    from mcda_citydip.report.figures import map_figure

    run = study.run
    locations, links = map_inputs(study)
    if not locations:
        return Section("map", _("Map"), NO_COORDINATES[0].upper() + NO_COORDINATES[1:] + ".", "")
    first = run.results[study.methods[0]]
    status = dict(run.union.status) if run.union is not None else None
    chart = map_figure(locations, links, dict(first.ranks), status, study.city_names)
    unplaced = [a for a in run.alternatives if a not in locations]
    takeaway = f"{len(locations)} of {len(run.alternatives)} cities placed from their coordinates"
    takeaway += (
        f"; {len(links)} partnership{'s' if len(links) != 1 else ''} among them drawn as links"
        if links
        else "; the data record no partnership among them"
    )
    if unplaced:
        takeaway += f"; no coordinates for {names(unplaced)}"
    body = [
        figure(chart, "The map could not be drawn from these coordinates."),
        paragraph(
            "Partnerships: "
            + (", ".join(f"{name(a)} – {name(b)}" for a, b in links) if links else "none")
            + f". Labels: {esc(study.methods[0].upper())} rank.",
            "note",
        ),
    ]
    return Section("map", _("Map"), takeaway + ".", "".join(body))


def readable(value: Any) -> str:
    """A convention as a person reads it: mappings as ``key: value`` pairs, lists joined."""
    if isinstance(value, dict | Mapping):
        return "; ".join(f"{k} {readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return "none" if value is None else str(value)


def provenance_section(study: Study) -> Section:
    run, analysis = study.run, study.analysis
    smaa = analysis.smaa
    inputs = study.scenario.inputs
    takeaway = (
        f"Made by citydip {esc(study.version)} from {len(inputs)} input "
        f"file{'s' if len(inputs) != 1 else ''}, with seed {smaa.seed} and "
        f"{smaa.samples:,} draws ({esc(smaa.draw)}); the command below rebuilds this report."
    )
    conventions = {k: v for k, v in run.conventions.items() if k != "methods"}
    conventions.update({f"{m} options": v for m, v in run.conventions.get("methods", {}).items()})
    draws: dict[str, Any] = {}
    for one in analysis.reports:
        draws.update(one.smaa.conventions)
    draws.pop("method", None)
    draws["seed"] = smaa.seed
    notes = dict.fromkeys([*run.notes, *analysis.all_notes])
    body = [
        "<h3>Conventions</h3>",
        definitions((k, esc(readable(v))) for k, v in conventions.items()),
        "<h3>Sensitivity analysis</h3>",
        definitions((k, esc(readable(v))) for k, v in draws.items()),
        "<h3>Notes</h3>",
        bullet_list(esc(n) for n in notes) or paragraph("No notes."),
        "<h3>Inputs</h3>",
        bullet_list(f"<code>{esc(p)}</code>" for p in inputs),
        "<h3>Software and command</h3>",
        paragraph(f"citydip {esc(study.version)} (mcda-citydip). Rebuild this report with:"),
        f"<pre><code>{esc(study.command)}</code></pre>",
    ]
    return Section("provenance", _("Conventions, notes and provenance"), takeaway, "".join(body))
