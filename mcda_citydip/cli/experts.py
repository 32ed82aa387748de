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
    node: Annotated[
        str | None,
        typer.Option(
            "--node",
            help="Reopen one node: ask each of its pairs again, showing the saved answer "
            "(Enter keeps it), then check its consistency.",
        ),
    ] = None,
) -> None:
    """Ask an expert's pairwise comparisons, node by node, saving after every answer.

    At a prompt: a number on Saaty's scale (3, or 1/3 when B is more important); Enter or
    s skips the pair; u undoes the last answer; n skips the rest of the node; q saves and
    quits (at any prompt). Every answer is echoed in words. After each node its CR is shown;
    above the limit, the judgments whose revision lowers it most are offered, recomputed
    after every revision. Running the same command again resumes where the expert stopped.
    """
    from rich.console import Console

    from mcda_citydip.elicit.console import Elicitation, judgments_file, load_session
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.scenario import load_outline
    from mcda_citydip.files.text import check_expert_name
    from mcda_citydip.files.yamlio import ensure_folder

    check_expert_name(expert)
    outline = load_outline(scenario)
    if node is not None and node not in outline.hierarchy.inner:
        raise InputError(
            f"--node: '{node}' is not a node with items to compare in {outline.hierarchy.source}; "
            f"use one of: {', '.join(outline.hierarchy.inner)}"
        )
    path = judgments_file(outline, expert, file)
    ensure_folder(path)
    console = Console(stderr=True)
    with exclusive(path) as path:
        session = load_session(outline, expert, path)
        try:
            Elicitation(outline, session, path, console, console.input).run(node)
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
    """Write an XLSX questionnaire: one sheet per node, one row per pair, for offline experts.

    Each node sheet computes its consistency ratio as the expert answers (red above the
    scenario's max_cr); the sheets are protected so that only the answers can be edited.
    """
    from mcda_citydip.files.paths import check_output
    from mcda_citydip.files.questionnaire import write_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.text import check_expert_name

    if expert:
        check_expert_name(expert)
    outline = load_outline(scenario or default_scenario_path())
    check_output(out, force, outline.inputs)
    write_questionnaire(
        outline.hierarchy,
        out,
        outline.name,
        expert,
        random_index=outline.ahp.random_index,
        max_cr=outline.max_cr,
        priority=outline.ahp.priority,
    )
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
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse the workbook (exit 2, nothing written) when a node's judged pairs "
            "do not link all its items or its CR is above the scenario's max_cr (0.1).",
        ),
    ] = False,
) -> None:
    """Read a filled questionnaire into an expert's judgments file.

    Prints, on stderr, each node's judged pairs, whether they link all its items, λmax and
    CR, and for each node above the CR limit the judgments to revise first.
    """
    from rich.console import Console

    from mcda_citydip.elicit.console import judgments_file
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.judgments import dump_judgments, expert_file, file_expert
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.paths import check_output, exists
    from mcda_citydip.files.questionnaire import import_problems, read_filled, review_imported
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.text import check_expert_name
    from mcda_citydip.files.yamlio import ensure_folder, write_atomic
    from mcda_citydip.report.panel import print_review

    if expert is not None:
        check_expert_name(expert)
    outline = load_outline(scenario or default_scenario_path())
    filled = read_filled(workbook, outline.hierarchy, expert)
    judgments = filled.judgments
    answered = sum(len(c) for c in judgments.comparisons.values())
    if answered == 0:
        raise InputError(
            f"{workbook}: no judgment is filled in; fill the 'judgment' column "
            "of each sheet (nothing was written)"
        )
    reviews = review_imported(judgments, outline)
    title = f"{workbook.name}: judgments of expert '{judgments.expert}', per node"
    print_review(Console(stderr=True), reviews, filled.sheets, title)
    if strict and (problems := import_problems(workbook, reviews, filled.sheets)):
        raise InputError(problems)
    if out is None:
        out = (
            judgments_file(outline, judgments.expert, None)
            if scenario is not None
            else expert_file(Path("."), judgments.expert)
        )
    ensure_folder(out)
    header = f"Imported by `citydip import` from {workbook.name}."
    with exclusive(out) as target:  # not while an elicitation session holds this expert's file
        owner = file_expert(target) if exists(target) else None
        if owner is not None and owner != judgments.expert:
            raise InputError(
                f"{out}: holds the judgments of expert '{owner}', not '{judgments.expert}'; "
                "--force never replaces another expert's answers: leave out --out (each "
                "expert gets a file of their own) or choose another file (nothing was written)"
            )
        check_output(target, force, (workbook, *outline.inputs))
        write_atomic(target, dump_judgments(judgments, outline.hierarchy.inner, header))
    typer.echo(f"Wrote {out}: {answered} judgments of expert '{judgments.expert}'", err=True)
