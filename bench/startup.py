"""How long ``citydip`` takes to answer, beside the time Python needs to start (run by hand).

Each command runs ``--repeat`` times (default 7) in a fresh interpreter, the commands taking
turns so that a slow moment of the machine touches them alike; the table shows the median
and the fastest wall time of each, and the median less that of ``python -c pass``::

    python bench/startup.py                 # 7 runs of each
    python bench/startup.py --repeat 11

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
import time

CLI = [sys.executable, "-m", "mcda_citydip"]

#: The variable that turns the kept simulations off (mcda_citydip/files/cache.py): "run,
#: nothing kept" is the path before the cache, simulating every graph factor again.
NO_CACHE = "CITYDIP_CACHE=off "

#: (label, command, the exit code it must give); a label starting with NO_CACHE runs
#: without kept simulations.
COMMANDS: list[tuple[str, list[str], int]] = [
    ("python -c pass", [sys.executable, "-c", "pass"], 0),
    ("import mcda_citydip.cli", [sys.executable, "-c", "import mcda_citydip.cli"], 0),
    ("citydip --help", [*CLI, "--help"], 0),
    ("citydip run --bogus", [*CLI, "run", "--bogus"], 2),
    ("citydip sensitivity --samples 0", [*CLI, "sensitivity", "--samples", "0"], 2),
    ("citydip run (default scenario)", [*CLI, "run"], 0),
    (NO_CACHE + "citydip run", [*CLI, "run"], 0),
    ("citydip sensitivity (default)", [*CLI, "sensitivity", "-f", "json"], 0),
]


def timed(command: list[str], expected: int, label: str = "") -> float:
    """Wall time of one run of ``command``, in seconds; it must exit with ``expected``."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    if label.startswith(NO_CACHE):
        env["CITYDIP_CACHE"] = "off"
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != expected:
        raise SystemExit(
            f"{' '.join(command)}: exit code {done.returncode}, expected {expected}\n"
            f"{done.stderr.decode(errors='replace')}"
        )
    return elapsed


def main() -> None:
    import compileall

    import mcda_citydip

    compileall.compile_dir(os.path.dirname(mcda_citydip.__file__), quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command")
    repeat = parser.parse_args().repeat
    times: dict[str, list[float]] = {label: [] for label, _, _ in COMMANDS}
    for label, command, expected in COMMANDS:  # one unmeasured run each: warm the file cache
        timed(command, expected, label)
    for _ in range(repeat):
        for label, command, expected in COMMANDS:
            times[label].append(timed(command, expected, label))
    base = statistics.median(times[COMMANDS[0][0]])
    width = max(len(label) for label in times)
    print(f"{'command':<{width}}  {'median':>8}  {'fastest':>8}  {'− python':>9}")
    for label, found in times.items():
        median = statistics.median(found)
        print(
            f"{label:<{width}}  {median * 1000:6.0f} ms  {min(found) * 1000:6.0f} ms  "
            f"{(median - base) * 1000:+7.0f} ms"
        )
    print(f"({repeat} runs each, Python {sys.version.split()[0]}, {sys.platform})")


if __name__ == "__main__":
    main()
