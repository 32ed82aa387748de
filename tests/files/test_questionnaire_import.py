"""Importing a filled questionnaire checks it at once (issue 10): per node, the pairs judged,
whether they link all items, λmax and CR, and what to revise; ``--strict`` refuses it.

The review itself (:mod:`mcda_citydip.ahp.review`) is checked against the functions a run
uses (``node_weights``, ``revision_hints``); the command is run as a real process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from openpyxl import load_workbook
from runner import run_citydip

from mcda_citydip.ahp.consistency import RANDOM_INDEX
from mcda_citydip.ahp.feedback import revision_hints
from mcda_citydip.ahp.review import review_judgments
from mcda_citydip.ahp.synthesis import node_weights
from mcda_citydip.ahp.weights import AhpSettings, expert_matrix
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.questionnaire import FIRST_ROW, import_problems
from mcda_citydip.files.questionnaire.live import LIMIT_CELL
from mcda_citydip.files.scenario import load_outline
from mcda_citydip.model import Comparison, Judgments

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    name: Economy
    children:
      - {id: GDP, name: Output, direction: benefit}
      - {id: PORT, name: Port traffic, direction: benefit}
      - {id: JOBS, name: Jobs, direction: benefit}
      - {id: DIST, name: Distance, direction: cost}
  - id: SOC
    name: Society
    children:
      - {id: EDU, name: Students, direction: benefit}
      - {id: RISK, name: Risk, direction: cost}
      - {id: HEAL, name: Hospitals, direction: benefit}
  - id: ENV
    name: Environment
    children:
      - {id: AIR, name: Air quality, direction: benefit}
      - {id: GREEN, name: Green space, direction: benefit}
"""
CITIES = (
    "city,GDP,PORT,JOBS,DIST,EDU,RISK,HEAL,AIR,GREEN\nA,1,2,3,4,5,6,7,8,9\nB,2,3,4,5,6,7,8,9,1\n"
)
SCENARIO = """\
format: citydip/scenario
version: 1
name: Panel test
criteria: criteria.yaml
alternatives: cities.csv
judgments: judgments/
"""
# Rows of each sheet: goal ECO-SOC, ECO-ENV, SOC-ENV; ECO GDP-PORT, GDP-JOBS, GDP-DIST,
# PORT-JOBS, PORT-DIST, JOBS-DIST; SOC EDU-RISK, EDU-HEAL, RISK-HEAL; ENV AIR-GREEN.
GOOD = {
    "goal": ["2", "4", "2"],
    "ECO": ["2", "4", "1/2", "2", "1/4", "1/8"],
    "SOC": ["3", "1", "1/3"],
    "ENV": ["1/3"],
}
GOAL_CR_025 = ["5", "1", "1"]  # CR 0.254: above 0.1, under 0.3
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error: ")]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    for name, text in (("criteria.yaml", CRITERIA), ("cities.csv", CITIES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "judgments").mkdir()
    return tmp_path


def citydip(folder: Path, *args: str | Path) -> Run:
    done = run_citydip(args, cwd=folder, env=ENV)  # the real entry point, in process
    return Run(done.returncode, done.stdout, done.stderr)


def workbook(folder: Path, answers: dict[str, list[Any]], name: str = "filled.xlsx") -> Path:
    """A questionnaire written by ``citydip questionnaire`` and filled with ``answers``."""
    blank = folder / "blank.xlsx"
    if not blank.exists():
        done = citydip(folder, "questionnaire", "scenario.yaml", "--out", blank, "-e", "ana")
        assert done.code == 0, done.stderr
    book = load_workbook(blank)
    for sheet in book.worksheets[1:]:
        for row, value in enumerate(answers.get(sheet["B1"].value, ()), start=FIRST_ROW):
            sheet.cell(row, 3).value = value
    book.save(folder / name)
    return folder / name


def imported(folder: Path, *extra: str) -> Run:
    return citydip(folder, "import", "filled.xlsx", "--scenario", "scenario.yaml", *extra)


