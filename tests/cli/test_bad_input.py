"""Bad input through the real entry point: exit code 2, one ``Error: …`` line per problem
naming the file and the location, never a traceback.

Every test starts from the valid small scenario of ``conftest.py`` and changes one thing.
"""

from __future__ import annotations

import re

import pytest

WEIGHTS_BLOCK = """\
weights:
  GDP: 0.3
  DIST: 0.2
  EDU: 0.2
  RISK: 0.2
  HEAL: 0.1
"""

CITIES_HEADER = "city,GDP,DIST,EDU,RISK,HEAL"
BETA_ROW = "Beta,8,200,4,1,2"


def line(number: int) -> str:
    """Regex for ``line N`` as a whole number."""
    return rf"\bline {number}\b"


def use_direct_weights(small):
    """The small scenario with direct leaf weights instead of judgments."""
    return small.edit("scenario.yaml", "judgments: judgments/\n", WEIGHTS_BLOCK)


# ---------------------------------------------------------------- unreadable files


@pytest.mark.parametrize("name", ["scenario.yaml", "criteria.yaml", "judgments/expert.yaml"])
def test_malformed_yaml(small, citydip, name):
    bad = small.edit(name, "version: 1\n", "version: 1\noops: a: b\n")
    number = small.line(name, "oops: a: b")
    done = citydip("run", small.scenario)
    done.expect_error(bad.name, location=line(number))


@pytest.mark.parametrize("name", ["scenario.yaml", "criteria.yaml", "judgments/expert.yaml"])
def test_yaml_that_is_not_utf8(small, citydip, name):
    bad = small.path(name)
    bad.write_bytes(bad.read_bytes().replace(b"version: 1", b"version: 1 # caf\xe9"))
    done = citydip("run", small.scenario)
    done.expect_error(bad.name, "UTF-8")


@pytest.mark.parametrize("name", ["scenario.yaml", "criteria.yaml", "judgments/expert.yaml"])
def test_yaml_that_is_not_a_mapping(small, citydip, name):
    bad = small.path(name)
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    done = citydip("run", small.scenario)
    done.expect_error(bad.name, location=line(1))


def test_duplicate_key_in_yaml(small, citydip_process):
    """End to end in a new process (the other tests run the entry point in process): the
    process itself exits 2 with one ``Error:`` line."""
    number = small.line("scenario.yaml", "name: Small test scenario") + 1
    small.edit("scenario.yaml", "name: Small test scenario\n", "name: A\nname: B\n")
    done = citydip_process("run", small.scenario)
    done.expect_error("scenario.yaml", "name", location=line(number))


def test_malformed_csv_row_with_too_many_cells(small, citydip):
    number = small.line("cities.csv", BETA_ROW)
    small.edit("cities.csv", BETA_ROW, BETA_ROW + ",99")
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", location=line(number))


def test_malformed_csv_unclosed_quote(small, citydip):
    number = small.line("cities.csv", BETA_ROW)
    small.edit("cities.csv", BETA_ROW, 'Beta,"8,200,4,1,2')
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", location=line(number))


def test_xlsx_that_is_not_a_workbook(small, citydip):
    small.path("cities.xlsx").write_text("not a workbook\n", encoding="utf-8")
    small.edit("scenario.yaml", "alternatives: cities.csv", "alternatives: cities.xlsx")
    done = citydip("run", small.scenario)
    done.expect_error("cities.xlsx")


# ---------------------------------------------------------------- missing files


