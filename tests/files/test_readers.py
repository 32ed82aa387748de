"""Unit tests of the file readers (``mcda_citydip.files``) and of the atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

import mcda_citydip
from mcda_citydip.errors import CitydipError, InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.data import load_alternatives
from mcda_citydip.files.judgments import load_judgments
from mcda_citydip.files.scenario import default_scenario_path, load_scenario
from mcda_citydip.files.yamlio import write_atomic

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(mcda_citydip.__file__).resolve().parent

CRITERIA = """\
# a comment before the header
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    name: Economy
    children:
      - id: GDP
        name: Output per resident
        unit: USD
        direction: benefit
        provenance: [S]
        labels: {fa: tolid}
      - id: DIST
        direction: cost   # less is better
  - id: SOC
    name: Society
    children:
      - id: EDU
        direction: benefit
      - id: RISK
        direction: cost
      - id: HEAL
        direction: benefit
"""
LEAVES = ("GDP", "DIST", "EDU", "RISK", "HEAL")

CITIES = """\
# Test data, not measurements.
# A second comment line.

city,GDP,DIST,EDU,RISK,HEAL
Alpha,10,500,3,2,4
Beta,8.5,200,4,1,2
Gamma,6,700,2,3.25,5
"""
MATRIX = [[10, 500, 3, 2, 4], [8.5, 200, 4, 1, 2], [6, 700, 2, 3.25, 5]]

JUDGMENTS = """\
format: citydip/judgments
version: 1
expert: alice
weight: 2
comparisons:
  goal:
    - [ECO, SOC, 3]
  ECO:
    - [DIST, GDP, "1/3"]     # a fraction as a string
  SOC:
    - [EDU, RISK, 2]
    - [HEAL, EDU, " 1 / 4 "]
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Reader test
criteria: criteria.yaml
alternatives: cities.csv
judgments: judgments/
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def scenario_folder(folder: Path, scenario: str = SCENARIO) -> Path:
    write(folder, "criteria.yaml", CRITERIA)
    write(folder, "cities.csv", CITIES)
    write(folder, "judgments/alice.yaml", JUDGMENTS)
    return write(folder, "scenario.yaml", scenario)


def pairs(expert, node: str) -> dict[tuple[str, str], float]:
    return {(c.left, c.right): c.value for c in expert.comparisons[node]}


def messages(exc: pytest.ExceptionInfo[CitydipError]) -> str:
    return "\n".join(exc.value.messages)


# ---------------------------------------------------------------- criteria


