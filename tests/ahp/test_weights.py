"""Tests for ``mcda_citydip.ahp.weights``: judgments → Weights for a whole hierarchy."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.ahp.weights import (
    AhpSettings,
    ahp_weights,
    direct_weights,
    equal_weights,
    expert_matrix,
)
from mcda_citydip.conventions import weight_conventions
from mcda_citydip.errors import InputError, JudgmentError
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.model import GOAL, Comparison, Hierarchy, Judgments, Node
from mcda_citydip.pipeline import scenario_weights

TREE = {GOAL: ("social", "economy", "governance"), "social": ("health", "housing", "safety")}
#: ``economy`` and ``governance`` are leaves; ``governance`` is single-child in TREE_DEEP.
TREE_DEEP = {**TREE, "governance": ("transparency",)}


def make_hierarchy(tree: dict[str, tuple[str, ...]]) -> Hierarchy:
    nodes = {node: Node(node, node.title(), children=children) for node, children in tree.items()}
    for children in tree.values():
        for child in children:
            nodes.setdefault(child, Node(child, child.title(), direction="benefit"))
    return Hierarchy("test", MappingProxyType(nodes))


def judgments(
    pairs: dict[str, list[tuple[str, str, float]]],
    expert: str = "e1",
    weight: float = 1.0,
) -> Judgments:
    comparisons = {
        node: tuple(Comparison(left, right, value) for left, right, value in items)
        for node, items in pairs.items()
    }
    return Judgments(expert, weight, MappingProxyType(comparisons), source=f"{expert}.yaml")


def perron(matrix: np.ndarray) -> np.ndarray:
    """Independent principal eigenvector by numpy (complete matrices only)."""
    values, vectors = np.linalg.eig(matrix)
    v = np.abs(vectors[:, np.argmax(values.real)].real)
    return v / v.sum()


GOAL_PAIRS = [("social", "economy", 2.0), ("social", "governance", 4.0)]
SOCIAL_PAIRS = [("health", "housing", 3.0), ("health", "safety", 5.0), ("housing", "safety", 1.0)]


# --------------------------------------------------------------------------- end to end


def test_global_weights_are_products_of_independent_local_eigenvectors() -> None:
    hierarchy = make_hierarchy(TREE)
    result = ahp_weights(hierarchy, [judgments({GOAL: GOAL_PAIRS, "social": SOCIAL_PAIRS})])
    # goal: incomplete (economy–governance missing) but consistent through social: e = s/2,
    # g = s/4 → (4, 2, 1)/7.
    goal = np.array([4, 2, 1]) / 7
    social = perron(np.array([[1, 3, 5], [1 / 3, 1, 1], [1 / 5, 1, 1]]))
    expected = {
        "health": goal[0] * social[0],
        "housing": goal[0] * social[1],
        "safety": goal[0] * social[2],
        "economy": goal[1],
        "governance": goal[2],
    }
    assert tuple(result.global_weights) == hierarchy.leaves
    assert dict(result.global_weights) == pytest.approx(expected, rel=1e-9)
    assert sum(result.global_weights.values()) == pytest.approx(1.0)
    assert result.source == "ahp"
    assert set(result.nodes) == {GOAL, "social"}
    assert dict(result.nodes[GOAL].completed) == pytest.approx({"economy>governance": 2.0})
    assert result.nodes["social"].random_index == "saaty"
    assert result.vector(hierarchy.leaves) == pytest.approx(
        [expected[leaf] for leaf in hierarchy.leaves]
    )


@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
def test_single_child_node_needs_no_judgments(priority: str) -> None:
    hierarchy = make_hierarchy(TREE_DEEP)
    expert = judgments({GOAL: GOAL_PAIRS, "social": SOCIAL_PAIRS})
    result = ahp_weights(hierarchy, [expert], AhpSettings(priority=priority))
    assert dict(result.nodes["governance"].local) == {"transparency": 1.0}
    assert result.global_weights["transparency"] == pytest.approx(1 / 7)


@st.composite
def planted(draw: st.DrawFn) -> dict[str, np.ndarray]:
    def simplex(n: int) -> np.ndarray:
        v = np.array(draw(st.lists(st.floats(0.05, 5.0), min_size=n, max_size=n)))
        return v / v.sum()

    return {GOAL: simplex(3), "social": simplex(3)}


@settings(deadline=None)
@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
@pytest.mark.parametrize("aggregation", ["aij", "aip"])
@given(local=planted(), k=st.integers(1, 3))
def test_consistent_judgments_give_back_planted_weights(
    priority: str, aggregation: str, local: dict[str, np.ndarray], k: int
) -> None:
    """Judgments w_i/w_j from planted local weights, given by k identical experts, give
    back the planted weights and their products, with CR 0 at every node."""
    hierarchy = make_hierarchy(TREE)
    pairs = {
        node: [
            (items[i], items[j], local[node][i] / local[node][j])
            for i in range(3)
            for j in range(i + 1, 3)
        ]
        for node, items in TREE.items()
    }
    experts = [judgments(pairs, expert=f"e{e}", weight=e + 1.0) for e in range(k)]
    result = ahp_weights(hierarchy, experts, AhpSettings(priority, aggregation=aggregation))
    goal, social = local[GOAL], local["social"]
    expected = [goal[0] * social[0], goal[0] * social[1], goal[0] * social[2], *goal[1:]]
    assert result.vector(("health", "housing", "safety", "economy", "governance")) == (
        pytest.approx(expected, rel=1e-9)
    )
    for node in result.nodes.values():
        assert abs(node.consistency.cr) < 1e-9


def test_aij_pools_judgments_before_the_priorities() -> None:
    """Two experts with weights 1 : 1 judge social vs economy 2 and 8: the pooled judgment
    is their geometric mean 4, so the goal's local weights are (4, 1)/5."""
    hierarchy = make_hierarchy({GOAL: ("social", "economy")})
    experts = [
        judgments({GOAL: [("social", "economy", 2.0)]}, "e1"),
        judgments({GOAL: [("social", "economy", 8.0)]}, "e2"),
    ]
    result = ahp_weights(hierarchy, experts)
    assert dict(result.global_weights) == pytest.approx({"social": 0.8, "economy": 0.2})


