"""Consistency of pairwise comparison matrices: λmax, CI, CR and random-index tables.

``CI = (λmax − n) / (n − 1)`` and ``CR = CI / RI(n)`` (Saaty 1980). The random index
``RI(n)`` is the mean CI of random reciprocal matrices; published tables differ by the
simulation behind them, so the table is a named, cited choice stamped in every output.
Matrices of order 1 and 2 are always consistent: their CR is 0.

**Incomplete matrices.** The CI of an incomplete matrix is that of the matrix completed from
its priorities (:func:`~mcda_citydip.ahp.matrix.completed`). Random matrices with missing
entries are less inconsistent than complete ones, so dividing by the complete-matrix RI
would make sparse judgments look more consistent than they are: the RI falls with the number
of missing entries (Ágoston & Csató 2022, *Omega* 108:102576) and depends on which pairs are
missing (Ágoston & Csató 2025, arXiv:2510.27011). :func:`matrix_consistency` therefore uses
``RI(n) × f``, where ``f`` is the mean CI of random matrices on the node's own comparison graph
relative to the mean CI of the same random matrices complete (``GRAPH_RI_SAMPLES`` matrices,
entries uniform on Saaty's 17 values, completed by the node's own priority method, a fixed
seed). ``f`` keeps the chosen table for complete matrices (``f = 1``) and is 0 on a spanning
tree, where every set of judgments is consistent (CR 0). This is ``incomplete_random_index:
graph``, the default; ``complete`` keeps the classic ``CR = CI / RI(n)`` of the completed
matrix (``f = 1``), as published studies report it (e.g. Bozóki, Fülöp & Rónyai 2010, *Math.
Comput. Modelling* 52:318–333, Example 3), for replication.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from mcda_citydip.ahp.matrix import SAATY_VALUES, completed, is_complete
from mcda_citydip.ahp.priorities import perron_batch, principal_eigen, priorities_batch
from mcda_citydip.cache import current as installed_store
from mcda_citydip.errors import check_choice
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray

CR_THRESHOLD = 0.1
GRAPH_RI_SAMPLES = 4000
GRAPH_RI_SEED = 2022
GRAPH_RI_CHUNK = 500  # random matrices per batch at most (memory: 3 × chunk × n² floats)
GRAPH_RI_WORK = GRAPH_RI_SAMPLES * 15**2  # samples × n²: the full 4,000 up to n = 15
GRAPH_RI_MIN_SAMPLES = 100
GRAPH_RI_MEMORY = 64 * 2**20  # bytes of matrices per batch
GRAPH_RI_VERSION = 1  # raise when the simulation changes: kept results are then ignored
#: The random index of an incomplete matrix: RI(n) × graph factor | RI(n).
IncompleteRandomIndex = Literal["graph", "complete"]
INCOMPLETE_RANDOM_INDEX: tuple[str, ...] = get_args(IncompleteRandomIndex)


def cr_limit(max_cr: float | None) -> float:
    """The CR above which a node is flagged: the scenario's ``max_cr``, else Saaty's 0.1."""
    return CR_THRESHOLD if max_cr is None else max_cr


def alonso_lamata_ri(n: int) -> float:
    """RI from Alonso & Lamata's (2006) linear fit of the mean random λmax.

    Mean λmax of random matrices ≈ 2.7699·n − 4.3513, so
    ``RI(n) = (1.7699·n − 4.3513) / (n − 1)``; valid for any ``n ≥ 3``.
    """
    return (1.7699 * n - 4.3513) / (n - 1)


class RandomIndexTable(Struct, frozen=True):
    """A published random-index table; ``formula`` covers orders beyond ``values``."""

    name: str
    citation: str
    values: Mapping[int, float]
    formula: Callable[[int], float] | None = None
    interpolate: bool = False

    def lookup(self, n: int) -> tuple[float, str | None]:
        """RI for order ``n`` and a note when the value is not the table's own."""
        if n <= 2:
            return 0.0, None
        if n in self.values:
            return self.values[n], None
        if self.formula is not None:
            return self.formula(n), None
        orders = sorted(self.values)
        if self.interpolate and orders[0] < n < orders[-1]:
            xs = [float(k) for k in orders]
            value = float(np.interp(n, xs, [self.values[k] for k in orders]))
            return value, Message(
                N_(
                    "random index '{table}' has no value for n={n}; interpolated linearly "
                    "between its neighbouring orders: RI = {value:.4f}"
                ),
                table=self.name,
                n=n,
                value=value,
            )
        return alonso_lamata_ri(n), Message(
            N_(
                "random index '{table}' has no value for n={n}; used the Alonso & Lamata "
                "(2006) formula RI = (1.7699·n − 4.3513)/(n − 1) instead"
            ),
            table=self.name,
            n=n,
        )


