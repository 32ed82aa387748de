"""Compiled SMAA kernels: the optional ``fast`` extra (``pip install 'mcda-citydip[fast]'``,
numba), bit for bit the numpy path's results.

SMAA-2 spends its time in three steps per tile of draws (``bench/bench_smaa.py``): the
method's keys, sorting every draw's keys, and counting ``(rank, alternative)`` pairs. The
numpy path (:meth:`~mcda_citydip.sensitivity.engine.Engine.count`) sorts 64-bit integers
(the key's bits, the alternative's index in the low bits), which numpy does not vectorise
here, and VIKOR's ``R = max_j w_j f_ij`` goes through k × m temporaries. These kernels:

* **narrow sort with exact repair** — each key's 64-bit integer (the numpy path's, index
  bits cleared) becomes a per-draw level: its offset from the draw's smallest positive one,
  shifted right until every level fits in ``32 − shift`` bits (level 0 for zeros), a
  non-decreasing function of the integer.
  Level and index share one ``uint32``, which numpy sorts with its vectorised 32-bit sort.
  Alternatives of different levels are then in the numpy path's order; a run of equal levels
  is sorted again by the full 64-bit integers (rare: a clash needs two keys within
  ``2**(shift + s)`` of each other). So every draw's order is exactly the numpy path's.
* **rank counting** in blocks of ranks, whose counters stay in the core's cache, instead of
  ``numpy.add.at`` over the whole ``K × m`` table; the meta-weight sums of a cut table are
  added draw by draw in the order numpy's ``sum(axis=0)`` adds them.
* **VIKOR's R and Q** — ``R`` row by row (``max(R, w_j f_ij)``, the same products and the
  same comparisons as ``numpy.maximum``), then ``Q`` with the same operations in the same
  order as :func:`~mcda_citydip.ranking.vikor.vikor_q`. ``S`` stays a matrix product in
  numpy's BLAS: a compiled sum would add in another order and change the last bits.

No fast-math: every floating-point operation is IEEE's, so the keys are the numpy path's
bits (``tests/test_compiled.py`` checks it on random inputs with ties, clashes and signed
zeros). numba compiles the kernels on their first call in a process (seconds) and keeps the
machine code on disk (``cache=True``: ``NUMBA_CACHE_DIR``, which the command line points
into citydip's cache folder, :mod:`mcda_citydip.files.cache`).

Which path runs: ``kernel="auto"`` (the default) takes numba when it is installed and the
run is large enough to repay loading it (:data:`AUTO_WORK` alternative·draws), up to
:data:`MAX_ALTERNATIVES` alternatives (past them the narrow sort's levels clash too often and
the ranks are counted by numpy), unless the environment variable ``CITYDIP_KERNEL`` says
``numpy`` or ``numba``; ``"numpy"`` and ``"numba"`` choose. The path is stated in the SMAA
conventions.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, IntArray

__all__ = [
    "AUTO_WORK", "ENV_VAR", "KERNELS", "MAX_ALTERNATIVES", "choose", "count", "describe", "vikor_q",
]  # fmt: skip

KERNELS = ("auto", "numpy", "numba")
ENV_VAR = "CITYDIP_KERNEL"
INSTALL = "pip install 'mcda-citydip[fast]'"
#: ``auto`` compiles from this many alternative·draws (500 alternatives × 100,000 draws).
#: Loading numba and the kept kernels costs about 1 s a process (5–6.5 s the first time,
#: compiling them); they save about 4 ns (TOPSIS) and 34 ns (VIKOR) per alternative·draw,
#: so a run of both methods gains from here on (``bench/README.md``).
AUTO_WORK = 50_000_000
#: The narrow sort keeps at least this many bits for levels (``32 − shift``): with more than
#: 4,096 alternatives the levels clash so often that repairing them costs what the 32-bit
#: sort saves (``bench/bench_kernels.py``: even at 8,000, slower at 26,000), and the numpy
#: path counts (VIKOR's keys stay compiled).
MIN_LEVEL_BITS = 20
MAX_ALTERNATIVES = 2 ** (32 - MIN_LEVEL_BITS)  # 4,096: the narrow sort's index bits
RANK_BLOCK = 16  # ranks counted at once: their counters stay in the core's cache
INSERTION = 32  # runs of equal levels up to this long are repaired by insertion


def choose(kernel: str, alternatives: int, draws: int) -> str:
    """The path that runs, ``"numpy"`` or ``"numba"``, for ``kernel`` (one of
    :data:`KERNELS`) on ``alternatives`` × ``draws``; :class:`MethodError` for an unknown
    kernel, or ``numba`` asked for and not installed. ``auto`` compiles from
    :data:`AUTO_WORK` alternative·draws, up to :data:`MAX_ALTERNATIVES` (past it the ranks
    are counted by numpy anyway)."""
    asked = kernel
    if kernel == "auto":  # the environment's choice is said as the environment's
        asked = os.environ.get(ENV_VAR, "").strip().lower() or "auto"
        if asked not in KERNELS:
            raise MethodError(f"{ENV_VAR}: must be one of {', '.join(KERNELS)}, got {asked!r}")
    elif kernel not in KERNELS:
        raise MethodError(
            f"kernel: must be one of {', '.join(KERNELS)}, got {kernel!r}", parameter="kernel"
        )
    installed = find_spec("numba") is not None
    if asked == "numba" and not installed:
        if kernel == "auto":
            raise MethodError(
                f"{ENV_VAR}=numba: numba is not installed; {INSTALL}, or unset {ENV_VAR}"
            )
        raise MethodError(f"kernel: numba is not installed ({INSTALL})", parameter="kernel")
    if asked == "auto":
        worth = alternatives * draws >= AUTO_WORK and alternatives <= MAX_ALTERNATIVES
        return "numba" if installed and worth else "numpy"
    return asked


def describe(path: str, alternatives: int) -> str:
    """The path, as the conventions state it, for ``alternatives`` ranked."""
    if path == "numpy":
        return "numpy: 64-bit sort of every draw's keys"
    import numba

    if alternatives > MAX_ALTERNATIVES:  # count() leaves the sort and counting to numpy
        return (
            f"numba {numba.__version__}: VIKOR's R and Q compiled (S by numpy's BLAS); ranks "
            f"sorted and counted by numpy (over {MAX_ALTERNATIVES:,} alternatives); bit for "
            "bit the numpy path"
        )
    return (
        f"numba {numba.__version__}: 32-bit sort of levels with exact repair, compiled rank "
        "counting (VIKOR: compiled R and Q; S by numpy's BLAS); bit for bit the numpy path"
    )


def _narrow(bits: Any, shift: int, order: Any) -> None:  # pragma: no cover - compiled
    """Levels and indices (``uint32``) of every row of ``bits`` (the keys' int64 bits).

    Level 0 holds the keys whose integers are not positive (zeros, −0.0); the positive ones
    get ``1 + (e − e_min) >> cut``, ``e_min`` the row's smallest positive integer, ``cut``
    the least shift that fits them in ``32 − shift`` bits: VIKOR's best ``Q`` is 0, and would
    otherwise stretch the levels over every binade down to it."""
    rows, m = bits.shape
    clear = ~np.int64((1 << shift) - 1)
    room = np.int64(1) << (32 - shift)  # levels 0 … room − 1
    for row in range(rows):
        line = bits[row]
        low, high = np.int64(2**63 - 1), np.int64(0)
        for i in range(m):
            e = line[i] & clear
            if e > 0:
                low, high = min(low, e), max(high, e)
        cut = 0
        if high > 0:
            while ((high - low) >> cut) >= room - 1:
                cut += 1
        for i in range(m):
            e = line[i] & clear
            level = ((e - low) >> cut) + 1 if e > 0 else np.int64(0)
            order[row, i] = np.uint32((level << shift) | i)


def _repair(order: Any, bits: Any, shift: int) -> None:  # pragma: no cover - compiled
    """Sort every run of equal levels of the sorted ``order`` by the full integers: by
    insertion (runs are short: a few alternatives), or by ``numpy.sort`` past
    :data:`INSERTION` alternatives."""
    rows, m = order.shape
    below = np.uint32(1 << shift)
    index = np.uint32((1 << shift) - 1)
    clear = ~np.int64((1 << shift) - 1)
    run = np.empty(m, np.int64)
    for row in range(rows):
        line, keys = order[row], bits[row]
        clash = False
        for p in range(1, m):
            clash |= (line[p] ^ line[p - 1]) < below
        if not clash:
            continue
        start = 0
        for p in range(1, m + 1):
            if p < m and (line[p] ^ line[start]) < below:
                continue
            size = p - start
            if 1 < size <= INSERTION:
                for t in range(start + 1, p):
                    item = line[t]
                    i = np.int64(item & index)
                    key = (keys[i] & clear) | i
                    u = t - 1
                    while u >= start:
                        j = np.int64(line[u] & index)
                        if (keys[j] & clear) | j < key:
                            break
                        line[u + 1] = line[u]
                        u -= 1
                    line[u + 1] = item
            elif size > INSERTION:
                level = line[start] & ~index
                for t in range(size):
                    i = np.int64(line[start + t] & index)
                    run[t] = (keys[i] & clear) | i
                ordered = np.sort(run[:size])
                for t in range(size):
                    line[start + t] = level | np.uint32(ordered[t] & np.int64(index))
            start = p


def _tally(
    order: Any, shift: int, kept: int, counts: Any, first: Any, alphas: Any, sums: Any
) -> None:  # pragma: no cover - compiled
    """Count ranks ``1…kept`` into ``counts`` (flat, rank major), the first of every row into
    ``first``, and (when ``alphas`` has rows) ``α_r`` of every alternative's rank into
    ``sums`` (m × len(alphas)) as numpy's ``alpha[position].sum(axis=0)`` adds them."""
    rows, m = order.shape
    index = np.uint32((1 << shift) - 1)
    for row in range(rows):
        first[row] = order[row, 0] & index
    for start in range(0, kept, RANK_BLOCK):
        stop = min(kept, start + RANK_BLOCK)
        for row in range(rows):
            for p in range(start, stop):
                counts[p * m + (order[row, p] & index)] += 1
    metas = alphas.shape[0]
    if metas == 0:
        return
    tile = np.zeros((m, metas))
    for row in range(rows):
        for p in range(m):
            i = order[row, p] & index
            for k in range(metas):
                tile[i, k] += alphas[k, p]
    for k in range(metas):
        for i in range(m):
            sums[i, k] += tile[i, k]


def _vikor_q(
    s: Any, weights: Any, regrets_t: Any, v: float, tolerance: float
) -> None:  # pragma: no cover - compiled
    """``Q`` in place in ``s`` (k × m, ``S`` from BLAS); ``R`` row by row."""
    rows, m = s.shape
    n = regrets_t.shape[0]
    rest = 1.0 - v
    peak, other = np.empty(m), np.empty(m)
    for row in range(rows):
        w = weights[row]
        first = w[0]
        for i in range(m):
            peak[i] = first * regrets_t[0, i]
        a, b = peak, other
        for j in range(1, n):
            wj, fj = w[j], regrets_t[j]
            for i in range(m):
                product, held = wj * fj[i], a[i]
                b[i] = held if held > product else product  # numpy.maximum(held, product)
            a, b = b, a
        line = s[row]
        low_s = high_s = line[0]
        low_r = high_r = a[0]
        for i in range(1, m):
            low_s, high_s = min(low_s, line[i]), max(high_s, line[i])
            low_r, high_r = min(low_r, a[i]), max(high_r, a[i])
        # as unit_interval: divide by inf (giving 0) where all tie within the tolerance
        by_s, by_r = high_s - low_s, high_r - low_r
        if by_s <= tolerance * max(1.0, max(abs(low_s), abs(high_s))):
            by_s = np.inf
        if by_r <= tolerance * max(1.0, max(abs(low_r), abs(high_r))):
            by_r = np.inf
        for i in range(m):
            line[i] = ((line[i] - low_s) / by_s) * v + ((a[i] - low_r) / by_r) * rest


@cache
def _kernels() -> SimpleNamespace:
    """The kernels, compiled (on first call; numba keeps the machine code on disk)."""
    from numba import njit

    def jit(function: Any) -> Any:
        return njit(cache=True, nogil=True)(function)

    return SimpleNamespace(
        narrow=jit(_narrow), repair=jit(_repair), tally=jit(_tally), vikor_q=jit(_vikor_q)
    )


def count(
    keys: FloatArray,
    shift: int,
    kept: int,
    counts: npt.NDArray[np.int32],
    holistic: tuple[FloatArray, FloatArray] | None = None,
) -> IntArray | None:
    """:meth:`~mcda_citydip.sensitivity.engine.Engine.count`, compiled; ``None`` when the
    alternatives are too many for the narrow sort (over :data:`MAX_ALTERNATIVES`), or the
    meta-weight sums are of a single alternative (numpy then adds pairwise, not draw by
    draw): the caller counts with numpy."""
    if keys.shape[1] > MAX_ALTERNATIVES or (holistic is not None and keys.shape[1] < 2):
        return None
    kernels = _kernels()
    bits = np.ascontiguousarray(keys, dtype=np.float64).view(np.int64)
    order = np.empty(bits.shape, dtype=np.uint32)
    kernels.narrow(bits, shift, order)
    order.sort(axis=1)
    kernels.repair(order, bits, shift)
    first = np.empty(len(order), dtype=np.int64)
    alphas, sums = holistic if holistic is not None else (np.empty((0, 1)), np.empty((1, 0)))
    kernels.tally(order, shift, kept, counts, first, np.ascontiguousarray(alphas), sums)
    return first


def vikor_q(s: FloatArray, weights: FloatArray, regrets_t: FloatArray, v: float) -> FloatArray:
    """VIKOR's ``Q`` (k × m) in place in ``s`` (``S``, k × m), with ``weights`` (k × n) and
    the regrets transposed (n × m): :meth:`~mcda_citydip.ranking.vikor.VIKOR.keys`, compiled."""
    from mcda_citydip.ranking.result import TIE_TOLERANCE

    _kernels().vikor_q(s, np.ascontiguousarray(weights), regrets_t, float(v), TIE_TOLERANCE)
    return s
