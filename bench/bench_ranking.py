"""Time the TOPSIS and VIKOR kernels against pymcdm and a plain numpy reference.

Run by hand (not a test)::

    /tmp/venv/bin/python bench/bench_ranking.py [--rows N] [--cols K] [--repeat R] [--pieces]

One random positive matrix (seeded ``numpy.random.Generator``), random benefit/cost types and
weights drawn uniformly on the simplex. Every implementation gets one untimed-for-the-median
warm-up call, then ``--repeat`` timed calls, round-robin over the implementations so that machine
noise spreads evenly; the table reports the median. A call slower than ``--slow`` seconds
(default 30) on warm-up is measured only once (its warm-up time is reported, marked "1 run").

Targets: our TOPSIS and our VIKOR (S, R, Q) within 1.5× of the plain numpy reference at
1,000,000 × 32. ``--pieces`` also times the steps of our kernels one by one.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pymcdm import normalizations
from pymcdm.methods import TOPSIS, VIKOR
from rich.console import Console
from rich.table import Table

from mcda_citydip.ranking.topsis import topsis_scores
from mcda_citydip.ranking.vikor import compromise, q_index, regrets

V = 0.5  # VIKOR strategy weight, the same everywhere


# --------------------------------------------------------------------------------------------
# Plain numpy reference: the textbook formulas, written the obvious way.
# --------------------------------------------------------------------------------------------


def numpy_topsis(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Hwang & Yoon: vector normalisation, weighting, ideal/anti-ideal, closeness."""
    norm = matrix / np.sqrt((matrix**2).sum(axis=0))
    weighted = norm * weights
    ideal = np.where(benefit, weighted.max(axis=0), weighted.min(axis=0))
    anti = np.where(benefit, weighted.min(axis=0), weighted.max(axis=0))
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def numpy_vikor(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = V
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Opricovic & Tzeng: S, R and Q."""
    f_star = np.where(benefit, matrix.max(axis=0), matrix.min(axis=0))
    f_minus = np.where(benefit, matrix.min(axis=0), matrix.max(axis=0))
    terms = weights * (f_star - matrix) / (f_star - f_minus)
    s = terms.sum(axis=1)
    r = terms.max(axis=1)
    q = v * (s - s.min()) / (s.max() - s.min()) + (1 - v) * (r - r.min()) / (r.max() - r.min())
    return s, r, q


def numpy_compromise(s: np.ndarray, r: np.ndarray, q: np.ndarray) -> tuple[int, ...]:
    """C1 (acceptable advantage, DQ = 1/(m−1)), C2 (best by S or R) and the compromise set."""
    order = np.argsort(q, kind="stable")
    first, second = order[0], order[1]
    dq = 1.0 / (len(q) - 1)
    advantage = q[second] - q[first] >= dq
    stability = s[first] == s.min() or r[first] == r.min()
    if not advantage:
        return tuple(int(i) for i in order[q[order] - q[first] < dq])
    if not stability:
        return (int(first), int(second))
    return (int(first),)


# --------------------------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    method: str
    name: str
    call: Callable[[], Any]
    baseline: str  # name of the case its ratio is taken against
    times: list[float] = field(default_factory=list)
    single: bool = False
    result: Any = None


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def make_problem(
    rows: int, cols: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1.0, 100.0, size=(rows, cols))
    benefit = rng.random(cols) < 0.5
    weights = rng.dirichlet(np.ones(cols))
    types = np.where(benefit, 1, -1)
    return matrix, weights, benefit, types


def max_abs(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


def time_pieces(
    console: Console, matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, repeat: int
) -> None:
    """Median time of each step of our kernels, in the order the kernels run them."""
    from mcda_citydip.ranking.result import rank_values
    from mcda_citydip.ranking.topsis import vector_scale

    state: dict[str, Any] = {}

    def put(key: str, fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            state[key] = fn()
            return state[key]

        return run

    s_ = state

    def vikor_vectors() -> tuple[np.ndarray, np.ndarray]:
        high, low = matrix.max(axis=0), matrix.min(axis=0)
        span = np.where(benefit, high - low, low - high)
        factor = np.divide(weights, span, out=np.zeros_like(span), where=span != 0)
        return np.where(benefit, high, low), factor

    def closeness() -> np.ndarray:
        total = s_["dp"] + s_["dm"]
        return np.divide(s_["dm"], total, out=np.full_like(total, 0.5), where=total > 0)

    steps: list[tuple[str, str, Callable[[], Any]]] = [
        (
            "topsis",
            "vector_scale: einsum column norms",
            put("sc", lambda: vector_scale(matrix, benefit)),
        ),
        (
            "topsis",
            "weighted = matrix*(w*scale) + w*offset",
            put("wt", lambda: matrix * (weights * s_["sc"][0]) + weights * s_["sc"][1]),
        ),
        (
            "topsis",
            "weighted.max / .min (axis 0)",
            put("hl", lambda: (s_["wt"].max(axis=0), s_["wt"].min(axis=0))),
        ),
        (
            "topsis",
            "d_plus = sqrt(square(wt - ideal).sum(1))",
            put("dp", lambda: np.sqrt(np.square(s_["wt"] - s_["hl"][0]).sum(axis=1))),
        ),
        (
            "topsis",
            "d_minus = sqrt(square(wt - anti).sum(1))",
            put("dm", lambda: np.sqrt(np.square(s_["wt"] - s_["hl"][1]).sum(axis=1))),
        ),
        ("topsis", "closeness: np.divide(where=, out=)", closeness),
        ("vikor", "best/span/factor (max, min axis 0)", put("bf", vikor_vectors)),
        (
            "vikor",
            "terms = (best - matrix) * factor",
            put("terms", lambda: (s_["bf"][0] - matrix) * s_["bf"][1]),
        ),
        ("vikor", "terms.sum(axis=1) -> S", put("S", lambda: s_["terms"].sum(axis=1))),
        ("vikor", "terms.max(axis=1) -> R", put("R", lambda: s_["terms"].max(axis=1))),
        ("vikor", "q_index(S, R, v)", put("Q", lambda: q_index(s_["S"], s_["R"], V))),
        ("compromise", "argsort(Q, stable)", lambda: np.argsort(s_["Q"], kind="stable")),
        ("compromise", "rank_values(S)", lambda: rank_values(s_["S"], higher_is_better=False)),
        ("compromise", "rank_values(R)", lambda: rank_values(s_["R"], higher_is_better=False)),
        ("compromise", "compromise(S, R, Q) total", lambda: compromise(s_["S"], s_["R"], s_["Q"])),
    ]
    table = Table(title=f"Steps of our kernels ({matrix.shape[0]:,} × {matrix.shape[1]})")
    table.add_column("kernel")
    table.add_column("step")
    table.add_column("seconds (median)", justify="right")
    for kernel, label, fn in steps:
        fn()  # warm-up, also fills the state the next steps read
        times = [timed(fn)[0] for _ in range(repeat)]
        table.add_row(kernel, label, f"{statistics.median(times):.4f}")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--slow", type=float, default=30.0, help="measure once if warm-up exceeds this (s)"
    )
    parser.add_argument("--pieces", action="store_true", help="also time our kernels step by step")
    parser.add_argument(
        "--skip-validated", action="store_true", help="skip pymcdm with validation=True"
    )
    args = parser.parse_args()

    console = Console(width=max(Console().width, 130))
    matrix, weights, benefit, types = make_problem(args.rows, args.cols, args.seed)
    console.print(
        f"matrix {args.rows:,} × {args.cols} float64 ({matrix.nbytes / 2**20:.0f} MiB), "
        f"{int(benefit.sum())} benefit / {int((~benefit).sum())} cost, seed {args.seed}, "
        f"numpy {np.__version__}, repeat {args.repeat} (median)"
    )

    def ours_vikor() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        s, r = regrets(matrix, weights, benefit)
        return s, r, q_index(s, r, V)

    def ours_vikor_compromise() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
        s, r, q = ours_vikor()
        return s, r, q, compromise(s, r, q).members

    def numpy_vikor_compromise() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
        s, r, q = numpy_vikor(matrix, weights, benefit)
        return s, r, q, numpy_compromise(s, r, q)

    pm_topsis = TOPSIS(normalizations.vector_normalization)
    pm_vikor = VIKOR(v=V)

    cases = [
        Case(
            "TOPSIS", "plain numpy", lambda: numpy_topsis(matrix, weights, benefit), "plain numpy"
        ),
        Case(
            "TOPSIS",
            "ours topsis_scores",
            lambda: topsis_scores(matrix, weights, benefit, "vector"),
            "plain numpy",
        ),
        Case(
            "TOPSIS",
            "pymcdm validation=False",
            lambda: pm_topsis(matrix, weights, types, validation=False),
            "plain numpy",
        ),
        Case(
            "TOPSIS",
            "pymcdm validation=True",
            lambda: pm_topsis(matrix, weights, types),
            "plain numpy",
        ),
        Case(
            "VIKOR",
            "plain numpy S,R,Q",
            lambda: numpy_vikor(matrix, weights, benefit),
            "plain numpy S,R,Q",
        ),
        Case("VIKOR", "ours regrets+q_index", ours_vikor, "plain numpy S,R,Q"),
        Case(
            "VIKOR",
            "pymcdm validation=False",
            lambda: pm_vikor(matrix, weights, types, validation=False),
            "plain numpy S,R,Q",
        ),
        Case(
            "VIKOR",
            "pymcdm validation=True",
            lambda: pm_vikor(matrix, weights, types),
            "plain numpy S,R,Q",
        ),
        Case(
            "VIKOR", "plain numpy + compromise", numpy_vikor_compromise, "plain numpy + compromise"
        ),
        Case("VIKOR", "ours + compromise", ours_vikor_compromise, "plain numpy + compromise"),
    ]
    if args.skip_validated:
        cases = [c for c in cases if "validation=True" not in c.name]

    # Warm-up (and single measurement of anything slower than --slow).
    for case in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seconds, case.result = timed(case.call)
        console.print(f"  warm-up {case.method:6} {case.name:28} {seconds:8.3f} s")
        if seconds > args.slow:
            case.single = True
            case.times.append(seconds)
    for _ in range(args.repeat):
        for case in cases:
            if case.single:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                seconds, _out = timed(case.call)
            case.times.append(seconds)
            del _out

    # Agreement with the plain numpy reference (TOPSIS closeness; VIKOR Q, and S, R where known).
    by_name = {(c.method, c.name): c for c in cases}
    ref_c = by_name[("TOPSIS", "plain numpy")].result
    ref_s, ref_r, ref_q = by_name[("VIKOR", "plain numpy S,R,Q")].result
    ref_members = by_name[("VIKOR", "plain numpy + compromise")].result[3]

    def agreement(case: Case) -> str:
        res = case.result
        if case.method == "TOPSIS":
            return f"{max_abs(res, ref_c):.1e}"
        if isinstance(res, tuple):
            text = (
                f"Q {max_abs(res[2], ref_q):.1e}, S {max_abs(res[0], ref_s):.1e}, "
                f"R {max_abs(res[1], ref_r):.1e}"
            )
            if len(res) == 4:
                text += f", set {'same' if res[3] == ref_members else 'DIFFERENT'}"
            return text
        return f"Q {max_abs(res, ref_q):.1e}"

    medians = {(c.method, c.name): statistics.median(c.times) for c in cases}
    table = Table(title=f"TOPSIS / VIKOR on {args.rows:,} × {args.cols} (median of {args.repeat})")
    table.add_column("method")
    table.add_column("implementation")
    table.add_column("seconds", justify="right")
    table.add_column("runs", justify="right")
    table.add_column("× plain numpy", justify="right")
    table.add_column("max |Δ| vs plain numpy")
    for case in cases:
        median = medians[(case.method, case.name)]
        ratio = median / medians[(case.method, case.baseline)]
        table.add_row(
            case.method,
            case.name,
            f"{median:.3f}",
            "1 run (slow)" if case.single else str(len(case.times)),
            f"{ratio:.2f}",
            agreement(case),
        )
    console.print(table)
    console.print(
        f"compromise set size: {len(ref_members)} "
        f"(DQ = 1/(m−1) = {1 / (args.rows - 1):.2e}); "
        "target: ours ≤ 1.5× plain numpy for TOPSIS and for VIKOR S,R,Q"
    )
    for case in cases:
        case.result = None
    if args.pieces:
        time_pieces(console, matrix, weights, benefit, args.repeat)


if __name__ == "__main__":
    main()
