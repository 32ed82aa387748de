"""Indicator values for the candidate cities, one function per source (used by build_data.py).

Each function takes the resolved candidates (one row per city: ``city``, ``iso2``, ``lat``,
``lon``, GeoNames data), the name-key ``index`` of :func:`build_data.city_index`, the source
table(s), and a list to which it appends one line per city–source pair whose matching failed. It
returns :class:`Cell` objects: a value (or ``None`` where the source does not cover the city) with
its source, year and a note on the method. Conventions are stated in ``scripts/README.md``.
"""

from __future__ import annotations

import re
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

# The curated Gulf evidence table covers the case-study cities of these countries; its network
# names are sorted into indicators by these patterns (first match; otherwise NET1), its roles
# board → NET3 and secretariat / regional_office → NET4.
CURATED_COUNTRIES = frozenset({"AE", "BH", "IQ", "IR", "KW", "OM", "QA", "SA"})
CURATED_GROUPS = (
    (r"^Arab Towns Organization \(ATO\)|Islamic Capitals and Cities", "NET2"),
    (r"C40|ICLEI|Covenant of Mayors", "KNW4"),
    (r"Mayors for Peace|Strong Cities|Peace Messenger", "POL3"),
    (r"UNESCO Creative Cities|World Heritage|OWHC", "CUL3"),
)
CURATED_INDICATORS = ("NET1", "NET2", "NET3", "NET4", "KNW4", "POL3", "CUL3")


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


@dataclass(frozen=True)
class Peers:
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
    columns = {f"{c}{side}": c for c in ("name", "lat", "lon", "stated")} | {f"iso2_{side}": "iso2"}
    return twins[list(columns)].rename(columns=columns)


def _partner(name: pd.Series, country: pd.Series) -> pd.Series:
    """Partner key ``name|ISO2`` (the country text when it resolves to no ISO code)."""
    iso = country.map(country_iso2).fillna(country.map(lambda c: normalise(str(c))))
    return name.map(lambda n: normalise(str(n))) + "|" + iso


@dataclass(frozen=True)
class TwinLinks:
    partners: dict[str, set[str]]  # city -> distinct partners (normalised name|country)
    pairs: set[frozenset[str]]  # partnerships between two candidates
    own_list: set[str]  # candidates with their own Wikipedia list (city1 side)
    matched: pd.DataFrame  # row (of the source), side ('1' or '2') and city of every match


def twin_links(index: pd.DataFrame, twins: pd.DataFrame) -> TwinLinks:
    """Hekman pairs tied to the candidates on either side, in both directions.

    A partner is a (name, country) key, so a city listed twice under two country spellings
    ('Famagusta, Cyprus' and 'Famagusta, Northern Cyprus') counts once; a partner that is the
    candidate itself (a namesake geocoded onto it) is dropped.
    """
    first = match_places(_side(twins, "1"), index, NEAR_KM)
    second = match_places(_side(twins, "2"), index, NEAR_KM)
    links = pd.concat(
        [
            pd.DataFrame({"city": first, "partner": _partner(twins["name2"], twins["country2"])}),
            pd.DataFrame({"city": second, "partner": _partner(twins["name1"], twins["country1"])}),
        ]
    ).dropna(subset=["city"])
    own_keys = index.assign(own=index["key"] + "|" + index["iso2"]).groupby("city")["own"]
    selves = {str(city): set(keys) for city, keys in own_keys}
    partners = {
        str(c): set(rows["partner"]) - selves.get(str(c), set())
        for c, rows in links.groupby("city")
    }
    both = pd.DataFrame({"a": first, "b": second}).dropna()
    pairs = {frozenset(p) for p in zip(both["a"], both["b"], strict=True) if p[0] != p[1]}
    matched = pd.concat(
        [
            pd.DataFrame({"row": first.index, "side": "1", "city": first}),
            pd.DataFrame({"row": second.index, "side": "2", "city": second}),
        ]
    ).dropna(subset=["city"])
    return TwinLinks(partners, pairs, set(first.dropna()), matched.reset_index(drop=True))


def partner_pairs(
    index: pd.DataFrame, twins: pd.DataFrame, wikidata: pd.DataFrame
) -> dict[frozenset[str], tuple[str, ...]]:
    """Partnerships between two cities of the index, with the source files naming each pair.

    The Hekman pairs are those BIL1 and BIL5 count (:func:`twin_links`); the Wikidata P190
    pairs (BIL1's cross-check; origin cities in six EU countries) have both sides matched by
    the same rules. A city paired with itself (a namesake geocoded onto it) is dropped.
    """
    found = {pair: [SOURCES["twins"].file] for pair in twin_links(index, twins).pairs}
    columns = {f"partner_{c}": c for c in ("name", "iso2", "stated", "lat", "lon")}
    partner = wikidata[list(columns)].rename(columns=columns)
    both = pd.DataFrame(
        {
            "a": match_places(wikidata, index, NEAR_KM),
            "b": match_places(partner, index, NEAR_KM),
        }
    ).dropna()
    wikidata_file = SOURCES["wikidata_twins"].file
    for a, b in zip(both["a"], both["b"], strict=True):
        if a == b:
            continue
        sources = found.setdefault(frozenset({a, b}), [])
        if wikidata_file not in sources:
            sources.append(wikidata_file)
    return {pair: tuple(sources) for pair, sources in found.items()}