def test_missing_scenario_file(small, citydip):
    done = citydip("run", small.path("no-such-scenario.yaml"))
    done.expect_error("no-such-scenario.yaml")


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("criteria: criteria.yaml", "criteria: no-such-criteria.yaml", "no-such-criteria.yaml"),
        ("alternatives: cities.csv", "alternatives: no-such-cities.csv", "no-such-cities.csv"),
        ("alternatives: cities.csv", "alternatives: no-such-cities.xlsx", "no-such-cities.xlsx"),
        ("judgments: judgments/", "judgments: no-such-folder/", "no-such-folder"),
        ("judgments: judgments/", "judgments: no-such-expert.yaml", "no-such-expert.yaml"),
    ],
    ids=["criteria", "data-csv", "data-xlsx", "judgments-folder", "judgments-file"],
)
@pytest.mark.parametrize("command", ["run", "validate"])
def test_missing_named_file(small, citydip, command, old, new, missing):
    small.edit("scenario.yaml", old, new)
    done = citydip(command, small.scenario)
    done.expect_error(missing)


def test_missing_criteria_file_for_the_criteria_command(small, citydip):
    done = citydip("criteria", small.path("no-such-criteria.yaml"))
    done.expect_error("no-such-criteria.yaml")


def test_empty_judgments_folder(small, citydip):
    small.path("judgments/expert.yaml").unlink()
    done = citydip("run", small.scenario)
    done.expect_error("judgments")


# ---------------------------------------------------------------- criteria


def test_duplicate_id_in_criteria(small, citydip):
    number = small.line("criteria.yaml", "id: HEAL")
    small.edit("criteria.yaml", "id: HEAL", "id: EDU")
    done = citydip("run", small.scenario)
    done.expect_error("criteria.yaml", "EDU", location=line(number))


def test_duplicate_id_reported_by_the_criteria_command(small, citydip):
    number = small.line("criteria.yaml", "id: HEAL")
    small.edit("criteria.yaml", "id: HEAL", "id: EDU")
    done = citydip("criteria", small.path("criteria.yaml"))
    done.expect_error("criteria.yaml", "EDU", location=line(number))


def test_leaf_without_direction(small, citydip):
    number = small.line("criteria.yaml", "id: RISK")
    small.edit(
        "criteria.yaml",
        "        name: Risk score\n        direction: cost\n",
        "        name: Risk score\n",
    )
    done = citydip("run", small.scenario)
    done.expect_error("criteria.yaml", "RISK", location=line(number))


def test_unknown_direction(small, citydip):
    number = small.line("criteria.yaml", "name: Risk score") + 1
    small.edit(
        "criteria.yaml",
        "        name: Risk score\n        direction: cost\n",
        "        name: Risk score\n        direction: lower\n",
    )
    done = citydip("run", small.scenario)
    done.expect_error("criteria.yaml", "lower", location=line(number))


# ---------------------------------------------------------------- data table


def _rewrite_columns(small, columns: list[str], extra: dict[str, str] | None = None) -> None:
    """Rewrite cities.csv keeping ``columns`` (plus ``extra`` new columns with a value)."""
    lines = small.text("cities.csv").splitlines()
    comments = [row for row in lines if row.startswith("#")]
    table = [row.split(",") for row in lines if not row.startswith("#")]
    header = table[0]
    keep = [header.index(c) for c in columns]
    out = [",".join([*[header[j] for j in keep], *(extra or {})])]
    for row in table[1:]:
        out.append(",".join([*[row[j] for j in keep], *(extra or {}).values()]))
    small.path("cities.csv").write_text("\n".join([*comments, *out]) + "\n", encoding="utf-8")


def test_data_column_for_no_indicator(small, citydip):
    _rewrite_columns(small, CITIES_HEADER.split(","), {"SPORT": "3"})
    number = small.line("cities.csv", CITIES_HEADER)
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", "SPORT", location=rf"header|{line(number)}")


def test_indicator_without_a_column(small, citydip):
    _rewrite_columns(small, ["city", "GDP", "DIST", "EDU", "RISK"])
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", "HEAL", location=r"header|\bline 2\b")


def test_duplicate_column(small, citydip):
    _rewrite_columns(small, ["city", "GDP", "DIST", "EDU", "RISK", "HEAL", "EDU"])
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", "EDU", location=r"header|\bline 2\b")


