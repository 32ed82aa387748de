"""From judgments (or direct weights) to :class:`Weights` for a whole hierarchy.

With several experts, each node is aggregated by AIJ or AIP (see ``ahp.group``); experts
whose CR at a node is above the limit are included, included with a note, or left out of
that node, as the CR policy says; each node reports Goepel's consensus and the expert
whose removal would raise it most.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from mcda_citydip.ahp.consistency import CR_THRESHOLD, INCOMPLETE_RANDOM_INDEX, RANDOM_INDEX
from mcda_citydip.ahp.group import (
    aggregate_judgments,
    aggregate_priorities,
    aggregate_priorities_arithmetic,
    consensus,
)
from mcda_citydip.ahp.matrix import components, pairwise_matrix
from mcda_citydip.ahp.priorities import PRIORITY_METHODS
from mcda_citydip.ahp.synthesis import (
    ExpertWeights,
    NodeWeights,
    Weights,
    node_weights,
    single_child,
    synthesize,
)
from mcda_citydip.errors import JudgmentError, check_choice, check_positive
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Hierarchy, Judgments

Aggregation = Literal["aij", "aip"]  # of experts' judgments, or of their priorities
AipMean = Literal["geometric", "arithmetic"]
CrPolicy = Literal["include", "warn", "exclude"]
UnlinkedPolicy = Literal["exclude", "include"]

#: The choices of each AHP convention (the keys of a scenario's ``ahp:``).
CHOICES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "priority": tuple(PRIORITY_METHODS),
        "random_index": tuple(RANDOM_INDEX),
        "aggregation": get_args(Aggregation),
        "aip_mean": get_args(AipMean),
        "cr_policy": get_args(CrPolicy),
        "incomplete_random_index": INCOMPLETE_RANDOM_INDEX,
        "unlinked_policy": get_args(UnlinkedPolicy),
    }
)


class AhpSettings(Struct, frozen=True):
    """Every AHP convention of a run, stated in its output; checked on construction
    (:class:`~mcda_citydip.errors.MethodError` naming the field as ``parameter``)."""

    priority: str = "eigenvector"
    random_index: str = "saaty"
    aggregation: str = "aij"  # aij | aip
    aip_mean: str = "geometric"  # geometric | arithmetic
    cr_policy: str = "warn"  # include | warn | exclude
    cr_limit: float = CR_THRESHOLD
    incomplete_random_index: str = "graph"  # graph (RI(n) × graph factor) | complete (RI(n))
    unlinked_policy: str = "exclude"  # exclude | include: experts whose pairs leave items apart

    def __post_init__(self) -> None:
        for name, choices in CHOICES.items():
            check_choice(name, getattr(self, name), choices)
        check_positive("cr_limit", self.cr_limit)


def expert_matrix(judgments: Judgments, node: str, items: tuple[str, ...]) -> FloatArray:
    pairs = [(c.left, c.right, c.value) for c in judgments.comparisons.get(node, ())]
    return pairwise_matrix(items, pairs)


def _individual(
    node: str, items: tuple[str, ...], experts: Sequence[Judgments], settings: AhpSettings
) -> dict[str, NodeWeights]:
    """Each expert's own priorities at a node (those whose judgments connect its items)."""
    table = RANDOM_INDEX[settings.random_index]
    own = {}
    for expert in experts:
        matrix = expert_matrix(expert, node, items)
        if len(components(matrix)) == 1:
            own[expert.expert] = node_weights(
                node,
                items,
                matrix,
                settings.priority,
                table,
                incomplete=settings.incomplete_random_index,
            )
    return own


