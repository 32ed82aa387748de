"""The *sample* step: weight vectors and decision matrices drawn for Monte Carlo analysis.

A sampler is a pure function ``(rng, size) -> array`` of a seeded ``numpy.random.Generator``:
weight samplers give ``size × n`` rows on the simplex (non-negative, summing to 1), matrix
samplers give ``size × m × n`` perturbed decision matrices. The factories below build them as
small frozen, picklable objects that also say what they draw (``kind``, ``parameters``), so a
run can stamp its conventions and ship its sampler to a Dask worker.

Weights are never perturbed one by one (that can make them negative or stop them summing
to 1): they are drawn on the simplex (Dirichlet) or re-derived from perturbed judgments.
A run draws in fixed blocks of ``BLOCK`` draws, one stream per block (:func:`block_streams`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from mcda_citydip.ahp.priorities import priorities_batch
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.ahp.weights import AhpSettings, ahp_weights, expert_matrix
from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, Hierarchy, Judgments

IntArray = npt.NDArray[np.int64]
Draw = Callable[[np.random.Generator, int], FloatArray]
BLOCK = 4096  # draws per block: the unit of randomness (one stream each)
VALUE_TILE = 2**20  # cells (draws × m × n) per call of a matrix sampler
LN9 = math.log(9.0)
SHAPES = ("uniform", "normal")


@dataclass(frozen=True)
class Sampler:
    """A named draw function: ``sampler(rng, size)`` calls ``draw(rng, size)``."""

    kind: str
    parameters: Mapping[str, Any]
    draw: Draw = field(repr=False)

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


# ---------------------------------------------------------------------------------------------
# Judgment-level uncertainty: perturb the pairwise judgments, then AHP again for every draw.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeModel:
    """The judged pairs of one inner node and the candidate values for each pair.

    ``logs[p, e]`` is ``ln a_ij`` of the ``e``-th expert who judged pair ``p = (rows[p],
    cols[p])``; ``cumulative[p]`` the running sum of their choice probabilities (expert
    weights normalised over those experts; padding has probability 0).
    """

    size: int
    rows: IntArray
    cols: IntArray
    logs: FloatArray
    cumulative: FloatArray


@dataclass(frozen=True)
class JudgmentModel:
    """Every node's judgments and the paths that turn local priorities into leaf weights."""

    nodes: tuple[NodeModel | None, ...]  # None: a node with a single child
    paths: tuple[tuple[tuple[int, int], ...], ...]  # per leaf: (node index, child position)
    spread: float
    priority: str


def _node_model(experts: Sequence[Judgments], node: str, items: tuple[str, ...]) -> NodeModel:
    matrices = np.stack([expert_matrix(e, node, items) for e in experts])
    weights = np.array([e.weight for e in experts])
    rows, cols = np.triu_indices(len(items), 1)
    values = matrices[:, rows, cols].T  # pairs × experts, NaN where not judged
    judged = ~np.isnan(values)
    keep = judged.any(axis=1)
    order = np.argsort(~judged[keep], axis=1, kind="stable")  # judged experts first
    values, judged = (np.take_along_axis(a[keep], order, axis=1) for a in (values, judged))
    chance = np.where(judged, weights[order], 0.0)
    return NodeModel(
        len(items),
        rows[keep].astype(np.int64),
        cols[keep].astype(np.int64),
        np.where(judged, np.log(np.where(judged, values, 1.0)), 0.0),
        np.cumsum(chance, axis=1) / chance.sum(axis=1, keepdims=True),  # last judged: 1.0
    )


