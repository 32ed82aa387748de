"""Group AHP end to end: several experts' ``Judgments`` → ``ahp_weights`` → ``Weights``.

AIJ and AIP (Forman & Peniwati 1998, *EJOR* 108:165–169), the geometric mean as the
aggregation that keeps reciprocity (Aczél & Saaty 1983, *J. Math. Psychology* 27:93–102),
the CR policy per node, Goepel's consensus S* and the most deviating expert, and the JSON
of ``citydip weights`` with a folder of experts. Every expected number is derived by hand in
the test's docstring.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runner import run_citydip

from mcda_citydip.ahp.group import aggregate_judgments, consensus
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.ahp.weights import AhpSettings, ahp_weights, expert_matrix
from mcda_citydip.errors import JudgmentError
from mcda_citydip.model import GOAL, Comparison, Hierarchy, Judgments, Node

Pairs = dict[str, list[tuple[str, str, float]]]

FLAT = {GOAL: ("X", "Y", "Z")}
TWO_ITEMS = {GOAL: ("X", "Y")}
DEEP = {GOAL: ("ECO", "SOC"), "ECO": ("GDP", "DIST"), "SOC": ("EDU", "RISK", "HEAL")}
SAATY_SCALE = [1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)]

#: Consistent: X:Y:Z = 4:2:1.
A = [("X", "Y", 2.0), ("X", "Z", 4.0), ("Y", "Z", 2.0)]
#: Consistent: X:Y:Z = 2:2:1.
B = [("X", "Y", 1.0), ("X", "Z", 2.0), ("Y", "Z", 2.0)]
#: Consistent and opposite to A: X:Y:Z = 1:2:4.
OPPOSITE = [("X", "Y", 1 / 2), ("X", "Z", 1 / 4), ("Y", "Z", 1 / 2)]
#: A 3-cycle X > Y > Z > X, each 9: c = a_XY · a_YZ / a_XZ = 729, λmax = 1 + 9 + 1/9,
#: CI = (λmax − 3)/2 = 3.56, CR = 3.56 / 0.58 ≈ 6.1 — far above 0.1.
CYCLE = [("X", "Y", 9.0), ("Y", "Z", 9.0), ("X", "Z", 1 / 9)]


def make_hierarchy(tree: Mapping[str, tuple[str, ...]]) -> Hierarchy:
    nodes = {node: Node(node, f"Node {node}", children=children) for node, children in tree.items()}
    for children in tree.values():
        for child in children:
            nodes.setdefault(child, Node(child, f"Leaf {child}", direction="benefit"))
    return Hierarchy("test", MappingProxyType(nodes))


def expert(name: str, pairs: Pairs, weight: float = 1.0) -> Judgments:
    comparisons = {
        node: tuple(Comparison(left, right, value) for left, right, value in items)
        for node, items in pairs.items()
    }
    return Judgments(name, weight, MappingProxyType(comparisons), f"{name}.yaml")


def local(result: Weights, node: str = GOAL) -> list[float]:
    return list(result.nodes[node].local.values())


def normalised(*values: float) -> list[float]:
    total = sum(values)
    return [v / total for v in values]


# --- AIJ -----------------------------------------------------------------------------------


def test_aij_of_identical_experts_equals_one_expert() -> None:
    """Identical (inconsistent, incomplete) judgments from three experts of any weights
    give the one expert's weights, CR and completed pairs."""
    hierarchy = make_hierarchy(DEEP)
    pairs: Pairs = {
        GOAL: [("ECO", "SOC", 3.0)],
        "ECO": [("GDP", "DIST", 1 / 4)],
        "SOC": [("EDU", "RISK", 5.0), ("RISK", "HEAL", 3.0), ("EDU", "HEAL", 1.0)],
    }
    alone = ahp_weights(hierarchy, [expert("e1", pairs)])
    group = ahp_weights(
        hierarchy, [expert("e1", pairs, 1.0), expert("e2", pairs, 4.0), expert("e3", pairs, 0.5)]
    )
    assert dict(group.global_weights) == pytest.approx(dict(alone.global_weights), rel=1e-12)
    for node in hierarchy.inner:
        assert local(group, node) == pytest.approx(local(alone, node), rel=1e-12)
        assert group.nodes[node].consistency.cr == pytest.approx(
            alone.nodes[node].consistency.cr, rel=1e-9, abs=1e-12
        )
        assert group.nodes[node].consensus == pytest.approx(1.0)
    assert alone.nodes["SOC"].consistency.cr > 0.1  # the case is not trivially consistent

    gap = {GOAL: [("X", "Y", 3.0), ("X", "Z", 1 / 2)]}  # Y vs Z never judged
    flat = make_hierarchy(FLAT)
    one = ahp_weights(flat, [expert("e1", gap)])
    two = ahp_weights(flat, [expert("e1", gap), expert("e2", gap, 7.0)])
    assert local(two) == pytest.approx(local(one), rel=1e-12)
    assert dict(two.nodes[GOAL].completed) == pytest.approx(dict(one.nodes[GOAL].completed))
    assert set(one.nodes[GOAL].completed) == {"Y>Z"}


