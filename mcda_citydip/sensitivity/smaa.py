"""SMAA-2 by Monte Carlo: rank acceptability, central weights and confidence factors.

Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis
for group decision making. Operations Research 49(3):444–454. Over ``N`` draws of weights
(and, optionally, of the decision matrix):

* rank acceptability ``b_i^r``: the share of draws in which alternative ``i`` has rank ``r``;
* central weights ``w_i^c``: the mean weight vector of the draws in which ``i`` is first;
  undefined if ``i`` is never first (a row of zeros here, ``None`` in ``as_dict``);
* confidence factor ``p_i^c``: the share of matrix draws in which ``i`` is first under
  ``w_i^c``; 1.0 or 0.0 without value uncertainty; 0.0 for an alternative never first;
* holistic acceptability ``a_i^h = Σ_r α_r b_i^r`` with meta-weights ``1 = α_1 ≥ … ≥ α_m``.

Conventions (stamped in every result):

* **Ranks** are ordinal (one rank per alternative and draw), by a key in the order of the
  score — TOPSIS ``(D⁺/D⁻)²`` (closeness), VIKOR ``Q`` (no compromise-set conditions per
  draw) — compared on its leading ``52 − ⌈log₂ m⌉`` mantissa bits (≈ 1e-13 relative at 500
  alternatives: round-off level); ties are broken by alternative order (the first listed
  ranks better). Alternatives with identical data that the value draws leave unchanged (no
  value uncertainty, or 0 wherever a range is set) tie in every draw: they share their rank
  counts equally, and the central weights and confidence of the group (the draws in which
  one of them is first). Every row and every column of the acceptability matrix sums to 1.
* **Reproducibility**: fixed blocks of ``BLOCK`` draws, one stream each
  (:func:`~mcda_citydip.sensitivity.sampling.block_streams`); a chunk of work is a whole
  number of blocks; counts are integers and the blocks' float sums are added in block
  order, so the result is the same for any chunk size, number of workers or scheduler.
* **Speed**: TOPSIS ranks by ``(D⁺/D⁻)²`` — the order of the closeness ``D⁻/(D⁺ + D⁻)`` —
  from one matrix product per tile of draws (as in :mod:`~mcda_citydip.sensitivity
  .evaluate`); rows are sorted as integers holding the alternative's index in their low
  bits, and ``(rank, alternative)`` pairs counted with ``numpy.add.at``. Memory is bounded
  by a tile (about ``2**18`` scores) and the ``m × K`` counts of a chunk, never by ``N × m``.
* **Size**: the counts keep ranks ``1…K``, ``K = m`` while ``m² ≤ max_values``
  (:data:`~mcda_citydip.sensitivity.limits.OUTPUT_VALUES`), else
  ``K = max(MIN_RANKS, max_values // m)`` (an ``m × m`` table at 20,000 alternatives is
  3.2 GB of int64, and 4×10⁸ numbers of JSON): the rank acceptability then has columns
  ``1…K``, said in a note and in the conventions. The holistic acceptability still uses
  every rank: each draw adds ``α_r`` of every alternative's rank to per-block float sums
  (added in block order, so chunking still changes nothing). The confidence pass scores
  the central weights in chunks within the memory budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from mcda_citydip.compiled import describe
from mcda_citydip.errors import MethodError
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.sensitivity.chunks import SCORE_BYTES, plan_chunks
from mcda_citydip.sensitivity.distributed import Span, confidence_chunk, weight_chunk
from mcda_citydip.sensitivity.engine import (
    META_WEIGHTS,
    OPTIONS,
    TILE,
    Engine,
    make_engine,
    meta_weights,
    ranks_kept,
)
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUES
from mcda_citydip.sensitivity.sampling import BLOCK, Draw, block_sizes, rows_left_alike

T = TypeVar("T")
__all__ = ["OPTIONS", "TILE", "ChunkMapper", "SmaaResult", "make_engine", "ranks_kept", "smaa"]

DEFAULT_CHUNK = 2 * BLOCK
TIES = (
    "ordinal: by score (leading 52 − ⌈log2 m⌉ mantissa bits), ties by alternative order; "
    "alternatives with identical data that the value draws leave unchanged share their ranks, "
    "central weights and confidence equally"
)


class ChunkMapper(Protocol):
    """Like the builtin ``map``: ``function`` applied to every span, results in span order."""

    def __call__(self, function: Callable[[Span], T], spans: Iterable[Span], /) -> Iterator[T]: ...


class SmaaResult(Struct, frozen=True):
    """SMAA-2 indices of one method. ``rank_counts[i, r]``: draws with alternative ``i`` at
    rank ``r + 1`` for ranks ``1…K`` (``K = m`` unless the output cap cut it, see
    :func:`ranks_kept`; alternatives with identical data share their draws equally, so a
    count can be fractional); ``central_weights`` (m × n) rows of zeros where never first;
    ``holistic_sums`` (m × 3, ``META_WEIGHTS`` order) the sums of ``α_r`` over the draws,
    kept when ``K < m``."""

    method: str
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    samples: int
    seed: int
    draw: str
    rank_counts: FloatArray
    central_weights: FloatArray
    confidence: FloatArray
    conventions: Mapping[str, Any]
    holistic_sums: FloatArray | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for array in (self.rank_counts, self.central_weights, self.confidence):
            array.setflags(write=False)
        if self.holistic_sums is not None:
            self.holistic_sums.setflags(write=False)

    @property
    def rank_acceptability(self) -> FloatArray:
        """``b_i^r`` (m × K): rows alternatives, columns ranks 1…K (K = m unless cut: see
        :func:`ranks_kept`); rows and columns sum to 1 when every rank is kept."""
        acceptability: FloatArray = self.rank_counts / self.samples
        return acceptability

    def holistic_acceptability(self, meta: str = "centroid") -> FloatArray:
        """``a_i^h = Σ_r α_r b_i^r``, SMAA-2 meta-weights: ``centroid``
        ``α_r = Σ_{k≥r} 1/k / Σ_k 1/k``, ``linear`` ``(m − r)/(m − 1)``, ``inverse`` ``1/r``."""
        if meta not in META_WEIGHTS:
            raise MethodError(
                f"meta: unknown meta-weights '{meta}'; use one of {', '.join(META_WEIGHTS)}",
                parameter="meta",
            )
        if self.holistic_sums is not None:
            summed: FloatArray = self.holistic_sums[:, META_WEIGHTS.index(meta)] / self.samples
            return summed
        holistic: FloatArray = self.rank_acceptability @ meta_weights(len(self.alternatives))[meta]
        return holistic

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, keyed by names: ``rank_acceptability`` (ranks 1…m), ``central_weights``
        (``None`` if never first), ``confidence``, ``holistic_acceptability``, conventions."""
        won = self.rank_counts[:, 0] > 0
        names = self.alternatives
        central = [dict(zip(self.criteria, w.tolist(), strict=True)) for w in self.central_weights]
        return {
            "method": self.method,
            "draw": self.draw,
            "samples": self.samples,
            "seed": self.seed,
            "rank_acceptability": dict(zip(names, self.rank_acceptability.tolist(), strict=True)),
            "central_weights": {
                a: c if w else None for a, c, w in zip(names, central, won, strict=True)
            },
            "confidence": dict(zip(names, self.confidence.tolist(), strict=True)),
            "holistic_acceptability": dict(
                zip(names, self.holistic_acceptability().tolist(), strict=True)
            ),
            "conventions": dict(self.conventions),
            "notes": list(self.notes),
        }


