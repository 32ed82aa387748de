"""Tests for ``mcda_citydip.ahp.synthesis``: node priorities and hierarchical synthesis."""

from __future__ import annotations

import itertools
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.ahp.consistency import RANDOM_INDEX, Consistency
from mcda_citydip.ahp.matrix import consistent_matrix, pairwise_matrix
from mcda_citydip.ahp.synthesis import NodeWeights, node_weights, single_child, synthesize
from mcda_citydip.errors import CitydipError, JudgmentError
from mcda_citydip.model import GOAL, Hierarchy, Node

SAATY = RANDOM_INDEX["saaty"]


def make_hierarchy(tree: dict[str, tuple[str, ...]]) -> Hierarchy:
    """Inner nodes from ``tree`` (``goal`` first); every other id named is a leaf."""
    nodes = {node: Node(node, node.upper(), children=children) for node, children in tree.items()}
    for children in tree.values():
        for child in children:
            nodes.setdefault(child, Node(child, child.upper(), direction="benefit"))
    return Hierarchy("test", MappingProxyType(nodes))


def local_weights(node: str, items: tuple[str, ...], weights: list[float]) -> NodeWeights:
    """NodeWeights with given local priorities (built through ``node_weights`` from the
    consistent matrix of those priorities)."""
    w = np.array(weights) / sum(weights)
    return node_weights(node, items, consistent_matrix(w), "eigenvector", SAATY)


# --------------------------------------------------------------------------- node_weights


def test_disconnected_judgments_raise_naming_the_groups() -> None:
    items = ("mobility", "housing", "energy", "water")
    matrix = pairwise_matrix(items, [("mobility", "energy", 3.0), ("housing", "water", 2.0)])
    with pytest.raises(JudgmentError) as info:
        node_weights("environment", items, matrix, "eigenvector", SAATY, "expert.yaml: ")
    message = str(info.value)
    assert isinstance(info.value, CitydipError)
    assert message.startswith("expert.yaml: ")
    assert "'environment'" in message
    assert "{mobility, energy}" in message and "{housing, water}" in message


@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
def test_a_lone_item_is_named_as_its_own_group(priority: str) -> None:
    items = ("a", "b", "c")
    matrix = pairwise_matrix(items, [("a", "b", 3.0)])
    with pytest.raises(JudgmentError, match=r"\{a, b\} \| \{c\}"):
        node_weights("goal", items, matrix, priority, SAATY)


@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
def test_incomplete_node_reports_completion_and_counts(priority: str) -> None:
    """A consistent chain a→b→c (a = 2b, b = 3c) implies a = 6c: the completed entry is 6,
    the priorities (6, 3, 1)/10 and the CR of the completed matrix 0."""
    items = ("a", "b", "c")
    matrix = pairwise_matrix(items, [("a", "b", 2.0), ("b", "c", 3.0)])
    result = node_weights("goal", items, matrix, priority, SAATY)
    assert dict(result.local) == pytest.approx({"a": 0.6, "b": 0.3, "c": 0.1})
    assert dict(result.completed) == pytest.approx({"a>c": 6.0})
    assert result.judgments == 2 and result.pairs == 3
    assert abs(result.consistency.cr) < 1e-9
    assert (result.priority, result.random_index) == (priority, "saaty")
    assert not result.flagged()


def test_complete_node_has_no_completion_and_its_cr_is_that_of_the_matrix() -> None:
    """Saaty (1980) RI(3) = 0.58; a = [[1, 2, 8], [1/2, 1, 2], [1/8, 1/2, 1]] is checked
    against an independent numpy eigenvalue computation."""
    items = ("a", "b", "c")
    matrix = pairwise_matrix(items, [("a", "b", 2.0), ("a", "c", 8.0), ("b", "c", 2.0)])
    result = node_weights("goal", items, matrix, "eigenvector", SAATY)
    lam = float(np.max(np.linalg.eigvals(matrix).real))
    assert result.completed == {}
    assert result.judgments == 3
    assert result.consistency.cr == pytest.approx((lam - 3) / 2 / 0.58, rel=1e-9)


def test_flagged_compares_cr_with_the_threshold() -> None:
    """A strongly intransitive 3×3 matrix (a > b > c > a) is flagged at the 0.1 threshold."""
    items = ("a", "b", "c")
    matrix = pairwise_matrix(items, [("a", "b", 9.0), ("b", "c", 9.0), ("c", "a", 9.0)])
    result = node_weights("goal", items, matrix, "eigenvector", SAATY)
    assert result.consistency.cr > 0.1
    assert result.flagged()
    assert not result.flagged(threshold=result.consistency.cr + 1.0)


def test_single_child_passes_all_weight_down() -> None:
    result = single_child("d2", "x", SAATY, "eigenvector")
    assert dict(result.local) == {"x": 1.0}
    assert result.consistency == Consistency(1.0, 0.0, 0.0, 0.0)
    assert result.items == ("x",) and result.judgments == 0 and result.pairs == 0
    assert not result.flagged()


# --------------------------------------------------------------------------- synthesize


def test_global_weight_is_the_product_of_local_weights_down_the_path() -> None:
    """Saaty (1980, ch. 3): goal → d1 (0.75) → a (0.2) gives a = 0.15, etc."""
    tree = {GOAL: ("d1", "d2"), "d1": ("a", "b"), "d2": ("e1",), "e1": ("c", "d")}
    hierarchy = make_hierarchy(tree)
    nodes = {
        GOAL: local_weights(GOAL, ("d1", "d2"), [3, 1]),
        "d1": local_weights("d1", ("a", "b"), [1, 4]),
        "d2": single_child("d2", "e1", SAATY, "eigenvector"),
        "e1": local_weights("e1", ("c", "d"), [1, 1]),
    }
    result = synthesize(hierarchy, nodes)
    assert list(result) == ["a", "b", "c", "d"]
    assert result == pytest.approx({"a": 0.15, "b": 0.6, "c": 0.125, "d": 0.125})
    assert sum(result.values()) == pytest.approx(1.0)


@st.composite
def random_trees(draw: st.DrawFn) -> tuple[dict[str, tuple[str, ...]], dict[str, list[float]]]:
    """A random hierarchy of depth up to 3 and random positive local weights."""
    counter = iter(range(10_000))
    tree: dict[str, tuple[str, ...]] = {}
    weights: dict[str, list[float]] = {}

    def grow(node: str, depth: int) -> None:
        k = draw(st.integers(1, 4))
        children = tuple(f"n{next(counter)}" for _ in range(k))
        tree[node] = children
        weights[node] = draw(st.lists(st.floats(0.05, 5.0), min_size=k, max_size=k))
        for child in children:
            if depth < 3 and draw(st.booleans()):
                grow(child, depth + 1)

    grow(GOAL, 1)
    return tree, weights


@given(random_trees())
def test_synthesis_property(
    case: tuple[dict[str, tuple[str, ...]], dict[str, list[float]]],
) -> None:
    tree, raw = case
    hierarchy = make_hierarchy(tree)
    nodes = {node: local_weights(node, tree[node], raw[node]) for node in tree}
    result = synthesize(hierarchy, nodes)
    assert tuple(result) == hierarchy.leaves
    assert sum(result.values()) == pytest.approx(1.0, abs=1e-12)
    for leaf, value in result.items():
        path = hierarchy.path(leaf)
        expected = 1.0
        for parent, child in itertools.pairwise(path):
            share = raw[parent][tree[parent].index(child)] / sum(raw[parent])
            expected *= share
        assert value == pytest.approx(expected, rel=1e-9)