def _table(*values: float) -> Mapping[int, float]:
    return MappingProxyType({n: v for n, v in enumerate(values, start=1)})


RANDOM_INDEX: Mapping[str, RandomIndexTable] = MappingProxyType(
    {
        "saaty": RandomIndexTable(
            "saaty",
            "Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, p. 21; "
            "n = 11–15 from Saaty (1990) EJOR 48:9–26",
            _table(
                0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59
            ),
        ),
        "alonso-lamata": RandomIndexTable(
            "alonso-lamata",
            "Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic hierarchy "
            "process: a new approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based "
            "Systems 14(4):445–459 (linear fit, any n)",
            MappingProxyType({}),
            alonso_lamata_ri,
        ),
        "saaty-2005": RandomIndexTable(
            "saaty-2005",
            "Saaty, T. L. (2005). Theory and Applications of the Analytic Network Process. "
            "RWS Publications, p. 31 (values as reproduced by AHPy)",
            _table(
                0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59
            ),
        ),
        "donegan-dodd": RandomIndexTable(
            "donegan-dodd",
            "Donegan, H. A. & Dodd, F. J. (1991). A note on Saaty's random indexes. "
            "Mathematical and Computer Modelling 15(10):135–137 (n = 3–20, 25, 30, …, 100; "
            "linear interpolation between tabulated orders)",
            MappingProxyType(
                {
                    1: 0.0,
                    2: 0.0,
                    3: 0.4914,
                    4: 0.8286,
                    5: 1.0591,
                    6: 1.1797,
                    7: 1.2519,
                    8: 1.3171,
                    9: 1.3733,
                    10: 1.4055,
                    11: 1.4213,
                    12: 1.4497,
                    13: 1.4643,
                    14: 1.4822,
                    15: 1.4969,
                    16: 1.5078,
                    17: 1.5153,
                    18: 1.5262,
                    19: 1.5313,
                    20: 1.5371,
                    25: 1.5619,
                    30: 1.5772,
                    40: 1.5976,
                    50: 1.6102,
                    60: 1.6178,
                    70: 1.6237,
                    80: 1.6277,
                    100: 1.6339,
                    # n = 90 (printed as 1.6213 in the reproduction we could read) breaks the
                    # monotone trend and is left out until checked against the paper.
                }
            ),
            interpolate=True,
        ),
    }
)


class Consistency(Struct, frozen=True):
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    note: str | None = None
    graph_factor: float = 1.0  # RI = table RI(n) × graph_factor (< 1 when pairs are missing)


def lambda_max(matrix: FloatArray) -> float:
    """Principal eigenvalue of a complete positive reciprocal matrix."""
    if matrix.shape[0] == 1:
        return 1.0
    return principal_eigen(matrix)[0]


def consistency(matrix: FloatArray, table: RandomIndexTable) -> Consistency:
    """λmax, CI and CR of a complete (or completed) reciprocal matrix."""
    n = matrix.shape[0]
    lam = lambda_max(matrix)
    if n <= 2:
        return Consistency(float(n), 0.0, 0.0, 0.0)
    ci = max((lam - n) / (n - 1), 0.0)  # λmax ≥ n in exact arithmetic
    ri, note = table.lookup(n)
    return Consistency(lam, ci, ci / ri, ri, note)


def graph_factor(n: int, edges: tuple[tuple[int, int], ...], priority: str) -> float:
    """Mean CI of random matrices judged only on ``edges`` (pairs ``i < j`` of a connected
    graph on ``n`` items) over their mean CI when complete (:func:`random_mean_ci`).

    The same random matrices serve both means, so the ratio carries little sampling noise
    (a standard deviation of about 0.6 % over seeds at n = 4, less for larger n).
    """
    incomplete, complete = random_mean_ci(n, edges, priority)
    return incomplete / complete


