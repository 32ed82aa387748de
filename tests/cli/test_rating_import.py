"""``citydip questionnaire --scores`` → filled with openpyxl → ``citydip import`` → the same
scores as a typed YAML file, through the real entry point, on the ILLUSTRATIVE panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import copy_panel
from openpyxl import Workbook, load_workbook

from mcda_citydip.files.questionnaire import DONT_KNOW, RATING_FIRST_ROW, RATINGS_LABEL
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.files.scores import load_scores

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "scenarios" / "illustrative" / "panel"


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    """The panel scenario in ``tmp_path`` with no scores yet."""
    return copy_panel(tmp_path, with_scores=False)


def fill(workbook: Path, answers: dict[tuple[str, str], object]) -> None:
    """Type ``answers`` ((indicator, city) → value) into the rating sheets, as an expert."""
    book = load_workbook(workbook)
    for sheet in book.worksheets:
        if sheet["A1"].value != RATINGS_LABEL:
            continue
        header = {
            sheet.cell(RATING_FIRST_ROW - 1, c).value: c for c in range(2, sheet.max_column + 1)
        }
        for row in range(RATING_FIRST_ROW, sheet.max_row + 1):
            city = sheet.cell(row, 1).value
            for (indicator, wanted), value in answers.items():
                if wanted == city and indicator in header:
                    sheet.cell(row, header[indicator]).value = value
    book.save(workbook)


ANSWERS = {
    ("BIL2", "Dubai"): 5,
    ("BIL2", "Doha"): 4,
    ("BIL2", "Basra"): DONT_KNOW,
    ("KNW1", "Dubai"): "3",
    ("POL4", "Muscat"): 0,
    ("POL6", "Manama"): 7,
}
TYPED = """\
format: citydip/scores
version: 1
expert: مریم
ratings:
  BIL2: {Dubai: 5, Doha: 4, Basra: null}
  KNW1: {Dubai: 3}
  POL4: {Muscat: 0}
  POL6: {Manama: 7}
"""


def test_questionnaire_fill_import_gives_the_typed_scores(panel, citydip, tmp_path):
    workbook = tmp_path / "ratings.xlsx"
    made = citydip("questionnaire", panel, "--scores", "--out", workbook, "--expert", "مریم")
    assert made.code == 0, made.stderr
    assert "10 cities × 20 indicators" in made.stderr
    fill(workbook, ANSWERS)
    done = citydip("import", workbook, "--scenario", panel)
    assert done.code == 0, done.stderr
    assert "5 ratings and 1 \"don't know\" of expert 'مریم' on 4 indicators" in done.stderr
    written = panel.parent / "scores" / "مریم.yaml"
    scenario = load_scenario(panel)
    names = scenario.problem.alternatives
    typed = tmp_path / "typed.yaml"
    typed.write_text(TYPED, encoding="utf-8")
    imported = load_scores(written, scenario.hierarchy, names)
    expected = load_scores(typed, scenario.hierarchy, names)
    assert {k: dict(v) for k, v in imported.ratings.items()} == {
        k: dict(v) for k, v in expected.ratings.items()
    }
    assert dict(imported.unknown) == dict(expected.unknown)
    assert imported.expert == expected.expert
    again = citydip("import", workbook, "--scenario", panel)  # the file exists now
    again.expect_error("--force")
    assert citydip("import", workbook, "--scenario", panel, "--force").code == 0


def test_by_indicator_and_named_indicators(panel, citydip, tmp_path):
    workbook = tmp_path / "two.xlsx"
    made = citydip(
        "questionnaire",
        panel,
        "--scores",
        "--by",
        "indicator",
        "--indicators",
        "KNW1,BIL2",
        "--out",
        workbook,
    )
    assert made.code == 0, made.stderr
    sheets = [s for s in load_workbook(workbook).worksheets if s["A1"].value == RATINGS_LABEL]
    assert [s["B1"].value for s in sheets] == ["BIL2", "KNW1"]
    refused = citydip(
        "questionnaire", panel, "--scores", "--indicators", "NET1", "--out", tmp_path / "x.xlsx"
    )
    refused.expect_error("NET1 has data for 10 of 10 candidates")
    assert not (tmp_path / "x.xlsx").exists()
    usage = citydip("questionnaire", panel, "--indicators", "KNW1", "--out", tmp_path / "y.xlsx")
    usage.expect_error("--scores")


def test_a_rating_off_the_scale_is_one_error_and_nothing_is_written(panel, citydip, tmp_path):
    workbook = tmp_path / "ratings.xlsx"
    assert citydip("questionnaire", panel, "--scores", "--out", workbook, "-e", "ana").code == 0
    fill(workbook, {("BIL2", "Dubai"): 6, ("POL4", "Doha"): 2.5})
    done = citydip("import", workbook, "--scenario", panel)
    errors = done.expect_error("not a point")
    assert len(done.errors) == 2 and errors
    assert not (panel.parent / "scores").exists()


def test_another_experts_file_is_never_replaced(panel, citydip, tmp_path):
    workbook = tmp_path / "ratings.xlsx"
    assert citydip("questionnaire", panel, "--scores", "--out", workbook, "-e", "ana").code == 0
    fill(workbook, {("BIL2", "Dubai"): 3})
    out = panel.parent / "bob.yaml"
    out.write_text(TYPED.replace("مریم", "bob"), encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    done = citydip("import", workbook, "--scenario", panel, "--out", out, "--force")
    done.expect_error("holds the scores of expert 'bob', not 'ana'")
    assert out.read_text(encoding="utf-8") == before


def test_a_workbook_of_no_known_kind_is_refused(panel, citydip, tmp_path):
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active["A1"] = "budget 2026"
    book.save(other)
    done = citydip("import", other, "--scenario", panel)
    done.expect_error("other.xlsx")
    assert not (panel.parent / "scores").exists()


def test_a_second_workbook_of_the_same_expert_keeps_the_first_ones_answers(
    panel, citydip, tmp_path
):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert citydip("questionnaire", panel, "--scores", "--out", first, "-e", "ana").code == 0
    fill(first, {("BIL2", "Dubai"): 5, ("KNW1", "Doha"): 2, ("KNW1", "Basra"): 4})
    assert citydip("import", first, "--scenario", panel).code == 0
    made = citydip(
        "questionnaire", panel, "--scores", "--indicators", "KNW1", "--out", second, "-e", "ana"
    )
    assert made.code == 0, made.stderr
    fill(second, {("KNW1", "Doha"): DONT_KNOW, ("KNW1", "Muscat"): 1})
    done = citydip("import", second, "--scenario", panel, "--force")
    assert done.code == 0, done.stderr
    assert "kept 2 other answers of the file" in done.stderr
    scenario = load_scenario(panel)
    (ana,) = scenario.expert_scores
    assert {k: dict(v) for k, v in ana.ratings.items()} == {
        "BIL2": {"Dubai": 5.0},
        "KNW1": {"Basra": 4.0, "Muscat": 1.0},
    }
    assert dict(ana.unknown) == {"KNW1": ("Doha",)}