def coordinates(cities: pd.DataFrame) -> list[Cell]:
    """Latitude and longitude (decimal degrees) of the GeoNames record each city is matched to
    (the point ECO6 measures from): for maps, not indicators."""
    cells = []
    for row in cities.itertuples():
        how = "pinned by geonames_id" if row.geonames_id else "matched by name"
        note = f"GeoNames {row.geonameid} '{row.gn_name}' ({how}); decimal degrees, for maps"
        cells.append(cell(row.city, "latitude", float(row.lat), "geonames", note))
        cells.append(cell(row.city, "longitude", float(row.lon), "geonames", note))
    return cells


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
    peers: Peers,
    unmatched: list[str],
) -> list[Cell]:
    """BIL1 (distinct partners) and BIL5 (% of the peers partnered: :func:`partnered_peers`).

    A city whose list entry says it signs no formal twinning treaties (``twinning`` column of the
    city list, with its source) has 0 for both, whatever the pairs say.
    """
    links = twin_links(index, twins)
    cross = wikidata.assign(city=match_places(wikidata, index, NEAR_KM)).dropna(subset=["city"])
    cells = []
    for city, iso2, policy in zip(cities["city"], cities["iso2"], cities["twinning"], strict=True):
        partners = links.partners.get(city, set())
        if policy:
            why = f"0: the city signs no formal twinning treaties ({policy})"
            cells += [cell(city, i, 0.0, "twins", why) for i in ("BIL1", "BIL5")]
            continue
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
        cells.append(partnered_peers(city, peers))
    return cells


def partnered_peers(city: str, peers: Peers) -> Cell:
    """BIL5: 100 × (peers partnered with the city, either direction) / peers."""
    others = set(peers.of(city)["peer"])
    mates = sorted(p for p in others if frozenset({city, p}) in peers.pairs)
    value = 100.0 * len(mates) / len(others) if others else None
    note = f"{len(mates)} of {len(others)} {peers.label} partnered ({peers.rule}): "
    return cell(city, "BIL5", value, "twins", note + (", ".join(mates) or "none"))


def _etmun_counts(networks: set[str]) -> dict[str, float]:
    counts = {"NET1": float(len(networks - COUNTED_ELSEWHERE))}
    counts |= {ind: float(len(networks & group)) for ind, group in ETMUN_INDICATORS.items()}
    return counts


def _etmun_members(etmun: pd.DataFrame) -> pd.DataFrame:
    council = etmun["entity"].isin(["City", "Municipality"]) | (
        (etmun["entity"] == "Intermunicipality")
        & etmun["name"].fillna("").str.contains(METROPOLITAN_COUNCIL)
    )
    return etmun[(etmun["status"] != "Former Member") & council]


def network_memberships(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    etmun: pd.DataFrame,
    unmatched: list[str],
    union_network: str | None = None,
) -> list[Cell]:
    """NET1, NET2, POL3, KNW4, CUL3: current memberships of city networks in the ETMUN table.

    NET1 counts the networks not counted by NET2, POL3, KNW4 or CUL3. ``union_network`` (the
    union the case is about) is never counted: a member would rank high by definition. Gulf
    cities are left to :func:`curated_memberships`; other cities outside Europe and the
    Mediterranean are empty.
    """
    aside = f"; {union_network} (the union of this case) never counted" if union_network else ""
    members = _etmun_members(etmun)
    matched = members.assign(city=match_places(members, index, NEAR_KM)).dropna(subset=["city"])
    indicators = ("NET1", *ETMUN_INDICATORS)
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        found = set(matched.loc[matched["city"] == city, "network"])
        networks = found - {union_network}
        listed = _names(networks) or "none"
        if iso2 in CURATED_COUNTRIES:
            continue
        if iso2 not in ETMUN_EUROPE | ETMUN_MEDITERRANEAN:
            why = f"not covered: European networks only (seen, unused: {listed})"
            cells += [cell(city, i, None, "etmun", why) for i in indicators]
            continue
        if not found:
            unmatched.append(f"{city}\t{SOURCES['etmun'].file}\tno membership row names the city")
        if not found and iso2 in ETMUN_MEDITERRANEAN:
            why = "not covered: southern Mediterranean city absent from the European networks"
            cells += [cell(city, i, None, "etmun", why) for i in indicators]
            continue
        scope = "lower bound (European networks only)" if iso2 in ETMUN_MEDITERRANEAN else ""
        for indicator, value in _etmun_counts(networks).items():
            group = ETMUN_INDICATORS.get(indicator)
            counted = _names(networks & group if group else networks - COUNTED_ELSEWHERE)
            if indicator == "CUL3" and not value:
                why = "not covered: OWHC membership only; no table of UNESCO designations"
                cells.append(cell(city, indicator, None, "etmun", why))
                continue
            note = f"networks: {counted or 'none'}" + (f"; {scope}" if scope else "")
            note += aside if indicator in ("NET1", "NET2") else ""
            if indicator == "CUL3":
                note += "; OWHC only (UNESCO designations not covered): a lower bound"
            cells.append(cell(city, indicator, value, "etmun", note))
    return cells