@pytest.mark.parametrize(
    ("cell", "shown"), [("four", "four"), ("1,5", "1,5"), ("", "empty"), ("  ", "empty")]
)
def test_bad_cell(small, citydip, cell, shown):
    number = small.line("cities.csv", BETA_ROW)
    value = f'"{cell}"' if "," in cell else cell
    small.edit("cities.csv", BETA_ROW, f"Beta,8,200,{value},1,2")
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", "EDU", shown, location=line(number))


def test_duplicate_alternative(small, citydip):
    number = small.line("cities.csv", BETA_ROW)
    small.edit("cities.csv", BETA_ROW, "Alpha,8,200,4,1,2")
    done = citydip("run", small.scenario)
    done.expect_error("cities.csv", "Alpha", location=line(number))


@pytest.mark.parametrize("command", ["run", "validate"])
def test_no_alternatives_in_the_table(small, citydip, command):
    header = small.text("cities.csv").split(CITIES_HEADER)[0] + CITIES_HEADER + "\n"
    small.path("cities.csv").write_text(header, encoding="utf-8")
    done = citydip(command, small.scenario)
    done.expect_error("cities.csv", "no alternatives")


def test_no_alternatives_inline(small, citydip):
    small.edit("scenario.yaml", "alternatives: cities.csv", "alternatives: {}")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "alternatives")


def test_run_without_alternatives(small, citydip):
    """Issue 17: a weights-only scenario has nothing to rank; run shows its weights, exit 0
    (tests/cli/test_cli_consistency.py has the rest)."""
    small.edit("scenario.yaml", "alternatives: cities.csv\n", "")
    done = citydip("run", small.scenario)
    assert done.code == 0 and "nothing to rank" in done.stderr and "GDP" in done.stdout


def test_inline_alternative_with_unknown_indicator(small, citydip):
    inline = (
        "alternatives:\n"
        "  A1: {GDP: 1, DIST: 2, EDU: 3, RISK: 4, HEAL: 5}\n"
        "  A2: {GDP: 2, DIST: 1, EDU: 3, RISK: 4, HEALTH: 5}\n"
    )
    small.edit("scenario.yaml", "alternatives: cities.csv\n", inline)
    number = small.line("scenario.yaml", "HEALTH")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "HEALTH", location=line(number))


# ---------------------------------------------------------------- judgments


JUDGMENTS = "judgments/expert.yaml"
ECO_PAIR = "[GDP, DIST, 3]"


def _judgment_error(small, citydip, new_pair: str, *needles: str):
    number = small.line(JUDGMENTS, ECO_PAIR)
    small.edit(JUDGMENTS, ECO_PAIR, new_pair)
    done = citydip("run", small.scenario)
    return done.expect_error("expert.yaml", *needles, location=line(number))


def test_unknown_id_in_a_pair(small, citydip):
    _judgment_error(small, citydip, "[GDP, GPD, 3]", "GPD")


def test_unknown_node_in_judgments(small, citydip):
    number = small.line(JUDGMENTS, "  ECO:")
    small.edit(JUDGMENTS, "  ECO:", "  ECX:")
    done = citydip("run", small.scenario)
    done.expect_error("expert.yaml", "ECX", location=line(number))


@pytest.mark.parametrize(
    "value",
    ["0", "-3", "10", "9.5", '"1/10"', "0.1", "abc", '"1/0"', "true", ".nan", ".inf", "[3]"],
    ids=[
        "zero",
        "negative",
        "above-9",
        "above-9-decimal",
        "below-1/9-fraction",
        "below-1/9-decimal",
        "text",
        "division-by-zero",
        "boolean",
        "nan",
        "infinity",
        "list",
    ],
)
def test_judgment_value_out_of_scale_or_not_a_number(small, citydip, value):
    _judgment_error(small, citydip, f"[GDP, DIST, {value}]")