def smaa(
    problem: Problem,
    method: str,
    options: Mapping[str, Any] | None,
    sampler: Draw,
    samples: int,
    seed: int,
    *,
    chunk: int = DEFAULT_CHUNK,
    value_uncertainty: Draw | None = None,
    progress: Callable[[int, int], None] | None = None,
    map_chunks: ChunkMapper | None = None,
    budget: int = MEMORY_BUDGET,
    max_values: int = OUTPUT_VALUES,
    kernel: str = "auto",
) -> SmaaResult:
    """SMAA-2 of the registered ``method`` with ``options`` over ``samples`` draws of ``sampler``.

    ``chunk`` draws (rounded up to whole blocks of ``BLOCK``) are one unit of work for
    ``map_chunks`` (default: the builtin ``map``, in process; others in
    :mod:`~mcda_citydip.sensitivity.distributed`). ``progress(done, total)`` is called at the
    start and as chunks finish; with value uncertainty ``total`` is ``2 × samples`` (the
    confidence factors need a second pass). ``budget`` bounds the working memory and
    ``max_values`` the rank counts kept (:func:`ranks_kept`); neither changes the indices
    computed. ``kernel`` chooses numpy or the compiled kernels (:mod:`mcda_citydip.compiled`:
    the same results, bit for bit).
    """
    engine = make_engine(
        problem, method, options, sampler, samples, seed, value_uncertainty,
        (budget, max_values), kernel,
    )  # fmt: skip
    spans = _spans(samples, chunk)
    mapper: ChunkMapper = map_chunks or map
    report = progress or (lambda done, total: None)
    ranks, central, holistic, group = _acceptability(engine, spans, mapper, report)
    confidence = _confidence(engine, central, ranks[:, 0], group, (mapper, spans, report))
    return SmaaResult(
        method, problem.alternatives, problem.criteria, samples, seed,
        getattr(sampler, "kind", "custom"), ranks, central, confidence,
        _conventions(engine, sampler, value_uncertainty),
        None if holistic is None else _shared(holistic, group),
        _notes(engine, max_values),
    )  # fmt: skip


