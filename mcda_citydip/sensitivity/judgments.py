"""Judgment-level uncertainty: perturb the experts' pairwise judgments, then AHP again per draw.

The weight sampler :func:`judgment_draws` re-derives the leaf weights of the hierarchy from
perturbed judgments for every draw (a :class:`~mcda_citydip.sensitivity.sampling.Sampler`
like the simplex and Dirichlet samplers): no existing MCDA tool varies the judgments
themselves. The model is checked once (:func:`judgment_model`) and indexed per node, so a
block of draws costs one batched priority solve per node.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import partial

import numpy as np
from msgspec import Struct

from mcda_citydip.ahp.priorities import priorities_batch
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.ahp.weights import AhpSettings, ahp_weights, expert_matrix
from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, Hierarchy, IntArray, Judgments
from mcda_citydip.sensitivity.limits import MAX_SPREAD
from mcda_citydip.sensitivity.sampling import Sampler

LN9 = math.log(9.0)


class NodeModel(Struct, frozen=True):
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


class JudgmentModel(Struct, frozen=True):
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


def check_spread(spread: object) -> float:
    """The judgment spread ``ε`` as a float, or :class:`MethodError` unless a number from 0 to
    ``MAX_SPREAD`` (which already moves a judgment across the whole of Saaty's scale)."""
    if isinstance(spread, bool) or not isinstance(spread, int | float | np.integer | np.floating):
        number = math.nan
    else:
        number = float(spread)
    if not 0 <= number <= MAX_SPREAD:
        raise MethodError(
            f"spread: must be a number from 0 to {MAX_SPREAD:g} (e.g. 0.1), got {spread!r}; "
            f"{MAX_SPREAD:g} already moves a judgment across the whole of Saaty's scale",
            parameter="spread",
        )
    return number


def judgment_model(
    hierarchy: Hierarchy,
    experts: Sequence[Judgments],
    settings: AhpSettings | None = None,
    spread: float = 0.1,
) -> JudgmentModel:
    """Check the judgments (as :func:`~mcda_citydip.ahp.weights.ahp_weights` does) and index
    them per node; experts left out of a node by the CR policy stay out of its draws."""
    settings = settings or AhpSettings()
    spread = check_spread(spread)
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
