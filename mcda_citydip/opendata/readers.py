"""Readers of the raw open data sets: one tidy table per source.

Every reader takes the folder of raw files and returns a table with at least ``name`` (a place
name as the source spells it), ``iso2`` (the country, ISO 3166-1 alpha-2, or missing when the
source's country name does not resolve: :func:`~mcda_citydip.opendata.countries.country_iso2`),
``lat`` and ``lon`` (missing when the source has no coordinates); where the source names a
country, ``stated`` says so (even when it does not resolve).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mcda_citydip.opendata.countries import country_iso2
from mcda_citydip.opendata.sources import SOURCES

if TYPE_CHECKING:
    import pandas as pd


def _numeric(series: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(series.astype("string").str.replace(",", ".", regex=False), "coerce")


def _stated(country: pd.Series) -> pd.Series:

    return country.fillna("").astype(str).str.strip() != ""


def read_geonames(shared: Path) -> pd.DataFrame:
    import pandas as pd

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
    import pandas as pd

    frame = pd.read_csv(shared / SOURCES["gawc"].file)
    return pd.DataFrame(
        {
            "name": frame["City"].str.strip(),
            "iso2": frame["Country"].map(country_iso2),
            "stated": _stated(frame["Country"]),
            "country": frame["Country"],
            "lat": np.nan,
            "lon": np.nan,
            "rank": frame["Rank"],
            "gnc_abs": frame["GNC_abs"].astype(float),
            "gnc_rel": frame["GNC_rel(%)"].astype(float),
        }
    )


def read_airports(shared: Path) -> pd.DataFrame:
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

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
            "country": frame["country"],
            "type": frame["type"],
        }
    )


def read_twins(shared: Path) -> pd.DataFrame:
    """Hekman pairs: ``city1`` is the city whose Wikipedia list names ``city2``."""
    import pandas as pd

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
    import pandas as pd

    frame = pd.read_csv(shared / SOURCES["wikidata_twins"].file, sep="\t", dtype=str)
    return pd.DataFrame(
        {
            "name": frame["origincityLabel"],
            "iso2": frame["origincountry"].map(country_iso2),
            "stated": _stated(frame["origincountry"]),
            "country": frame["origincountry"],
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
    import pandas as pd

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
    import pandas as pd

    frame = pd.read_csv(shared / SOURCES["wup"].file, dtype=str)
    return pd.DataFrame(
        {
            "name": frame["Urban Agglomeration"],
            "iso2": frame["Country or area"].map(country_iso2),
            "stated": _stated(frame["Country or area"]),
            "country": frame["Country or area"],
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
    import pandas as pd

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
    import pandas as pd

    frame = pd.read_csv(shared / "gulf_network_memberships_curated_2026-12.csv", dtype=str)
    frame = frame.fillna("")
    return frame.rename(columns={"city": "name"}).assign(
        iso2=frame["country"].map(country_iso2), lat=np.nan, lon=np.nan
    )


def read_curated_coverage(shared: Path) -> pd.DataFrame:
    """Per network of the curated table: whether a complete member list was found."""
    import pandas as pd

    path = shared / "gulf_network_memberships_curated_2026-12_coverage.csv"
    return pd.read_csv(path, dtype=str).fillna("")


def read_ubc_members(shared: Path) -> pd.DataFrame:
    """The Union of the Baltic Cities member list of 2025: name and country (no coordinates)."""
    import pandas as pd

    frame = pd.read_csv(shared / SOURCES["ubc"].file, dtype=str).fillna("")
    return pd.DataFrame(
        {
            "name": frame["city"].str.strip(),
            "iso2": frame["country"].map(country_iso2),
            "lat": np.nan,
            "lon": np.nan,
        }
    )
