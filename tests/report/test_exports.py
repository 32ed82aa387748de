"""Text exports (CSV, Markdown, the questionnaire workbook) with hostile names.

A name from a user's file may be a spreadsheet formula (``=HYPERLINK(…)``, ``+cmd|…``,
``@SUM(1)``) or Markdown table syntax (``a|b``, a line break). CSV and Markdown cells that
hold text get a leading ``'`` when they start with ``=``, ``+``, ``-``, ``@``, tab or carriage
return (OWASP); numbers are never touched, negative ones included; Markdown cells are escaped
so that a row is never split. JSON keeps every name as it is.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
import yaml
from cases import csv_body
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from mcda_citydip.cli import app
from mcda_citydip.conventions import weight_conventions
from mcda_citydip.files.questionnaire import write_questionnaire
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.model import GOAL, Hierarchy, Node, Problem
from mcda_citydip.pipeline import RunResult, run, scenario_weights
from mcda_citydip.report.cells import spreadsheet_safe
from mcda_citydip.report.render import _csv, render_run, render_weights

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "a|b",
    "[/]",
    "Bushehr",
)
LEAF_NAMES = {"c1": "=1+2", "c2": "\tindented", "c3": "\rreturn", "c4": "plain, with comma"}
runner = CliRunner()


def quoted(text: str) -> str:
    """What a CSV text cell must hold: ``text`` with a leading quote if it starts with a
    formula trigger (written here independently of the code under test)."""
    return "'" + text if text.startswith(TRIGGERS) else text


def in_markdown(text: str) -> str:
    """What a Markdown text cell must show once unescaped: quoted, every control character
    and line or paragraph separator as a space."""
    return "".join(
        " " if unicodedata.category(c) == "Cc" or c in "\u2028\u2029" else c for c in quoted(text)
    )


def invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, f"{result.stdout}\n{result.stderr}\n{result.exception!r}"
    return result.stdout


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A scenario whose alternatives are named :data:`HOSTILE` and whose indicator names
    start with formula triggers (tab and carriage return included)."""
    document = {
        "format": "citydip/scenario",
        "version": 1,
        "name": "=Hostile|names",
        "criteria": [
            {"id": leaf, "name": name, "direction": "cost" if leaf == "c2" else "benefit"}
            for leaf, name in LEAF_NAMES.items()
        ],
        "alternatives": {
            name: {"c1": i + 1, "c2": (3 * i) % 7 + 1, "c3": (5 * i) % 4 - 2, "c4": i % 3 - 1.5}
            for i, name in enumerate(HOSTILE)
        },
        "weights": {"c1": 0.4, "c2": 0.3, "c3": 0.2, "c4": 0.1},
        "methods": {"topsis": {"normalization": "vector"}, "vikor": {"v": 0.5}},
    }
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- CSV


def test_run_csv_quotes_formula_cells_and_keeps_numbers(hostile: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(csv_body(invoke("run", hostile, "-f", "csv")), newline=""))
    )
    data = json.loads(invoke("run", hostile, "-f", "json"))
    assert data["alternatives"] == list(HOSTILE)  # JSON keeps the names as they are
    by_name = {quoted(name): name for name in HOSTILE}
    assert sorted(row["alternative"] for row in rows) == sorted(list(by_name) * 2)
    for row in rows:
        name = by_name[row["alternative"]]
        result = data["results"][row["method"]]
        assert int(row["rank"]) == result["ranks"][name]
        if row["method"] == "topsis":
            assert float(row["score"]) == result["scores"][name]  # unrounded, unchanged
        else:
            assert [float(row[k]) for k in "SRQ"] == [result[k][name] for k in "SRQ"]
    assert {row["alternative"] for row in rows} == {
        '\'=HYPERLINK("http://x","y")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
        "'-2+3",
        "a|b",
        "[/]",
        "Bushehr",
    }


def test_weights_csv_quotes_names_that_start_with_a_trigger(hostile: Path) -> None:
    text = invoke("weights", hostile, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows] == list(LEAF_NAMES)
    assert [row["name"] for row in rows] == [
        "'=1+2",
        "'\tindented",
        "'\rreturn",
        "plain, with comma",
    ]
    weights = json.loads(invoke("weights", hostile, "--format", "json"))["weights"]
    assert [float(row["global"]) for row in rows] == [weights[leaf] for leaf in LEAF_NAMES]


def test_numbers_are_written_as_numbers_whatever_their_sign() -> None:
    row = {"a": -0.25, "b": -3, "c": np.float64(-1.5), "d": "-x", "e": "-1", "f": None, "g": True}
    text = _csv("abcdefg", [row])
    header, values = list(csv.reader(io.StringIO(text, newline="")))
    assert header == list("abcdefg")
    assert values == ["-0.25", "-3", "-1.5", "'-x", "'-1", "", "True"]  # "-1" is text


