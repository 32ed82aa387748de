"""From judgments (or direct weights) to :class:`Weights` for a whole hierarchy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from mcda_citydip.ahp.consistency import RANDOM_INDEX
from mcda_citydip.ahp.group import aggregate_judgments, aggregate_priorities
from mcda_citydip.ahp.matrix import pairwise_matrix
from mcda_citydip.ahp.synthesis import NodeWeights, Weights, node_weights, single_child, synthesize
from mcda_citydip.errors import JudgmentError
from mcda_citydip.model import FloatArray, Hierarchy, Judgments


def expert_matrix(judgments: Judgments, node: str, items: tuple[str, ...]) -> FloatArray:
    pairs = [(c.left, c.right, c.value) for c in judgments.comparisons.get(node, ())]
    return pairwise_matrix(items, pairs)


def _group_node(
    node: str,
    items: tuple[str, ...],
    experts: Sequence[Judgments],
    priority: str,
    random_index: str,
    aggregation: str,
) -> NodeWeights:
    table = RANDOM_INDEX[random_index]
    matrices = [expert_matrix(e, node, items) for e in experts]
    weights = [e.weight for e in experts]
    context = "" if len(experts) > 1 else f"{experts[0].source}: "
    pooled = node_weights(
        node, items, aggregate_judgments(matrices, weights), priority, table, context
    )
    if aggregation == "aij" or len(experts) == 1:
        return pooled
    vectors = [
        np.array(
            list(node_weights(node, items, m, priority, table, f"{e.source}: ").local.values())
        )
        for e, m in zip(experts, matrices, strict=True)
    ]
    local = aggregate_priorities(vectors, weights)
    return replace(
        pooled,
        local=MappingProxyType({i: float(w) for i, w in zip(items, local, strict=True)}),
    )


def ahp_weights(
    hierarchy: Hierarchy,
    experts: Sequence[Judgments],
    priority: str = "eigenvector",
    random_index: str = "saaty",
    aggregation: str = "aij",
) -> Weights:
    """Local priorities at every inner node and global leaf weights.

    With several experts, judgments are pooled per pair (AIJ) or priorities per node
    (AIP); the consistency reported for a node is that of the pooled judgments.
    """
    if not experts:
        raise JudgmentError("no judgments: give a judgments file, a folder of them or a list")
    nodes: dict[str, NodeWeights] = {}
    problems: list[str] = []
    for node in hierarchy.inner:
        items = hierarchy.nodes[node].children
        if len(items) == 1:
            nodes[node] = single_child(node, items[0], RANDOM_INDEX[random_index], priority)
            continue
        if not any(e.comparisons.get(node) for e in experts):
            sources = ", ".join(e.source or e.expert for e in experts)
            problems.append(
                f"{sources}: node '{node}' has no comparisons; add 'comparisons: {node}:' with "
                f"at least {len(items) - 1} pairs linking {', '.join(items)}"
            )
            continue
        try:
            nodes[node] = _group_node(node, items, experts, priority, random_index, aggregation)
        except JudgmentError as exc:
            problems.extend(exc.messages)
    if problems:
        raise JudgmentError(problems)
    notes = [n.consistency.note for n in nodes.values() if n.consistency.note]
    return Weights(
        MappingProxyType(synthesize(hierarchy, nodes)),
        MappingProxyType(nodes),
        "ahp",
        tuple(dict.fromkeys(notes)),
    )


def direct_weights(hierarchy: Hierarchy, given: Mapping[str, float], source: str) -> Weights:
    """Leaf weights given directly, normalised to sum 1 (validated by the reader)."""
    total = sum(given.values())
    leaves = hierarchy.leaves
    return Weights(MappingProxyType({leaf: given[leaf] / total for leaf in leaves}), {}, source)


def equal_weights(hierarchy: Hierarchy) -> Weights:
    leaves = hierarchy.leaves
    return Weights(MappingProxyType({leaf: 1.0 / len(leaves) for leaf in leaves}), {}, "equal")
