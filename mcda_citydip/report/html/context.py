"""Sections 6 and 7: the map of the candidates, and how the report was made (conventions,
notes, inputs, software version, the command that rebuilds it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.i18n import N_, _, language, ngettext, translated
from mcda_citydip.report.html.markup import (
    Section,
    bullet_list,
    clauses,
    definitions,
    esc,
    figure,
    listed,
    name,
    names,
    numeral,
    paragraph,
    sentence,
    subheading,
)
from mcda_citydip.report.html.study import Study

#: The scenario key that places the cities, as written in the scenario (never translated).
COORDINATES_KEY = "<code>coordinates:</code>"
#: The keys of the run's conventions shown under their name in the current language (the
#: others, and every key in English, as the JSON names them).
CONVENTION_KEYS = (
    N_("weights"), N_("priority"), N_("random_index"), N_("random_index_source"),
    N_("cr_threshold"), N_("cr_is_error"), N_("incomplete_matrices"),
    N_("incomplete_random_index"), N_("missing"), N_("transforms"), N_("reference"),
    N_("ties"), N_("kernel"), N_("block"), N_("streams"), N_("draw"), N_("values"),
    N_("central_weights"), N_("confidence"), N_("rank_acceptability"), N_("vikor_ranks"),
    N_("seed"), N_("combine"), N_("aggregation"), N_("aip_mean"), N_("cr_policy"),
    N_("unlinked_policy"), N_("consensus"), N_("experts"), N_("expert_ratings"),
    N_("rank_intervals"), N_("normalization"), N_("distance"), N_("v"),
)  # fmt: skip


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
        takeaway = sentence(
            _("No coordinates in the data: add {key} to the scenario."), key=COORDINATES_KEY
        )
        return Section("map", _("Map"), takeaway, "")
    first = run.results[study.methods[0]]
    status = dict(run.union.status) if run.union is not None else None
    chart = map_figure(locations, links, dict(first.ranks), status, study.city_names)
    unplaced = [a for a in run.alternatives if a not in locations]
    parts = [
        sentence(
            _("{placed} of {count} cities placed from their coordinates"),
            placed=numeral(len(locations)),
            count=numeral(len(run.alternatives)),
        ),
        sentence(
            ngettext(
                "{count} partnership among them drawn as links",
                "{count} partnerships among them drawn as links",
                len(links),
            ),
            count=numeral(len(links)),
        )
        if links
        else esc(_("the data record no partnership among them")),
    ]
    if unplaced:
        parts.append(sentence(_("no coordinates for {cities}"), cities=names(unplaced)))
    pairs = listed(f"{name(a)} – {name(b)}" for a, b in links) if links else esc(_("none"))
    body = [
        figure(chart, esc(_("The map could not be drawn from these coordinates."))),
        paragraph(
            sentence(
                _("Partnerships: {pairs}. Labels: {method} rank."),
                pairs=pairs,
                method=esc(study.methods[0].upper()),
            ),
            "note",
        ),
    ]
    return Section("map", _("Map"), clauses(parts) + ".", "".join(body))


def readable(value: Any) -> str:
    """A convention as a person reads it: mappings as ``key: value`` pairs, lists joined;
    numbers in the digits of ``--digits``, yes, no and none in the current language."""
    if isinstance(value, dict | Mapping):
        return "; ".join(f"{k} {readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return numeral(value, "g")
    if isinstance(value, int):
        return numeral(value)
    if isinstance(value, str):
        return translated(value)
    return _("none") if value is None else str(value)


def convention_key(key: str) -> str:
    """A convention's key as shown: ``topsis options`` and the known keys in the current
    language, any other key as the JSON names it."""
    method, space, rest = key.partition(" ")
    if space and rest == "options":
        return _("{method} options").format(method=method)
    return _(key) if key in CONVENTION_KEYS and language() != "en" else key


def provenance_section(study: Study) -> Section:
    run, analysis = study.run, study.analysis
    smaa = analysis.smaa
    inputs = study.scenario.inputs
    takeaway = sentence(
        ngettext(
            "Made by citydip {version} from {count} input file, with seed {seed} and {draws} "
            "draws ({draw}); the command below rebuilds this report.",
            "Made by citydip {version} from {count} input files, with seed {seed} and {draws} "
            "draws ({draw}); the command below rebuilds this report.",
            len(inputs),
        ),
        version=esc(study.version),
        count=numeral(len(inputs)),
        seed=numeral(smaa.seed),
        draws=numeral(smaa.samples, ","),
        draw=esc(smaa.draw),
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
        subheading(_("Conventions")),
        definitions((convention_key(k), esc(readable(v))) for k, v in conventions.items()),
        subheading(_("Sensitivity analysis")),
        definitions((convention_key(k), esc(readable(v))) for k, v in draws.items()),
        subheading(_("Notes")),
        bullet_list(esc(translated(n)) for n in notes) or paragraph(esc(_("No notes."))),
        subheading(_("Inputs")),
        bullet_list(f"<code>{esc(p)}</code>" for p in inputs),
        subheading(_("Software and command")),
        paragraph(
            sentence(
                _("citydip {version} (mcda-citydip). Rebuild this report with:"),
                version=esc(study.version),
            )
        ),
        f"<pre><code>{esc(study.command)}</code></pre>",
    ]
    return Section("provenance", _("Conventions, notes and provenance"), takeaway, "".join(body))
