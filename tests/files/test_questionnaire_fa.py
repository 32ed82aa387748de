"""Persian questionnaires (issue 15): ``citydip questionnaire --lang fa`` writes right-to-left
sheets with Persian instructions, labels, prompts and item names (ids kept in their own
column); filled with Persian digits and ``نمی‌دانم`` they import through the real CLI, with
or without ``--lang fa``, into what the same answers typed in YAML give."""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import test_i18n
from cases import copy_panel
from openpyxl import load_workbook
from runner import run_citydip

from mcda_citydip import i18n
from mcda_citydip.files.judgments import load_judgments
from mcda_citydip.files.questionnaire import FIRST_ROW, RATING_FIRST_ROW, compared_nodes
from mcda_citydip.files.questionnaire.rating_read import is_dont_know
from mcda_citydip.files.scenario import load_outline, load_scenario
from mcda_citydip.files.scores import load_scores
from mcda_citydip.scales import rating_scale

ROOT = Path(__file__).resolve().parents[2]
GULF = ROOT / "scenarios" / "persian-gulf.yaml"
PANEL = ROOT / "scenarios" / "illustrative" / "panel"
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
ENV.pop(i18n.ENV_VAR, None)
PERSIAN = re.compile("[\u0600-\u06ff]")
DONT_KNOW_FA = "نمی\u200cدانم"


def citydip(*args: object) -> subprocess.CompletedProcess[str]:
    done = run_citydip(args, env=ENV)  # the real entry point, in process
    assert done.returncode == 0, done.stderr
    return done


def texts(sheet: Any) -> str:
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


# ---------------------------------------------------------------- pairwise judgments

#: What the expert types, spanning pairs (the first item against each other) of each node:
#: Persian digits as text, a fraction typed as text, a number, Latin text.
TYPED_VALUES = ("۳", "۱/۳", 5, "1/2", "'1/4", "2")
LATIN_VALUES = ("3", "1/3", "5", "1/2", "1/4", "2")


@pytest.fixture(scope="module")
def persian_judgments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workbook = tmp_path_factory.mktemp("fa") / "پرسشنامه.xlsx"
    citydip("questionnaire", GULF, "--lang", "fa", "--out", workbook, "--expert", "مریم")
    return workbook


def test_every_sheet_is_right_to_left_with_persian_instructions(persian_judgments: Path) -> None:
    book = load_workbook(persian_judgments)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    instructions = book.worksheets[0]
    assert instructions.title == "راهنما"
    assert instructions["A1"].value == "پرسشنامهٔ citydip: مقایسه‌های زوجی"
    shown = texts(instructions)
    assert "مقیاس ساعتی" in shown and "اهمیت یکسان" in shown
    assert "رقم‌های لاتین" in shown  # the values of the list stay 3, 1/3
    assert instructions["A5"].value == "نام کارشناس" and instructions["B5"].value == "مریم"


def test_node_sheets_show_persian_names_and_keep_the_ids(persian_judgments: Path) -> None:
    hierarchy = load_outline(GULF).hierarchy
    book = load_workbook(persian_judgments)
    for node in compared_nodes(hierarchy):
        sheet = book[node]
        assert (sheet["A1"].value, sheet["B1"].value) == ("شناسهٔ گره", node)
        assert sheet.cell(FIRST_ROW - 1, 3).value == "قضاوت"
        left, right = sheet.cell(FIRST_ROW, 1).value, sheet.cell(FIRST_ROW, 4).value
        assert left in hierarchy.nodes and right in hierarchy.nodes  # ids, Latin
        assert sheet.cell(FIRST_ROW, 2).value == hierarchy.nodes[left].name_in("fa")
        assert PERSIAN.search(sheet.cell(FIRST_ROW, 2).value)
        (validation,) = sheet.data_validations.dataValidation
        assert validation.formula1.startswith('"9,8,7') and "1/9" in validation.formula1
        assert PERSIAN.search(validation.prompt) and PERSIAN.search(validation.error)
        assert len(validation.prompt) <= 255 and len(validation.error) <= 255
    goal = book["goal"]
    assert "بررسی زنده" in texts(goal) and "همهٔ زوج‌ها را پر کنید" in str(goal["L3"].value)


