"""``citydip data build`` on a study folder: a value typed where a source is silent is kept
(no --force needed, and --force does not erase it either), provenance credits it to the user;
a table with no header row is one error line (exit 2); the unmatched count is a plural message
with the displayed digits; the script wrapper exits 2 like the command for a city not in
GeoNames."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from runner import run_citydip

REPO = Path(__file__).resolve().parents[2]
CASPIAN = "id,name,country,geonames_id\nBaku,Baku,AZ,587084\nAktau,Aktau,KZ,610612\n"
CASPIAN += "Turkmenbashi,Turkmenbashi,TM,601594\n"
SCENARIO = "format: citydip/scenario\nversion: 1\nname: x\nalternatives: cities.csv\n"


def study(tmp_path: Path, table: str) -> Path:
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "city-list.csv").write_text(CASPIAN, encoding="utf-8")
    (folder / "cities.csv").write_text(table, encoding="utf-8")
    (folder / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(x for x in lines if not x.startswith("#")))


@pytest.mark.parametrize("force", [False, True])
def test_a_value_typed_where_the_source_is_silent_is_kept(
    sources: Path, tmp_path: Path, force: bool
) -> None:
    """Aktau is on neither side of a twin pair (BIL1 not covered), Baku in no ETMUN network
    (NET1 not covered): the values typed there stay, with or without --force."""
    folder = study(tmp_path, "city,NET1,BIL1\nBaku,4,\nAktau,,5\nTurkmenbashi,,\n")
    result = run_citydip(
        ["data", "build", folder, "--sources", sources, *(["--force"] if force else [])]
    )
    assert result.returncode == 0, result.stderr
    table = {r["city"]: r for r in rows(folder / "cities.csv")}
    assert table["Aktau"]["BIL1"] == "5" and table["Baku"]["NET1"] == "4"
    assert table["Baku"]["BIL1"] == "3"  # a value the source has: written
    cells = {(r["city"], r["indicator"]): r for r in rows(folder / "provenance.csv")}
    typed = cells[("Aktau", "BIL1")]
    assert typed["value"] == "5" and typed["source_file"] == "cities.csv"
    assert typed["method"].startswith("typed by the user, kept:")
    assert cells[("Baku", "BIL1")]["source_file"] != "cities.csv"


@pytest.mark.parametrize("text", ["", "# my notes, no table yet\n"])
def test_a_study_table_with_no_header_row_is_one_error_line(
    sources: Path, tmp_path: Path, text: str
) -> None:
    folder = study(tmp_path, text)
    result = run_citydip(["data", "build", folder, "--sources", sources])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "cities.csv: no header row" in errors[0]
    assert (folder / "cities.csv").read_text(encoding="utf-8") == text


def test_the_unmatched_count_is_shown_with_the_chosen_digits(sources: Path, tmp_path: Path) -> None:
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    command = ["data", "build", cities, "--sources", sources, "--out", tmp_path / "o"]
    latin = run_citydip(command)
    persian = run_citydip([*command[:2], "--force", *command[2:], "--digits", "fa"])
    assert latin.returncode == persian.returncode == 0, persian.stderr
    lines = (tmp_path / "o" / "unmatched.txt").read_text(encoding="utf-8").splitlines()
    count = len(lines) - 1
    assert f"{count} city–source pairs unmatched" in latin.stderr
    shown = str(count).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f"{shown} city–source pairs unmatched" in persian.stderr


def test_one_unmatched_pair_is_singular(capsys: pytest.CaptureFixture[str]) -> None:
    from mcda_citydip.cli.data import _notes
    from mcda_citydip.opendata.study import Written, in_folder

    target = in_folder(Path("c.csv"), Path("o"))
    _notes(target, ("Baku\tx.csv\tno row",), Written(target.outputs))
    assert "1 city–source pair unmatched: listed in o" in capsys.readouterr().err


def test_the_script_exits_2_like_the_command_for_a_city_not_in_geonames(
    sources: Path, tmp_path: Path
) -> None:
    cities = tmp_path / "c.csv"
    cities.write_text("id,name,country\nBaku,Baku,AZ\nAtlantis,Atlantis Nova,AZ\n", "utf-8")
    command = [sys.executable, str(REPO / "scripts" / "build_data.py"), "--shared", str(sources)]
    script = subprocess.run(
        [*command, "--cities", str(cities), "--out", str(tmp_path / "s")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    cli = run_citydip(["data", "build", cities, "--sources", sources, "--out", tmp_path / "c"])
    assert script.returncode == cli.returncode == 2, script.stderr
    assert "Atlantis Nova" in (tmp_path / "s" / "unmatched.txt").read_text(encoding="utf-8")
