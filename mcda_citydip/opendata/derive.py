"""Indicator values for the candidate cities, one function per source.

Each function takes the resolved candidates (one row per city: ``city``, ``iso2``, ``lat``,
``lon``, GeoNames data), the name-key ``index`` of :func:`~mcda_citydip.opendata.cities.
city_index`, the source table(s), and a list to which it appends one line per city–source pair
whose matching failed. It returns :class:`Cell` objects: a value (or ``None`` where the source
does not cover the city) with its source, year and a note on the method. Twin cities are in
:mod:`~mcda_citydip.opendata.twins`, network memberships in
:mod:`~mcda_citydip.opendata.networks`; conventions are stated in ``scripts/README.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd  # at run time: a Struct's signature is made from its annotations
from msgspec import Struct

from mcda_citydip.opendata.countries import country_iso2
from mcda_citydip.opendata.matching import haversine_km, match_places
from mcda_citydip.opendata.sources import SOURCES

NEAR_KM = 50.0  # a named row farther than this from the GeoNames point is another place
AIRPORT_KM = 80.0  # airports lie outside the city (Oslo Gardermoen is 47 km from the centre)


class Cell(Struct, frozen=True):
    city: str
    indicator: str
    value: float | None
    source: str
    year: str
    note: str


def cell(city: str, indicator: str, value: float | None, source: str, note: str) -> Cell:
    meta = SOURCES[source]
    return Cell(city, indicator, value, meta.file, meta.year, note)


def names_of(values: Iterable[object]) -> str:
    return ", ".join(sorted({str(v) for v in values}))


class Peers(Struct, frozen=True):
    """The cities BIL5 and ECO6 measure each candidate against.

    ``table`` has one row per peer: ``peer`` (id), ``city`` (the candidate it is, or None),
    ``lat``, ``lon``; a candidate is never its own peer. ``pairs`` are the twin-city partnerships
    between candidates and peers (ids), ``label`` names the peers in notes ('UBC members',
    'other candidates') and ``rule`` says why they are the peers.
    """

    table: pd.DataFrame
    pairs: set[frozenset[str]]
    label: str
    rule: str

    def of(self, city: str) -> pd.DataFrame:
        """The peers of a candidate: every peer but the candidate itself."""
        return self.table[self.table["city"] != city]


def remoteness(cities: pd.DataFrame, peers: Peers) -> list[Cell]:
    """ECO6: mean great-circle distance (km) from each candidate to its peers (GeoNames points)."""
    cells = []
    for city, lat, lon in zip(cities["city"], cities["lat"], cities["lon"], strict=True):
        others = peers.of(city)
        km = haversine_km(lat, lon, others["lat"], others["lon"])
        value = float(np.mean(km)) if len(others) else None
        note = f"mean haversine distance to the {len(others)} {peers.label} ({peers.rule})"
        cells.append(cell(city, "ECO6", value, "geonames", note))
    return cells


def connectivity(
    cities: pd.DataFrame, index: pd.DataFrame, gawc: pd.DataFrame, unmatched: list[str]
) -> list[Cell]:
    """ECO1: GaWC 2020 connectivity in % of the most connected city (London = 100)."""
    matched = gawc.assign(city=match_places(gawc, index, NEAR_KM)).dropna(subset=["city"])
    top = gawc["gnc_abs"].max()
    cells = []
    for city in cities["city"]:
        rows = matched[matched["city"] == city]
        if rows.empty:
            unmatched.append(f"{city}\t{SOURCES['gawc'].file}\tnot among the 707 ranked cities")
            note = "not among GaWC's 707 cities: 0 by convention (below the ranking)"
            cells.append(cell(city, "ECO1", 0.0, "gawc", note))
            continue
        best = rows.loc[rows["gnc_abs"].idxmax()]
        value = 100.0 * float(best["gnc_abs"]) / float(top)
        note = f"GaWC '{best['name']}', rank {best['rank']} of 707; 100 × GNC / GNC(London)"
        cells.append(cell(city, "ECO1", value, "gawc", note))
    return cells


def _airport_ids(airports: pd.DataFrame, iata: pd.Series, ids: pd.Series) -> pd.Series:
    by_iata = airports.dropna(subset=["iata"]).drop_duplicates("iata").set_index("iata")
    from_iata = iata.map(by_iata["airport_id"])
    return ids.astype("Float64").fillna(from_iata.astype("Float64")).astype("Int64")


def city_airports(
    cities: pd.DataFrame, index: pd.DataFrame, airports: pd.DataFrame
) -> pd.DataFrame:
    """Airports per city: pinned IATA codes where given, else airports whose OpenFlights city
    names the city, in its country and within ``AIRPORT_KM`` of it (always, even by name)."""
    import pandas as pd

    matched = match_places(airports, index, AIRPORT_KM, near_only=True)
    named = airports.assign(city=matched).dropna(subset=["city"])
    pinned = cities[cities["airports"].map(len) > 0]
    named = named[~named["city"].isin(pinned["city"])]
    codes = pinned[["city", "airports"]].explode("airports").rename(columns={"airports": "iata"})
    pins = airports.merge(codes, on="iata")
    return pd.concat([named, pins], ignore_index=True)[["city", "airport_id", "iata", "country"]]


def air_connectivity(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    airports: pd.DataFrame,
    routes: pd.DataFrame,
    unmatched: list[str],
) -> list[Cell]:
    """ECO2: distinct foreign airports served non-stop from any of the city's airports."""
    own = city_airports(cities, index, airports)
    legs = routes[routes["stops"] == 0].assign(
        src=_airport_ids(airports, routes["src_iata"], routes["src_id"]),
        dst=_airport_ids(airports, routes["dst_iata"], routes["dst_id"]),
    )
    country = airports.set_index("airport_id")["country"]
    legs = legs.merge(own, left_on="src", right_on="airport_id")
    legs = legs.assign(dst_country=legs["dst"].map(country)).dropna(subset=["dst_country"])
    foreign = legs[legs["dst_country"] != legs["country"]]
    counts = foreign.groupby("city")["dst"].nunique()
    cells = []
    for city in cities["city"]:
        codes = own.loc[own["city"] == city, "iata"].dropna()
        if codes.empty:
            unmatched.append(f"{city}\topenflights_airports.dat\tno airport named after the city")
            note = "no airport of its own in OpenFlights (pin a neighbour's with 'airports')"
            cells.append(cell(city, "ECO2", None, "openflights", note))
            continue
        note = f"non-stop routes from {names_of(codes)}; destinations in other countries"
        cells.append(cell(city, "ECO2", float(counts.get(city, 0)), "openflights", note))
    return cells


