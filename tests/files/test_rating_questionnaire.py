"""XLSX ratings questionnaires: write → fill (as an expert would) → read → the same scores
as a typed scores file."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.questionnaire import (
    DONT_KNOW,
    INSTRUCTIONS,
    RATING_FIRST_ROW,
    RATINGS_LABEL,
    RATINGS_TITLE,
    read_rating_workbook,
    workbook_kind,
    write_questionnaire,
    write_rating_questionnaire,
)
from mcda_citydip.files.scores import load_scores
from mcda_citydip.model import ExpertScores, Hierarchy, Node, RatingScale
from mcda_citydip.scales import rating_scale

CRITERIA = Path(__file__).resolve().parents[2] / "criteria" / "city-diplomacy.yaml"
BANDAR = "بندر\u200cعباس"
CITIES = ("Dubai", "Doha", BANDAR, "Muscat")
INDICATORS = ("NET1", "BIL2", "KNW1", "POL4", "POL6")  # NET1: no declared scale (1–5)
HEADER_ROW = RATING_FIRST_ROW - 1

#: What the expert types, per (indicator, city); absent = left blank.
ANSWERS: dict[tuple[str, str], Any] = {
    ("NET1", "Dubai"): 4,
    ("NET1", "Doha"): "2",
    ("NET1", BANDAR): 3.0,
    ("BIL2", "Dubai"): 5,
    ("BIL2", BANDAR): "Don't Know",
    ("KNW1", "Doha"): 1,
    ("KNW1", "Muscat"): "?",
    ("POL4", "Dubai"): 0,
    ("POL4", "Doha"): 4,
    ("POL4", BANDAR): DONT_KNOW,
    ("POL4", "Muscat"): 2.0,
    ("POL6", "Dubai"): 10,
    ("POL6", BANDAR): 7,
}

#: The same answers typed by hand as a scores file.
SCORES_YAML = f"""\
format: citydip/scores
version: 1
expert: ana
ratings:
  NET1: {{Dubai: 4, Doha: 2, "{BANDAR}": 3}}
  BIL2: {{Dubai: 5, "{BANDAR}": null}}
  KNW1: {{Doha: 1, Muscat: null}}
  POL4: {{Dubai: 0, Doha: 4, "{BANDAR}": null, Muscat: 2}}
  POL6: {{Dubai: 10, "{BANDAR}": 7}}
