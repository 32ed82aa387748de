"""Regression tests of the fuzzing campaign's classes (issue 9): every hostile input ends
with exit 2 and one ``Error:`` line (or a correct result), never a traceback, a hang, NaN on
exit 0, a control character on the terminal or a file replaced that should not be.

Each test is built from the smallest input of its class, starting from the valid small
scenario of ``conftest.py``. Most run the real entry point in process (``run_cli`` of
``scripts/fuzz.py``, with a 20 s deadline that turns a hang into a failure); the lock tests
run real subprocesses.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import tracemalloc

import pytest

LONG = "n" * 300  # longer than any file system allows for one name (255)


@pytest.fixture
def cli(fuzz):
    """Run ``citydip ARGS`` in process; return the outcome after checking the universal
    promises: exit 0 or 2, no traceback, no raw escape character, finite JSON on exit 0."""

    def run(*args: object):
        argv = [str(a) for a in args]
        outcome = fuzz.run_cli(argv, seconds=60)
        assert not fuzz.problems(outcome, argv), (fuzz.problems(outcome, argv), outcome)
        return outcome

    return run


def errors_of(outcome) -> list[str]:
    assert outcome.code == 2, outcome
    lines = [line for line in outcome.stderr.splitlines() if line.startswith("Error: ")]
    assert lines, outcome.stderr
    return lines


# ------------------------------------------------------------- 1. path errors


@pytest.mark.parametrize("where", ["scenario", "judgments", "expert_scores", "--out"])
def test_a_name_longer_than_the_file_system_allows_is_one_error(small, cli, where):
    args: list[object] = ["run", small.scenario]
    if where == "scenario":
        args = ["run", small.root / f"{LONG}.yaml"]
    elif where == "judgments":
        small.edit("scenario.yaml", "judgments: judgments/", f"judgments: {LONG}/")
    elif where == "expert_scores":
        small.edit(
            "scenario.yaml",
            "judgments: judgments/",
            f"judgments: judgments/\nexpert_scores: {LONG}/\nmissing: median",
        )
    else:
        args += ["--out", small.root / f"{LONG}.json"]
    (line,) = [e for e in errors_of(cli(*args)) if "longer than the file system allows" in e]
    assert "shorten" in line and LONG not in line  # a 300-character name is shortened


def test_import_and_questionnaire_with_too_long_names(small, cli):
    errors_of(cli("import", small.root / f"{LONG}.xlsx", "--scenario", small.scenario))
    errors_of(cli("questionnaire", small.scenario, "--out", small.root / f"{LONG}.xlsx"))
    workbook = small.root / "q.xlsx"
    assert cli("questionnaire", small.scenario, "--out", workbook, "--expert", "tester").code == 0
    errors_of(cli("import", workbook, "--scenario", small.scenario, "--out", f"{LONG}/x.yaml"))


# ------------------------------------------------------------- 2. YAML reader errors


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x7f", "\x0c", "\x1b"])
@pytest.mark.parametrize("name", ["scenario.yaml", "criteria.yaml", "judgments/expert.yaml"])
def test_a_control_character_in_a_yaml_file_is_located(small, cli, char, name):
    small.edit(name, "version: 1\n", f"version: 1\n# a comment{char}\n")
    number = small.line(name, "# a comment")
    (line,) = errors_of(cli("run", small.scenario))
    assert name.split("/")[-1] in line and f"line {number}" in line, line
    assert "control character" in line and char not in line


def test_a_utf16_file_without_a_byte_order_mark_says_so(small, cli):
    path = small.path("criteria.yaml")
    path.write_bytes(small.text("criteria.yaml").encode("utf-16-le"))
    (line,) = errors_of(cli("run", small.scenario))
    assert "UTF-16" in line and "criteria.yaml" in line


@pytest.mark.parametrize(
    "value", ["!!int 1e3", "!!bool maybe", "!!float x", "!!timestamp 2020-13-45", "9" * 5000]
)
def test_a_value_that_does_not_fit_its_tag_is_located(small, cli, value):
    small.edit("judgments/expert.yaml", "weight: 1", f"weight: {value}")
    number = small.line("judgments/expert.yaml", "weight:")
    (line,) = errors_of(cli("run", small.scenario))
    assert "expert.yaml" in line and f"line {number}" in line, line


# ------------------------------------------------------------- 3. alias bomb


def test_a_billion_laughs_document_is_refused_not_expanded(small, cli, fuzz):
    bomb = fuzz.BOMB
    assert len(bomb.encode()) < 1000  # the campaign's 987-byte document, give or take
    small.path("judgments/expert.yaml").write_text(bomb, encoding="utf-8")
    (line,) = errors_of(cli("run", small.scenario))
    assert "aliases" in line and "expert.yaml" in line


# ------------------------------------------------------------- 4. huge numbers


def test_a_401_digit_judgment_is_outside_the_scale(small, cli):
    small.edit("judgments/expert.yaml", "[GDP, DIST, 3]", f"[GDP, DIST, {'9' * 401}]")
    (line,) = errors_of(cli("run", small.scenario))
    assert "outside Saaty's scale" in line and "comparisons.ECO[0]" in line


@pytest.mark.parametrize("value", ["9" * 401, "1e400", "-1e309"])
def test_a_value_beyond_the_float_range_is_refused(small, cli, value):
    small.edit("cities.csv", "Beta,8,", f"Beta,{value},")
    (line,) = errors_of(cli("run", small.scenario))
    assert "cities.csv, line 4, column GDP" in line and "finite" in line, line


def test_opposite_extreme_values_give_finite_results(small, cli):
    for row, value in (("Alpha,10,", "1e308"), ("Beta,8,", "-1e308"), ("Gamma,6,", "1e308")):
        small.edit("cities.csv", row, f"{row.split(',')[0]},{value},")
    done = cli("run", small.scenario, "-f", "json")
    assert done.code == 0, done.stderr
    result = json.loads(done.stdout)
    numbers = [
        v
        for block in result["results"].values()
        for k in ("scores", "S", "R", "Q")
        for v in block.get(k, {}).values()
    ]
    assert numbers and all(math.isfinite(v) for v in numbers)


def test_a_denormal_population_is_refused_not_divided_by(small, cli):
    small.edit(
        "scenario.yaml",
        "methods:",
        "population: population\ntransforms: {GDP: per-capita}\nmethods:",
    )
    text = small.text("cities.csv").replace(
        "city,GDP,DIST,EDU,RISK,HEAL", "city,GDP,DIST,EDU,RISK,HEAL,population"
    )
    rows = [
        line + (",5e-324" if line.startswith("Beta") else ",1000")
        if line and not line.startswith(("#", "city"))
        else line
        for line in text.splitlines()
    ]
    small.path("cities.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = errors_of(cli("run", small.scenario))
    assert any("Beta" in line or "line 4" in line for line in lines), lines


# ------------------------------------------------------------- 5. control characters in ids


@pytest.mark.parametrize("command", ["validate", "run", "questionnaire"])
def test_an_id_with_an_escape_sequence_is_refused_by_every_reader(small, cli, command):
    small.edit("cities.csv", "Alpha,", "Al\x1b[31mpha,")
    args = [command, small.scenario]
    if command == "questionnaire":  # reads the hierarchy only: the id is in the criteria
        small.edit("criteria.yaml", "id: HEAL", "id: HE\x1b[2JAL")
        args += ["--out", small.root / "q.xlsx"]
    lines = errors_of(cli(*args))
    assert any("control character" in line and "\\x1b" in line for line in lines), lines


def test_an_expert_name_with_a_control_character_is_refused(small, cli):
    lines = errors_of(
        cli("questionnaire", small.scenario, "--out", small.root / "q.xlsx", "--expert", "Ann\x07")
    )
    assert "\\x07" in lines[0]
    assert not (small.root / "q.xlsx").exists()


def test_persian_ids_and_the_zero_width_non_joiner_are_accepted(small, cli):
    small.edit("cities.csv", "Alpha,", "بندر\u200cعباس,")
    done = cli("run", small.scenario, "-f", "json")
    assert done.code == 0, done.stderr
    assert "بندر\u200cعباس" in json.loads(done.stdout)["alternatives"]


# ------------------------------------------------------------- 6. linear work, bounded memory


def test_a_60000_row_table_is_read_and_its_duplicate_found(small, cli):
    header = "city,GDP,DIST,EDU,RISK,HEAL"
    rows = [
        f"C{i},{i % 97 + 1},{i % 89 + 1},{i % 7 + 1},{i % 5 + 1},{i % 3 + 1}" for i in range(60_000)
    ]
    small.path("cities.csv").write_text(
        "\n".join([header, *rows, rows[0]]) + "\n", encoding="utf-8"
    )
    (line,) = errors_of(cli("validate", small.scenario))
    assert "line 60002" in line and "'C0' appears twice" in line


def test_one_stray_cell_in_the_last_row_costs_one_row(small, cli):
    from openpyxl import load_workbook

    from mcda_citydip.errors import InputError
    from mcda_citydip.files.questionnaire import read_questionnaire
    from mcda_citydip.files.scenario import load_outline

    workbook = small.root / "q.xlsx"
    assert cli("questionnaire", small.scenario, "--out", workbook, "--expert", "tester").code == 0
    book = load_workbook(workbook)
    book.worksheets[1]["C1048576"] = "stray"
    book.save(workbook)
    hierarchy = load_outline(small.scenario).hierarchy
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as raised:
            read_questionnaire(workbook, hierarchy, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert any("cell C1048576" in m and "'stray'" in m for m in raised.value.messages)
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB to read a questionnaire"


# ------------------------------------------------------------- 7. special files


SPECIAL = ["/dev/zero", *(["fifo"] if hasattr(os, "mkfifo") else [])]


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("role", ["scenario", "criteria", "table"])
def test_a_device_or_a_pipe_is_refused(small, cli, kind, role):
    target = kind
    if kind == "fifo":
        target = str(small.root / "pipe")
        os.mkfifo(target)
    if role == "scenario":
        args = ["run", target]
    else:
        old = "criteria: criteria.yaml" if role == "criteria" else "alternatives: cities.csv"
        small.edit("scenario.yaml", old, f"{old.split(':')[0]}: {target}")
        args = ["run", small.scenario]
    lines = errors_of(cli(*args))
    assert any("not a regular file" in line for line in lines), lines


# ------------------------------------------------------------- 8. never overwrite


INPUTS = ["scenario.yaml", "criteria.yaml", "cities.csv", "judgments/expert.yaml"]


@pytest.mark.parametrize("command", ["run", "weights", "sensitivity"])
def test_out_never_replaces_an_existing_file_without_force(small, cli, command):
    out = small.root / "result.txt"
    out.write_text("keep me", encoding="utf-8")
    fast = ["--samples", "50", "--threads", "1"] if command == "sensitivity" else []
    (line,) = errors_of(cli(command, small.scenario, "--out", out, *fast))
    assert "--force" in line and out.read_text(encoding="utf-8") == "keep me"
    assert cli(command, small.scenario, "--out", out, "--force", *fast).code == 0
    assert out.read_text(encoding="utf-8") != "keep me"


@pytest.mark.parametrize("command", ["run", "weights", "sensitivity"])
@pytest.mark.parametrize("name", INPUTS)
def test_out_never_replaces_an_input_even_with_force(small, cli, command, name):
    before = small.text(name)
    (line,) = errors_of(cli(command, small.scenario, "--out", small.path(name), "--force"))
    assert "input of this run" in line
    assert small.text(name) == before


def test_a_hard_link_to_an_input_is_the_input(small, cli):
    link = small.root / "linked.csv"
    os.link(small.path("cities.csv"), link)
    (line,) = errors_of(cli("run", small.scenario, "--out", link, "--force"))
    assert "input of this run" in line


def test_questionnaire_and_import_never_replace_an_input(small, cli):
    before = small.text("criteria.yaml")
    errors_of(cli("questionnaire", small.scenario, "--out", small.path("criteria.yaml"), "--force"))
    assert small.text("criteria.yaml") == before
    workbook = small.filled_questionnaire("tester", 3)
    before = small.text("scenario.yaml")
    lines = errors_of(
        cli("import", workbook, "--scenario", small.scenario, "--out", small.scenario, "--force")
    )
    assert "input of this run" in lines[0]
    assert small.text("scenario.yaml") == before
    # the expert's own judgments file is the one input import writes into: with --force the
    # workbook's pairs replace theirs and every other answer stays (nothing typed is lost)
    before = small.text("judgments/expert.yaml")
    done = cli("import", workbook, "--scenario", small.scenario, "--out",
               small.path("judgments/expert.yaml"), "--force")  # fmt: skip
    assert done.code == 0 and "kept 4 other answers of the file" in done.stderr, done.stderr
    assert small.text("judgments/expert.yaml") != before


# ------------------------------------------------------------- 10. a lock a link cannot escape


def test_a_symlink_to_a_held_file_is_refused(small):
    real = small.path("judgments/ann.yaml")
    link = small.root / "link.yaml"
    link.symlink_to(real)
    lock = real.parent / f".{real.name}.lock"
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mcda_citydip",
            "elicit",
            str(small.scenario),
            "--expert",
            "ann",
            "--file",
            str(real),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
        text=True,
    )
    try:
        for _ in range(1200):
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the first session never took the lock")
        second = small.elicit("ann", "3\nq\n", "--file", str(link))
        assert second.returncode == 2, second.stderr
        assert "another citydip session" in second.stderr
    finally:
        first.kill()
        first.wait()
    assert not real.exists()  # the refused session wrote nothing


def test_saving_through_a_symlink_writes_the_real_file(small):
    real = small.path("judgments/ann.yaml")
    link = small.root / "link.yaml"
    link.symlink_to(real)
    done = small.elicit("ann", "3\nq\n", "--file", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert "[ECO, SOC, 3]" in real.read_text(encoding="utf-8")


def test_a_hard_linked_expert_file_is_refused(small):
    real = small.path("judgments/expert.yaml")
    os.link(real, small.root / "other-name.yaml")
    done = small.elicit("tester", "q\n", "--file", str(real))
    assert done.returncode == 2, done.stderr
    assert "hard links" in done.stderr


def test_no_lock_file_is_left_after_a_session(small):
    real = small.path("judgments/expert.yaml")
    done = small.elicit("tester", "q\n", "--file", str(real))
    assert done.returncode == 0, done.stderr
    assert not (real.parent / f".{real.name}.lock").exists()
