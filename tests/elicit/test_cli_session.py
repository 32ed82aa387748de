"""Scripted ``citydip elicit`` sessions through the real entry point: ``main(argv)`` in
process (:mod:`runner`), and a new process for the kill and lock tests.

Each test copies the default scenario (scenario, criteria, cities; no judgments) to
``tmp_path`` and feeds the session's stdin. The session console writes to stderr; the
expert's answers go to ``judgments/<expert>.yaml`` after every answer.

Unless a test is about the consistency review, answers come from the consistent weights
``W = (1, 2, 4, 8, 1, 1)`` of each node's items (``a_ij = W_i / W_j``), so that no review
asks for a revision and every value of Saaty's scale used is distinct enough to check order.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from runner import run_citydip

from mcda_citydip.elicit.session import Pair, pair_order
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.judgments import parse_judgments
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.files.yamlio import load_yaml
from mcda_citydip.model import GOAL, Hierarchy

W = (1, 2, 4, 8, 1, 1)
TIMEOUT = 120
ENV = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}  # no wrapped lines in the transcript


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error: ")]

    def shown(self) -> list[tuple[str, str]]:
        """The (A, B) items of every pair the session showed, in order."""
        lefts = re.findall(r"^\s+A (\S+) — ", self.stderr, flags=re.MULTILINE)
        rights = re.findall(r"^\s+B (\S+) — ", self.stderr, flags=re.MULTILINE)
        assert len(lefts) == len(rights), self.stderr
        return list(zip(lefts, rights, strict=True))


@dataclass(frozen=True)
class Scenario:
    root: Path

    @property
    def path(self) -> Path:
        return self.root / "scenario.yaml"

    @property
    def hierarchy(self) -> Hierarchy:
        return load_criteria(self.root / "city-diplomacy.yaml")

    @property
    def order(self) -> tuple[Pair, ...]:
        return pair_order(self.hierarchy)

    def file(self, expert: str = "ann") -> Path:
        return self.root / "judgments" / f"{expert}.yaml"

    def args(self, expert: str = "ann") -> list[str]:
        return ["elicit", str(self.path), "--expert", expert]

    def command(self, expert: str = "ann") -> list[str]:
        """The session as a new process (``python -m mcda_citydip``)."""
        return [sys.executable, "-m", "mcda_citydip", *self.args(expert)]

    def elicit(self, lines: Sequence[str], expert: str = "ann") -> Outcome:
        """Run a session fed ``lines`` (one per prompt); stdin ends after the last."""
        text = "".join(f"{line}\n" for line in lines)
        done = run_citydip(self.args(expert), input=text, cwd=self.root, env=ENV)
        outcome = Outcome(done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in outcome.stderr, outcome.stderr
        return outcome

    def saved(self, expert: str = "ann") -> tuple[dict[Pair, float], set[Pair]]:
        """Answers (in file order) and skipped pairs of an expert's file, read as citydip
        reads it; each pair is put in the orientation the session asks it."""
        judgments = parse_judgments(load_yaml(self.file(expert)), self.hierarchy)
        asked = set(self.order)
        answers: dict[Pair, float] = {}
        for node, comparisons in judgments.comparisons.items():
            for c in comparisons:
                pair = Pair(node, c.left, c.right)
                assert pair in asked, f"{pair} is saved against the asked orientation"
                answers[pair] = c.value
        skipped = {Pair(n, a, b) for n, pairs in judgments.skipped.items() for a, b in pairs}
        return answers, skipped


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    source = default_scenario_path().parent
    root = tmp_path / "scenario"
    root.mkdir()
    for name in (
        "scenario.yaml",
        "city-diplomacy.yaml",
        "persian-gulf.csv",
        "persian-gulf-partnerships.csv",
    ):
        shutil.copy(source / name, root / name)
    return Scenario(root)


def consistent(hierarchy: Hierarchy, pair: Pair) -> float:
    items = hierarchy.nodes[pair.node].children
    return W[items.index(pair.left)] / W[items.index(pair.right)]


def typed(value: float) -> str:
    """How an expert types a value of W's ratios: ``4`` or ``1/4``."""
    return str(round(value)) if value >= 1 else f"1/{round(1 / value)}"


def count_answers(path: Path) -> int:
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text("utf-8"))
    return sum(len(pairs) for pairs in (data.get("comparisons") or {}).values())


def holds(path: Path, answers: int) -> Callable[[], bool]:
    return lambda: count_answers(path) == answers


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- a full session ------------------------------------------------------------------------


