"""The candidate cities: the city list, their GeoNames records, and their name keys.

A city list is a CSV (``#`` lines are comments) with one row per city: an id (``id`` or
``city``, else the first column), ``name``, ``country`` (ISO 3166-1 alpha-2; ``iso2`` also
read), an optional GeoNames id (``geonames_id`` or ``geonameid``: pins the record; empty =
matched by name), and optional ``aliases`` and ``airports`` (``|``-separated), ``twinning`` and
``name_<lang>`` columns. Both the lists of ``scripts/cities/`` and the ``cities.csv`` of a study
folder (``citydip init``) have this shape; other columns (``latitude``, ``population``, ``note``)
are not read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mcda_citydip.errors import InputError
from mcda_citydip.opendata.countries import country_code
from mcda_citydip.opendata.derive import NEAR_KM
from mcda_citydip.opendata.matching import haversine_km, name_keys
from mcda_citydip.opendata.sources import SOURCES

if TYPE_CHECKING:
    import pandas as pd

#: Accepted column names, first found wins.
ID_COLUMNS = ("id", "city")
COUNTRY_COLUMNS = ("country", "iso2")
GEONAMES_COLUMNS = ("geonames_id", "geonameid")
OPTIONAL_COLUMNS = ("aliases", "airports", "twinning")
NAME_COLUMN = re.compile(r"^name_[a-z]{2,3}$")


def _split(value: object) -> list[str]:
    return [part.strip() for part in str(value).split("|") if part.strip()] if value else []


def _column(frame: pd.DataFrame, names: tuple[str, ...], default: str | None = None) -> str | None:
    lowered = {str(c).strip().lower(): str(c) for c in frame.columns}
    found = next((lowered[n] for n in names if n in lowered), None)
    return found if found is not None else default


def read_table(path: Path) -> pd.DataFrame:
    """A city list as strings (``#`` lines are comments), or an :class:`InputError`."""
    import pandas as pd

    from mcda_citydip.files.yamlio import read_text

    text = read_text(path)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, comment="#")
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable CSV city list ({exc})") from None


def has_geonames_column(path: Path) -> bool:
    """Whether the CSV at ``path`` is a city list with a GeoNames-id column."""
    try:
        frame = read_table(path)
    except InputError:
        return False
    return _column(frame, GEONAMES_COLUMNS) is not None


def _countries(path: Path, codes: pd.Series) -> pd.Series:
    resolved = codes.map(lambda code: country_code(str(code)))
    unknown = sorted(set(codes[resolved.isna()]))
    if unknown:
        raise InputError(
            f"{path}: country {', '.join(repr(c) for c in unknown)} is not an ISO 3166-1 "
            "alpha-2 code; write the two-letter code (AZ, KZ, TM, IR…)"
        )
    return resolved


def read_cities(path: Path) -> pd.DataFrame:
    """The city list as a table: ``city``, ``name``, ``iso2``, ``geonames_id`` (text, may be
    empty), ``aliases`` and ``airports`` (lists), ``twinning`` (a source saying the city signs
    no formal twinning treaties) and ``names`` (``name_<lang>`` column → name)."""
    import pandas as pd

    frame = read_table(path)
    key = _column(frame, ID_COLUMNS, str(frame.columns[0]) if len(frame.columns) else None)
    country = _column(frame, COUNTRY_COLUMNS)
    missing = [n for n, c in (("id", key), ("name", _column(frame, ("name",))),
                              ("country", country)) if c is None]  # fmt: skip
    if missing or key is None or country is None:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; a city list has "
                         "id,name,country[,geonames_id] (see scripts/README.md)")  # fmt: skip
    ids = frame[key].str.strip()
    duplicated = sorted(set(ids[ids.duplicated()]))
    if duplicated:
        raise InputError(f"{path}: id(s) {', '.join(duplicated)} appear twice; ids must be unique")
    pins = frame[_column(frame, GEONAMES_COLUMNS) or key].str.strip()
    pins = pins if _column(frame, GEONAMES_COLUMNS) else pins.map(lambda _: "")
    bad = sorted(g for g in pins if g and not g.isdigit())
    if bad:
        raise InputError(f"{path}: geonames_id {', '.join(bad)} is not a number")
    extra = {c: _column(frame, (c,)) for c in OPTIONAL_COLUMNS}
    names = [str(c) for c in frame.columns if NAME_COLUMN.match(str(c).strip().lower())]
    text = {c: frame[col].str.strip() if col else pd.Series("", index=frame.index)
            for c, col in extra.items()}  # fmt: skip
    return pd.DataFrame(
        {
            "city": ids,
            "name": frame[_column(frame, ("name",)) or key].str.strip(),
            "iso2": _countries(path, frame[country].str.strip().str.upper()),
            "geonames_id": pins,
            "aliases": text["aliases"].map(_split),
            "airports": text["airports"].map(_split),
            "twinning": text["twinning"],
            "names": [
                {n.strip().lower(): str(row[n]).strip() for n in names}
                for _, row in frame.iterrows()
            ],
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
    import pandas as pd

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
    import pandas as pd

    rows = []
    for _, city in cities.iterrows():
        names = (city["city"], city["name"], city["gn_name"], *city["aliases"])
        keys = set().union(*(name_keys(str(n)) for n in names))
        ambiguous = _homonyms(city, keys, geonames)
        rows += [(k, city["city"], city["iso2"], city["lat"], city["lon"], ambiguous) for k in keys]
    return pd.DataFrame(rows, columns=["key", "city", "iso2", "lat", "lon", "ambiguous"])
