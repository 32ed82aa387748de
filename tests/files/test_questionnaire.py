"""XLSX questionnaires: write → fill (as an expert would) → import → the same AHP weights."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from openpyxl import load_workbook

from mcda_citydip.ahp.matrix import RECIPROCAL, VERBAL_SCALE
from mcda_citydip.ahp.weights import ahp_weights
from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import dump_judgments, parse_judgments
from mcda_citydip.files.questionnaire import (
    FIRST_ROW,
    INSTRUCTIONS,
    read_filled,
    read_questionnaire,
    write_questionnaire,
)
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.files.yamlio import load_yaml, write_atomic
from mcda_citydip.model import Comparison, Hierarchy, Judgments, Node

SCALE = {"9", "8", "7", "6", "5", "4", "3", "2", "1"} | {f"1/{k}" for k in range(2, 10)}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(default_scenario_path())


def lookup(judgments: Judgments, node: str, left: str, right: str) -> float | None:
    """The expert's value of ``left`` over ``right`` (either order in the file), or None."""
    for c in judgments.comparisons.get(node, ()):
        if (c.left, c.right) == (left, right):
            return c.value
        if (c.left, c.right) == (right, left):
            return 1 / c.value
    return None


def as_typed(value: float, kind: int) -> Any:
    """The value as an expert's spreadsheet may hold it: str, int or float (cycling)."""
    if value >= 1 and value == round(value):
        return (int(value), str(int(value)), float(value))[kind % 3]
    k = round(1 / value)
    return (f"1/{k}", value, f" 1/{k} ")[kind % 3]


def judgment_rows(sheet: Any) -> Iterator[int]:
    return iter(range(FIRST_ROW, sheet.max_row + 1))


def fill(path: Path, judgments: Judgments, out: Path) -> list[Any]:
    """Fill every judgment cell the expert has; leave the others blank. Return written values."""
    workbook = load_workbook(path)
    written: list[Any] = []
    kinds = itertools.count()
    for sheet in workbook.worksheets[1:]:
        node = sheet["B1"].value
        for row in judgment_rows(sheet):
            left, right = sheet.cell(row, 1).value, sheet.cell(row, 4).value
            value = lookup(judgments, node, left, right)
            if value is not None:
                sheet.cell(row, 3).value = as_typed(value, next(kinds))
                written.append(sheet.cell(row, 3).value)
    workbook.save(out)
    return written


def assert_same_weights(hierarchy: Hierarchy, a: Judgments, b: Judgments) -> None:
    first = ahp_weights(hierarchy, [a]).global_weights
    second = ahp_weights(hierarchy, [b]).global_weights
    assert first.keys() == second.keys()
    for leaf in first:
        assert first[leaf] == pytest.approx(second[leaf], abs=1e-12, rel=0)


@pytest.fixture()
def filled(tmp_path: Path, scenario: Scenario) -> Path:
    blank = tmp_path / "questionnaire.xlsx"
    write_questionnaire(scenario.hierarchy, blank, scenario.name)
    out = tmp_path / "filled.xlsx"
    fill(blank, scenario.experts[0], out)
    return out


def edit(path: Path, **cells: Any) -> None:
    """Set cells given as ``SHEET__C5=value`` and save in place."""
    workbook = load_workbook(path)
    for key, value in cells.items():
        sheet, cell = key.split("__")
        workbook[sheet][cell].value = value
    workbook.save(path)


def test_round_trip_gives_the_same_weights(tmp_path: Path, scenario: Scenario) -> None:
    original = scenario.experts[0]
    blank = tmp_path / "questionnaire.xlsx"
    write_questionnaire(scenario.hierarchy, blank, scenario.name)
    written = fill(blank, original, tmp_path / "filled.xlsx")
    assert {type(v) for v in written} == {str, int, float}
    assert any(isinstance(v, str) and "/" in v for v in written)
    imported = read_questionnaire(tmp_path / "filled.xlsx", scenario.hierarchy, expert="ana")
    assert (imported.expert, imported.weight) == ("ana", 1.0)
    assert imported.source == str(tmp_path / "filled.xlsx")
    for node, pairs in original.comparisons.items():
        assert len(imported.comparisons[node]) == len(pairs)  # CUL: 6 of 10, others blank
    for node, pairs in imported.comparisons.items():
        for c in pairs:
            assert math.isclose(c.value, lookup(original, node, c.left, c.right) or 0)
    first = imported.comparisons["NET"][0]
    assert first.location == f"{tmp_path / 'filled.xlsx'}, sheet 'NET', cell C5"
    assert_same_weights(scenario.hierarchy, imported, original)


