"""``citydip data build``: a new region from the fixtures without a code change, the study
folder of ``citydip init``, the missing-sources error and the rebuild of the committed tables."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from cases import open_data
from runner import run_citydip

from mcda_citydip.opendata.sources import RAW_FILES

REPO = Path(__file__).resolve().parents[2]

CASPIAN = "id,name,country,geonames_id\nBaku,Baku,AZ,587084\nAktau,Aktau,KZ,610612\n"
CASPIAN += "Turkmenbashi,Turkmenbashi,TM,601594\n"
OUTPUTS = ("indicators.csv", "provenance.csv", "partnerships.csv", "unmatched.txt")


def table(path: Path) -> dict[str, dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["city"]: r for r in csv.DictReader(x for x in lines if not x.startswith("#"))}


def test_a_caspian_city_list_builds_without_editing_code(sources: Path, tmp_path: Path) -> None:
    """Baku (AZ), Aktau (KZ), Turkmenbashi (TM): countries no Python table named before."""
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    out = tmp_path / "out"
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", out])
    assert result.returncode == 0, result.stderr
    values = table(out / "indicators.csv")
    assert list(values) == ["Baku", "Aktau", "Turkmenbashi"]
    rows = csv.DictReader((sources / "gawc_da31_gnc2020.csv").open(encoding="utf-8"))
    london = max(float(r["GNC_abs"]) for r in rows)  # GaWC's top: London = 100
    assert float(values["Baku"]["ECO1"]) == pytest.approx(100 * 26456 / london, abs=0.005)
    assert values["Aktau"]["ECO1"] == "0.00"  # below GaWC's ranking: 0 by convention
    assert values["Baku"]["BIL1"] == "3"  # Basra, Bordeaux (added) and İzmir (in the extract)
    assert values["Aktau"]["BIL1"] == ""  # on neither side of a pair: not covered
    assert values["Turkmenbashi"]["latitude"] == "40.02216"
    assert values["Baku"]["NET1"] == ""  # outside the European networks: not covered
    unmatched = (out / "unmatched.txt").read_text(encoding="utf-8")
    assert "Aktau\tworld_twin_cities_wikipedia_hekman.csv" in unmatched
    assert "3 city–source pairs" not in result.stderr  # a count, not a traceback
    assert "Traceback" not in result.stderr


def test_a_study_folder_of_init_gets_its_values_in_cities_csv(
    sources: Path, tmp_path: Path
) -> None:
    """init's shape: city-list.csv (the build's list) and cities.csv (the alternatives the
    scenario reads, one column per indicator of the study's criteria): the build fills the
    columns cities.csv has and keeps the others; the other files go beside it."""
    study = tmp_path / "caspian"
    study.mkdir()
    (study / "city-list.csv").write_text(CASPIAN, encoding="utf-8")
    (study / "cities.csv").write_text(
        "# Candidate cities (written by citydip init).\n"
        "city,ECO1,BIL2,population,latitude,longitude,name_fa\n"
        "Baku,,3,2351300,40.37767,49.89201,باکو\nAktau,,,147443,43.66105,51.17392,\n"
        "Turkmenbashi,,,91745,40.02216,52.95517,\n",
        encoding="utf-8",
    )
    (study / "scenario.yaml").write_text(
        "format: citydip/scenario\nversion: 1\nname: Caspian\nalternatives: cities.csv\n",
        encoding="utf-8",
    )
    result = run_citydip(["data", "build", study, "--sources", sources])
    assert result.returncode == 0, result.stderr
    values = table(study / "cities.csv")
    assert values["Baku"]["BIL2"] == "3" and values["Baku"]["name_fa"] == "باکو"
    assert values["Aktau"]["ECO1"] == "0.00" and values["Baku"]["ECO1"] != ""
    assert values["Baku"]["population"] == "2351300"  # GeoNames (the fixture has no WUP row)
    text = (study / "cities.csv").read_text(encoding="utf-8")
    assert text.startswith("# Candidate cities") and "# Source: gawc_da31_gnc2020.csv" in text
    assert "NET1" in result.stderr  # built, but cities.csv has no column for it
    for name in ("provenance.csv", "partnerships.csv", "unmatched.txt"):
        assert (study / name).is_file(), name
    again = run_citydip(["data", "build", study, "--sources", sources])
    assert again.returncode == 0, again.stderr  # a rebuild: same values, nothing refused
    assert (study / "cities.csv").read_text(encoding="utf-8") == text


def test_a_typed_value_is_replaced_only_with_force(sources: Path, tmp_path: Path) -> None:
    study = tmp_path / "study"
    study.mkdir()
    (study / "city-list.csv").write_text(CASPIAN, encoding="utf-8")
    typed = "city,ECO1\nBaku,99\nAktau,\nTurkmenbashi,\n"
    (study / "cities.csv").write_text(typed, encoding="utf-8")
    (study / "scenario.yaml").write_text(
        "format: citydip/scenario\nversion: 1\nname: x\nalternatives: cities.csv\n", "utf-8"
    )
    refused = run_citydip(["data", "build", study, "--sources", sources])
    assert refused.returncode == 2
    assert "Baku ECO1: 99" in refused.stderr and "--force" in refused.stderr
    assert (study / "cities.csv").read_text(encoding="utf-8") == typed
    assert not (study / "provenance.csv").exists()  # nothing was written
    forced = run_citydip(["data", "build", study, "--sources", sources, "--force"])
    assert forced.returncode == 0, forced.stderr
    assert table(study / "cities.csv")["Baku"]["ECO1"] != "99"


def test_an_existing_file_the_build_did_not_write_needs_force(
    sources: Path, tmp_path: Path
) -> None:
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "provenance.csv").write_text("my notes\n", encoding="utf-8")
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", out])
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (out / "provenance.csv").read_text(encoding="utf-8") == "my notes\n"


def test_missing_sources_are_named_with_where_to_get_them(sources: Path, tmp_path: Path) -> None:
    (sources / "gawc_da31_gnc2020.csv").unlink()
    (sources / "openflights_routes.dat").unlink()
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", tmp_path / "o"])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --sources: ")
    assert "gawc_da31_gnc2020.csv (GaWC Dataset 31" in lines[0]
    assert "openflights_routes.dat (OpenFlights routes.dat" in lines[0]
    assert "SOURCES.md" in lines[0] and "CITYDIP_SOURCES" in lines[0]
    assert "openflights_airports.dat" not in lines[0]  # present: not named
    assert not (tmp_path / "o").exists()


def test_the_sources_folder_comes_from_the_environment(sources: Path, tmp_path: Path) -> None:
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    env = {"CITYDIP_SOURCES": str(sources), "PATH": "/usr/bin:/bin"}
    result = run_citydip(["data", "build", cities, "--out", tmp_path / "o"], env=env)
    assert result.returncode == 0, result.stderr
    empty = tmp_path / "nothing"
    env = {"CITYDIP_SOURCES": str(empty), "PATH": "/usr/bin:/bin"}
    result = run_citydip(["data", "build", cities, "--out", tmp_path / "p"], env=env)
    assert result.returncode == 2
    assert f"{empty}: raw open data not a folder" in result.stderr
    assert all(name in result.stderr for name in RAW_FILES if "ubc" not in name)


def test_a_city_missing_from_geonames_is_exit_2_with_unmatched(
    sources: Path, tmp_path: Path
) -> None:
    cities = tmp_path / "c.csv"
    cities.write_text("id,name,country\nBaku,Baku,AZ\nAtlantis,Atlantis Nova,AZ\n", "utf-8")
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", tmp_path / "o"])
    assert result.returncode == 2
    assert "not found in GeoNames" in result.stderr
    assert "Atlantis Nova" in (tmp_path / "o" / "unmatched.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "o" / "indicators.csv").exists()


def test_a_country_code_that_is_not_iso_is_one_error_line(sources: Path, tmp_path: Path) -> None:
    cities = tmp_path / "c.csv"
    cities.write_text("id,name,country\nBaku,Baku,XY\n", encoding="utf-8")
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", tmp_path / "o"])
    assert result.returncode == 2
    assert "'XY' is not an ISO 3166-1 alpha-2 code" in result.stderr


def test_an_unrecognised_country_in_a_source_is_listed_not_raised(
    sources: Path, tmp_path: Path
) -> None:
    """A twin-city row names Aktau with a country spelling nothing resolves: the row is not
    counted and unmatched.txt says so."""
    path = sources / "world_twin_cities_wikipedia_hekman.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Aktau,Qazaqstan Respublikasy,43.65,51.2,Baku,Azerbaijan,40.38,49.83\n")
    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    out = tmp_path / "out"
    result = run_citydip(["data", "build", cities, "--sources", sources, "--out", out])
    assert result.returncode == 0, result.stderr
    unmatched = (out / "unmatched.txt").read_text(encoding="utf-8")
    assert "states the country 'Qazaqstan Respublikasy', which is not recognised" in unmatched
    assert table(out / "indicators.csv")["Aktau"]["BIL1"] == ""


def credited(text: bytes, producer: str) -> bytes:
    """A built file with its credit line (:func:`derived_by`) naming ``producer``."""
    from mcda_citydip.opendata.output import COMMAND, derived_by

    return text.replace(derived_by(COMMAND).encode(), derived_by(producer).encode())


@pytest.mark.parametrize("region", ["persian-gulf", "baltic", "mediterranean"])
def test_the_committed_tables_rebuild_byte_for_byte(tmp_path: Path, region: str) -> None:
    """``citydip data build`` on the raw files reproduces data/<region>/ exactly but for the
    credit line, which names scripts/build_data.py there (the project's tables are built by
    it, a study's by the command); needs the raw files beside the repository, as in CI."""
    from mcda_citydip.opendata.output import SCRIPT

    shared = open_data("the committed tables are rebuilt from the whole raw files")
    cities = REPO / "scripts" / "cities" / f"{region}.csv"
    out = tmp_path / region
    result = run_citydip(["data", "build", cities, "--sources", shared, "--out", out])
    assert result.returncode == 0, result.stderr
    for name in OUTPUTS:
        committed = (REPO / "data" / region / name).read_bytes()
        assert credited((out / name).read_bytes(), SCRIPT) == committed, name
    indicators = (out / "indicators.csv").read_text(encoding="utf-8")
    assert "# Derived by citydip data build (no build date" in indicators
    assert "scripts/build_data.py" not in indicators


def script_table(folder: Path) -> bytes:
    return (folder / "script" / "indicators.csv").read_bytes()


def test_the_script_wrapper_still_builds(sources: Path, tmp_path: Path) -> None:
    """scripts/build_data.py calls the package: the same files as the command, but for the
    credit line, which names the script."""
    import subprocess
    import sys

    cities = tmp_path / "caspian.csv"
    cities.write_text(CASPIAN, encoding="utf-8")
    command = [sys.executable, str(REPO / "scripts" / "build_data.py"), "--shared", str(sources)]
    done = subprocess.run(
        [*command, "--cities", str(cities), "--out", str(tmp_path / "script")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run_citydip(["data", "build", cities, "--sources", sources, "--out", tmp_path / "cli"])
    from mcda_citydip.opendata.output import SCRIPT

    for name in OUTPUTS:
        script = (tmp_path / "script" / name).read_bytes()
        assert script == credited((tmp_path / "cli" / name).read_bytes(), SCRIPT), name
    assert b"# Derived by scripts/build_data.py (no build date" in script_table(tmp_path)
    shutil.rmtree(tmp_path / "script")
