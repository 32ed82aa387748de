"""Time SMAA (rank acceptability, central weights, confidence) against a per-draw pymcdm loop.

Run by hand (not a test)::

    python bench/bench_smaa.py [--alternatives 500] [--criteria 32] [--samples 100000]
                               [--loop-samples 2000] [--repeat 3] [--threads 2] [--blas-threads 1]

One random positive matrix (seeded ``numpy.random.Generator``, uniform on [1, 100), random
benefit/cost types), weights uniform on the simplex. For TOPSIS (vector normalisation) and
VIKOR (v = 0.5), side by side in one run:

* ``pymcdm loop`` — what a user does today: per draw, ``rng.dirichlet``, pymcdm's method with
  ``validation=False``, ``pymcdm.helpers.rrankdata``/``rankdata``, and a row of rank counts.
  Timed on ``--loop-samples`` draws and extrapolated linearly to ``--samples`` (said in the
  table);
* ``smaa`` — :func:`mcda_citydip.sensitivity.smaa.smaa`, in process (the builtin ``map``);
* ``smaa, N threads`` — the same with ``thread_mapper(N)`` (``--threads 0`` leaves it out).

Every smaa row is one warm-up call plus ``--repeat`` timed calls (median); the loop is timed
once. ``--blas-threads K`` sets ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``/``MKL_NUM_THREADS``
before numpy is imported (recommended 1 with ``--threads``: BLAS threads and our threads would
otherwise fight over the cores). Targets: ≥ 300× the loop, and ≥ 3×10⁷ alternative·draws per
second for TOPSIS.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alternatives", type=int, default=500)
    parser.add_argument("--criteria", type=int, default=32)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--loop-samples", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--blas-threads", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20_240_601)
    return parser.parse_args()


ARGS = parse()
if ARGS.blas_threads is not None:  # must happen before numpy loads its BLAS
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(ARGS.blas_threads)

import numpy as np  # noqa: E402
from pymcdm import normalizations  # noqa: E402
from pymcdm.helpers import rankdata, rrankdata  # noqa: E402
from pymcdm.methods import TOPSIS, VIKOR  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from mcda_citydip.model import GOAL, Direction, Hierarchy, Node, Problem  # noqa: E402
from mcda_citydip.sensitivity.distributed import thread_mapper  # noqa: E402
from mcda_citydip.sensitivity.sampling import uniform_simplex  # noqa: E402
from mcda_citydip.sensitivity.smaa import smaa  # noqa: E402


def make_problem(m: int, n: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    ids = tuple(f"c{j}" for j in range(n))
    directions: list[Direction] = ["benefit" if b else "cost" for b in rng.random(n) < 0.5]
    nodes: dict[str, Node] = {GOAL: Node(GOAL, "Goal", children=ids)}
    nodes.update({c: Node(c, c, direction=d) for c, d in zip(ids, directions, strict=True)})
    matrix = rng.uniform(1.0, 100.0, size=(m, n))
    return Problem(Hierarchy("bench", nodes), tuple(f"a{i}" for i in range(m)), matrix)


def pymcdm_loop(problem: Problem, method: str, draws: int, seed: int) -> np.ndarray:
    """The per-draw loop a user writes today with pymcdm (validation off)."""
    m, n = problem.matrix.shape
    types = np.where(problem.benefit, 1, -1)
    body = TOPSIS(normalizations.vector_normalization) if method == "topsis" else VIKOR(v=0.5)
    rank = rrankdata if method == "topsis" else rankdata  # TOPSIS: higher is better
    rng = np.random.default_rng(seed)
    counts = np.zeros((m, m), dtype=np.int64)
    rows = np.arange(m)
    for _ in range(draws):
        weights = rng.dirichlet(np.ones(n))
        preferences = body(problem.matrix, weights, types, validation=False)
        counts[rows, np.asarray(rank(preferences), dtype=int) - 1] += 1
    return counts


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    console = Console()
    problem = make_problem(ARGS.alternatives, ARGS.criteria, ARGS.seed)
    m, n = problem.matrix.shape
    sampler = uniform_simplex(n)
    mappers: list[tuple[str, Any]] = [("smaa, in process", None)]
    if ARGS.threads > 0:
        mappers.append((f"smaa, {ARGS.threads} threads", thread_mapper(ARGS.threads)))
    table = Table(title=f"SMAA: {m:,} alternatives × {n} criteria × {ARGS.samples:,} draws")
    for column in ("method", "implementation", "draws timed", "seconds", "alt·draws/s", "× loop"):
        table.add_column(
            column, justify="left" if column in ("method", "implementation") else "right"
        )
    for method in ("topsis", "vikor"):
        loop = timed(partial(pymcdm_loop, problem, method, ARGS.loop_samples, ARGS.seed))
        loop_total = loop * ARGS.samples / ARGS.loop_samples
        table.add_row(
            method,
            "pymcdm loop (extrapolated)",
            f"{ARGS.loop_samples:,}",
            f"{loop_total:.2f}",
            f"{m * ARGS.samples / loop_total:.2e}",
            "1",
        )
        for label, mapper in mappers:
            run = partial(
                smaa, problem, method, None, sampler, ARGS.samples, ARGS.seed, map_chunks=mapper
            )
            run()  # warm-up
            seconds = statistics.median(timed(run) for _ in range(ARGS.repeat))
            table.add_row(
                method,
                label,
                f"{ARGS.samples:,}",
                f"{seconds:.3f}",
                f"{m * ARGS.samples / seconds:.2e}",
                f"{loop_total / seconds:.0f}",
            )
    console.print(table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    console.print(f"peak RSS {peak:.0f} MiB; BLAS threads: {blas}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