def test_a_full_session_gives_a_file_that_weights_accepts(scenario: Scenario) -> None:
    """85 pairs answered consistently: the file holds them all, in the asked order, and
    ``citydip weights`` on the scenario (which names that folder) returns the planted
    weights: local W_i / ΣW at every node, multiplied down the tree."""
    hierarchy, order = scenario.hierarchy, scenario.order
    assert len(order) == 85
    values = [consistent(hierarchy, p) for p in order]
    outcome = scenario.elicit([typed(v) for v in values])
    assert outcome.code == 0, outcome.stderr
    assert f"Saved 85 answers to {scenario.file()}" in outcome.stderr
    answers, skipped = scenario.saved()
    assert list(answers) == list(order)
    assert [answers[p] for p in order] == pytest.approx(values, rel=1e-12)
    assert skipped == set()

    done = run_citydip(["weights", str(scenario.path), "-f", "json"], env=ENV)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    goal = hierarchy.nodes[GOAL].children
    for dimension in goal:
        children = hierarchy.nodes[dimension].children
        for leaf in children:
            expected = (
                W[goal.index(dimension)]
                / sum(W[: len(goal)])
                * W[children.index(leaf)]
                / sum(W[: len(children)])
            )
            assert data["weights"][leaf] == pytest.approx(expected, rel=1e-9)
    for node in hierarchy.inner:
        assert data["nodes"][node]["cr"] == pytest.approx(0.0, abs=1e-9)


# --- skip, undo, quit ----------------------------------------------------------------------


def test_enter_and_s_skip_and_a_new_run_does_not_ask_skipped_pairs(
    scenario: Scenario,
) -> None:
    order = scenario.order
    outcome = scenario.elicit(["", "s", "3", "q"])
    assert outcome.code == 0, outcome.stderr
    answers, skipped = scenario.saved()
    assert answers == {order[2]: 3.0}
    assert skipped == {order[0], order[1]}
    assert outcome.shown()[:3] == [(p.left, p.right) for p in order[:3]]

    again = scenario.elicit(["q"])
    assert again.code == 0, again.stderr
    assert "1 answer saved · 82 pairs left" in again.stderr
    assert again.shown() == [(order[3].left, order[3].right)]
    assert scenario.saved() == (answers, skipped)


def test_u_undoes_the_last_answer_and_the_pair_is_asked_again(scenario: Scenario) -> None:
    order = scenario.order
    outcome = scenario.elicit(["3", "u", "5", "q"])
    assert outcome.code == 0, outcome.stderr
    assert f"undid {order[0].left} vs {order[0].right}" in outcome.stderr
    assert f"Saved 1 answer to {scenario.file()}" in outcome.stderr  # one, not "1 answers"
    first, second = (order[0].left, order[0].right), (order[1].left, order[1].right)
    assert outcome.shown() == [first, second, first, second]  # `u` typed at the second
    assert scenario.saved() == ({order[0]: 5.0}, set())


def test_u_undoes_a_skip(scenario: Scenario) -> None:
    order = scenario.order
    outcome = scenario.elicit(["3", "s", "u", "1/2", "q"])
    assert outcome.code == 0, outcome.stderr
    assert scenario.saved() == ({order[0]: 3.0, order[1]: 0.5}, set())


def test_u_in_a_new_run_takes_back_the_last_saved_answer(scenario: Scenario) -> None:
    order = scenario.order
    assert scenario.elicit(["3", "4", "q"]).code == 0
    outcome = scenario.elicit(["u", "q"])
    assert outcome.code == 0, outcome.stderr
    assert f"undid {order[1].left} vs {order[1].right}" in outcome.stderr
    assert scenario.saved() == ({order[0]: 3.0}, set())


def test_a_resumed_file_keeps_the_comments_written_in_it(scenario: Scenario) -> None:
    """An expert's file annotated by hand (a note at the top, a comment on an answer and on
    its own line) is resumed: new answers and an undo change only their own lines."""
    first, second = scenario.order[:2]
    text = (
        "# Ann's answers; the first one was discussed with the board.\n"
        "format: citydip/judgments\nversion: 1\nexpert: ann\ncomparisons:\n"
        f"  {first.node}:\n"
        f"  - [{first.left}, {first.right}, 3]   # agreed on 12 May\n"
        "  # more to come\n"
    )
    scenario.file().parent.mkdir(parents=True, exist_ok=True)
    scenario.file().write_text(text, encoding="utf-8")
    outcome = scenario.elicit(["5", "7", "u", "q"])
    assert outcome.code == 0, outcome.stderr
    saved = scenario.file().read_text(encoding="utf-8")
    for line in text.splitlines()[:2] + text.splitlines()[5:]:
        assert line in saved.splitlines(), saved
    assert scenario.saved() == ({first: 3.0, second: 5.0}, set())  # 7 was undone


def test_u_with_nothing_to_undo_says_so(scenario: Scenario) -> None:
    outcome = scenario.elicit(["u", "2", "q"])
    assert outcome.code == 0, outcome.stderr
    assert "nothing to undo" in outcome.stderr
    assert scenario.saved() == ({scenario.order[0]: 2.0}, set())


