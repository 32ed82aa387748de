"""The report command: one self-contained HTML study of a scenario."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from mcda_citydip.cli.app import (
    Digits,
    DigitsOpt,
    ForceOpt,
    LangOpt,
    MethodsOpt,
    ScenarioArg,
    app,
    check_out,
    check_suffix,
    load_scenario_or_default,
    use_language,
)
from mcda_citydip.cli.sensitivity import (
    ConcentrationOpt,
    Draw,
    DrawOpt,
    DrawOptions,
    PairsOpt,
    SamplesOpt,
    SchedulerOpt,
    SeedOpt,
    SpreadOpt,
    ThreadsOpt,
    ValuesOpt,
    ValuesShapeOpt,
    WithMissingOpt,
    run_analysis,
)
from mcda_citydip.i18n import _
from mcda_citydip.sensitivity.limits import PAIR_ALTERNATIVES

ReportOutOpt = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="The HTML file to write (atomically; never over an existing file without "
        "--force, never over an input).",
    ),
]


def command_line(argv: list[str]) -> str:
    """The command as typed, for the report's last section: ``citydip report …``."""
    return shlex.join(["citydip", *argv[1:]])


@app.command()
def report(
    scenario: ScenarioArg = None,
    method: MethodsOpt = None,
    samples: SamplesOpt = 10_000,
    seed: SeedOpt = 20231125,
    draw: DrawOpt = Draw.dirichlet,
    with_missing: WithMissingOpt = False,
    concentration: ConcentrationOpt = 100.0,
    spread: SpreadOpt = 0.1,
    values: ValuesOpt = "0",
    values_shape: ValuesShapeOpt = "uniform",
    scheduler: SchedulerOpt = None,
    threads: ThreadsOpt = 0,
    pairs: PairsOpt = str(PAIR_ALTERNATIVES),
    out: ReportOutOpt = Path("study.html"),
    force: ForceOpt = False,
    lang: LangOpt = None,
    digits: DigitsOpt = Digits.latin,
) -> None:
    """A study of the scenario as one self-contained HTML file (no network request; prints
    on A4): summary, weights, data coverage, rankings, robustness, map and provenance, each
    with a one-line takeaway. Takes the options of `citydip sensitivity`."""
    from mcda_citydip.files.yamlio import write_atomic
    from mcda_citydip.pipeline import run
    from mcda_citydip.report.html import build_study, study_html

    options = DrawOptions(
        method, samples, seed, draw, with_missing, concentration, spread, values,
        values_shape, scheduler, threads, pairs,
    )  # fmt: skip
    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)
    check_suffix(out, (".html", ".htm"), "an HTML page", "report")
    result = run(loaded, list(dict.fromkeys(method or ())) or None)  # fails before the draws
    analysis = run_analysis(loaded, options)
    typer.echo(_("Drawing the figures…"), err=True)
    page = study_html(build_study(loaded, analysis, command_line(sys.argv), result))
    write_atomic(out, page)
    typer.echo(_("Wrote {path}").format(path=out), err=True)
