"""The *sample* step: weight vectors and decision matrices drawn for Monte Carlo analysis.

A sampler is a pure function ``(rng, size) -> array`` of a seeded ``numpy.random.Generator``:
weight samplers give ``size × n`` rows on the simplex (non-negative, summing to 1), matrix
samplers give ``size × m × n`` perturbed decision matrices. The factories below build them as
small frozen, picklable objects that also say what they draw (``kind``, ``parameters``), so a
run can stamp its conventions and ship its sampler to a Dask worker.

Weights are never perturbed one by one (that can make them negative or stop them summing
to 1): they are drawn on the simplex (Dirichlet) or re-derived from perturbed judgments
(:mod:`~mcda_citydip.sensitivity.judgments`).
A run draws in fixed blocks of ``BLOCK`` draws, one stream per block (:func:`block_streams`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray

Draw = Callable[[np.random.Generator, int], FloatArray]
BLOCK = 4096  # draws per block: the unit of randomness (one stream each)
VALUE_TILE = 2**20  # cells (draws × m × n) per call of a matrix sampler
SHAPES = ("uniform", "normal")


class Sampler(Struct, frozen=True):
    """A named draw function: ``sampler(rng, size)`` calls ``draw(rng, size)``."""

    kind: str
    parameters: Mapping[str, Any]
    draw: Draw

    def __rich_repr__(self) -> list[tuple[str, Any]]:  # the draw function is named by kind
        return [("kind", self.kind), ("parameters", self.parameters)]

    def __repr__(self) -> str:  # as rich.pretty shows it
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__rich_repr__())
        return f"Sampler({shown})"

    def __call__(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self.draw(rng, size)


def _uniform(n: int, rng: np.random.Generator, size: int) -> FloatArray:
    exponential = rng.standard_exponential((size, n))
    rows: FloatArray = exponential / exponential.sum(axis=1, keepdims=True)
    return rows


def uniform_simplex(n: int) -> Sampler:
    """Weights uniform on the simplex ``{w ≥ 0, Σ w = 1}``: no preference information.

    Normalised i.i.d. standard exponentials ``w_j = e_j / Σ_k e_k`` are uniformly distributed
    on the simplex (Rubinstein 1982, EJOR 10(2):205–209), i.e. Dirichlet(1, …, 1) — the
    "no weight information" case of SMAA (Lahdelma & Salminen 2001, Oper. Res. 49(3):444–454).
    """
    if n < 1:
        raise MethodError("uniform weights need at least one criterion")
    return Sampler("uniform", {"distribution": "Dirichlet(1, …, 1)"}, partial(_uniform, n))


def _dirichlet(
    weights: FloatArray, concentration: float, rng: np.random.Generator, size: int
) -> FloatArray:
    rows = np.zeros((size, len(weights)))
    support = weights > 0
    if math.isinf(concentration) or support.sum() == 1:
        rows[:] = weights
        return rows
    rows[:, support] = rng.dirichlet(concentration * weights[support], size)
    return rows


def dirichlet_around(weights: Sequence[float] | FloatArray, concentration: float) -> Sampler:
    """Weights from Dirichlet(``c · w``): centred on ``w`` (e.g. the AHP weights).

    With ``w`` normalised to sum 1 and ``c`` the concentration, ``E[W_j] = w_j`` and
    ``Var[W_j] = w_j (1 − w_j) / (c + 1)``: the larger ``c``, the tighter the draws around
    ``w`` (``c = ∞`` returns ``w`` itself; ``c = n`` with equal ``w`` is uniform on the
    simplex). Indicators with ``w_j = 0`` keep weight 0 in every draw: the Dirichlet is taken
    over the positive weights only.
    """
    vector = np.asarray(weights, dtype=float)
    if vector.ndim != 1 or not np.all(np.isfinite(vector)) or np.any(vector < 0):
        raise MethodError("Dirichlet weights: the centre must be finite, non-negative weights")
    if vector.sum() <= 0:
        raise MethodError("Dirichlet weights: at least one weight must be positive")
    if not concentration > 0:
        raise MethodError(
            f"Dirichlet concentration {concentration}: must be > 0 (larger = closer to the "
            "weights; e.g. 100)"
        )
    centre = vector / vector.sum()
    parameters = {"centre": centre.tolist(), "concentration": float(concentration)}
    return Sampler("dirichlet", parameters, partial(_dirichlet, centre, float(concentration)))


def _values(
    matrix: FloatArray,
    relative: FloatArray,
    normal: npt.NDArray[np.bool_],
    rng: np.random.Generator,
    size: int,
) -> FloatArray:
    noise = rng.uniform(-1.0, 1.0, (size, *matrix.shape))
    if normal.any():
        noise = np.where(normal, rng.standard_normal((size, *matrix.shape)), noise)
    drawn: FloatArray = matrix * (1.0 + relative * noise)
    return drawn


def matrix_draws(
    matrix: FloatArray,
    relative: float | Sequence[float] = 0.1,
    shape: str | Sequence[str] = "uniform",
) -> Sampler:
    """Decision matrices with independent relative noise on every cell (``size × m × n``).

    ``x'_ij = x_ij (1 + r_j δ_ij)`` with ``r_j`` the indicator's relative half-range
    (``relative``, one number or one per indicator) and ``δ_ij ~ U(−1, 1)`` (``shape``
    ``uniform``: a ±r range, as SMAA's imprecise criteria values, Lahdelma & Salminen 2001)
    or ``δ_ij ~ N(0, 1)`` (``normal``: ``r_j`` is then a relative standard deviation).
    ``shape`` may also be given per indicator. ``r_j = 0`` leaves the column unchanged.
    """
    base = np.asarray(matrix, dtype=float)
    n = base.shape[1]
    ranges = np.broadcast_to(np.asarray(relative, dtype=float), (n,)).copy()
    kinds = (shape,) * n if isinstance(shape, str) else tuple(shape)
    if not np.all(np.isfinite(ranges)) or np.any(ranges < 0):
        raise MethodError(f"value uncertainty {relative}: relative ranges must be ≥ 0")
    if len(kinds) != n or any(k not in SHAPES for k in kinds):
        raise MethodError(
            f"value uncertainty shape {shape}: use {' or '.join(SHAPES)}, one or one per indicator"
        )
    normal = np.array([k == "normal" for k in kinds])
    parameters = {"relative": ranges.tolist(), "shape": list(kinds)}
    return Sampler("values", parameters, partial(_values, base, ranges, normal))


def rows_left_alike(matrix: FloatArray, values: Draw | None) -> npt.NDArray[np.bool_]:
    """Rows of ``matrix`` that value draws leave as they are: all without value draws; with
    :func:`matrix_draws`, the rows that are 0 wherever a range is positive (``x(1 + r δ)``
    keeps 0 at 0); none for any other draw function."""
    if values is None:
        return np.ones(len(matrix), dtype=bool)
    relative = getattr(values, "parameters", {}).get("relative")
    if getattr(values, "kind", None) != "values" or relative is None:
        return np.zeros(len(matrix), dtype=bool)
    alike: npt.NDArray[np.bool_] = np.all((matrix == 0) | (np.asarray(relative) == 0), axis=1)
    return alike


# ---------------------------------------------------------------------------------------------
# The draws of a run: fixed blocks, one stream per block.
# ---------------------------------------------------------------------------------------------


def block_sizes(samples: int) -> list[int]:
    """Draws per block: ``BLOCK`` each, the last one the rest."""
    return [min(BLOCK, samples - start) for start in range(0, samples, BLOCK)]


def block_streams(seed: int, block: int) -> list[np.random.Generator]:
    """Weight, value and confidence generators of ``block``: the children of
    ``SeedSequence(seed).spawn(blocks)[block]`` (built directly from its spawn key, so a
    block's draws depend on neither the chunking nor the number of blocks)."""
    children = np.random.SeedSequence(seed, spawn_key=(block,)).spawn(3)
    return [np.random.default_rng(child) for child in children]


def value_tiles(
    values: Draw, rng: np.random.Generator, size: int, shape: tuple[int, int]
) -> Iterator[FloatArray]:
    """A block's perturbed matrices, drawn in tiles of a size fixed by ``m × n`` alone."""
    tile = max(1, VALUE_TILE // (shape[0] * shape[1]))
    for start in range(0, size, tile):
        count = min(tile, size - start)
        drawn = values(rng, count)
        if drawn.shape != (count, *shape):
            raise MethodError(f"value sampler gave {drawn.shape}; expected {(count, *shape)}")
        yield drawn


def run_draws(
    samples: int,
    seed: int,
    weights: Draw,
    values: Draw | None = None,
    shape: tuple[int, int] = (0, 0),
) -> tuple[FloatArray, FloatArray | None]:
    """Every weight (N × n) and matrix (N × m × n, ``shape = (m, n)``) draw of an SMAA run,
    exactly as :func:`~mcda_citydip.sensitivity.smaa.smaa` makes them, held in memory: for
    checks and small runs."""
    drawn: list[FloatArray] = []
    matrices: list[FloatArray] = []
    for block, size in enumerate(block_sizes(samples)):
        weight_rng, value_rng, _ = block_streams(seed, block)
        drawn.append(weights(weight_rng, size))
        if values is not None:
            matrices.extend(value_tiles(values, value_rng, size, shape))
    return np.concatenate(drawn), np.concatenate(matrices) if matrices else None


def fixed_weights(weights: FloatArray, kind: str = "fixed") -> Sampler:
    """The same weights in every draw (when only the data are uncertain), named ``kind``."""
    base = np.asarray(weights, dtype=float)

    def draw(rng: np.random.Generator, size: int) -> FloatArray:
        return np.broadcast_to(base, (size, len(base))).copy()

    return Sampler(kind, {"weights": base.tolist()}, draw)


def missing_cell_draws(
    matrix: FloatArray, cells: npt.NDArray[np.bool_], low: FloatArray, high: FloatArray
) -> Sampler:
    """Decision matrices (``size × m × n``) whose ``cells`` (missing or imputed values) are
    drawn uniformly from ``[low, high]`` (``m × n``: each cell's range); every other cell is
    the matrix's own. Vectorised over draws and cells."""
    base = np.asarray(matrix, dtype=float)
    rows, cols = np.nonzero(cells)
    lo = np.asarray(low, dtype=float)[rows, cols]
    hi = np.asarray(high, dtype=float)[rows, cols]

    def draw(rng: np.random.Generator, size: int) -> FloatArray:
        out = np.broadcast_to(base, (size, *base.shape)).copy()
        out[:, rows, cols] = lo + (hi - lo) * rng.random((size, len(rows)))
        return out

    parameters = {"cells": len(rows), "low": lo.tolist(), "high": hi.tolist()}
    return Sampler("missing", parameters, draw)
