"""Missing data, transforms and expert scores through the real ``citydip`` entry point.

Each test builds a small scenario in ``tmp_path`` (direct weights, 4 or 5 cities) and runs
``python -m mcda_citydip`` on it (the ``citydip`` fixture of ``conftest.py``). Expected
values are worked out by hand; where a policy's effect on the ranking is checked, the run
is compared with a second scenario that states the same data explicitly (the imputed
value written into the cell, the dropped indicator removed with re-normalised weights,
the transformed values computed by hand).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

LEAVES = {  # id: (dimension, direction)
    "GDP": ("ECO", "benefit"),
    "NET1": ("ECO", "benefit"),
    "EDU": ("SOC", "benefit"),
    "RISK": ("SOC", "cost"),
    "POL": ("SOC", "benefit"),
}
WEIGHTS = {"GDP": 0.4, "NET1": 0.2, "EDU": 0.2, "RISK": 0.2}
CITIES = ("Alpha", "Beta", "Gamma", "Delta", "Eps")

# NET1 lacks Beta; the other NET1 values 5, 9, 1, 3 have median (3 + 5) / 2 = 4 (mean 4.5).
TABLE = """\
# Test data, not measurements.
city,GDP,NET1,EDU,RISK
Alpha,10,5,3,2
Beta,8,{beta},4,1
Gamma,6,9,2,3
Delta,9,1,5,2
Eps,7,3,4,4
"""


def criteria_text(leaves: tuple[str, ...]) -> str:
    lines = ["format: citydip/criteria", "version: 1", "goal: Test goal", "criteria:"]
    for dimension in ("ECO", "SOC"):
        mine = [leaf for leaf in leaves if LEAVES[leaf][0] == dimension]
        if mine:
            lines += [f"  - id: {dimension}", "    children:"]
            lines += [f"      - {{id: {x}, direction: {LEAVES[x][1]}}}" for x in mine]
    return "\n".join(lines) + "\n"


def write_case(
    root: Path,
    table: str,
    extra: str = "",
    weights: dict[str, float] | None = None,
    leaves: tuple[str, ...] = ("GDP", "NET1", "EDU", "RISK"),
    files: dict[str, str] | None = None,
) -> Path:
    """Write criteria, data, scenario (and any other files) to ``root``; return the scenario."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "criteria.yaml").write_text(criteria_text(leaves), encoding="utf-8")
    (root / "cities.csv").write_text(table, encoding="utf-8")
    given = weights if weights is not None else {k: v for k, v in WEIGHTS.items() if k in leaves}
    scenario = (
        "format: citydip/scenario\nversion: 1\nname: Coverage test\n"
        "criteria: criteria.yaml\nalternatives: cities.csv\n"
        f"weights: {json.dumps(given)}\n"
        "methods:\n  topsis: {normalization: vector}\n  vikor: {v: 0.5}\n" + extra
    )
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    path = root / "scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


def run_json(citydip, scenario: Path, *options: str) -> dict[str, Any]:
    done = citydip("run", scenario, "--format", "json", *options)
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def assert_same_ranking(found: dict[str, Any], expected: dict[str, Any]) -> None:
    """Same TOPSIS scores and VIKOR S, R, Q and ranks (up to rounding of the last digits)."""
    topsis, reference = found["results"]["topsis"], expected["results"]["topsis"]
    assert topsis["scores"] == pytest.approx(reference["scores"], rel=1e-9, abs=1e-12)
    assert topsis["ranks"] == reference["ranks"]
    vikor, reference = found["results"]["vikor"], expected["results"]["vikor"]
    for key in ("S", "R", "Q"):
        assert vikor[key] == pytest.approx(reference[key], rel=1e-9, abs=1e-12), key
    assert vikor["ranks"] == reference["ranks"]


def assert_different_ranking(found: dict[str, Any], other: dict[str, Any]) -> None:
    first = found["results"]["topsis"]["scores"]
    second = other["results"]["topsis"]["scores"]
    assert any(abs(first[c] - second[c]) > 1e-6 for c in first), (first, second)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


# ---------------------------------------------------------------- policies


