"""Terminal tables: long rankings drawn whole and fast, names never read as markup."""

from __future__ import annotations

import io
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType

from mcda_citydip.cli import app
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.model import GOAL, Hierarchy, Node, Problem
from mcda_citydip.pipeline import run
from mcda_citydip.report.data import weight_rows
from mcda_citydip.report.render import ranking_table, run_renderable, to_text
from mcda_citydip.report.tables import (
    RICH_TABLE_MAX_ROWS,
    Column,
    FittedTable,
    PlainTable,
    text_table,
)
from mcda_citydip.report.tree import hierarchy_tree

runner = CliRunner()
COLUMNS = [Column("rank", "right"), Column("alternative"), Column("score", "right")]


def scenario_of(alternatives: list[str]) -> Scenario:
    """Two benefit indicators, direct weights, values that separate every alternative."""
    nodes = {
        GOAL: Node(GOAL, "Goal", children=("c1", "c2")),
        "c1": Node("c1", "First", direction="benefit"),
        "c2": Node("c2", "Second", direction="benefit"),
    }
    hierarchy = Hierarchy("memory", MappingProxyType(nodes))
    m = len(alternatives)
    matrix = np.column_stack([np.arange(1.0, m + 1), (np.arange(m) * 7) % 11 - 5.0])
    return Scenario(
        name="Long",
        source="memory",
        hierarchy=hierarchy,
        problem=Problem(hierarchy, tuple(alternatives), matrix),
        direct_weights=MappingProxyType({"c1": 0.5, "c2": 0.5}),
        methods=MappingProxyType({"topsis": {"normalization": "vector"}, "vikor": {"v": 0.5}}),
        missing=MappingProxyType({"c1": "fail", "c2": "fail"}),
    )


#: Consoles that draw differently: plain, colour, and Windows' legacy console with and without
#: its safe box (rich then draws the square box instead of the heavy head).
CONSOLES = [
    {"color_system": None},
    {"force_terminal": True, "color_system": "standard"},
    {"force_terminal": True, "color_system": "truecolor", "legacy_windows": True},
    {"color_system": None, "legacy_windows": True, "safe_box": False},
]


def _drawn(renderable: RenderableType, width: int = 200, **console: Any) -> str:
    """What a terminal of ``width`` columns receives (with colour codes if it has colour)."""
    drawing = Console(file=io.StringIO(), width=width, **console)
    drawing.print(renderable, crop=False)
    return drawing.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def _rich_drawn(table: FittedTable, width: int = 200, **console: Any) -> str:
    """The table as rich's own tables draw it (what FittedTable did for every table), in the
    width the console gives (Windows' legacy console keeps its last column free)."""
    drawing = Console(file=io.StringIO(), width=width, **console)
    drawing.print(Group(*table.tables(drawing.options.max_width)), crop=False)
    return drawing.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_plain_table_looks_like_the_rich_table() -> None:
    rows = [("1", "Bushehr", "0.6910"), ("2", "بندر عباس", "0.5000"), ("10", "東京", "-0.3090")]
    fitted = text_table("TOPSIS ranking", COLUMNS, rows)
    assert isinstance(fitted, FittedTable)
    plain_text = to_text(PlainTable("TOPSIS ranking", COLUMNS, rows), width=200)
    assert plain_text == _rich_drawn(fitted) == to_text(fitted, width=200)
    assert "│   10 │ 東京        │ -0.3090 │" in plain_text  # 東京 takes 4 cells


