"""Derive city-diplomacy indicator values for a list of cities from the open data sets.

    python scripts/build_data.py --cities scripts/cities/persian-gulf.csv --out data/persian-gulf/

Reads the raw files in ``../shared/data/open`` (never copied into the project) and writes four
small files into ``--out``: ``indicators.csv`` (citydip alternatives format: ``city``, one column
per derived indicator, ``population``, ``latitude`` and ``longitude``; empty where a source does
not cover the city), ``provenance.csv`` (one row per cell: value, source file, year, method),
``partnerships.csv`` (twin-city pairs of two listed cities, with the source of each pair) and
``unmatched.txt`` (every city–source pair whose matching failed; also printed to stderr). Exits 1
when a city is not found in GeoNames, 2 on unusable input. Methods and conventions:
``scripts/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd
from derive import (
    NEAR_KM,
    Cell,
    Peers,
    air_connectivity,
    board_seats,
    connectivity,
    coordinates,
    curated_memberships,
    diplomatic_missions,
    network_memberships,
    partner_pairs,
    population,
    remoteness,
    secretariats_hosted,
    sister_cities,
    twin_links,
)
from opendata import (
    COUNTRY_NAMES,
    SOURCES,
    haversine_km,
    name_keys,
    read_airports,
    read_curated,
    read_curated_coverage,
    read_embassies,
    read_etmun,
    read_etmun_organisations,
    read_gawc,
    read_geonames,
    read_routes,
    read_twins,
    read_wikidata_twins,
    read_wup,
)
from persian_names import NameCell, persian_names, source_file
from unions import UNIONS, Union, member_table, resolve_members, union_key

REPO = Path(__file__).resolve().parent.parent
INDICATORS = (
    "NET1", "NET2", "NET3", "NET4", "BIL1", "BIL5", "KNW4", "ECO1", "ECO2", "ECO6", "POL1",
    "POL3", "CUL3",
)  # fmt: skip
COLUMNS = (*INDICATORS, "population", "latitude", "longitude")
DECIMALS = {"BIL5": 2, "ECO1": 2, "ECO6": 1, "latitude": 5, "longitude": 5}
Pairs = dict[frozenset[str], tuple[str, ...]]  # two cities -> the source files naming the pair
NAME_LANGUAGES = {"persian-gulf": ("fa",)}  # city list stem -> name_<lang> columns written


class BuildError(Exception):
    """Unusable input: a missing file or a malformed city list."""


def _split(value: object) -> list[str]:
    return [part.strip() for part in str(value).split("|") if part.strip()] if value else []


def read_cities(path: Path) -> pd.DataFrame:
    """The city list: id, name, country (ISO2), optional geonames_id, aliases, airports,
    twinning (a source saying the city signs no formal twinning treaties), note."""
    if not path.is_file():
        raise BuildError(f"{path}: city list not found; give a CSV with columns id,name,country")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    missing = [c for c in ("id", "name", "country") if c not in frame.columns]
    if missing:
        raise BuildError(f"{path}: missing column(s) {', '.join(missing)}; see scripts/README.md")
    duplicated = sorted(set(frame["id"][frame["id"].duplicated()]))
    if duplicated:
        raise BuildError(f"{path}: id(s) {', '.join(duplicated)} appear twice; ids must be unique")
    for column in ("geonames_id", "aliases", "airports", "twinning", "note"):
        if column not in frame.columns:
            frame[column] = ""
    unknown = sorted(set(frame["country"].str.strip().str.upper()) - set(COUNTRY_NAMES))
    if unknown:
        raise BuildError(f"{path}: country code(s) {', '.join(unknown)} unknown; add them to "
                         "opendata.COUNTRY_NAMES with the names the sources use")  # fmt: skip
    bad = sorted(g for g in frame["geonames_id"].str.strip() if g and not g.isdigit())
    if bad:
        raise BuildError(f"{path}: geonames_id {', '.join(bad)} is not a number")
    return pd.DataFrame(
        {
            "city": frame["id"].str.strip(),
            "name": frame["name"].str.strip(),
            "iso2": frame["country"].str.strip().str.upper(),
            "geonames_id": frame["geonames_id"].str.strip(),
            "aliases": frame["aliases"].map(_split),
            "airports": frame["airports"].map(_split),
            "twinning": frame["twinning"].str.strip(),
        }
    )


def _geonames_row(city: pd.Series, geonames: pd.DataFrame) -> pd.Series | None:
    if city["geonames_id"]:
        rows = geonames[geonames["geonameid"] == int(city["geonames_id"])]
    else:
        keys = set().union(*(name_keys(n) for n in (city["name"], *city["aliases"])))
        rows = geonames[geonames["iso2"] == city["iso2"]]
        rows = rows[rows["name"].map(lambda n: bool(name_keys(n) & keys))]
    rows = rows[rows["iso2"] == city["iso2"]]
    return None if rows.empty else rows.loc[rows["population"].idxmax()]


def resolve(cities: pd.DataFrame, geonames: pd.DataFrame, unmatched: list[str]) -> pd.DataFrame:
    """Attach GeoNames id, name, coordinates and population to every city (or report it)."""
    found = []
    for _, city in cities.iterrows():
        row = _geonames_row(city, geonames)
        if row is None:
            pin = f" with geonames_id {city['geonames_id']}" if city["geonames_id"] else ""
            unmatched.append(
                f"{city['city']}\t{SOURCES['geonames'].file}\t'{city['name']}' ({city['iso2']})"
                f"{pin} not found"
            )
            continue
        found.append(
            city.to_dict()
            | {"geonameid": int(row["geonameid"]), "gn_name": row["name"]}
            | {"lat": row["lat"], "lon": row["lon"], "gn_population": row["population"]}
        )
    return pd.DataFrame(found)


def _homonyms(city: pd.Series, keys: set[str], geonames: pd.DataFrame) -> bool:
    """Whether GeoNames has another place of one of these names in the country, > 50 km away."""
    rows = geonames[
        (geonames["iso2"] == city["iso2"]) & (geonames["geonameid"] != city["geonameid"])
    ]
    rows = rows[rows["name"].map(lambda n: bool(name_keys(n) & keys)).astype(bool)]
    far = haversine_km(rows["lat"], rows["lon"], city["lat"], city["lon"]) > NEAR_KM
    return bool(far.any())


def city_index(cities: pd.DataFrame, geonames: pd.DataFrame) -> pd.DataFrame:
    """One row per (name key, city): keys of the id, name, aliases and GeoNames name."""
    rows = []
    for _, city in cities.iterrows():
        names = (city["city"], city["name"], city["gn_name"], *city["aliases"])
        keys = set().union(*(name_keys(str(n)) for n in names))
        ambiguous = _homonyms(city, keys, geonames)
        rows += [(k, city["city"], city["iso2"], city["lat"], city["lon"], ambiguous) for k in keys]
    return pd.DataFrame(rows, columns=["key", "city", "iso2", "lat", "lon", "ambiguous"])


def peers(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    geonames: pd.DataFrame,
    twins: pd.DataFrame,
    union: Union | None,
    shared: Path,
    unmatched: list[str],
) -> Peers:
    """What BIL5 and ECO6 measure against: the union's members, or (a union to be formed) the
    other candidates. Twin pairs are matched on an index of candidates and members together."""
    if union is None:
        table = cities.assign(peer=cities["city"])[["peer", "city", "lat", "lon"]]
        rule = "no union yet: the candidate set"
        return Peers(table, twin_links(index, twins).pairs, "other candidates", rule)
    members = resolve_members(
        union, member_table(union, shared), cities, index, geonames, unmatched
    )
    outside = members[members["city"].isna()].assign(
        city=members["peer"], aliases=[[] for _ in range(int(members["city"].isna().sum()))]
    )
    both = pd.concat([index, city_index(outside, geonames)], ignore_index=True)
    rule = f"{union.members_note}, geocoded in GeoNames; the city itself excluded"
    table = members[["peer", "city", "lat", "lon"]]
    return Peers(table, twin_links(both, twins).pairs, f"{union.key} members", rule)


def derive_all(
    cities: pd.DataFrame,
    geonames: pd.DataFrame,
    shared: Path,
    unmatched: list[str],
    union: Union | None = None,
) -> tuple[list[Cell], Pairs]:
    """Every cell of the tables, and the twin-city partnerships between two listed cities."""
    index = city_index(cities, geonames)
    twins, wikidata = read_twins(shared), read_wikidata_twins(shared)
    measured = peers(cities, index, geonames, twins, union, shared, unmatched)
    cells = remoteness(cities, measured)
    cells += connectivity(cities, index, read_gawc(shared), unmatched)
    airports, routes = read_airports(shared), read_routes(shared)
    cells += air_connectivity(cities, index, airports, routes, unmatched)
    cells += diplomatic_missions(cities, index, read_embassies(shared), unmatched)
    cells += sister_cities(cities, index, twins, wikidata, measured, unmatched)
    network = union.network if union else None
    cells += network_memberships(cities, index, read_etmun(shared), unmatched, network)
    cells += board_seats(cities)
    cells += secretariats_hosted(cities, index, read_etmun_organisations(shared))
    curated, coverage = read_curated(shared), read_curated_coverage(shared)
    cells += curated_memberships(cities, index, curated, coverage)
    cells += population(cities, index, read_wup(shared), unmatched)
    cells += coordinates(cities)
    return cells, partner_pairs(index, twins, wikidata)


def _format(indicator: str, value: float | None) -> str:
    if value is None:
        return ""
    if indicator in DECIMALS:
        return f"{value:.{DECIMALS[indicator]}f}"
    return str(round(value))


def _header(names: list[NameCell]) -> list[str]:
    lines = ["Indicator values derived from open data (see provenance.csv and scripts/README.md)."]
    lines += [f"Source: {s.file} ({s.year}): {s.attribution}" for s in SOURCES.values()]
    lines.append(
        f"Columns latitude, longitude: decimal degrees of the city's GeoNames record "
        f"({SOURCES['geonames'].file}), for maps; not indicators. Twin-city pairs: "
        "partnerships.csv."
    )
    if names:
        lines.append(
            f"Column name_fa: the city's Persian name from {source_file()}, CC BY 4.0, where "
            "exactly one alternate name is in Persian orthography; empty otherwise (the user "
            "writes it; candidates in provenance.csv). Not an indicator."
        )
    lines.append("Empty cell = the source does not cover the city (reason in provenance.csv).")
    lines.append(
        "Derived by scripts/build_data.py (no build date: a rebuild gives identical files)."
    )
    return [f"# {line}" for line in lines]


def write_outputs(
    cities: pd.DataFrame, cells: list[Cell], out: Path, names: list[NameCell] | None = None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    names = names or []
    value = {(c.city, c.indicator): c.value for c in cells}
    name_columns = list(dict.fromkeys(n.column for n in names))
    name = {(n.city, n.column): n.name for n in names}
    with (out / "indicators.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write("\n".join(_header(names)) + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["city", *COLUMNS, *name_columns])
        for city in cities["city"]:
            row = [city, *(_format(i, value.get((city, i))) for i in COLUMNS)]
            writer.writerow(row + [name[(city, c)] for c in name_columns])
    order = {name: k for k, name in enumerate(COLUMNS)}
    ranked = sorted(cells, key=lambda c: (list(cities["city"]).index(c.city), order[c.indicator]))
    with (out / "provenance.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["city", "indicator", "value", "source_file", "source_year", "method"])
        for c in ranked:
            writer.writerow(
                [c.city, c.indicator, _format(c.indicator, c.value), c.source, c.year, c.note]
            )
        for n in names:
            writer.writerow([n.city, n.column, n.name, source_file(), "undated", n.note])


def write_partnerships(cities: pd.DataFrame, pairs: Pairs, out: Path) -> None:
    """``partnerships.csv``: one row per pair of listed cities (in the list's order), with the
    files that name it; a header of comments says where the pairs come from."""
    position = {city: k for k, city in enumerate(cities["city"])}
    rows = sorted(
        (
            (*sorted(pair, key=position.__getitem__), "; ".join(sources))
            for pair, sources in pairs.items()
        ),
        key=lambda row: (position[row[0]], position[row[1]]),
    )
    twins, wikidata = SOURCES["twins"], SOURCES["wikidata_twins"]
    lines = [
        "Twin-city partnerships between two cities of this list (see scripts/README.md).",
        f"Source: {twins.file} ({twins.year}): {twins.attribution}",
        f"Source: {wikidata.file} ({wikidata.year}): {wikidata.attribution}",
        "The Hekman pairs (Wikipedia lists) are those BIL1 and BIL5 count; the Wikidata P190 pairs",
        "(origin cities in DE, FR, PL, HU, PT, BG only) are BIL1's cross-check. A pair is listed",
        "once, whichever city names it; source = the file(s) naming the pair, separated by '; '.",
        "Derived by scripts/build_data.py (no build date: a rebuild gives identical files).",
    ]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "partnerships.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write("".join(f"# {line}\n" for line in lines))
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["city_a", "city_b", "source"])
        writer.writerows(rows)


def write_unmatched(unmatched: list[str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{line}\n" for line in unmatched)
    (out / "unmatched.txt").write_text(
        "# city\tsource file\twhy (one line per city–source pair whose matching failed)\n" + text,
        encoding="utf-8",
    )
    for line in unmatched:
        print(f"unmatched: {line}", file=sys.stderr)


def _union(cities_path: Path, key: str | None) -> Union | None:
    """The union named by ``--union`` (``none``: to be formed), else by the city list."""
    key = union_key(cities_path) if key is None else (None if key.lower() == "none" else key)
    if key is not None and key not in UNIONS:
        raise BuildError(f"{cities_path}: union '{key}' unknown; use one of "
                         f"{', '.join(UNIONS)} or none (see scripts/unions.py)")  # fmt: skip
    return UNIONS[key] if key else None


def build(cities_path: Path, shared: Path, out: Path, union_name: str | None = None) -> int:
    """Run the build; the exit code (0 ok, 1 a city not in GeoNames)."""
    if not (shared / SOURCES["geonames"].file).is_file():
        raise BuildError(f"{shared}: open data not found; pass --shared <path to shared/data/open>")
    cities = read_cities(cities_path)
    union = _union(cities_path, union_name)
    unmatched: list[str] = []
    geonames = read_geonames(shared)
    resolved = resolve(cities, geonames, unmatched)
    if unmatched:
        write_unmatched(unmatched, out)
        print(f"Error: {len(unmatched)} city(ies) not found in GeoNames; fix the name, add an "
              "alias or pin geonames_id in the city list", file=sys.stderr)  # fmt: skip
        return 1
    cells, pairs = derive_all(resolved, geonames, shared, unmatched, union)
    languages = NAME_LANGUAGES.get(cities_path.stem, ())
    names = persian_names(resolved) if "fa" in languages else []
    unmatched += [f"{n.city}\t{source_file()}\t{n.note}" for n in names if not n.name]
    write_outputs(resolved, cells, out, names)
    write_partnerships(resolved, pairs, out)
    write_unmatched(unmatched, out)
    print(
        f"wrote {out}/indicators.csv, provenance.csv, partnerships.csv, unmatched.txt",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "open")
    parser.add_argument("--cities", type=Path, required=True, help="city list CSV")
    parser.add_argument("--out", type=Path, help="output folder (default data/<list name>/)")
    parser.add_argument(
        "--union", help="the union the case is about: UBC, MedCities or none (default: the "
        "city list's '# union:' line; none when it has none)"
    )  # fmt: skip
    args = parser.parse_args(argv)
    out = args.out or REPO / "data" / args.cities.stem
    try:
        return build(args.cities, args.shared, out, args.union)
    except BuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