def test_aip_pools_the_experts_priorities() -> None:
    """Forman & Peniwati (1998) AIP: the weighted geometric mean of the experts' priority
    vectors, renormalised (computed here independently with numpy)."""
    hierarchy = make_hierarchy({GOAL: ("a", "b", "c")})
    first = [("a", "b", 3.0), ("a", "c", 5.0), ("b", "c", 2.0)]
    second = [("a", "b", 1 / 2), ("a", "c", 1.0), ("b", "c", 4.0)]
    experts = [judgments({GOAL: first}, "e1", 2.0), judgments({GOAL: second}, "e2", 1.0)]
    w1 = perron(np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]))
    w2 = perron(np.array([[1, 1 / 2, 1], [2, 1, 4], [1, 1 / 4, 1]]))
    pooled = (w1**2 * w2) ** (1 / 3)
    result = ahp_weights(hierarchy, experts, AhpSettings(aggregation="aip"))
    assert result.vector(("a", "b", "c")) == pytest.approx(pooled / pooled.sum(), rel=1e-9)
    arithmetic = ahp_weights(
        hierarchy, experts, AhpSettings(aggregation="aip", aip_mean="arithmetic")
    )
    assert arithmetic.vector(("a", "b", "c")) == pytest.approx((2 * w1 + w2) / 3, rel=1e-9)


# --------------------------------------------------------------------------- CR policy, consensus

ABC = {GOAL: ("a", "b", "c")}
#: consistent with w = (0.5, 0.3, 0.2)
CONSISTENT = [("a", "b", 5 / 3), ("a", "c", 2.5), ("b", "c", 1.5)]
#: a > b > c > a, each 9 times: CR far above 0.1
CIRCULAR = [("a", "b", 9.0), ("b", "c", 9.0), ("c", "a", 9.0)]


def panel() -> list[Judgments]:
    return [
        judgments({GOAL: CONSISTENT}, "e1"),
        judgments({GOAL: CONSISTENT}, "e2"),
        judgments({GOAL: CIRCULAR}, "e3"),
    ]