def test_drop_removes_the_indicator_and_renormalises(tmp_path, citydip):
    dropped = run_json(
        citydip, write_case(tmp_path / "drop", TABLE.format(beta=""), "missing: drop\n")
    )
    # Without NET1: 0.4, 0.2, 0.2 over 0.8 → 0.5, 0.25, 0.25.
    table = TABLE.format(beta="").replace(",NET1", "")
    table = re.sub(r"^(\w+,[\d.]+),[\d.]*,", r"\1,", table, flags=re.M)
    assert "Alpha,10,3,2" in table
    reference = write_case(
        tmp_path / "reference",
        table,
        weights={"GDP": 0.5, "EDU": 0.25, "RISK": 0.25},
        leaves=("GDP", "EDU", "RISK"),
    )
    assert_same_ranking(dropped, run_json(citydip, reference))
    coverage = dropped["coverage"]["NET1"]
    assert (coverage["policy"], coverage["action"]) == ("drop", "dropped")
    assert coverage["missing"] == ["Beta"]
    notes = [n for n in dropped["notes"] if "NET1" in n]
    assert len(notes) == 1, dropped["notes"]
    assert "dropped" in notes[0] and "re-normalised" in notes[0]
    assert "0.200" in notes[0]  # the weight that was dropped
    assert dropped["conventions"]["missing"] == "drop"


def test_median_imputes_the_median_of_the_others(tmp_path, citydip):
    imputed = run_json(
        citydip, write_case(tmp_path / "median", TABLE.format(beta=""), "missing: median\n")
    )
    coverage = imputed["coverage"]["NET1"]
    assert coverage["imputed"] == {"Beta": 4.0}
    assert (coverage["policy"], coverage["action"]) == ("median", "imputed")
    reference = run_json(citydip, write_case(tmp_path / "reference", TABLE.format(beta="4")))
    assert_same_ranking(imputed, reference)
    assert any("NET1" in n and "Beta" in n and "median" in n for n in imputed["notes"])


def test_median_is_taken_after_the_transform(tmp_path, citydip):
    # NET1 1, 3, 7, 15 → log1p: ln 2, ln 4, ln 8, ln 16 → median (ln 4 + ln 8) / 2 = 2.5 ln 2
    # (the median before the transform, 5, would give ln 6).
    table = TABLE.format(beta="").replace("Alpha,10,5,", "Alpha,10,15,")
    table = table.replace("Gamma,6,9,", "Gamma,6,7,")
    scenario = write_case(tmp_path, table, "missing: median\ntransforms: {NET1: log1p}\n")
    coverage = run_json(citydip, scenario)["coverage"]["NET1"]
    assert coverage["imputed"]["Beta"] == pytest.approx(2.5 * math.log(2), rel=1e-12)
    assert coverage["transform"] == "log1p"


def test_zero_sets_the_gap_to_zero(tmp_path, citydip):
    zeroed = run_json(
        citydip, write_case(tmp_path / "zero", TABLE.format(beta=""), "missing: zero\n")
    )
    coverage = zeroed["coverage"]["NET1"]
    assert coverage["imputed"] == {"Beta": 0.0}
    assert (coverage["policy"], coverage["action"]) == ("zero", "zero")
    reference = run_json(citydip, write_case(tmp_path / "reference", TABLE.format(beta="0")))
    assert_same_ranking(zeroed, reference)


# NET1 lacks Beta and Delta, EDU lacks Gamma.
TWO_GAPS = (
    TABLE.format(beta="").replace("Delta,9,1,5", "Delta,9,,5").replace("Gamma,6,9,2", "Gamma,6,9,")
)


def check_fail_lines(done) -> None:
    """One ``Error:`` line per indicator with gaps, naming it, its cities and the fix."""
    done.expect_error()
    assert len(done.errors) == 2, done.stderr
    net1 = [e for e in done.errors if "NET1" in e]
    edu = [e for e in done.errors if "EDU" in e]
    assert len(net1) == 1 and len(edu) == 1, done.stderr
    assert "Beta" in net1[0] and "Delta" in net1[0]
    assert "Gamma" in edu[0]
    for line in done.errors:
        assert "cities.csv" in line
        assert "missing:" in line and "median" in line  # the fix: choose a policy


def test_fail_names_each_indicator_and_its_cities(tmp_path, citydip):
    done = citydip("run", write_case(tmp_path, TWO_GAPS, "missing: fail\n"))
    check_fail_lines(done)


