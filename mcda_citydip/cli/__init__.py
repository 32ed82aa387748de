"""The ``citydip`` command line: load → one library call → render.

Every user-fixable problem is one ``Error: …`` line and exit code 2 (mapped once, in
:func:`main`); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

# The commands' modules are imported when a command is asked for (app.COMMAND_MODULES).
from mcda_citydip.cli.app import app

__all__ = ["app", "entry", "main"]

#: A library parameter → the option that sets it, where the names differ (``--samples`` for
#: ``samples`` needs no entry): how a library error is said on the command line.
FLAGS = {"language": "--lang"}


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run ``citydip ARGV`` (default: the command line's arguments), map
    user errors to one line and exit code 2, and end with :func:`sys.exit` (tests call it
    in process and catch :class:`SystemExit`)."""
    from mcda_citydip.cli.help import restore
    from mcda_citydip.files.cache import install_default

    install_default()  # simulated random indices are kept between runs (files/cache.py)
    try:
        _answer(list(sys.argv[1:] if argv is None else argv))
    finally:  # in process (tests, notebooks): the tree's help texts are English again
        restore(app)


def entry() -> None:
    """The ``citydip`` program (``[project.scripts]``, ``python -m mcda_citydip``): :func:`main`
    in a process of its own. As the process ends, every object still alive is frozen
    (:func:`gc.freeze`): the interpreter's collections at exit would otherwise walk them all
    to free nothing that the end of the process does not free (20-40 ms of every command
    that ranks, measured in bench/README.md). Files are closed and the output flushed as
    always; only cycles of objects left at exit are not collected."""
    try:
        main()
    finally:
        gc.freeze()


def _answer(args: list[str]) -> NoReturn:
    """Run ``citydip ARGS`` and exit as :func:`main` says."""
    from mcda_citydip.cli.help import localise, requested_language
    from mcda_citydip.errors import CitydipError

    try:
        localise(app, requested_language(args))  # --help is answered before --lang
        code = app.main(args=args, standalone_mode=False, prog_name="citydip")
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `citydip`: show the help
        click.echo(exc.format_message())
        sys.exit(0)
    except click.UsageError as exc:
        path = exc.ctx.command_path if exc.ctx is not None else "citydip"
        message = exc.format_message().removesuffix(".")  # the hint ends the sentence
        click.echo(f"Error: {message} (see '{path} --help')", err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except CitydipError as exc:
        from mcda_citydip.files.text import shown

        for message in exc.as_option(FLAGS):  # one line each, no control character shown
            click.echo(f"Error: {shown(message)}", err=True)
        sys.exit(2)
    except OSError as exc:
        if exc.filename is None:  # not about a user's path: a bug, keep the traceback
            raise
        from mcda_citydip.files.paths import path_problem

        click.echo(f"Error: {path_problem(exc.filename, exc)}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
