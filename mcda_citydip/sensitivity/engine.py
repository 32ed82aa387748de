"""The SMAA-2 kernel: a checked run, its fixed parts, and keys and rank counts per tile.

See :mod:`.smaa` for the conventions. An :class:`Engine` is picklable (it is shipped to Dask
workers); :mod:`.distributed` runs its :meth:`Engine.count` over the blocks of a chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.topsis import NORMALIZATIONS, squared_gaps
from mcda_citydip.ranking.vikor import regret_matrix
from mcda_citydip.sensitivity.evaluate import topsis_parts, vikor_q
from mcda_citydip.sensitivity.limits import MAX_SAMPLES, MEMORY_BUDGET, MIN_RANKS, OUTPUT_VALUES
from mcda_citydip.sensitivity.sampling import Draw

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

TILE = 2**18  # scores (draws × alternatives) per evaluation tile
META_WEIGHTS = ("centroid", "linear", "inverse")
OPTIONS: Mapping[str, Mapping[str, Any]] = {
    "topsis": {"normalization": "vector"},
    "vikor": {"v": 0.5},
}


def meta_weights(m: int) -> dict[str, FloatArray]:
    """SMAA-2 meta-weights ``α_r`` of ranks ``1…m``, by name (see
    :meth:`~mcda_citydip.sensitivity.smaa.SmaaResult.holistic_acceptability`)."""
    ranks = np.arange(1, m + 1, dtype=float)
    tail = np.cumsum((1.0 / ranks)[::-1])[::-1]
    return {
        "centroid": tail / tail[0],
        "linear": (m - ranks) / max(m - 1, 1) if m > 1 else np.ones(1),
        "inverse": 1.0 / ranks,
    }


def ranks_kept(m: int, max_values: int = OUTPUT_VALUES) -> int:
    """``K``: rank counts kept for ranks ``1…K`` — all ``m`` while ``m² ≤ max_values``, else
    ``max(MIN_RANKS, max_values // m)`` (at most ``m``)."""
    if m * m <= max_values:
        return m
    return min(m, max(MIN_RANKS, max_values // m))


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
    ranks: int  # rank counts kept: ranks 1…ranks (all m unless cut)
    budget: int  # bytes of working arrays at once (confidence pass)

    @property
    def holistic(self) -> FloatArray | None:
        """``α_r`` (3 × m, ``META_WEIGHTS`` order) when the counts are cut, else None."""
        m = len(self.matrix)
        if self.ranks == m:
            return None
        alphas = meta_weights(m)
        return np.stack([alphas[meta] for meta in META_WEIGHTS])

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
        return vikor_q(s, r, self.options["v"])

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
        return vikor_q(s, r, self.options["v"])

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

    def count(
        self,
        keys: FloatArray,
        counts: npt.NDArray[np.int32],
        holistic: tuple[FloatArray, FloatArray] | None = None,
    ) -> IntArray:
        """Add the tile's ``(rank, alternative)`` pairs of ranks ``1…K`` to ``counts`` (flat
        ``K × m``, rank major) and, given ``(α, sums)``, ``α_r`` of every alternative's rank
        to ``sums`` (m × 3); return the alternative ranked first in each draw."""
        m, kept = keys.shape[1], self.ranks
        bits = self._encode(keys)
        bits.sort(axis=1)
        np.bitwise_and(bits, (1 << self.shift) - 1, out=bits)
        first = bits[:, 0].copy()
        if holistic is not None:
            alphas, sums = holistic
            position = np.empty_like(bits)
            np.put_along_axis(position, bits, np.arange(m, dtype=np.int64)[None, :], axis=1)
            for k, alpha in enumerate(alphas):
                sums[:, k] += alpha[position].sum(axis=0)
        top = bits[:, :kept]
        top += np.arange(0, kept * m, m, dtype=np.int64)
        np.add.at(counts, top.ravel(), counts.dtype.type(1))  # same dtype: numpy's fast path
        return first


def make_engine(
    problem: Problem,
    method: str,
    options: Mapping[str, Any] | None,
    sampler: Draw,
    samples: int,
    seed: int,
    value_uncertainty: Draw | None = None,
    limits: tuple[int, int] = (MEMORY_BUDGET, OUTPUT_VALUES),
) -> Engine:
    """Check a run's inputs and precompute the method's fixed parts; ``limits`` is the
    memory budget and the output cap (:mod:`.limits`)."""
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
    budget, max_values = limits
    return Engine(
        method, chosen, matrix, benefit, np.ascontiguousarray(parts), sampler,
        value_uncertainty, seed, samples, ranks_kept(len(matrix), max_values), budget,
    )  # fmt: skip
