"""Supported and discriminating weight (issue 12), on hand-solvable scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.pipeline import run
from mcda_citydip.report.render import render_run

SCENARIO = """\
format: citydip/scenario
version: 1
name: Support test
criteria:
  - id: A
    children:
      - {{id: A1, direction: benefit}}
      - {{id: A2, direction: benefit}}
  - id: B
    children:
      - {{id: B1, direction: benefit}}
weights: {{A1: {a1}, A2: {a2}, B1: {b1}}}
alternatives:
  X: {{A1: 1, A2: {x2}, B1: ""}}
  Y: {{A1: 2, A2: {y2}, B1: ""}}
  Z: {{A1: 3, A2: {z2}, B1: ""}}
missing: drop
methods: {{topsis: {{}}}}
{extra}"""


def scenario(tmp_path: Path, a1=0.25, a2=0.25, b1=0.5, x2=5, y2=5, z2=5, extra="") -> Path:
    path = tmp_path / "scenario.yaml"
    text = SCENARIO.format(a1=a1, a2=a2, b1=b1, x2=x2, y2=y2, z2=z2, extra=extra)
    path.write_text(text, encoding="utf-8")
    return path


def test_half_the_weight_on_an_all_missing_indicator(tmp_path: Path) -> None:
    """B1 (weight 0.5) has no value anywhere: the ranking rests on half the model; A2 is the
    same for every city, so only A1 (0.25) separates them."""
    result = run(load_scenario(scenario(tmp_path)))
    assert result.support is not None
    assert result.support.supported_weight == pytest.approx(0.5)
    assert result.support.discriminating_weight == pytest.approx(0.25)
    assert result.support.supported == ("A1", "A2")
    assert result.support.discriminating == ("A1",)
    assert result.support.without_data == ("B",)
    assert not result.support.partial  # 0.5 is not below the default minimum 0.5
    dimensions = result.support.dimensions
    assert dimensions["A"].supported == pytest.approx(0.5)
    assert dimensions["B"].supported == 0.0


def test_below_the_minimum_every_output_says_partial_index(tmp_path: Path) -> None:
    loaded = load_scenario(scenario(tmp_path, a1=0.1, a2=0.1, b1=0.8, x2=1, y2=2, z2=4))
    result = run(loaded)
    assert result.support is not None and result.support.partial
    assert result.support.supported_weight == pytest.approx(0.2)
    assert result.support.discriminating_weight == pytest.approx(0.2)
    data = json.loads(render_run(loaded.hierarchy, result, "json"))
    assert data["partial_index"] is True and data["supported_weight"] == pytest.approx(0.2)
    assert data["support_by_dimension"]["B"]["supported_weight"] == 0.0
    csv_text = render_run(loaded.hierarchy, result, "csv")
    assert csv_text.startswith("# PARTIAL INDEX (supported weight 20.0% < 50%)")
    assert "# supported_weight=0.2" in csv_text
    md = render_run(loaded.hierarchy, result, "md")
    assert "**PARTIAL INDEX" in md.split("## Weights")[0]
    assert "| id | name | local | global | ranking | cr |" in md


def test_partial_error_refuses_the_run(tmp_path: Path) -> None:
    path = scenario(tmp_path, a1=0.1, a2=0.1, b1=0.8, extra="partial: error\n")
    with pytest.raises(InputError, match=r"20\.0% of the model's weight.*partial: error"):
        run(load_scenario(path))
    lowered = scenario(
        tmp_path, a1=0.1, a2=0.1, b1=0.8, extra="partial: error\nmin_supported_weight: 0.2\n"
    )
    assert run(load_scenario(lowered)).support is not None


def test_the_ranking_column_shows_the_weights_that_ranked(tmp_path: Path) -> None:
    loaded = load_scenario(scenario(tmp_path, a1=0.1, a2=0.3, b1=0.6, x2=1, y2=2, z2=4))
    result = run(loaded)
    assert dict(result.effective_weights) == pytest.approx({"A1": 0.25, "A2": 0.75})
    md = render_run(loaded.hierarchy, result, "md")
    weights = md.split("## Weights")[1].split("##")[0]
    header = weights.strip().splitlines()[0]
    assert "ranking" in header
    row = next(line for line in weights.splitlines() if line.startswith("| A2 |"))
    assert "0.7500" in row and "0.3000" in row
    b1 = next(line for line in weights.splitlines() if line.startswith("| B1 |"))
    assert "0.0000" in b1


def test_illustrative_inputs_are_said_first_in_every_output(tmp_path: Path) -> None:
    judged = (
        scenario(tmp_path)
        .read_text(encoding="utf-8")
        .replace(
            "weights: {A1: 0.25, A2: 0.25, B1: 0.5}",
            "judgments:\n  - expert: demo\n    illustrative: true\n    comparisons:\n"
            "      goal: [[A, B, 1]]\n      A: [[A1, A2, 1]]",
        )
    )
    path = tmp_path / "judged.yaml"
    path.write_text(judged, encoding="utf-8")
    loaded = load_scenario(path)
    result = run(loaded)
    data = json.loads(render_run(loaded.hierarchy, result, "json"))
    assert data["illustrative"] is True
    for fmt in ("csv", "md"):
        first = render_run(loaded.hierarchy, result, fmt).splitlines()[0]
        assert "ILLUSTRATIVE" in first, (fmt, first)


def test_the_shipped_judgments_are_marked_illustrative() -> None:
    from mcda_citydip.files.scenario import default_scenario_path

    result = run(load_scenario(default_scenario_path()))
    assert result.illustrative == ("illustrative-expert.yaml",)
    assert result.headline[0].startswith("ILLUSTRATIVE")


def test_imputation_is_checked_against_the_other_rules(tmp_path: Path) -> None:
    """A1 = (1, ?, 3) for X, Y, Z, Y imputed by the median of the others (2); A2 the same for
    all. Ranks: Z 1, Y 2, X 3. Filling Y by the max (3) ties it with Z: Y 2→1. By the min (1)
    it ties X: X 3→2. By zero, Y falls below X: Y 2→3, X 3→2. The median changes nothing."""
    path = scenario(tmp_path, a1=0.5, a2=0.5, b1=0.0)
    text = path.read_text(encoding="utf-8").replace("Y: {A1: 2,", 'Y: {A1: "",')
    text = text.replace("missing: drop", "missing: {default: drop, A1: median}")
    path.write_text(text, encoding="utf-8")
    loaded = load_scenario(path)
    result = run(loaded)
    assert dict(result.results["topsis"].ranks) == {"X": 3, "Y": 2, "Z": 1}
    effects = {e.rule: (e.changed, dict(e.moves)) for e in result.imputation["topsis"]}
    assert effects == {
        "median": (0, {}),
        "max": (1, {"Y": (2, 1)}),
        "min": (1, {"X": (3, 2)}),
        "zero": (2, {"Y": (2, 3), "X": (3, 2)}),
    }
    data = json.loads(render_run(loaded.hierarchy, result, "json"))
    assert data["imputation_check"]["topsis"]["median"] == {"changed": 0, "moves": {}}
    assert any(n.startswith("imputation check (TOPSIS)") for n in data["notes"])


def test_one_missing_cell_that_decides_the_order_gives_rank_interval_1_2(tmp_path: Path) -> None:
    """Two cities, X = (?, 5), Y = (5, 5); A1 missing for X, 'sample' over [0, 10]: X is
    first exactly when its draw exceeds 5, so each is first with probability 1/2 and both
    rank intervals (5th–95th percentile) are 1–2; --draw missing gives that acceptability."""
    path = tmp_path / "two.yaml"
    path.write_text(
        "format: citydip/scenario\nversion: 1\nname: Two\n"
        "criteria:\n  - {id: A1, direction: benefit}\n  - {id: A2, direction: benefit}\n"
        "weights: {A1: 0.5, A2: 0.5}\n"
        'alternatives:\n  X: {A1: "", A2: 5}\n  Y: {A1: 5, A2: 5}\n'
        "missing: {default: fail, A1: sample}\nmissing_ranges: {A1: [0, 10]}\n"
        "methods: {topsis: {}, vikor: {}}\n",
        encoding="utf-8",
    )
    loaded = load_scenario(path)
    result = run(loaded)
    assert result.rank_intervals is not None
    for method in ("topsis", "vikor"):
        assert dict(result.rank_intervals.intervals[method]) == {"X": (1, 2), "Y": (1, 2)}
    data = json.loads(render_run(loaded.hierarchy, result, "json"))
    assert data["rank_intervals"]["topsis"] == {"X": [1, 2], "Y": [1, 2]}
    assert data["rank_interval_conventions"]["draws"] == 1000
    assert "| ranks 5–95% |" in render_run(loaded.hierarchy, result, "md")

    from mcda_citydip.analysis import SensitivitySettings, analyse

    report = analyse(loaded, SensitivitySettings(samples=20_000, draw="missing", seed=7))
    first = report.smaa.rank_acceptability[:, 0]
    assert first == pytest.approx([0.5, 0.5], abs=0.02)  # P(U(0, 10) > 5) = 1/2


def test_sample_without_data_needs_a_range(tmp_path: Path) -> None:
    path = scenario(tmp_path, extra="")
    text = path.read_text(encoding="utf-8").replace("missing: drop", "missing: sample")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"'B1' has no value at all.*missing_ranges"):
        run(load_scenario(path))


def test_a_cell_range_overrides_its_indicator_range(tmp_path: Path) -> None:
    """Experts say X's missing A1 lies in [6, 10]: above Y's 5 in every draw, so X is first
    in all of them (rank intervals 1–1 and 2–2); Z's cell keeps the indicator's range."""
    path = tmp_path / "cells.yaml"
    path.write_text(
        "format: citydip/scenario\nversion: 1\nname: Cells\n"
        "criteria:\n  - {id: A1, direction: benefit}\n  - {id: A2, direction: benefit}\n"
        "weights: {A1: 0.5, A2: 0.5}\n"
        'alternatives:\n  X: {A1: "", A2: 5}\n  Y: {A1: 5, A2: 5}\n'
        "missing: {default: fail, A1: sample}\n"
        "missing_ranges: {A1: {X: [6, 10]}}\n"
        "methods: {topsis: {}}\n",
        encoding="utf-8",
    )
    result = run(load_scenario(path))
    assert result.rank_intervals is not None
    assert dict(result.rank_intervals.intervals["topsis"]) == {"X": (1, 1), "Y": (2, 2)}
