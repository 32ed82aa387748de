"""The XLSX workbooks of ``run``, ``weights`` and ``sensitivity`` (``--format xlsx``).

Each workbook is opened with openpyxl and compared with the JSON of the same command: the
same values, unrounded; numbers stored as numbers (data type ``n``), booleans as booleans,
text as text and never a formula; header rows bold and frozen; number formats for the eye.
A scenario of hostile names (formulas, ``+``, ``-``, ``@``, tab) comes out inert in the
CSV, Markdown and XLSX of every command that has them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from cases import csv_body
from click.testing import CliRunner
from openpyxl import load_workbook

from mcda_citydip.cli import app
from mcda_citydip.errors import MethodError
from mcda_citydip.report.workbook import (
    INTEGER,
    MAX_ROWS,
    MAX_TEXT,
    MAX_WIDTH,
    SCORE,
    SHARE,
    WRAP_WIDTH,
    Column,
    Sheet,
    cell_value,
    write_workbook,
)

ROOT = Path(__file__).resolve().parents[2]
ILLUSTRATIVE = ROOT / "scenarios" / "illustrative" / "scenario.yaml"
PERSIAN_GULF = ROOT / "scenarios" / "persian-gulf.yaml"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
runner = CliRunner()

TINY = {
    "format": "citydip/scenario",
    "version": 1,
    "name": "Tiny",
    "criteria": [
        {"id": "c1", "name": "First", "direction": "benefit"},
        {"id": "c2", "name": "Second", "direction": "cost"},
        {"id": "c3", "name": "Third", "direction": "benefit"},
    ],
    "alternatives": {
        "A": {"c1": 3, "c2": 2, "c3": 1},
        "B": {"c1": 2, "c2": 1, "c3": 3},
        "C": {"c1": 1, "c2": 3, "c3": 2},
        "D": {"c1": 2, "c2": 2, "c3": 2},
    },
    "weights": {"c1": 0.5, "c2": 0.3, "c3": 0.2},
    "methods": {"topsis": {"normalization": "vector"}, "vikor": {"v": 0.5}},
}
HOSTILE_NAMES = ('=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)", "\tTab")
HOSTILE = {
    **TINY,
    "name": "Hostile",
    "criteria": [
        {"id": "c1", "name": "=SUM(1,2)", "direction": "benefit"},
        {"id": "c2", "name": "\tindented", "direction": "cost"},
        {"id": "@c3", "name": "-minus", "direction": "benefit"},
    ],
    "alternatives": {
        name: {"c1": 1 + k % 3, "c2": (2 * k) % 5 + 1, "@c3": (3 * k) % 4 + 1}
        for k, name in enumerate(HOSTILE_NAMES)
    },
    "weights": {"c1": 0.5, "c2": 0.3, "@c3": 0.2},
}


def write_scenario(folder: Path, document: dict[str, Any]) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, f"{result.stdout}\n{result.stderr}\n{result.exception!r}"
    return result.stdout


def json_and_workbook(
    tmp_path: Path, command: str, *args: str | Path
) -> tuple[dict[str, Any], Any]:
    """The JSON of ``command`` and the workbook it writes with ``--out FILE.xlsx``."""
    data = json.loads(invoke(command, *args, "--format", "json"))
    path = tmp_path / f"{command}.xlsx"
    invoke(command, *args, "--out", path)  # the format from the extension
    return data, load_workbook(path)


def rows_of(sheet: Any) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]


def cells(book: Any) -> Iterator[Any]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested JSON as dotted keys (lists as their JSON text), written apart from the code."""
    if not isinstance(value, dict):
        return {prefix: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value}
    found: dict[str, Any] = {}
    for key, inner in value.items():
        found.update(flat(inner, f"{prefix}.{key}" if prefix else key))
    return found


def check_cells(book: Any) -> None:
    """Every value has its own type, no cell is a formula, headers are bold and frozen,
    widths are capped."""
    for cell in cells(book):
        expected = {str: "s", bool: "b", int: "n", float: "n"}[type(cell.value)]
        assert cell.data_type == expected, (cell.coordinate, cell.value, cell.data_type)
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("2"), sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(6 <= w <= WRAP_WIDTH + 3 for w in widths), sheet.title


def conventions_of(book: Any) -> tuple[dict[str, Any], list[str]]:
    rows = rows_of(book["Conventions"])
    notes = [r["value"] for r in rows if r["key"].startswith("note ")]
    return {r["key"]: r["value"] for r in rows if not r["key"].startswith("note ")}, notes