def fill_judgments(workbook: Path, hierarchy: Any, target: Path) -> str:
    """Type :data:`TYPED_VALUES` into the spanning pairs of each node, save as ``target``;
    return the same answers as a judgments YAML."""
    book = load_workbook(workbook)
    lines = ["format: citydip/judgments", "version: 1", "expert: مریم", "comparisons:"]
    for node in compared_nodes(hierarchy):
        sheet, n = book[node], len(hierarchy.nodes[node].children)
        lines.append(f"  {node}:")
        for k in range(n - 1):
            cell = sheet.cell(FIRST_ROW + k, 3)
            cell.value = TYPED_VALUES[k % len(TYPED_VALUES)]
            left, right = sheet.cell(FIRST_ROW + k, 1).value, sheet.cell(FIRST_ROW + k, 4).value
            lines.append(f'    - [{left}, {right}, "{LATIN_VALUES[k % len(LATIN_VALUES)]}"]')
    book.save(target)
    return "\n".join(lines) + "\n"


def pairs(judgments: Any) -> dict[str, set[tuple[str, str, float]]]:
    return {
        node: {(c.left, c.right, round(c.value, 12)) for c in found}
        for node, found in judgments.comparisons.items()
    }


@pytest.mark.parametrize("options", [(), ("--lang", "fa")], ids=["english", "persian"])
def test_a_filled_persian_questionnaire_imports_as_the_typed_yaml(
    persian_judgments: Path, tmp_path: Path, options: tuple[str, ...]
) -> None:
    hierarchy = load_outline(GULF).hierarchy
    filled = tmp_path / "filled.xlsx"
    typed = tmp_path / "typed.yaml"
    typed.write_text(fill_judgments(persian_judgments, hierarchy, filled), encoding="utf-8")
    out = tmp_path / "imported.yaml"
    citydip("import", filled, "--scenario", GULF, "--out", out, *options)
    (imported,) = load_judgments(out, hierarchy)
    (expected,) = load_judgments(typed, hierarchy)
    assert imported.expert == expected.expert == "مریم" and imported.weight == 1
    assert pairs(imported) == pairs(expected)