def test_imported_judgments_survive_a_judgments_file(filled: Path, scenario: Scenario) -> None:
    imported = read_questionnaire(filled, scenario.hierarchy, expert="ana")
    file = filled.parent / "ana.yaml"
    write_atomic(file, dump_judgments(imported))
    reread = parse_judgments(load_yaml(file), scenario.hierarchy)
    assert reread.expert == "ana"
    assert_same_weights(scenario.hierarchy, reread, scenario.experts[0])


def test_blank_questionnaire_reads_as_no_judgments(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "q.xlsx"
    write_questionnaire(scenario.hierarchy, path, expert="ben")
    judgments = read_questionnaire(path, scenario.hierarchy)
    assert judgments.expert == "ben"
    assert dict(judgments.comparisons) == {}


def test_every_bad_cell_is_reported_with_sheet_cell_and_value(
    filled: Path, scenario: Scenario
) -> None:
    edit(
        filled,
        goal__C5="abc",
        NET__C6=0,
        BIL__C7=10,
        KNW__C5=-3,
        ECO__C8=dt.datetime(2024, 1, 3),
        ECO__C9="1/10",
    )
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy, expert="ana")
    messages = raised.value.messages
    assert len(messages) == 6
    expected = [
        ("sheet 'goal', cell C5", "'abc' is not a number or a fraction"),
        ("sheet 'NET', cell C6", "0 is not a positive number"),
        ("sheet 'BIL', cell C7", "10 is outside Saaty's scale"),
        ("sheet 'KNW', cell C5", "-3 is not a positive number"),
        ("sheet 'ECO', cell C8", "2024-01-03 00:00:00"),
        ("sheet 'ECO', cell C9", "'1/10' is outside Saaty's scale"),
    ]
    for (where, what), message in zip(expected, messages, strict=True):
        assert message.startswith(f"{filled}, {where}: ")
        assert what in message
    assert all("1/9 to 9" in m for m in messages[:4])
    assert "type the value as text, e.g. '1/3" in messages[4]


def test_text_with_a_leading_apostrophe_is_read(filled: Path, scenario: Scenario) -> None:
    edit(filled, NET__C5="'1/4")
    imported = read_questionnaire(filled, scenario.hierarchy, expert="ana")
    c = imported.comparisons["NET"][0]
    assert (c.left, c.right, c.value) == ("NET1", "NET2", 0.25)