def rank_acceptability(
    problem: Problem,
    method: str,
    options: Mapping[str, Any] | None,
    sampler: Draw,
    samples: int,
    seed: int,
    *,
    value_uncertainty: Draw | None = None,
) -> FloatArray:
    """The rank acceptability counts of :func:`smaa` with the same arguments (m × m, bit for
    bit), without its central weights' second pass for the confidence factors: what rank
    intervals need (:mod:`~mcda_citydip.sensitivity.missing`), at half the work."""
    engine = make_engine(problem, method, options, sampler, samples, seed, value_uncertainty)
    ranks, _, _, _ = _acceptability(engine, _spans(samples, DEFAULT_CHUNK), map, lambda d, t: None)
    return ranks


def _spans(samples: int, chunk: int) -> list[Span]:
    """The chunks of work: spans of whole blocks of ``BLOCK`` draws, ``chunk`` draws each."""
    if chunk < 1:
        raise MethodError(f"chunk: must be at least 1 draw, got {chunk}", parameter="chunk")
    blocks = len(block_sizes(samples))
    per_chunk = min(math.ceil(chunk / BLOCK), (2**31 - 1) // BLOCK)  # int32 counts per chunk
    return [(b, min(b + per_chunk, blocks)) for b in range(0, blocks, per_chunk)]


def _acceptability(
    engine: Engine,
    spans: list[Span],
    mapper: ChunkMapper,
    report: Callable[[int, int], None],
) -> tuple[FloatArray, FloatArray, FloatArray | None, IntArray]:
    """The first pass over the draws: rank counts and central weights (shared among
    identical alternatives), the meta-weight sums when ranks are cut (else ``None``), and
    each alternative's group of identical ones. ``report(done, total)`` from the start; with
    value draws ``total`` counts the confidence factors' second pass too."""
    m, n = engine.matrix.shape
    total = engine.samples * (1 if engine.values is None else 2)
    report(0, total)
    counts, sums, done = np.zeros(engine.ranks * m, dtype=np.int64), np.zeros((m, n)), 0
    holistic = np.zeros((m, len(META_WEIGHTS)))  # meta-weight sums: only when ranks are cut
    for tally in mapper(partial(weight_chunk, engine), spans):
        counts += tally.counts
        for block_sums in tally.first_sums:  # block order: the same floats for any chunking
            sums += block_sums
        for block_sums in tally.holistic_sums:
            holistic += block_sums
        done += tally.draws
        report(done, total)
    raw = counts.reshape(engine.ranks, m).T
    group = _identical(engine.matrix, rows_left_alike(engine.matrix, engine.values))
    wins = _shared(raw[:, :1], group, mean=False)  # what each group of identical ones wins
    central = _shared(sums, group, mean=False) / np.maximum(wins, 1)
    return _shared(raw, group), central, None if engine.ranks == m else holistic, group


def _identical(matrix: FloatArray, fixed: BoolArray) -> IntArray:
    """For every alternative, the first one with exactly the same row (itself if none), among
    the ``fixed`` rows: identical rows the value draws could tell apart are not merged."""
    keys = np.column_stack([matrix, np.where(fixed, -1, np.arange(len(matrix)))])
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group: IntArray = first[inverse.ravel()].astype(np.int64)
    return group


def _shared(array: npt.NDArray[Any], group: IntArray, mean: bool = True) -> FloatArray:
    """Rows of ``array`` pooled over each group of identical alternatives: their mean (rank
    counts: the group's draws shared equally) or their sum (what the group wins together)."""
    pooled = np.zeros((len(group), *array.shape[1:]))
    np.add.at(pooled, group, array)
    shared: FloatArray = pooled[group]
    if mean:
        size = np.bincount(group, minlength=len(group))[group]
        shared /= size.reshape(-1, *[1] * (array.ndim - 1))
    return shared


def _confidence(
    engine: Engine,
    central: FloatArray,
    wins: FloatArray,
    group: IntArray,
    run: tuple[ChunkMapper, list[Span], Callable[[int, int], None]],
) -> FloatArray:
    """SMAA-2 confidence factors: first-rank acceptability under the central weights (for
    identical alternatives, ``group``: that one of them is first)."""
    mapper, spans, report = run
    owners = np.flatnonzero(wins > 0)
    confidence = np.zeros(len(wins))
    if engine.values is None:  # owners × m scores: in chunks within the budget
        for chunk in plan_chunks(len(owners), SCORE_BYTES * len(wins), engine.budget):
            first = engine.first(engine.keys(central[owners[chunk]]))
            confidence[owners[chunk]] = group[first] == group[owners[chunk]]
        return confidence
    hits, done = np.zeros(len(owners), dtype=np.int64), engine.samples
    work = partial(confidence_chunk, engine, central[owners], owners, group)
    for span, chunk_hits in zip(spans, mapper(work, spans), strict=True):
        hits += chunk_hits
        done += sum(block_sizes(engine.samples)[span[0] : span[1]])
        report(done, 2 * engine.samples)
    confidence[owners] = hits / engine.samples
    return confidence


def _notes(engine: Engine, max_values: int) -> tuple[str, ...]:
    m = len(engine.matrix)
    if engine.ranks == m:
        return ()
    return (
        Message(
            N_(
                "rank acceptability: {count:,} alternatives; only ranks 1–{ranks} are kept "
                "(cap: {cap:,} numbers, m × ranks kept); the holistic acceptability still uses "
                "every rank"
            ),
            count=m,
            ranks=engine.ranks,
            cap=max_values,
        ),
    )


def _conventions(engine: Engine, sampler: Draw, values: Draw | None) -> dict[str, Any]:
    m = len(engine.matrix)
    return {
        "reference": "Lahdelma & Salminen (2001) SMAA-2, Operations Research 49(3):444–454",
        "method": {"name": engine.method, **engine.options},
        **engine.ranker.smaa_conventions,
        "ties": TIES,
        "kernel": describe(engine.kernel, m),
        "block": BLOCK,
        "streams": "SeedSequence(seed).spawn(blocks)[b].spawn(3): weights, values, confidence",
        "draw": {"kind": getattr(sampler, "kind", "custom"), **getattr(sampler, "parameters", {})},
        "values": dict(getattr(values, "parameters", {})) if values is not None else None,
        "central_weights": "mean weights of the draws where the alternative is first; "
        "null if never first",
        "confidence": "first-rank acceptability under the central weights over the value "
        "draws (1 or 0 without value uncertainty; 0 if never first)",
        "rank_acceptability": f"shares of the draws at ranks 1…{engine.ranks} of {m}"
        + ("" if engine.ranks == m else " (output cap; holistic acceptability uses all ranks)"),
    }