def test_spreadsheet_safe_decides_on_type_not_text() -> None:
    for number in (-0.25, -3, np.float64(-1.5), np.int64(-2), True, 0.0):
        assert spreadsheet_safe(number) is number
    assert spreadsheet_safe(None) is None
    for trigger in TRIGGERS:
        assert spreadsheet_safe(f"{trigger}x") == f"'{trigger}x"
    assert spreadsheet_safe("x=1") == "x=1"
    assert spreadsheet_safe("'=x") == "'=x"
    assert spreadsheet_safe(spreadsheet_safe("=x")) == "'=x"  # idempotent
    assert spreadsheet_safe("") == ""


# ---------------------------------------------------------------- Markdown


def structural_pipes(line: str) -> tuple[int, int]:
    """Pipes that separate cells, counted two ways: preceded by an even number of
    backslashes (CommonMark escapes) and not preceded by a backslash at all (GFM's table
    scanner). Escaped content pipes count in neither."""
    even = strict = 0
    for i, char in enumerate(line):
        if char != "|":
            continue
        run = len(line[:i]) - len(line[:i].rstrip("\\"))
        even += run % 2 == 0
        strict += run == 0
    return even, strict


def split_cells(line: str) -> list[str]:
    """The cells of a table row, unescaped (``\\X`` → ``X``), one space trimmed each side."""
    cells, current, i = [], "", 1  # skip the leading pipe
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line):
            current += line[i + 1]
            i += 2
            continue
        if char == "|":
            assert current.startswith(" ") and current.endswith(" "), line
            cells.append(current[1:-1])
            current = ""
        else:
            current += char
        i += 1
    assert current == "", line
    return cells


def markdown_tables(text: str) -> list[list[str]]:
    """Blocks of consecutive lines that start with ``|``; checks that no line of ``text``
    is broken by anything but ``\\n``."""
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert text.splitlines() == lines, "a cell holds a line or paragraph separator"
    tables: list[list[str]] = []
    previous = ""
    for line in lines:
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    return tables


def check_table(rows: list[str], columns: int, body: int) -> list[list[str]]:
    """Every row of the table has ``columns`` cells; return the body rows' cells."""
    assert len(rows) == 2 + body, rows
    assert rows[1] == "|" + "---|" * columns
    for line in [rows[0], *rows[2:]]:
        assert structural_pipes(line) == (columns + 1, columns + 1), line
    return [split_cells(line) for line in rows[2:]]


def test_markdown_name_with_a_pipe_keeps_every_row_whole(hostile: Path) -> None:
    text = invoke("run", hostile, "--format", "md")
    weights, coverage, topsis, vikor = markdown_tables(text)
    leaf_rows = check_table(weights, 6, len(LEAF_NAMES))  # with the ranking column
    assert [cells[1] for cells in leaf_rows] == [in_markdown(n) for n in LEAF_NAMES.values()]
    check_table(coverage, 7, len(LEAF_NAMES))
    for table, columns in ((topsis, 3), (vikor, 6)):
        names = [cells[1] for cells in check_table(table, columns, len(HOSTILE))]
        assert sorted(names) == sorted(in_markdown(n) for n in HOSTILE)
    assert "| a\\|b |" in text
    assert '| \'=HYPERLINK("http://x","y") |' in text
    assert "# =Hostile\\|names" in text.splitlines()  # a heading is not a cell: no quote


def test_weights_markdown_keeps_every_row_whole(hostile: Path) -> None:
    (weights,) = markdown_tables(invoke("weights", hostile, "--format", "md"))
    rows = check_table(weights, 6, len(LEAF_NAMES))  # with the ranking column (data given)
    assert [cells[1] for cells in rows] == ["'=1+2", "' indented", "' return", "plain, with comma"]


# ---------------------------------------------------------------- property


def in_memory_scenario(name: str, alternatives: Sequence[str], leaves: dict[str, str]) -> Scenario:
    """Two or three benefit/cost indicators ``leaves`` (id → name) under the goal, direct
    weights, distinct values (no ties), TOPSIS and VIKOR."""
    ids = tuple(leaves)
    nodes = {GOAL: Node(GOAL, "Goal", children=ids)}
    for k, (leaf, label) in enumerate(leaves.items()):
        nodes[leaf] = Node(leaf, label, direction="cost" if k == 1 else "benefit")
    hierarchy = Hierarchy("memory", MappingProxyType(nodes))
    m = len(alternatives)
    matrix = np.array(
        [[i + 1.0, (3 * i) % m + 0.5, (i * i) % 5 - 2.0][: len(ids)] for i in range(m)]
    )
    return Scenario(
        name=name,
        source="memory",
        hierarchy=hierarchy,
        problem=Problem(hierarchy, tuple(alternatives), matrix),
        direct_weights=MappingProxyType(dict.fromkeys(ids, 1 / len(ids))),
        methods=MappingProxyType({"topsis": {"normalization": "vector"}, "vikor": {"v": 0.5}}),
        missing=MappingProxyType(dict.fromkeys(ids, "fail")),
    )