def table_row(stderr: str, node: str) -> list[str]:
    (line,) = [row for row in stderr.splitlines() if row.startswith(f"│ {node} ")]
    return [cell.strip() for cell in line.strip("│").split("│")]


# --- the review: the numbers a run computes for this expert alone -------------------------


def judgments(answers: dict[str, list[tuple[str, str, float]]]) -> Judgments:
    comparisons = {n: tuple(Comparison(a, b, v) for a, b, v in ps) for n, ps in answers.items()}
    return Judgments("ana", 1.0, MappingProxyType(comparisons))


def test_review_matches_what_a_run_computes(folder: Path) -> None:
    hierarchy = load_outline(folder / "scenario.yaml").hierarchy
    expert = judgments(
        {
            "goal": [("ECO", "SOC", 5), ("ECO", "ENV", 1), ("SOC", "ENV", 1)],
            "ECO": [("GDP", "PORT", 2), ("GDP", "JOBS", 3), ("JOBS", "DIST", 1 / 2)],
            "SOC": [("EDU", "RISK", 3)],
            "ENV": [("AIR", "GREEN", 1 / 3)],
        }
    )
    settings = AhpSettings(random_index="donegan-dodd", cr_limit=0.2)
    table = RANDOM_INDEX["donegan-dodd"]
    reviews = {r.node: r for r in review_judgments(hierarchy, expert, settings)}
    assert list(reviews) == ["goal", "ECO", "SOC", "ENV"]
    for node in ("goal", "ECO", "ENV"):
        items = hierarchy.nodes[node].children
        matrix = expert_matrix(expert, node, items)
        expected = node_weights(node, items, matrix, "eigenvector", table).consistency
        review = reviews[node]
        assert review.consistency == expected
        assert (review.linked, review.limit) == (True, 0.2)
        assert review.flagged == (expected.cr > 0.2)
    goal = reviews["goal"]
    assert goal.flagged and not goal.acceptable and (goal.judged, goal.total) == (3, 3)
    matrix = expert_matrix(expert, "goal", hierarchy.nodes["goal"].children)
    hints = revision_hints(matrix, ("ECO", "SOC", "ENV"), "eigenvector", table, 3)
    assert list(goal.hints) == hints
    assert reviews["ECO"].consistency is not None and reviews["ECO"].consistency.cr == 0
    assert (reviews["ECO"].judged, reviews["ECO"].total) == (3, 6)  # a spanning tree
    soc = reviews["SOC"]
    assert (soc.linked, soc.consistency, soc.hints) == (False, None, ())
    assert soc.groups == (("EDU", "RISK"), ("HEAL",))
    assert reviews["ENV"].acceptable and reviews["ENV"].total == 1


def test_strict_problems_name_the_sheet(folder: Path) -> None:
    hierarchy = load_outline(folder / "scenario.yaml").hierarchy
    expert = judgments({"goal": [("ECO", "SOC", 5), ("ECO", "ENV", 1), ("SOC", "ENV", 1)]})
    reviews = review_judgments(hierarchy, expert)
    sheets = {"goal": "goal", "ECO": "ECO", "SOC": "Society", "ENV": "ENV"}
    problems = import_problems(Path("q.xlsx"), reviews, sheets)
    assert [p.split(":")[0] for p in problems] == [
        "q.xlsx, sheet 'goal'",
        "q.xlsx, sheet 'ECO'",
        "q.xlsx, sheet 'Society'",
        "q.xlsx, sheet 'ENV'",
    ]
    assert "CR 0.254 is above 0.1" in problems[0]
    worst = reviews[0].hints[0]
    assert f"{worst.left} vs {worst.right} (said {format_value(worst.value)}" in problems[0]
    assert "no pair judged; ask for at least 3 pairs linking all 4 items" in problems[1]
    assert all(p.endswith("(--strict: nothing was written)") for p in problems)


