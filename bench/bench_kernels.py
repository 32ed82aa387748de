"""Where SMAA's time goes per tile, step by step, on one thread (run by hand, not a test).

    python bench/bench_kernels.py [--alternatives 500] [--criteria 32] [--samples 100000]

One random problem (``random_problem.py``), one tile of draws as ``smaa`` draws it, each step
repeated over the tiles of ``--samples`` draws with BLAS held to one thread: weight sampling,
the method's keys (VIKOR: ``S`` by BLAS, then the compiled ``R`` and ``Q``), the numpy path's
count (64-bit sort and ``numpy.add.at``) and the compiled one (narrow levels, 32-bit sort,
repair, counting), and the first-rank weight sums. Needs numba (the ``fast`` extra).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).parent))
from random_problem import make_problem

from mcda_citydip import compiled
from mcda_citydip.model import Problem
from mcda_citydip.sensitivity.engine import make_engine
from mcda_citydip.sensitivity.sampling import block_streams, uniform_simplex


def timed(name: str, step: Callable[[], object], tiles: int) -> None:
    step()  # compiled on the first call
    start = time.perf_counter()
    for _ in range(tiles):
        step()
    print(f"  {name:34s} {time.perf_counter() - start:7.3f}")


def probe(problem: Problem, method: str, samples: int) -> None:
    """Every step of ``method``'s SMAA, over the tiles of ``samples`` draws."""
    m, n = problem.matrix.shape
    kernels = compiled._kernels()
    fast = make_engine(problem, method, None, uniform_simplex(n), samples, 7, kernel="numba")
    plain = replace(fast, kernel="numpy")
    tiles = max(1, samples // fast.tile)
    print(f"{method}: {tiles} tiles of {fast.tile} draws × {m} alternatives, seconds")
    rng = block_streams(7, 0)[0]
    weights = fast.weights(rng, fast.tile)
    timed("sample weights", lambda: fast.weights(rng, fast.tile), tiles)
    timed("keys, numpy", lambda: plain.keys(weights), tiles)
    timed("keys, compiled", lambda: fast.keys(weights), tiles)
    if method == "vikor":
        s = weights @ fast.parts
        timed("  S by BLAS", lambda: weights @ fast.parts, tiles)
        timed("  R and Q, compiled", lambda: compiled.vikor_q(s.copy(), weights, fast.parts, 0.5),
              tiles)  # fmt: skip
    keys = fast.keys(weights)
    counts = np.zeros(fast.ranks * m, dtype=np.int32)  # ranks 1…K, as smaa keeps them
    # the numpy path sorts the keys' bits in place: each call gets a copy
    timed("sort and count, numpy", lambda: plain.count(keys.copy(), counts), tiles)
    timed("sort and count, compiled", lambda: fast.count(keys.copy(), counts), tiles)
    bits, order = keys.view(np.int64), np.empty(keys.shape, dtype=np.uint32)
    timed("  levels", lambda: kernels.narrow(bits, fast.shift, order), tiles)
    ordered = order.copy()
    ordered.sort(axis=1)
    timed("  32-bit sort (with a copy)", lambda: order.copy().sort(axis=1), tiles)
    timed("  repair", lambda: kernels.repair(ordered.copy(), bits, fast.shift), tiles)
    first = np.empty(len(keys), dtype=np.int64)
    none = (np.empty((0, 1)), np.empty((1, 0)))
    timed(
        "  counting",
        lambda: kernels.tally(ordered, fast.shift, fast.ranks, counts, first, *none),
        tiles,
    )
    sums = np.zeros((m, n))
    timed("first-rank weight sums", lambda: np.add.at(sums, first, weights), tiles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alternatives", type=int, default=500)
    parser.add_argument("--criteria", type=int, default=32)
    parser.add_argument("--samples", type=int, default=100_000)
    args = parser.parse_args()
    problem = make_problem(args.alternatives, args.criteria, 20_240_601)
    with threadpool_limits(1, "blas"):
        for method in ("topsis", "vikor"):
            probe(problem, method, args.samples)


if __name__ == "__main__":
    main()
