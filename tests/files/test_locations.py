"""Tests of the scenario keys ``coordinates:`` and ``partnerships:`` (``files/locations.py``)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.files.locations import load_partnerships
from mcda_citydip.files.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]

SCENARIO = """\
format: citydip/scenario
version: 1
name: Map test
criteria:
  - {id: GDP, direction: benefit}
  - {id: RISK, direction: cost}
alternatives: cities.csv
weights: equal
population: people
coordinates: {latitude: lat, longitude: lon}
partnerships: pairs/partners.csv
"""

# made-up values; Basra has no coordinates, Edge sits on the limits of both ranges
CITIES = """\
# Test data, not measurements.
city,GDP,RISK,people,lat,lon
Doha,10,2,1000,25.28545,51.53096
Muscat,8,1,2000,23.58413,58.40778
Basra,6,3,1500,,
Edge,5,2,100,-90,180
"""

PAIRS = """\
# Test pairs (comments may appear anywhere)
city_a,city_b,source
Doha,Muscat,first list
Muscat,Doha,second list
# the same pair again, above in the other order: kept once

Basra , Doha,
Edge,Muscat,"a source, with a comma"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def scenario(
    folder: Path, cities: str = CITIES, pairs: str | None = PAIRS, text: str = SCENARIO
) -> Path:
    write(folder, "cities.csv", cities)
    if pairs is not None:
        write(folder, "pairs/partners.csv", pairs)
    return write(folder, "scenario.yaml", text)


def one_error(path: Path) -> str:
    """The one message of the one InputError that loading ``path`` raises."""
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert len(caught.value.messages) == 1, caught.value.messages
    return caught.value.messages[0]


# ---------------------------------------------------------------- good files


def test_coordinates_and_partnerships_are_read(tmp_path: Path) -> None:
    loaded = load_scenario(scenario(tmp_path))
    assert loaded.problem is not None
    assert loaded.problem.criteria == ("GDP", "RISK")  # coordinates are not indicators
    assert dict(loaded.locations) == {
        "Doha": (25.28545, 51.53096),
        "Muscat": (23.58413, 58.40778),
        "Edge": (-90.0, 180.0),
    }  # Basra has no coordinates: left out
    assert math.isnan(loaded.problem.attributes["lat"][2])
    assert list(loaded.problem.attributes["people"]) == [1000, 2000, 1500, 100]
    assert loaded.partnerships == (("Basra", "Doha"), ("Doha", "Muscat"), ("Edge", "Muscat"))
    assert tmp_path / "pairs" / "partners.csv" in loaded.inputs


def test_without_the_keys_there_are_no_locations_and_no_partnerships(tmp_path: Path) -> None:
    text = SCENARIO.replace("coordinates: {latitude: lat, longitude: lon}\n", "")
    text = text.replace("partnerships: pairs/partners.csv\n", "")
    cities = "\n".join(line.rsplit(",", 2)[0] for line in CITIES.splitlines()[1:]) + "\n"
    loaded = load_scenario(scenario(tmp_path, cities, None, text))
    assert dict(loaded.locations) == {} and loaded.partnerships == ()
    assert all("partners" not in str(path) for path in loaded.inputs)


def test_a_city_with_one_coordinate_only_is_left_out(tmp_path: Path) -> None:
    cities = CITIES.replace("Basra,6,3,1500,,", "Basra,6,3,1500,30.50852,")
    loaded = load_scenario(scenario(tmp_path, cities))
    assert "Basra" not in loaded.locations and len(loaded.locations) == 3


def test_inline_alternatives_carry_coordinates(tmp_path: Path) -> None:
    text = SCENARIO.replace(
        "alternatives: cities.csv\n",
        "alternatives:\n"
        "  Doha: {GDP: 10, RISK: 2, people: 1000, lat: 25.28545, lon: 51.53096}\n"
        "  Muscat: {GDP: 8, RISK: 1, people: 2000}\n",
    )
    loaded = load_scenario(scenario(tmp_path, text=text, pairs="city_a,city_b\nDoha,Muscat\n"))
    assert dict(loaded.locations) == {"Doha": (25.28545, 51.53096)}
    assert loaded.partnerships == (("Doha", "Muscat"),)


def test_a_header_only_file_has_no_pairs(tmp_path: Path) -> None:
    path = write(tmp_path, "pairs.csv", "# none found\ncity_a,city_b,source\n")
    assert load_partnerships(path, ["Doha"]) == ()


@pytest.mark.parametrize("region", ["persian-gulf", "baltic", "baltic-backtest", "mediterranean"])
def test_case_studies_place_every_city(region: str) -> None:
    loaded = load_scenario(REPO / "scenarios" / f"{region}.yaml")
    assert loaded.problem is not None
    assert set(loaded.locations) == set(loaded.problem.alternatives)
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in loaded.locations.values())
    assert list(loaded.partnerships) == sorted(set(loaded.partnerships))
    assert all(a < b for a, b in loaded.partnerships)


# ---------------------------------------------------------------- bad coordinates