def test_load_criteria(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    assert hierarchy.goal.name == "Test goal"
    assert hierarchy.goal.children == ("ECO", "SOC")
    assert hierarchy.leaves == LEAVES
    assert hierarchy.inner == ("goal", "ECO", "SOC")
    assert hierarchy.directions() == ("benefit", "cost", "benefit", "cost", "benefit")
    gdp = hierarchy.nodes["GDP"]
    assert (gdp.name, gdp.unit, gdp.provenance, dict(gdp.labels)) == (
        "Output per resident",
        "USD",
        ("S",),
        {"fa": "tolid"},
    )
    assert hierarchy.nodes["DIST"].name == "DIST"  # no name: the id
    assert hierarchy.nodes["ECO"].direction is None
    assert hierarchy.parent("RISK") == "SOC"
    assert hierarchy.path("RISK") == ("goal", "SOC", "RISK")
    assert hierarchy.source.endswith("criteria.yaml")


def test_flat_list_of_leaves_is_a_one_level_hierarchy(tmp_path: Path) -> None:
    flat = """\
format: citydip/criteria
version: 1
criteria:
  - {id: A, direction: benefit}
  - {id: B, direction: cost}
  - {id: C, direction: benefit}
"""
    hierarchy = load_criteria(write(tmp_path, "flat.yaml", flat))
    assert hierarchy.leaves == ("A", "B", "C")
    assert hierarchy.inner == ("goal",)
    assert hierarchy.goal.children == ("A", "B", "C")
    assert hierarchy.directions() == ("benefit", "cost", "benefit")


def test_flat_hierarchy_runs_in_a_scenario(tmp_path: Path) -> None:
    scenario = """\
format: citydip/scenario
version: 1
name: Flat
criteria:
  - {id: A, direction: benefit}
  - {id: B, direction: cost}
alternatives:
  X: {A: 1, B: 2}
  Y: {A: 2, B: 3}
judgments:
  - expert: bob
    comparisons:
      goal: [[A, B, 3]]
"""
    loaded = load_scenario(write(tmp_path, "flat.yaml", scenario))
    assert loaded.hierarchy.leaves == ("A", "B")
    assert loaded.hierarchy.inner == ("goal",)
    assert pairs(loaded.experts[0], "goal") == {("A", "B"): 3.0}


def test_criteria_error_names_file_line_and_id(tmp_path: Path) -> None:
    text = CRITERIA.replace("id: HEAL", "id: EDU")
    path = write(tmp_path, "criteria.yaml", text)
    with pytest.raises(InputError) as exc:
        load_criteria(path)
    lines = [i for i, row in enumerate(text.splitlines(), start=1) if row.endswith("id: EDU")]
    line = lines[-1]  # the second EDU is the duplicate
    assert any(str(path) in m and f"line {line}" in m and "EDU" in m for m in exc.value.messages), (
        messages(exc)
    )


def test_goal_is_a_reserved_id(tmp_path: Path) -> None:
    path = write(tmp_path, "criteria.yaml", CRITERIA.replace("id: RISK", "id: goal"))
    with pytest.raises(InputError) as exc:
        load_criteria(path)
    assert "goal" in messages(exc) and str(path) in messages(exc)


# ---------------------------------------------------------------- the shipped hierarchy


def test_shipped_criteria_files_are_byte_identical() -> None:
    edited = REPO / "criteria" / "city-diplomacy.yaml"
    shipped = PACKAGE / "default" / "city-diplomacy.yaml"
    assert edited.read_bytes() == shipped.read_bytes()


def test_city_diplomacy_hierarchy_has_6_dimensions_and_32_indicators() -> None:
    hierarchy = load_criteria(PACKAGE / "default" / "city-diplomacy.yaml")
    dimensions = hierarchy.goal.children
    assert dimensions == ("NET", "BIL", "KNW", "ECO", "CUL", "POL")
    assert len(hierarchy.leaves) == 32
    assert len(set(hierarchy.leaves)) == 32
    for leaf in hierarchy.leaves:
        assert hierarchy.parent(leaf) == leaf[:3], leaf
        assert hierarchy.nodes[leaf].name, leaf
    cost = {leaf for leaf in hierarchy.leaves if hierarchy.nodes[leaf].direction == "cost"}
    assert cost == {"ECO6", "POL6"}
    assert {"NET1", "BIL2", "KNW1"} <= set(hierarchy.leaves)


def test_default_scenario_loads() -> None:
    loaded = load_scenario(default_scenario_path())
    assert loaded.problem is not None
    m = len(loaded.problem.alternatives)
    assert m >= 10  # the Persian Gulf case from open data
    assert loaded.problem.matrix.shape == (m, 32)
    assert np.isfinite(loaded.problem.matrix).any(axis=0).sum() >= 5  # indicators with data
    assert "population" in loaded.problem.attributes
    assert len(loaded.experts) == 1


# ---------------------------------------------------------------- judgments


def test_load_judgments_file_with_fractions(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    (expert,) = load_judgments(write(tmp_path, "alice.yaml", JUDGMENTS), hierarchy)
    assert expert.expert == "alice"
    assert expert.weight == 2.0
    assert pairs(expert, "goal") == {("ECO", "SOC"): 3.0}
    assert pairs(expert, "ECO") == {("DIST", "GDP"): pytest.approx(1 / 3, rel=1e-12)}
    assert pairs(expert, "SOC") == {("EDU", "RISK"): 2.0, ("HEAL", "EDU"): 0.25}
    assert expert.source.endswith("alice.yaml")


def test_load_judgments_folder_one_file_per_expert(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    write(tmp_path, "judgments/b-alice.yaml", JUDGMENTS)
    bob = JUDGMENTS.replace("expert: alice", "expert: bob").replace("weight: 2\n", "")
    write(tmp_path, "judgments/a-bob.yml", bob)
    write(tmp_path, "judgments/notes.txt", "not a judgments file")
    experts = load_judgments(tmp_path / "judgments", hierarchy)
    assert [(e.expert, e.weight) for e in experts] == [("bob", 1.0), ("alice", 2.0)]


def test_judgments_default_weight_is_1(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    path = write(tmp_path, "j.yaml", JUDGMENTS.replace("weight: 2\n", ""))
    assert load_judgments(path, hierarchy)[0].weight == 1.0


def test_incomplete_judgments_are_sparse(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    path = write(tmp_path, "j.yaml", JUDGMENTS.replace('    - [HEAL, EDU, " 1 / 4 "]\n', ""))
    (expert,) = load_judgments(path, hierarchy)
    assert pairs(expert, "SOC") == {("EDU", "RISK"): 2.0}


def test_same_pair_twice_with_the_same_value_is_one_judgment(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    text = JUDGMENTS.replace('[DIST, GDP, "1/3"]', '[DIST, GDP, "1/3"]\n    - [GDP, DIST, 3]')
    (expert,) = load_judgments(write(tmp_path, "j.yaml", text), hierarchy)
    assert len(expert.comparisons["ECO"]) == 1


def test_judgments_errors_are_all_reported_with_lines(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    text = JUDGMENTS.replace("[ECO, SOC, 3]", "[ECO, SOC, 0]").replace(
        "[EDU, RISK, 2]", "[EDU, RISK, 17]"
    )
    path = write(tmp_path, "j.yaml", text)
    with pytest.raises(InputError) as exc:
        load_judgments(path, hierarchy)
    assert len(exc.value.messages) == 2, messages(exc)
    first, second = exc.value.messages
    assert str(path) in first and "line 7" in first
    assert str(path) in second and "line 11" in second


def test_duplicate_expert_names_in_a_folder(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    write(tmp_path, "judgments/one.yaml", JUDGMENTS)
    write(tmp_path, "judgments/two.yaml", JUDGMENTS)
    with pytest.raises(InputError) as exc:
        load_judgments(tmp_path / "judgments", hierarchy)
    assert "alice" in messages(exc)


# ---------------------------------------------------------------- alternatives


def test_load_csv_with_comments(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    problem = load_alternatives(write(tmp_path, "cities.csv", CITIES), hierarchy)
    assert problem.alternatives == ("Alpha", "Beta", "Gamma")
    assert problem.criteria == LEAVES
    np.testing.assert_array_equal(problem.matrix, np.array(MATRIX, dtype=float))
    assert problem.benefit.tolist() == [True, False, True, False, True]


def test_csv_columns_follow_the_hierarchy_not_the_file(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    shuffled = "city,HEAL,EDU,GDP,RISK,DIST\nAlpha,4,3,10,2,500\nBeta,2,4,8.5,1,200\n"
    problem = load_alternatives(write(tmp_path, "cities.csv", shuffled), hierarchy)
    np.testing.assert_array_equal(problem.matrix, np.array(MATRIX[:2], dtype=float))


def test_csv_error_line_counts_comment_lines(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    path = write(tmp_path, "cities.csv", CITIES.replace("Beta,8.5,", "Beta,n/a,"))
    with pytest.raises(InputError) as exc:
        load_alternatives(path, hierarchy)
    (message,) = exc.value.messages
    assert str(path) in message
    assert "line 6" in message and "GDP" in message and "n/a" in message


def test_csv_with_a_utf8_bom_and_crlf(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    body = "city,GDP,DIST,EDU,RISK,HEAL\r\nAlpha,10,500,3,2,4\r\n"
    path = tmp_path / "cities.csv"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    problem = load_alternatives(path, hierarchy)
    assert problem.alternatives == ("Alpha",)
    np.testing.assert_array_equal(problem.matrix, np.array([MATRIX[0]], dtype=float))


def _workbook(path: Path, rows: list[list[object]], title: str = "Cities") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_load_xlsx(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    rows: list[list[object]] = [["city", *LEAVES]]
    rows += [
        [name, *values] for name, values in zip(("Alpha", "Beta", "Gamma"), MATRIX, strict=True)
    ]
    rows[2][3] = "4"  # a number stored as text is still a number
    path = _workbook(tmp_path / "cities.xlsx", rows)
    problem = load_alternatives(path, hierarchy)
    assert problem.alternatives == ("Alpha", "Beta", "Gamma")
    np.testing.assert_array_equal(problem.matrix, np.array(MATRIX, dtype=float))


def test_xlsx_error_names_sheet_and_cell(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path, "criteria.yaml", CRITERIA))
    rows: list[list[object]] = [["city", *LEAVES], ["Alpha", 10, 500, "three", 2, 4]]
    path = _workbook(tmp_path / "cities.xlsx", rows, title="Data")
    with pytest.raises(InputError) as exc:
        load_alternatives(path, hierarchy)
    (message,) = exc.value.messages
    assert str(path) in message
    assert "Data" in message and "D2" in message and "three" in message


def test_inline_alternatives_and_inline_judgments(tmp_path: Path) -> None:
    scenario = SCENARIO.replace(
        "alternatives: cities.csv\njudgments: judgments/\n",
        """\
alternatives:
  Alpha: {GDP: 10, DIST: 500, EDU: 3, RISK: 2, HEAL: 4}
  Beta: {GDP: 8.5, DIST: 200, EDU: 4, RISK: 1, HEAL: 2}
judgments:
  - expert: carol
    weight: 3
    comparisons:
      goal: [[ECO, SOC, "1/2"]]
      ECO: [[GDP, DIST, 5]]
      SOC: [[EDU, RISK, 2], [EDU, HEAL, 3]]
  - expert: dave
    comparisons:
      goal: [[SOC, ECO, 2]]
      ECO: [[GDP, DIST, 4]]
      SOC: [[RISK, HEAL, 1]]
""",
    )
    loaded = load_scenario(scenario_folder(tmp_path, scenario))
    assert loaded.problem is not None
    assert loaded.problem.alternatives == ("Alpha", "Beta")
    np.testing.assert_array_equal(loaded.problem.matrix, np.array(MATRIX[:2], dtype=float))
    carol, dave = loaded.experts
    assert (carol.expert, carol.weight, dave.expert, dave.weight) == ("carol", 3.0, "dave", 1.0)
    assert pairs(carol, "goal") == {("ECO", "SOC"): 0.5}
    assert pairs(dave, "SOC") == {("RISK", "HEAL"): 1.0}


def test_inline_alternative_with_a_missing_value(tmp_path: Path) -> None:
    scenario = SCENARIO.replace(
        "alternatives: cities.csv\n",
        "alternatives:\n  Alpha: {GDP: 10, DIST: 500, EDU: 3, RISK: 2}\n",
    )
    path = scenario_folder(tmp_path, scenario)
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert any(str(path) in m and "HEAL" in m and "line 6" in m for m in exc.value.messages), (
        messages(exc)
    )


# ---------------------------------------------------------------- scenario


def test_load_scenario_from_files(tmp_path: Path) -> None:
    path = scenario_folder(tmp_path)
    loaded = load_scenario(path)
    assert loaded.name == "Reader test"
    assert loaded.source == str(path)
    assert loaded.hierarchy.leaves == LEAVES
    assert loaded.problem is not None
    np.testing.assert_array_equal(loaded.problem.matrix, np.array(MATRIX, dtype=float))
    assert [e.expert for e in loaded.experts] == ["alice"]
    assert loaded.direct_weights is None
    assert loaded.max_cr is None
    assert (loaded.ahp.priority, loaded.ahp.random_index, loaded.ahp.aggregation) == (
        "eigenvector",
        "saaty",
        "aij",
    )
    assert dict(loaded.methods) == {"topsis": {"normalization": "vector"}, "vikor": {"v": 0.5}}


def test_scenario_paths_are_relative_to_the_scenario(tmp_path: Path, monkeypatch) -> None:
    scenario_folder(tmp_path / "deep" / "folder")
    monkeypatch.chdir(tmp_path)
    assert load_scenario(Path("deep/folder/scenario.yaml")).hierarchy.leaves == LEAVES


def test_scenario_options(tmp_path: Path) -> None:
    scenario = SCENARIO.replace(
        "judgments: judgments/\n",
        "weights: {GDP: 1, DIST: 1, EDU: 2, RISK: 0, HEAL: 0}\n"
        "ahp: {priority: geometric-mean, random_index: alonso-lamata, aggregation: aip}\n"
        "methods: {vikor: {v: 0.3}}\n"
        "max_cr: 0.2\n",
    )
    loaded = load_scenario(scenario_folder(tmp_path, scenario))
    assert dict(loaded.direct_weights or {}) == {
        "GDP": 1,
        "DIST": 1,
        "EDU": 2,
        "RISK": 0,
        "HEAL": 0,
    }
    assert loaded.experts == ()
    assert loaded.ahp.priority == "geometric-mean"
    assert loaded.ahp.random_index == "alonso-lamata"
    assert loaded.ahp.aggregation == "aip"
    assert dict(loaded.methods) == {"vikor": {"v": 0.3}}
    assert loaded.max_cr == 0.2


def test_scenario_without_alternatives_is_for_weights_only(tmp_path: Path) -> None:
    scenario = SCENARIO.replace("alternatives: cities.csv\n", "").replace(
        "judgments: judgments/", "weights: equal"
    )
    loaded = load_scenario(scenario_folder(tmp_path, scenario))
    assert loaded.problem is None
    assert loaded.weights_rule == "equal"


def test_scenario_reports_problems_of_every_file_at_once(tmp_path: Path) -> None:
    path = scenario_folder(tmp_path)
    write(tmp_path, "cities.csv", CITIES.replace("Beta,8.5,", "Beta,,"))
    write(tmp_path, "judgments/alice.yaml", JUDGMENTS.replace("[ECO, SOC, 3]", "[ECO, ECO, 3]"))
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert len(exc.value.messages) == 2, messages(exc)
    assert any("cities.csv" in m for m in exc.value.messages)
    assert any("alice.yaml" in m for m in exc.value.messages)


# ---------------------------------------------------------------- write_atomic


def test_write_atomic_writes_the_text(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, "λ_max = 3\nline two\n")
    assert target.read_text(encoding="utf-8") == "λ_max = 3\nline two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_keeps_newlines_as_given(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, "a,b\nc,d\n")
    assert target.read_bytes() == b"a,b\nc,d\n"


def test_write_atomic_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_keeps_the_original_when_the_rename_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("original\n", encoding="utf-8")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError, match="No space left"):
        write_atomic(target, "half-written\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_keeps_the_original_when_the_write_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("original\n", encoding="utf-8")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(InputError, match="Input/output error"):
        write_atomic(target, "new\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.txt"
    with pytest.raises(InputError) as exc:
        write_atomic(target, "x\n")
    assert str(target) in messages(exc)
    assert not target.parent.exists()
