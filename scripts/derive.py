"""Indicator values for the candidate cities, one function per source (used by build_data.py).

Each function takes the resolved candidates (one row per city: ``city``, ``iso2``, ``lat``,
``lon``, GeoNames data), the name-key ``index`` of :func:`build_data.city_index`, the source
table(s), and a list to which it appends one line per city–source pair whose matching failed. It
returns :class:`Cell` objects: a value (or ``None`` where the source does not cover the city) with
its source, year and a note on the method. Conventions are stated in ``scripts/README.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from opendata import SOURCES, country_iso2, haversine_km, match_places, normalise

NEAR_KM = 50.0  # a named row farther than this from the GeoNames point is another place
AIRPORT_KM = 80.0  # airports lie outside the city (Oslo Gardermoen is 47 km from the centre)

# ETMUN networks counted by NET2, POL3, KNW4 and CUL3; NET1 counts the other networks, so that
# no membership is counted twice.
REGIONAL_UNIONS = frozenset(
    {"UBC", "BaltMet", "NCN", "MedCities", "COPPEM", "AMPHICTYONY", "FAIC", "CAAC"}
    | {"EixoAtlántico", "UCSEEC"}
)
PEACE_SECURITY = frozenset({"EFUS", "IAMPC", "ICP", "CNFE"})
CLIMATE = frozenset({"Covenant of Mayors", "C40", "ICLEI", "Energy Cities", "Climate Alliance"})
HERITAGE = frozenset({"OWHC"})  # Organization of World Heritage Cities: a city with a WH site
ETMUN_INDICATORS = {
    "NET2": REGIONAL_UNIONS, "POL3": PEACE_SECURITY, "KNW4": CLIMATE, "CUL3": HERITAGE
}  # fmt: skip
COUNTED_ELSEWHERE = frozenset().union(*ETMUN_INDICATORS.values())
# Turkish metropolitan municipalities (büyükşehir belediyesi) are the city's own council, though
# ETMUN files some of their rows as 'Intermunicipality'.
METROPOLITAN_COUNCIL = r"(?i)metropolitan municipality|municipalit. m.tropolitaine|b.y.k.ehir"

# Countries whose cities the ETMUN table covers: Europe (absence = no membership in the 58
# networks) and the southern/eastern Mediterranean partners of the Euro-Mediterranean networks
# (a city that appears gets a lower-bound count; absence = not covered). Elsewhere: not covered.
ETMUN_EUROPE = frozenset(
    {"AL", "AT", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR"}
    | {"GB", "GR", "HR", "HU", "IE", "IS", "IT", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT"}
    | {"NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SK", "SM", "TR", "UA", "VA"}
)
ETMUN_MEDITERRANEAN = frozenset({"DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"})
WIKIDATA_TWIN_COUNTRIES = frozenset({"DE", "FR", "PL", "HU", "PT", "BG"})


@dataclass(frozen=True)
class Cell:
    city: str
    indicator: str
    value: float | None
    source: str
    year: str
    note: str


def cell(city: str, indicator: str, value: float | None, source: str, note: str) -> Cell:
    meta = SOURCES[source]
    return Cell(city, indicator, value, meta.file, meta.year, note)


def _names(values: Iterable[object]) -> str:
    return ", ".join(sorted({str(v) for v in values}))


def remoteness(cities: pd.DataFrame) -> list[Cell]:
    """ECO6: mean great-circle distance (km) from each city to the other candidates."""
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    distances = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    others = len(cities) - 1
    means = distances.sum(axis=1) / others if others else np.full(len(cities), np.nan)
    note = f"mean haversine distance to the {others} others (GeoNames points)"
    return [
        cell(city, "ECO6", float(m) if others else None, "geonames", note)
        for city, m in zip(cities["city"], means, strict=True)
    ]


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
        note = f"non-stop routes from {_names(codes)}; destinations in other countries"
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


def _side(twins: pd.DataFrame, side: str) -> pd.DataFrame:
    columns = {f"{c}{side}": c for c in ("name", "lat", "lon")} | {f"iso2_{side}": "iso2"}
    return twins[list(columns)].rename(columns=columns)


def _partner(name: pd.Series, country: pd.Series) -> pd.Series:
    iso = country.map(country_iso2).fillna(country.map(lambda c: normalise(str(c))))
    return name.map(lambda n: normalise(str(n))) + "|" + iso


@dataclass(frozen=True)
class TwinLinks:
    partners: dict[str, set[str]]  # city -> distinct partners (normalised name|country)
    pairs: set[frozenset[str]]  # partnerships between two candidates
    own_list: set[str]  # candidates with their own Wikipedia list (city1 side)


def twin_links(index: pd.DataFrame, twins: pd.DataFrame) -> TwinLinks:
    """Hekman pairs tied to the candidates on either side, in both directions."""
    first = match_places(_side(twins, "1"), index, NEAR_KM)
    second = match_places(_side(twins, "2"), index, NEAR_KM)
    links = pd.concat(
        [
            pd.DataFrame({"city": first, "partner": _partner(twins["name2"], twins["country2"])}),
            pd.DataFrame({"city": second, "partner": _partner(twins["name1"], twins["country1"])}),
        ]
    ).dropna(subset=["city"])
    partners = {str(c): set(rows["partner"]) for c, rows in links.groupby("city")}
    both = pd.DataFrame({"a": first, "b": second}).dropna()
    pairs = {frozenset(p) for p in zip(both["a"], both["b"], strict=True) if p[0] != p[1]}
    return TwinLinks(partners, pairs, set(first.dropna()))


def _wikidata_check(city: str, cross: pd.DataFrame, unmatched: list[str]) -> str:
    count = cross.loc[cross["city"] == city, "partner"].nunique()
    if count == 0:
        unmatched.append(f"{city}\t{SOURCES['wikidata_twins'].file}\tno pair names the city")
    return f"; Wikidata P190 cross-check: {count} partners"


def sister_cities(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    twins: pd.DataFrame,
    wikidata: pd.DataFrame,
    unmatched: list[str],
) -> list[Cell]:
    """BIL1 (distinct partners) and BIL5 (% of the other candidates partnered) from Hekman."""
    links = twin_links(index, twins)
    cross = wikidata.assign(city=match_places(wikidata, index, NEAR_KM)).dropna(subset=["city"])
    others = len(cities) - 1
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        partners = links.partners.get(city, set())
        if not partners:
            unmatched.append(f"{city}\t{SOURCES['twins'].file}\tcity on neither side of any pair")
            why = "not covered: the city appears on neither side of any pair"
            cells += [cell(city, i, None, "twins", why) for i in ("BIL1", "BIL5")]
            continue
        own = city in links.own_list
        scope = "own Wikipedia list" if own else "partners' lists only (a lower bound)"
        check = _wikidata_check(city, cross, unmatched) if iso2 in WIKIDATA_TWIN_COUNTRIES else ""
        note = f"distinct partners in both directions, {scope}{check}"
        cells.append(cell(city, "BIL1", float(len(partners)), "twins", note))
        mates = sorted(next(iter(p - {city})) for p in links.pairs if city in p)
        value = 100.0 * len(mates) / others if others else None
        note = f"{len(mates)} of {others} other candidates partnered: {', '.join(mates) or 'none'}"
        cells.append(cell(city, "BIL5", value, "twins", note))
    return cells


def _etmun_counts(networks: set[str]) -> dict[str, float]:
    counts = {"NET1": float(len(networks))}
    counts |= {ind: float(len(networks & group)) for ind, group in ETMUN_INDICATORS.items()}
    return counts


def network_memberships(
    cities: pd.DataFrame, index: pd.DataFrame, etmun: pd.DataFrame, unmatched: list[str]
) -> list[Cell]:
    """NET1, NET2, POL3, KNW4: current memberships of city networks in the ETMUN table."""
    members = etmun[
        (etmun["status"] != "Former Member") & etmun["entity"].isin(["City", "Municipality"])
    ]
    matched = members.assign(city=match_places(members, index, NEAR_KM)).dropna(subset=["city"])
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        networks = set(matched.loc[matched["city"] == city, "network"])
        listed = _names(networks) or "none"
        if iso2 not in ETMUN_EUROPE | ETMUN_MEDITERRANEAN:
            why = f"not covered: European networks only (seen, unused: {listed})"
            cells += [cell(city, i, None, "etmun", why) for i in ("NET1", *ETMUN_INDICATORS)]
            continue
        if not networks:
            unmatched.append(f"{city}\t{SOURCES['etmun'].file}\tno membership row names the city")
        if not networks and iso2 in ETMUN_MEDITERRANEAN:
            why = "not covered: southern Mediterranean city absent from the European networks"
            cells += [cell(city, i, None, "etmun", why) for i in ("NET1", *ETMUN_INDICATORS)]
            continue
        scope = "lower bound (European networks only)" if iso2 in ETMUN_MEDITERRANEAN else ""
        for indicator, value in _etmun_counts(networks).items():
            group = ETMUN_INDICATORS.get(indicator)
            counted = _names(networks & group) if group else listed
            note = f"networks: {counted or 'none'}" + (f"; {scope}" if scope else "")
            cells.append(cell(city, indicator, value, "etmun", note))
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