def board_seats(cities: pd.DataFrame) -> list[Cell]:
    """NET3 outside the Gulf: not covered (the ETMUN table records a role for a handful of rows
    of one or two networks, so absence says nothing)."""
    why = "not covered: no open table of board seats in European networks"
    return [
        cell(city, "NET3", None, "etmun", why)
        for city, iso2 in zip(cities["city"], cities["iso2"], strict=True)
        if iso2 not in CURATED_COUNTRIES
    ]


def secretariats_hosted(
    cities: pd.DataFrame, index: pd.DataFrame, organisations: pd.DataFrame
) -> list[Cell]:
    """NET4 (European cases): ETMUN networks whose secretariat address is in the city.

    A lower bound: the table lists the 58 networks' secretariats, no UN or other international
    offices, so a city hosting none of them is *not covered*, not 0. Gulf cities: see
    :func:`curated_memberships`.
    """
    matched = organisations.assign(city=match_places(organisations, index, NEAR_KM))
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        if iso2 in CURATED_COUNTRIES:
            continue
        hosted = set(matched.loc[matched["city"] == city, "network"])
        if not hosted:
            why = "not covered: hosts none of the 58 ETMUN secretariats; other offices not listed"
            cells.append(cell(city, "NET4", None, "etmun_organisations", why))
            continue
        note = f"secretariats of {_names(hosted)}; a lower bound (58 ETMUN networks only)"
        cells.append(cell(city, "NET4", float(len(hosted)), "etmun_organisations", note))
    return cells


def _curated_indicator(network: str, role: str) -> str:
    """The indicator a curated evidence row counts towards (see scripts/README.md)."""
    if role == "board":
        return "NET3"
    if role in {"secretariat", "regional_office"}:
        return "NET4"
    for pattern, indicator in CURATED_GROUPS:
        if re.search(pattern, network):
            return indicator
    return "NET1"


def curated_memberships(
    cities: pd.DataFrame, index: pd.DataFrame, curated: pd.DataFrame, coverage: pd.DataFrame
) -> list[Cell]:
    """NET1-NET4, KNW4, POL3 and CUL3 of the Gulf cities from the curated evidence table.

    A row counts when its status is ``member`` (``unknown`` rows are listed, not counted;
    ``former`` rows are ignored); each network counts once per indicator. No network of the
    coverage file has a complete member list, so a city without a counted row is *not covered*
    (empty), never 0, and every value is a lower bound.
    """
    rows = curated.assign(
        city=match_places(curated, index, NEAR_KM),
        indicator=[
            _curated_indicator(n, r)
            for n, r in zip(curated["network"], curated["role"], strict=True)
        ],
    ).dropna(subset=["city"])
    complete = set(coverage.loc[coverage["member_list_found"] == "yes", "network"])
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        if iso2 not in CURATED_COUNTRIES:
            continue
        for indicator in CURATED_INDICATORS:
            found = rows[(rows["city"] == city) & (rows["indicator"] == indicator)]
            counted = found[found["status"] == "member"]
            unsure = _names(found.loc[found["status"] == "unknown", "network"])
            aside = f"; status unknown, not counted: {unsure}" if unsure else ""
            if counted.empty:
                why = "not covered: no complete member list" + (
                    f" ({len(complete)} complete)" if complete else ""
                )
                cells.append(cell(city, indicator, None, "curated", why + aside))
                continue
            sources = "; ".join(
                f"{r.network} ({r.role}, since {r.since or '?'}: {r.evidence_url})"
                for r in counted.drop_duplicates("network").itertuples()
            )
            value = float(counted["network"].nunique())
            note = f"lower bound, evidence rows: {sources}{aside}"
            cells.append(cell(city, indicator, value, "curated", note))
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