def test_judgment_cells_are_text_with_saaty_list_validation(
    tmp_path: Path, scenario: Scenario
) -> None:
    path = tmp_path / "q.xlsx"
    write_questionnaire(scenario.hierarchy, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [INSTRUCTIONS, "goal", "NET", "BIL", "KNW", "ECO", "CUL", "POL"]
    for sheet in workbook.worksheets[1:]:
        children = scenario.hierarchy.nodes[sheet["B1"].value].children
        last = FIRST_ROW + len(children) * (len(children) - 1) // 2 - 1
        assert sheet.max_row == last
        (validation,) = sheet.data_validations.dataValidation
        assert validation.type == "list"
        assert set(validation.formula1.strip('"').split(",")) == SCALE
        assert len(validation.formula1.strip('"').split(",")) == 17
        assert validation.showErrorMessage and validation.error
        assert validation.showInputMessage and validation.prompt
        assert str(validation.sqref) == f"C{FIRST_ROW}:C{last}"
        assert all(sheet.cell(r, 3).number_format == "@" for r in range(FIRST_ROW, last + 1))
        assert [c.value for c in sheet[4]][:4] == ["left id", "left name", "judgment", "right id"]
        assert sheet["A4"].font.bold
        assert sheet.freeze_panes == f"A{FIRST_ROW}"


def test_spanning_pairs_come_first(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "q.xlsx"
    write_questionnaire(scenario.hierarchy, path)
    sheet = load_workbook(path)["NET"]
    rows = [(sheet.cell(r, 1).value, sheet.cell(r, 4).value) for r in judgment_rows(sheet)]
    assert rows[:4] == [("NET1", "NET2"), ("NET1", "NET3"), ("NET1", "NET4"), ("NET1", "NET5")]
    assert len(rows) == len(set(rows)) == 10


def test_instructions_explain_the_scale_and_hold_the_expert(
    tmp_path: Path, scenario: Scenario
) -> None:
    path = tmp_path / "q.xlsx"
    write_questionnaire(scenario.hierarchy, path, scenario.name, expert="ana")
    sheet = load_workbook(path)[INSTRUCTIONS]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for phrase in (scenario.name, scenario.hierarchy.goal.name, "LEFT", "RIGHT", "blank"):
        assert phrase in text
    for _value, meaning in VERBAL_SCALE:  # the one wording, as the terminal session's
        assert meaning in text
    assert RECIPROCAL in text
    assert (sheet["A5"].value, sheet["B5"].value) == ("Expert name", "ana")
    assert (sheet["A6"].value, sheet["B6"].value) == ("Expert weight", 1)
    column = [cell.value for cell in sheet["A"]]
    heading = column.index("Sheet")  # the sheets are listed under it, the goal's first
    assert column[heading + 1 : heading + 3] == ["goal", "NET"]
    assert sheet[f"A{heading + 3}"].hyperlink.location == "'NET'!A1"


def test_expert_name_and_weight_come_from_the_instructions_sheet(
    filled: Path, scenario: Scenario
) -> None:
    edit(filled, Instructions__B5="  carla ", Instructions__B6="2.5")
    imported = read_questionnaire(filled, scenario.hierarchy)
    assert (imported.expert, imported.weight) == ("carla", 2.5)
    assert read_questionnaire(filled, scenario.hierarchy, expert="dan").expert == "dan"


def test_missing_expert_name_and_bad_weight(filled: Path, scenario: Scenario) -> None:
    edit(filled, Instructions__B6="heavy")
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy)
    name, weight = raised.value.messages
    assert name.startswith(f"{filled}, sheet 'Instructions', cell B5: no expert name")
    assert "--expert" in name
    assert weight.startswith(f"{filled}, sheet 'Instructions', cell B6: expert weight 'heavy'")


def test_a_missing_sheet_is_named(filled: Path, scenario: Scenario) -> None:
    workbook = load_workbook(filled)
    del workbook["NET"]
    workbook.save(filled)
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy, expert="ana")
    (message,) = raised.value.messages
    assert message.startswith(f"{filled}: no sheet for node 'NET'")
    assert "questionnaire made for this hierarchy" in message


def test_foreign_sheets_nodes_and_ids_are_reported(filled: Path, scenario: Scenario) -> None:
    workbook = load_workbook(filled)
    workbook.create_sheet("Notes")["A1"] = "my notes"
    workbook["BIL"]["A6"] = "NET1"
    workbook["KNW"]["D7"] = "KNW9"
    copy = workbook.copy_worksheet(workbook["ECO"])
    copy.title = "ECO again"
    workbook["POL"]["B1"] = "XYZ"
    workbook.save(filled)
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy, expert="ana")
    messages = raised.value.messages
    assert len(messages) == 6
    joined = "\n".join(messages)
    assert "sheet 'BIL', cell A6: 'NET1' is not an item of node 'BIL'" in joined
    assert "sheet 'KNW', cell D7: 'KNW9' is not an item of node 'KNW'" in joined
    assert "sheet 'POL', cell B1: 'XYZ' is not a node compared in" in joined
    assert "sheet 'Notes': not a sheet of the questionnaire" in joined
    assert "sheet 'ECO again', cell B1: node 'ECO' already has sheet 'ECO'" in joined
    assert "no sheet for node 'POL'" in joined


@pytest.mark.parametrize("content", [b"id,NET1\nA1,3\n", b"PK\x03\x04 not really a zip"])
def test_not_an_xlsx_file(tmp_path: Path, scenario: Scenario, content: bytes) -> None:
    path = tmp_path / "answers.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_questionnaire(path, scenario.hierarchy, expert="ana")
    (message,) = raised.value.messages
    assert message.startswith(f"{path}: not a readable XLSX workbook")
    assert "(.xlsx)" in message


def test_missing_file(tmp_path: Path, scenario: Scenario) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_questionnaire(tmp_path / "nowhere.xlsx", scenario.hierarchy, expert="ana")