@pytest.mark.parametrize("value", ["9", '"1/9"', "0.5", '"1 / 3"'])
def test_judgment_values_at_the_edges_of_the_scale_are_accepted(small, citydip, value):
    small.edit(JUDGMENTS, ECO_PAIR, f"[GDP, DIST, {value}]")
    done = citydip("run", small.scenario)
    assert done.code == 0, done.stderr


def test_pair_with_two_values_missing(small, citydip):
    _judgment_error(small, citydip, "[GDP, DIST]")


def test_item_compared_with_itself(small, citydip):
    _judgment_error(small, citydip, "[GDP, GDP, 3]", "GDP")


def test_pair_naming_items_of_another_node(small, citydip):
    lines = _judgment_error(small, citydip, "[GDP, EDU, 3]", "EDU")
    assert any("SOC" in line for line in lines), lines


def test_same_pair_twice_with_different_values(small, citydip):
    number = small.line(JUDGMENTS, ECO_PAIR) + 1
    small.edit(JUDGMENTS, ECO_PAIR, f"{ECO_PAIR}\n    - [DIST, GDP, 2]")
    done = citydip("run", small.scenario)
    done.expect_error("expert.yaml", "GDP", "DIST", location=line(number))


def test_same_pair_twice_in_the_same_order_with_different_values(small, citydip):
    number = small.line(JUDGMENTS, ECO_PAIR) + 1
    small.edit(JUDGMENTS, ECO_PAIR, f"{ECO_PAIR}\n    - [GDP, DIST, 5]")
    done = citydip("run", small.scenario)
    done.expect_error("expert.yaml", "GDP", "DIST", location=line(number))


@pytest.mark.parametrize("command", ["run", "weights", "validate"])
def test_judgments_that_do_not_connect_all_items(small, citydip, command):
    small.edit(JUDGMENTS, '    - [EDU, HEAL, 4]\n    - [HEAL, RISK, "1/2"]\n', "")
    done = citydip(command, small.scenario)
    errors = done.expect_error("expert.yaml", "SOC")
    groups = [e for e in errors if re.search(r"\{EDU, RISK\}", e) and re.search(r"\{HEAL\}", e)]
    assert groups, f"the message does not name the groups {{EDU, RISK}} and {{HEAL}}: {errors}"


def test_node_without_any_comparison(small, citydip):
    small.edit(JUDGMENTS, "  ECO:\n    - [GDP, DIST, 3]\n", "")
    done = citydip("run", small.scenario)
    done.expect_error("expert.yaml", "ECO")


def test_two_experts_with_the_same_name(small, citydip):
    small.path("judgments/second.yaml").write_text(small.text(JUDGMENTS), encoding="utf-8")
    done = citydip("run", small.scenario)
    done.expect_error("judgments", "tester")


def test_expert_weight_not_positive(small, citydip):
    number = small.line(JUDGMENTS, "weight: 1")
    small.edit(JUDGMENTS, "weight: 1", "weight: 0")
    done = citydip("run", small.scenario)
    done.expect_error("expert.yaml", "weight", location=line(number))


@pytest.mark.parametrize("command", ["run", "weights", "validate"])
def test_max_cr_exceeded(small, citydip, command):
    small.edit(JUDGMENTS, '[HEAL, RISK, "1/2"]', "[HEAL, RISK, 9]")
    small.edit("scenario.yaml", "judgments: judgments/\n", "judgments: judgments/\nmax_cr: 0.1\n")
    done = citydip(command, small.scenario)
    done.expect_error("scenario.yaml", "SOC", location=r"max_cr|\bline \d+")


def test_inconsistency_without_max_cr_is_not_an_error(small, citydip):
    small.edit(JUDGMENTS, '[HEAL, RISK, "1/2"]', "[HEAL, RISK, 9]")
    done = citydip("run", small.scenario)
    assert done.code == 0, done.stderr
    assert not done.errors