def test_q_saves_and_quits_leaving_later_lines_unread(scenario: Scenario) -> None:
    order = scenario.order
    outcome = scenario.elicit(["3", "1/4", "q", "5", "6"])
    assert outcome.code == 0, outcome.stderr
    assert scenario.saved() == ({order[0]: 3.0, order[1]: 0.25}, set())
    assert f"Saved 2 answers to {scenario.file()}" in outcome.stderr


def test_end_of_input_quits_with_the_answers_saved(scenario: Scenario) -> None:
    order = scenario.order
    outcome = scenario.elicit(["3", "7"])
    assert outcome.code == 0, outcome.stderr
    assert scenario.saved() == ({order[0]: 3.0, order[1]: 7.0}, set())


@pytest.mark.parametrize("bad", ["abc", "0", "12", "-3", "1/12", "1/0", "3/"])
def test_a_bad_answer_is_refused_and_the_pair_asked_again(scenario: Scenario, bad: str) -> None:
    order = scenario.order
    outcome = scenario.elicit([bad, "3", "q"])
    assert outcome.code == 0, outcome.stderr
    assert "use a value from 1/9 to 9" in outcome.stderr
    first = (order[0].left, order[0].right)
    assert outcome.shown()[:3] == [first, first, (order[1].left, order[1].right)]
    assert scenario.saved() == ({order[0]: 3.0}, set())


def test_n_is_refused_until_the_node_is_connected_then_skips_its_rest(
    scenario: Scenario,
) -> None:
    """The goal has 6 dimensions: its 5 spanning pairs connect it; ``n`` before that is
    refused, ``n`` after it skips the other 10 goal pairs and moves on to NET."""
    hierarchy, order = scenario.hierarchy, scenario.order
    spanning = [typed(consistent(hierarchy, p)) for p in order[:5]]
    outcome = scenario.elicit([spanning[0], "n", *spanning[1:], "n", "q"])
    assert outcome.code == 0, outcome.stderr
    assert "do not yet link every item" in outcome.stderr
    shown = outcome.shown()
    assert shown[1] == shown[2] == (order[1].left, order[1].right)  # asked again after `n`
    assert shown[-1] == (order[15].left, order[15].right) and order[15].node == "NET"
    answers, skipped = scenario.saved()
    assert list(answers) == list(order[:5])
    assert skipped == set(order[5:15])
    assert {p.node for p in skipped} == {GOAL}


# --- interruption, resume, lock ------------------------------------------------------------


def test_a_killed_session_keeps_every_answer_and_the_next_run_resumes(
    scenario: Scenario,
) -> None:
    """Answers written one at a time are each on disk before the next is typed; after
    SIGKILL the file is valid with exactly those answers, and a new run asks answer k + 1
    first and completes the file in the asked order."""
    hierarchy, order = scenario.hierarchy, scenario.order
    values = [consistent(hierarchy, p) for p in order]
    k = 17  # the whole goal node and two NET pairs
    path = scenario.file()
    with (scenario.root / "first.log").open("w") as log:
        process = subprocess.Popen(
            scenario.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=scenario.root,
            env=ENV,
            text=True,
        )
        try:
            assert process.stdin is not None
            for i in range(k):
                process.stdin.write(typed(values[i]) + "\n")
                process.stdin.flush()
                wait_for(holds(path, i + 1), f"answer {i + 1} saved")
            assert process.poll() is None, "the session ended on its own"
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=TIMEOUT) == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    answers, skipped = scenario.saved()
    assert list(answers) == list(order[:k])
    assert [answers[p] for p in order[:k]] == pytest.approx(values[:k], rel=1e-12)
    assert skipped == set()

    outcome = scenario.elicit([typed(v) for v in values[k:]])
    assert outcome.code == 0, outcome.stderr
    assert f"{k} answers saved · {len(order) - k} pairs left" in outcome.stderr
    assert outcome.shown()[0] == (order[k].left, order[k].right)
    assert outcome.shown() == [(p.left, p.right) for p in order[k:]]
    answers, _ = scenario.saved()
    assert list(answers) == list(order)
    assert [answers[p] for p in order] == pytest.approx(values, rel=1e-12)


