"""How long ``citydip`` takes to answer, beside the time Python needs to start (run by hand).

Each command runs ``--repeat`` times (default 7) in a fresh interpreter, the commands taking
turns so that a slow moment of the machine touches them alike; the table shows the median
wall time of each, and the median less that of ``python -c pass``. With ``--against PYTHON``
(the interpreter of another installation, e.g. an earlier commit's checkout with its own
venv) the same commands of that installation run too, taking turns with these, in a second
pair of columns::

    python bench/startup.py                 # 7 runs of each
    python bench/startup.py --repeat 11
    git worktree add /tmp/old 9c998a0 && python3 -m venv /tmp/old/.venv \
        && /tmp/old/.venv/bin/pip install -e /tmp/old
    python bench/startup.py --against /tmp/old/.venv/bin/python

``citydip`` is run as ``python -m mcda_citydip`` with the interpreter running this script, so
that the figures do not depend on which ``citydip`` is first on the ``PATH``. The package is
byte-compiled first, as ``pip install`` leaves it: an editable checkout run with
``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module in every run (+0.2 s). The option
errors must answer in about the time of ``import mcda_citydip.cli`` (issue 16).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

#: The variable that turns the kept simulations off (mcda_citydip/files/cache.py): "run,
#: nothing kept" is the path before the cache, simulating every graph factor again.
NO_CACHE = "CITYDIP_CACHE=off "


#: What `citydip run` cannot start without: numpy (the maths), click (the command line), PyYAML
#: (the files) and rich's console (the tables); its floor, measured with the commands.
FLOOR = "import numpy, click, yaml, rich.console"

#: Every library `citydip run` on the default scenario ends with loaded, imported alone:
#: the floor, plus numpy's random generators (the rank intervals), rich's tables and msgspec
#: (the files' reading). What `run` costs beyond it is the package's own.
LIBRARIES = FLOOR + ", numpy.random, rich.table, msgspec"

#: Where the commands run (see :func:`timed`).
NEUTRAL = tempfile.gettempdir()


def commands(python: str) -> list[tuple[str, list[str], int]]:
    """(label, command, the exit code it must give) of an installation's ``python``; a label
    starting with NO_CACHE runs without kept simulations."""
    cli = [python, "-m", "mcda_citydip"]
    return [
        ("python -c pass", [python, "-c", "pass"], 0),
        # the floor of `run`: the libraries it cannot do without, imported alone
        ("import numpy, click, yaml, rich", [python, "-c", FLOOR], 0),
        # and every library it ends with loaded (tests/test_imports.py keeps the list true)
        ("+ numpy.random, rich.table, msgspec", [python, "-c", LIBRARIES], 0),
        ("import mcda_citydip.cli", [python, "-c", "import mcda_citydip.cli"], 0),
        ("citydip --help", [*cli, "--help"], 0),
        ("citydip run --bogus", [*cli, "run", "--bogus"], 2),
        ("citydip sensitivity --samples 0", [*cli, "sensitivity", "--samples", "0"], 2),
        ("citydip run (default scenario)", [*cli, "run"], 0),
        (NO_CACHE + "citydip run", [*cli, "run"], 0),
        ("citydip sensitivity (default)", [*cli, "sensitivity", "-f", "json"], 0),
    ]


def timed(command: list[str], expected: int, label: str = "") -> float:
    """Wall time of one run of ``command``, in seconds; it must exit with ``expected``."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    if label.startswith(NO_CACHE):
        env["CITYDIP_CACHE"] = "off"
    start = time.perf_counter()
    # From a neutral folder: `python -m`/`-c` put the working folder first on sys.path, and
    # a checkout's own package there would shadow the one the interpreter has installed.
    done = subprocess.run(command, capture_output=True, env=env, check=False, cwd=NEUTRAL)
    elapsed = time.perf_counter() - start
    if done.returncode != expected:
        raise SystemExit(
            f"{' '.join(command)}: exit code {done.returncode}, expected {expected}\n"
            f"{done.stderr.decode(errors='replace')}"
        )
    return elapsed


def compiled(python: str) -> None:
    """Byte-compile the package ``python`` imports, as an install leaves it."""
    code = (
        "import compileall, os, mcda_citydip; "
        "compileall.compile_dir(os.path.dirname(mcda_citydip.__file__), quiet=1)"
    )
    subprocess.run([python, "-c", code], check=True, cwd=NEUTRAL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command")
    parser.add_argument(
        "--against",
        metavar="PYTHON",
        help="the interpreter of another installation (an earlier checkout's venv): its "
        "figures side by side, the two taking turns",
    )
    given = parser.parse_args()
    pythons = {"this": sys.executable}
    if given.against:
        pythons["against"] = given.against
    for python in pythons.values():
        compiled(python)
    runs = {
        (side, label): (command, expected)
        for side, python in pythons.items()
        for label, command, expected in commands(python)
    }
    times: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
    for (_side, label), (command, expected) in runs.items():  # warm the file cache
        timed(command, expected, label)
    for _ in range(given.repeat):
        for label, _command, _expected in commands(sys.executable):
            for side in pythons:  # the two installations take turns, command by command
                command, expected = runs[side, label]
                times[side, label].append(timed(command, expected, label))
    labels = [label for label, _, _ in commands(sys.executable)]
    width = max(len(label) for label in labels)
    header = f"{'command':<{width}}"
    for side in pythons:
        header += f"  {side + ' median':>13}  {'− python':>9}"
    print(header)
    for label in labels:
        row = f"{label:<{width}}"
        for side in pythons:
            found = times[side, label]
            base = statistics.median(times[side, labels[0]])
            median = statistics.median(found)
            row += f"  {median * 1000:10.0f} ms  {(median - base) * 1000:+6.0f} ms"
        print(row)
    print(f"({given.repeat} runs each, Python {sys.version.split()[0]}, {sys.platform})")
    if given.against:
        print(f"against: {given.against}")


if __name__ == "__main__":
    main()
