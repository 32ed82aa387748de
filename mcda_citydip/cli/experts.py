"""Commands that collect expert judgments: elicit, questionnaire, import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mcda_citydip.cli.app import (
    ScenarioArg,
    app,
)


@app.command()
def elicit(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (its hierarchy is asked).")],
    expert: Annotated[str, typer.Option("--expert", "-e", help="The expert's name.")],
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="The expert's judgments file. Default: "
            "<the scenario's judgments folder>/<expert>.yaml.",
        ),
    ] = None,
) -> None:
    """Ask an expert's pairwise comparisons, node by node, saving after every answer.

    At a prompt: a number on Saaty's scale (3, or 1/3 when B is more important); Enter or
    s skips the pair; u undoes the last answer; n skips the rest of the node; q saves and
    quits. Running the same command again resumes where the expert stopped.
    """
    from rich.console import Console

    from mcda_citydip.elicit.console import Elicitation, judgments_file, load_session
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.scenario import load_outline
    from mcda_citydip.files.yamlio import ensure_folder

    outline = load_outline(scenario)
    path = judgments_file(outline, expert, file)
    ensure_folder(path)
    console = Console(stderr=True)
    with exclusive(path):
        session = load_session(outline, expert, path)
        try:
            Elicitation(outline, session, path, console, console.input).run()
        except KeyboardInterrupt:
            console.print(f"\nInterrupted: every answer given is saved in {path}")
            raise typer.Exit(130) from None


@app.command()
def questionnaire(
    scenario: ScenarioArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The workbook to write (.xlsx).")] = Path(
        "questionnaire.xlsx"
    ),
    expert: Annotated[str, typer.Option("--expert", "-e", help="Pre-fill the expert's name.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing workbook.")] = False,
) -> None:
    """Write an XLSX questionnaire: one sheet per node, one row per pair, for offline experts."""
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.questionnaire import write_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline

    if out.exists() and not force:
        raise InputError(
            f"{out}: already exists (perhaps filled in); pass --force to overwrite "
            "it or --out another file (nothing was written)"
        )
    outline = load_outline(scenario or default_scenario_path())
    write_questionnaire(outline.hierarchy, out, outline.name, expert)
    typer.echo(f"Wrote {out}: one sheet per node of {outline.hierarchy.source}", err=True)


@app.command("import")
def import_(
    workbook: Annotated[Path, typer.Argument(help="A filled questionnaire (.xlsx).")],
    expert: Annotated[
        str | None,
        typer.Option(
            "--expert",
            "-e",
            help="The expert's name (default: the name in the workbook's Instructions sheet).",
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help="The scenario the questionnaire was made for "
            "(default: the embedded default scenario).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Judgments file to write (default: <the scenario's "
            "judgments folder>/<expert>.yaml, or ./<expert>.yaml).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Read a filled questionnaire into an expert's judgments file."""
    from mcda_citydip.elicit.console import judgments_file
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.judgments import dump_judgments, expert_slug
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.questionnaire import read_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.yamlio import ensure_folder, write_atomic

    outline = load_outline(scenario or default_scenario_path())
    judgments = read_questionnaire(workbook, outline.hierarchy, expert)
    answered = sum(len(c) for c in judgments.comparisons.values())
    if answered == 0:
        raise InputError(
            f"{workbook}: no judgment is filled in; fill the 'judgment' column "
            "of each sheet (nothing was written)"
        )
    if out is None:
        out = (
            judgments_file(outline, judgments.expert, None)
            if scenario is not None
            else Path(f"{expert_slug(judgments.expert)}.yaml")
        )
    ensure_folder(out)
    header = f"Imported by `citydip import` from {workbook.name}."
    with exclusive(out):  # not while an elicitation session holds this expert's file
        if out.exists() and not force:
            raise InputError(
                f"{out}: already exists; pass --force to overwrite it or --out "
                "another file (nothing was written)"
            )
        write_atomic(out, dump_judgments(judgments, outline.hierarchy.inner, header))
    typer.echo(f"Wrote {out}: {answered} judgments of expert '{judgments.expert}'", err=True)
