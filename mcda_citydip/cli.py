"""The ``citydip`` command line: load → one library call → render.

Results go to stdout (or ``--out FILE``, written atomically), messages to stderr.
Every user-fixable problem is one ``Error: …`` line and exit code 2. Heavy libraries
are imported inside the commands so that ``citydip --help`` starts fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from mcda_citydip.files.scenario import Scenario

app = typer.Typer(
    name="citydip",
    help="Multi-criteria decision analysis for city diplomacy: which cities can form or join "
    "an urban union? AHP weights from expert judgments, TOPSIS and VIKOR rankings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        help="Scenario YAML file. Default: the scenario shipped inside the package.",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write the output to FILE (atomically).")
]


def _scenario(path: Path | None) -> Scenario:
    from mcda_citydip.files.scenario import default_scenario_path, load_scenario

    return load_scenario(path if path is not None else default_scenario_path())


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from mcda_citydip.files.yamlio import write_atomic

    write_atomic(out, text)
    typer.echo(f"Wrote {out}", err=True)


def _show(renderable: Any, out: Path | None) -> None:
    from mcda_citydip.report.render import to_text

    if out is not None:
        _emit(to_text(renderable), out)
        return
    from rich.console import Console

    Console().print(renderable)


@app.command()
def run(
    scenario: ScenarioArg = None,
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method",
            "-m",
            help="Method(s) to run: topsis, vikor (repeat or use "
            "commas). Default: the scenario's methods.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    out: OutOpt = None,
    transforms: Annotated[
        bool,
        typer.Option(
            "--transforms/--no-transforms",
            help="Apply the scenario's per-indicator "
            "transforms (per capita, log1p), or rank the raw values.",
        ),
    ] = True,
) -> None:
    """Rank the scenario's alternatives: weights by dimension with CR, data coverage, then a
    table per method."""
    from dataclasses import replace

    from mcda_citydip.pipeline import run as run_scenario
    from mcda_citydip.report import render

    loaded = _scenario(scenario)
    if not transforms:
        loaded = replace(loaded, transforms={})
    methods = [m.strip() for item in method or [] for m in item.split(",") if m.strip()]
    result = run_scenario(loaded, methods)
    if fmt is Format.table:
        _show(render.run_renderable(loaded.hierarchy, result), out)
    else:
        _emit(render.render_run(loaded.hierarchy, result, fmt.value), out)


@app.command()
def weights(
    scenario: ScenarioArg = None, fmt: FormatOpt = Format.table, out: OutOpt = None
) -> None:
    """Show the indicator weights and the consistency of every node (no ranking)."""
    from mcda_citydip.pipeline import scenario_weights, weight_conventions
    from mcda_citydip.report import render

    loaded = _scenario(scenario)
    result = scenario_weights(loaded)
    conventions = weight_conventions(loaded, result)
    if fmt is Format.table:
        title = f"Weights — {loaded.name}"
        _show(render.weights_renderable(loaded.hierarchy, result, title, conventions), out)
    else:
        _emit(render.render_weights(loaded.hierarchy, result, conventions, fmt.value), out)


@app.command()
def sensitivity(
    scenario: ScenarioArg = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method", "-m", help="topsis or vikor (default: the scenario's first method)."
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=1, help="Monte Carlo draws.")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed: the same seed gives the same result.")
    ] = 20231125,
    draw: Annotated[
        str,
        typer.Option(
            "--draw",
            help="What the draws vary: uniform (weights uniform on the "
            "simplex), dirichlet (weights around the scenario's), judgments (each "
            "pairwise judgment perturbed and pushed through AHP).",
        ),
    ] = "dirichlet",
    concentration: Annotated[
        float,
        typer.Option(
            "--concentration",
            min=1e-9,
            help="Dirichlet concentration c: weight variance w(1−w)/(c+1).",
        ),
    ] = 100.0,
    spread: Annotated[
        float,
        typer.Option(
            "--spread", min=0.0, help="Judgment draws: each a_ij times 9^ε, ε ~ U(−spread, spread)."
        ),
    ] = 0.1,
    values: Annotated[
        float,
        typer.Option(
            "--values",
            min=0.0,
            help="Indicator-value uncertainty: relative ± range on every value (0: none).",
        ),
    ] = 0.0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the draws on a Dask distributed "
            "scheduler at ADDRESS (needs mcda-citydip[cluster]).",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
    out: OutOpt = None,
) -> None:
    """How robust is the ranking? SMAA-2 rank acceptability, critical thresholds, one-at-a-time
    sweeps, method agreement and rank-reversal checks."""
    from contextlib import ExitStack

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from mcda_citydip.analysis import DRAWS, SensitivitySettings, analyse
    from mcda_citydip.errors import MethodError
    from mcda_citydip.report.sensitivity import sensitivity_json, sensitivity_renderable

    if draw not in DRAWS:
        raise MethodError(f"--draw: unknown draw '{draw}'; use one of: {', '.join(DRAWS)}")
    if fmt not in (Format.table, Format.json):
        raise MethodError("--format: sensitivity writes 'table' or 'json'")
    loaded = _scenario(scenario)
    settings = SensitivitySettings(method, samples, seed, draw, concentration, spread, values)
    with ExitStack() as stack:
        mapper = None
        if scheduler is not None:
            from mcda_citydip.sensitivity.distributed import dask_mapper

            mapper = stack.enter_context(dask_mapper(scheduler))
        bar = stack.enter_context(
            Progress(
                TextColumn("Monte Carlo draws"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
        )
        task = bar.add_task("draws", total=samples)
        report = analyse(
            loaded,
            settings,
            lambda done, total: bar.update(task, completed=done, total=total),
            mapper,
        )
    if fmt is Format.json:
        _emit(sensitivity_json(report), out)
    else:
        _show(sensitivity_renderable(report), out)


@app.command()
def validate(scenario: ScenarioArg = None) -> None:
    """Check a scenario and every file it names; report every problem found."""
    from mcda_citydip.pipeline import scenario_weights

    loaded = _scenario(scenario)
    result = scenario_weights(loaded)
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
    size = (
        f"{len(loaded.problem.alternatives)} alternatives × "
        if loaded.problem
        else "no alternatives (weights only), "
    )
    typer.echo(
        f"OK: {loaded.source}: '{loaded.name}', {size}"
        f"{len(loaded.hierarchy.leaves)} indicators, {len(loaded.experts)} expert(s)"
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

    outline = load_outline(scenario)
    path = judgments_file(outline, expert, file)
    path.parent.mkdir(parents=True, exist_ok=True)
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
) -> None:
    """Write an XLSX questionnaire: one sheet per node, one row per pair, for offline experts."""
    from mcda_citydip.files.questionnaire import write_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline

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
    from mcda_citydip.files.judgments import dump_judgments
    from mcda_citydip.files.questionnaire import read_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.yamlio import write_atomic

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
            else Path(f"{judgments.expert}.yaml")
        )
    if out.exists() and not force:
        raise InputError(
            f"{out}: already exists; pass --force to overwrite it or --out "
            "another file (nothing was written)"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    header = f"Imported by `citydip import` from {workbook.name}."
    write_atomic(out, dump_judgments(judgments, outline.hierarchy.inner, header))
    typer.echo(f"Wrote {out}: {answered} judgments of expert '{judgments.expert}'", err=True)


@app.command()
def criteria(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Criteria YAML file. Default: the hierarchy of the default scenario.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (a tree) or json.")
    ] = Format.table,
) -> None:
    """Show a criteria hierarchy as a tree."""
    from mcda_citydip.files.criteria import load_criteria
    from mcda_citydip.report.tree import hierarchy_json, hierarchy_tree

    hierarchy = _scenario(None).hierarchy if file is None else load_criteria(file)
    if fmt is Format.json:
        _emit(hierarchy_json(hierarchy), None)
    elif fmt is Format.table:
        _show(hierarchy_tree(hierarchy), None)
    else:
        raise typer.BadParameter("criteria supports --format table or json", param_hint="--format")


def main() -> None:
    """Console entry point: map user errors to one line and exit code 2."""
    from mcda_citydip.errors import CitydipError

    usage_error: type[Exception] = typer.BadParameter.__bases__[0]  # click's UsageError
    try:
        code = app(standalone_mode=False, prog_name="citydip")
    except usage_error as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `citydip`: show the help
            typer.echo(exc.format_message())  # type: ignore[attr-defined]
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "citydip"
        message = exc.format_message()  # type: ignore[attr-defined]
        typer.echo(f"Error: {message} (see '{command} --help')", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(130)
    except CitydipError as exc:
        for message in exc.messages:
            typer.echo(f"Error: {message}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