@st.composite
def panels(draw: st.DrawFn) -> list[Judgments]:
    """2–5 experts on the flat node, each pair given or skipped, values on Saaty's scale."""
    k = draw(st.integers(2, 5))
    result = []
    for e in range(k):
        pairs = [
            (left, right, draw(st.sampled_from(SAATY_SCALE)))
            for left, right in (("X", "Y"), ("X", "Z"), ("Y", "Z"))
            if draw(st.booleans())
        ]
        result.append(expert(f"e{e}", {GOAL: pairs}, draw(st.floats(0.1, 10.0))))
    return result


@settings(max_examples=200, deadline=None)
@given(panels())
def test_aij_geometric_mean_keeps_the_pooled_matrix_reciprocal(experts: list[Judgments]) -> None:
    """Aczél & Saaty (1983): the weighted geometric mean of reciprocal judgments is
    reciprocal, a_ij · a_ji = 1, and stays within [1/9, 9]; a pair no one gave stays
    missing, a pair someone gave is present."""
    items = FLAT[GOAL]
    matrices = [expert_matrix(e, GOAL, items) for e in experts]
    pooled = aggregate_judgments(matrices, [e.weight for e in experts])
    known = ~np.isnan(pooled)
    assert np.array_equal(known, known.T)
    np.testing.assert_allclose(pooled[known] * pooled.T[known], 1.0, rtol=1e-12)
    assert np.all(pooled[known] >= 1 / 9 * (1 - 1e-12))
    assert np.all(pooled[known] <= 9 * (1 + 1e-12))
    assert np.array_equal(known, np.any([~np.isnan(m) for m in matrices], axis=0))


def test_equal_expert_weights_give_the_unweighted_result() -> None:
    """Three experts judge X vs Y 2, 4 and 8: the unweighted geometric mean is
    (2 · 4 · 8)^(1/3) = 4, so X, Y = 4/5, 1/5, whatever the common weight."""
    hierarchy = make_hierarchy(TWO_ITEMS)
    values = (2.0, 4.0, 8.0)
    for common in (1.0, 2.5, 0.2):
        experts = [expert(f"e{v}", {GOAL: [("X", "Y", v)]}, common) for v in values]
        assert local(ahp_weights(hierarchy, experts)) == pytest.approx([0.8, 0.2], rel=1e-12)
    weighted = [expert("e2", {GOAL: [("X", "Y", 2.0)]}, 1.0)]
    weighted += [expert("e8", {GOAL: [("X", "Y", 8.0)]}, 2.0)]
    # 2^(1/3) · 8^(2/3) = 2^(1/3 + 2) → X, Y = 2^(7/3) : 1
    top = 2 ** (7 / 3)
    assert local(ahp_weights(hierarchy, weighted)) == pytest.approx(normalised(top, 1.0))