def test_cr_policy_exclude_leaves_the_inconsistent_expert_out() -> None:
    result = ahp_weights(make_hierarchy(ABC), panel(), AhpSettings(cr_policy="exclude"))
    assert result.vector(("a", "b", "c")) == pytest.approx([0.5, 0.3, 0.2], rel=1e-9)
    node = result.nodes[GOAL]
    assert node.inconsistent == ("e3",) and node.excluded == ("e3",)
    assert any("e3" in note and "left out of" in note for note in result.notes)


def test_cr_policy_warn_keeps_the_expert_with_a_note() -> None:
    result = ahp_weights(make_hierarchy(ABC), panel(), AhpSettings(cr_policy="warn"))
    assert result.vector(("a", "b", "c")) != pytest.approx([0.5, 0.3, 0.2], abs=1e-3)
    assert result.nodes[GOAL].inconsistent == ("e3",) and result.nodes[GOAL].excluded == ()
    assert any("e3" in note and "kept in" in note for note in result.notes)


def test_cr_policy_include_adds_no_note() -> None:
    result = ahp_weights(make_hierarchy(ABC), panel(), AhpSettings(cr_policy="include"))
    warned = ahp_weights(make_hierarchy(ABC), panel(), AhpSettings(cr_policy="warn"))
    assert result.notes == ()
    assert result.vector(("a", "b", "c")) == pytest.approx(warned.vector(("a", "b", "c")))


def test_cr_policy_exclude_with_no_one_left_is_an_error() -> None:
    experts = [judgments({GOAL: CIRCULAR}, "e1"), judgments({GOAL: CIRCULAR}, "e2")]
    with pytest.raises(JudgmentError, match=r"'goal'.*every expert"):
        ahp_weights(make_hierarchy(ABC), experts, AhpSettings(cr_policy="exclude"))


def test_consensus_and_outlier() -> None:
    """Goepel's S* is 1 for identical priorities and lower when an expert disagrees; with
    three experts the odd one out is named as the outlier."""
    hierarchy = make_hierarchy(ABC)
    agree = ahp_weights(hierarchy, panel()[:2], AhpSettings(cr_policy="include"))
    assert agree.nodes[GOAL].consensus == pytest.approx(1.0)
    contrary = [("a", "b", 1 / 5), ("a", "c", 1 / 7), ("b", "c", 1 / 2)]
    experts = [*panel()[:2], judgments({GOAL: contrary}, "e4")]
    split = ahp_weights(hierarchy, experts, AhpSettings(cr_policy="include"))
    consensus = split.nodes[GOAL].consensus
    assert consensus is not None and 0.0 <= consensus < 1.0
    assert split.nodes[GOAL].outlier == "e4"


def test_each_experts_own_weights_are_kept() -> None:
    hierarchy = make_hierarchy(TREE)
    first = judgments({GOAL: GOAL_PAIRS, "social": SOCIAL_PAIRS}, "e1")
    second = judgments({GOAL: [("social", "economy", 1.0), ("economy", "governance", 3.0)]}, "e2")
    result = ahp_weights(hierarchy, [first, second])
    alone = ahp_weights(hierarchy, [first])
    own = result.experts["e1"].global_weights
    assert own is not None
    assert dict(own) == pytest.approx(dict(alone.global_weights), rel=1e-12)
    assert result.experts["e2"].global_weights is None  # e2 never judged 'social'
    assert "social" not in result.experts["e2"].nodes
    assert alone.experts == {}


# --------------------------------------------------------------------------- errors


def test_no_experts_is_a_judgment_error() -> None:
    with pytest.raises(JudgmentError, match="no judgments"):
        ahp_weights(make_hierarchy(TREE), [])


def test_every_problem_is_reported_at_once() -> None:
    """A node without comparisons and a disconnected node give one message each."""
    hierarchy = make_hierarchy(TREE)
    expert = judgments({"social": [("health", "housing", 2.0)]})
    with pytest.raises(JudgmentError) as info:
        ahp_weights(hierarchy, [expert])
    messages = info.value.messages
    assert len(messages) == 2
    assert "'goal'" in messages[0] and "no comparisons" in messages[0]
    assert "e1.yaml" in messages[0]
    assert "'social'" in messages[1]
    assert "{health, housing}" in messages[1] and "{safety}" in messages[1]
    assert messages[1].startswith("e1.yaml: ")