def _group_node(
    node: str, items: tuple[str, ...], experts: Sequence[Judgments], settings: AhpSettings
) -> tuple[NodeWeights, dict[str, NodeWeights]]:
    table = RANDOM_INDEX[settings.random_index]
    own = _individual(node, items, experts, settings) if len(experts) > 1 else {}
    inconsistent = tuple(e for e, n in own.items() if n.consistency.cr > settings.cr_limit)
    excluded = inconsistent if settings.cr_policy == "exclude" else ()
    judging = [e for e in experts if e.comparisons.get(node)]
    unlinked = tuple(e.expert for e in judging if e.expert not in own) if len(experts) > 1 else ()
    if settings.unlinked_policy == "exclude" and len(unlinked) < len(judging):
        excluded = (*excluded, *unlinked)  # when nobody links the node alone, all are pooled
    kept = [e for e in experts if e.expert not in excluded]
    if not kept:
        raise JudgmentError(
            f"node '{node}': every expert's CR is above {settings.cr_limit}, so cr_policy "
            "'exclude' leaves no one; revise the judgments or use cr_policy: warn"
        )
    context = "" if len(experts) > 1 else f"{experts[0].source}: "
    matrices = [expert_matrix(e, node, items) for e in kept]
    weights = [e.weight for e in kept]
    pooled = node_weights(
        node,
        items,
        aggregate_judgments(matrices, weights),
        settings.priority,
        table,
        context,
        incomplete=settings.incomplete_random_index,
    )
    vectors = [np.array(list(own[e.expert].local.values())) for e in kept if e.expert in own]
    if settings.aggregation == "aip" and len(kept) > 1:
        missing = [e.expert for e in kept if e.expert not in own]
        if missing:
            raise JudgmentError(
                f"node '{node}': with aggregation 'aip' every expert needs judgments linking "
                f"all items; {', '.join(missing)} do not; add pairs or use aggregation: aij"
            )
        mean = (
            aggregate_priorities
            if settings.aip_mean == "geometric"
            else (aggregate_priorities_arithmetic)
        )
        local = mean(vectors, weights)
        pooled = replace(
            pooled, local=MappingProxyType(dict(zip(items, local.tolist(), strict=True)))
        )
    pooled = replace(pooled, excluded=excluded, inconsistent=inconsistent, unlinked=unlinked)
    if len(vectors) > 1:
        pooled = replace(pooled, consensus=consensus(vectors), outlier=_outlier(own, kept))
    return pooled, own


#: What was done with judgments that do not link all of a node's items, as said in a note.
UNLINKED_ACTIONS = {
    "exclude": N_("left out of this node's aggregation (unlinked_policy: exclude)"),
    "include": N_("pooled with the others' (unlinked_policy: include)"),
    "kept": N_("pooled all the same: no expert links this node alone"),
}


def _unlinked_note(node: NodeWeights, policy: str) -> Message:
    """Which experts' judgments leave a node's items apart, and what was done with them."""
    if policy == "exclude" and set(node.unlinked) <= set(node.excluded):
        action = UNLINKED_ACTIONS["exclude"]
    else:
        action = UNLINKED_ACTIONS["include" if policy == "include" else "kept"]
    return Message(
        N_("node '{node}': the judgments of {experts} do not link all its items; {action}"),
        node=node.node,
        experts=", ".join(node.unlinked),
        action=Message(action),
    )


def _outlier(own: Mapping[str, NodeWeights], kept: Sequence[Judgments]) -> str | None:
    """The expert whose removal raises the node's consensus most (three or more experts)."""
    names = [e.expert for e in kept if e.expert in own]
    if len(names) < 3:
        return None
    vectors = {name: np.array(list(own[name].local.values())) for name in names}
    gains = {name: consensus([v for k, v in vectors.items() if k != name]) for name in names}
    best = max(gains, key=gains.__getitem__)
    return best if gains[best] > consensus(list(vectors.values())) + 1e-9 else None


