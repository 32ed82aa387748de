"""The random decision problem the SMAA benches time (imported by ``bench_smaa.py`` and
``bench_dask.py``, run from this folder; import it after setting any BLAS variable)."""

from __future__ import annotations

import numpy as np

from mcda_citydip.model import GOAL, Direction, Hierarchy, Node, Problem


def make_problem(m: int, n: int, seed: int) -> Problem:
    """``m`` alternatives × ``n`` criteria uniform on [1, 100), random benefit/cost types."""
    rng = np.random.default_rng(seed)
    ids = tuple(f"c{j}" for j in range(n))
    directions: list[Direction] = ["benefit" if b else "cost" for b in rng.random(n) < 0.5]
    nodes: dict[str, Node] = {GOAL: Node(GOAL, "Goal", children=ids)}
    nodes.update({c: Node(c, c, direction=d) for c, d in zip(ids, directions, strict=True)})
    matrix = rng.uniform(1.0, 100.0, size=(m, n))
    return Problem(Hierarchy("bench", nodes), tuple(f"a{i}" for i in range(m)), matrix)