def test_aip_reports_an_expert_whose_own_judgments_are_disconnected() -> None:
    """Pooled, the judgments connect a–b–c; alone, e2's do not, and AIP needs e2's own
    priorities: with unlinked_policy include the error names the node and e2 (AIJ works);
    by default e2 is left out of the node with a note."""
    hierarchy = make_hierarchy({GOAL: ("a", "b", "c")})
    experts = [
        judgments({GOAL: [("a", "b", 2.0), ("b", "c", 2.0)]}, "e1"),
        judgments({GOAL: [("a", "b", 3.0)]}, "e2"),
    ]
    include = AhpSettings(aggregation="aij", unlinked_policy="include")
    assert ahp_weights(hierarchy, experts, include).global_weights["a"] > 0
    with pytest.raises(JudgmentError, match=r"'goal'.*aip.*e2"):
        ahp_weights(hierarchy, experts, AhpSettings(aggregation="aip", unlinked_policy="include"))
    left_out = ahp_weights(hierarchy, experts, AhpSettings(aggregation="aip"))
    assert left_out.nodes[GOAL].excluded == ("e2",)


def test_consistency_notes_are_collected_once() -> None:
    """Saaty's table stops at n = 15: two 16-item nodes give the same note, reported once."""
    a = tuple(f"a{i}" for i in range(16))
    b = tuple(f"b{i}" for i in range(16))
    hierarchy = make_hierarchy({GOAL: ("x", "y"), "x": a, "y": b})
    chain = {
        GOAL: [("x", "y", 1.0)],
        "x": [(a[i], a[i + 1], 2.0) for i in range(15)],
        "y": [(b[i], b[i + 1], 1.0) for i in range(15)],
    }
    result = ahp_weights(hierarchy, [judgments(chain)], AhpSettings(random_index="saaty"))
    assert len(result.notes) == 1 and "n=16" in result.notes[0]
    assert sum(result.global_weights.values()) == pytest.approx(1.0)


#: Bozóki, Fülöp & Rónyai (2010), Example 3 as judgments: a34 (c3 vs c4) is missing.
BOZOKI_PAIRS = [
    ("c1", "c2", 1.0),
    ("c1", "c3", 5.0),
    ("c1", "c4", 2.0),
    ("c2", "c3", 3.0),
    ("c2", "c4", 4.0),
]


@pytest.mark.parametrize("priority", ["eigenvector", "geometric-mean"])
def test_incomplete_random_index_complete_reaches_every_node(priority: str) -> None:
    """Bozóki, Fülöp & Rónyai (2010), Math. Comput. Modelling 52:318–333, Example 3 with
    Donegan & Dodd's RI: CR 0.0372 (4 dp) with ``incomplete_random_index: complete``."""
    hierarchy = make_hierarchy({GOAL: ("c1", "c2", "c3", "c4")})
    experts = [judgments({GOAL: BOZOKI_PAIRS}), judgments({GOAL: BOZOKI_PAIRS}, "e2")]
    for panel in (experts[:1], experts):  # one expert, and AIJ of two identical ones
        found = {
            rule: ahp_weights(
                hierarchy,
                panel,
                AhpSettings(priority, "donegan-dodd", incomplete_random_index=rule),
            )
            for rule in ("graph", "complete")
        }
        classic = found["complete"].nodes[GOAL].consistency
        assert classic.cr == pytest.approx(0.0372, abs=5e-5)
        assert classic.graph_factor == 1.0 and classic.random_index == 0.8286
        assert found["graph"].nodes[GOAL].consistency.graph_factor < 1.0
        for expert in found["complete"].experts.values():
            assert expert.nodes[GOAL].consistency.cr == pytest.approx(classic.cr, rel=1e-9)


SCENARIO = """\
format: citydip/scenario
version: 1
name: Bozoki et al. 2010, Example 3
criteria:
  - {id: c1, direction: benefit}
  - {id: c2, direction: benefit}
  - {id: c3, direction: benefit}
  - {id: c4, direction: benefit}
judgments:
  - expert: paper
    comparisons:
      goal: [[c1, c2, 1], [c1, c3, 5], [c1, c4, 2], [c2, c3, 3], [c2, c4, 4]]
ahp: {random_index: donegan-dodd%s}
"""


