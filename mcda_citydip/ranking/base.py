"""What every ranking method is: a class holding its name, its checked options, its kernels
(one weight vector, and many at once for the sensitivity analyses) and the columns it shows.

A method is constructed with its options (``TOPSIS(normalization="minmax")``); the options
are checked there, once, and every kernel of the instance uses them. The registry of methods
is :data:`mcda_citydip.ranking.methods.METHODS`; nothing else branches on a method's name.

The batched kernels share one contract, so SMAA-2, the critical thresholds, the sweeps and
the rank-reversal checks need not know which method runs:

* :meth:`Method.batch` — scores (k × m, higher is better) under every row of ``weights``;
* :meth:`Method.fixed_parts` and :meth:`Method.keys` — SMAA's sort keys (≥ 0, lower is
  better: they are compared as integers) from arrays computed once per matrix;
* :meth:`Method.perturbed_keys` — the same keys for a stack of perturbed matrices;
* :meth:`Method.sweep` — the scores of every alternative at many shares of one sweep, and
  (:meth:`SweepScores.pairs_at`) those of two chosen alternatives, each pair at its share.

Every kernel is vectorised over the weight rows: none loops in Python over draws.
"""

from __future__ import annotations

import math
import numbers
from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Protocol

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.result import RankResult


class SweepScores(Protocol):
    """Scores (k × m, higher is better) of every alternative at the shares ``t`` (k,) of one
    sweep ``w(t) = t·inside + (1 − t)·outside``; :meth:`pairs_at` gives those of chosen pairs
    only, each at its own share (the same numbers as the columns of ``__call__``), in
    ``pair_bytes`` of working memory per pair."""

    @property
    def pair_bytes(self) -> int: ...

    def __call__(self, shares: FloatArray) -> FloatArray: ...

    def pairs_at(
        self, shares: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]: ...


class BatchSweep(Struct, frozen=True):
    """A sweep scored by :meth:`Method.batch` on its weights: O(m·n) per share (the default
    of a method without its own sweep kernel)."""

    method: Method
    matrix: FloatArray
    benefit: BoolArray
    inside: FloatArray
    outside: FloatArray

    @property
    def pair_bytes(self) -> int:
        return 8 * 4 * int(self.matrix.size)  # a whole row of scores per pair and share

    def __call__(self, shares: FloatArray) -> FloatArray:
        t = np.asarray(shares, dtype=float)[:, None]
        return self.method.batch(self.matrix, t * self.inside + (1.0 - t) * self.outside,
                                 self.benefit)  # fmt: skip

    def pairs_at(
        self, shares: FloatArray, leaders: IntArray, rivals: IntArray
    ) -> tuple[FloatArray, FloatArray]:
        scores, rows = self(shares), np.arange(len(shares))
        return scores[rows, leaders], scores[rows, rivals]