def test_fail_as_the_default_of_a_mapping(tmp_path, citydip):
    done = citydip("run", write_case(tmp_path, TWO_GAPS, "missing: {default: fail, GDP: zero}\n"))
    check_fail_lines(done)


def test_fail_for_one_indicator_only(tmp_path, citydip):
    scenario = write_case(tmp_path, TWO_GAPS, "missing: {default: median, NET1: fail}\n")
    done = citydip("run", scenario)
    done.expect_error("NET1", "Beta", "Delta")
    assert len(done.errors) == 1, done.stderr  # EDU's gap is imputed, not an error


def test_per_indicator_overrides_with_default(tmp_path, citydip):
    table = TWO_GAPS.replace("Eps,7,3,4,4", "Eps,7,3,4,")  # RISK lacks Eps
    extra = "missing:\n  default: median\n  NET1: zero\n  EDU: drop\n"
    found = run_json(citydip, write_case(tmp_path, table, extra))
    coverage = found["coverage"]
    assert (coverage["NET1"]["policy"], coverage["NET1"]["action"]) == ("zero", "zero")
    assert coverage["NET1"]["imputed"] == {"Beta": 0.0, "Delta": 0.0}
    assert (coverage["EDU"]["policy"], coverage["EDU"]["action"]) == ("drop", "dropped")
    # RISK: others 2, 1, 3, 2 → median 2
    assert (coverage["RISK"]["policy"], coverage["RISK"]["action"]) == ("median", "imputed")
    assert coverage["RISK"]["imputed"] == {"Eps": 2.0}
    assert (coverage["GDP"]["policy"], coverage["GDP"]["action"]) == ("median", "complete")
    assert found["conventions"]["missing"] == {
        "GDP": "median",
        "NET1": "zero",
        "EDU": "drop",
        "RISK": "median",
    }


def test_an_override_that_is_not_an_indicator(tmp_path, citydip):
    scenario = write_case(tmp_path, TWO_GAPS, "missing: {default: median, NET9: zero}\n")
    done = citydip("run", scenario)
    done.expect_error("scenario.yaml", "NET9", location=rf"line {line_of(scenario, 'NET9')}\b")


def test_an_unknown_policy(tmp_path, citydip):
    scenario = write_case(tmp_path, TWO_GAPS, "missing: guess\n")
    done = citydip("run", scenario)
    done.expect_error("scenario.yaml", "missing", location=rf"line {line_of(scenario, 'guess')}\b")


@pytest.mark.parametrize(("policy", "how"), [("median", "absent column"), ("zero", "empty column")])
def test_an_indicator_without_any_value_is_dropped(tmp_path, citydip, policy, how):
    if how == "absent column":
        table = re.sub(r"^(\w+,[\d.]+),[\d.]*,", r"\1,", TABLE.format(beta=""), flags=re.M)
        table = table.replace(",NET1", "")
    else:
        table = re.sub(r"^(\w+,[\d.]+),[\d.]*,", r"\1,,", TABLE.format(beta=""), flags=re.M)
    assert "Alpha,10,3,2" in table or "Alpha,10,,3,2" in table
    found = run_json(citydip, write_case(tmp_path / "case", table, f"missing: {policy}\n"))
    coverage = found["coverage"]["NET1"]
    assert coverage["action"] == "dropped"
    assert coverage["data"] == []
    assert coverage["missing"] == list(CITIES)
    assert any("NET1" in n and "dropped" in n for n in found["notes"]), found["notes"]
    reference = write_case(
        tmp_path / "reference",
        re.sub(r"^(\w+,[\d.]+),[\d.]*,", r"\1,", TABLE.format(beta=""), flags=re.M).replace(
            ",NET1", ""
        ),
        weights={"GDP": 0.5, "EDU": 0.25, "RISK": 0.25},
        leaves=("GDP", "EDU", "RISK"),
    )
    assert_same_ranking(found, run_json(citydip, reference))


def test_an_empty_cell_without_a_policy_keeps_the_old_error(tmp_path, citydip):
    scenario = write_case(tmp_path, TABLE.format(beta=""))
    done = citydip("run", scenario)
    number = line_of(tmp_path / "cities.csv", "Beta,")
    done.expect_error("cities.csv", "column NET1", "missing:", location=rf"\bline {number}\b")