@pytest.mark.parametrize(
    ("line", "rule"), [("", "graph"), (", incomplete_random_index: complete", "complete")]
)
def test_scenario_key_is_stamped_in_the_conventions(tmp_path: Path, line: str, rule: str) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO % line, encoding="utf-8")
    scenario = load_scenario(path)
    weights = scenario_weights(scenario)
    conventions = weight_conventions(scenario, weights)
    assert conventions["incomplete_random_index"].startswith(f"{rule}: ")
    cr = weights.nodes[GOAL].consistency.cr
    if rule == "complete":
        assert cr == pytest.approx(0.0372, abs=5e-5)
        assert any("incomplete_random_index: complete" in note for note in weights.notes)
    else:
        assert cr > 0.0372 and "Ágoston" in conventions["incomplete_random_index"]
        assert any("Ágoston" in note for note in weights.notes)


def test_scenario_key_accepts_only_graph_or_complete(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO % ", incomplete_random_index: table", encoding="utf-8")
    with pytest.raises(InputError, match="incomplete_random_index"):
        load_scenario(path)


# --------------------------------------------------------------------------- helpers


def test_expert_matrix_uses_the_node_items_order() -> None:
    expert = judgments({GOAL: [("c", "a", 4.0)]})
    matrix = expert_matrix(expert, GOAL, ("a", "b", "c"))
    assert matrix[2, 0] == 4.0 and matrix[0, 2] == 0.25
    assert np.isnan(matrix[0, 1])
    assert np.isnan(expert_matrix(expert, "other", ("a", "b"))[0, 1])


def test_direct_weights_are_normalised() -> None:
    hierarchy = make_hierarchy(TREE)
    given = {"health": 2.0, "housing": 1.0, "safety": 1.0, "economy": 4.0, "governance": 2.0}
    result = direct_weights(hierarchy, given, "weights.yaml")
    assert dict(result.global_weights) == pytest.approx({k: v / 10 for k, v in given.items()})
    assert tuple(result.global_weights) == hierarchy.leaves
    assert result.source == "weights.yaml"


def test_equal_weights() -> None:
    hierarchy = make_hierarchy(TREE)
    result = equal_weights(hierarchy)
    assert result.vector(hierarchy.leaves) == pytest.approx([0.2] * 5)
    assert result.source == "equal"


# ---------------------------------------------------------------- unlinked experts (issue 10)


def test_an_expert_who_links_no_node_is_left_out_with_a_note() -> None:
    """Issue 10: an expert who answered 3 pairs and linked no node was pooled into the group
    result with no note. By default (unlinked_policy: exclude) such an expert is left out of
    each node their pairs do not link, and every output's notes name them and the node."""
    hierarchy = make_hierarchy(TREE)
    full = judgments({GOAL: GOAL_PAIRS, "social": SOCIAL_PAIRS}, "ann")
    partial = judgments(
        {GOAL: [("social", "economy", 9.0)], "social": [("health", "housing", 1 / 9)]}, "bob"
    )
    alone = ahp_weights(hierarchy, [full])
    panel = ahp_weights(hierarchy, [full, partial])
    assert dict(panel.global_weights) == pytest.approx(dict(alone.global_weights), rel=1e-12)
    for node in (GOAL, "social"):
        assert panel.nodes[node].unlinked == ("bob",)
        assert "bob" in panel.nodes[node].excluded
        assert any(f"node '{node}'" in n and "bob" in n and "left out" in n for n in panel.notes)
    pooled = ahp_weights(hierarchy, [full, partial], AhpSettings(unlinked_policy="include"))
    assert dict(pooled.global_weights) != pytest.approx(dict(alone.global_weights), rel=1e-6)
    assert any("bob" in n and "unlinked_policy: include" in n for n in pooled.notes)


def test_when_nobody_links_a_node_alone_the_pairs_are_pooled_with_a_note() -> None:
    hierarchy = make_hierarchy(TREE)
    first = judgments({GOAL: [GOAL_PAIRS[0]], "social": SOCIAL_PAIRS}, "ann")
    second = judgments({GOAL: [GOAL_PAIRS[1]], "social": SOCIAL_PAIRS}, "bob")
    panel = ahp_weights(hierarchy, [first, second])
    assert panel.nodes[GOAL].unlinked == ("ann", "bob")
    assert panel.nodes[GOAL].excluded == ()
    assert any("no expert links this node alone" in n for n in panel.notes)
