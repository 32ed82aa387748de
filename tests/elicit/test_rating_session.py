"""Tests for ``mcda_citydip.elicit.rating_session``: the pure state of a rating session.

The small hierarchy has two dimensions and three indicators: ``a1`` (a declared 1–5 scale),
``a2`` (rated pairwise in the saved file, never asked) and ``b1`` (the default scale). The
session asks ``a1`` then ``b1`` for the cities X, Y, Z; every expected order is written out
by hand.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.elicit.rating_session import Cell, RatingSession
from mcda_citydip.files.scores import dump_scores, load_scores
from mcda_citydip.model import GOAL, ExpertScores, Hierarchy, Node, RatingScale

SCALE = RatingScale(MappingProxyType({1: "none", 2: "", 3: "some", 4: "", 5: "much"}))
NODES = {
    GOAL: Node(GOAL, "Goal", children=("A", "B")),
    "A": Node("A", "Dimension A", children=("a1", "a2")),
    "B": Node("B", "Dimension B", children=("b1",)),
    "a1": Node("a1", "Leaf a1", unit="count", direction="benefit", scale=SCALE),
    "a2": Node("a2", "Leaf a2", direction="benefit"),
    "b1": Node("b1", "Leaf b1", direction="cost"),
}
HIERARCHY = Hierarchy("test", MappingProxyType(NODES))
CITIES = ("X", "Y", "Z")
ASKED = ("a1", "b1")

#: Every cell of the session in the order it is asked, written by hand.
ORDER = (
    Cell("a1", "X"),
    Cell("a1", "Y"),
    Cell("a1", "Z"),
    Cell("b1", "X"),
    Cell("b1", "Y"),
    Cell("b1", "Z"),
)


def new() -> RatingSession:
    return RatingSession(HIERARCHY, "ann", CITIES, ASKED)


def saved_file(scores: ExpertScores) -> ExpertScores:
    """``scores`` written with :func:`dump_scores` and read back with :func:`load_scores`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ann.yaml"
        path.write_text(dump_scores(scores, HIERARCHY, CITIES, "a header"), encoding="utf-8")
        return load_scores(path, HIERARCHY, CITIES)


def round_trip(session: RatingSession) -> RatingSession:
    return RatingSession.resume(HIERARCHY, CITIES, ASKED, saved_file(session.scores()))


#: What the expert's file held besides the asked cells.
EXTRA = ExpertScores(
    "ann",
    "ann.yaml",
    MappingProxyType({"a1": MappingProxyType({"Y": 2.0})}),
    MappingProxyType({"a2": (("X", "Y", 3.0), ("Y", "Z", 0.5))}),
    illustrative=True,
    unknown=MappingProxyType({"b1": ("Z",)}),
    description="Ann, port authority",
)


# --- order ---------------------------------------------------------------------------------


def test_cells_are_asked_indicator_by_indicator_then_city_by_city() -> None:
    session = new()
    assert session.order == ORDER
    asked = []
    while (cell := session.next_cell()) is not None:
        asked.append(cell)
        session = session.answer(cell, 3.0)
    assert tuple(asked) == ORDER
    assert session.remaining() == 0


def test_the_next_cell_is_the_first_neither_recorded_nor_skipped() -> None:
    session = new().answer(ORDER[1], 4.0).skip(ORDER[0])
    assert session.next_cell() == ORDER[2]
    assert session.remaining() == 4
    assert session.progress("a1") == (1, 3)
    assert session.progress("b1") == (0, 3)


# --- answer, don't know, skip, undo -------------------------------------------------------


def test_dont_know_is_recorded_as_missing_and_never_asked_again() -> None:
    session = new().dont_know(ORDER[0])
    assert session.answers == {ORDER[0]: None}
    assert session.next_cell() == ORDER[1]
    assert session.progress("a1") == (1, 3)
    assert session.tally("a1") == (0, 1, 2)
    scores = session.scores()
    assert scores.unknown == {"a1": ("X",)}
    assert scores.ratings == {}
    assert round_trip(session).answers == {ORDER[0]: None}


def test_a_skipped_cell_is_not_recorded_and_is_asked_again_next_time() -> None:
    session = new().skip(ORDER[0]).answer(ORDER[1], 5.0)
    assert session.next_cell() == ORDER[2]
    resumed = round_trip(session)
    assert resumed.answers == {ORDER[1]: 5.0}
    assert resumed.next_cell() == ORDER[0]


def test_skip_leaves_recorded_cells_alone() -> None:
    session = new().answer(ORDER[0], 2.0)
    assert session.skip(ORDER[0]) == session


def test_undo_takes_back_answer_dont_know_and_skip_in_reverse_order() -> None:
    session = new().answer(ORDER[0], 4.0).dont_know(ORDER[1]).skip(ORDER[2])
    session, undone = session.undo()
    assert undone == ORDER[2] and session.next_cell() == ORDER[2]
    session, undone = session.undo()
    assert undone == ORDER[1] and session.answers == {ORDER[0]: 4.0}
    session, undone = session.undo()
    assert undone == ORDER[0] and session.answers == {}
    session, undone = session.undo()
    assert undone is None and session == new()


def test_skipping_several_cells_is_one_step_for_undo() -> None:
    session = new().answer(ORDER[0], 4.0)
    skipped = session.skip(ORDER[0], ORDER[1], ORDER[2], ORDER[2])
    assert skipped.skipped == {ORDER[1], ORDER[2]}
    assert len(skipped.history) == 2
    assert skipped.next_cell() == ORDER[3]
    undone, cell = skipped.undo()
    assert cell == ORDER[1]
    assert undone == session