def graph_samples(n: int) -> int:
    """How many random matrices the graph factor of an ``n``-item node simulates: 4,000 up to
    n = 15, then ``900,000 / n²`` (at least 100), so the work stays near that of n = 15
    whatever the node's size. The mean CI of random matrices concentrates as n grows (it is
    a mean over n² entries), so fewer matrices give the same precision."""
    return min(GRAPH_RI_SAMPLES, max(GRAPH_RI_MIN_SAMPLES, GRAPH_RI_WORK // (n * n)))


@functools.lru_cache(maxsize=256)
def random_mean_ci(
    n: int, edges: tuple[tuple[int, int], ...], priority: str
) -> tuple[float, float]:
    """Mean CI of :func:`graph_samples` random reciprocal matrices (entries uniform on Saaty's
    17 values, a fixed stream per ``n``) judged only on ``edges`` and completed by
    ``priority`` (Harker's eigenvector or LLSM, as a node is), and of the same matrices
    complete — the simulation behind a random index (Saaty 1980; Alonso & Lamata 2006).

    The result depends on nothing else, so it is kept in the installed store
    (:mod:`mcda_citydip.cache`) under a key naming every input, the simulation's constants
    and numpy's version (whose generator draws the matrices): a kept result is the one the
    simulation gives, bit for bit, and any change of input or constant simulates anew."""
    key = simulation_key(n, edges, priority)
    store = installed_store()
    kept = None if store is None else store.get(key)
    if kept is not None and len(kept) == 2 and kept[0] >= 0 and kept[1] > 0:
        return kept[0], kept[1]  # a mean CI: never negative, and positive when complete
    found = _simulated_mean_ci(n, edges, priority)
    if store is not None:
        store.put(key, found)
    return found


def simulation_key(n: int, edges: tuple[tuple[int, int], ...], priority: str) -> str:
    """The key of :func:`random_mean_ci`'s result: every input and constant it depends on."""
    pairs = ",".join(f"{i}-{j}" for i, j in sorted(edges))
    return (
        f"graph-ri/{GRAPH_RI_VERSION} n={n} priority={priority} samples={graph_samples(n)} "
        f"seed={GRAPH_RI_SEED} chunk={GRAPH_RI_CHUNK} memory={GRAPH_RI_MEMORY} "
        f"numpy={np.__version__} edges={pairs}"
    )


def _simulated_mean_ci(
    n: int, edges: tuple[tuple[int, int], ...], priority: str
) -> tuple[float, float]:
    """:func:`random_mean_ci`, simulated."""
    given = np.eye(n, dtype=bool)
    for i, j in edges:
        given[i, j] = given[j, i] = True
    every_row, every_col = np.triu_indices(n, 1)
    known = np.flatnonzero(given[every_row, every_col])
    rows, cols = every_row[known], every_col[known]
    rng = np.random.default_rng([GRAPH_RI_SEED, n])
    samples = graph_samples(n)
    chunk = max(1, min(GRAPH_RI_CHUNK, GRAPH_RI_MEMORY // (24 * n * n)))
    logs = np.log(rng.choice(SAATY_VALUES, (samples, len(every_row))))
    totals = np.zeros(2)
    for start in range(0, samples, chunk):
        part = logs[start : start + chunk]
        full = np.ones((len(part), n, n))
        full[:, every_row, every_col], full[:, every_col, every_row] = np.exp(part), np.exp(-part)
        weights = priorities_batch(n, rows, cols, part[:, known], priority)
        filled = np.where(given, full, weights[:, :, None] / weights[:, None, :])
        for k, matrices in enumerate((filled, full)):
            totals[k] += np.einsum("kij,kj->", matrices, perron_batch(matrices))
    filled_ci, full_ci = (totals / samples - n) / (n - 1)
    return max(float(filled_ci), 0.0), float(full_ci)


def matrix_consistency(
    matrix: FloatArray,
    weights: FloatArray,
    priority: str,
    table: RandomIndexTable,
    incomplete: str = "graph",
) -> Consistency:
    """λmax, CI and CR of a node's (possibly incomplete) matrix with priorities ``weights``.

    Complete: as :func:`consistency`. Incomplete: the CI of the matrix completed from
    ``weights`` over ``RI(n) × graph_factor`` (``incomplete`` = ``graph``, module notes; a
    spanning tree of judgments is consistent whatever they are: CR 0), or over the table's
    ``RI(n)`` alone (``complete``: the classic CR of the completed matrix, factor 1).
    """
    check_choice("incomplete", incomplete, INCOMPLETE_RANDOM_INDEX, "incomplete random index")
    if is_complete(matrix):
        return consistency(matrix, table)
    n = matrix.shape[0]
    found = consistency(completed(matrix, weights), table)
    if incomplete == "complete":
        return found
    rows, cols = np.nonzero(np.triu(~np.isnan(matrix), 1))
    edges = tuple((int(i), int(j)) for i, j in zip(rows, cols, strict=True))
    if len(edges) == n - 1:  # connected (checked by the caller) with n − 1 edges: a tree
        return Consistency(float(n), 0.0, 0.0, 0.0, found.note, 0.0)
    factor = graph_factor(n, edges, priority)
    ri = found.random_index * factor
    return replace(found, cr=found.ci / ri, random_index=ri, graph_factor=factor)