SPECIAL = (
    "|",
    "a|b",
    "=1+2",
    "-1",
    "@x",
    "\\",
    "x\\",
    "\\|",
    "\n",
    "a\r\nb",
    "`|`",
    "<b>",
    "[x](y)",
)
TEXTS = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8),
    st.text(st.sampled_from("|=+-@\\\n\r\t`<[] a\u2028"), min_size=1, max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(
    name=TEXTS,
    alternatives=st.lists(TEXTS, min_size=2, max_size=4, unique=True),
    leaf_ids=st.lists(TEXTS.filter(lambda t: t != GOAL), min_size=2, max_size=3, unique=True),
    leaf_names=st.lists(TEXTS, min_size=3, max_size=3),
)
def test_any_text_keeps_tables_whole_and_csv_round_trips(
    name: str, alternatives: list[str], leaf_ids: list[str], leaf_names: list[str]
) -> None:
    leaves = dict(zip(leaf_ids, leaf_names, strict=False))
    scenario = in_memory_scenario(name, alternatives, leaves)
    result = run(scenario)
    check_markdown(scenario, result, leaves)
    check_csv(scenario, result, leaves)


def check_markdown(scenario: Scenario, result: RunResult, leaves: dict[str, str]) -> None:
    weights, coverage, topsis, vikor = markdown_tables(render_run(scenario.hierarchy, result, "md"))
    rows = check_table(weights, 6, len(leaves))  # with the ranking column
    assert [r[:2] for r in rows] == [[in_markdown(i), in_markdown(n)] for i, n in leaves.items()]
    check_table(coverage, 7, len(leaves))
    for table, columns, method in ((topsis, 3, "topsis"), (vikor, 6, "vikor")):
        ranked = check_table(table, columns, len(result.alternatives))
        order = result.results[method].order()
        assert [r[1] for r in ranked] == [in_markdown(a) for a in order]
    conventions = weight_conventions(scenario, result.weights)
    effective = dict(result.effective_weights)
    (alone,) = markdown_tables(
        render_weights(scenario.hierarchy, scenario_weights(scenario), conventions, "md", effective)
    )
    assert alone == weights  # the same table, the ranking column included


def check_csv(scenario: Scenario, result: RunResult, leaves: dict[str, str]) -> None:
    text = csv_body(render_run(scenario.hierarchy, result, "csv"))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["method", "rank", "alternative", "score", "S", "R", "Q", "compromise"]
    ranked = [(m, a) for m, ranking in result.results.items() for a in ranking.order()]
    assert len(rows) == 1 + len(ranked)
    for row, (method, alternative) in zip(rows[1:], ranked, strict=True):
        ranking = result.results[method]
        assert row[:3] == [method, str(ranking.ranks[alternative]), quoted(alternative)]
        if method == "topsis":
            assert float(row[3]) == ranking.scores[alternative]  # unrounded, unchanged
        else:
            assert [float(v) for v in row[4:7]] == [ranking.extras[k][alternative] for k in "SRQ"]
    conventions = weight_conventions(scenario, result.weights)
    text = render_weights(scenario.hierarchy, result.weights, conventions, "csv")
    weight_rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["id"], r["name"]) for r in weight_rows] == [
        (quoted(i), quoted(n)) for i, n in leaves.items()
    ]
    assert [float(r["global"]) for r in weight_rows] == list(result.weights.global_weights.values())


# ---------------------------------------------------------------- questionnaire workbook


def test_questionnaire_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    leaves = ("=L1", "+L2", "@L3")
    nodes = {GOAL: Node(GOAL, "=Goal()", children=("D1", "-D2"))}
    nodes["D1"] = Node("D1", '=HYPERLINK("http://x","y")', children=leaves)
    nodes["-D2"] = Node("-D2", "-minus", children=("L4", "L5"))
    for leaf in (*leaves, "L4", "L5"):
        nodes[leaf] = Node(leaf, f"@{leaf}", direction="benefit", description=f"={leaf}*2")
    path = tmp_path / "q.xlsx"
    write_questionnaire(Hierarchy("q", MappingProxyType(nodes)), path, "=1+2", "@SUM(1)")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 4  # Instructions, goal, D1, -D2
    workbook = load_workbook(path)
    # the only formulas are the live consistency check (column I on), on sheets of 3+ items
    formulas = [
        (sheet.title, cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas and all(cell.column >= 9 for _, cell in formulas)
    assert {title for title, _ in formulas} == {"D1"}  # the only node with 3 items
    texts = {
        cell.value: cell.data_type
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS) and cell.data_type != "f"
    }
    written = {"=1+2", "@SUM(1)", "=Goal()", '=HYPERLINK("http://x","y")', "-minus", "-D2"}
    written |= {*leaves, *(f"@{leaf}" for leaf in leaves), *(f"={leaf}*2" for leaf in leaves)}
    assert written <= set(texts)
    assert set(texts.values()) == {"s"}
    assert not {cell.value for _, cell in formulas} & written  # no user text as a formula