def test_write_replaces_atomically_and_reports_bad_folders(
    tmp_path: Path, scenario: Scenario
) -> None:
    path = tmp_path / "q.xlsx"
    path.write_text("old")
    write_questionnaire(scenario.hierarchy, path)
    assert load_workbook(path).sheetnames[0] == INSTRUCTIONS
    assert [p.name for p in tmp_path.iterdir()] == ["q.xlsx"]
    with pytest.raises(InputError, match="cannot write there"):
        write_questionnaire(scenario.hierarchy, tmp_path / "missing" / "q.xlsx")


LONG = "Long/dimension:with*forbidden?characters[and]more-than-31"
TWINS = ("T" * 33 + "1", "T" * 33 + "2")  # the same first 31 characters


def odd_hierarchy() -> Hierarchy:
    """Ids too long for sheet titles, ids sharing 31 characters, and a node with one child."""
    nodes = {
        "goal": Node("goal", "Goal", children=(LONG, *TWINS, "ONE")),
        LONG: Node(LONG, "Long", children=("L1", "L2", "L3")),
        TWINS[0]: Node(TWINS[0], "Twin 1", children=("L4", "L5")),
        TWINS[1]: Node(TWINS[1], "Twin 2", children=("L6", "=L7")),
        "ONE": Node("ONE", "Only child", children=("L8",)),
    }
    for leaf in ("L1", "L2", "L3", "L4", "L5", "L6", "=L7", "L8"):
        nodes[leaf] = Node(leaf, f"Leaf {leaf}", direction="benefit")
    return Hierarchy("odd.yaml", MappingProxyType(nodes))


def test_sheet_titles_are_valid_and_reading_uses_the_recorded_node(tmp_path: Path) -> None:
    hierarchy = odd_hierarchy()
    path = tmp_path / "q.xlsx"
    write_questionnaire(hierarchy, path, expert="eve")
    workbook = load_workbook(path)
    titles = workbook.sheetnames
    assert len(titles) == 5  # Instructions, goal, LONG and the twins; ONE has one child
    assert all(len(t) <= 31 and not set(t) & set("\\/?*[]:") for t in titles)
    assert len({t.lower() for t in titles}) == 5
    assert [s["B1"].value for s in workbook.worksheets[1:]] == ["goal", LONG, *TWINS]
    twin = workbook.worksheets[4]
    assert twin["D5"].value == "=L7"
    assert twin["D5"].data_type == "s"  # an id starting with '=' is not a formula
    answers: dict[str, list[Any]] = {
        "goal": ["3", 2, "1/2", 4, "1/5", 1],
        LONG: [2, 4, 2],
        TWINS[0]: [7],
        TWINS[1]: ["1/7"],
    }
    for number, sheet in enumerate(workbook.worksheets[1:]):
        for row, answer in enumerate(answers[sheet["B1"].value], start=FIRST_ROW):
            sheet.cell(row, 3).value = answer
        sheet.title = f"renamed {number}"
    workbook.save(path)
    imported = read_questionnaire(path, hierarchy)
    goal_pairs = itertools.combinations(hierarchy.nodes["goal"].children, 2)
    values = [3, 2, 0.5, 4, 0.2, 1]
    expected: dict[str, list[tuple[str, str, float]]] = {
        "goal": [(a, b, v) for (a, b), v in zip(goal_pairs, values, strict=True)],
        LONG: [("L1", "L2", 2), ("L1", "L3", 4), ("L2", "L3", 2)],
        TWINS[0]: [("L4", "L5", 7)],
        TWINS[1]: [("L6", "=L7", 1 / 7)],
    }
    got = {n: [(c.left, c.right, c.value) for c in cs] for n, cs in imported.comparisons.items()}
    assert got == expected
    direct = Judgments(
        "eve",
        1.0,
        {n: tuple(Comparison(a, b, v) for a, b, v in pairs) for n, pairs in expected.items()},
    )
    assert_same_weights(hierarchy, imported, direct)


def test_without_instructions_sheet_the_name_must_be_given(
    filled: Path, scenario: Scenario
) -> None:
    workbook = load_workbook(filled)
    del workbook[INSTRUCTIONS]
    workbook.save(filled)
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy)
    (message,) = raised.value.messages
    assert message.startswith(f"{filled}: no expert name")
    assert "--expert NAME" in message
    imported = read_questionnaire(filled, scenario.hierarchy, expert="ana")
    assert (imported.expert, imported.weight) == ("ana", 1.0)


