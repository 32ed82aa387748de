"""The ``citydip`` commands on good input: every command, format, method and ``--out``.

Results must go to stdout and messages to stderr; ``--format json`` must follow the JSON
contract of ``formats.md`` (keys, ranks from 1, weights summing to 1, no NaN).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cases import csv_body
from click.testing import CliRunner
from runner import fresh_citydip

from mcda_citydip.cli import app
from mcda_citydip.cli.app import all_commands

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = tuple(all_commands())
DIMENSIONS = ("NET", "BIL", "KNW", "ECO", "CUL", "POL")
FORMATS = ("table", "json", "csv", "md")

# The small scenario of conftest.py.
LEAVES = ("GDP", "DIST", "EDU", "RISK", "HEAL")
BENEFIT = np.array([True, False, True, False, True])
ALTERNATIVES = ("Alpha", "Beta", "Gamma", "Delta")

# Global weights of the small scenario, by hand from its consistent judgments:
# goal ECO:SOC = 2 → 2/3, 1/3; ECO GDP:DIST = 3 → 3/4, 1/4; SOC EDU:RISK:HEAL = 4:2:1.
SMALL_WEIGHTS = {
    "GDP": 2 / 3 * 3 / 4,
    "DIST": 2 / 3 * 1 / 4,
    "EDU": 1 / 3 * 4 / 7,
    "RISK": 1 / 3 * 2 / 7,
    "HEAL": 1 / 3 * 1 / 7,
}

runner = CliRunner()


def invoke(*args: str | Path) -> Any:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (
        f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}\n"
        f"exception: {result.exception!r}"
    )
    return result


def _no_constants(name: str) -> float:
    raise AssertionError(f"JSON output contains {name}")


def parse_json(text: str) -> dict[str, Any]:
    """Parse the whole output as one JSON object; NaN/Infinity are a failure."""
    data = json.loads(text, parse_constant=_no_constants)
    assert isinstance(data, dict)
    return data


def check_weights_contract(
    data: dict[str, Any], leaves: tuple[str, ...] | None = None, ahp: bool = True
) -> None:
    weights = data["weights"]
    if leaves is not None:
        assert list(weights) == list(leaves)
    assert all(isinstance(w, float | int) and w >= 0 for w in weights.values())
    assert math.isclose(sum(weights.values()), 1.0, rel_tol=1e-9)
    nodes = data["nodes"]
    assert isinstance(nodes, dict)
    assert ("goal" in nodes) == ahp  # no AHP nodes for direct or equal weights
    for name, node in nodes.items():
        for key in ("weights", "lambda_max", "ci", "cr", "random_index", "completed"):
            assert key in node, f"node {name} lacks {key!r}"
        assert math.isclose(sum(node["weights"].values()), 1.0, rel_tol=1e-9), name
        assert isinstance(node["completed"], dict)
        assert isinstance(node["random_index"], str)
        for key in ("lambda_max", "ci", "cr"):
            assert isinstance(node[key], float | int), (name, key)
            assert math.isfinite(node[key]), (name, key)


def check_run_contract(
    data: dict[str, Any], alternatives: tuple[str, ...], methods: tuple[str, ...], ahp: bool = True
) -> None:
    check_weights_contract(data, ahp=ahp)
    assert isinstance(data["scenario"], str) and data["scenario"]
    assert data["alternatives"] == list(alternatives)
    assert isinstance(data["notes"], list)
    assert all(isinstance(n, str) for n in data["notes"])
    assert "conventions" in data
    results = data["results"]
    assert sorted(results) == sorted(methods)
    m = len(alternatives)
    if "topsis" in results:
        topsis = results["topsis"]
        assert set(topsis["scores"]) == set(alternatives)
        assert set(topsis["ranks"]) == set(alternatives)
        assert all(0.0 <= s <= 1.0 for s in topsis["scores"].values())
        ranks = topsis["ranks"]
        assert min(ranks.values()) == 1
        assert all(isinstance(r, int) and 1 <= r <= m for r in ranks.values())
        best = max(topsis["scores"], key=topsis["scores"].__getitem__)
        assert ranks[best] == 1
    if "vikor" in results:
        vikor = results["vikor"]
        for key in ("S", "R", "Q", "ranks"):
            assert set(vikor[key]) == set(alternatives), key
        ranks = vikor["ranks"]
        assert min(ranks.values()) == 1
        assert all(isinstance(r, int) and 1 <= r <= m for r in ranks.values())
        best = min(vikor["Q"], key=vikor["Q"].__getitem__)
        assert ranks[best] == 1
        assert isinstance(vikor["acceptable_advantage"], bool)
        assert isinstance(vikor["acceptable_stability"], bool)
        compromise = vikor["compromise_set"]
        assert compromise and set(compromise) <= set(alternatives)
        assert best in compromise


# ---------------------------------------------------------------- help and README


def test_help_of_app_and_every_command_exits_0() -> None:
    assert {"run", "weights", "validate", "criteria"} <= set(COMMANDS)
    top = invoke("--help")
    for name in COMMANDS:
        assert name in top.stdout
    for name in COMMANDS:
        result = invoke(name, "--help")
        assert "Usage" in result.stdout
        assert name in result.stdout


@pytest.mark.parametrize("command", ["", "run", "weights", "validate", "criteria"])
def test_help_through_the_real_entry_point(citydip, command: str) -> None:
    done = citydip(*([command] if command else []), "--help")
    assert done.code == 0, done.stderr
    assert "Usage" in done.stdout
    assert "Traceback" not in done.stderr


def test_every_command_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"citydip {name}" in readme, f"command {name!r} is not in README.md"


def test_bare_citydip_prints_help_and_exits_0(citydip) -> None:
    done = citydip()
    assert done.code == 0, done.stderr
    assert "Usage" in done.stdout
    for name in COMMANDS:
        assert name in done.stdout
    assert "Traceback" not in done.stderr
    assert "Error" not in done.stderr


# ---------------------------------------------------------------- run


def test_run_default_scenario_through_the_real_entry_point(citydip_process) -> None:
    """End to end in a new process: ``python -m mcda_citydip run``."""
    done = citydip_process("run")
    assert done.code == 0, done.stderr
    assert "TOPSIS" in done.stdout and "VIKOR" in done.stdout
    assert "Dubai" in done.stdout
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_run_default_scenario_json_contract() -> None:
    data = parse_json(invoke("run", "--format", "json").stdout)
    check_run_contract(data, tuple(data["alternatives"]), ("topsis", "vikor"))
    assert len(data["alternatives"]) >= 10
    assert len(data["weights"]) == 32
    assert set(data["nodes"]) == {"goal", *DIMENSIONS}


def test_default_judgments_put_net1_then_bil2_then_knw1_first() -> None:
    """README: the default judgments follow NET1 > BIL2 > KNW1 > every other indicator."""
    weights = parse_json(invoke("weights", "--format", "json").stdout)["weights"]
    order = sorted(weights, key=weights.__getitem__, reverse=True)
    assert order[:3] == ["NET1", "BIL2", "KNW1"]
    assert weights["KNW1"] > max(weights[k] for k in order[3:])


def test_run_small_scenario_table(small) -> None:
    result = invoke("run", small.scenario)
    out = result.stdout
    assert "Small test scenario" in out
    assert "TOPSIS" in out and "VIKOR" in out
    for name in (*ALTERNATIVES, *LEAVES, "ECO", "SOC"):
        assert name in out
    assert "Error" not in result.stderr


def test_run_small_scenario_json_contract_and_weights(small) -> None:
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    check_run_contract(data, ALTERNATIVES, ("topsis", "vikor"))
    check_weights_contract(data, LEAVES)
    assert data["scenario"] == "Small test scenario"
    assert set(data["nodes"]) == {"goal", "ECO", "SOC"}
    for leaf, expected in SMALL_WEIGHTS.items():
        assert data["weights"][leaf] == pytest.approx(expected, rel=1e-9)
    assert data["nodes"]["SOC"]["cr"] == pytest.approx(0.0, abs=1e-9)
    assert data["nodes"]["goal"]["weights"] == pytest.approx({"ECO": 2 / 3, "SOC": 1 / 3})
    conventions = json.dumps(data["conventions"])
    for value in ("eigenvector", "saaty", "vector"):
        assert value in conventions


def _small_matrix(small) -> np.ndarray:
    lines = [line for line in small.text("cities.csv").splitlines() if not line.startswith("#")]
    rows = list(csv.reader(lines))
    assert rows[0][1:] == list(LEAVES)
    assert tuple(row[0] for row in rows[1:]) == ALTERNATIVES
    return np.array([[float(v) for v in row[1:]] for row in rows[1:]])


def test_run_numbers_follow_the_textbook_formulas(small) -> None:
    """TOPSIS (vector normalisation, closeness D-/(D+ + D-)) and VIKOR (v = 0.5) recomputed
    by hand from the CSV and the reported weights: checks that weights, columns and cost
    directions are wired in the right order."""
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    x, benefit = _small_matrix(small), BENEFIT
    w = np.array([data["weights"][leaf] for leaf in LEAVES])

    v = x / np.sqrt((x**2).sum(axis=0)) * w
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    closeness = d_minus / (d_plus + d_minus)
    scores = data["results"]["topsis"]["scores"]
    for name, expected in zip(ALTERNATIVES, closeness, strict=True):
        assert scores[name] == pytest.approx(expected, rel=1e-9)

    best = np.where(benefit, x.max(axis=0), x.min(axis=0))
    worst = np.where(benefit, x.min(axis=0), x.max(axis=0))
    regret = w * (best - x) / (best - worst)
    s, r = regret.sum(axis=1), regret.max(axis=1)
    q = 0.5 * (s - s.min()) / (s.max() - s.min()) + 0.5 * (r - r.min()) / (r.max() - r.min())
    vikor = data["results"]["vikor"]
    for i, name in enumerate(ALTERNATIVES):
        assert vikor["S"][name] == pytest.approx(s[i], rel=1e-9)
        assert vikor["R"][name] == pytest.approx(r[i], rel=1e-9)
        assert vikor["Q"][name] == pytest.approx(q[i], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_run_one_method(small, method: str) -> None:
    data = parse_json(invoke("run", small.scenario, "--method", method, "-f", "json").stdout)
    check_run_contract(data, ALTERNATIVES, (method,))


@pytest.mark.parametrize(
    "args",
    [
        ("--method", "topsis", "--method", "vikor"),
        ("--method", "topsis,vikor"),
        ("-m", "vikor,topsis"),
    ],
    ids=["repeated", "commas", "short-option"],
)
def test_run_several_methods(small, args: tuple[str, ...]) -> None:
    data = parse_json(invoke("run", small.scenario, *args, "--format", "json").stdout)
    check_run_contract(data, ALTERNATIVES, ("topsis", "vikor"))


def test_run_uses_the_scenarios_methods_by_default(small) -> None:
    small.edit("scenario.yaml", "  topsis: {normalization: vector}\n", "")
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    check_run_contract(data, ALTERNATIVES, ("vikor",))


def test_run_vikor_v_from_the_scenario_is_used_and_stated(small) -> None:
    small.edit("scenario.yaml", "vikor: {v: 0.5}", "vikor: {v: 0.25}")
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    vikor = data["results"]["vikor"]
    s, r = np.array(list(vikor["S"].values())), np.array(list(vikor["R"].values()))
    q = 0.25 * (s - s.min()) / (s.max() - s.min()) + 0.75 * (r - r.min()) / (r.max() - r.min())
    assert list(vikor["Q"].values()) == pytest.approx(list(q), rel=1e-9, abs=1e-12)
    assert "0.25" in json.dumps(data["conventions"])


def test_run_csv(small) -> None:
    result = invoke("run", small.scenario, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_body(result.stdout))))
    assert rows, result.stdout
    assert {"method", "rank", "alternative"} <= set(rows[0])
    for method in ("topsis", "vikor"):
        mine = [row for row in rows if row["method"] == method]
        assert sorted(row["alternative"] for row in mine) == sorted(ALTERNATIVES)
        assert min(int(row["rank"]) for row in mine) == 1
    assert len(rows) == 2 * len(ALTERNATIVES)


def test_run_md(small) -> None:
    out = invoke("run", small.scenario, "--format", "md").stdout
    lines = out.splitlines()
    assert any(line.startswith("#") and "Small test scenario" in line for line in lines)
    assert any(line.startswith("#") and "TOPSIS" in line for line in lines)
    assert any(line.startswith("#") and "VIKOR" in line for line in lines)
    table_rows = [line for line in lines if line.startswith("|")]
    for name in ALTERNATIVES:
        assert any(name in line for line in table_rows)
    assert any(set(line) <= set("|-: ") for line in table_rows)  # a header separator


def test_run_json_has_nothing_but_json_on_stdout(small, citydip) -> None:
    done = citydip("run", small.scenario, "--format", "json")
    assert done.code == 0, done.stderr
    check_run_contract(parse_json(done.stdout), ALTERNATIVES, ("topsis", "vikor"))
    assert "Error" not in done.stderr


# ---------------------------------------------------------------- --out


@pytest.mark.parametrize("command", ["run", "weights"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_out_writes_the_file_and_nothing_to_stdout(
    small, tmp_path: Path, command: str, fmt: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"result.{'txt' if fmt == 'table' else fmt}"  # a table is a .txt
    result = invoke(command, small.scenario, "--format", fmt, "--out", target)
    assert result.stdout == ""
    assert str(target) in result.stderr or target.name in result.stderr
    assert [p.name for p in folder.iterdir()] == [target.name]  # no temporary file left
    text = target.read_text(encoding="utf-8")
    assert text.strip()
    if fmt == "json":
        data = parse_json(text)
        if command == "run":
            check_run_contract(data, ALTERNATIVES, ("topsis", "vikor"))
        else:
            check_weights_contract(data, LEAVES)
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text)))[1:]
    names = ALTERNATIVES if command == "run" else LEAVES
    for name in names:
        assert name in text
    assert "\x1b[" not in text  # no terminal colour codes in a file


def test_out_matches_stdout(small, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    printed = invoke("run", small.scenario, "--format", "json").stdout
    invoke("run", small.scenario, "--format", "json", "--out", target)
    assert parse_json(target.read_text(encoding="utf-8")) == parse_json(printed)


def test_out_replaces_an_existing_file_with_force(small, tmp_path: Path) -> None:
    target = tmp_path / "result.csv"
    target.write_text("old content\n", encoding="utf-8")
    invoke("run", small.scenario, "--format", "csv", "-o", target, "--force")
    text = target.read_text(encoding="utf-8")
    assert "old content" not in text
    assert csv_body(text).startswith("method,")
    assert text.startswith("# ")  # the supported weight comes first


def test_out_through_the_real_entry_point(small, tmp_path: Path, citydip) -> None:
    target = tmp_path / "weights.md"
    done = citydip("weights", small.scenario, "--format", "md", "--out", target)
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert target.name in done.stderr
    assert "GDP" in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------- weights


def test_weights_default_scenario_table() -> None:
    out = invoke("weights").stdout
    for name in (*DIMENSIONS, "NET1", "POL6"):
        assert name in out


def test_weights_default_scenario_json_contract() -> None:
    data = parse_json(invoke("weights", "--format", "json").stdout)
    check_weights_contract(data)
    assert len(data["weights"]) == 32
    assert set(data["nodes"]) == {"goal", *DIMENSIONS}
    assert "results" not in data


def test_incomplete_node_states_its_graph_random_index() -> None:
    """The default scenario's CUL node (5 items) has 6 of its 10 pairs judged: its RI is
    Saaty's RI(5) = 1.12 times the graph factor, stated in the JSON, the notes and the
    conventions; complete nodes keep the factor 1."""
    data = parse_json(invoke("weights", "--format", "json").stdout)
    culture = data["nodes"]["CUL"]
    assert len(culture["completed"]) == 4
    assert 0 < culture["random_index_factor"] < 1
    assert culture["random_index_value"] == pytest.approx(1.12 * culture["random_index_factor"])
    assert culture["cr"] == pytest.approx(culture["ci"] / culture["random_index_value"])
    complete = [n for n in data["nodes"].values() if not n["completed"]]
    assert complete and all(n["random_index_factor"] == 1 for n in complete)
    (note,) = [n for n in data["notes"] if n.startswith("node 'CUL'")]
    assert "Ágoston & Csató" in note and f"{culture['random_index_factor']:.3f}" in note
    assert "Ágoston" in data["conventions"]["incomplete_random_index"]


def test_weights_small_scenario_json(small) -> None:
    data = parse_json(invoke("weights", small.scenario, "--format", "json").stdout)
    check_weights_contract(data, LEAVES)
    assert data["weights"] == pytest.approx(SMALL_WEIGHTS, rel=1e-9)
    assert set(data["nodes"]) == {"goal", "ECO", "SOC"}
    assert data["nodes"]["SOC"]["lambda_max"] == pytest.approx(3.0, rel=1e-9)
    assert data["nodes"]["SOC"]["random_index"] == "saaty"


def test_weights_small_scenario_csv(small) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("weights", small.scenario, "-f", "csv").stdout)))
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"ECO", "SOC", *LEAVES}
    for leaf, expected in SMALL_WEIGHTS.items():
        assert float(by_id[leaf]["global"]) == pytest.approx(expected, rel=1e-9)


def test_weights_small_scenario_md(small) -> None:
    out = invoke("weights", small.scenario, "--format", "md").stdout
    rows = [line for line in out.splitlines() if line.startswith("|")]
    for name in ("ECO", "SOC", *LEAVES):
        assert any(f"| {name} |" in line for line in rows), name


def test_weights_small_scenario_table(small) -> None:
    out = invoke("weights", small.scenario).stdout
    assert "Small test scenario" in out
    for name in ("ECO", "SOC", *LEAVES):
        assert name in out
    assert "0.5000" in out  # GDP's global weight


def test_weights_need_no_alternatives(small) -> None:
    small.edit("scenario.yaml", "alternatives: cities.csv\n", "")
    data = parse_json(invoke("weights", small.scenario, "--format", "json").stdout)
    assert data["weights"] == pytest.approx(SMALL_WEIGHTS, rel=1e-9)


def test_weights_equal(small) -> None:
    small.edit("scenario.yaml", "judgments: judgments/", "weights: equal")
    data = parse_json(invoke("weights", small.scenario, "--format", "json").stdout)
    assert data["weights"] == pytest.approx(dict.fromkeys(LEAVES, 0.2))


def test_direct_weights_are_normalised(small) -> None:
    small.edit(
        "scenario.yaml",
        "judgments: judgments/",
        "weights: {GDP: 4, DIST: 2, EDU: 2, RISK: 1, HEAL: 1}",
    )
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    assert data["weights"] == pytest.approx(
        {"GDP": 0.4, "DIST": 0.2, "EDU": 0.2, "RISK": 0.1, "HEAL": 0.1}
    )
    check_run_contract(data, ALTERNATIVES, ("topsis", "vikor"), ahp=False)


# ---------------------------------------------------------------- validate


def test_validate_default_scenario(citydip) -> None:
    done = citydip("validate")
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("OK")
    assert "13 alternatives" in done.stdout  # the Persian Gulf case
    assert "32 indicators" in done.stdout
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_validate_small_scenario_reports_ok(small) -> None:
    result = invoke("validate", small.scenario)
    assert result.stdout.startswith("OK")
    assert "Small test scenario" in result.stdout
    assert "4 alternatives" in result.stdout
    assert "5 indicators" in result.stdout
    assert "Error" not in result.stderr


def test_validate_puts_notes_on_stderr(small) -> None:
    """An inconsistent node (CR > 0.1) is flagged but is not an error without max_cr."""
    small.edit("judgments/expert.yaml", '[HEAL, RISK, "1/2"]', "[HEAL, RISK, 9]")
    result = invoke("validate", small.scenario)
    assert result.stdout.startswith("OK")
    assert "SOC" in result.stderr
    assert "SOC" not in result.stdout


# ---------------------------------------------------------------- criteria


def test_criteria_default_tree() -> None:
    out = invoke("criteria").stdout
    for name in (*DIMENSIONS, "NET1", "BIL2", "KNW1", "ECO6", "POL6"):
        assert name in out
    assert "32" in out


def test_criteria_default_json() -> None:
    data = parse_json(invoke("criteria", "--format", "json").stdout)
    assert [d["id"] for d in data["criteria"]] == list(DIMENSIONS)
    leaves = [leaf for d in data["criteria"] for leaf in d["children"]]
    assert len(leaves) == 32
    assert {leaf["id"] for leaf in leaves if leaf["direction"] == "cost"} == {"ECO6", "POL6"}


def test_criteria_file_json(small) -> None:
    data = parse_json(invoke("criteria", small.path("criteria.yaml"), "-f", "json").stdout)
    assert data["goal"] == "Test goal"
    assert [d["id"] for d in data["criteria"]] == ["ECO", "SOC"]
    leaves = {leaf["id"]: leaf for d in data["criteria"] for leaf in d["children"]}
    assert list(leaves) == list(LEAVES)
    assert leaves["DIST"]["direction"] == "cost"
    assert leaves["GDP"]["unit"] == "USD"
    assert leaves["GDP"]["name"] == "Output per resident"


def test_criteria_file_tree(small) -> None:
    out = invoke("criteria", small.path("criteria.yaml")).stdout
    assert "Test goal" in out
    for name in ("ECO", "SOC", *LEAVES, "Output per resident"):
        assert name in out


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_criteria_rejects_text_formats_it_does_not_support(citydip, fmt: str) -> None:
    done = citydip("criteria", "--format", fmt)
    done.expect_error("--format")


# ---------------------------------------------------------------- degenerate data


def _rows(small, rows: list[str]) -> None:
    header = "city," + ",".join(LEAVES)
    small.path("cities.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


DEGENERATE = {
    "constant-indicator": [
        "Alpha,10,500,3,2,4",
        "Beta,8,200,3,1,2",
        "Gamma,6,700,3,3,5",
    ],
    "single-alternative": ["Alpha,10,500,3,2,4"],
    "all-alternatives-equal": ["Alpha,10,500,3,2,4", "Beta,10,500,3,2,4", "Gamma,10,500,3,2,4"],
}


@pytest.mark.parametrize("case", list(DEGENERATE))
def test_degenerate_data_gives_numbers_and_a_note(small, case: str) -> None:
    """README: degenerate data never gives NaN, and each case is stated in the notes."""
    _rows(small, DEGENERATE[case])
    names = tuple(row.split(",")[0] for row in DEGENERATE[case])
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    check_run_contract(data, names, ("topsis", "vikor"))
    assert data["notes"], "no note says what was done about the degenerate data"
    if case != "constant-indicator":
        for method in ("topsis", "vikor"):
            assert set(data["results"][method]["ranks"].values()) == {1}, method


def test_zero_weight_is_allowed_and_stated(small) -> None:
    small.edit(
        "scenario.yaml",
        "judgments: judgments/",
        "weights: {GDP: 4, DIST: 2, EDU: 2, RISK: 0, HEAL: 1}",
    )
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    check_run_contract(data, ALTERNATIVES, ("topsis", "vikor"), ahp=False)
    assert data["weights"]["RISK"] == 0
    assert any("RISK" in note for note in data["notes"]), data["notes"]


def test_tied_alternatives_share_the_best_rank(small) -> None:
    """README: ties share the best of their ranks ("1224")."""
    _rows(
        small,
        ["Alpha,10,500,3,2,4", "Beta,8,200,4,1,2", "Gamma,8,200,4,1,2", "Delta,6,700,2,3,5"],
    )
    data = parse_json(invoke("run", small.scenario, "--format", "json").stdout)
    for method in ("topsis", "vikor"):
        ranks = data["results"][method]["ranks"]
        assert ranks["Beta"] == ranks["Gamma"], method
        assert sorted(ranks.values()) in ([1, 1, 3, 4], [1, 2, 2, 4], [1, 2, 3, 3]), method


def test_the_readme_shows_the_real_output_of_the_default_run() -> None:
    """README's Persian Gulf tables are what `citydip run --format md` prints today."""
    readme = README.read_text(encoding="utf-8")
    printed = invoke("run", "--format", "md").stdout
    for method, heading in (
        ("TOPSIS", "**TOPSIS** (vector normalisation)"),
        ("VIKOR", "**VIKOR** (v = 0.5)"),
    ):
        table = printed.split(f"## {method}\n", 1)[1].strip().split("\n\n", 1)[0]
        shown = readme.split(heading, 1)[1].split("\n\n", 2)[1]
        assert shown == table, method
    headline = [line for line in printed.splitlines() if line.startswith("**PARTIAL")]
    assert headline and headline[0].replace("\\<", "<") in readme