@pytest.mark.parametrize(
    ("cell", "column", "expected"),
    [
        ("91,51.53096", "lat", "91 is outside [-90, 90]; write the latitude in decimal degrees"),
        ("-90.5,51.53096", "lat", "-90.5 is outside [-90, 90]"),
        ("25.28545,-180.01", "lon", "-180.01 is outside [-180, 180]; write the longitude"),
        ("25°17'N,51.53096", "lat", "'25°17'N' is not a number"),
        ("25.28545,east", "lon", "'east' is not a number"),
        ("25.28545,inf", "lon", "'inf' is not a finite number"),
    ],
)
def test_a_bad_coordinate_is_one_located_error(
    tmp_path: Path, cell: str, column: str, expected: str
) -> None:
    cities = CITIES.replace("25.28545,51.53096", cell)
    message = one_error(scenario(tmp_path, cities))
    assert message.startswith(f"{tmp_path / 'cities.csv'}, line 3, column {column}: ")
    assert expected in message
    assert "missing:" not in message  # an empty coordinate is allowed: no hint to set 'missing'


@pytest.mark.parametrize(
    ("coordinates", "expected"),
    [
        ("{latitude: GDP, longitude: lon}", "column 'GDP' is an indicator"),
        ("{latitude: people, longitude: lon}", "column 'people' is the population column"),
        ("{latitude: lat, longitude: lat}", "latitude and longitude name the same column 'lat'"),
        ("{latitude: lat, longitude: lng}", "header: no column 'lng', which the scenario uses"),
        ("{latitude: lat}", "coordinates.longitude): Field required"),
        ("{latitude: lat, longitude: lon, height: h}", "unknown key 'height'"),
    ],
)
def test_bad_coordinates_key_is_a_located_error(
    tmp_path: Path, coordinates: str, expected: str
) -> None:
    """The key's error comes first; the table's columns left unclaimed may follow."""
    text = SCENARIO.replace("{latitude: lat, longitude: lon}", coordinates)
    with pytest.raises(InputError) as caught:
        load_scenario(scenario(tmp_path, text=text))
    first, *others = caught.value.messages
    assert expected in first
    assert all(m.startswith(str(tmp_path)) for m in caught.value.messages)
    assert all("is not an indicator of the hierarchy" in m for m in others)


def test_map_keys_need_alternatives(tmp_path: Path) -> None:
    text = SCENARIO.replace("alternatives: cities.csv\n", "")
    text = text.replace("coordinates: {latitude: lat, longitude: lon}\n", "")
    message = one_error(scenario(tmp_path, text=text))
    assert "scenario.yaml, line 9 (partnerships)" in message
    assert "add 'alternatives:' or remove 'partnerships'" in message


# ---------------------------------------------------------------- bad partnerships


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("Doha,Atlantis,x", "line 9, column city_b: 'Atlantis' is not an alternative"),
        ("Tehran,Doha,x", "line 9, column city_a: 'Tehran' is not an alternative"),
        ("Doha,Doha,x", "line 9: 'Doha' is paired with itself; name two cities"),
        (",Doha,x", "line 9, column city_a: empty; name an alternative"),
        ("Doha,Muscat", "line 9: 2 cells but the header has 3"),
        ('Doha,"Muscat', "line 9: malformed CSV"),
    ],
)
def test_a_bad_pair_is_one_located_error(tmp_path: Path, row: str, expected: str) -> None:
    message = one_error(scenario(tmp_path, pairs=PAIRS + row + "\n"))
    assert message.startswith(f"{tmp_path / 'pairs' / 'partners.csv'}, line 9")
    assert expected in message


def test_an_unknown_city_is_named_with_the_ids_to_use(tmp_path: Path) -> None:
    message = one_error(scenario(tmp_path, pairs=PAIRS + "Doha,doha,x\n"))
    assert "use one of its ids (Basra, Doha, Edge, Muscat)" in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("city_a,city_c", "line 1 (header): no column 'city_b'"),
        ("city_a,city_b,year", "column 'year' is not city_a, city_b or source"),
        ("city_a,city_b,city_b", "column 'city_b' appears twice"),
    ],
)
def test_a_bad_header_is_a_located_error(tmp_path: Path, header: str, expected: str) -> None:
    path = write(tmp_path, "pairs.csv", f"{header}\n")
    with pytest.raises(InputError) as caught:
        load_partnerships(path, ["Doha", "Muscat"])
    assert all(m.startswith(f"{path}, line 1 (header): ") for m in caught.value.messages)
    assert any(expected in m for m in caught.value.messages)


def test_a_file_without_a_header_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "pairs.csv", "# only comments\n\n")
    with pytest.raises(InputError, match="no header row"):
        load_partnerships(path, ["Doha"])


def test_a_missing_partnerships_file_is_one_located_error(tmp_path: Path) -> None:
    message = one_error(scenario(tmp_path, pairs=None))
    assert message.startswith(f"{tmp_path}/pairs/partners.csv: file not found")


def test_every_bad_pair_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_scenario(scenario(tmp_path, pairs=PAIRS + "Doha,Doha\nDoha,Atlantis\n"))
    assert len(caught.value.messages) == 2