@pytest.mark.parametrize("mark", ["NA", "n/a", "N/A", "na"])
def test_na_cells_count_as_missing(tmp_path, citydip, mark):
    table = TABLE.format(beta=mark).replace("Delta,9,1,5", "Delta,9,n/a,5")
    coverage = run_json(citydip, write_case(tmp_path, table, "missing: zero\n"))["coverage"]
    assert coverage["NET1"]["missing"] == ["Beta", "Delta"]
    assert coverage["NET1"]["imputed"] == {"Beta": 0.0, "Delta": 0.0}


@pytest.mark.parametrize(
    "weights",
    [WEIGHTS, {"GDP": 0.0, "NET1": 0.5, "EDU": 0.5, "RISK": 0.0}],
    ids=["every indicator has a gap", "only zero-weight indicators are left"],
)
def test_dropping_everything_is_a_clear_error(tmp_path, citydip, weights):
    table = TWO_GAPS
    if weights == WEIGHTS:  # GDP and RISK lose a value too
        table = table.replace("Alpha,10,5,3,2", "Alpha,,5,3,").replace("Eps,7,3,4,4", "Eps,7,3,4,")
    done = citydip("run", write_case(tmp_path, table, "missing: drop\n", weights=weights))
    done.expect_error("no indicator")
    assert len(done.errors) == 1, done.stderr


# ---------------------------------------------------------------- coverage output

COVERAGE_KEYS = {"data", "experts", "missing", "policy", "action", "imputed", "transform", "raters"}


def test_json_has_coverage_for_every_indicator(tmp_path, citydip):
    found = run_json(citydip, write_case(tmp_path, TABLE.format(beta=""), "missing: median\n"))
    coverage = found["coverage"]
    assert list(coverage) == ["GDP", "NET1", "EDU", "RISK"]
    for indicator, entry in coverage.items():
        assert set(entry) == COVERAGE_KEYS, indicator
    assert coverage["GDP"] == {
        "data": list(CITIES),
        "experts": [],
        "raters": [],
        "missing": [],
        "policy": "median",
        "action": "complete",
        "imputed": {},
        "transform": "none",
    }
    assert coverage["NET1"]["data"] == ["Alpha", "Gamma", "Delta", "Eps"]
    assert coverage["NET1"]["missing"] == ["Beta"]
    assert found["conventions"]["missing"] == "median"


def test_json_has_coverage_without_any_gap(tmp_path, citydip):
    found = run_json(citydip, write_case(tmp_path, TABLE.format(beta="2")))
    assert set(found["coverage"]) == {"GDP", "NET1", "EDU", "RISK"}
    assert {e["action"] for e in found["coverage"].values()} == {"complete"}
    assert {e["policy"] for e in found["coverage"].values()} == {"fail"}


def test_table_output_shows_the_coverage_table(tmp_path, citydip):
    done = citydip("run", write_case(tmp_path, TABLE.format(beta=""), "missing: median\n"))
    assert done.code == 0, done.stderr
    assert "Data coverage" in done.stdout
    rows = [line for line in done.stdout.splitlines() if re.search(r"\bNET1\b", line)]
    assert any("imputed" in row and "Beta" in row and "4/5" in row for row in rows), done.stdout


def test_md_output_has_a_coverage_section(tmp_path, citydip):
    done = citydip(
        "run", write_case(tmp_path, TABLE.format(beta=""), "missing: median\n"), "-f", "md"
    )
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "## Data coverage" in lines
    section = lines[lines.index("## Data coverage") :]
    net1 = next(line for line in section if line.startswith("| NET1 |"))
    cells = [c.strip() for c in net1.strip("|").split("|")]
    assert cells[0] == "NET1"
    assert "4/5" in cells and "Beta" in cells and "median" in cells and "imputed" in cells


# ---------------------------------------------------------------- transforms

# NET1 per million: Alpha 10/2e6 → 5, Beta 6/3e6 → 2, Gamma 6/5e5 → 12,
# Delta 3/3e6 → 1, Eps 8/4e6 → 2.
PEOPLE_TABLE = """\
city,GDP,NET1,EDU,RISK,pop
Alpha,10,10,3,2,2000000
Beta,8,6,4,1,3000000
Gamma,6,6,2,3,500000
Delta,9,3,5,2,3000000
Eps,7,8,4,4,4000000
"""
PER_MILLION = {"Alpha": 5, "Beta": 2, "Gamma": 12, "Delta": 1, "Eps": 2}