def test_the_table_of_lazy_commands_names_each_command_by_its_module() -> None:
    """``COMMAND_MODULES`` (cli/app.py) is how ``citydip X`` finds X's module before it is
    imported: every module of the command line declares exactly the commands it lists
    there, and ``--help`` lists them all, in its order, whichever were imported before."""
    import importlib
    import pkgutil

    import mcda_citydip.cli
    from mcda_citydip.cli.app import COMMAND_MODULES

    for info in pkgutil.iter_modules(mcda_citydip.cli.__path__):
        importlib.import_module(f"mcda_citydip.cli.{info.name}")
    declared = {
        name: command.callback.__module__.rpartition(".")[2]
        for name, command in app.commands.items()
        if command.callback is not None
    }
    assert declared == COMMAND_MODULES
    rows = [line[2:].split()[0] for line in invoke("--help").stdout.splitlines()
            if line.startswith("│ ") and line[2:3].isalpha()]  # fmt: skip
    assert rows == list(COMMAND_MODULES)


def test_an_unknown_command_is_told_the_nearest_in_a_fresh_process(tmp_path: Path) -> None:
    """click suggests among the commands it knows; here they are known before their modules
    are imported (``Group.resolve_command``), as in a fresh process."""
    done = fresh_citydip(["sensitivty"], tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "Error: No such command 'sensitivty'. Did you mean 'sensitivity'? (see 'citydip --help')\n"
    )
