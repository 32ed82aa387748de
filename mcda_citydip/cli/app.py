"""The ``citydip`` application object, shared options and output helpers.

Results go to stdout (or ``--out FILE``, written atomically), messages to stderr. Heavy
libraries are imported inside the commands so that ``citydip --help`` starts fast.
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
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write the output to FILE (atomically; never over an existing file "
        "without --force, never over an input).",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Let --out replace an existing file (never an input).")
]


def check_out(out: Path | None, force: bool, scenario: Scenario) -> None:
    """Refuse ``--out`` before any work when it would replace a file (see
    :func:`mcda_citydip.files.paths.check_output`)."""
    if out is None:
        return
    from mcda_citydip.files.paths import check_output

    check_output(out, force, scenario.inputs)


def load_scenario_or_default(path: Path | None) -> Scenario:
    from mcda_citydip.files.scenario import default_scenario_path, load_scenario

    return load_scenario(path if path is not None else default_scenario_path())


def emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from mcda_citydip.files.yamlio import write_atomic

    write_atomic(out, text)
    typer.echo(f"Wrote {out}", err=True)


def show(renderable: Any, out: Path | None) -> None:
    """Print a rich renderable, or write its plain text to ``out``. Lines are never cropped
    to the terminal's width: a long table's numbers are shown whole."""
    from mcda_citydip.report.render import to_text

    if out is not None:
        emit(to_text(renderable), out)
        return
    from rich.console import Console

    Console().print(renderable, crop=False)
