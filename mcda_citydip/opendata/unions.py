"""The union a case is about: which one (named in the city list), its members, their points.

A city list names its union in a header line ``# union: UBC`` (or ``# union: none`` for a union
to be formed); ``--union`` overrides it. For a union, NET1 and NET2 never count membership of
the union's own network, and BIL5 and ECO6 are measured against the union's member cities
(geocoded in GeoNames); for a union to be formed, against the other candidates. Rules:
``scripts/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from mcda_citydip.opendata.derive import NEAR_KM
from mcda_citydip.opendata.matching import match_places, name_keys
from mcda_citydip.opendata.readers import read_etmun, read_ubc_members
from mcda_citydip.opendata.sources import SOURCES

if TYPE_CHECKING:
    import pandas as pd


class Union(Struct, frozen=True):
    key: str  # as the city list names it
    name: str
    network: str  # its name in the ETMUN table: NET1 and NET2 never count it
    source: str  # key of opendata.SOURCES: where the member list comes from
    members_note: str  # which members, from which list


UNIONS: dict[str, Union] = {
    "UBC": Union(
        "UBC",
        "Union of the Baltic Cities",
        "UBC",
        "ubc",
        "UBC member list of 2025 (ubc-sustainable.net)",
    ),
    "MedCities": Union(
        "MedCities",
        "MedCities",
        "MedCities",
        "etmun",
        "current MedCities members in the ETMUN table (c. 2015; city councils only)",
    ),
}

# Members listed under a name GeoNames spells otherwise, or a municipality or region named after
# no place of 15,000 or more: the GeoNames place taken for them (its main town). GeoNames files
# Mariehamn under Åland (AX), the UBC list under Finland.
MEMBER_PLACES: dict[tuple[str, str], int] = {
    ("Aarhus", "DK"): 2624652,  # Århus
    ("Greifswald", "DE"): 2917788,  # Universitäts- und Hansestadt Greifswald
    ("Guldborgsund", "DK"): 2615961,  # Nykøbing Falster
    ("Mariehamn", "FI"): 3041732,  # Mariehamn, AX
    ("Region of Gotland", "SE"): 2662689,  # Visby
    ("Rivne region", "UA"): 695594,  # Rivne
    ("Zaporizhzhia", "UA"): 687700,  # Zaporizhzhya
    ("Larnaka", "CY"): 146400,  # Larnaca
    ("Saida", "LB"): 268064,  # Sidon
    ("Jbeil ( Byblos)", "LB"): 273203,  # Byblos
    ("Djerba", "TN"): 2470384,  # Houmt Souk, the island's main town
}

_DIRECTIVE = re.compile(r"^#\s*union:\s*(\S+)", re.IGNORECASE)


def union_key(path: Path) -> str | None:
    """The union a city list names in a ``# union: KEY`` line (``none``: a union to be formed)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        found = _DIRECTIVE.match(line)
        if found:
            key = found.group(1)
            return None if key.lower() == "none" else key
    return None


def member_table(union: Union, shared: Path) -> pd.DataFrame:
    """The union's members as the source lists them: ``name``, ``iso2``, ``lat``, ``lon``."""
    if union.source == "ubc":
        return read_ubc_members(shared)
    etmun = read_etmun(shared)
    rows = etmun[
        (etmun["network"] == union.network)
        & (etmun["status"] != "Former Member")
        & etmun["entity"].isin(["City", "Municipality"])
    ]
    return rows[["name", "iso2", "lat", "lon"]].reset_index(drop=True)


def geonames_place(name: str, iso2: str, geonames: pd.DataFrame) -> pd.Series | None:
    if (name, iso2) in MEMBER_PLACES:
        rows = geonames[geonames["geonameid"] == MEMBER_PLACES[(name, iso2)]]
    else:
        rows = geonames[geonames["iso2"] == iso2]
        rows = rows[rows["name"].map(lambda n: bool(name_keys(n) & name_keys(name)))]
    if rows.empty:
        return None
    best: pd.Series = rows.loc[rows["population"].idxmax()]  # type: ignore[call-overload]
    return best


def resolve_members(
    union: Union,
    members: pd.DataFrame,
    cities: pd.DataFrame,
    index: pd.DataFrame,
    geonames: pd.DataFrame,
    unmatched: list[str],
) -> pd.DataFrame:
    """One row per member found: ``peer`` (the candidate's id when the member is a candidate,
    else its name), ``city`` (that candidate, or None), ``name``, ``gn_name``, ``iso2``,
    ``geonameid``, ``lat``, ``lon``. A member is a candidate when the list names it (the build's
    name matching) or names the same GeoNames place; otherwise it is the most populous GeoNames
    place of that name in its country. Members not found are listed in ``unmatched``."""
    import pandas as pd

    named = match_places(members, index, NEAR_KM)
    by_place = dict(zip(cities["geonameid"], cities["city"], strict=True))
    point = cities.set_index("city")
    found: list[tuple[Any, ...]] = []
    seen: set[int] = set()
    for row, candidate in zip(members.itertuples(), named, strict=True):
        place: Any = None
        if not isinstance(candidate, str):
            place = geonames_place(str(row.name).strip(), str(row.iso2), geonames)
        if not isinstance(candidate, str) and place is None:
            unmatched.append(
                f"({union.key} member) {row.name}\t{SOURCES['geonames'].file}\t'{row.name}' "
                f"({row.iso2}) not among GeoNames places ≥ 15,000: left out of BIL5 and ECO6"
            )
            continue
        if not isinstance(candidate, str):
            candidate = by_place.get(int(place["geonameid"]))
        entry: tuple[Any, ...]
        if isinstance(candidate, str):
            city: Any = point.loc[candidate]
            entry = (candidate, candidate, row.name, city["gn_name"], city["iso2"])
            entry += (int(city["geonameid"]), city["lat"], city["lon"])
        else:
            name = str(row.name).strip()
            entry = (name, None, name, place["name"], place["iso2"])
            entry += (int(place["geonameid"]), place["lat"], place["lon"])
        if entry[5] not in seen:
            seen.add(entry[5])
            found.append(entry)
    columns = ["peer", "city", "name", "gn_name", "iso2", "geonameid", "lat", "lon"]
    table = pd.DataFrame(found, columns=columns)
    clash = table["city"].isna() & table["peer"].isin(cities["city"])
    table.loc[clash, "peer"] = table["peer"] + " (" + table["iso2"] + ")"
    return table