def test_aij_uses_only_the_experts_who_gave_a_pair() -> None:
    """Expert a (weight 1) gives X/Y 1, X/Z 2, Y/Z 2; expert b (weight 3) gives X/Y 4,
    X/Z 8 and skips Y/Z. Pooled with the weights renormalised over who answered:
    X/Y = 1^(1/4) · 4^(3/4) = 2^1.5, X/Z = 2^(1/4) · 8^(3/4) = 2^2.5, Y/Z = 2 (a alone).
    That is consistent, so X : Y : Z = 2^2.5 : 2 : 1 with CR 0. (Counting b's missing Y/Z
    as 1 would give Y/Z = 2^(1/4) instead and another, inconsistent result.)"""
    items = FLAT[GOAL]
    a = expert("a", {GOAL: [("X", "Y", 1.0), ("X", "Z", 2.0), ("Y", "Z", 2.0)]}, 1.0)
    b = expert("b", {GOAL: [("X", "Y", 4.0), ("X", "Z", 8.0)]}, 3.0)
    pooled = aggregate_judgments([expert_matrix(e, GOAL, items) for e in (a, b)], [1.0, 3.0])
    assert pooled[0, 1] == pytest.approx(2**1.5)
    assert pooled[0, 2] == pytest.approx(2**2.5)
    assert pooled[1, 2] == pytest.approx(2.0)
    assert pooled[2, 1] == pytest.approx(0.5)
    result = ahp_weights(make_hierarchy(FLAT), [a, b])
    assert local(result) == pytest.approx(normalised(2**2.5, 2.0, 1.0), rel=1e-9)
    assert result.nodes[GOAL].consistency.cr == pytest.approx(0.0, abs=1e-9)
    assert dict(result.nodes[GOAL].completed) == {}


# --- AIP -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mean", "weights", "expected"),
    [
        # sqrt(3/4 · 1/2) : sqrt(1/4 · 1/2) = sqrt(3) : 1
        ("geometric", (1.0, 1.0), normalised(math.sqrt(3), 1.0)),
        # (3/4)^(3/4) (1/2)^(1/4) : (1/4)^(3/4) (1/2)^(1/4) = 3^(3/4) : 1
        ("geometric", (3.0, 1.0), normalised(3**0.75, 1.0)),
        # (3/4 + 1/2)/2, (1/4 + 1/2)/2
        ("arithmetic", (1.0, 1.0), [5 / 8, 3 / 8]),
        # (3 · 3/4 + 1/2)/4, (3 · 1/4 + 1/2)/4
        ("arithmetic", (3.0, 1.0), [11 / 16, 5 / 16]),
    ],
)
def test_aip_by_hand(mean: str, weights: tuple[float, float], expected: list[float]) -> None:
    """Forman & Peniwati (1998) AIP on two items: expert a says X is 3 times Y, so
    (3/4, 1/4); expert b says 1, so (1/2, 1/2). The pooled priorities are their weighted
    geometric mean renormalised, or their weighted arithmetic mean."""
    experts = [
        expert("a", {GOAL: [("X", "Y", 3.0)]}, weights[0]),
        expert("b", {GOAL: [("X", "Y", 1.0)]}, weights[1]),
    ]
    result = ahp_weights(
        make_hierarchy(TWO_ITEMS), experts, AhpSettings(aggregation="aip", aip_mean=mean)
    )
    assert local(result) == pytest.approx(expected, rel=1e-12)
    assert sum(result.global_weights.values()) == pytest.approx(1.0)


@st.composite
def consistent_panels(draw: st.DrawFn) -> tuple[int, list[list[float]], list[float]]:
    n = draw(st.integers(3, 5))
    k = draw(st.integers(2, 4))
    vectors = [draw(st.lists(st.floats(1.0, 9.0), min_size=n, max_size=n)) for _ in range(k)]
    weights = draw(st.lists(st.floats(0.1, 10.0), min_size=k, max_size=k))
    return n, vectors, weights