def test_only_the_answers_and_the_name_can_be_edited(tmp_path: Path, scenario: Scenario) -> None:
    """Every sheet is protected (no password); the judgment cells and the expert's name are
    the only unlocked cells, so ids, node ids and the expert's weight stay as written."""
    path = tmp_path / "q.xlsx"
    write_questionnaire(scenario.hierarchy, path)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet and not sheet.protection.password
        unlocked = {
            c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked
        }
        if sheet.title == INSTRUCTIONS:
            assert unlocked == {"B5"}
            assert sheet["B6"].value == 1 and sheet["B6"].protection.locked
            continue
        last = sheet.max_row
        assert unlocked == {f"C{row}" for row in range(FIRST_ROW, last + 1)}
        assert all(sheet[f"{col}{FIRST_ROW}"].protection.locked for col in "ABDEFG")
        assert sheet["B1"].protection.locked


def with_saved_value(path: Path, formula: str, value: str) -> None:
    """Give the formula ``<f>formula</f>`` a saved result, as a spreadsheet program would."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    old = f"<f>{formula}</f><v />".encode()
    changed = [name for name, data in parts.items() if old in data]
    assert len(changed) == 1
    parts[changed[0]] = parts[changed[0]].replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_formula_counts_as_its_saved_value_and_never_as_blank(
    filled: Path, scenario: Scenario
) -> None:
    edit(filled, NET__C6="=1/3", BIL__C7="=2*2")
    with pytest.raises(InputError) as raised:
        read_questionnaire(filled, scenario.hierarchy, expert="ana")
    net, bil = raised.value.messages
    assert net.startswith(f"{filled}, sheet 'NET', cell C6: the formula '=1/3' has no saved value")
    assert bil.startswith(f"{filled}, sheet 'BIL', cell C7: the formula '=2*2' has no saved value")
    assert "type the judgment itself" in net
    with_saved_value(filled, "1/3", "0.333333333333333")
    with_saved_value(filled, "2*2", "4")
    imported = read_questionnaire(filled, scenario.hierarchy, expert="ana")
    assert lookup(imported, "NET", "NET1", "NET3") == pytest.approx(1 / 3, rel=1e-14)
    assert lookup(imported, "BIL", "BIL1", "BIL4") == 4


def test_read_filled_names_the_sheet_of_each_node(filled: Path, scenario: Scenario) -> None:
    workbook = load_workbook(filled)
    workbook["NET"].title = "Networks"
    workbook.save(filled)
    result = read_filled(filled, scenario.hierarchy, expert="ana")
    assert list(result.sheets) == ["goal", "NET", "BIL", "KNW", "ECO", "CUL", "POL"]
    assert result.sheets["NET"] == "Networks" and result.sheets["goal"] == "goal"
    assert result.judgments.comparisons["NET"][0].location.endswith("sheet 'Networks', cell C5")


def test_formulas_are_only_the_live_check_and_never_hold_user_text(tmp_path: Path) -> None:
    """Ids and names that look like formulas stay text everywhere, the live check's matrix
    headers included; the only formulas are the check's own, right of column H."""
    leaves = ("=L1", "+L2", "@L3")
    nodes = {"goal": Node("goal", "=Goal()", children=("D1", "-D2"))}
    nodes["D1"] = Node("D1", '=HYPERLINK("http://x","y")', children=leaves)
    nodes["-D2"] = Node("-D2", "-minus", children=("L4", "L5"))
    for leaf in (*leaves, "L4", "L5"):
        nodes[leaf] = Node(leaf, f"@{leaf}", direction="benefit", description=f"={leaf}*2")
    path = tmp_path / "q.xlsx"
    write_questionnaire(Hierarchy("q", MappingProxyType(nodes)), path, "=1+2", "@SUM(1)")
    workbook = load_workbook(path)
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    formulas = [c for c in cells if c.data_type == "f"]
    assert formulas and all(c.column > 8 and c.parent.title == "D1" for c in formulas)
    user_text = {*leaves, "-D2", "=Goal()", "-minus", "=1+2", "@SUM(1)"}
    assert not [c.value for c in formulas if any(text in c.value for text in user_text)]
    typed = {c.value: c.data_type for c in cells if c.value in user_text}
    assert set(typed) == user_text and set(typed.values()) == {"s"}
    headers = [c.value for c in workbook["D1"][4] if c.column > 11][:3]
    assert headers == list(leaves)