# ---------------------------------------------------------------- run and weights


def check_weights(book: Any, data: dict[str, Any], ranking: bool) -> None:
    local = {c: w for node in data["nodes"].values() for c, w in node["weights"].items()}
    rows = {r["id"]: r for r in rows_of(book["Weights"])}
    assert set(data["weights"]) <= set(rows)
    for node_id, row in rows.items():
        assert row["local"] == local[node_id]
        if node_id in data["weights"]:
            assert row["global"] == data["weights"][node_id]
            if ranking:
                assert row["ranking weight"] == data["effective_weights"].get(node_id, 0.0)
    sheet = book["Weights"]
    assert {sheet.cell(2, j).number_format for j in (4, 5)} == {SCORE}
    assert sheet.cell(2, 1).number_format == INTEGER
    for row in rows_of(book["Consistency"]):
        node = data["nodes"][row["node"]]
        assert (row["λmax"], row["CI"], row["CR"]) == (node["lambda_max"], node["ci"], node["cr"])
        assert row["RI"] == node["random_index_value"]
        assert (row["judgments"], row["pairs"]) == (node["judgments"], node["pairs"])
        assert row["completed"] == len(node["completed"])


@pytest.mark.parametrize("scenario", [ILLUSTRATIVE, PERSIAN_GULF], ids=["illustrative", "gulf"])
def test_run_workbook_holds_the_json_values(tmp_path: Path, scenario: Path) -> None:
    data, book = json_and_workbook(tmp_path, "run", scenario)
    expected = ["Summary", "Support", "Weights", "Consistency", "Coverage", "Ranking"]
    expected += ["Imputation check"] if "imputation_check" in data else []
    assert book.sheetnames == [*expected, "Conventions"]
    check_cells(book)
    check_weights(book, data, ranking=True)
    summary = {r["item"]: r["value"] for r in rows_of(book["Summary"])}
    assert summary["scenario"] == data["scenario"]
    assert summary["supported weight"] == data["supported_weight"]
    assert summary["partial index"] is data["partial_index"]
    assert summary["illustrative"] is data["illustrative"]
    rows = rows_of(book["Ranking"])
    assert [r["alternative"] for r in rows] == sorted(
        data["alternatives"], key=data["results"]["topsis"]["ranks"].__getitem__
    )
    topsis, vikor = data["results"]["topsis"], data["results"]["vikor"]
    for row in rows:
        name = row["alternative"]
        assert (row["TOPSIS rank"], row["TOPSIS score"]) == (
            topsis["ranks"][name],
            topsis["scores"][name],
        )
        assert [row[f"VIKOR {k}"] for k in "QSR"] == [vikor[k][name] for k in "QSR"]
        assert row["VIKOR rank"] == vikor["ranks"][name]
        assert row["VIKOR compromise"] is (name in vikor["compromise_set"])
        for method in ("topsis", "vikor") if "rank_intervals" in data else ():
            low, high = data["rank_intervals"][method][name]
            assert (row[f"{method.upper()} rank 5%"], row[f"{method.upper()} rank 95%"]) == (
                low,
                high,
            )
    coverage = data["coverage"]
    for row in rows_of(book["Coverage"]):
        if row["indicator"] in coverage:
            found = coverage[row["indicator"]]
            assert row["data"] == f"{len(found['data'])}/{len(data['alternatives'])}"
            assert row["missing"] == (", ".join(found["missing"]) or None)
            assert (row["policy"], row["action"]) == (found["policy"], found["action"])
    conventions, notes = conventions_of(book)
    more = flat(data.get("rank_interval_conventions", {}), "rank_intervals")
    assert conventions == {**flat(data["conventions"]), **more}
    assert notes == data["notes"]
    score = book["Ranking"].cell(2, 3)
    assert (score.number_format, book["Ranking"].cell(2, 2).number_format) == (SCORE, INTEGER)
    assert book["Support"].cell(2, 4).number_format == SHARE


def test_weights_workbook_holds_the_json_values(tmp_path: Path) -> None:
    data, book = json_and_workbook(tmp_path, "weights", ILLUSTRATIVE)
    assert book.sheetnames == ["Weights", "Consistency", "Conventions"]
    check_cells(book)
    check_weights(book, data, ranking=True)
    conventions, notes = conventions_of(book)
    assert conventions == flat(data["conventions"])
    assert notes == data["notes"]


