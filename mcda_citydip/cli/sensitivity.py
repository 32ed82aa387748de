"""The sensitivity command."""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from mcda_citydip.cli.app import (
    Digits,
    DigitsOpt,
    ForceOpt,
    LangOpt,
    Language,
    MethodsOpt,
    OutOpt,
    ScenarioArg,
    app,
    check_out,
    format_option,
    load_scenario_or_default,
    show,
    split_methods,
)
from mcda_citydip.i18n import _
from mcda_citydip.sensitivity.limits import (
    CONCENTRATION,
    MAX_SAMPLES,
    MAX_SPREAD,
    PAIR_ALTERNATIVES,
    SAMPLES,
    SEED,
    SPREAD,
)

if TYPE_CHECKING:
    from mcda_citydip.analysis import SensitivityReport
    from mcda_citydip.files.scenario import Scenario

T = TypeVar("T")


class SensitivityFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


class Draw(StrEnum):
    """What the Monte Carlo draws vary (:data:`mcda_citydip.analysis.DRAWS`)."""

    uniform = "uniform"
    dirichlet = "dirichlet"
    judgments = "judgments"
    missing = "missing"


class DrawOptions(NamedTuple):
    """The options of the Monte Carlo analysis, as typed (``sensitivity`` and ``report``);
    its defaults are the options' (:data:`DRAW_OPTIONS`). A named tuple, not a Struct:
    the command line starts without msgspec (``--help`` and option errors)."""

    method: list[str] | None = None
    samples: int = SAMPLES
    seed: int = SEED
    draw: str = Draw.dirichlet.value
    with_missing: bool = False
    concentration: float = CONCENTRATION
    spread: float = SPREAD
    values: str = "0"
    values_shape: str = "uniform"
    scheduler: str | None = None
    threads: int = 0
    pairs: str = str(PAIR_ALTERNATIVES)


#: The defaults of the draw options, as ``--help`` shows them.
DEFAULTS = DrawOptions()

SamplesOpt = click.option(
    "--samples",
    "-n",
    type=click.IntRange(1, MAX_SAMPLES),
    default=DEFAULTS.samples,
    help="Monte Carlo draws.",
)
SeedOpt = click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=DEFAULTS.seed,
    help="Seed: the same seed gives the same result.",
)
DrawOpt = click.option(
    "--draw",
    type=click.Choice(Draw),
    default=Draw(DEFAULTS.draw),
    help="What the draws vary: uniform (weights uniform on the "
    "simplex), dirichlet (weights around the scenario's), judgments (each "
    "pairwise judgment perturbed and pushed through AHP), missing (the scenario's "
    "weights; every missing or imputed cell uniform over its range).",
)
WithMissingOpt = click.option(
    "--with-missing",
    is_flag=True,
    help="Also draw every missing or imputed cell over its range (missing_ranges, "
    "else the other alternatives' min–max), together with the weight draws.",
)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A float option's value, refused when not a finite number (click's ranges let NaN
    through: it compares false with both ends)."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number")
    return value


ConcentrationOpt = click.option(
    "--concentration",
    type=click.FloatRange(min=1e-9),
    callback=_finite,
    default=DEFAULTS.concentration,
    help="Dirichlet concentration c: weight variance w(1−w)/(c+1).",
)
SpreadOpt = click.option(
    "--spread",
    type=click.FloatRange(0.0, MAX_SPREAD),
    callback=_finite,
    default=DEFAULTS.spread,
    help="Judgment draws: each a_ij times 9^ε, ε ~ U(−spread, spread).",
)
ValuesOpt = click.option(
    "--values",
    default=DEFAULTS.values,
    help="Indicator-value uncertainty: a relative ± range from 0 to 1 for every value "
    "(0.1), or per indicator or dimension (ECO1=0.1,POL=0.2; others exact). 0: none.",
)
ValuesShapeOpt = click.option(
    "--values-shape",
    default=DEFAULTS.values_shape,
    help="uniform: x(1 + r·U(−1, 1)); normal: x(1 + r·N(0, 1)); for all indicators "
    "or per indicator or dimension (ECO1=normal,POL=uniform; others uniform).",
)
SchedulerOpt = click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the draws on a Dask distributed scheduler at ADDRESS (needs mcda-citydip[cluster]).",
)
PairsOpt = click.option(
    "--pairs",
    metavar="K|all",
    default=DEFAULTS.pairs,
    help="Pair thresholds for the pairs among the first K alternatives of the baseline "
    "ranking (the top's with every alternative always); 'all': every pair (slow with "
    "hundreds of alternatives).",
)
ThreadsOpt = click.option(
    "--threads",
    type=click.IntRange(min=0),
    default=DEFAULTS.threads,
    help="Threads for the draws in this process; 0: one per core. The result does "
    "not depend on it. Not with --scheduler.",
)


