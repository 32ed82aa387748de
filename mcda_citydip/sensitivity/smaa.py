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
  by a tile (about ``2**18`` scores) and the ``m × m`` counts of a chunk, never by ``N × m``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.topsis import NORMALIZATIONS, squared_gaps
from mcda_citydip.ranking.vikor import regret_matrix, unit_interval
from mcda_citydip.sensitivity.distributed import Span, confidence_chunk, weight_chunk
from mcda_citydip.sensitivity.evaluate import topsis_parts
from mcda_citydip.sensitivity.limits import MAX_SAMPLES
from mcda_citydip.sensitivity.sampling import BLOCK, Draw, block_sizes, rows_left_alike

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
T = TypeVar("T")

DEFAULT_CHUNK = 2 * BLOCK
TILE = 2**18  # scores (draws × alternatives) per evaluation tile
META_WEIGHTS = ("centroid", "linear", "inverse")
OPTIONS: Mapping[str, Mapping[str, Any]] = {
    "topsis": {"normalization": "vector"},
    "vikor": {"v": 0.5},
}
TIES = (
    "ordinal: by score (leading 52 − ⌈log2 m⌉ mantissa bits), ties by alternative order; "
    "alternatives with identical data that the value draws leave unchanged share their ranks, "
    "central weights and confidence equally"
)
VIKOR_RANKS = "by Q alone in every draw (no acceptance conditions, no compromise set)"


class ChunkMapper(Protocol):
    """Like the builtin ``map``: ``function`` applied to every span, results in span order."""

    def __call__(self, function: Callable[[Span], T], spans: Iterable[Span], /) -> Iterator[T]: ...


@dataclass(frozen=True)
class SmaaResult:
    """SMAA-2 indices of one method. ``rank_counts[i, r]``: draws with alternative ``i`` at
    rank ``r + 1`` (alternatives with identical data share their draws equally, so a count
    can be fractional); ``central_weights`` (m × n) rows of zeros where never first."""

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

    def __post_init__(self) -> None:
        for array in (self.rank_counts, self.central_weights, self.confidence):
            array.setflags(write=False)

    @property
    def rank_acceptability(self) -> FloatArray:
        """``b_i^r`` (m × m): rows alternatives, columns ranks 1…m; rows and columns sum to 1."""
        acceptability: FloatArray = self.rank_counts / self.samples
        return acceptability

    def holistic_acceptability(self, meta: str = "centroid") -> FloatArray:
        """``a_i^h = Σ_r α_r b_i^r``, SMAA-2 meta-weights: ``centroid``
        ``α_r = Σ_{k≥r} 1/k / Σ_k 1/k``, ``linear`` ``(m − r)/(m − 1)``, ``inverse`` ``1/r``."""
        m = len(self.alternatives)
        ranks = np.arange(1, m + 1, dtype=float)
        tail = np.cumsum((1.0 / ranks)[::-1])[::-1]
        alphas = {
            "centroid": tail / tail[0],
            "linear": (m - ranks) / max(m - 1, 1) if m > 1 else np.ones(1),
            "inverse": 1.0 / ranks,
        }
        if meta not in alphas:
            raise MethodError(f"meta-weights '{meta}': use one of {', '.join(META_WEIGHTS)}")
        holistic: FloatArray = self.rank_acceptability @ alphas[meta]
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
        }


