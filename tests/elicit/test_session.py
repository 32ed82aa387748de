"""Tests for ``mcda_citydip.elicit.session``: the pure state of an elicitation session.

The small hierarchy below has the goal (3 dimensions), a 4-item node ``A``, a 2-item node ``B``
and a single-child node ``C``; every expected order is written out by hand.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.elicit.session import Pair, Session, node_pairs, pair_order
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.judgments import dump_judgments, parse_judgments
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.files.yamlio import load_yaml
from mcda_citydip.model import GOAL, Comparison, Hierarchy, Judgments, Node

TREE = {
    GOAL: ("A", "B", "C"),
    "A": ("a1", "a2", "a3", "a4"),
    "B": ("b1", "b2"),
    "C": ("c1",),
}

SAATY_SCALE = [1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)]


def make_hierarchy(tree: Mapping[str, tuple[str, ...]]) -> Hierarchy:
    nodes = {node: Node(node, f"Node {node}", children=children) for node, children in tree.items()}
    for children in tree.values():
        for child in children:
            nodes.setdefault(child, Node(child, f"Leaf {child}", direction="benefit"))
    return Hierarchy("test", MappingProxyType(nodes))


HIERARCHY = make_hierarchy(TREE)

#: Every pair of HIERARCHY in the order a session asks them, written by hand.
ORDER = (
    Pair(GOAL, "A", "B"),
    Pair(GOAL, "A", "C"),
    Pair(GOAL, "B", "C"),
    Pair("A", "a1", "a2"),
    Pair("A", "a1", "a3"),
    Pair("A", "a1", "a4"),
    Pair("A", "a2", "a3"),
    Pair("A", "a2", "a4"),
    Pair("A", "a3", "a4"),
    Pair("B", "b1", "b2"),
)


def default_hierarchy() -> Hierarchy:
    return load_criteria(default_scenario_path().parent / "city-diplomacy.yaml")


def saved(
    comparisons: dict[str, list[tuple[str, str, float]]],
    skipped: dict[str, list[tuple[str, str]]] | None = None,
    expert: str = "ann",
    weight: float = 1.0,
) -> Judgments:
    return Judgments(
        expert,
        weight,
        MappingProxyType(
            {n: tuple(Comparison(a, b, v) for a, b, v in pairs) for n, pairs in comparisons.items()}
        ),
        f"{expert}.yaml",
        MappingProxyType({n: tuple(pairs) for n, pairs in (skipped or {}).items()}),
    )


def answered(session: Session, pairs: tuple[Pair, ...], value: float = 2.0) -> Session:
    for pair in pairs:
        session = session.answer(pair, value)
    return session


def first_open(session: Session) -> Pair | None:
    """The expected next pair, computed from the public state and the hand-written order."""
    for pair in pair_order(session.hierarchy):
        if pair not in session.answers and pair not in session.skipped:
            return pair
    return None


# --- order -------------------------------------------------------------------------------


def test_pair_order_is_goal_first_then_depth_first_with_spanning_pairs_first() -> None:
    assert pair_order(HIERARCHY) == ORDER


def test_node_pairs_put_the_first_item_against_every_other_first() -> None:
    pairs = node_pairs(HIERARCHY, "A")
    assert pairs[:3] == (Pair("A", "a1", "a2"), Pair("A", "a1", "a3"), Pair("A", "a1", "a4"))
    assert pairs[3:] == (Pair("A", "a2", "a3"), Pair("A", "a2", "a4"), Pair("A", "a3", "a4"))
    assert node_pairs(HIERARCHY, "B") == (Pair("B", "b1", "b2"),)
    assert node_pairs(HIERARCHY, "C") == ()


def test_default_hierarchy_asks_every_pair_once_goal_first() -> None:
    """Goal (6 dimensions, 15 pairs), then NET, BIL, KNW, CUL (5 items, 10 pairs each) and
    ECO, POL (6 items, 15 pairs each): 85 pairs, no pair twice in either orientation."""
    hierarchy = default_hierarchy()
    order = pair_order(hierarchy)
    assert len(order) == 15 + 4 * 10 + 2 * 15
    assert len({frozenset((p.node, p.left, p.right)) for p in order}) == len(order)
    assert order[:5] == tuple(
        Pair(GOAL, "NET", other) for other in ("BIL", "KNW", "ECO", "CUL", "POL")
    )
    assert [p.node for p in order[15:17]] == ["NET", "NET"]
    for node in hierarchy.inner:
        items = hierarchy.nodes[node].children
        spanning = node_pairs(hierarchy, node)[: len(items) - 1]
        assert spanning == tuple(Pair(node, items[0], other) for other in items[1:])


# --- answer, skip, undo --------------------------------------------------------------------


def test_a_new_session_starts_at_the_first_goal_pair() -> None:
    session = Session(HIERARCHY, "ann")
    assert session.next_pair() == ORDER[0]
    assert session.remaining() == len(ORDER)
    assert session.undo() == (session, None)


def test_answer_and_skip_move_to_the_next_pair() -> None:
    session = Session(HIERARCHY, "ann").answer(ORDER[0], 3.0)
    assert session.answers == {ORDER[0]: 3.0}
    assert session.next_pair() == ORDER[1]
    session = session.skip(ORDER[1])
    assert session.skipped == {ORDER[1]}
    assert session.next_pair() == ORDER[2]
    assert session.remaining() == len(ORDER) - 2


def test_every_pair_done_leaves_no_next_pair() -> None:
    session = answered(Session(HIERARCHY, "ann"), ORDER[:-1]).skip(ORDER[-1])
    assert session.next_pair() is None
    assert session.remaining() == 0


def test_answering_a_skipped_pair_unskips_it_and_skipping_an_answer_does_nothing() -> None:
    session = Session(HIERARCHY, "ann").skip(ORDER[0]).answer(ORDER[0], 5.0)
    assert ORDER[0] not in session.skipped and session.answers[ORDER[0]] == 5.0
    again = session.skip(ORDER[0])
    assert again.answers == session.answers and again.skipped == frozenset()
    assert again.history == session.history


def test_sessions_are_immutable_values() -> None:
    start = Session(HIERARCHY, "ann")
    after = start.answer(ORDER[0], 3.0).skip(ORDER[1])
    assert start.answers == {} and start.skipped == frozenset() and start.history == ()
    assert after is not start
    with pytest.raises(TypeError):
        after.answers[ORDER[2]] = 1.0  # type: ignore[index]


def test_undo_takes_back_an_answer_and_returns_its_pair() -> None:
    session = Session(HIERARCHY, "ann").answer(ORDER[0], 3.0).answer(ORDER[1], 4.0)
    undone, pair = session.undo()
    assert pair == ORDER[1]
    assert undone.answers == {ORDER[0]: 3.0}
    assert undone.next_pair() == ORDER[1]
    undone, pair = undone.undo()
    assert pair == ORDER[0] and undone.answers == {} and undone.next_pair() == ORDER[0]


def test_undo_takes_back_a_skip() -> None:
    session = Session(HIERARCHY, "ann").answer(ORDER[0], 3.0).skip(ORDER[1])
    undone, pair = session.undo()
    assert pair == ORDER[1]
    assert undone.skipped == frozenset() and undone.answers == {ORDER[0]: 3.0}
    assert undone.next_pair() == ORDER[1]


def test_undo_of_a_revision_restores_the_previous_value() -> None:
    session = Session(HIERARCHY, "ann").answer(ORDER[0], 3.0).answer(ORDER[1], 4.0)
    revised = session.answer(ORDER[0], 1 / 5)
    assert revised.answers[ORDER[0]] == pytest.approx(1 / 5)
    undone, pair = revised.undo()
    assert pair == ORDER[0]
    assert undone.answers == {ORDER[0]: 3.0, ORDER[1]: 4.0}
    # a second revision of the same pair, undone twice, goes back step by step
    twice = revised.answer(ORDER[0], 7.0)
    once, _ = twice.undo()
    assert once.answers[ORDER[0]] == pytest.approx(1 / 5)
    back, _ = once.undo()
    assert back.answers[ORDER[0]] == 3.0


def test_undo_with_empty_history_takes_back_the_pair_before_the_next_one() -> None:
    """A resumed session has no history of this run: undo takes back the last pair done
    before the next one, answered or skipped, and keeps doing so."""
    resumed = Session.resume(
        HIERARCHY,
        saved({GOAL: [("A", "B", 3), ("A", "C", 2)]}, skipped={GOAL: [("B", "C")]}),
    )
    assert resumed.history == () and resumed.next_pair() == ORDER[3]
    first, pair = resumed.undo()
    assert pair == ORDER[2]
    assert first.skipped == frozenset() and first.next_pair() == ORDER[2]
    second, pair = first.undo()
    assert pair == ORDER[1]
    assert second.answers == {ORDER[0]: 3.0} and second.next_pair() == ORDER[1]


def test_undo_with_empty_history_and_a_gap_takes_back_the_pair_just_before_the_next() -> None:
    """A file written by hand may leave a gap: pairs 1, 2 and 5 answered, so the session
    resumes at pair 3. Undo takes back "the pair before the next one" — pair 2, which is
    then asked again — not pair 5, which the expert has not just seen."""
    resumed = Session.resume(
        HIERARCHY, saved({GOAL: [("A", "B", 3), ("A", "C", 2)], "A": [("a1", "a3", 4)]})
    )
    assert resumed.next_pair() == ORDER[2]
    undone, pair = resumed.undo()
    assert pair == ORDER[1]
    assert undone.next_pair() == ORDER[1]
    assert undone.answers == {ORDER[0]: 3.0, ORDER[4]: 4.0}


# --- progress and connectivity -------------------------------------------------------------


def test_progress_counts_answers_and_connectivity_per_node() -> None:
    session = Session(HIERARCHY, "ann")
    assert session.progress("A") == (0, 6, False)
    session = session.answer(Pair("A", "a1", "a2"), 2.0).answer(Pair("A", "a3", "a4"), 2.0)
    assert session.progress("A") == (2, 6, False)  # {a1, a2} and {a3, a4} never meet
    session = session.skip(Pair("A", "a1", "a3"))
    assert session.progress("A") == (2, 6, False)  # a skip links nothing
    linked = session.answer(Pair("A", "a2", "a3"), 1 / 2)
    assert linked.progress("A") == (3, 6, True)
    assert linked.progress(GOAL) == (0, 3, False)
    assert linked.progress("B") == (0, 1, False)
    assert linked.answer(Pair("B", "b1", "b2"), 1.0).progress("B") == (1, 1, True)


def test_spanning_pairs_alone_connect_a_node() -> None:
    session = answered(Session(HIERARCHY, "ann"), ORDER[:6])
    assert session.progress("A") == (3, 6, True)
    assert session.next_pair() == Pair("A", "a2", "a3")


def test_matrix_is_reciprocal_with_missing_pairs_as_nan() -> None:
    session = Session(HIERARCHY, "ann").answer(Pair("A", "a1", "a3"), 4.0)
    matrix = session.matrix("A")
    assert matrix[0, 2] == 4.0 and matrix[2, 0] == pytest.approx(0.25)
    assert np.isnan(matrix[0, 1]) and np.isnan(matrix[1, 3])
    assert np.diag(matrix).tolist() == [1.0] * 4


# --- resume --------------------------------------------------------------------------------


def test_resume_maps_reversed_answers_to_the_asked_order_with_reciprocals() -> None:
    judgments = saved(
        {
            GOAL: [("B", "A", 3), ("C", "A", 1 / 5), ("B", "C", 2)],
            "A": [("a4", "a1", 7)],
        },
        weight=2.5,
    )
    session = Session.resume(HIERARCHY, judgments)
    assert session.expert == "ann" and session.weight == 2.5
    assert set(session.answers) == {ORDER[0], ORDER[1], ORDER[2], ORDER[5]}
    assert session.answers[Pair(GOAL, "A", "B")] == pytest.approx(1 / 3)
    assert session.answers[Pair(GOAL, "A", "C")] == pytest.approx(5.0)
    assert session.answers[Pair(GOAL, "B", "C")] == 2.0
    assert session.answers[Pair("A", "a1", "a4")] == pytest.approx(1 / 7)
    assert Pair(GOAL, "B", "A") not in session.answers
    assert session.next_pair() == ORDER[3]


def test_resume_restores_skipped_pairs_in_either_order() -> None:
    judgments = saved(
        {GOAL: [("A", "B", 3)]},
        skipped={GOAL: [("C", "A")], "A": [("a1", "a2"), ("a3", "a1")]},
    )
    session = Session.resume(HIERARCHY, judgments)
    assert session.skipped == {
        Pair(GOAL, "A", "C"),
        Pair("A", "a1", "a2"),
        Pair("A", "a1", "a3"),
    }
    assert session.next_pair() == Pair(GOAL, "B", "C")
    assert session.remaining() == len(ORDER) - 4


def test_resume_drops_a_skip_of_a_pair_that_is_answered() -> None:
    judgments = saved({GOAL: [("B", "A", 3)]}, skipped={GOAL: [("A", "B")]})
    session = Session.resume(HIERARCHY, judgments)
    assert session.skipped == frozenset()
    assert session.answers[ORDER[0]] == pytest.approx(1 / 3)


# --- judgments() and the file round trip ---------------------------------------------------


def test_judgments_lists_answers_in_asked_order_and_the_skipped_pairs() -> None:
    session = (
        Session(HIERARCHY, "ann", weight=2.0)
        .answer(ORDER[4], 1 / 3)
        .answer(ORDER[0], 5.0)
        .skip(ORDER[1])
        .answer(ORDER[2], 2.0)
        .answer(ORDER[3], 4.0)
    )
    judgments = session.judgments("here.yaml")
    assert judgments.expert == "ann" and judgments.weight == 2.0
    assert judgments.source == "here.yaml"
    assert list(judgments.comparisons) == [GOAL, "A"]
    assert [(c.left, c.right, c.value) for c in judgments.comparisons[GOAL]] == [
        ("A", "B", 5.0),
        ("B", "C", 2.0),
    ]
    assert [(c.left, c.right) for c in judgments.comparisons["A"]] == [("a1", "a2"), ("a1", "a3")]
    assert judgments.comparisons["A"][1].value == pytest.approx(1 / 3)
    assert {n: tuple(p) for n, p in judgments.skipped.items()} == {GOAL: (("A", "C"),)}


def round_trip(session: Session, hierarchy: Hierarchy, folder: Path) -> Session:
    """Session → dump_judgments → file → load_yaml → parse_judgments → Session.resume."""
    path = folder / "ann.yaml"
    path.write_text(dump_judgments(session.judgments(), hierarchy.inner, "a header"), "utf-8")
    return Session.resume(hierarchy, parse_judgments(load_yaml(path), hierarchy))


def assert_same_state(back: Session, session: Session) -> None:
    assert back.expert == session.expert
    assert back.weight == pytest.approx(session.weight)
    assert set(back.answers) == set(session.answers)
    for pair, value in session.answers.items():
        assert back.answers[pair] == pytest.approx(value, rel=1e-9)
    assert back.skipped == session.skipped
    assert back.next_pair() == session.next_pair()


def test_file_round_trip_of_a_default_hierarchy_session(tmp_path: Path) -> None:
    hierarchy = default_hierarchy()
    order = pair_order(hierarchy)
    session = Session(hierarchy, "Ann Example", weight=1.5)
    for i, pair in enumerate(order[:40]):
        if i % 7 == 3:
            session = session.skip(pair)
        else:
            session = session.answer(pair, SAATY_SCALE[i % len(SAATY_SCALE)])
    session = session.answer(order[60], 2.5)  # a decimal value, out of the asked order
    back = round_trip(session, hierarchy, tmp_path)
    assert_same_state(back, session)
    assert back.next_pair() == order[40]
    text = (tmp_path / "ann.yaml").read_text("utf-8")
    assert text.startswith("# a header\n")
    assert "skipped:" in text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(SAATY_SCALE), st.floats(1 / 9, 9.0)),
        min_size=len(ORDER),
        max_size=len(ORDER),
    ),
    st.floats(0.1, 10.0),
)
def test_file_round_trip_property(choices: list[float | None], weight: float) -> None:
    """Any mix of answers (scale values or decimals) and skips survives the file."""
    session = Session(HIERARCHY, "ann", weight=weight)
    for pair, choice in zip(ORDER, choices, strict=True):
        session = session.skip(pair) if choice is None else session.answer(pair, choice)
    with tempfile.TemporaryDirectory() as folder:
        back = round_trip(session, HIERARCHY, Path(folder))
    assert_same_state(back, session)


# --- any sequence of actions ---------------------------------------------------------------

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.sampled_from(SAATY_SCALE)),
        st.tuples(st.just("revise"), st.integers(0, 100), st.sampled_from(SAATY_SCALE)),
        st.tuples(st.just("skip")),
        st.tuples(st.just("undo")),
    ),
    max_size=40,
)


def check_invariants(session: Session) -> None:
    order = pair_order(session.hierarchy)
    assert set(session.answers) <= set(order)  # one orientation per pair: the asked one
    assert set(session.skipped) <= set(order)
    assert not set(session.answers) & session.skipped
    for value in session.answers.values():
        assert 1 / 9 - 1e-12 <= value <= 9 + 1e-12
    for node in session.hierarchy.inner:
        matrix = session.matrix(node)
        known = ~np.isnan(matrix)
        assert np.array_equal(known, known.T)
        np.testing.assert_allclose(matrix[known] * matrix.T[known], 1.0, rtol=1e-12)
    assert session.next_pair() == first_open(session)
    assert session.remaining() == sum(
        1 for p in order if p not in session.answers and p not in session.skipped
    )


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 6), ACTIONS)
def test_any_sequence_of_actions_keeps_the_session_valid(
    prefix: int, actions: list[tuple[object, ...]]
) -> None:
    """Start from a resumed file with the first ``prefix`` pairs answered, then act as the
    console does (answer or skip the next pair, revise an answered pair, undo). Every undo
    restores exactly the state before the action it takes back; past this run's history it
    takes back the pair before the next one."""
    start = Session.resume(
        HIERARCHY,
        saved(
            {
                node: [(p.left, p.right, 2.0) for p in ORDER[:prefix] if p.node == node]
                for node in TREE
            }
        ),
    )
    session = start
    states: list[tuple[dict[Pair, float], frozenset[Pair]]] = []
    for action in actions:
        before = (dict(session.answers), session.skipped)
        pair = session.next_pair()
        if action[0] == "answer" and pair is not None:
            session = session.answer(pair, float(action[1]))  # type: ignore[arg-type]
            states.append(before)
        elif action[0] == "revise" and session.answers:
            done = sorted(session.answers)
            target = done[int(action[1]) % len(done)]  # type: ignore[call-overload]
            session = session.answer(target, float(action[2]))  # type: ignore[arg-type]
            states.append(before)
        elif action[0] == "skip" and pair is not None:
            session = session.skip(pair)
            states.append(before)
        elif action[0] == "undo":
            session, undone = session.undo()
            if states:
                answers, skipped = states.pop()
                assert dict(session.answers) == answers and session.skipped == skipped
            else:
                done = [p for p in ORDER if p in before[0] or p in before[1]]
                if done:
                    assert undone == done[-1]
                    assert session.next_pair() == undone
                else:
                    assert undone is None
        check_invariants(session)
