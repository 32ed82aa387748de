"""The sensitivity command."""

from __future__ import annotations

from typing import Annotated

import typer

from mcda_citydip.cli.app import (
    Format,
    OutOpt,
    ScenarioArg,
    app,
    emit,
    load_scenario_or_default,
    show,
)


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
        str,
        typer.Option(
            "--values",
            help="Indicator-value uncertainty: a relative ± range for every value (0.1), or "
            "per indicator (ECO1=0.1,POL1=0.2; others exact). 0: none.",
        ),
    ] = "0",
    values_shape: Annotated[
        str,
        typer.Option(
            "--values-shape", help="uniform: x(1 + r·U(−1, 1)); normal: x(1 + r·N(0, 1))."
        ),
    ] = "uniform",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the draws on a Dask distributed "
            "scheduler at ADDRESS (needs mcda-citydip[cluster]).",
        ),
    ] = None,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=0,
            help="Threads for the draws in this process; 0: one per core. The result does "
            "not depend on it. Not with --scheduler.",
        ),
    ] = 0,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
    out: OutOpt = None,
) -> None:
    """How robust is the ranking? SMAA-2 rank acceptability, critical thresholds, one-at-a-time
    sweeps, method agreement and rank-reversal checks."""
    import os
    from contextlib import ExitStack

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from mcda_citydip.analysis import DRAWS, SensitivitySettings, analyse
    from mcda_citydip.errors import MethodError
    from mcda_citydip.report.sensitivity import sensitivity_json, sensitivity_renderable
    from mcda_citydip.sensitivity.smaa import ChunkMapper

    if draw not in DRAWS:
        raise MethodError(f"--draw: unknown draw '{draw}'; use one of: {', '.join(DRAWS)}")
    if fmt not in (Format.table, Format.json):
        raise MethodError("--format: sensitivity writes 'table' or 'json'")
    if threads and scheduler is not None:
        raise MethodError(
            "--threads and --scheduler: give one (the cluster's workers run the draws)"
        )
    loaded = load_scenario_or_default(scenario)
    settings = SensitivitySettings(
        method, samples, seed, draw, concentration, spread, _ranges(values), values_shape
    )
    with ExitStack() as stack:
        mapper: ChunkMapper | None = None
        workers = threads or os.cpu_count() or 1
        if scheduler is not None:
            from mcda_citydip.sensitivity.distributed import dask_mapper

            mapper = stack.enter_context(dask_mapper(scheduler))
        elif workers > 1:
            from mcda_citydip.sensitivity.distributed import thread_mapper

            mapper = thread_mapper(workers)
        bar = stack.enter_context(
            Progress(
                TextColumn("Monte Carlo draws"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                console=(console := Console(stderr=True)),
                transient=True,
                disable=not console.is_terminal,  # no bar (and no blank line) when piped
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
        emit(sensitivity_json(report), out)
    else:
        show(sensitivity_renderable(report), out)


def _ranges(text: str) -> float | dict[str, float]:
    """``0.1`` or ``ECO1=0.1,POL1=0.2`` as given to ``--values``."""
    from mcda_citydip.errors import MethodError

    try:
        if "=" not in text:
            found: float | dict[str, float] = float(text)
        else:
            found = {k.strip(): float(v) for k, v in (p.split("=", 1) for p in text.split(","))}
    except ValueError:
        raise MethodError(
            f"--values {text}: write a number (0.1) or INDICATOR=NUMBER pairs "
            "separated by commas (ECO1=0.1,POL1=0.2)"
        ) from None
    numbers = found.values() if isinstance(found, dict) else [found]
    if any(not 0 <= x < 1e6 for x in numbers):
        raise MethodError(f"--values {text}: ranges must be ≥ 0")
    return found
