"""Hierarchical synthesis: local priorities per node → global leaf weights.

The global weight of an indicator is the product of the local weights on its path from
the goal (Saaty 1980, ch. 3). Each inner node with two or more children needs a
connected set of judgments; a node with one child gives it weight 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from msgspec import Struct, field

from mcda_citydip.ahp.consistency import (
    CR_THRESHOLD,
    INCOMPLETE_RANDOM_INDEX,
    Consistency,
    RandomIndexTable,
    matrix_consistency,
)
from mcda_citydip.ahp.matrix import completed, components, is_complete, missing_pairs
from mcda_citydip.ahp.priorities import PRIORITY_METHODS
from mcda_citydip.errors import JudgmentError, MethodError, check_choice
from mcda_citydip.model import GOAL, FloatArray, Hierarchy


class NodeWeights(Struct, frozen=True):
    """Local priorities of one node's children, with their consistency."""

    node: str
    items: tuple[str, ...]
    local: Mapping[str, float]
    consistency: Consistency
    priority: str
    random_index: str
    judgments: int
    completed: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    consensus: float | None = None  # Goepel's S*, several experts only
    outlier: str | None = None  # the expert whose removal raises consensus most
    inconsistent: tuple[str, ...] = ()  # experts with CR above the limit here
    excluded: tuple[str, ...] = ()  # experts left out here (CR or unlinked policy)
    unlinked: tuple[str, ...] = ()  # experts whose pairs here leave items unconnected
    cr_limit: float = CR_THRESHOLD  # the scenario's max_cr, or Saaty's 0.1

    @property
    def pairs(self) -> int:
        n = len(self.items)
        return n * (n - 1) // 2

    def flagged(self, threshold: float | None = None) -> bool:
        return self.consistency.cr > (self.cr_limit if threshold is None else threshold)


class ExpertWeights(Struct, frozen=True):
    """One expert's own priorities, beside the group's (``global_weights`` is None when
    the expert's judgments do not connect every node)."""

    expert: str
    weight: float
    global_weights: Mapping[str, float] | None
    nodes: Mapping[str, NodeWeights]


class Weights(Struct, frozen=True):
    """Global leaf weights (summing to 1) and how they were obtained."""

    global_weights: Mapping[str, float]
    nodes: Mapping[str, NodeWeights]
    source: str
    notes: tuple[str, ...] = ()
    experts: Mapping[str, ExpertWeights] = field(default_factory=lambda: MappingProxyType({}))

    def vector(self, leaves: tuple[str, ...]) -> FloatArray:
        return np.array([self.global_weights[leaf] for leaf in leaves], dtype=float)


def node_weights(
    node: str,
    items: tuple[str, ...],
    matrix: FloatArray,
    priority: str,
    table: RandomIndexTable,
    context: str = "",
    *,
    incomplete: str = "graph",
) -> NodeWeights:
    """Priorities and consistency of one node's (possibly incomplete) matrix; ``incomplete``
    is the random index of an incomplete one (``graph`` | ``complete``, see
    :func:`~mcda_citydip.ahp.consistency.matrix_consistency`)."""
    check_choice("priority", priority, PRIORITY_METHODS, "priority method")
    check_choice("incomplete", incomplete, INCOMPLETE_RANDOM_INDEX, "incomplete random index")
    if matrix.shape != (len(items), len(items)):
        raise MethodError(
            f"matrix: is {matrix.shape}, not {len(items)} × {len(items)} for the "
            f"{len(items)} items of node '{node}'",
            parameter="matrix",
        )
    groups = components(matrix)
    if len(groups) > 1:
        names = " | ".join("{" + ", ".join(items[i] for i in g) + "}" for g in groups)
        raise JudgmentError(
            f"{context}node '{node}': the comparisons do not connect all its items; these "
            f"groups are never compared with each other: {names}; add at least one pair "
            "linking each group to another"
        )
    weights = PRIORITY_METHODS[priority](matrix)
    full = matrix if is_complete(matrix) else completed(matrix, weights)
    filled = {f"{items[i]}>{items[j]}": float(full[i, j]) for i, j in missing_pairs(matrix)}
    n = len(items)
    given = int((~np.isnan(matrix)).sum() - n) // 2
    return NodeWeights(
        node=node,
        items=items,
        local=MappingProxyType({item: float(w) for item, w in zip(items, weights, strict=True)}),
        consistency=matrix_consistency(matrix, weights, priority, table, incomplete),
        priority=priority,
        random_index=table.name,
        judgments=given,
        completed=MappingProxyType(filled),
    )


def synthesize(hierarchy: Hierarchy, nodes: Mapping[str, NodeWeights]) -> dict[str, float]:
    """Global weight of every leaf: the product of local weights from the goal down."""
    result: dict[str, float] = {}

    def descend(node_id: str, weight: float) -> None:
        node = hierarchy.nodes[node_id]
        if node.is_leaf:
            result[node_id] = weight
            return
        local = nodes[node_id].local
        for child in node.children:
            descend(child, weight * local[child])

    descend(GOAL, 1.0)
    return {leaf: result[leaf] for leaf in hierarchy.leaves}


def single_child(node: str, child: str, table: RandomIndexTable, priority: str) -> NodeWeights:
    """A node with one child passes all its weight down."""
    return NodeWeights(
        node,
        (child,),
        MappingProxyType({child: 1.0}),
        Consistency(1.0, 0.0, 0.0, 0.0),
        priority,
        table.name,
        0,
    )