def test_a_second_session_on_the_same_expert_is_refused_while_the_first_runs(
    scenario: Scenario,
) -> None:
    path = scenario.file()
    lock = path.parent / f".{path.name}.lock"
    with (scenario.root / "first.log").open("w") as log:
        first = subprocess.Popen(
            scenario.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=scenario.root,
            env=ENV,
            text=True,
        )
        try:
            wait_for(
                lambda: lock.exists() and lock.read_text().strip() == str(first.pid),
                "the first session to hold the lock",
            )
            second = scenario.elicit(["3", "q"])
            assert second.code == 2, second.stderr
            assert second.errors, second.stderr
            assert any(str(path) in line for line in second.errors), second.stderr
            assert not path.exists()  # the refused session wrote nothing

            other = scenario.elicit(["q"], expert="bob")  # another expert is not blocked
            assert other.code == 0, other.stderr

            assert first.stdin is not None
            first.stdin.write("2\nq\n")
            first.stdin.close()
            assert first.wait(timeout=TIMEOUT) == 0
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    assert scenario.saved() == ({scenario.order[0]: 2.0}, set())
    third = scenario.elicit(["5", "q"])
    assert third.code == 0, third.stderr
    assert scenario.saved() == ({scenario.order[0]: 2.0, scenario.order[1]: 5.0}, set())


# --- consistency review --------------------------------------------------------------------

#: Goal answers with a cycle: NET 9× BIL, BIL 9× KNW, KNW 9× NET; every other pair 1.
CYCLE = {("NET", "BIL"): "9", ("BIL", "KNW"): "9", ("NET", "KNW"): "1/9"}
HINT = re.compile(r"(\S+) vs (\S+): you said (\S+); the other judgments imply")


def cycle_answers(order: Sequence[Pair]) -> list[str]:
    goal = [p for p in order if p.node == GOAL]
    assert len(goal) == 15
    return [CYCLE.get((p.left, p.right), "1") for p in goal]


def test_an_inconsistent_node_is_reviewed_and_a_revision_is_saved(scenario: Scenario) -> None:
    """With the 3-cycle, NET, BIL and KNW are symmetric, so their weights are equal and the
    three cycle judgments (ε = 9) are the ones whose revision lowers CR most; the review
    shows CR > 0.1 and offers one of them first. Answering it with 1 saves it, and the review
    starts again on the revised answers: a lower CR and new hints (kept here with Enter)."""
    order = scenario.order
    outcome = scenario.elicit([*cycle_answers(order), "1", "", "", "", "q"])
    assert outcome.code == 0, outcome.stderr
    found = re.findall(r"goal: λmax (\S+), CR (\S+) above 0\.1", outcome.stderr, re.MULTILINE)
    assert len(found) == 2, outcome.stderr
    assert float(found[0][0]) > 6.0 and float(found[0][1]) > 0.1
    assert float(found[1][1]) < float(found[0][1])  # the new CR is shown, and it fell
    hints = HINT.findall(outcome.stderr.split("goal: λmax")[1])  # the first round only
    assert len(hints) == 1, outcome.stderr  # revised at the first offer
    hints += HINT.findall(outcome.stderr.split("goal: λmax")[2])[:2]
    assert len(hints) == 3, outcome.stderr
    cycle_pairs = {frozenset(pair) for pair in CYCLE}
    assert {frozenset((left, right)) for left, right, _ in hints} == cycle_pairs
    for left, right, said in hints:
        typed_value = CYCLE.get((left, right)) or f"1/{CYCLE[(right, left)].split('/')[1]}"
        assert said == typed_value

    answers, _ = scenario.saved()
    revised_left, revised_right, _ = hints[0]
    goal_pairs = [p for p in order if p.node == GOAL]
    for pair in goal_pairs:
        if {pair.left, pair.right} == {revised_left, revised_right}:
            assert answers[pair] == 1.0
        else:
            value = CYCLE.get((pair.left, pair.right), "1")
            assert answers[pair] == pytest.approx(float(Fraction(value)))
    assert len(answers) == 15


def test_enter_at_a_revision_offer_keeps_the_answers(scenario: Scenario) -> None:
    order = scenario.order
    typed_goal = cycle_answers(order)
    outcome = scenario.elicit([*typed_goal, "", "", "", "q"])
    assert outcome.code == 0, outcome.stderr
    assert len(HINT.findall(outcome.stderr)) == 3
    answers, _ = scenario.saved()
    goal_pairs = [p for p in order if p.node == GOAL]
    expected = [float(Fraction(v)) for v in typed_goal]
    assert [answers[p] for p in goal_pairs] == pytest.approx(expected, rel=1e-12)


def test_a_consistent_node_is_reviewed_without_offers(scenario: Scenario) -> None:
    hierarchy, order = scenario.hierarchy, scenario.order
    outcome = scenario.elicit([typed(consistent(hierarchy, p)) for p in order[:15]] + ["q"])
    assert outcome.code == 0, outcome.stderr
    found = re.search(r"goal: λmax (\S+), CR (\S+) ok", outcome.stderr, re.MULTILINE)
    assert found, outcome.stderr
    assert math.isclose(float(found.group(1)), 6.0, abs_tol=1e-3)
    assert HINT.findall(outcome.stderr) == []