@settings(max_examples=60, deadline=None)
@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
@pytest.mark.parametrize("spanning_only", [False, True])
@given(panel=consistent_panels())
def test_forman_peniwati_aij_equals_aip_for_consistent_experts(
    priority: str, spanning_only: bool, panel: tuple[int, list[list[float]], list[float]]
) -> None:
    """Forman & Peniwati (1998): when each expert is consistent (a_ij = w_i / w_j), the
    geometric-mean AIJ matrix is consistent with Π w_i^λ, so AIJ and geometric AIP give the
    same priorities: the normalised weighted geometric mean of the experts' vectors. Holds
    with complete matrices and with every expert giving only the spanning pairs."""
    n, vectors, weights = panel
    items = tuple(f"i{i}" for i in range(n))
    hierarchy = make_hierarchy({GOAL: items})
    index_pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if not spanning_only or i == 0]
    experts = [
        expert(f"e{e}", {GOAL: [(items[i], items[j], w[i] / w[j]) for i, j in index_pairs]}, lam)
        for e, (w, lam) in enumerate(zip(vectors, weights, strict=True))
    ]
    aij = ahp_weights(hierarchy, experts, AhpSettings(priority, aggregation="aij"))
    aip = ahp_weights(hierarchy, experts, AhpSettings(priority, aggregation="aip"))
    lam = np.array(weights) / sum(weights)
    geometric = np.exp((lam[:, None] * np.log(np.array(vectors))).sum(axis=0))
    expected = geometric / geometric.sum()
    assert local(aij) == pytest.approx(expected.tolist(), rel=1e-9)
    assert local(aip) == pytest.approx(local(aij), rel=1e-9)


# --- CR policy -----------------------------------------------------------------------------


def test_cr_policy_exclude_drops_the_inconsistent_expert_from_that_node() -> None:
    """a (4:2:1) and b (2:2:1) are consistent, c is the 3-cycle. Excluding c, the goal is
    the AIJ of a and b: X/Y = sqrt(2), X/Z = sqrt(8), Y/Z = 2, consistent, so
    X : Y : Z = sqrt(8) : 2 : 1."""
    hierarchy = make_hierarchy(FLAT)
    experts = [expert("a", {GOAL: A}), expert("b", {GOAL: B}), expert("c", {GOAL: CYCLE})]
    result = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="exclude"))
    node = result.nodes[GOAL]
    assert node.excluded == ("c",) and node.inconsistent == ("c",)
    expected = normalised(math.sqrt(8), 2.0, 1.0)
    assert local(result) == pytest.approx(expected, rel=1e-9)
    others = ahp_weights(hierarchy, experts[:2])
    assert local(result) == pytest.approx(local(others), rel=1e-12)
    assert any("c" in note and "left out of" in note and "exclude" in note for note in result.notes)
    assert result.experts["c"].nodes[GOAL].consistency.cr > 0.1  # c's own weights are kept


def test_cr_policy_exclude_acts_per_node() -> None:
    """c is inconsistent at SOC only: c is left out of SOC and kept at the goal and ECO."""
    hierarchy = make_hierarchy(DEEP)
    soc = [("EDU", "RISK", 2.0), ("EDU", "HEAL", 4.0), ("RISK", "HEAL", 2.0)]  # 4:2:1
    soc_cycle = [("EDU", "RISK", 9.0), ("RISK", "HEAL", 9.0), ("EDU", "HEAL", 1 / 9)]
    experts = [
        expert("a", {GOAL: [("ECO", "SOC", 2.0)], "ECO": [("GDP", "DIST", 3.0)], "SOC": soc}),
        expert("b", {GOAL: [("ECO", "SOC", 2.0)], "ECO": [("GDP", "DIST", 3.0)], "SOC": soc}),
        expert(
            "c", {GOAL: [("ECO", "SOC", 8.0)], "ECO": [("GDP", "DIST", 1 / 3)], "SOC": soc_cycle}
        ),
    ]
    result = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="exclude"))
    assert result.nodes["SOC"].excluded == ("c",)
    assert local(result, "SOC") == pytest.approx(normalised(4.0, 2.0, 1.0), rel=1e-9)
    assert result.nodes[GOAL].excluded == () and result.nodes["ECO"].excluded == ()
    # goal: (2 · 2 · 8)^(1/3) = 2^(5/3); ECO: (3 · 3 · 1/3)^(1/3) = 3^(1/3)
    assert local(result, GOAL) == pytest.approx(normalised(2 ** (5 / 3), 1.0), rel=1e-9)
    assert local(result, "ECO") == pytest.approx(normalised(3 ** (1 / 3), 1.0), rel=1e-9)


