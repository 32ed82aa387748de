"""Wall time and peak memory of ``citydip sensitivity`` with many alternatives (run by hand).

For each number of alternatives ``m`` a synthetic scenario is written to a temporary folder
(``--indicators`` indicators in two dimensions, uniform random data on [1, 100), random
benefit/cost directions, weights given directly and drawn from a seeded Dirichlet), then
``python -m mcda_citydip sensitivity SCENARIO -n SAMPLES -f FORMAT`` runs in a subprocess
with its output written to a file. Reported per run: wall time, the child's peak resident
memory (``ru_maxrss`` from ``os.wait4``, that child's own, not a maximum over earlier runs)
and the size of the output.

    python bench/bench_memory.py                          # m = 2,000 and 20,000, 1,000 draws
    python bench/bench_memory.py --alternatives 500 2000 --format table json
    python bench/bench_memory.py --alternatives 20000 --samples 10000 --method topsis
    python bench/bench_memory.py --alternatives 20000 --values 0.1   # value uncertainty too
    python bench/bench_memory.py -m 100 --indicators 32 -n 10000 --format json --pairs all 40
    python bench/bench_memory.py -m 1000 --indicators 32 -n 10000 --format json \
        --against /tmp/old/.venv/bin/python    # an earlier commit's checkout, in turns

Unix only (``resource``, ``os.wait4``). The memory budget the run keeps to is
``mcda_citydip.sensitivity.limits.MEMORY_BUDGET``; see ``bench/README.md`` for figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource  # noqa: F401  (Unix: os.wait4 reports a child's rusage)

    WAIT4 = os.wait4
except (ImportError, AttributeError):
    sys.exit("bench_memory.py needs a Unix (resource, os.wait4) to measure a child's peak RSS")

import numpy as np


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alternatives", "-m", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--samples", "-n", type=int, default=1_000)
    parser.add_argument("--indicators", type=int, default=6, help="criteria (≥ 2)")
    parser.add_argument("--format", nargs="+", default=["table"], choices=["table", "json"])
    parser.add_argument("--method", action="append", choices=["topsis", "vikor"])
    parser.add_argument("--threads", type=int, default=0, help="--threads of the CLI (0: cores)")
    parser.add_argument("--values", default="0", help="--values of the CLI (value uncertainty)")
    parser.add_argument(
        "--pairs",
        nargs="+",
        default=["40"],
        help="--pairs of the CLI, each run side by side ('all': every pair, the path before "
        "the default of 40)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write scenarios and outputs here, keep them")
    parser.add_argument(
        "--against",
        metavar="PYTHON",
        help="the interpreter of another installation (an earlier checkout's venv): each run "
        "is made with it too, right after this one's, in a row marked 'against'",
    )
    return parser.parse_args()


def write_scenario(folder: Path, m: int, n: int, seed: int) -> Path:
    """A scenario of ``m`` alternatives and ``n`` indicators (dimensions D1 and D2)."""
    rng = np.random.default_rng(seed)
    ids = [f"X{j + 1}" for j in range(n)]
    values = rng.uniform(1, 100, (m, n))
    data = folder / f"data-{m}.csv"
    with data.open("w", encoding="utf-8") as stream:
        stream.write("city," + ",".join(ids) + "\n")
        for i, row in enumerate(values):
            stream.write(f"C{i}," + ",".join(f"{v:.6f}" for v in row) + "\n")
    directions = ["benefit" if b else "cost" for b in rng.random(n) < 0.6]
    leaves = [f"      - {{id: {c}, direction: {d}}}" for c, d in zip(ids, directions, strict=True)]
    half = max(1, n // 2)
    drawn = rng.dirichlet(np.ones(n))
    weights = ", ".join(f"{c}: {w:.6f}" for c, w in zip(ids, drawn, strict=True))
    scenario = folder / f"scenario-{m}.yaml"
    scenario.write_text(
        "\n".join(
            [
                "format: citydip/scenario",
                "version: 1",
                f"name: Synthetic, {m} alternatives",
                "criteria:",
                "  - id: D1",
                "    children:",
                *leaves[:half],
                "  - id: D2",
                "    children:",
                *leaves[half:],
                f"alternatives: {data.name}",
                f"weights: {{{weights}}}",
                "methods:",
                "  topsis: {normalization: vector}",
                "  vikor: {v: 0.5}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return scenario


def measure(command: list[str], output: Path) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MiB) and exit code of ``command``; its stderr's last line."""
    with output.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        # From the scratch folder: `python -m` puts the working folder first on sys.path,
        # where a checkout's own package would shadow the one the interpreter installed.
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=output.parent)
        _, status, usage = WAIT4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return wall, peak, child.returncode, lines[-1] if lines else ""


def main() -> None:
    args = parse_args()
    from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUES

    print(
        f"memory budget {MEMORY_BUDGET / 2**20:.0f} MiB of working arrays per step, "
        f"{OUTPUT_VALUES:,} numbers kept per analysis; {os.cpu_count()} cores; "
        f"python {sys.version.split()[0]}, numpy {np.__version__}"
    )
    header = f"{'build':>7} {'m':>7} {'n':>3} {'samples':>8} {'pairs':>5} {'format':>6}"
    header += f" {'wall s':>8}"
    header += f" {'peak RSS MiB':>13}"
    print(header + f" {'output MB':>10}  exit")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for m in args.alternatives:
            scenario = write_scenario(folder, m, args.indicators, args.seed)
            builds = {"this": sys.executable}
            if args.against:
                builds["against"] = args.against
            runs = ((f, p, b) for f in args.format for p in args.pairs for b in builds)
            for fmt, pairs, build in runs:
                command = [builds[build], "-m", "mcda_citydip", "sensitivity", str(scenario)]
                command += ["-n", str(args.samples), "-f", fmt, "--threads", str(args.threads)]
                command += ["--values", args.values, "--pairs", pairs]
                command += [f"--method={method}" for method in args.method or ()]
                output = folder / f"out-{m}.{'txt' if fmt == 'table' else 'json'}"
                wall, peak, code, last = measure(command, output)
                size = output.stat().st_size / 1e6
                row = f"{build:>7} {m:>7,} {args.indicators:>3} {args.samples:>8,} {pairs:>5}"
                row += f" {fmt:>6} {wall:>8.1f} {peak:>13.0f} {size:>10.2f}  {code}"
                print(row, flush=True)
                if code:
                    print(f"        error: {last}", flush=True)


if __name__ == "__main__":
    main()