def test_inline_judgment_out_of_scale(small, citydip):
    inline = (
        "judgments:\n"
        "  - expert: inline\n"
        "    comparisons:\n"
        "      goal: [[ECO, SOC, 2]]\n"
        "      ECO: [[GDP, DIST, 12]]\n"
        "      SOC: [[EDU, RISK, 2], [EDU, HEAL, 4]]\n"
    )
    small.edit("scenario.yaml", "judgments: judgments/\n", inline)
    number = small.line("scenario.yaml", "[GDP, DIST, 12]")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "12", location=line(number))


# ---------------------------------------------------------------- weights


def test_both_weights_and_judgments(small, citydip):
    small.edit(
        "scenario.yaml", "judgments: judgments/\n", "judgments: judgments/\nweights: equal\n"
    )
    done = citydip("run", small.scenario)
    errors = done.expect_error("scenario.yaml", "weights", "judgments", location=r"\bline \d+")
    assert any("both" in e for e in errors), errors


def test_neither_weights_nor_judgments(small, citydip):
    small.edit("scenario.yaml", "judgments: judgments/\n", "")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "weights", "judgments")


def test_unknown_id_in_weights(small, citydip):
    use_direct_weights(small)
    small.edit("scenario.yaml", "  HEAL: 0.1", "  HEALTH: 0.1")
    number = small.line("scenario.yaml", "HEALTH")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "HEALTH", location=line(number))


def test_indicator_without_a_weight(small, citydip):
    use_direct_weights(small)
    small.edit("scenario.yaml", "  HEAL: 0.1\n", "")
    done = citydip("run", small.scenario)
    done.expect_error(
        "scenario.yaml", "HEAL", location=line(small.line("scenario.yaml", "weights:"))
    )


def test_negative_weight(small, citydip):
    use_direct_weights(small)
    small.edit("scenario.yaml", "  RISK: 0.2", "  RISK: -0.2")
    number = small.line("scenario.yaml", "RISK: -0.2")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "RISK", location=line(number))


def test_all_weights_zero(small, citydip):
    use_direct_weights(small)
    for leaf, value in (("GDP", "0.3"), ("DIST", "0.2"), ("EDU", "0.2"), ("RISK", "0.2")):
        small.edit("scenario.yaml", f"  {leaf}: {value}", f"  {leaf}: 0")
    small.edit("scenario.yaml", "  HEAL: 0.1", "  HEAL: 0")
    number = small.line("scenario.yaml", "weights:")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", location=line(number))


def test_weight_that_is_not_a_number(small, citydip):
    use_direct_weights(small)
    small.edit("scenario.yaml", "  RISK: 0.2", "  RISK: high")
    number = small.line("scenario.yaml", "RISK: high")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", location=line(number))


def test_unknown_weights_rule(small, citydip):
    small.edit("scenario.yaml", "judgments: judgments/", "weights: equl")
    number = small.line("scenario.yaml", "weights: equl")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", location=line(number))


# ---------------------------------------------------------------- methods and options


@pytest.mark.parametrize("v", ["1.5", "-0.1", "2"])
def test_vikor_v_outside_0_1(small, citydip, v):
    small.edit("scenario.yaml", "vikor: {v: 0.5}", f"vikor: {{v: {v}}}")
    number = small.line("scenario.yaml", "vikor:")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "v", location=line(number))


def test_unknown_method_in_the_scenario(small, citydip):
    small.edit("scenario.yaml", "  vikor: {v: 0.5}\n", "  vikor: {v: 0.5}\n  electre: {}\n")
    number = small.line("scenario.yaml", "electre")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "electre", location=line(number))


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("topsis: {normalization: vector}", "topsis: {normalisation: vector}", "normalisation"),
        ("topsis: {normalization: vector}", "topsis: {normalization: l3}", "l3"),
        ("vikor: {v: 0.5}", "vikor: {v: 0.5, weight: 2}", "weight"),
        ("name: Small test scenario", "name: Small test scenario\nmethds: {}", "methds"),
        ("version: 1", "version: 2", "version"),
        ("format: citydip/scenario", "format: citydip/scenari", "format"),
    ],
    ids=["option-name", "option-value", "vikor-option", "top-level-key", "version", "format"],
)
def test_unknown_option_or_key_in_the_scenario(small, citydip, old, new, needle):
    small.edit("scenario.yaml", old, new)
    number = small.line("scenario.yaml", new.splitlines()[-1])
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", needle, location=line(number))