def test_cr_policy_warn_keeps_the_inconsistent_expert_and_notes_it() -> None:
    hierarchy = make_hierarchy(FLAT)
    experts = [expert("a", {GOAL: A}), expert("b", {GOAL: B}), expert("c", {GOAL: CYCLE})]
    warned = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="warn"))
    included = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="include"))
    without = ahp_weights(hierarchy, experts[:2])
    assert warned.nodes[GOAL].inconsistent == ("c",)
    assert warned.nodes[GOAL].excluded == ()
    assert local(warned) == pytest.approx(local(included), rel=1e-12)
    assert local(warned) != pytest.approx(local(without), rel=1e-3)
    assert any("c" in note and "kept in" in note and "warn" in note for note in warned.notes)
    assert not any("cr_policy" in note for note in included.notes)


def test_cr_limit_decides_who_is_inconsistent() -> None:
    hierarchy = make_hierarchy(FLAT)
    experts = [expert("a", {GOAL: A}), expert("c", {GOAL: CYCLE})]
    lenient = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="exclude", cr_limit=100.0))
    assert lenient.nodes[GOAL].excluded == () and lenient.nodes[GOAL].inconsistent == ()


def test_cr_policy_exclude_with_every_expert_inconsistent_is_an_error() -> None:
    hierarchy = make_hierarchy(FLAT)
    reversed_cycle = [(left, right, 1 / value) for left, right, value in CYCLE]
    experts = [expert("c1", {GOAL: CYCLE}), expert("c2", {GOAL: reversed_cycle})]
    with pytest.raises(JudgmentError) as raised:
        ahp_weights(hierarchy, experts, AhpSettings(cr_policy="exclude"))
    message = "\n".join(raised.value.messages)
    assert "goal" in message and "exclude" in message


# --- consensus and the most deviating expert -----------------------------------------------


def test_consensus_of_identical_priorities_is_one() -> None:
    vector = np.array([0.5, 0.3, 0.2])
    assert consensus([vector, vector.copy(), vector.copy()]) == pytest.approx(1.0)
    experts = [expert("a", {GOAL: A}), expert("a2", {GOAL: A}, 3.0)]
    assert ahp_weights(make_hierarchy(FLAT), experts).nodes[GOAL].consensus == pytest.approx(1.0)


def test_consensus_of_opposite_extreme_experts_is_zero() -> None:
    """Goepel (2013) S* on n = 2 with M = 9: X 9 times Y gives (0.9, 0.1), the reverse
    (0.1, 0.9). H_α = H(0.9, 0.1), H_γ = H(1/2, 1/2) = ln 2, so 1/D_β = exp(H_α − ln 2);
    D_α,min = exp(H(9/10, 1/10)), so D_α,min / n = exp(H_α)/2 = 1/D_β: S* = 0."""
    experts = [expert("a", {GOAL: [("X", "Y", 9.0)]}), expert("b", {GOAL: [("X", "Y", 1 / 9)]})]
    node = ahp_weights(make_hierarchy(TWO_ITEMS), experts).nodes[GOAL]
    assert node.consensus == pytest.approx(0.0, abs=1e-9)


def test_consensus_of_a_moderate_disagreement_by_hand() -> None:
    """(3/4, 1/4) against (1/4, 3/4): H_α = −(3/4 ln 3/4 + 1/4 ln 1/4) = 0.5623,
    H_γ = ln 2 = 0.6931, 1/D_β = exp(−0.1308) = 0.8774; D_α,min/2 = 0.6921 (as above), so
    S* = (0.8774 − 0.6921)/(1 − 0.6921) = 0.602 (three decimals)."""
    value = consensus([np.array([0.75, 0.25]), np.array([0.25, 0.75])])
    assert value == pytest.approx(0.602, abs=5e-4)


