"""``--format`` and ``--out`` through the real entry point: the format from the output
file's extension, every contradiction refused before anything is written, and workbooks
that follow ``--force`` and never replace an input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cases import csv_body
from openpyxl import Workbook, load_workbook

FAST = ("--samples", "200")  # sensitivity: a few seconds


def options(command: str) -> tuple[str, ...]:
    return FAST if command == "sensitivity" else ()


def check_nothing_written(folder: Path, before: set[str]) -> None:
    """No new file, no temporary one left behind."""
    assert {p.name for p in folder.iterdir()} == before


# ---------------------------------------------------------------- the format from --out


@pytest.mark.parametrize("suffix", [".json", ".csv", ".md", ".txt", ".xlsx", ""])
def test_run_takes_the_format_from_the_extension(small, citydip, tmp_path, suffix) -> None:
    target = tmp_path / f"result{suffix}"
    done = citydip("run", small.scenario, "--out", target)
    assert done.code == 0, done.stderr
    assert done.stdout == "" and target.name in done.stderr
    if suffix == ".xlsx":
        assert load_workbook(target).sheetnames[0] == "Summary"
        return
    text = target.read_text(encoding="utf-8")
    if suffix == ".json":
        assert json.loads(text)["scenario"] == "Small test scenario"
    elif suffix == ".csv":
        assert next(csv.reader(io.StringIO(csv_body(text))))[:3] == [
            "method",
            "rank",
            "alternative",
        ]
    elif suffix == ".md":
        assert "| rank | alternative |" in text
    else:  # .txt and an unknown extension: the table
        assert "TOPSIS ranking" in text and "│" in text


@pytest.mark.parametrize(
    ("command", "suffix", "first_sheet"),
    [("weights", ".xlsx", "Weights"), ("sensitivity", ".xlsx", "Summary")],
)
def test_weights_and_sensitivity_write_a_workbook_for_xlsx(
    small, citydip, tmp_path, command, suffix, first_sheet
) -> None:
    target = tmp_path / f"result{suffix}"
    done = citydip(command, small.scenario, "--out", target, *options(command))
    assert done.code == 0, done.stderr
    assert load_workbook(target).sheetnames[0] == first_sheet


def test_sensitivity_takes_json_from_the_extension(small, citydip, tmp_path) -> None:
    target = tmp_path / "result.json"
    done = citydip("sensitivity", small.scenario, "--out", target, *FAST)
    assert done.code == 0, done.stderr
    assert "rank_acceptability" in json.loads(target.read_text(encoding="utf-8"))


def test_a_txt_file_takes_any_text_format(small, citydip, tmp_path) -> None:
    target = tmp_path / "result.txt"
    done = citydip("weights", small.scenario, "--format", "md", "--out", target)
    assert done.code == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("## Weights")


def test_the_workbook_holds_the_values_of_the_json(small, citydip, tmp_path) -> None:
    data = json.loads(citydip("run", small.scenario, "-f", "json").stdout)
    target = tmp_path / "r.xlsx"
    assert citydip("run", small.scenario, "-f", "xlsx", "-o", target).code == 0
    sheet = load_workbook(target)["Ranking"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        found = dict(zip(header, row, strict=True))
        name = found["alternative"]
        assert found["TOPSIS score"] == data["results"]["topsis"]["scores"][name]
        assert found["VIKOR Q"] == data["results"]["vikor"]["Q"][name]
        assert found["VIKOR rank"] == data["results"]["vikor"]["ranks"][name]


# ---------------------------------------------------------------- contradictions


@pytest.mark.parametrize(
    ("command", "args", "needle"),
    [
        ("run", ("--format", "table", "--out", "r.xlsx"), "holds xlsx"),
        ("run", ("--format", "json", "--out", "r.csv"), "holds csv"),
        ("run", ("--format", "xlsx", "--out", "r.json"), "holds json"),
        ("run", ("--format", "xlsx", "--out", "r.txt"), "holds table"),
        ("weights", ("--format", "md", "--out", "r.json"), "holds json"),
        ("weights", ("--format", "csv", "--out", "r.XLSX"), "holds xlsx"),
        ("sensitivity", ("--format", "json", "--out", "r.xlsx"), "holds xlsx"),
        ("sensitivity", ("--out", "r.csv"), "not csv"),
        ("sensitivity", ("--out", "r.md"), "not md"),
    ],
)
def test_a_format_the_file_contradicts_is_refused(small, citydip, command, args, needle) -> None:
    folder = small.root / "out"
    folder.mkdir()
    before = {p.name for p in folder.iterdir()}
    args = tuple(str(folder / a) if a.startswith("r.") else a for a in args)
    done = citydip(command, small.scenario, *args, *options(command))
    (line,) = done.expect_error(needle)
    assert "nothing was written" in line
    assert len(done.errors) == 1 and done.stdout == ""
    check_nothing_written(folder, before)


@pytest.mark.parametrize("command", ["run", "weights", "sensitivity"])
def test_xlsx_without_out_is_refused(small, citydip, command) -> None:
    done = citydip(command, small.scenario, "--format", "xlsx", *options(command))
    done.expect_error("add --out FILE.xlsx")
    assert done.stdout == ""


def test_text_is_never_written_into_an_xlsx_file(citydip, tmp_path) -> None:
    """``scores`` has no workbook: its text output refuses a .xlsx file."""
    panel = Path(__file__).resolve().parents[2] / "scenarios" / "illustrative" / "panel"
    target = tmp_path / "agreement.xlsx"
    citydip("scores", panel / "scenario.yaml", "--out", target).expect_error("workbook")
    assert not target.exists()
    citydip("scores", panel / "scenario.yaml", "-f", "xlsx").expect_error("no workbook")


# ---------------------------------------------------------------- --force and inputs


def test_a_workbook_is_replaced_only_with_force(small, citydip, tmp_path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    done = citydip("run", small.scenario, "--out", target)
    done.expect_error("already exists", "--force")
    assert target.read_bytes() == b"old"
    assert citydip("run", small.scenario, "--out", target, "--force").code == 0
    assert load_workbook(target).sheetnames[-1] == "Conventions"


@pytest.mark.parametrize("command", ["run", "weights", "sensitivity"])
def test_a_workbook_never_replaces_an_input_workbook(small, citydip, command) -> None:
    book = Workbook()
    sheet = book.active
    for line in small.text("cities.csv").splitlines()[1:]:
        sheet.append([float(v) if v[0].isdigit() else v for v in line.split(",")])
    data = small.path("cities.xlsx")
    book.save(data)
    small.edit("scenario.yaml", "alternatives: cities.csv", "alternatives: cities.xlsx")
    before = data.read_bytes()
    done = citydip(command, small.scenario, "--out", data, "--force", *options(command))
    done.expect_error("input of this run")
    assert data.read_bytes() == before


def test_help_names_xlsx_and_the_default(citydip) -> None:
    for command in ("run", "weights", "sensitivity"):
        text = " ".join(citydip(command, "--help").stdout.replace("│", " ").split())
        assert "xlsx" in text and "Default: the format of --out" in text, command
