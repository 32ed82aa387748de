"""Run the real ``citydip`` entry point (:func:`mcda_citydip.cli.main`) in this process, as a
subprocess would run ``python -m mcda_citydip ARGS``, about a hundred times faster.

:func:`run_citydip` takes what :func:`subprocess.run` takes for a CLI test (the arguments,
stdin text, a whole environment, a working folder) and returns the same
:class:`subprocess.CompletedProcess` (exit code, stdout and stderr apart, as text). The
errors go through ``main()``'s own mapping (``Error: …``, exit 2), since ``main`` is what
runs; what would end the process ends the run:

- ``sys.exit(code)`` → ``returncode``; an uncaught exception → its traceback on stderr and
  exit code 1, as Python prints it;
- stdin is the given text (empty without one: end of input at the first prompt); stdout and
  stderr are UTF-8 streams that are not terminals, read back with universal newlines as
  ``text=True`` does;
- ``env`` replaces the environment for the run (``COLUMNS``, ``NO_COLOR``, ``CITYDIP_LANG``
  …: rich reads them when a console is made), ``cwd`` the working folder;
- warnings are printed to the run's stderr as a fresh interpreter prints them;
- the module state a process would start without is put back after every run: the language
  and digits (:func:`mcda_citydip.i18n.reset`); the help texts ``--help --lang fa``
  translates in place are put back by the next run's :func:`~mcda_citydip.cli.help.localise`.

A run that is still going after ``timeout`` seconds fails the test (POSIX: ``SIGALRM``).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import traceback
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import mcda_citydip

#: What ``sys.argv[0]`` is in ``python -m mcda_citydip``.
MAIN_FILE = str(Path(mcda_citydip.__file__).with_name("__main__.py"))
#: Seconds a run may take before it fails the test (as ``subprocess.run(timeout=…)``).
TIMEOUT = 120


class RunTimeout(AssertionError):
    """The run took longer than its timeout."""


def fresh_citydip(
    args: Sequence[object], cwd: str | os.PathLike[str], **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m mcda_citydip ARGS`` in a new interpreter, with ``env`` added to the
    environment (``NO_COLOR=1`` always): for what this process cannot show, such as the
    commands' modules imported on first use (other tests have imported them all here)."""
    return subprocess.run(
        [sys.executable, "-m", "mcda_citydip", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", **env},
        cwd=cwd,
        check=False,
        timeout=TIMEOUT,
    )


def run_citydip(
    args: Sequence[object],
    *,
    input: str | None = None,  # the name subprocess.run gives it
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """``citydip ARGS`` through ``main(argv)`` in this process; see the module docstring."""
    from mcda_citydip.cli import main

    argv = [str(a) for a in args]
    stdout, stderr = _Stream(), _Stream()
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    code = 0
    with _process_state(argv, env, cwd), _swapped(stdin, stdout, stderr), _deadline(timeout):
        try:
            main(argv)
        except SystemExit as ended:
            code = _exit_code(ended.code)
        except (RunTimeout, KeyboardInterrupt):
            raise
        except BaseException:  # a bug: Python prints the traceback and exits 1
            sys.stderr.write(traceback.format_exc())
            code = 1
    return subprocess.CompletedProcess(["citydip", *argv], code, stdout.text(), stderr.text())


class _Stream(io.TextIOWrapper):
    """A UTF-8 text stream over bytes, not a terminal (as a pipe to a subprocess)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)

    def text(self) -> str:
        """What was written, decoded as ``subprocess.run(text=True)`` decodes it."""
        self.flush()
        raw = self.buffer.getvalue()  # type: ignore[attr-defined]
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # sys.exit("message"): printed, exit 1
    return 1


@contextlib.contextmanager
def _process_state(
    argv: list[str], env: Mapping[str, str] | None, cwd: str | os.PathLike[str] | None
) -> Iterator[None]:
    """The environment, folder, ``sys.argv``, warnings and citydip's module state of a
    fresh process, for the run; everything put back after it."""
    from mcda_citydip import i18n

    saved_environ, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)
    sys.argv = [MAIN_FILE, *argv]
    i18n.reset()
    try:
        with warnings.catch_warnings():
            _fresh_warning_filters()
            yield
    finally:
        i18n.reset()
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)


def _fresh_warning_filters() -> None:
    """Python's default filters, and warnings printed to the (swapped) stderr."""
    warnings.resetwarnings()
    warnings.simplefilter("default")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning):
        warnings.simplefilter("ignore", category)
    warnings.simplefilter("ignore", ResourceWarning)

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show  # put back by catch_warnings


@contextlib.contextmanager
def _swapped(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Fail with :class:`RunTimeout` after ``seconds`` (POSIX, main thread; else no limit)."""
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> Any:
        raise RunTimeout(f"citydip was still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