def test_no_method_in_the_scenario(small, citydip):
    small.edit(
        "scenario.yaml",
        "methods:\n  topsis: {normalization: vector}\n  vikor: {v: 0.5}\n",
        "methods: {}\n",
    )
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "method")


@pytest.mark.parametrize("ahp", ["{priority: eigen}", "{random_index: saty}", "{aggregation: x}"])
def test_unknown_ahp_option_value(small, citydip, ahp):
    small.edit("scenario.yaml", "judgments: judgments/\n", f"judgments: judgments/\nahp: {ahp}\n")
    number = small.line("scenario.yaml", "ahp:")
    done = citydip("run", small.scenario)
    done.expect_error("scenario.yaml", "ahp", location=line(number))


@pytest.mark.parametrize("methods", [["electre"], ["topsis,electre"], ["topsis", "electre"]])
def test_unknown_method_on_the_command_line(small, citydip, methods):
    args = [arg for m in methods for arg in ("--method", m)]
    done = citydip("run", small.scenario, *args)
    done.expect_error("--method", "electre")
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "--bogus"], "--bogus"),
        (["weights", "--method", "topsis"], "--method"),
        (["run", "--format", "xml"], "xml"),
        (["frobnicate"], "frobnicate"),
        (["validate", "a.yaml", "b.yaml"], "b.yaml"),
    ],
    ids=["unknown-option", "option-of-another-command", "bad-format", "unknown-command", "extra"],
)
def test_bad_command_line(citydip, args, needle):
    done = citydip(*args)
    done.expect_error(needle)
    assert done.stdout == ""


def test_out_into_a_missing_folder(small, citydip, tmp_path):
    target = tmp_path / "no-such-folder" / "result.json"
    done = citydip("run", small.scenario, "--format", "json", "--out", target)
    done.expect_error("result.json")
    assert not target.parent.exists()


# ---------------------------------------------------------------- validate reports all


def test_validate_reports_every_problem_in_every_file(small, citydip):
    # scenario.yaml: weights and judgments both given, and a negative weight (2 problems)
    small.edit(
        "scenario.yaml", "judgments: judgments/\n", "judgments: judgments/\n" + WEIGHTS_BLOCK
    )
    small.edit("scenario.yaml", "  RISK: 0.2", "  RISK: -0.2")
    # judgments/expert.yaml: a value of 0 and an item compared with itself (2 problems)
    small.edit(JUDGMENTS, ECO_PAIR, "[GDP, DIST, 0]")
    small.edit(JUDGMENTS, "[EDU, RISK, 2]", "[EDU, EDU, 2]")
    # cities.csv: a non-numeric cell and an empty cell (2 problems)
    small.edit("cities.csv", BETA_ROW, "Beta,8,200,four,1,2")
    small.edit("cities.csv", "Gamma,6,700,2,3,5", "Gamma,6,,2,3,5")

    done = citydip("validate", small.scenario)
    done.expect_error("scenario.yaml")
    done.expect_error("expert.yaml")
    done.expect_error("cities.csv")
    assert len(done.errors) == 6, "\n".join(done.errors)
    assert sum("scenario.yaml" in e for e in done.errors) == 2, done.errors
    assert sum("expert.yaml" in e for e in done.errors) == 2, done.errors
    assert sum("cities.csv" in e for e in done.errors) == 2, done.errors
    assert "OK" not in done.stdout