def _paths(hierarchy: Hierarchy, inner: tuple[str, ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    index = {node: k for k, node in enumerate(inner)}
    paths = []
    for leaf in hierarchy.leaves:
        chain = hierarchy.path(leaf)
        steps = itertools.pairwise(chain)
        paths.append(tuple((index[p], hierarchy.nodes[p].children.index(c)) for p, c in steps))
    return tuple(paths)


def _excluded(baseline: Weights, expert: str, node: str, settings: AhpSettings) -> bool:
    """Left out of ``node`` by ``cr_policy: exclude`` (own CR above the limit there)."""
    own = baseline.experts.get(expert)
    weights = own.nodes.get(node) if own is not None else None
    return (
        settings.cr_policy == "exclude"
        and weights is not None
        and weights.consistency.cr > settings.cr_limit
    )


def judgment_model(
    hierarchy: Hierarchy,
    experts: Sequence[Judgments],
    settings: AhpSettings | None = None,
    spread: float = 0.1,
) -> JudgmentModel:
    """Check the judgments (as :func:`~mcda_citydip.ahp.weights.ahp_weights` does) and index
    them per node; experts left out of a node by the CR policy stay out of its draws."""
    settings = settings or AhpSettings()
    if not (math.isfinite(spread) and spread >= 0):
        raise MethodError(f"judgment spread {spread}: must be ≥ 0 (e.g. 0.1)")
    baseline = ahp_weights(hierarchy, experts, settings)
    inner = hierarchy.inner
    nodes: list[NodeModel | None] = []
    for node in inner:
        items = hierarchy.nodes[node].children
        kept = [e for e in experts if not _excluded(baseline, e.expert, node, settings)]
        nodes.append(_node_model(kept, node, items) if len(items) > 1 else None)
    return JudgmentModel(tuple(nodes), _paths(hierarchy, inner), float(spread), settings.priority)


def _judgment_logs(
    node: NodeModel, spread: float, rng: np.random.Generator, size: int
) -> FloatArray:
    """``ln a_ij`` per draw and pair: an expert drawn by weight, then ``+ ε ln 9``."""
    if node.logs.shape[1] == 1:
        logs = np.broadcast_to(node.logs[:, 0], (size, len(node.rows)))
    else:
        chosen = (rng.random((size, len(node.rows), 1)) >= node.cumulative[None, :, :-1]).sum(-1)
        logs = np.take_along_axis(node.logs[None], chosen[..., None], axis=2)[..., 0]
    if spread == 0:
        return np.array(logs)
    noise = rng.uniform(-spread, spread, (size, len(node.rows)))
    clipped: FloatArray = np.clip(logs + noise * LN9, -LN9, LN9)
    return clipped


def _judgment_weights(model: JudgmentModel, rng: np.random.Generator, size: int) -> FloatArray:
    local = [
        None
        if node is None
        else priorities_batch(
            node.size,
            node.rows,
            node.cols,
            _judgment_logs(node, model.spread, rng, size),
            model.priority,
        )
        for node in model.nodes
    ]
    weights = np.ones((size, len(model.paths)))
    for leaf, path in enumerate(model.paths):
        for node_index, position in path:
            priorities = local[node_index]
            if priorities is not None:
                weights[:, leaf] *= priorities[:, position]
    return weights


def judgment_draws(
    hierarchy: Hierarchy,
    experts: Sequence[Judgments],
    settings: AhpSettings | None = None,
    spread: float = 0.1,
) -> Sampler:
    """Leaf weights from perturbed pairwise judgments, pushed through AHP for every draw.

    Stochastic judgments in AHP: Hauser & Tadikamalla (1996, EJOR 91:27–37) simulate
    judgments from distributions of feasible values; Durbach, Lahdelma & Salminen (2014,
    EJOR 238(2):552–559) combine such judgments with SMAA. Here, per draw and judged pair:

    * one expert's value ``a_ij`` is taken — with several experts, drawn at random with
      probability proportional to the experts' weights among those who judged the pair (a
      resampling of the group's spread: each draw is one plausible group matrix, so the
      AIJ/AIP setting is not used); with one expert, his value;
    * it is multiplied by ``9^ε``, ``ε ~ U(−spread, spread)``, i.e. moved uniformly in log
      space (``spread = 0.5`` reaches a factor 3 either way), and clipped to Saaty's
      ``[1/9, 9]``; ``a_ji = 1/a_ij`` stays reciprocal.

    Local priorities follow ``settings.priority`` (Harker's eigenvector by batched power
    iteration, or LLSM) on the node's fixed pattern of judged pairs; leaf weights are the
    products of local weights from the goal down (Saaty 1980). No draw is rejected for its CR.
    """
    model = judgment_model(hierarchy, experts, settings, spread)
    parameters = {"spread": model.spread, "priority": model.priority, "experts": len(experts)}
    return Sampler("judgments", parameters, partial(_judgment_weights, model))


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
