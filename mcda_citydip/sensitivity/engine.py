"""The SMAA-2 kernel: a checked run, its fixed parts, and keys and rank counts per tile.

See :mod:`.smaa` for the conventions. An :class:`Engine` is picklable (it is shipped to Dask
workers); :mod:`.distributed` runs its :meth:`Engine.count` over the blocks of a chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral
from typing import Any

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from mcda_citydip import compiled
from mcda_citydip.errors import MethodError
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.base import Method
from mcda_citydip.ranking.methods import METHODS, get_method
from mcda_citydip.sensitivity.limits import MAX_SAMPLES, MEMORY_BUDGET, MIN_RANKS, OUTPUT_VALUES
from mcda_citydip.sensitivity.sampling import Draw

TILE = 2**18  # scores (draws × alternatives) per evaluation tile
META_WEIGHTS = ("centroid", "linear", "inverse")
#: Every registered method's options with their defaults (from the method classes).
OPTIONS: Mapping[str, Mapping[str, Any]] = {name: m.defaults for name, m in METHODS.items()}


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


class Engine(Struct, frozen=True):
    """A checked run and its kernels: keys (≥ 0, lower is better) for tiles of draws, and
    rank counting. Picklable, so it can be shipped to Dask workers."""

    ranker: Method  # the method with its checked options
    matrix: FloatArray
    benefit: BoolArray
    parts: FloatArray  # the method's fixed parts (:meth:`Method.fixed_parts`)
    weights: Draw
    values: Draw | None
    seed: int
    samples: int
    ranks: int  # rank counts kept: ranks 1…ranks (all m unless cut)
    budget: int  # bytes of working arrays at once (confidence pass)
    kernel: str = "numpy"  # the path that runs: "numpy" or "numba" (:mod:`mcda_citydip.compiled`)

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

    @property
    def method(self) -> str:
        return self.ranker.name

    @property
    def options(self) -> Mapping[str, Any]:
        return self.ranker.options

    def keys(self, weights: FloatArray) -> FloatArray:
        """Keys (k × m) of the fixed matrix under each row of ``weights`` (k × n)."""
        if self.kernel == "numba":
            return self.ranker.compiled_keys(self.parts, weights)
        return self.ranker.keys(self.parts, weights)

    def perturbed_keys(self, x: FloatArray, weights: FloatArray) -> FloatArray:
        """Keys (t × c × m) of every matrix ``x[t]`` under every ``weights[t, c]``."""
        return self.ranker.perturbed_keys(x, weights, self.benefit)

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
        if self.kernel == "numba":
            fast = compiled.count(keys, self.shift, self.ranks, counts, holistic)
            if fast is not None:
                return fast
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


def whole_number(parameter: str, value: object, low: int, high: int) -> int:
    """``value`` as an ``int``, or :class:`MethodError` unless it is a whole number (a numpy
    integer too, a ``bool`` not) from ``low`` to ``high``."""
    number = int(value) if isinstance(value, Integral) and not isinstance(value, bool) else None
    if number is None or not low <= number <= high:
        raise MethodError(
            f"{parameter}: must be a whole number from {low:,} to {high:,}, got {value!r}",
            parameter=parameter,
        )
    return number


def check_samples(samples: object) -> int:
    """The number of SMAA draws, checked: from 1 to ``MAX_SAMPLES``."""
    return whole_number("samples", samples, 1, MAX_SAMPLES)


def make_engine(
    problem: Problem,
    method: str,
    options: Mapping[str, Any] | None,
    sampler: Draw,
    samples: int,
    seed: int,
    value_uncertainty: Draw | None = None,
    limits: tuple[int, int] = (MEMORY_BUDGET, OUTPUT_VALUES),
    kernel: str = "auto",
) -> Engine:
    """Check a run's inputs and precompute the method's fixed parts; ``limits`` is the
    memory budget and the output cap (:mod:`.limits`), ``kernel`` the path
    (:func:`mcda_citydip.compiled.choose`)."""
    ranker = get_method(method, options)
    samples = check_samples(samples)
    if seed < 0:
        raise MethodError(f"seed: must be at least 0, got {seed}", parameter="seed")
    matrix, benefit = np.asarray(problem.matrix, dtype=float), problem.benefit
    if not np.all(np.isfinite(matrix)):
        raise MethodError("SMAA needs a complete decision matrix: fill or drop missing values")
    budget, max_values = limits
    path = compiled.choose(kernel, len(matrix), samples)
    return Engine(
        ranker, matrix, benefit, ranker.fixed_parts(matrix, benefit), sampler,
        value_uncertainty, seed, samples, ranks_kept(len(matrix), max_values), budget, path,
    )  # fmt: skip
