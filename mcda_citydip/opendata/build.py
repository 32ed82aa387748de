"""The open-data build: a city list and the raw sources in, the four tables' text out.

:func:`build_tables` reads the city list and the raw files, resolves every city in GeoNames,
derives the indicator cells and returns the text of ``indicators.csv``, ``provenance.csv``,
``partnerships.csv`` and ``unmatched.txt`` (:mod:`~mcda_citydip.opendata.output`); the caller
writes them (``citydip data build``, ``scripts/build_data.py``). Methods and conventions:
``scripts/README.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from mcda_citydip.errors import InputError
from mcda_citydip.opendata import output
from mcda_citydip.opendata.cities import city_index, read_cities, resolve
from mcda_citydip.opendata.derive import (
    Cell,
    Peers,
    air_connectivity,
    connectivity,
    coordinates,
    diplomatic_missions,
    population,
    remoteness,
)
from mcda_citydip.opendata.matching import unrecognised_countries
from mcda_citydip.opendata.names import NameCell, listed_names, persian_names, source_file
from mcda_citydip.opendata.networks import (
    board_seats,
    curated_memberships,
    network_memberships,
    secretariats_hosted,
)
from mcda_citydip.opendata.readers import (
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
from mcda_citydip.opendata.sources import SOURCES, check_sources, needed_files
from mcda_citydip.opendata.twins import partner_pairs, side_of, sister_cities, twin_links
from mcda_citydip.opendata.unions import UNIONS, Union, member_table, resolve_members, union_key

if TYPE_CHECKING:
    import pandas as pd

#: City lists (by file stem) whose Persian names come from GeoNames alternate names.
NAME_LANGUAGES = {"persian-gulf": ("fa",)}
LISTED_NAMES_NOTE = (
    "Column(s) {columns}: the city's name as the city list ({source}) gives it. Not an indicator."
)


class CitiesNotFound(InputError):
    """Cities of the list that GeoNames does not hold: nothing was derived."""

    def __init__(self, message: str, unmatched: Sequence[str]) -> None:
        super().__init__(message)
        self.unmatched = tuple(unmatched)


class Tables(Struct, frozen=True):
    """The text of the four files of a build, and the unmatched lines."""

    indicators: str
    provenance: str
    partnerships: str
    unmatched: str
    unmatched_lines: tuple[str, ...]
    cities: tuple[str, ...]


def union_for(cities_path: Path, key: str | None) -> Union | None:
    """The union named by ``key`` (``none``: to be formed), else by the city list's
    ``# union:`` line; None for a union to be formed."""
    key = union_key(cities_path) if key is None else (None if key.lower() == "none" else key)
    if key is not None and key not in UNIONS:
        raise InputError(
            f"union: '{key}' unknown ({cities_path}); use one of {', '.join(UNIONS)} or none",
            parameter="union",
        )
    return UNIONS[key] if key else None


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
    import pandas as pd

    if union is None:
        table = cities.assign(peer=cities["city"])[["peer", "city", "lat", "lon"]]
        rule = "no union yet: the candidate set"
        return Peers(table, twin_links(index, twins).pairs, "other candidates", rule)
    members = resolve_members(
        union, member_table(union, shared), cities, index, geonames, unmatched
    )
    outside = members[members["city"].isna()].assign(
        city=members["peer"], aliases=members["peer"].map(lambda _: [])
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
) -> tuple[list[Cell], output.Pairs]:
    """Every cell of the tables, and the twin-city partnerships between two listed cities."""
    index = city_index(cities, geonames)
    twins, wikidata = read_twins(shared), read_wikidata_twins(shared)
    gawc, embassies, wup = read_gawc(shared), read_embassies(shared), read_wup(shared)
    measured = peers(cities, index, geonames, twins, union, shared, unmatched)
    cells = remoteness(cities, measured)
    cells += connectivity(cities, index, gawc, unmatched)
    airports, routes = read_airports(shared), read_routes(shared)
    cells += air_connectivity(cities, index, airports, routes, unmatched)
    cells += diplomatic_missions(cities, index, embassies, unmatched)
    cells += sister_cities(cities, index, twins, wikidata, measured, unmatched)
    network = union.network if union else None
    cells += network_memberships(cities, index, read_etmun(shared), unmatched, network)
    cells += board_seats(cities)
    cells += secretariats_hosted(cities, index, read_etmun_organisations(shared))
    curated, coverage = read_curated(shared), read_curated_coverage(shared)
    cells += curated_memberships(cities, index, curated, coverage)
    cells += population(cities, index, wup, unmatched)
    cells += coordinates(cities)
    sides = [side_of(twins, s).assign(country=twins["country" + s]) for s in ("1", "2")]
    named = {"gawc": [gawc], "openflights": [airports], "embassies": [embassies]}
    named |= {"wup": [wup], "wikidata_twins": [wikidata], "twins": sides}
    unmatched += unknown_countries(index, named)
    return cells, partner_pairs(index, twins, wikidata)