@pytest.mark.parametrize("transform", ["per-capita", "per-million", "log1p-per-million"])
def test_per_capita_needs_population(tmp_path, citydip, transform):
    scenario = write_case(tmp_path, TABLE.format(beta="2"), f"transforms: {{NET1: {transform}}}\n")
    done = citydip("run", scenario)
    done.expect_error("scenario.yaml", "transforms", "population:")


def test_per_million_ranks_the_divided_values(tmp_path, citydip):
    scenario = write_case(
        tmp_path / "t", PEOPLE_TABLE, "population: pop\ntransforms: {NET1: per-million}\n"
    )
    found = run_json(citydip, scenario)
    lines = ["city,GDP,NET1,EDU,RISK"]
    for row in PEOPLE_TABLE.splitlines()[1:]:
        city, gdp, _, edu, risk, _ = row.split(",")
        lines.append(f"{city},{gdp},{PER_MILLION[city]},{edu},{risk}")
    reference = write_case(tmp_path / "reference", "\n".join(lines) + "\n")
    assert_same_ranking(found, run_json(citydip, reference))
    assert found["coverage"]["NET1"]["transform"] == "per-million"
    assert found["conventions"]["transforms"] == {"NET1": "per-million"}
    # The raw counts rank differently (else this test could not tell them apart).
    raw = write_case(tmp_path / "raw", PEOPLE_TABLE, "population: pop\n")
    assert_different_ranking(found, run_json(citydip, raw))


@pytest.mark.parametrize(
    ("transform", "expected"),
    [
        # the others per million 5, 12, 1, 2 → median (2 + 5) / 2
        ("per-million", 3.5),
        ("per-capita", 3.5e-6),
        ("log1p-per-million", (math.log(3) + math.log(6)) / 2),
    ],
)
def test_division_seen_through_the_imputed_value(tmp_path, citydip, transform, expected):
    table = PEOPLE_TABLE.replace("Beta,8,6,", "Beta,8,,")
    extra = f"population: pop\ntransforms: {{NET1: {transform}}}\nmissing: median\n"
    coverage = run_json(citydip, write_case(tmp_path, table, extra))["coverage"]
    assert coverage["NET1"]["imputed"]["Beta"] == pytest.approx(expected, rel=1e-12)
    assert coverage["NET1"]["transform"] == transform


def test_log1p_ranks_log_values(tmp_path, citydip):
    found = run_json(
        citydip, write_case(tmp_path / "t", TABLE.format(beta="2"), "transforms: {NET1: log1p}\n")
    )
    # NET1 5, 2, 9, 1, 3 → log(6), log(3), log(10), log(2), log(4)
    logged = TABLE.format(beta=repr(math.log(3)))
    for city, value in (("Alpha", 5), ("Gamma", 9), ("Delta", 1), ("Eps", 3)):
        logged = re.sub(
            rf"^{city},(\d+),{value},", rf"{city},\g<1>,{math.log1p(value)!r},", logged, flags=re.M
        )
    assert "Gamma,6,2.302585092994046," in logged
    reference = write_case(tmp_path / "reference", logged)
    assert_same_ranking(found, run_json(citydip, reference))


def test_log1p_of_a_negative_value(tmp_path, citydip):
    scenario = write_case(tmp_path, TABLE.format(beta="-3"), "transforms: {NET1: log1p}\n")
    done = citydip("run", scenario)
    done.expect_error("NET1", "log1p", "negative")


def test_no_transforms_ranks_the_raw_values(tmp_path, citydip):
    extra = "population: pop\ntransforms: {NET1: per-million, GDP: log1p}\n"
    scenario = write_case(tmp_path / "t", PEOPLE_TABLE, extra)
    raw = run_json(citydip, scenario, "--no-transforms")
    reference = run_json(citydip, write_case(tmp_path / "raw", PEOPLE_TABLE, "population: pop\n"))
    assert_same_ranking(raw, reference)
    assert {e["transform"] for e in raw["coverage"].values()} == {"none"}
    assert "transforms" not in raw["conventions"]
    # With the transforms the ranking differs, so the option did something.
    assert_different_ranking(run_json(citydip, scenario), raw)