# --- the command -----------------------------------------------------------------------------


def test_a_good_workbook_shows_every_node_ok(folder: Path) -> None:
    workbook(folder, GOOD)
    done = imported(folder, "--strict")
    assert done.code == 0, done.stderr
    for node, judged in (("goal", "3/3"), ("ECO", "6/6"), ("SOC", "3/3"), ("ENV", "1/1")):
        row = table_row(done.stderr, node)
        assert row[1:4] == [node, judged, "yes"] and row[-1] == "ok"
    assert table_row(done.stderr, "ENV")[4:6] == ["2.0000", "0.000"]
    assert "revise" not in done.stderr
    assert "Wrote judgments/ana.yaml: 13 judgments of expert 'ana'" in done.stderr
    assert (folder / "judgments" / "ana.yaml").exists()


def test_problems_are_shown_and_the_file_written_without_strict(folder: Path) -> None:
    workbook(folder, {**GOOD, "goal": GOAL_CR_025, "SOC": ["3", None, None]})
    done = imported(folder)
    assert done.code == 0, done.stderr
    assert table_row(done.stderr, "goal")[2:] == ["3/3", "yes", "3.2948", "0.254", "above 0.1"]
    assert table_row(done.stderr, "SOC")[2:] == ["1/3", "no", "", "", "not linked"]
    lines = done.stderr.splitlines()
    start = lines.index("goal (sheet 'goal'): CR 0.254 above 0.1; revise first:")
    hints = lines[start + 1 : start + 4]
    assert all(" vs " in h and "; the other judgments imply " in h for h in hints), hints
    assert hints[0].startswith("  ECO vs SOC: you said 5; the other judgments imply 1.00 (≈ 1")
    assert "CR would be 0.000)" in hints[0]
    assert any(
        line.startswith("SOC (sheet 'SOC'): 1 of 3 pairs judged, and they do not link all 3")
        for line in lines
    )
    assert (folder / "judgments" / "ana.yaml").exists()


def test_strict_refuses_and_still_prints_the_review(folder: Path) -> None:
    workbook(folder, {**GOOD, "goal": GOAL_CR_025, "SOC": ["3", None, None]})
    done = imported(folder, "--strict")
    assert done.code == 2, done.stderr
    assert "Traceback" not in done.stderr
    goal, soc = done.errors
    assert goal.startswith("Error: filled.xlsx, sheet 'goal': node 'goal': CR 0.254 is above 0.1")
    assert soc.startswith("Error: filled.xlsx, sheet 'SOC': node 'SOC': 1 of 3 pairs judged")
    assert table_row(done.stderr, "goal")[-1] == "above 0.1"
    assert "ECO vs SOC: you said 5" in done.stderr
    assert done.stderr.index("│ goal ") < done.stderr.index("Error: ")
    assert not (folder / "judgments" / "ana.yaml").exists()


def test_the_limit_is_the_scenarios_max_cr(folder: Path) -> None:
    scenario = folder / "scenario.yaml"
    scenario.write_text(SCENARIO + "max_cr: 0.3\n", encoding="utf-8")
    path = workbook(folder, {**GOOD, "goal": GOAL_CR_025})
    assert load_workbook(path)["goal"][LIMIT_CELL].value == 0.3
    done = imported(folder, "--strict")
    assert done.code == 0, done.stderr
    assert table_row(done.stderr, "goal")[-2:] == ["0.254", "ok"]


def test_a_formula_without_a_saved_value_is_an_error(folder: Path) -> None:
    workbook(folder, {**GOOD, "ECO": ["2", "=4", "1/2", "2", "1/4", "1/8"]})
    done = imported(folder)
    assert done.code == 2
    (error,) = done.errors
    assert error.startswith("Error: filled.xlsx, sheet 'ECO', cell C6: the formula '=4' has no ")
    assert "open the file in Excel or LibreOffice and save it again" in error
    assert not (folder / "judgments" / "ana.yaml").exists()