def _vikor_q(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    """``Q = v·S̃ + (1 − v)·R̃`` (Opricovic & Tzeng 2004), in place in ``s``."""
    unit_interval(s, out=s)
    s *= v
    unit_interval(r, out=r)
    r *= 1.0 - v
    s += r
    return s


def _ratio_keys(p: FloatArray, q: FloatArray) -> FloatArray:
    """TOPSIS key ``(D⁺/D⁻)²``; ``0/0`` (at the ideal and anti-ideal) is closeness 0.5."""
    with np.errstate(divide="ignore", invalid="ignore"):
        keys: FloatArray = np.divide(p, q)
    keys[np.isnan(keys)] = 1.0
    return keys


@dataclass(frozen=True)
class Engine:
    """A checked run and its kernels: keys (≥ 0, lower is better) for tiles of draws, and
    rank counting. Picklable, so it can be shipped to Dask workers."""

    method: str
    options: Mapping[str, Any]
    matrix: FloatArray
    benefit: BoolArray
    parts: FloatArray  # TOPSIS: (r − r⁺)² and (r − r⁻)² side by side (n × 2m); VIKOR: fᵀ
    weights: Draw
    values: Draw | None
    seed: int
    samples: int

    @property
    def shift(self) -> int:
        """Low bits of a sort key that carry the alternative's index."""
        return (len(self.matrix) - 1).bit_length()

    @property
    def tile(self) -> int:
        """Draws per evaluation tile: the power of two nearest below ``TILE / m``."""
        return 1 << max(0, (TILE // len(self.matrix)).bit_length() - 1)

    def keys(self, weights: FloatArray) -> FloatArray:
        """Keys (k × m) of the fixed matrix under each row of ``weights`` (k × n)."""
        m = len(self.matrix)
        if self.method == "topsis":
            both = np.square(weights) @ self.parts
            return _ratio_keys(both[:, :m], both[:, m:])
        s = weights @ self.parts
        r = np.empty_like(s)
        rows = max(1, 2**15 // m)  # R and its products stay in the L2 cache
        for start in range(0, len(weights), rows):
            self._regret_max(weights[start : start + rows], r[start : start + rows])
        return _vikor_q(s, r, self.options["v"])

    def _regret_max(self, weights: FloatArray, out: FloatArray) -> None:
        """VIKOR ``R = max_j w_j f_ij`` into ``out``, one criterion at a time."""
        np.multiply(weights[:, :1], self.parts[0], out=out)
        product = np.empty_like(out)
        for j in range(1, weights.shape[1]):
            np.multiply(weights[:, j : j + 1], self.parts[j], out=product)
            np.maximum(out, product, out=out)

    def perturbed_keys(self, x: FloatArray, weights: FloatArray) -> FloatArray:
        """Keys (t × c × m) of every matrix ``x[t]`` under every ``weights[t, c]``."""
        if self.method == "topsis":
            gaps = squared_gaps(x, self.benefit, self.options["normalization"])
            p, q = (np.einsum("tmn,tcn->tcm", gap, np.square(weights)) for gap in gaps)
            return _ratio_keys(p, q)
        f = regret_matrix(x, self.benefit)
        s = np.einsum("tmn,tcn->tcm", f, weights)
        r = (f[:, None, :, :] * weights[:, :, None, :]).max(axis=3)
        return _vikor_q(s, r, self.options["v"])

    def _encode(self, keys: FloatArray) -> IntArray:
        """Non-negative float keys as int64 (same order), index in the low ``shift`` bits."""
        bits = np.ascontiguousarray(keys).view(np.int64)
        np.bitwise_and(bits, ~((1 << self.shift) - 1), out=bits)
        np.bitwise_or(bits, np.arange(keys.shape[-1], dtype=np.int64), out=bits)
        return bits

    def first(self, keys: FloatArray) -> IntArray:
        """The alternative ranked first in every row of ``keys`` (last axis: alternatives)."""
        first: IntArray = self._encode(keys).min(axis=-1) & ((1 << self.shift) - 1)
        return first

    def count(self, keys: FloatArray, counts: npt.NDArray[np.int32]) -> IntArray:
        """Add the tile's ``(rank, alternative)`` pairs to ``counts`` (flat ``m × m``, rank
        major); return the alternative ranked first in each draw."""
        m = keys.shape[1]
        bits = self._encode(keys)
        bits.sort(axis=1)
        np.bitwise_and(bits, (1 << self.shift) - 1, out=bits)
        first = bits[:, 0].copy()
        bits += np.arange(0, m * m, m, dtype=np.int64)
        np.add.at(counts, bits.ravel(), counts.dtype.type(1))  # same dtype: numpy's fast path
        return first


def make_engine(
    problem: Problem,
    method: str,
    options: Mapping[str, Any] | None,
    sampler: Draw,
    samples: int,
    seed: int,
    value_uncertainty: Draw | None = None,
) -> Engine:
    """Check a run's inputs and precompute the method's fixed parts."""
    if method not in OPTIONS:
        raise MethodError(f"method '{method}': SMAA supports {' and '.join(OPTIONS)}")
    unknown = sorted(set(options or {}) - set(OPTIONS[method]))
    if unknown:
        raise MethodError(f"{method}: unknown option(s) {', '.join(unknown)}")
    chosen = {**OPTIONS[method], **(options or {})}
    if method == "topsis" and chosen["normalization"] not in NORMALIZATIONS:
        raise MethodError(f"topsis normalization: use one of {', '.join(NORMALIZATIONS)}")
    if method == "vikor" and not 0.0 <= float(chosen["v"]) <= 1.0:
        raise MethodError(f"vikor v = {chosen['v']}: use a value from 0 to 1")
    if not (1 <= samples <= MAX_SAMPLES) or seed < 0:
        raise MethodError(
            f"--samples {samples}, --seed {seed}: need 1 ≤ samples ≤ {MAX_SAMPLES:.0e} and seed ≥ 0"
        )
    matrix, benefit = np.asarray(problem.matrix, dtype=float), problem.benefit
    if not np.all(np.isfinite(matrix)):
        raise MethodError("SMAA needs a complete decision matrix: fill or drop missing values")
    if method == "topsis":
        parts = np.concatenate(topsis_parts(matrix, benefit, chosen["normalization"])).T
    else:
        parts = regret_matrix(matrix, benefit).T
    return Engine(
        method, chosen, matrix, benefit, np.ascontiguousarray(parts), sampler,
        value_uncertainty, seed, samples,
    )  # fmt: skip


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
) -> SmaaResult:
    """SMAA-2 of ``method`` (``topsis`` | ``vikor``) over ``samples`` draws of ``sampler``.

    ``chunk`` draws (rounded up to whole blocks of ``BLOCK``) are one unit of work for
    ``map_chunks`` (default: the builtin ``map``, in process; others in
    :mod:`~mcda_citydip.sensitivity.distributed`). ``progress(done, total)`` is called at the
    start and as chunks finish; with value uncertainty ``total`` is ``2 × samples`` (the
    confidence factors need a second pass).
    """
    engine = make_engine(problem, method, options, sampler, samples, seed, value_uncertainty)
    if chunk < 1:
        raise MethodError(f"chunk {chunk}: must be at least 1 draw")
    blocks = len(block_sizes(samples))
    per_chunk = min(math.ceil(chunk / BLOCK), (2**31 - 1) // BLOCK)  # int32 counts per chunk
    spans = [(b, min(b + per_chunk, blocks)) for b in range(0, blocks, per_chunk)]
    mapper: ChunkMapper = map_chunks or map
    report = progress or (lambda done, total: None)
    total = samples * (1 if value_uncertainty is None else 2)
    report(0, total)
    m, n = engine.matrix.shape
    counts, sums, done = np.zeros(m * m, dtype=np.int64), np.zeros((m, n)), 0
    for tally in mapper(partial(weight_chunk, engine), spans):
        counts += tally.counts
        for block_sums in tally.first_sums:  # block order: the same floats for any chunking
            sums += block_sums
        done += tally.draws
        report(done, total)
    raw = counts.reshape(m, m).T
    group = _identical(engine.matrix, rows_left_alike(engine.matrix, value_uncertainty))
    wins = _shared(raw[:, :1], group, mean=False)  # what each group of identical ones wins
    central = _shared(sums, group, mean=False) / np.maximum(wins, 1)
    ranks = _shared(raw, group)
    confidence = _confidence(engine, central, ranks[:, 0], group, (mapper, spans, report))
    return SmaaResult(
        method, problem.alternatives, problem.criteria, samples, seed,
        getattr(sampler, "kind", "custom"), ranks, central, confidence,
        _conventions(engine, sampler, value_uncertainty),
    )  # fmt: skip


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
    if engine.values is None:
        first = engine.first(engine.keys(central[owners]))
        confidence[owners] = group[first] == group[owners]
        return confidence
    hits, done = np.zeros(len(owners), dtype=np.int64), engine.samples
    work = partial(confidence_chunk, engine, central[owners], owners, group)
    for span, chunk_hits in zip(spans, mapper(work, spans), strict=True):
        hits += chunk_hits
        done += sum(block_sizes(engine.samples)[span[0] : span[1]])
        report(done, 2 * engine.samples)
    confidence[owners] = hits / engine.samples
    return confidence


def _conventions(engine: Engine, sampler: Draw, values: Draw | None) -> dict[str, Any]:
    return {
        "reference": "Lahdelma & Salminen (2001) SMAA-2, Operations Research 49(3):444–454",
        "method": {"name": engine.method, **engine.options},
        **({"vikor_ranks": VIKOR_RANKS} if engine.method == "vikor" else {}),
        "ties": TIES,
        "block": BLOCK,
        "streams": "SeedSequence(seed).spawn(blocks)[b].spawn(3): weights, values, confidence",
        "draw": {"kind": getattr(sampler, "kind", "custom"), **getattr(sampler, "parameters", {})},
        "values": dict(getattr(values, "parameters", {})) if values is not None else None,
        "central_weights": "mean weights of the draws where the alternative is first; "
        "null if never first",
        "confidence": "first-rank acceptability under the central weights over the value "
        "draws (1 or 0 without value uncertainty; 0 if never first)",
    }