def test_opposite_experts_agree_less_than_similar_ones() -> None:
    hierarchy = make_hierarchy(FLAT)
    similar = ahp_weights(hierarchy, [expert("a", {GOAL: A}), expert("b", {GOAL: B})])
    opposite = ahp_weights(hierarchy, [expert("a", {GOAL: A}), expert("o", {GOAL: OPPOSITE})])
    near, far = similar.nodes[GOAL].consensus, opposite.nodes[GOAL].consensus
    assert near is not None and far is not None
    assert far < near < 1.0


@st.composite
def priority_sets(draw: st.DrawFn) -> list[np.ndarray]:
    n = draw(st.integers(2, 7))
    k = draw(st.integers(2, 6))
    vectors = []
    for _ in range(k):
        raw = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n)))
        vectors.append(raw / raw.sum())
    return vectors


@settings(max_examples=200, deadline=None)
@given(priority_sets(), st.randoms(use_true_random=False))
def test_consensus_properties(vectors: list[np.ndarray], rng: random.Random) -> None:
    """0 ≤ S* ≤ 1; identical experts give 1; the order of experts and a common
    permutation of the items change nothing."""
    value = consensus(vectors)
    assert 0.0 <= value <= 1.0
    assert consensus([vectors[0]] * len(vectors)) == pytest.approx(1.0)
    shuffled = list(vectors)
    rng.shuffle(shuffled)
    assert consensus(shuffled) == pytest.approx(value, abs=1e-12)
    permutation = list(range(len(vectors[0])))[::-1]
    assert consensus([v[permutation] for v in vectors]) == pytest.approx(value, abs=1e-12)


def test_most_deviating_expert_is_the_one_with_different_priorities() -> None:
    """a and a2 give the same 4:2:1, o gives 1:2:4. Without o the remaining two are
    identical (S* = 1, the maximum); without a or a2 the other pair disagrees (S* < 1)."""
    experts = [
        expert("a", {GOAL: A}),
        expert("o", {GOAL: OPPOSITE}),
        expert("a2", {GOAL: A}),
    ]
    node = ahp_weights(make_hierarchy(FLAT), experts).nodes[GOAL]
    assert node.outlier == "o"
    assert node.consensus is not None and node.consensus < 1.0


def test_no_most_deviating_expert_among_identical_experts_or_with_two() -> None:
    hierarchy = make_hierarchy(FLAT)
    same = [expert(f"e{i}", {GOAL: A}) for i in range(3)]
    assert ahp_weights(hierarchy, same).nodes[GOAL].outlier is None
    two = [expert("a", {GOAL: A}), expert("o", {GOAL: OPPOSITE})]
    assert ahp_weights(hierarchy, two).nodes[GOAL].outlier is None


# --- each expert's own weights -------------------------------------------------------------


def test_each_experts_own_weights_match_a_single_expert_run() -> None:
    hierarchy = make_hierarchy(DEEP)
    soc_a = [("EDU", "RISK", 2.0), ("EDU", "HEAL", 4.0), ("RISK", "HEAL", 3.0)]
    soc_b = [("EDU", "RISK", 1 / 3), ("RISK", "HEAL", 5.0)]
    soc_c = [("EDU", "RISK", 7.0), ("EDU", "HEAL", 1 / 2), ("RISK", "HEAL", 1 / 6)]
    experts = [
        expert("a", {GOAL: [("ECO", "SOC", 3.0)], "ECO": [("GDP", "DIST", 2.0)], "SOC": soc_a}),
        expert("b", {GOAL: [("ECO", "SOC", 1 / 2)], "ECO": [("GDP", "DIST", 5.0)], "SOC": soc_b}),
        expert(
            "c", {GOAL: [("ECO", "SOC", 1.0)], "ECO": [("GDP", "DIST", 1 / 4)], "SOC": soc_c}, 2.0
        ),
    ]
    group = ahp_weights(hierarchy, experts)
    assert set(group.experts) == {"a", "b", "c"}
    for judgments in experts:
        own = group.experts[judgments.expert]
        alone = ahp_weights(hierarchy, [judgments])
        assert own.weight == judgments.weight
        assert own.global_weights is not None
        assert dict(own.global_weights) == pytest.approx(dict(alone.global_weights), rel=1e-12)
        for node in hierarchy.inner:
            assert list(own.nodes[node].local.values()) == pytest.approx(
                local(alone, node), rel=1e-12
            )
            assert own.nodes[node].consistency.cr == pytest.approx(
                alone.nodes[node].consistency.cr, rel=1e-9, abs=1e-12
            )
    assert ahp_weights(hierarchy, experts[:1]).experts == {}


