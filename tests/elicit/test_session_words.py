"""Issue 10 at the prompt: answers echoed in words, a node reopened with --node, a spanning
tree shown as consistent by construction, a clean end of input."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from runner import run_citydip

from mcda_citydip.elicit.session import pair_order
from mcda_citydip.elicit.words import judgment_in_words
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.model import GOAL

ENV = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1"}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (3.0, "NET is moderately more important than BIL"),
        (1 / 3, "BIL is moderately more important than NET"),
        (1.0, "NET and BIL are equally important"),
        (9.0, "NET is extremely more important than BIL"),
        (1 / 8, "BIL is very strongly to extremely more important than NET"),
        (2.5, "NET is 2.5 times as important as BIL"),
    ],
)
def test_a_judgment_in_words(value: float, words: str) -> None:
    assert judgment_in_words("NET", "BIL", value) == words


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = default_scenario_path().parent
    for name in (
        "scenario.yaml",
        "city-diplomacy.yaml",
        "persian-gulf.csv",
        "persian-gulf-partnerships.csv",
    ):
        shutil.copy(source / name, tmp_path / name)
    return tmp_path


def elicit(folder: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    """``citydip elicit`` through the real entry point, in process."""
    return run_citydip(
        ["elicit", "scenario.yaml", "--expert", "ann", *extra],
        input="".join(f"{line}\n" for line in lines),
        cwd=folder,
        env=ENV,
    )


def goal_pairs(folder: Path) -> list[tuple[str, str]]:
    hierarchy = load_criteria(folder / "city-diplomacy.yaml")
    return [(p.left, p.right) for p in pair_order(hierarchy) if p.node == GOAL]


def test_every_answer_is_echoed_in_words(folder: Path) -> None:
    left, right = goal_pairs(folder)[0]
    done = elicit(folder, ["1/3", "q"])
    assert done.returncode == 0, done.stderr
    assert f"→ {right} is moderately more important than {left}" in done.stderr


def test_a_spanning_tree_is_consistent_by_construction_not_ok(folder: Path) -> None:
    """Answer the first n − 1 pairs (NET against every other dimension), then n."""
    pairs = goal_pairs(folder)
    first = [p for p in pairs if p[0] == pairs[0][0]]
    done = elicit(folder, [*["3"] * len(first), "n", "q"])
    assert done.returncode == 0, done.stderr
    assert "goal: consistent by construction" in done.stderr
    assert "by construction" in done.stderr.split("Completeness per node")[1]


def test_node_reopens_one_node_and_enter_keeps_answers(folder: Path) -> None:
    pairs = goal_pairs(folder)
    done = elicit(folder, [*["1"] * len(pairs), "q"])
    assert done.returncode == 0, done.stderr
    reopened = elicit(folder, ["", "5", *[""] * (len(pairs) - 2)], "--node", "goal")
    assert reopened.returncode == 0, reopened.stderr
    assert reopened.stderr.count("Enter keeps it") == len(pairs)
    saved = (folder / "judgments" / "ann.yaml").read_text(encoding="utf-8")
    assert f"[{pairs[0][0]}, {pairs[0][1]}, 1]" in saved
    assert f"[{pairs[1][0]}, {pairs[1][1]}, 5]" in saved
    assert saved.count(", 1]") == len(pairs) - 1


def test_an_unknown_node_is_one_error(folder: Path) -> None:
    done = elicit(folder, [], "--node", "NET9")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: --node: 'NET9'")


def test_the_end_of_input_says_so_and_leaves_no_empty_file(folder: Path) -> None:
    done = elicit(folder, [])
    assert done.returncode == 0, done.stderr
    assert "End of input: 0 answers are saved" in done.stderr
    assert not (folder / "judgments" / "ann.yaml").exists()
    assert not list((folder / "judgments").glob(".*"))


def test_q_at_the_revise_prompt_saves_and_leaves(folder: Path) -> None:
    """Issue 10: 'q' at the revise prompt was not honoured (read as a bad value)."""
    pairs = goal_pairs(folder)
    typed = ["9" if k == 0 else "1" for k in range(len(pairs))]  # one extreme answer
    done = elicit(folder, [*typed, "q", "3", "3"])
    assert done.returncode == 0, done.stderr
    assert "above 0.1" in done.stderr
    after = done.stderr.split("Enter to keep, q to save and quit", 1)[1]
    assert "A vs B" not in after  # no further pair was asked
    saved = (folder / "judgments" / "ann.yaml").read_text(encoding="utf-8")
    assert saved.count("- [") == len(pairs)
    assert not list((folder / "judgments").glob(".*.lock"))