def draw_options(command: Callable[..., T]) -> Callable[..., T]:
    """The options of the Monte Carlo analysis, in ``--help``'s order (those of
    ``sensitivity`` and ``report``), handed to ``command`` as one ``options``
    (:class:`DrawOptions`)."""

    @functools.wraps(command)
    def gathered(**given: Any) -> T:
        options = DrawOptions(**{name: given.pop(name) for name in DRAW_FIELDS})
        return command(options=options, **given)

    for option in reversed(DRAW_OPTIONS):
        gathered = option(gathered)
    return gathered


#: The options :func:`draw_options` gives, in order.
DRAW_OPTIONS = (
    MethodsOpt,
    SamplesOpt,
    SeedOpt,
    DrawOpt,
    WithMissingOpt,
    ConcentrationOpt,
    SpreadOpt,
    ValuesOpt,
    ValuesShapeOpt,
    SchedulerOpt,
    ThreadsOpt,
    PairsOpt,
)
#: The parameters :data:`DRAW_OPTIONS` give, gathered into :class:`DrawOptions`.
DRAW_FIELDS = DrawOptions._fields


def _pairs(text: str) -> int | None:
    """``--pairs``: a whole number of alternatives (at least 2), or ``all`` (``None``)."""
    from mcda_citydip.errors import MethodError

    given = text.strip().lower()
    if given == "all":
        return None
    number = int(given) if given.isdecimal() and len(given) <= 10 else 0  # ۴۰ too
    if not 2 <= number <= 2**31:
        raise MethodError(
            f"--pairs {text[:40]}: give a whole number of alternatives (at least 2), or 'all'"
        )
    return number


def run_analysis(loaded: Scenario, options: DrawOptions) -> SensitivityReport:
    """Check the options, then run the analysis with a progress bar on stderr."""
    import math
    import os
    from contextlib import ExitStack

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from mcda_citydip.analysis import DRAWS, SensitivitySettings, analyse
    from mcda_citydip.errors import MethodError
    from mcda_citydip.sensitivity.smaa import ChunkMapper

    o = options
    if str(o.draw) not in DRAWS:
        raise MethodError(f"--draw: unknown draw '{o.draw}'; use one of: {', '.join(DRAWS)}")
    if not math.isfinite(o.concentration):
        raise MethodError(
            f"--concentration {o.concentration}: use a finite number (a large one, e.g. 1e6, "
            "keeps the draws close to the weights)"
        )
    if o.threads and o.scheduler is not None:
        raise MethodError(
            "--threads and --scheduler: give one (the cluster's workers run the draws)"
        )
    settings = SensitivitySettings(
        methods=tuple(split_methods(o.method) or ()),
        samples=o.samples,
        seed=o.seed,
        draw=str(o.draw),
        concentration=o.concentration,
        spread=o.spread,
        values=_ranges(o.values),
        values_shape=_shapes(o.values_shape),
        missing=o.with_missing,
        pair_alternatives=_pairs(o.pairs),
    )
    with ExitStack() as stack:
        mapper: ChunkMapper | None = None
        workers = o.threads or os.cpu_count() or 1
        if o.scheduler is not None:
            from mcda_citydip.sensitivity.distributed import dask_mapper

            mapper = stack.enter_context(dask_mapper(o.scheduler))
        else:  # one thread too: BLAS held to one thread is faster here (issue 18)
            from mcda_citydip.sensitivity.distributed import thread_mapper

            mapper = thread_mapper(workers)
        bar = stack.enter_context(
            Progress(
                TextColumn(_("Monte Carlo draws")),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                console=(console := Console(stderr=True)),
                transient=True,
                disable=not console.is_terminal,  # no bar (and no blank line) when piped
            )
        )
        task = bar.add_task("draws", total=o.samples)
        return analyse(
            loaded,
            settings,
            lambda done, total: bar.update(task, completed=done, total=total),
            mapper,
        )