# --- citydip weights --format json with a folder of experts --------------------------------

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    name: Economy
    children:
      - {id: GDP, name: Output, direction: benefit}
      - {id: DIST, name: Distance, direction: cost}
  - id: SOC
    name: Society
    children:
      - {id: EDU, name: Students, direction: benefit}
      - {id: RISK, name: Risk, direction: cost}
      - {id: HEAL, name: Hospitals, direction: benefit}
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Three experts
criteria: criteria.yaml
judgments: judgments/
"""


def judgments_text(name: str, weight: float, goal: str, eco: str, soc: Sequence[str]) -> str:
    rows = "\n".join(f"    - {row}" for row in soc)
    return (
        f"format: citydip/judgments\nversion: 1\nexpert: {name}\nweight: {weight}\n"
        f"comparisons:\n  goal:\n    - [ECO, SOC, {goal}]\n  ECO:\n    - [GDP, DIST, {eco}]\n"
        f"  SOC:\n{rows}\n"
    )


def test_weights_json_reports_experts_consensus_and_the_most_deviating(tmp_path: Path) -> None:
    """ann and bob agree at SOC (EDU : RISK : HEAL = 4 : 2 : 1); cat says the opposite, so
    cat is the most deviating expert there."""
    (tmp_path / "criteria.yaml").write_text(CRITERIA, "utf-8")
    (tmp_path / "scenario.yaml").write_text(SCENARIO, "utf-8")
    folder = tmp_path / "judgments"
    folder.mkdir()
    agree = ["[EDU, RISK, 2]", "[EDU, HEAL, 4]", "[RISK, HEAL, 2]"]
    oppose = ['[EDU, RISK, "1/2"]', '[EDU, HEAL, "1/4"]', '[RISK, HEAL, "1/2"]']
    (folder / "ann.yaml").write_text(judgments_text("ann", 1, "2", "3", agree), "utf-8")
    (folder / "bob.yaml").write_text(judgments_text("bob", 2, "3", "3", agree), "utf-8")
    (folder / "cat.yaml").write_text(judgments_text("cat", 1, '"1/4"', "1", oppose), "utf-8")
    done = run_citydip(["weights", "scenario.yaml", "--format", "json"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data["experts"]) == {"ann", "bob", "cat"}
    assert {name: e["weight"] for name, e in data["experts"].items()} == {
        "ann": 1,
        "bob": 2,
        "cat": 1,
    }
    for name, own in data["experts"].items():
        assert set(own["nodes"]) == {GOAL, "ECO", "SOC"}, name
        assert sum(own["weights"].values()) == pytest.approx(1.0)
        assert set(own["weights"]) == {"GDP", "DIST", "EDU", "RISK", "HEAL"}
    assert data["experts"]["ann"]["nodes"]["SOC"]["weights"] == pytest.approx(
        {"EDU": 4 / 7, "RISK": 2 / 7, "HEAL": 1 / 7}
    )
    assert data["experts"]["cat"]["nodes"]["SOC"]["weights"] == pytest.approx(
        {"EDU": 1 / 7, "RISK": 2 / 7, "HEAL": 4 / 7}
    )
    # ann: goal 2:1, ECO 3:1 → GDP = 2/3 · 3/4
    assert data["experts"]["ann"]["weights"]["GDP"] == pytest.approx(0.5)
    for node in (GOAL, "ECO", "SOC"):
        assert 0.0 <= data["nodes"][node]["consensus"] <= 1.0
        assert "most_deviating" in data["nodes"][node]
    assert data["nodes"]["SOC"]["most_deviating"] == "cat"
    assert data["nodes"]["SOC"]["consensus"] < 1.0
    assert data["nodes"]["ECO"]["most_deviating"] == "cat"  # ann and bob both say 3