def test_the_english_questionnaire_is_left_to_right_and_english(tmp_path: Path) -> None:
    workbook = tmp_path / "en.xlsx"
    citydip("questionnaire", GULF, "--out", workbook)
    book = load_workbook(workbook)
    assert not any(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    assert book.worksheets[0].title == "Instructions"
    assert book["goal"]["A1"].value == "Node id"
    assert not PERSIAN.search(texts(book.worksheets[0]).replace("مریم", ""))


# ---------------------------------------------------------------- ratings


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    """The panel scenario in ``tmp_path`` with no scores yet."""
    return copy_panel(tmp_path, with_scores=False)


RATINGS = {
    ("BIL2", "Dubai"): 5,
    ("BIL2", "Doha"): "۴",
    ("BIL2", "Basra"): DONT_KNOW_FA,
    ("KNW1", "Dubai"): "3",
    ("KNW1", "Doha"): "don't know",
    ("POL4", "Muscat"): "۰",
    ("POL6", "Manama"): 7,
}
TYPED_SCORES = """\
format: citydip/scores
version: 1
expert: مریم
ratings:
  BIL2: {Dubai: 5, Doha: 4, Basra: null}
  KNW1: {Dubai: 3, Doha: null}
  POL4: {Muscat: 0}
  POL6: {Manama: 7}
"""


def fill_ratings(workbook: Path) -> None:
    book = load_workbook(workbook)
    for sheet in book.worksheets[1:]:
        header = {
            sheet.cell(RATING_FIRST_ROW - 1, c).value: c for c in range(2, sheet.max_column + 1)
        }
        for row in range(RATING_FIRST_ROW, sheet.max_row + 1):
            for (indicator, city), value in RATINGS.items():
                if sheet.cell(row, 1).value == city and indicator in header:
                    sheet.cell(row, header[indicator]).value = value
    book.save(workbook)


def test_the_persian_ratings_questionnaire(panel: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "ratings.xlsx"
    citydip("questionnaire", panel, "--scores", "--lang", "fa", "--out", workbook, "-e", "مریم")
    book = load_workbook(workbook)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    instructions = book.worksheets[0]
    assert instructions["A1"].value == "پرسشنامهٔ citydip: امتیازدهی به شهرها"
    assert "بی‌پاسخ ثبت می‌شود" in texts(instructions)
    scenario = load_scenario(panel)
    sheet = book.worksheets[1]
    assert sheet["A1"].value == "برگهٔ امتیازدهی" and sheet["B1"].value in scenario.hierarchy.nodes
    indicator = sheet.cell(RATING_FIRST_ROW - 1, 2).value
    node = scenario.hierarchy.nodes[indicator]
    assert sheet.cell(3, 2).value == node.name_in("fa") and PERSIAN.search(node.name_in("fa"))
    assert sheet.cell(RATING_FIRST_ROW - 1, 1).value == "شهر"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1.endswith(f",{DONT_KNOW_FA},don't know\"")
    assert PERSIAN.search(validation.prompt) and len(validation.prompt) <= 255
    shown = texts(sheet)
    assert "راهنمای مقیاس" in shown  # the legend, with the anchors in Persian
    i18n.set_language("fa")
    scale = rating_scale(node)
    anchors = [i18n.anchor_text(scale, point) for point in scale.points]
    assert all(a in shown for a in anchors if a) and PERSIAN.search("".join(anchors))


def test_a_filled_persian_ratings_questionnaire_imports_as_the_typed_yaml(
    panel: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "ratings.xlsx"
    citydip("questionnaire", panel, "--scores", "--lang", "fa", "--out", workbook, "-e", "مریم")
    fill_ratings(workbook)
    done = citydip("import", workbook, "--scenario", panel)
    assert "5 ratings and 2" in done.stderr
    scenario = load_scenario(panel)
    names = scenario.problem.alternatives
    typed = tmp_path / "typed.yaml"
    typed.write_text(TYPED_SCORES, encoding="utf-8")
    imported = load_scores(panel.parent / "scores" / "مریم.yaml", scenario.hierarchy, names)
    expected = load_scores(typed, scenario.hierarchy, names)
    assert {k: dict(v) for k, v in imported.ratings.items()} == {
        k: dict(v) for k, v in expected.ratings.items()
    }
    assert dict(imported.unknown) == dict(expected.unknown)


@pytest.mark.parametrize(
    "text", ["don't know", "Don’t know", "?", DONT_KNOW_FA, "نمیدانم", "نمی دانم", " نمی‌دانم "]
)
def test_dont_know_in_either_language(text: str) -> None:
    assert is_dont_know(text)


@pytest.mark.parametrize("text", ["3", "know", "دانم", ""])
def test_other_answers_are_not_dont_know(text: str) -> None:
    assert not is_dont_know(text)


# ---------------------------------------------------------------- nothing bypasses the catalogue

#: What writes text into a workbook: cells, labels, validations and comments.
WRITTEN = {"_put", "_label", "DataValidation", "Comment"}
COLUMNS = re.compile("[A-Z]+")  # column letters ("ABCDEFG") are no words
FORMULA = re.compile(r"[A-Z]{2,}\(|\{limit\}")  # spreadsheet functions: IF(, COUNT(, RI(
#: Latin on purpose: notation, a number format, the comment's author, an alignment, and the
#: English "don't know" that every drop-down accepts.
KEPT = {"λmax ≈", "CR ≈", "(A·v)ᵢ / vᵢ", "General", "citydip", "left", "don't know"}
QUESTIONNAIRE = (
    "files/questionnaire/write.py",
    "files/questionnaire/live.py",
    "files/questionnaire/rating_layout.py",
    "files/questionnaire/rating_write.py",
)


@pytest.mark.parametrize("module", QUESTIONNAIRE)
def test_no_text_reaches_a_workbook_without_the_catalogue(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tests/test_i18n.py's bypass check, with the calls that write a workbook as display
    calls (ids, numbers and formulas say nothing: they are not words)."""
    monkeypatch.setattr(test_i18n, "SHOWN", test_i18n.SHOWN | WRITTEN)
    monkeypatch.setattr(test_i18n, "STYLING", test_i18n.STYLING | {"type", "errorStyle"})
    tree = ast.parse((test_i18n.PACKAGE / module).read_text(encoding="utf-8"))
    found = test_i18n.Bypasses(tree).check()
    bypasses = [
        (line, text)
        for line, text in found
        if not (COLUMNS.fullmatch(text) or FORMULA.search(text) or text in KEPT)
    ]
    assert not bypasses, f"{module}: written without _(): {bypasses}"
