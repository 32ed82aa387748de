"""Alternatives' names in other languages (issue 15): ``name_fa`` columns and inline
``names: {fa: …}`` are read onto ``Problem.names``, never as indicators; ids never change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcda_citydip import i18n
from mcda_citydip.cli import app
from mcda_citydip.errors import InputError
from mcda_citydip.files.scenario import default_scenario_path, load_scenario
from mcda_citydip.names import alternative_name, labelled
from mcda_citydip.pipeline import run
from mcda_citydip.report.render import render_run

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test
criteria:
  - {id: A, direction: benefit}
  - {id: B, direction: cost}
"""
SCENARIO = """\
format: citydip/scenario
version: 1
name: names
criteria: criteria.yaml
alternatives: {table}
weights: {{A: 0.6, B: 0.4}}
methods: {{topsis: {{}}}}
"""


def scenario(tmp_path: Path, table: str, csv: str | None = None) -> Path:
    (tmp_path / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")
    if csv is not None:
        (tmp_path / "cities.csv").write_text(csv, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.format(table=table), encoding="utf-8")
    return path


def test_name_fa_column_is_read_as_names_not_an_indicator(tmp_path: Path) -> None:
    csv = "city,A,B,name_fa,name_en\nBushehr,1,2,بوشهر,\nDoha,3,1,,Doha\n"
    problem = load_scenario(scenario(tmp_path, "cities.csv", csv)).problem
    assert problem is not None
    assert problem.alternatives == ("Bushehr", "Doha")
    assert problem.criteria == ("A", "B")
    assert dict(problem.names["fa"]) == {"Bushehr": "بوشهر"}  # an empty cell: no name
    assert alternative_name(problem, "Bushehr", "fa") == "بوشهر"
    assert alternative_name(problem, "Doha", "fa") == "Doha"  # none: the id
    assert alternative_name(problem, "Bushehr", "de") == "Bushehr"
    assert labelled(problem, "Bushehr", "fa") == "بوشهر (Bushehr)"
    assert labelled(problem, "Doha", "en") == "Doha"


def test_inline_names_are_read(tmp_path: Path) -> None:
    table = "{Bushehr: {A: 1, B: 2, names: {fa: بوشهر}}, Doha: {A: 3, B: 1}}"
    problem = load_scenario(scenario(tmp_path, table)).problem
    assert problem is not None
    assert dict(problem.names["fa"]) == {"Bushehr": "بوشهر"}
    assert problem.criteria == ("A", "B")


@pytest.mark.parametrize(
    ("csv", "where"),
    [
        ('city,A,B,name_fa\nBushehr,1,2,"بو\x1bشهر"\nDoha,3,1,\n', "line 2, column name_fa"),
        ('city,A,B,name_fa\nBushehr,1,2,"بو\nشهر"\nDoha,3,1,\n', "line 2, column name_fa"),
    ],
)
def test_a_bad_name_cell_is_a_located_error(tmp_path: Path, csv: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        load_scenario(scenario(tmp_path, "cities.csv", csv))
    assert where in str(caught.value)
    assert "name" in str(caught.value)


@pytest.mark.parametrize(
    ("names", "where"),
    [
        ("{fa: 12}", "alternatives.Bushehr.names.fa): 12 is not a name"),
        ("[x]", "alternatives.Bushehr.names): write the names as a mapping"),
        ("{farsi: x}", "alternatives.Bushehr.names.farsi): 'farsi' is not a language code"),
    ],
)
def test_a_bad_inline_name_is_a_located_error(tmp_path: Path, names: str, where: str) -> None:
    table = f"{{Bushehr: {{A: 1, B: 2, names: {names}}}, Doha: {{A: 3, B: 1}}}}"
    with pytest.raises(InputError) as caught:
        load_scenario(scenario(tmp_path, table))
    assert where in str(caught.value)


def test_names_are_display_only(tmp_path: Path) -> None:
    """JSON and CSV keep the ids whatever the language; Markdown shows ``name (id)``."""
    csv = "city,A,B,name_fa\nBushehr,1,2,بوشهر\nDoha,3,1,\n"
    loaded = load_scenario(scenario(tmp_path, "cities.csv", csv))
    result = run(loaded, [])
    i18n.set_language("fa")
    data = json.loads(render_run(loaded.hierarchy, result, "json", loaded.problem.names))  # type: ignore[union-attr]
    assert data["alternatives"] == ["Bushehr", "Doha"]
    assert "بوشهر" not in render_run(loaded.hierarchy, result, "csv", loaded.problem.names)  # type: ignore[union-attr]
    markdown = render_run(loaded.hierarchy, result, "md", loaded.problem.names)  # type: ignore[union-attr]
    assert "| بوشهر (Bushehr) |" in markdown
    assert "| Doha |" in markdown
    i18n.set_language("en")
    english = render_run(loaded.hierarchy, result, "md", loaded.problem.names)  # type: ignore[union-attr]
    assert "بوشهر" not in english


def test_the_default_gulf_table_names_cities_in_persian_from_geonames() -> None:
    """Open data: the only Persian-orthography GeoNames alternate name (Doha → دوحه); cities
    with several candidates (Bushehr) keep an empty cell and show their id."""
    problem = load_scenario(default_scenario_path()).problem
    assert problem is not None
    assert problem.names["fa"]["Doha"] == "دوحه"
    assert "Bushehr" not in problem.names["fa"]
    assert "name_fa" not in problem.criteria


def test_run_json_keeps_ids_under_fa() -> None:
    result = CliRunner().invoke(app, ["run", "--lang", "fa", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "Doha" in data["alternatives"]
    assert "دوحه" not in result.stdout