def unknown_countries(index: pd.DataFrame, tables: dict[str, list[pd.DataFrame]]) -> list[str]:
    """One unmatched line per source row that names a candidate but states a country no ISO
    name or known variant resolves (:mod:`.countries`): the row could not be counted."""
    lines = []
    for source, frames in tables.items():
        lost = sorted({row for frame in frames for row in unrecognised_countries(frame, index)})
        lines += [
            f"{city}\t{SOURCES[source].file}\trow '{name}' states the country '{country}', "
            "which is not recognised: not counted (a spelling for countries.SOURCE_VARIANTS)"
            for city, name, country in lost
        ]
    return lines


def city_names(
    resolved: pd.DataFrame, cities_path: Path, unmatched: list[str]
) -> tuple[list[NameCell], str | None]:
    """The ``name_<lang>`` cells and their header note: the city list's own columns, else
    (:data:`NAME_LANGUAGES`) Persian names from GeoNames; empty ones listed as unmatched."""
    if any(resolved["names"].map(bool)):
        names = listed_names(resolved, cities_path.name)
        columns = ", ".join(dict.fromkeys(n.column for n in names))
        return names, LISTED_NAMES_NOTE.format(columns=columns, source=cities_path.name)
    if "fa" not in NAME_LANGUAGES.get(cities_path.stem, ()):
        return [], None
    names = persian_names(resolved)
    unmatched += [f"{n.city}\t{source_file()}\t{n.note}" for n in names if not n.name]
    note = (
        f"Column name_fa: the city's Persian name from {source_file()}, CC BY 4.0, where "
        "exactly one alternate name is in Persian orthography; empty otherwise (the user "
        "writes it; candidates in provenance.csv). Not an indicator."
    )
    return names, note


def build_tables(
    cities_path: Path, shared: Path, union: Union | None = None, producer: str = output.COMMAND
) -> Tables:
    """Derive the four tables for the city list at ``cities_path`` from the raw files in
    ``shared``, credited to ``producer`` (``citydip data build``, or the project's script for
    its own tables). Raises :class:`CitiesNotFound` (with the unmatched lines) when a city is not in
    GeoNames, :class:`InputError` on a missing raw file or an unusable city list."""
    check_sources(shared, needed_files(union.key if union else None))
    cities = read_cities(cities_path)
    unmatched: list[str] = []
    geonames = read_geonames(shared)
    resolved = resolve(cities, geonames, unmatched)
    if unmatched:
        raise CitiesNotFound(
            f"{cities_path}: {len(unmatched)} city(ies) not found in GeoNames; fix the name, add "
            "an alias or pin geonames_id in the city list (see unmatched.txt)",
            unmatched,
        )
    cells, pairs = derive_all(resolved, geonames, shared, unmatched, union)
    names, names_note = city_names(resolved, cities_path, unmatched)
    order = [str(c) for c in resolved["city"]]
    return Tables(
        indicators=output.indicators_text(order, cells, names, names_note, producer),
        provenance=output.provenance_text(order, cells, names),
        partnerships=output.partnerships_text(order, pairs, producer),
        unmatched=output.unmatched_text(unmatched),
        unmatched_lines=tuple(unmatched),
        cities=tuple(order),
    )