def diplomatic_missions(
    cities: pd.DataFrame, index: pd.DataFrame, missions: pd.DataFrame, unmatched: list[str]
) -> list[Cell]:
    """POL1: foreign missions (all types) whose city is the candidate; a state's own excluded."""
    matched = missions.assign(city=match_places(missions, index, NEAR_KM)).dropna(subset=["city"])
    home = dict(zip(cities["city"], cities["iso2"], strict=True))
    sender = matched["operator"].map(country_iso2)
    matched = matched[sender != matched["city"].map(home)]
    cells = []
    for city in cities["city"]:
        rows = matched[matched["city"] == city]
        if rows.empty:
            unmatched.append(f"{city}\t{SOURCES['embassies'].file}\tno mission lists this city")
            why = "not covered: Wikidata lists no mission in the city (its list is not complete)"
            cells.append(cell(city, "POL1", None, "embassies", why))
            continue
        kinds = Counter(rows["type"].fillna("unknown"))
        detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) or "none listed"
        note = f"{detail}; a lower bound: consulates and honorary consulates are undercounted"
        cells.append(cell(city, "POL1", float(len(rows)), "embassies", note))
    return cells


def coordinates(cities: pd.DataFrame) -> list[Cell]:
    """Latitude and longitude (decimal degrees) of the GeoNames record each city is matched to
    (the point ECO6 measures from): for maps, not indicators."""
    cells = []
    columns = ("city", "geonames_id", "geonameid", "gn_name", "lat", "lon")
    for city, pin, geonameid, name, lat, lon in zip(*(cities[c] for c in columns), strict=True):
        how = "pinned by geonames_id" if pin else "matched by name"
        note = f"GeoNames {geonameid} '{name}' ({how}); decimal degrees, for maps"
        cells.append(cell(str(city), "latitude", float(lat), "geonames", note))
        cells.append(cell(str(city), "longitude", float(lon), "geonames", note))
    return cells


def population(
    cities: pd.DataFrame, index: pd.DataFrame, wup: pd.DataFrame, unmatched: list[str]
) -> list[Cell]:
    """Population: UN WUP 2020 urban agglomeration where listed (≥ 300k), else GeoNames."""
    matched = wup.assign(city=match_places(wup, index, NEAR_KM, inner=True)).dropna(subset=["city"])
    cells = []
    for city, fallback in zip(cities["city"], cities["gn_population"], strict=True):
        rows = matched[matched["city"] == city]
        if rows.empty:
            unmatched.append(f"{city}\t{SOURCES['wup'].file}\tnot among agglomerations ≥ 300k")
            note = "GeoNames population (city proper; not a UN WUP agglomeration ≥ 300k)"
            cells.append(cell(city, "population", float(fallback), "geonames", note))
            continue
        row = rows.iloc[0]
        note = f"UN WUP agglomeration '{row['name']}', 2020 estimate (thousands × 1000)"
        cells.append(cell(city, "population", float(row["population"]), "wup", note))
    return cells
