"""The ``citydip`` command line: load → one library call → render.

Every user-fixable problem is one ``Error: …`` line and exit code 2 (mapped once, in
:func:`main`); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Sequence
from typing import Any

import typer.main

from mcda_citydip.cli.app import app

# Importing the command modules registers their commands, in the order `--help` lists them.
# isort: off
from mcda_citydip.cli import init  # noqa: F401
from mcda_citydip.cli import ranking  # noqa: F401
from mcda_citydip.cli import sensitivity  # noqa: F401
from mcda_citydip.cli import report  # noqa: F401
from mcda_citydip.cli import experts  # noqa: F401
from mcda_citydip.cli import scoring  # noqa: F401
from mcda_citydip.cli import ratings  # noqa: F401
from mcda_citydip.cli import data  # noqa: F401
# isort: on

__all__ = ["app", "main"]

#: A library parameter → the option that sets it, where the names differ (``--samples`` for
#: ``samples`` needs no entry): how a library error is said on the command line.
FLAGS = {"language": "--lang"}


def command_tree() -> Any:
    """The click command of :data:`app`, with the root's ``--version`` given to every
    command below it (formats.md: ``--version`` everywhere): the same eager option, so click
    parses it where it stands (``citydip run --version``; not after ``--``)."""
    command = typer.main.get_command(app)
    version = copy.copy(next(p for p in command.params if p.name == "version"))
    version.expose_value = False  # the commands' own functions take no `version`

    def give(group: Any) -> None:
        for sub in getattr(group, "commands", {}).values():
            sub.params.append(version)
            give(sub)

    give(command)
    return command


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run ``citydip ARGV`` (default: the command line's arguments), map
    user errors to one line and exit code 2, and end with :func:`sys.exit` (tests call it
    in process and catch :class:`SystemExit`)."""
    from mcda_citydip.cli.help import localise, requested_language
    from mcda_citydip.errors import CitydipError
    from mcda_citydip.files.cache import install_default

    install_default()  # simulated random indices are kept between runs (files/cache.py)

    args = list(sys.argv[1:] if argv is None else argv)
    usage_error: type[Exception] = typer.BadParameter.__bases__[0]  # click's UsageError
    command = command_tree()
    try:
        localise(command, requested_language(args))  # --help is answered before --lang
        code = command.main(args=args, standalone_mode=False, prog_name="citydip")
    except usage_error as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `citydip`: show the help
            typer.echo(exc.format_message())  # type: ignore[attr-defined]
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        path = ctx.command_path if ctx is not None else "citydip"
        message = exc.format_message()  # type: ignore[attr-defined]
        typer.echo(f"Error: {message} (see '{path} --help')", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(130)
    except CitydipError as exc:
        from mcda_citydip.files.text import shown

        for message in exc.as_option(FLAGS):  # one line each, no control character shown
            typer.echo(f"Error: {shown(message)}", err=True)
        sys.exit(2)
    except OSError as exc:
        if exc.filename is None:  # not about a user's path: a bug, keep the traceback
            raise
        from mcda_citydip.files.paths import path_problem

        typer.echo(f"Error: {path_problem(exc.filename, exc)}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
