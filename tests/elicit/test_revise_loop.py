"""The revise loop of ``citydip elicit`` in a real terminal (pexpect): a planted extreme
answer is named first, the CR shown after the revision falls below 0.1 (issue 10)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pexpect
import pytest

from mcda_citydip.ahp.consistency import RANDOM_INDEX
from mcda_citydip.ahp.feedback import revision_hints
from mcda_citydip.elicit.session import pair_order
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.model import GOAL

#: Goal weights on Saaty's scale: every ratio is on the scale, NET/BIL = 1/3.
WEIGHTS = {"NET": 3.0, "BIL": 9.0, "KNW": 3.0, "ECO": 1.0, "CUL": 1.0, "POL": 1.0}
PLANTED = ("NET", "BIL")  # answered 9 where every other judgment implies 1/3


def planted_goal_answers(items: tuple[str, ...]) -> list[tuple[str, str, float]]:
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    return [(a, b, 9.0 if (a, b) == PLANTED else WEIGHTS[a] / WEIGHTS[b]) for a, b in pairs]


def test_the_planted_answer_is_the_first_hint_and_fixes_the_node() -> None:
    """The library side: the hint that lowers CR most is the planted pair, and taking its
    suggestion makes the node consistent."""
    hierarchy = load_criteria(default_scenario_path().parent / "city-diplomacy.yaml")
    items = hierarchy.nodes[GOAL].children
    assert items == tuple(WEIGHTS)
    matrix = np.ones((len(items), len(items)))
    for a, b, value in planted_goal_answers(items):
        i, j = items.index(a), items.index(b)
        matrix[i, j], matrix[j, i] = value, 1 / value
    hints = revision_hints(matrix, items, "eigenvector", RANDOM_INDEX["saaty"])
    assert (hints[0].left, hints[0].right) == PLANTED
    assert hints[0].suggested == pytest.approx(1 / 3)
    assert hints[0].cr_after == pytest.approx(0.0, abs=1e-9)


def test_the_revise_loop_in_a_terminal(tmp_path: Path) -> None:
    source = default_scenario_path().parent
    for name in (
        "scenario.yaml",
        "city-diplomacy.yaml",
        "persian-gulf.csv",
        "persian-gulf-partnerships.csv",
    ):
        shutil.copy(source / name, tmp_path / name)
    hierarchy = load_criteria(tmp_path / "city-diplomacy.yaml")
    goal = {(a, b): v for a, b, v in planted_goal_answers(hierarchy.nodes[GOAL].children)}
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mcda_citydip", "elicit", "scenario.yaml", "--expert", "ann"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 200),
    )
    try:
        for pair in pair_order(hierarchy):
            if pair.node != GOAL:
                break
            child.expect(r"A vs B \(1–9")
            child.sendline(str(format_value(goal[(pair.left, pair.right)])))
            child.expect("→")  # the answer echoed in words
        child.expect(r"goal: λmax \S+, CR (\S+) above 0\.1")
        assert float(child.match.group(1)) > 0.1
        child.expect(r"(\S+) vs (\S+): you said 9; the other judgments imply")
        assert (child.match.group(1), child.match.group(2)) == PLANTED
        child.expect("Enter to keep")
        child.sendline("1/3")
        child.expect("BIL is moderately more important than NET")
        child.expect(r"goal: λmax \S+, CR (\S+) ok")
        assert float(child.match.group(1)) < 0.1
        child.expect(r"A vs B \(1–9")  # the next node's first pair
        child.sendline("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    saved = (tmp_path / "judgments" / "ann.yaml").read_text(encoding="utf-8")
    assert "[NET, BIL, 1/3]" in saved
    assert not list((tmp_path / "judgments").glob(".*.lock"))