class Method(ABC):
    """A ranking method with its options, checked on construction.

    Class attributes say what the method is and how it is shown: ``name`` (the registry key
    and scenario key), ``label``, ``reference``, ``higher_is_better`` (of the score it ranks
    by), ``score_name`` and ``score_short`` (what that score is called, msgids), ``columns``
    (the per-alternative columns of its ranking table after the rank), ``defaults`` (every
    option with its default), ``choices`` (options with a fixed set of values), ``variants``
    (other settings compared in method agreement, by name), ``compared`` (whether method
    agreement includes it when it was not run) and ``smaa_conventions`` (what SMAA-2 states
    about how it ranks a draw).
    """

    name: ClassVar[str]
    label: ClassVar[str]
    reference: ClassVar[str]
    higher_is_better: ClassVar[bool]
    score_name: ClassVar[str]
    score_short: ClassVar[str]
    columns: ClassVar[tuple[str, ...]] = ("score",)
    defaults: ClassVar[Mapping[str, Any]] = MappingProxyType({})
    choices: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({})
    variants: ClassVar[Mapping[str, Mapping[str, Any]]] = MappingProxyType({})
    compared: ClassVar[bool] = True
    smaa_conventions: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def __init__(self, **options: Any) -> None:
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            known = ", ".join(self.defaults) or "none"
            raise MethodError(
                f"{unknown[0]}: not an option of {self.label} (its options: {known})",
                parameter=unknown[0],
            )
        chosen = {**self.defaults, **options}
        for key, allowed in self.choices.items():
            if chosen[key] not in allowed:
                raise MethodError(
                    f"{key}: {self.label} has no {key} {chosen[key]!r}; "
                    f"use one of {', '.join(allowed)}",
                    parameter=key,
                )
        self.check_options(chosen)
        self._options = chosen  # a plain dict: an instance is pickled to Dask workers

    def check_options(self, options: Mapping[str, Any]) -> None:
        """Further checks of the options (ranges); raise :class:`MethodError`. None by
        default: the ``choices`` are checked before."""
        del options

    @property
    def options(self) -> Mapping[str, Any]:
        """Every option of this instance, the defaults filled in."""
        return MappingProxyType(self._options)

    def with_options(self, **options: Any) -> Method:
        """A new instance with ``options`` replacing this one's."""
        return type(self)(**{**self._options, **options})

    def __call__(self, problem: Problem, weights: FloatArray, **options: Any) -> RankResult:
        """Rank ``problem`` with this instance's options, ``options`` replacing them."""
        method = self.with_options(**options) if options else self
        return method.rank(problem, weights)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self._options.items())
        return f"{type(self).__name__}({settings})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Method)
            and type(other) is type(self)
            and other._options == self._options
        )

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self._options.items()))))

    # ------------------------------------------------------------------ one weight vector

    @abstractmethod
    def rank(self, problem: Problem, weights: FloatArray) -> RankResult:
        """Scores, ranks, extras, conventions and notes of ``problem`` under ``weights``."""

    # ------------------------------------------------------------------ many weight vectors

    @abstractmethod
    def batch(self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        """Scores (k × m, higher is better) under each row of ``weights`` (k × n)."""

    @abstractmethod
    def fixed_parts(self, matrix: FloatArray, benefit: BoolArray) -> FloatArray:
        """The arrays :meth:`keys` needs, computed once per matrix (C-contiguous)."""

    @abstractmethod
    def keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        """SMAA sort keys (k × m, ≥ 0, lower is better, in the order of the score) under
        each row of ``weights`` (k × n), from :meth:`fixed_parts`."""

    def compiled_keys(self, parts: FloatArray, weights: FloatArray) -> FloatArray:
        """:meth:`keys` through the compiled kernels (:mod:`mcda_citydip.compiled`) where the
        method has one, the same bits; else :meth:`keys`."""
        return self.keys(parts, weights)

    @abstractmethod
    def perturbed_keys(self, x: FloatArray, weights: FloatArray, benefit: BoolArray) -> FloatArray:
        """Keys (t × c × m) of every matrix ``x[t]`` (t × m × n) under every
        ``weights[t, c]`` (t × c × n)."""

    def sweep(
        self, matrix: FloatArray, benefit: BoolArray, sweep: tuple[FloatArray, FloatArray]
    ) -> SweepScores:
        """Scores of every alternative at shares of the sweep ``w(t) = t·inside + (1 −
        t)·outside`` (``sweep = (inside, outside)``, proportions with disjoint supports).

        By default :meth:`batch` on those weights, O(m·n) per share. A method whose scores
        split along a sweep into a part of the group and a part of the rest overrides it
        with parts computed once per sweep: O(m) per share, the same scores up to round-off.
        """
        return BatchSweep(self, matrix, benefit, *sweep)

    # ------------------------------------------------------------------ rank reversal

    @property
    def only_extremes_matter(self) -> bool:
        """Whether the others' scores depend on the set of alternatives only through each
        column's best and worst value (and :meth:`extreme_rows`), not through every row."""
        return True

    def extreme_rows(
        self, matrix: FloatArray, weights: FloatArray, benefit: BoolArray
    ) -> BoolArray:
        """Alternatives besides the columns' extremes whose removal can change the others'
        scores (VIKOR: the best and worst ``S`` and ``R``)."""
        return np.zeros(len(matrix), dtype=bool)


def disjoint(sweep: tuple[FloatArray, FloatArray]) -> tuple[FloatArray, FloatArray]:
    """The two parts of a sweep's weights, checked to have disjoint supports (what the
    split kernels of :meth:`Method.sweep` rest on)."""
    inside, outside = (np.asarray(part, dtype=float) for part in sweep)
    if np.any((inside != 0) & (outside != 0)):
        raise ValueError("a sweep's inside and outside weights must not share a criterion")
    return inside, outside


def check_weight_vector(weights: Any, criteria: int) -> FloatArray:
    """``weights`` as a float vector of ``criteria`` finite, non-negative values."""
    vector = np.asarray(weights, dtype=float)
    if vector.shape != (criteria,):
        raise MethodError(
            f"weights: need one weight per criterion ({criteria}), got shape {vector.shape}",
            parameter="weights",
        )
    if not np.all(np.isfinite(vector)) or np.any(vector < 0):
        raise MethodError("weights: every weight must be a finite number ≥ 0", parameter="weights")
    return vector


def check_weight_rows(weights: FloatArray, criteria: int) -> None:
    """Rows of weights (k × n) must have one column per criterion."""
    if weights.ndim != 2 or weights.shape[1] != criteria:
        raise MethodError(
            f"weights: need rows of {criteria} weights (one per criterion), "
            f"got shape {weights.shape}",
            parameter="weights",
        )


def unit_share(value: Any, name: str, label: str) -> None:
    """``value`` must be a real number in [0, 1]."""
    number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not number or not math.isfinite(float(value)) or not 0.0 <= value <= 1.0:
        raise MethodError(
            f"{name}: {label}'s {name} must be a number from 0 to 1, got {value!r}",
            parameter=name,
        )
