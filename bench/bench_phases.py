"""Wall time of each phase of the sensitivity analysis, in process (run by hand).

For each number of alternatives a random problem (``bench/random_problem.py``: uniform data
on [1, 100), random benefit/cost directions, ``--criteria`` criteria, Dirichlet weights) is
analysed phase by phase as ``analysis.analyse`` runs them, per method: SMAA-2 (Dirichlet
draws around the weights, concentration 100, on ``--threads`` threads), the one-at-a-time
sweeps of every indicator, the critical thresholds (pairs among the first 40) and the
rank-reversal checks. The peak resident memory of the process so far follows each phase::

    python bench/bench_phases.py                        # m = 2,000, both methods
    python bench/bench_phases.py -m 100 5000 26000 --method vikor

Unix only (``resource``).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from functools import partial

import numpy as np
from random_problem import make_problem

from mcda_citydip.sensitivity.distributed import thread_mapper
from mcda_citydip.sensitivity.oat import oat
from mcda_citydip.sensitivity.reversal import rank_reversal
from mcda_citydip.sensitivity.sampling import dirichlet_around
from mcda_citydip.sensitivity.smaa import smaa
from mcda_citydip.sensitivity.thresholds import critical_thresholds


def timed(label: str, phase: Callable[[], object]) -> None:
    start = time.perf_counter()
    phase()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {label:<11} {seconds:8.2f} s   peak {peak:6.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alternatives", "-m", type=int, nargs="+", default=[2_000])
    parser.add_argument("--criteria", type=int, default=32)
    parser.add_argument("--samples", "-n", type=int, default=10_000)
    parser.add_argument("--method", action="append", choices=["topsis", "vikor", "saw"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    given = parser.parse_args()
    for m in given.alternatives:
        problem = make_problem(m, given.criteria, given.seed)
        weights = np.random.default_rng(given.seed + 1).dirichlet(np.ones(given.criteria))
        for method in given.method or ["topsis", "vikor"]:
            print(f"{method}, {m:,} alternatives × {given.criteria} criteria", flush=True)
            draws = dirichlet_around(weights, 100.0)
            mapper = thread_mapper(given.threads)
            common = (problem, method, None)
            timed("smaa", partial(smaa, *common, draws, given.samples, 1, map_chunks=mapper))
            timed("sweeps", partial(oat, problem, weights, method, None, 101))
            timed("thresholds", partial(critical_thresholds, problem, weights, method, listed=40))
            timed("reversal", partial(rank_reversal, problem, weights, method, None))


if __name__ == "__main__":
    main()