def test_population_column_is_not_an_indicator(tmp_path, citydip):
    scenario = write_case(
        tmp_path, PEOPLE_TABLE, "population: pop\ntransforms: {NET1: per-capita}\n"
    )
    found = run_json(citydip, scenario)
    assert "pop" not in found["coverage"]
    assert "pop" not in found["weights"]
    assert found["alternatives"] == list(CITIES)


def test_a_population_column_without_population_key_is_unknown(tmp_path, citydip):
    done = citydip("run", write_case(tmp_path, PEOPLE_TABLE))
    done.expect_error("cities.csv", "'pop'", "not an indicator")


def test_a_missing_population_column_is_named(tmp_path, citydip):
    scenario = write_case(
        tmp_path, TABLE.format(beta="2"), "population: people\ntransforms: {NET1: per-capita}\n"
    )
    done = citydip("run", scenario)
    done.expect_error("cities.csv", "no column 'people'")
    assert len(done.errors) == 1, done.stderr


def test_a_transform_of_an_unknown_indicator(tmp_path, citydip):
    scenario = write_case(tmp_path, TABLE.format(beta="2"), "transforms: {NET9: log1p}\n")
    done = citydip("run", scenario)
    done.expect_error("scenario.yaml", "NET9", location=rf"line {line_of(scenario, 'NET9')}\b")


# ---------------------------------------------------------------- expert scores


def scores_file(expert: str, body: str) -> str:
    return f"format: citydip/scores\nversion: 1\nexpert: {expert}\n{body}"


def test_ratings_fill_empty_cells_with_the_mean(tmp_path, citydip):
    files = {
        "scores/alice.yaml": scores_file("alice", "ratings:\n  NET1: {Beta: 2}\n"),
        "scores/bob.yaml": scores_file("bob", "ratings:\n  NET1: {Beta: 6}\n"),
    }
    scenario = write_case(
        tmp_path / "s", TABLE.format(beta=""), "expert_scores: scores/\n", files=files
    )
    found = run_json(citydip, scenario)
    reference = run_json(citydip, write_case(tmp_path / "reference", TABLE.format(beta="4")))
    assert_same_ranking(found, reference)
    coverage = found["coverage"]["NET1"]
    assert coverage["experts"] == ["Beta"]
    assert coverage["data"] == ["Alpha", "Gamma", "Delta", "Eps"]
    assert coverage["missing"] == []
    assert coverage["action"] == "complete"
    assert found["coverage"]["GDP"]["experts"] == []


def test_expert_cells_show_in_the_coverage_table(tmp_path, citydip):
    files = {"alice.yaml": scores_file("alice", "ratings:\n  NET1: {Beta: 2}\n")}
    scenario = write_case(
        tmp_path, TABLE.format(beta=""), "expert_scores: alice.yaml\n", files=files
    )
    done = citydip("run", scenario, "-f", "md")
    assert done.code == 0, done.stderr
    lines = done.stdout.splitlines()
    section = lines[lines.index("## Data coverage") :]
    net1 = next(line for line in section if line.startswith("| NET1 |"))
    cells = [c.strip() for c in net1.strip("|").split("|")]
    assert cells[1:3] == ["4/5", "1/5 (1 rater)"]  # data, experts (raters)


def test_pairwise_comparisons_give_ahp_priorities(tmp_path, citydip):
    # Alpha:Beta = 2, Beta:Gamma = 2, Alpha:Gamma = 4 → POL = 4/7, 2/7, 1/7.
    table = "city,GDP,EDU\nAlpha,6,3\nBeta,8,4\nGamma,10,2\n"
    leaves = ("GDP", "EDU", "POL")
    weights = {"GDP": 0.4, "EDU": 0.3, "POL": 0.3}
    pairs = "    - [Alpha, Beta, 2]\n    - [Beta, Gamma, 2]\n    - [Alpha, Gamma, 4]\n"
    files = {"bob.yaml": scores_file("bob", "comparisons:\n  POL:\n" + pairs)}
    scenario = write_case(
        tmp_path / "s", table, "expert_scores: bob.yaml\n", weights, leaves, files
    )
    found = run_json(citydip, scenario)
    written = f"city,GDP,EDU,POL\nAlpha,6,3,{4 / 7!r}\nBeta,8,4,{2 / 7!r}\nGamma,10,2,{1 / 7!r}\n"
    reference = write_case(tmp_path / "reference", written, "", weights, leaves)
    assert_same_ranking(found, run_json(citydip, reference))
    coverage = found["coverage"]["POL"]
    assert coverage["experts"] == ["Alpha", "Beta", "Gamma"]
    assert coverage["data"] == []


