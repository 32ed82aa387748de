"""``citydip scores`` and expert ratings in ranked output, on the ILLUSTRATIVE three-expert
panel (``scenarios/illustrative/panel``, written by ``scripts/illustrative_panel.py``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from cases import copy_panel

from mcda_citydip.errors import InputError
from mcda_citydip.expert_ratings import rating_indicators
from mcda_citydip.files.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "scenarios" / "illustrative" / "panel"
MEASURED = [
    "NET1",
    "NET2",
    "NET3",
    "NET4",
    "BIL1",
    "BIL5",
    "KNW4",
    "ECO1",
    "ECO2",
    "ECO6",
    "CUL3",
    "POL1",
]
ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def expert_files() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((PANEL / "scores").glob("*.yaml"))
    ]


@pytest.fixture
def panel_copy(tmp_path: Path) -> Path:
    """The panel scenario in ``tmp_path``, its experts' scores included."""
    return copy_panel(tmp_path, with_scores=True)


def test_the_json_follows_the_contract_and_the_experts_files(citydip):
    done = citydip("scores", PANEL / "scenario.yaml", "--format", "json")
    assert done.code == 0, done.stderr
    found = json.loads(done.stdout)
    files = expert_files()
    rated = [k for k in found["indicators"]]
    assert len(rated) == 20 and not set(rated) & set(MEASURED)
    for indicator, entry in found["indicators"].items():
        assert {"raters", "kendall_w", "icc", "values", "most_deviating"} <= set(entry)
        assert entry["raters"] == 3
        assert set(entry["icc"]) == set(ICC_FORMS)
        for city, value in entry["values"].items():  # the mean of the files' ratings
            given = [f["ratings"][indicator].get(city) for f in files]
            numbers = [v for v in given if v is not None]
            assert value == pytest.approx(np.mean(numbers)), (indicator, city)
    low = {k for k, e in found["indicators"].items() if e["low_agreement"]}
    assert low == {"KNW1", "POL5"}  # the two the script makes erratic
    for k in low:
        assert found["indicators"][k]["icc"]["ICC2k"] < 0.5
    support = found["supported_weight"]
    assert support["without_experts"] < 0.5 < support["with_experts"] == pytest.approx(1.0)
    assert found["conventions"]["agreement"] == "ICC2k"


def test_the_table_flags_low_agreement_and_states_the_supported_weight(citydip):
    done = citydip("scores", PANEL / "scenario.yaml")
    assert done.code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "LOW AGREEMENT: KNW1, POL5" in text
    assert "Supported weight: 49.0% without expert scores, 100.0% with them" in text
    assert "ICC2k" in text and "kendall_w" in text and "most_deviating" in text


def test_csv_and_md_carry_the_same_rows(citydip):
    csv_out = citydip("scores", PANEL / "scenario.yaml", "-f", "csv")
    md_out = citydip("scores", PANEL / "scenario.yaml", "-f", "md")
    assert csv_out.code == md_out.code == 0
    rows = [line for line in csv_out.stdout.splitlines() if not line.startswith("#")]
    assert rows[0].split(",")[:4] == ["indicator", "scale", "raters", "cities"]
    assert len(rows) == 21
    assert md_out.stdout.count("| KNW1 |") == 1 and "LOW" in md_out.stdout


def test_every_ranked_output_names_the_raters_and_the_low_agreement(citydip):
    done = citydip("run", PANEL / "scenario.yaml", "--format", "json")
    assert done.code == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["coverage"]["KNW1"]["raters"] == ["expert-a", "expert-b", "expert-c"]
    assert found["coverage"]["NET1"]["raters"] == []
    notes = " ".join(found["notes"])
    assert "(3 raters: expert-a, expert-b, expert-c)" in notes
    assert "low agreement between raters (ICC2k below 0.5): KNW1" in notes
    assert "expert_ratings" in found["conventions"]
    md = citydip("run", PANEL / "scenario.yaml", "--format", "md").stdout
    coverage = md[md.index("## Data coverage") :]
    knw1 = next(line for line in coverage.splitlines() if line.startswith("| KNW1 |"))
    assert "10/10 (3 raters)" in knw1


def test_scores_needs_expert_scores_in_the_scenario(citydip):
    done = citydip("scores", ROOT / "scenarios" / "illustrative" / "scenario.yaml")
    done.expect_error("no 'expert_scores:'", "scores/")


def test_a_bad_scores_file_is_one_error_and_nothing_is_written(panel_copy, citydip):
    scores = panel_copy.parent / "scores"
    text = (scores / "expert-a.yaml").read_text(encoding="utf-8")
    cases = {
        "outside the scale": (
            text.replace("BIL2: {Bushehr: ", "BIL2: {Bushehr: 9, X: ", 1),
            "not a point",
        ),
        "unknown city": (text.replace("Bushehr", "Paris", 1), "unknown alternative 'Paris'"),
        "unknown indicator": (text.replace("  BIL2:", "  BIL9:", 1), "'BIL9' is not an indicator"),
    }
    for name, (changed, needle) in cases.items():
        (scores / "expert-a.yaml").write_text(changed, encoding="utf-8")
        out = panel_copy.parent / "out.json"
        done = citydip("scores", panel_copy, "-f", "json", "--out", out)
        done.expect_error(needle, "expert-a.yaml")
        assert not out.exists(), name
    (scores / "expert-a.yaml").write_text(text, encoding="utf-8")
    shutil.copy(scores / "expert-a.yaml", scores / "expert-a-again.yaml")
    citydip("run", panel_copy).expect_error("expert 'expert-a' has more than one scores file")


def test_a_panel_not_yet_started_has_no_ratings(panel_copy, citydip):
    shutil.rmtree(panel_copy.parent / "scores")
    done = citydip("scores", panel_copy)
    assert done.code == 0, done.stderr
    assert "No ratings yet" in done.stdout


def test_the_indicators_to_rate_are_those_without_data(panel_copy):
    scenario = load_scenario(PANEL / "scenario.yaml")
    expected = tuple(k for k in scenario.hierarchy.leaves if k not in MEASURED)
    assert rating_indicators(scenario, None) == expected
    assert rating_indicators(scenario, ["POL6", "BIL2"]) == ("BIL2", "POL6")  # hierarchy order
    with pytest.raises(InputError) as caught:
        rating_indicators(scenario, ["NET1", "XYZ"])
    first, second = caught.value.messages
    assert "NET1 has data for 10 of 10 candidates" in first
    assert "'XYZ' is not an indicator" in second
    complete = load_scenario(ROOT / "scenarios" / "illustrative" / "scenario.yaml")
    with pytest.raises(InputError, match="nothing is left to rate"):
        rating_indicators(complete, None)


def test_the_readme_example_is_the_real_output(citydip):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [line for line in readme.splitlines() if line.startswith("| ") and " | 3 | " in line]
    assert len(shown) == 5
    done = citydip("scores", PANEL / "scenario.yaml", "--format", "md")
    real = done.stdout.splitlines()
    for line in shown:
        assert line in real, line
    for sentence in ("LOW AGREEMENT: KNW1, POL5: discuss these ratings",):
        assert sentence in done.stdout and sentence in readme
    assert "Supported weight: 49.0% without expert scores, 100.0% with them" in done.stdout