"""


@pytest.fixture(scope="module")
def hierarchy() -> Hierarchy:
    return load_criteria(CRITERIA)


def input_cells(workbook: Any) -> dict[tuple[str, str], Any]:
    """Every input cell of the rating sheets by (indicator, city), found as an expert would:
    indicator ids in the header row, cities in column A down to the legend."""
    cells = {}
    for sheet in workbook.worksheets:
        if sheet["A1"].value != RATINGS_LABEL:
            continue
        indicators = {c.column: c.value for c in sheet[HEADER_ROW][1:] if c.value}
        row = RATING_FIRST_ROW
        while sheet.cell(row, 1).value:
            for column, indicator in indicators.items():
                cells[indicator, sheet.cell(row, 1).value] = sheet.cell(row, column)
            row += 1
    return cells


def fill(path: Path, answers: dict[tuple[str, str], Any], out: Path | None = None) -> None:
    workbook = load_workbook(path)
    cells = input_cells(workbook)
    for key, value in answers.items():
        cells[key].value = value
    workbook.save(out or path)


def same_scores(got: ExpertScores, expected: ExpertScores) -> None:
    assert {k: dict(v) for k, v in got.ratings.items()} == {
        k: dict(v) for k, v in expected.ratings.items()
    }
    assert dict(got.unknown) == dict(expected.unknown)
    assert (got.expert, got.comparisons, got.illustrative) == (expected.expert, {}, False)


@pytest.fixture()
def filled(tmp_path: Path, hierarchy: Hierarchy) -> Path:
    path = tmp_path / "ratings.xlsx"
    write_rating_questionnaire(
        path, hierarchy, CITIES, INDICATORS, scenario_name="Gulf", expert="ana"
    )
    fill(path, ANSWERS)
    return path


@pytest.mark.parametrize("by", ["dimension", "indicator"])
def test_round_trip_gives_the_typed_scores_file(
    tmp_path: Path, hierarchy: Hierarchy, by: Literal["dimension", "indicator"]
) -> None:
    path = tmp_path / "ratings.xlsx"
    write_rating_questionnaire(
        path, hierarchy, CITIES, INDICATORS, scenario_name="Gulf", expert="ana", by=by
    )
    fill(path, ANSWERS)
    typed = tmp_path / "ana.yaml"
    typed.write_text(SCORES_YAML, encoding="utf-8")
    expected = load_scores(typed, hierarchy, CITIES)
    got = read_rating_workbook(path, hierarchy, CITIES)
    same_scores(got, expected)
    assert got.source == str(path)
    assert list(got.ratings) == ["NET1", "BIL2", "KNW1", "POL4", "POL6"]
    assert all(type(v) is float for cells in got.ratings.values() for v in cells.values())


def test_the_written_workbook(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "ratings.xlsx"
    write_rating_questionnaire(path, hierarchy, CITIES, INDICATORS, scenario_name="Gulf")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [INSTRUCTIONS, "NET", "BIL", "KNW", "POL"]
    assert workbook[INSTRUCTIONS]["A1"].value == RATINGS_TITLE
    cells = input_cells(workbook)
    assert set(cells) == {(i, c) for i in INDICATORS for c in CITIES}
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet and not sheet.protection.password
        unlocked = {
            c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked
        }
        if sheet.title == INSTRUCTIONS:
            assert unlocked == {"B5"}
            continue
        assert sheet["B1"].value == sheet.title  # the dimension id, read back from B1
        assert unlocked == {c.coordinate for c in cells.values() if c.parent is sheet}
        assert sheet.freeze_panes == f"B{RATING_FIRST_ROW}"
        assert [sheet.cell(RATING_FIRST_ROW + k, 1).value for k in range(4)] == list(CITIES)
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
        for column, indicator in ((c.column, c.value) for c in sheet[HEADER_ROW][1:] if c.value):
            scale = rating_scale(hierarchy.nodes[indicator])
            points = ",".join(str(p) for p in scale.points)
            (validation,) = [
                v
                for v in sheet.data_validations.dataValidation
                if str(v.sqref).startswith(
                    f"{sheet.cell(RATING_FIRST_ROW, column).column_letter}{RATING_FIRST_ROW}:"
                )
            ]
            assert validation.type == "list"
            assert validation.formula1 == f'"{points},{DONT_KNOW}"'
            assert all(a.strip() in texts for a in scale.anchors.values() if a.strip())
    assert workbook["POL"].cell(HEADER_ROW, 2).value == "POL4"
    assert cells["POL6", BANDAR].value is None and cells["POL6", BANDAR].parent.title == "POL"


def test_prompts_fit_excel_limits_for_every_shipped_indicator(
    tmp_path: Path, hierarchy: Hierarchy
) -> None:
    path = tmp_path / "all.xlsx"
    write_rating_questionnaire(path, hierarchy, CITIES, hierarchy.leaves, scenario_name="All")
    workbook = load_workbook(path)
    validations = [v for s in workbook.worksheets[1:] for v in s.data_validations.dataValidation]
    assert len(validations) == len(hierarchy.leaves) == 32
    for validation in validations:
        assert len(validation.prompt) <= 255 and len(validation.promptTitle) <= 32
        assert len(validation.error) <= 255 and len(validation.formula1) <= 255
    pol6 = next(v for v in validations if v.promptTitle.startswith("POL6"))
    assert pol6.prompt.startswith("0 = no external barrier; 2 = minor barriers")


def test_by_indicator_and_illustrative(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "ratings.xlsx"
    write_rating_questionnaire(
        path,
        hierarchy,
        CITIES,
        ("POL6", "NET1"),
        scenario_name="Gulf",
        expert="ana",
        by="indicator",
        illustrative=True,
    )
    workbook = load_workbook(path)
    assert [s["B1"].value for s in workbook.worksheets[1:]] == ["NET1", "POL6"]
    fill(path, {("POL6", "Doha"): 3})
    scores = read_rating_workbook(path, hierarchy, CITIES)
    assert scores.illustrative and dict(scores.ratings["POL6"]) == {"Doha": 3.0}


def test_writer_rejects_bad_arguments(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "r.xlsx"
    with pytest.raises(InputError) as raised:
        write_rating_questionnaire(
            path, hierarchy, ("A", "A", "B\x1b"), ("NET", "NET1"), scenario_name="x"
        )
    assert len(raised.value.messages) == 3
    assert "'NET' is not an indicator" in raised.value.messages[0]
    assert not path.exists()


def edit(path: Path, sheet: str, **cells: Any) -> None:
    workbook = load_workbook(path)
    for coordinate, value in cells.items():
        workbook[sheet][coordinate] = value
    workbook.save(path)


def drop_rating_sheets(path: Path) -> None:
    workbook = load_workbook(path)
    for sheet in workbook.worksheets[1:]:
        workbook.remove(sheet)
    workbook.save(path)


def add_sheet(path: Path) -> None:
    workbook = load_workbook(path)
    workbook.create_sheet("Notes")["A1"] = "my notes"
    workbook.save(path)


# The NET sheet: B6 = NET1, cities in A7:A10 (Dubai, Doha, Bandar Abbas, Muscat).
BAD: list[tuple[str, Callable[[Path], None], str]] = [
    ("7 on 1–5", lambda p: edit(p, "NET", B8=7), "sheet 'NET', cell B8: 7 is not a point"),
    ("2.5", lambda p: edit(p, "POL", C7=2.5), "sheet 'POL', cell C7: 2.5 is not a point"),
    ("text", lambda p: edit(p, "NET", B9="maybe"), "cell B9: 'maybe' is not a rating"),
    ("date", lambda p: edit(p, "NET", B9=dt.date(2024, 1, 3)), "cell B9: '2024-01-03"),
    ("formula", lambda p: edit(p, "KNW", B7="=2+1"), "cell B7: the formula '=2+1' has no saved"),
    ("city", lambda p: edit(p, "BIL", A8="Paris"), "cell A8: 'Paris' is not a city"),
    ("indicator", lambda p: edit(p, "NET", B6="NET"), "cell B6: 'NET' is not an indicator"),
    ("same city", lambda p: edit(p, "NET", A8="Dubai"), "cell A8: city 'Dubai' is listed again"),
    ("twice", lambda p: edit(p, "BIL", B6="NET1"), "sheet 'BIL', cell B6: indicator 'NET1' "),
    ("foreign", add_sheet, "sheet 'Notes': not a sheet of the ratings questionnaire"),
    ("no sheet", drop_rating_sheets, ": this is not a ratings questionnaire"),
    ("no name", lambda p: edit(p, INSTRUCTIONS, B5=None), "cell B5: no expert name"),
    ("bad name", lambda p: edit(p, INSTRUCTIONS, B5="a\u202eb"), "name 'a\\u202eb' contains"),
    ("moved", lambda p: edit(p, "POL", A6="Town"), "cell A6: expected 'City'"),
    ("sheet node", lambda p: edit(p, "POL", B1="XYZ"), "cell B1: 'XYZ' is not a dimension"),
]


@pytest.mark.parametrize(("change", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_every_bad_input_gives_one_located_message(
    filled: Path, hierarchy: Hierarchy, change: Callable[[Path], None], expected: str
) -> None:
    change(filled)
    with pytest.raises(InputError) as raised:
        read_rating_workbook(filled, hierarchy, CITIES)
    (message,) = raised.value.messages
    assert message.startswith(f"{filled}")
    assert expected in message
    assert "; " in message  # what is wrong; how to fix it


def test_an_expert_argument_overrides_the_sheet(filled: Path, hierarchy: Hierarchy) -> None:
    edit(filled, INSTRUCTIONS, B5=None)
    assert read_rating_workbook(filled, hierarchy, CITIES, expert="bob").expert == "bob"


def test_workbook_kind(tmp_path: Path, hierarchy: Hierarchy, filled: Path) -> None:
    judgments = tmp_path / "judgments.xlsx"
    write_questionnaire(hierarchy, judgments)
    other = tmp_path / "other.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "city"
    workbook.save(other)
    assert workbook_kind(filled) == "ratings"
    assert workbook_kind(judgments) == "judgments"
    assert workbook_kind(other) == "unknown"
    with pytest.raises(InputError) as raised:
        read_rating_workbook(judgments, hierarchy, CITIES)
    assert "import it as judgments" in raised.value.messages[0]
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_bytes(b"id,NET1\nA,3\n")
    for call in (
        lambda: workbook_kind(not_xlsx),
        lambda: read_rating_workbook(not_xlsx, hierarchy, CITIES),
    ):
        with pytest.raises(InputError, match="not a readable XLSX workbook"):
            call()


def small_hierarchy() -> Hierarchy:
    """Two dimensions; a declared 0–4 scale, the default 1–5 and a scale of points 1, 3, 5."""
    odd = RatingScale(MappingProxyType({1: "low", 3: "", 5: "high"}))
    zero_to_four = RatingScale(MappingProxyType({p: f"level {p}" for p in range(5)}))
    nodes = {
        "goal": Node("goal", "Goal", children=("D1", "D2")),
        "D1": Node("D1", "One", children=("L1", "L2")),
        "D2": Node("D2", "Two", children=("L3",)),
        "L1": Node("L1", "Zero to four", direction="benefit", scale=zero_to_four),
        "L2": Node("L2", "Default", unit="count", direction="cost"),
        "L3": Node("L3", "Odd points", direction="benefit", scale=odd),
    }
    return Hierarchy("small.yaml", MappingProxyType(nodes))


SMALL = small_hierarchy()
SMALL_CITIES = ("A", "B\u200cC", "=D")
BLANK = object()


def answer(leaf: str) -> st.SearchStrategy[Any]:
    points = rating_scale(SMALL.nodes[leaf]).points
    typed = st.sampled_from(points).flatmap(lambda p: st.sampled_from([p, float(p), str(p)]))
    return st.one_of(st.just(BLANK), st.sampled_from([DONT_KNOW, "?", "DON'T KNOW"]), typed)


FILLINGS = st.fixed_dictionaries(
    {(leaf, city): answer(leaf) for leaf in SMALL.leaves for city in SMALL_CITIES}
)


@pytest.fixture(scope="module")
def blank_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "blank.xlsx"
    write_rating_questionnaire(path, SMALL, SMALL_CITIES, SMALL.leaves, scenario_name="s")
    return path


@settings(max_examples=25, deadline=None)
@given(filling=FILLINGS)
def test_any_filling_round_trips(blank_small: Path, filling: dict[tuple[str, str], Any]) -> None:
    answers = {k: v for k, v in filling.items() if v is not BLANK}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "filled.xlsx"
        fill(blank_small, answers, path)
        got = read_rating_workbook(path, SMALL, SMALL_CITIES, expert="eve")
    unknown = {k for k, v in answers.items() if isinstance(v, str) and not v.isdigit()}
    ratings = {k: float(v) for k, v in answers.items() if k not in unknown}
    assert {(i, c): v for i, cells in got.ratings.items() for c, v in cells.items()} == ratings
    assert {(i, c) for i, cities in got.unknown.items() for c in cities} == unknown


def test_only_the_filled_table_rows_are_read(filled: Path, hierarchy: Hierarchy) -> None:
    """A stray value far below the legend costs one row and is not taken for a city."""
    edit(filled, "NET", A1048576="stray", B1048576=3)
    got = read_rating_workbook(filled, hierarchy, CITIES)
    assert dict(got.ratings["NET1"]) == {"Dubai": 4.0, "Doha": 2.0, BANDAR: 3.0}