#: Cell text with what rich treats apart: wide and zero-width characters (ZWNJ, ZWJ, a
#: combining accent), no-break and plain spaces at the end, control characters.
CELLS = st.text(alphabet="ab Z09.-ش\u200cب東\u0301\u200d\u00a0\t\x1b\n", max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.lists(st.sampled_from(["left", "right"]), min_size=1, max_size=5),
    title=st.sampled_from(["A title ش", "", "T", "e\u0301e\u0301\u00a0", "x\u200d"]),
    data=st.data(),
)
def test_a_table_that_fits_is_drawn_byte_for_byte_as_rich_draws_it(
    columns: list[str], title: str, data: st.DataObject
) -> None:
    """FittedTable draws a table whose cells all fit as a PlainTable (about 3x faster than
    rich's layout, issue 18): the same characters, and in a colour terminal the same styles
    on the same cells (bold header, row styles on cells and padding, borders unstyled); where
    rich would draw otherwise (a title to wrap or none, texts that end in spaces or a ZWJ),
    rich draws."""
    heads = [Column(data.draw(CELLS) or "h", justify) for justify in columns]  # type: ignore[arg-type]
    rows = data.draw(
        st.lists(st.lists(CELLS, min_size=len(heads), max_size=len(heads)), max_size=6)
    )
    styles = data.draw(
        st.lists(
            st.sampled_from([None, "bold", "dim", "green", "red on white"]),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    fitted = FittedTable(title, heads, rows, styles)
    width = data.draw(st.sampled_from([200, sum(fitted.widths) + 3 * len(heads) + 1]))
    for console in CONSOLES:
        assert _drawn(fitted, width, **console) == _rich_drawn(fitted, width, **console)


@pytest.mark.parametrize(
    ("title", "cell"),
    [("", "x"), ("T", "e\u0301\u00a0"), ("T", "0\u200d "), ("T", "\u200d"), ("T", "x\u200d")],
)
def test_what_rich_draws_otherwise_is_left_to_rich(title: str, cell: str) -> None:
    """A reviewer's cases: an empty title (rich draws none), rich's trimming of end spaces
    after zero-width characters, its extra space after a ZWJ."""
    fitted = FittedTable(title, [Column("h")], [[cell]])
    for console in CONSOLES:
        assert _drawn(fitted, **console) == _rich_drawn(fitted, **console)


def test_a_long_ranking_is_drawn_whole_in_a_narrow_console() -> None:
    names = [f"City {i}" + " ش" * (i % 4) for i in range(RICH_TABLE_MAX_ROWS + 1)]
    scenario = scenario_of(names)
    result = run(scenario)
    table = ranking_table(result, "vikor")
    assert isinstance(table, PlainTable)
    text = to_text(run_renderable(scenario.hierarchy, result), width=40)
    for method in ("topsis", "vikor"):
        ranking = result.results[method]
        section = text.split(f"{method.upper()} ranking", 1)[1]
        body = [line for line in section.splitlines() if line.startswith("│")]
        for line, name in zip(body, ranking.order(), strict=False):
            cells = [c.strip() for c in line.strip("│").split("│")]
            assert cells[:2] == [str(ranking.ranks[name]), name]
            value = ranking.scores[name] if method == "topsis" else ranking.extras["Q"][name]
            assert cells[2] == f"{value:.4f}"  # whole, never cropped to 40 columns
        assert len(body) >= len(names)
    lines = [line for line in text.splitlines() if line.startswith(("┏", "┃", "│", "└"))]
    assert max(cell_len(line) for line in lines) > 40
    vikor = text.split("VIKOR ranking", 1)[1].splitlines()[1 : len(names) + 5]
    assert len({cell_len(line) for line in vikor}) == 1  # wide letters line up


def test_names_are_shown_as_typed_never_as_console_markup(tmp_path: Path) -> None:
    names = ["[/]", "[bold]x", "a\x1b[31mred", "C\\"]
    scenario = scenario_of(names)
    text = to_text(run_renderable(scenario.hierarchy, run(scenario)))
    for name in ("[/]", "[bold]x", "a [31mred", "C\\"):
        assert f" {name} " in text
    assert "\x1b" not in text
    document = {
        "format": "citydip/scenario",
        "version": 1,
        "name": "[red]Markup[/red]",
        "criteria": [
            {"id": "c1", "name": "[/]", "direction": "benefit"},
            {"id": "c2", "direction": "cost"},
        ],
        "alternatives": {name: {"c1": i + 1, "c2": 4 - i} for i, name in enumerate(names[:2])},
        "weights": {"c1": 0.5, "c2": 0.5},
    }
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    for command in ("weights", "run"):  # through the CLI, as read from a file
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
        assert "[red]Markup[/red]" in result.stdout and "│ [/] " in result.stdout
    assert "│ [bold]x " in result.stdout


def test_the_criteria_tree_shows_names_as_typed() -> None:
    nodes = {
        GOAL: Node(GOAL, "Goal [/]", children=("D",)),
        "D": Node("D", "[bold]Dimension", children=("L",)),
        "L": Node("L", "Leaf\\", direction="cost", unit="[/]"),
    }
    text = to_text(hierarchy_tree(Hierarchy("tree.yaml", MappingProxyType(nodes))))
    assert text.splitlines() == [
        "Goal [/] (1 indicators, tree.yaml)",
        "└── D [bold]Dimension",
        "    └── L Leaf\\ (cost, [/])",
    ]


def test_weight_rows_visit_each_node_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Hierarchy.parent`` scans every node: calling it per row made the weights table
    quadratic in the number of indicators."""
    scenario = scenario_of(["A", "B"])
    weights = run(scenario).weights

    def scan(self: Hierarchy, node_id: str) -> str | None:
        raise AssertionError("weight_rows looked a parent up")

    monkeypatch.setattr(Hierarchy, "parent", scan)
    rows = weight_rows(scenario.hierarchy, weights)
    assert [(r["depth"], r["id"], r["global"]) for r in rows] == [(0, "c1", 0.5), (0, "c2", 0.5)]


def test_a_wide_table_reflows_at_80_columns_and_keeps_every_number_whole() -> None:
    """Issue 10: group weights were cut to '0.26…' at 100–160 columns. Ten expert columns
    at width 80 are reflowed into several tables, each repeating the row labels."""
    from mcda_citydip.report.tables import FittedTable

    experts = [f"expert-{k}" for k in range(10)]
    columns = [
        Column("indicator", wrap=False),
        Column("name"),
        *(Column(e, "right", wrap=False) for e in experts),
    ]
    rows = [
        (
            f"I{i}",
            "A long indicator name that has to wrap somewhere",
            *(f"0.{i}{k}37" for k in range(10)),
        )
        for i in range(5)
    ]
    table = text_table("Weights", columns, rows, keep=2)
    assert isinstance(table, FittedTable)
    text = to_text(table, width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    for i in range(5):
        for k in range(10):
            assert f"0.{i}{k}37" in text
    assert text.count("(continued)") >= 2
    assert all(text.count(f"I{i} ") >= 3 for i in range(5))  # labels in every part
