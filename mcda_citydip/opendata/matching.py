"""Place names and points: the name keys and distance rules that tie source rows to cities.

A name gives *keys* (:func:`name_keys`: diacritics folded, ``City``/``Municipality`` affixes
stripped, parenthesised qualifiers dropped, ``/``-separated alternatives split) and a source row
matches a candidate city by a shared key, its stated country and, where the source has
coordinates, the distance to the city's GeoNames point (:func:`match_places`). The rules are
stated in ``scripts/README.md`` ("Name matching").
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from mcda_citydip.opendata.geo import EARTH_RADIUS_KM as EARTH_RADIUS_KM  # re-exported
from mcda_citydip.opendata.geo import fold_name
from mcda_citydip.opendata.geo import haversine_km as haversine_km  # re-exported

if TYPE_CHECKING:
    import pandas as pd

_GENITIVE = re.compile(r"s (kommune|kommun|stad)$")
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
    """Lower-case ASCII form of a name (:func:`.geo.fold_name`: diacritics folded, punctuation
    to spaces, other scripts dropped), ``St``/``Sankt`` → saint."""
    return " ".join(_TOKENS.get(token, token) for token in fold_name(text).split())


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
    import pandas as pd

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


def unrecognised_countries(table: pd.DataFrame, index: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Rows that name a candidate (a shared name key) but state a country that does not
    resolve to an ISO code, so :func:`match_places` cannot count them: (city, name, country).
    ``table`` has ``name``, ``iso2``, ``stated`` and ``country`` (the country as written)."""
    if "stated" not in table or "country" not in table:
        return []
    lost = table[table["stated"].astype(bool) & table["iso2"].isna()]
    found = set()
    for name, country in zip(lost["name"], lost["country"], strict=True):
        keys = name_keys(str(name))
        for city in index.loc[index["key"].isin(keys), "city"]:
            found.add((str(city), str(name), str(country)))
    return sorted(found)
