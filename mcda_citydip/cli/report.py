"""The report command: one self-contained HTML study of a scenario."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from mcda_citydip.cli.app import (
    PATH,
    Digits,
    DigitsOpt,
    ForceOpt,
    LangOpt,
    Language,
    ScenarioArg,
    app,
    check_out,
    check_suffix,
    load_scenario_or_default,
    use_language,
)
from mcda_citydip.cli.sensitivity import (
    DrawOptions,
    draw_options,
    run_analysis,
)
from mcda_citydip.i18n import _

ReportOutOpt = click.option(
    "--out",
    "-o",
    type=PATH,
    default=Path("study.html"),
    help="The HTML file to write (atomically; never over an existing file without "
    "--force, never over an input).",
)


def command_line(argv: list[str]) -> str:
    """The command as typed, for the report's last section: ``citydip report …``."""
    return shlex.join(["citydip", *argv[1:]])


@app.command()
@ScenarioArg
@draw_options
@ReportOutOpt
@ForceOpt
@LangOpt
@DigitsOpt
def report(
    scenario: Path | None,
    options: DrawOptions,
    out: Path,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """A study of the scenario as one self-contained HTML file (no network request; prints
    on A4): summary, weights, data coverage, rankings, robustness, map and provenance, each
    with a one-line takeaway. Takes the options of `citydip sensitivity`."""
    from mcda_citydip.files.yamlio import write_atomic
    from mcda_citydip.pipeline import run
    from mcda_citydip.report.html import build_study, study_html

    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)
    check_suffix(out, (".html", ".htm"), "an HTML page", "report")
    result = run(
        loaded, list(dict.fromkeys(options.method or ())) or None
    )  # fails before the draws
    analysis = run_analysis(loaded, options)
    click.echo(_("Drawing the figures…"), err=True)
    page = study_html(build_study(loaded, analysis, command_line(sys.argv), result))
    write_atomic(out, page)
    click.echo(_("Wrote {path}").format(path=out), err=True)