def test_undo_of_a_revision_restores_the_previous_answer() -> None:
    session = new().answer(ORDER[0], 4.0).dont_know(ORDER[1])
    revised = session.answer(ORDER[0], 1.0).answer(ORDER[1], 3.0)
    once, _ = revised.undo()
    assert once.answers == {ORDER[0]: 1.0, ORDER[1]: None}
    twice, _ = once.undo()
    assert twice.answers == {ORDER[0]: 4.0, ORDER[1]: None}


def test_undo_in_a_resumed_session_takes_back_the_last_recorded_cell_before_the_next() -> None:
    resumed = round_trip(new().answer(ORDER[0], 4.0).dont_know(ORDER[1]).answer(ORDER[3], 2.0))
    assert resumed.history == ()
    assert resumed.next_cell() == ORDER[2]
    session, undone = resumed.undo()
    assert undone == ORDER[1]
    assert session.answers == {ORDER[0]: 4.0, ORDER[3]: 2.0}
    assert session.next_cell() == ORDER[1]


def test_undo_when_every_cell_is_recorded_takes_back_the_last() -> None:
    session = new()
    for cell in ORDER:
        session = session.answer(cell, 1.0)
    session, undone = round_trip(session).undo()
    assert undone == ORDER[-1]
    assert session.next_cell() == ORDER[-1]


# --- files ---------------------------------------------------------------------------------


def test_answers_and_dont_knows_round_trip_through_the_file() -> None:
    session = new().answer(ORDER[0], 4.0).dont_know(ORDER[1]).answer(ORDER[4], 5.0)
    text = dump_scores(session.scores(), HIERARCHY, CITIES)
    assert "a1: {X: 4, Y: null}" in text
    assert "b1: {Y: 5}" in text
    resumed = round_trip(session)
    assert resumed.answers == session.answers
    assert resumed.next_cell() == ORDER[2]
    assert resumed.tally("a1") == (1, 1, 1)


def test_what_the_session_does_not_ask_is_kept_on_saving() -> None:
    """A rating of an indicator not asked, comparisons, the description and the
    illustrative flag survive a session that answers and revises cells."""
    other = ExpertScores(
        "ann",
        "ann.yaml",
        MappingProxyType({"a1": MappingProxyType({"X": 5.0}), "a2": MappingProxyType({"Z": 7.5})}),
        MappingProxyType({}),
        unknown=MappingProxyType({"a2": ("X",)}),
        description="Ann",
    )
    session = RatingSession.resume(HIERARCHY, CITIES, ("a1",), saved_file(other))
    assert session.answers == {Cell("a1", "X"): 5.0}
    assert session.keep is not None
    assert session.keep.ratings == {"a2": {"Z": 7.5}}
    session = session.answer(Cell("a1", "X"), 1.0).dont_know(Cell("a1", "Y"))
    scores = saved_file(session.scores())
    assert scores.ratings == {"a1": {"X": 1.0}, "a2": {"Z": 7.5}}
    assert scores.unknown == {"a1": ("Y",), "a2": ("X",)}
    assert scores.description == "Ann"


def test_resume_splits_the_file_into_answers_and_keep() -> None:
    session = RatingSession.resume(HIERARCHY, CITIES, ASKED, EXTRA)
    assert session.expert == "ann"
    assert session.answers == {Cell("a1", "Y"): 2.0, Cell("b1", "Z"): None}
    assert session.next_cell() == ORDER[0]
    scores = session.answer(ORDER[0], 3.0).scores("where")
    assert scores.source == "where"
    assert scores.ratings == {"a1": {"X": 3.0, "Y": 2.0}}
    assert scores.unknown == {"b1": ("Z",)}
    assert scores.comparisons == EXTRA.comparisons
    assert scores.illustrative and scores.description == EXTRA.description


# --- property: any sequence of actions survives saving and resuming ---------------------------

POINTS = (1.0, 2.0, 3.0, 4.0, 5.0)
ACTION = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(ORDER), st.sampled_from(POINTS)),
    st.tuples(st.just("dont_know"), st.sampled_from(ORDER), st.just(0.0)),
    st.tuples(st.just("skip"), st.sampled_from(ORDER), st.just(0.0)),
    st.tuples(st.just("undo"), st.just(ORDER[0]), st.just(0.0)),
    st.tuples(st.just("resume"), st.just(ORDER[0]), st.just(0.0)),
)


@settings(max_examples=150, deadline=None)
@given(actions=st.lists(ACTION, max_size=25), start=st.booleans())
def test_any_sequence_of_actions_then_saving_and_resuming_gives_the_same_answers(
    actions: list[tuple[str, Cell, float]], start: bool
) -> None:
    """Whatever is answered, revised, skipped, undone or resumed in between, the saved file
    gives back exactly the recorded cells, and what the file held besides is kept."""
    session = RatingSession.resume(HIERARCHY, CITIES, ASKED, EXTRA) if start else new()
    for kind, cell, value in actions:
        if kind == "answer":
            session = session.answer(cell, value)
        elif kind == "dont_know":
            session = session.dont_know(cell)
        elif kind == "skip":
            session = session.skip(cell)
        elif kind == "undo":
            session, _ = session.undo()
        else:
            session = round_trip(session)
        assert set(session.answers) <= set(ORDER)
        assert session.remaining() == sum(
            1 for c in ORDER if c not in session.answers and c not in session.skipped
        )
    resumed = round_trip(session)
    assert dict(resumed.answers) == dict(session.answers)
    assert resumed.skipped == frozenset()
    expected_next = next((c for c in ORDER if c not in session.answers), None)
    assert resumed.next_cell() == expected_next
    if start:
        scores = resumed.scores()
        assert scores.comparisons == EXTRA.comparisons
        assert scores.illustrative and scores.description == EXTRA.description