def test_rated_and_compared_on_one_indicator(tmp_path, citydip):
    table = "city,GDP,EDU\nAlpha,6,3\nBeta,8,4\nGamma,10,2\n"
    files = {
        "scores/alice.yaml": scores_file("alice", "ratings:\n  POL: {Alpha: 3}\n"),
        "scores/bob.yaml": scores_file("bob", "comparisons:\n  POL:\n    - [Beta, Gamma, 2]\n"),
    }
    scenario = write_case(
        tmp_path,
        table,
        "expert_scores: scores/\n",
        {"GDP": 0.4, "EDU": 0.3, "POL": 0.3},
        ("GDP", "EDU", "POL"),
        files,
    )
    done = citydip("run", scenario)
    done.expect_error("POL", "rated", "compared")


ALICE = "ratings:\n  NET1: {Beta: 4}\n"


@pytest.mark.parametrize(
    ("body", "needle", "words"),
    [
        (ALICE.replace("Beta", "Zeta"), "Zeta", ("'Zeta'", "ratings.NET1.Zeta")),
        (ALICE.replace("NET1", "NET9"), "NET9", ("'NET9'", "indicator")),
        ("comparisons:\n  NET1:\n    - [Beta, Gamma, 12]\n", "12]", ("12", "1/9")),
        ("comparisons:\n  NET1:\n    - [Beta, Zeta, 2]\n", "Zeta", ("'Zeta'",)),
        ("comparisons:\n  NET1:\n    - [Beta, Gamma, abc]\n", "abc", ("abc",)),
    ],
    ids=[
        "unknown city rated",
        "unknown indicator",
        "judgment off scale",
        "unknown city compared",
        "judgment not a number",
    ],
)
def test_bad_scores_file_exits_2_with_file_and_line(tmp_path, citydip, body, needle, words):
    files = {"scores/alice.yaml": scores_file("alice", body)}
    scenario = write_case(tmp_path, TABLE.format(beta=""), "expert_scores: scores/\n", files=files)
    number = line_of(tmp_path / "scores" / "alice.yaml", needle)
    done = citydip("run", scenario)
    done.expect_error("alice.yaml", *words, location=rf"\bline {number}\b")


def test_a_cell_with_data_and_an_expert_score(tmp_path, citydip):
    files = {"alice.yaml": scores_file("alice", "ratings:\n  NET1: {Beta: 4, Alpha: 1}\n")}
    scenario = write_case(
        tmp_path, TABLE.format(beta=""), "expert_scores: alice.yaml\n", files=files
    )
    done = citydip("run", scenario)
    (line,) = done.expect_error("Alpha/NET1")
    assert "Beta/NET1" not in line


def test_a_missing_scores_file_is_named(tmp_path, citydip):
    scenario = write_case(tmp_path, TABLE.format(beta=""), "expert_scores: nowhere.yaml\n")
    done = citydip("run", scenario)
    done.expect_error("nowhere.yaml")


def test_expert_scores_leave_other_gaps_to_the_policy(tmp_path, citydip):
    files = {"alice.yaml": scores_file("alice", "ratings:\n  NET1: {Beta: 4}\n")}
    scenario = write_case(tmp_path, TWO_GAPS, "expert_scores: alice.yaml\n", files=files)
    done = citydip("run", scenario)
    # No policy: NET1 still lacks Delta, EDU lacks Gamma; Beta was rated.
    done.expect_error("NET1", "Delta")
    assert not any("NET1" in e and "Beta" in e for e in done.errors), done.stderr
    done.expect_error("EDU", "Gamma")


def test_an_infinite_rating_is_a_user_error(tmp_path, citydip):
    files = {"alice.yaml": scores_file("alice", "ratings:\n  NET1: {Beta: .inf}\n")}
    scenario = write_case(
        tmp_path, TABLE.format(beta=""), "expert_scores: alice.yaml\n", files=files
    )
    done = citydip("run", scenario)
    number = line_of(tmp_path / "alice.yaml", ".inf")
    done.expect_error("alice.yaml", location=rf"\bline {number}\b")
