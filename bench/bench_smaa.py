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
* ``smaa, N threads`` — the same with ``thread_mapper(N)`` (``--threads 0`` leaves it out);

each smaa row with the numpy kernel and, when numba is installed, the compiled one
(``kernel="numba"``, :mod:`mcda_citydip.compiled`); the bench stops unless every row gives
the same numbers.

Every smaa row is one warm-up call plus ``--repeat`` timed calls (median); the loop is timed
once. ``--blas-threads K`` sets ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS``/``MKL_NUM_THREADS``
before numpy is imported (recommended 1 with ``--threads``: BLAS threads and our threads would
otherwise fight over the cores; the thread mapper itself holds BLAS to one thread while it
runs). Targets: ≥ 300× the loop, and ≥ 3×10⁷ alternative·draws per second for TOPSIS.

A second table times, on one thread, the steps no exact kernel of this design can skip, on
the same sizes: TOPSIS's one matrix product (squared weights × fixed squared gaps), VIKOR's
``R = max_j w_j f_ij``, sorting every draw's keys, and counting the ``(rank, alternative)``
pairs. Set beside the 300× budget (loop time / 300, on all cores), it says whether the target
is reachable on this machine at all.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from functools import partial
from importlib.util import find_spec
from itertools import product
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
#: The numpy path, and the compiled one when numba is installed (the ``fast`` extra).
KERNELS = ("numpy", "numba") if find_spec("numba") else ("numpy",)
if ARGS.blas_threads is not None:  # must happen before numpy loads its BLAS
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(ARGS.blas_threads)

import numpy as np  # noqa: E402
from pymcdm import normalizations  # noqa: E402
from pymcdm.helpers import rankdata, rrankdata  # noqa: E402
from pymcdm.methods import TOPSIS, VIKOR  # noqa: E402
from random_problem import make_problem  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from mcda_citydip.model import Problem  # noqa: E402
from mcda_citydip.ranking.vikor import regret_matrix  # noqa: E402
from mcda_citydip.sensitivity.distributed import thread_mapper  # noqa: E402
from mcda_citydip.sensitivity.sampling import uniform_simplex  # noqa: E402
from mcda_citydip.sensitivity.smaa import make_engine, smaa  # noqa: E402


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


def same_numbers(result: Any) -> str:
    """A result's JSON without the kernel's name: equal strings, the same numbers."""
    data = result.as_dict()
    data["conventions"].pop("kernel")
    return json.dumps(data, sort_keys=True)


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def floor_table(problem: Problem, loops: dict[str, float]) -> Table:
    """One-thread time of each unavoidable step over all draws, tile by tile (as smaa does)."""
    m, n = problem.matrix.shape
    engine = make_engine(problem, "topsis", None, uniform_simplex(n), ARGS.samples, ARGS.seed)
    rng = np.random.default_rng(ARGS.seed)
    tile = engine.tile
    squared = np.square(uniform_simplex(n)(rng, tile))
    regrets = np.ascontiguousarray(regret_matrix(problem.matrix, problem.benefit).T)
    keys = engine._encode(rng.random((tile, m)))
    flat = np.sort(keys, axis=1) & ((1 << engine.shift) - 1)
    flat += np.arange(0, m * m, m, dtype=np.int64)[None, :]
    counts = np.zeros(m * m, dtype=np.int32)
    tiles = -(-ARGS.samples // tile)

    out, product = np.empty((tile, m)), np.empty((tile, m))

    def regret_max() -> None:
        np.multiply(squared[:, :1], regrets[0], out=out)
        for j in range(1, n):
            np.multiply(squared[:, j : j + 1], regrets[j], out=product)
            np.maximum(out, product, out=out)

    steps = {
        "TOPSIS matrix product": lambda: squared @ engine.parts,
        "VIKOR R = max_j w_j f_ij": regret_max,
        "sort each draw's keys": lambda: np.sort(keys, axis=1),
        "count (rank, alternative)": lambda: np.add.at(counts, flat.ravel(), np.int32(1)),
    }

    def repeated(step: Callable[[], object]) -> None:
        for _ in range(tiles):
            step()

    with threadpool_limits(limits=1, user_api="blas"):
        seconds = {
            name: min(timed(partial(repeated, step)) for _ in range(ARGS.repeat))
            for name, step in steps.items()
        }
    cores = os.cpu_count() or 1
    table = Table(title=f"Unavoidable steps, 1 thread, {ARGS.samples:,} draws of {m} alternatives")
    for column in ("step", "seconds"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for name, value in seconds.items():
        table.add_row(name, f"{value:.3f}")
    shared = seconds["sort each draw's keys"] + seconds["count (rank, alternative)"]
    for method, arithmetic in (
        ("topsis", seconds["TOPSIS matrix product"]),
        ("vikor", seconds["VIKOR R = max_j w_j f_ij"]),
    ):
        table.add_row(
            f"{method}: these steps on {cores} cores, perfectly shared",
            f"{(arithmetic + shared) / cores:.3f}",
        )
        table.add_row(f"{method}: 300× budget (loop / 300)", f"{loops[method] / 300:.3f}")
    return table


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
    loops: dict[str, float] = {}
    for method in ("topsis", "vikor"):
        loop = timed(partial(pymcdm_loop, problem, method, ARGS.loop_samples, ARGS.seed))
        loop_total = loops[method] = loop * ARGS.samples / ARGS.loop_samples
        table.add_row(
            method,
            "pymcdm loop (extrapolated)",
            f"{ARGS.loop_samples:,}",
            f"{loop_total:.2f}",
            f"{m * ARGS.samples / loop_total:.2e}",
            "1",
        )
        answers = {}
        for (label, mapper), kernel in product(mappers, KERNELS):
            run = partial(
                smaa, problem, method, None, sampler, ARGS.samples, ARGS.seed,
                map_chunks=mapper, kernel=kernel,
            )  # fmt: skip
            answers[label, kernel] = same_numbers(run())  # warm-up (and numba's compile)
            seconds = statistics.median(timed(run) for _ in range(ARGS.repeat))
            table.add_row(
                method,
                f"{label}, {kernel}",
                f"{ARGS.samples:,}",
                f"{seconds:.3f}",
                f"{m * ARGS.samples / seconds:.2e}",
                f"{loop_total / seconds:.0f}",
            )
        if len(set(answers.values())) != 1:
            raise SystemExit(f"{method}: the kernels or mappers gave different results")
    console.print(table)
    console.print("Every smaa row gave the same results (JSON, but for the kernel's name).")
    console.print(floor_table(problem, loops))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    console.print(f"peak RSS {peak:.0f} MiB; BLAS threads: {blas}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
