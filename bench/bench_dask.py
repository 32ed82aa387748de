"""SMAA on Dask workers against the same draws in this process (run by hand, not a test).

    python bench/bench_dask.py                       # TOPSIS, 500 × 32, 1,000,000 draws
    python bench/bench_dask.py --method vikor --samples 400000

One random matrix (500 alternatives × 32 criteria, seeded), weights uniform on the simplex.
Rows, side by side in one run: this process on one thread (BLAS held to one thread); then a
``LocalCluster`` of 1 and of 2 worker processes (one thread each), each once as the workers
start ("old": Dask's ``MALLOC_TRIM_THRESHOLD_``, the allocator left as the nanny sets it)
and once with citydip's allocator setting (``distributed.roomy_allocator``, see the module
notes). Every run is checked to give the in-process rank acceptability exactly. Each row
is one timed call after a warm-up of 20,000 draws on the same workers.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from random_problem import make_problem

from mcda_citydip.model import Problem
from mcda_citydip.sensitivity import distributed
from mcda_citydip.sensitivity.sampling import uniform_simplex
from mcda_citydip.sensitivity.smaa import SmaaResult, smaa


def timed(problem: Problem, method: str, samples: int, mapper: Any) -> tuple[float, SmaaResult]:
    start = time.perf_counter()
    found = smaa(
        problem, method, None, uniform_simplex(problem.matrix.shape[1]), samples, 7,
        map_chunks=mapper,
    )  # fmt: skip
    return time.perf_counter() - start, found


def _keep_the_nanny_setting() -> None:
    distributed._roomy.append(False)  # as if already set: roomy_allocator() changes nothing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--method", default="topsis", choices=["topsis", "vikor"])
    parser.add_argument("--samples", type=int, default=1_000_000)
    args = parser.parse_args()
    from distributed import Client, LocalCluster
    from threadpoolctl import threadpool_limits

    problem = make_problem(500, 32, 1)
    with threadpool_limits(limits=1, user_api="blas"):
        timed(problem, args.method, 20_000, None)
        base, reference = timed(problem, args.method, args.samples, None)
    print(f"{args.method}, 500 × 32, {args.samples:,} draws")
    print(f"{'this process, 1 thread':<34} {base:7.2f} s")
    for workers in (1, 2):
        for label, old in (("old", True), ("allocator set", False)):
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=":0",
                ) as cluster,
                Client(cluster) as client,
            ):  # fmt: skip
                if old:
                    client.run(_keep_the_nanny_setting)
                mapper = distributed.DaskMapper(client)
                timed(problem, args.method, 20_000, mapper)
                seconds, found = timed(problem, args.method, args.samples, mapper)
            same = np.array_equal(found.rank_acceptability, reference.rank_acceptability)
            row = f"Dask, {workers} worker{'s' if workers > 1 else ''}, {label}"
            print(f"{row:<34} {seconds:7.2f} s  ({base / seconds:.2f}× this process)"
                  f"{'' if same else '  RESULTS DIFFER'}")  # fmt: skip


if __name__ == "__main__":
    main()
