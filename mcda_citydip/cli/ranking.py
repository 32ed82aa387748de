"""Commands that rank and weigh: run, weights, validate, criteria."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_citydip.cli.app import (
    PATH,
    Digits,
    DigitsOpt,
    ForceOpt,
    Format,
    LangOpt,
    Language,
    MethodsOpt,
    OutOpt,
    OutputFormatOpt,
    ScenarioArg,
    TreeFormat,
    app,
    check_out,
    emit,
    format_option,
    load_scenario_or_default,
    output_format,
    show,
    use_language,
    write_workbook,
)
from mcda_citydip.i18n import _, ngettext

if TYPE_CHECKING:
    from mcda_citydip.files.scenario import Scenario
    from mcda_citydip.model import Hierarchy


@app.command()
@ScenarioArg
@MethodsOpt
@OutputFormatOpt
@OutOpt
@ForceOpt
@click.option(
    "--transforms/--no-transforms",
    default=True,
    help="Apply the scenario's per-indicator transforms (per capita, log1p), or rank the raw "
    "values.",
)
@LangOpt
@DigitsOpt
def run(
    scenario: Path | None,
    method: list[str] | None,
    fmt: Format | None,
    out: Path | None,
    force: bool,
    transforms: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Rank the alternatives: weights and CR per node, data coverage, a table per method."""
    from msgspec.structs import replace

    from mcda_citydip.pipeline import run as run_scenario
    from mcda_citydip.report import render

    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)  # first: never over an input, whatever the format
    chosen = output_format(fmt, out, command="run")
    if loaded.problem is None:  # weights only (Saaty's drinks): nothing to rank
        _write_weights(loaded, chosen, out)
        click.echo(
            _("Note: {source} has no alternatives: nothing to rank; these are its weights").format(
                source=loaded.source
            ),
            err=True,
        )
        return
    if not transforms:
        loaded = replace(loaded, transforms={})
    result = run_scenario(loaded, method or [])
    names = loaded.problem.names if loaded.problem is not None else None
    if chosen == "table":
        show(render.run_renderable(loaded.hierarchy, result, names), out)
    elif chosen == "xlsx":
        from mcda_citydip.report.xlsx import write_run_workbook

        write_workbook(partial(write_run_workbook, loaded.hierarchy, result), out)
    else:
        emit(render.render_run(loaded.hierarchy, result, chosen, names), out)


@app.command()
@ScenarioArg
@OutputFormatOpt
@OutOpt
@ForceOpt
@LangOpt
@DigitsOpt
def weights(
    scenario: Path | None,
    fmt: Format | None,
    out: Path | None,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Show the indicator weights and the consistency of every node (no ranking)."""
    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)  # first: never over an input, whatever the format
    _write_weights(loaded, output_format(fmt, out, command="weights"), out)


def _write_weights(loaded: Scenario, chosen: str, out: Path | None) -> None:
    """The scenario's weights and consistency, in format ``chosen``, to stdout or ``out``."""
    from mcda_citydip.conventions import weight_conventions
    from mcda_citydip.pipeline import ranking_weights, scenario_weights
    from mcda_citydip.report import render

    result = scenario_weights(loaded)
    conventions = weight_conventions(loaded, result)
    effective = ranking_weights(loaded, result) if loaded.problem is not None else None
    if chosen == "table":
        title = _("Weights — {name}").format(name=loaded.name)
        renderable = render.weights_renderable(
            loaded.hierarchy, result, title, conventions, effective=effective
        )
        show(renderable, out)
    elif chosen == "xlsx":
        from mcda_citydip.report.xlsx import write_weights_workbook

        write = partial(
            write_weights_workbook, loaded.hierarchy, result, conventions, effective=effective
        )
        write_workbook(write, out)
    else:
        text = render.render_weights(loaded.hierarchy, result, conventions, chosen, effective)
        emit(text, out)


@app.command()
@ScenarioArg
@LangOpt
@DigitsOpt
def validate(scenario: Path | None, lang: Language | None, digits: Digits) -> None:
    """Check a scenario and every file it names; report every problem found."""
    from mcda_citydip.pipeline import prepare, scenario_weights

    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    result = scenario_weights(loaded)
    if loaded.problem is not None:
        prepare(loaded)  # expert scores, transforms and the missing-data policy
    from mcda_citydip.i18n import translated

    for note in result.notes:
        click.echo(_("Note: {note}").format(note=translated(note)), err=True)
    count = len(loaded.problem.alternatives) if loaded.problem else 0
    size = (
        ngettext("{count} alternative × ", "{count} alternatives × ", count).format(count=count)
        if loaded.problem
        else _("no alternatives (weights only), ")
    )
    leaves, experts = len(loaded.hierarchy.leaves), len(loaded.experts)
    click.echo(
        _("OK: {source}: '{name}', {size}{indicators}, {experts}").format(
            source=loaded.source,
            name=loaded.name,
            size=size,
            indicators=ngettext("{count} indicator", "{count} indicators", leaves).format(
                count=leaves
            ),
            experts=ngettext("{count} expert", "{count} experts", experts).format(count=experts),
        )
    )


@app.command()
@click.argument(
    "file",
    required=False,
    type=PATH,
    help="A scenario (its hierarchy is shown) or a criteria YAML file. Default: the "
    "hierarchy of the default scenario.",
)
@format_option(
    TreeFormat,
    "table (a tree) or json. Default: the format of --out's extension (.json; .txt: table), "
    "else table.",
)
@OutOpt
@ForceOpt
@LangOpt
@DigitsOpt
def criteria(
    file: Path | None,
    fmt: TreeFormat | None,
    out: Path | None,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Show a criteria hierarchy as a tree (names in --lang: fa shows the Persian labels)."""
    from mcda_citydip.files.paths import check_output
    from mcda_citydip.report.tree import hierarchy_json, hierarchy_tree

    hierarchy, language = _hierarchy_of(file, lang, digits)
    if out is not None:
        check_output(out, force, [Path(hierarchy.source)] + ([file] if file else []))
    chosen = output_format(None if fmt is None else fmt.value, out, tuple(TreeFormat), "criteria")
    if language != "en" and language not in {code.split("-")[0] for code in hierarchy.languages}:
        click.echo(
            _("Note: {source} has no '{language}' labels; names as in the file").format(
                source=hierarchy.source, language=language
            ),
            err=True,
        )
    if chosen == TreeFormat.json:
        emit(hierarchy_json(hierarchy, language), out)
    else:
        show(hierarchy_tree(hierarchy, language), out)


def _hierarchy_of(file: Path | None, lang: str | None, digits: str) -> tuple[Hierarchy, str]:
    """The hierarchy ``citydip criteria`` shows: of ``file`` (a scenario or a criteria file),
    else of the default scenario; and the language to show it in."""
    from mcda_citydip.files.criteria import load_criteria
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.yamlio import load_yaml

    if file is None or _is_scenario(load_yaml(file).data):
        outline = load_outline(file if file is not None else default_scenario_path())
        return outline.hierarchy, use_language(lang, digits, outline.language)
    return load_criteria(file), use_language(lang, digits)


def _is_scenario(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == "citydip/scenario"