def _experts_weights(
    hierarchy: Hierarchy,
    experts: Sequence[Judgments],
    per_node: Mapping[str, dict[str, NodeWeights]],
) -> dict[str, ExpertWeights]:
    result = {}
    for expert in experts:
        nodes = {node: own[expert.expert] for node, own in per_node.items() if expert.expert in own}
        complete = all(n in nodes or len(hierarchy.nodes[n].children) == 1 for n in hierarchy.inner)
        full = (
            {
                n: nodes.get(n)
                or single_child(n, hierarchy.nodes[n].children[0], RANDOM_INDEX["saaty"], "")
                for n in hierarchy.inner
            }
            if complete
            else {}
        )
        global_weights = MappingProxyType(synthesize(hierarchy, full)) if complete else None
        result[expert.expert] = ExpertWeights(
            expert.expert, expert.weight, global_weights, MappingProxyType(nodes)
        )
    return result


def ahp_weights(
    hierarchy: Hierarchy, experts: Sequence[Judgments], settings: AhpSettings | None = None
) -> Weights:
    """Local priorities at every inner node and global leaf weights.

    With several experts, judgments are pooled per pair (AIJ) or priorities per node
    (AIP); the consistency reported for a node is that of the pooled judgments, and each
    expert's own weights and CR are kept beside the group's.
    """
    settings = settings or AhpSettings()
    if not experts:
        raise JudgmentError("no judgments: give a judgments file, a folder of them or a list")
    table = RANDOM_INDEX[settings.random_index]
    nodes: dict[str, NodeWeights] = {}
    per_node: dict[str, dict[str, NodeWeights]] = {}
    problems: list[str] = []
    for node in hierarchy.inner:
        items = hierarchy.nodes[node].children
        if len(items) == 1:
            nodes[node] = single_child(node, items[0], table, settings.priority)
            continue
        if not any(e.comparisons.get(node) for e in experts):
            sources = ", ".join(e.source or e.expert for e in experts)
            problems.append(
                f"{sources}: node '{node}' has no comparisons; add 'comparisons: {node}:' with "
                f"at least {len(items) - 1} pairs linking {', '.join(items)}"
            )
            continue
        try:
            nodes[node], per_node[node] = _group_node(node, items, experts, settings)
        except JudgmentError as exc:
            problems.extend(exc.messages)
    if problems:
        raise JudgmentError(problems)
    notes = [n.consistency.note for n in nodes.values() if n.consistency.note]
    if settings.cr_policy != "include":
        template = (
            N_(
                "node '{node}': CR of {experts} above {limit}; left out of the aggregation "
                "(cr_policy: {policy})"
            )
            if settings.cr_policy == "exclude"
            else N_(
                "node '{node}': CR of {experts} above {limit}; kept in the aggregation "
                "(cr_policy: {policy})"
            )
        )
        notes += [
            Message(
                template,
                node=n.node,
                experts=", ".join(n.inconsistent),
                limit=settings.cr_limit,
                policy=settings.cr_policy,
            )
            for n in nodes.values()
            if n.inconsistent
        ]
    notes += [_unlinked_note(n, settings.unlinked_policy) for n in nodes.values() if n.unlinked]
    nodes = {k: replace(n, cr_limit=settings.cr_limit) for k, n in nodes.items()}
    return Weights(
        MappingProxyType(synthesize(hierarchy, nodes)),
        MappingProxyType(nodes),
        "ahp",
        tuple(dict.fromkeys(notes)),
        MappingProxyType(_experts_weights(hierarchy, experts, per_node))
        if len(experts) > 1
        else MappingProxyType({}),
    )


def direct_weights(hierarchy: Hierarchy, given: Mapping[str, float], source: str) -> Weights:
    """Leaf weights given directly, normalised to sum 1 (validated by the reader)."""
    total = sum(given.values())
    leaves = hierarchy.leaves
    return Weights(MappingProxyType({leaf: given[leaf] / total for leaf in leaves}), {}, source)


def equal_weights(hierarchy: Hierarchy) -> Weights:
    leaves = hierarchy.leaves
    return Weights(MappingProxyType({leaf: 1.0 / len(leaves) for leaf in leaves}), {}, "equal")