def test_the_same_command_writes_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    invoke("run", ILLUSTRATIVE, "--out", first)
    invoke("run", ILLUSTRATIVE, "--format", "xlsx", "--out", second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml")
    assert b"dcterms:created" not in core and b"dcterms:modified" not in core  # no date


# ---------------------------------------------------------------- sensitivity


def test_sensitivity_workbook_holds_the_json_values(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, TINY)
    data, book = json_and_workbook(tmp_path, "sensitivity", scenario, "--samples", "200")
    assert book.sheetnames == [
        "Summary",
        "Support",
        "Acceptability",
        "Central weights",
        "Thresholds",
        "Pair thresholds",
        "One-at-a-time",
        "Rank reversal",
        "Agreement",
        "Agreement ranks",
        "Conventions",
    ]
    check_cells(book)
    methods = data["methods"]
    summary = [r["value"] for r in rows_of(book["Summary"]) if r["item"] == "summary"]
    assert summary == data["summary"]
    for row in rows_of(book["Acceptability"]):
        found, name = methods[row["method"]], row["alternative"]
        shares = found["rank_acceptability"][name]
        assert [row[f"rank {k + 1}"] for k in range(len(shares))] == shares
        assert row["baseline rank"] == found["baseline_ranks"][name]
        assert row["confidence"] == found["confidence"][name]
        assert row["holistic acceptability"] == found["holistic_acceptability"][name]
    for row in rows_of(book["Central weights"]):
        central = methods[row["method"]]["central_weights"][row["alternative"]]
        assert [row[c] for c in ("c1", "c2", "c3")] == (
            [central[c] for c in ("c1", "c2", "c3")] if central else [None] * 3
        )
    rows = rows_of(book["Thresholds"])
    assert len(rows) == sum(len(f["thresholds"]) for f in methods.values())
    for row in rows:
        found = methods[row["method"]]
        one = found["thresholds"][row["indicator"]]
        assert (row["weight"], row["change"], row["new weight"]) == (
            one["weight"],
            one["top"],
            one["top_weight"],
        )
        assert row["new top"] == one["new_top"]
        assert row["most critical"] is (row["indicator"] == found["most_critical"])
    negative = [r["change"] for r in rows if isinstance(r["change"], float) and r["change"] < 0]
    assert negative  # negative numbers stay numbers
    pairs = rows_of(book["Pair thresholds"])
    for row in pairs:
        (pair,) = [
            p
            for p in methods[row["method"]]["pair_thresholds"]
            if (p["above"], p["below"]) == (row["above"], row["below"])
        ]
        for c in ("c1", "c2", "c3"):
            assert (row[f"{c} change"], row[f"{c} new weight"]) == (
                pair["thresholds"][c],
                pair["weights"][c],
            )
    assert len(pairs) == sum(len(f["pair_thresholds"]) for f in methods.values())
    for row in rows_of(book["One-at-a-time"]):
        target = methods[row["method"]]["oat"]["indicators"][row["weight of"]]
        assert (row["current"], [row["from"], row["to"]]) == (target["current"], target["interval"])
    for row in rows_of(book["Agreement"]):
        for c in ("rs", "rw", "ws"):
            assert (
                row[c] == data["correlations"][c][row["ranking (reference)"]][row["other ranking"]]
            )
    for row in rows_of(book["Agreement ranks"]):
        for method, ranks in data["agreement_rankings"].items():
            assert row[f"{method} rank"] == ranks[row["alternative"]]
    conventions, notes = conventions_of(book)
    for method, found in methods.items():
        expected = flat({"options": found["options"], "conventions": found["conventions"]}, method)
        assert expected.items() <= conventions.items()
    assert conventions["topsis.options.samples"] == 200
    assert notes == data["notes"]
    shares = book["Acceptability"]
    assert shares.cell(2, 4).number_format == SHARE
    assert shares.freeze_panes == "C2"


# ---------------------------------------------------------------- hostile names


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    return write_scenario(folder, HOSTILE)


def inert(text: str) -> bool:
    return not text.startswith(TRIGGERS)


def quoted(text: str) -> str:
    """A text cell as it must come out: a leading quote before a formula trigger."""
    return "'" + text if text.startswith(TRIGGERS) else text


#: The alternatives as loaded (names are stripped: "\tTab" is "Tab"; the tab case is the
#: criterion "\tindented") and the criterion names, as text cells must show them.
ALTERNATIVE_CELLS = {quoted(name.strip()) for name in HOSTILE_NAMES}
CRITERION_NAMES = ("=SUM(1,2)", "\tindented", "-minus")
CRITERION_CELLS = {quoted(name) for name in CRITERION_NAMES}


@pytest.mark.parametrize("command", ["run", "weights", "sensitivity"])
def test_hostile_names_are_inert_text_in_xlsx(hostile: Path, tmp_path: Path, command: str) -> None:
    path = tmp_path / f"{command}.xlsx"
    invoke(
        command, hostile, *(("--samples", "200") if command == "sensitivity" else ()), "-o", path
    )
    book = load_workbook(path)
    check_cells(book)  # no formula anywhere
    texts = [cell.value for cell in cells(book) if isinstance(cell.value, str)]
    assert all(inert(text) for text in texts)
    if command != "weights":
        assert set(texts) >= ALTERNATIVE_CELLS
    if command != "sensitivity":
        assert set(texts) >= CRITERION_CELLS
    if command == "sensitivity":
        headers = {cell.value for cell in book["Central weights"][1]}
        assert "'@c3" in headers and "@c3" not in headers
        changes = [cell for cell in book["Thresholds"]["D"][1:] if cell.value is not None]
        assert any(cell.value < 0 for cell in changes)  # negative numbers stay numbers
        assert {cell.data_type for cell in changes} == {"n"}


def md_cells(text: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    found = [cell.strip() for row in rows for cell in row.strip("|").split(" | ")]
    return [cell for cell in found if cell and not set(cell) <= {"-", "|"}]  # not |---|


@pytest.mark.parametrize("command", ["run", "weights"])
def test_hostile_names_are_inert_in_csv_and_markdown(hostile: Path, command: str) -> None:
    rows = list(
        csv.reader(io.StringIO(csv_body(invoke(command, hostile, "-f", "csv")), newline=""))
    )
    fields = [field for row in rows for field in row if field]
    numbers = [f for f in fields if f.lstrip("-").replace(".", "", 1).replace("e-", "").isdigit()]
    assert numbers  # written as numbers, never quoted
    assert all(inert(f) for f in fields if f not in numbers)
    assert set(fields) >= (ALTERNATIVE_CELLS if command == "run" else CRITERION_CELLS)
    markdown = md_cells(invoke(command, hostile, "-f", "md"))
    assert all(inert(cell) for cell in markdown)
    shown = {cell.replace("\t", " ") for cell in CRITERION_CELLS}  # a tab is a space in a row
    assert shown <= set(markdown)
    if command == "run":
        assert set(markdown) >= ALTERNATIVE_CELLS


# ---------------------------------------------------------------- cells


def test_cell_values_keep_numbers_and_make_text_safe() -> None:
    assert cell_value(np.float64(-0.25)) == -0.25 and type(cell_value(np.float64(1))) is float
    assert cell_value(np.bool_(True)) is True and cell_value(np.int64(-3)) == -3
    assert cell_value("-x") == "'-x" and cell_value(-1) == -1
    assert cell_value("a\x1bb\x00") == "a b "  # characters XML 1.0 cannot hold
    assert len(cell_value("x" * (MAX_TEXT + 10))) == MAX_TEXT
    assert MAX_WIDTH < WRAP_WIDTH


def test_a_sheet_larger_than_a_spreadsheet_is_refused_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "big.xlsx"
    rows = [{"a": 1}] * MAX_ROWS  # one more than fits under the header
    with pytest.raises(MethodError, match="use --format json"):
        write_workbook([Sheet("Big", (Column("a", "a"),), rows)], target)
    assert list(tmp_path.iterdir()) == []


TWO_EXPERTS = {
    **{k: v for k, v in TINY.items() if k != "weights"},
    "name": "Two experts",
    "judgments": [
        {"expert": "ann", "comparisons": {"goal": [["c1", "c2", 3], ["c1", "c3", 5]]}},
        {"expert": "=bob", "comparisons": {"goal": [["c1", "c2", 2], ["c3", "c2", 2]]}},
    ],
}


def test_several_experts_have_their_weights_and_cr(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, TWO_EXPERTS)
    data, book = json_and_workbook(tmp_path, "weights", scenario)
    check_cells(book)
    for row in rows_of(book["Weights"]):
        assert row["ann (global)"] == data["experts"]["ann"]["weights"][row["id"]]
        assert row["'=bob (global)"] == data["experts"]["=bob"]["weights"][row["id"]]
    (goal,) = rows_of(book["Consistency"])
    assert goal["consensus S*"] == data["nodes"]["goal"]["consensus"]
    assert goal["CR ann"] == data["experts"]["ann"]["nodes"]["goal"]["cr"]
    assert goal["CR =bob"] == data["experts"]["=bob"]["nodes"]["goal"]["cr"]