@app.command()
@ScenarioArg
@draw_options
@format_option(
    SensitivityFormat,
    "table, json or xlsx (a workbook; needs --out FILE.xlsx). Default: the format of "
    "--out's extension (.json, .xlsx; .txt: table), else table.",
)
@OutOpt
@ForceOpt
@LangOpt
@DigitsOpt
def sensitivity(
    scenario: Path | None,
    options: DrawOptions,
    fmt: SensitivityFormat | None,
    out: Path | None,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """How robust is the ranking? SMAA-2 rank acceptability, critical thresholds, one-at-a-time
    sweeps, method agreement and rank-reversal checks, in a fixed memory budget (with many
    alternatives the largest results are cut, as the notes say)."""
    from mcda_citydip.cli.app import output_format, use_language, write_workbook

    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)  # first: never over an input, whatever the format
    chosen = output_format(fmt, out, tuple(SensitivityFormat), "sensitivity")
    report = run_analysis(loaded, options)
    if chosen == "json":
        _stream_json(report, out)
    elif chosen == "xlsx":
        from functools import partial

        from mcda_citydip.report.xlsx_sensitivity import write_sensitivity_workbook

        write = partial(write_sensitivity_workbook, report, hierarchy=loaded.hierarchy)
        write_workbook(write, out)
    else:
        from mcda_citydip.report.sensitivity import sensitivity_renderable

        show(sensitivity_renderable(report), out)


def _stream_json(report: SensitivityReport, out: Path | None) -> None:
    """Write the JSON as it is encoded (as :func:`emit` would write the whole text)."""
    from mcda_citydip.files.yamlio import write_atomic
    from mcda_citydip.report.sensitivity import sensitivity_json_chunks

    chunks = sensitivity_json_chunks(report)
    if out is None:
        sys.stdout.writelines(chunks)
        return

    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(chunks)

    write_atomic(out, write)
    click.echo(_("Wrote {path}").format(path=out), err=True)


def _per_indicator(option: str, text: str, parse: Callable[[str], T]) -> T | dict[str, T]:
    """``VALUE`` or ``ID=VALUE,ID=VALUE`` as given to ``option`` (ids: indicators or
    dimensions, checked against the scenario later)."""
    from mcda_citydip.errors import MethodError

    if "=" not in text:
        return parse(text.strip())
    found: dict[str, T] = {}
    for part in text.split(","):
        key, sep, value = (s.strip() for s in part.partition("="))
        if not (key and sep):
            raise MethodError(
                f"{option} {text}: '{part}' is not ID=VALUE; separate pairs with commas "
                "(ECO1=0.1,POL=0.2)"
            )
        if key in found:
            raise MethodError(f"{option} {text}: {key} is given twice; give each id once")
        found[key] = parse(value)
    return found


def _ranges(text: str) -> float | dict[str, float]:
    """``0.1`` or ``ECO1=0.1,POL=0.2`` as given to ``--values``: relative ranges in [0, 1]."""
    from mcda_citydip.errors import MethodError

    def number(value: str) -> float:
        try:
            found = float(value)
        except ValueError:
            raise MethodError(
                f"--values {text}: '{value}' is not a number; write a number (0.1) or "
                "ID=NUMBER pairs separated by commas (ECO1=0.1,POL=0.2)"
            ) from None
        if not 0 <= found <= 1:
            raise MethodError(
                f"--values {text}: relative ranges go from 0 to 1 (±100 %); "
                f"{value} would let values change sign"
            )
        return found

    return _per_indicator("--values", text, number)


def _shapes(text: str) -> str | dict[str, str]:
    """``uniform`` or ``ECO1=normal,POL=uniform`` as given to ``--values-shape``."""
    from mcda_citydip.errors import MethodError
    from mcda_citydip.sensitivity.sampling import SHAPES

    def shape(value: str) -> str:
        if value not in SHAPES:
            raise MethodError(
                f"--values-shape {text}: unknown shape '{value}'; use {' or '.join(SHAPES)}, "
                "for all indicators or as ID=SHAPE pairs (ECO1=normal,POL=uniform)"
            )
        return value

    return _per_indicator("--values-shape", text, shape)
