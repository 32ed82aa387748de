"""The text of the four files a build writes (written by the caller: no I/O here).

``indicators.csv`` (the citydip alternatives format: comment lines with every source's
attribution, then ``city``, one column per derived indicator, ``population``, ``latitude``,
``longitude`` and any ``name_<lang>`` columns; an empty cell = the source does not cover the
city), ``provenance.csv`` (one row per cell), ``partnerships.csv`` (twin-city pairs of two listed
cities) and ``unmatched.txt`` (every city–source pair whose matching failed). A rebuild from the
same sources gives identical bytes: no build date is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from mcda_citydip.opendata.derive import Cell
from mcda_citydip.opendata.names import NameCell
from mcda_citydip.opendata.sources import SOURCES

INDICATORS = (
    "NET1", "NET2", "NET3", "NET4", "BIL1", "BIL5", "KNW4", "ECO1", "ECO2", "ECO6", "POL1",
    "POL3", "CUL3",
)  # fmt: skip
COLUMNS = (*INDICATORS, "population", "latitude", "longitude")
DECIMALS = {"BIL5": 2, "ECO1": 2, "ECO6": 1, "latitude": 5, "longitude": 5}
Pairs = dict[frozenset[str], tuple[str, ...]]  # two cities -> the source files naming the pair
SCRIPT = "scripts/build_data.py"  # the project's tables (data/) are built by it
COMMAND = "citydip data build"  # a study's tables


def derived_by(producer: str) -> str:
    """The credit line of every table: who built it (:data:`SCRIPT` or :data:`COMMAND`)."""
    return f"Derived by {producer} (no build date: a rebuild gives identical files)."


UNMATCHED_HEADER = (
    "# city\tsource file\twhy (one line per city–source pair whose matching failed)\n"
)


PROVENANCE_HEADER = ("city", "indicator", "value", "source_file", "source_year", "method")
PARTNERSHIPS_MARK = "# Twin-city partnerships between two cities of this list"
#: How each file the build writes begins: a file that begins so may be rebuilt over.
SIGNATURES = (
    "# Indicator values derived from open data",
    ",".join(PROVENANCE_HEADER),
    PARTNERSHIPS_MARK,
    UNMATCHED_HEADER,
)


def formatted(indicator: str, value: float | None) -> str:
    """A cell as written: empty when not covered, fixed decimals, else a whole number."""
    if value is None:
        return ""
    if indicator in DECIMALS:
        return f"{value:.{DECIMALS[indicator]}f}"
    return str(round(value))


def _header(names_note: str | None, producer: str) -> list[str]:
    lines = ["Indicator values derived from open data (see provenance.csv and scripts/README.md)."]
    lines += [f"Source: {s.file} ({s.year}): {s.attribution}" for s in SOURCES.values()]
    lines.append(
        f"Columns latitude, longitude: decimal degrees of the city's GeoNames record "
        f"({SOURCES['geonames'].file}), for maps; not indicators. Twin-city pairs: "
        "partnerships.csv."
    )
    if names_note:
        lines.append(names_note)
    lines.append("Empty cell = the source does not cover the city (reason in provenance.csv).")
    lines.append(derived_by(producer))
    return [f"# {line}" for line in lines]


def indicators_text(
    cities: Sequence[str],
    cells: Sequence[Cell],
    names: Sequence[NameCell] = (),
    names_note: str | None = None,
    producer: str = COMMAND,
) -> str:
    """``indicators.csv``: one row per city in list order, credited to ``producer``."""
    value = {(c.city, c.indicator): c.value for c in cells}
    name_columns = list(dict.fromkeys(n.column for n in names))
    name = {(n.city, n.column): n.name for n in names}
    handle = io.StringIO()
    handle.write("\n".join(_header(names_note if names else None, producer)) + "\n")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["city", *COLUMNS, *name_columns])
    for city in cities:
        row = [city, *(formatted(i, value.get((city, i))) for i in COLUMNS)]
        writer.writerow(row + [name[(city, c)] for c in name_columns])
    return handle.getvalue()


def provenance_text(
    cities: Sequence[str], cells: Sequence[Cell], names: Sequence[NameCell] = ()
) -> str:
    """``provenance.csv``: one row per cell (value, source file and year, method), cities in
    list order and columns in table order, then the name cells."""
    order = {name: k for k, name in enumerate(COLUMNS)}
    position = {city: k for k, city in enumerate(cities)}
    ranked = sorted(cells, key=lambda c: (position[c.city], order[c.indicator]))
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(PROVENANCE_HEADER)
    for c in ranked:
        writer.writerow(
            [c.city, c.indicator, formatted(c.indicator, c.value), c.source, c.year, c.note]
        )
    for n in names:
        writer.writerow([n.city, n.column, n.name, n.source, n.year, n.note])
    return handle.getvalue()


def partnerships_text(cities: Sequence[str], pairs: Pairs, producer: str = COMMAND) -> str:
    """``partnerships.csv``: one row per pair of listed cities (in the list's order), with the
    files that name it; a header of comments says where the pairs come from."""
    position = {city: k for k, city in enumerate(cities)}
    rows = sorted(
        (
            (*sorted(pair, key=position.__getitem__), "; ".join(sources))
            for pair, sources in pairs.items()
        ),
        key=lambda row: (position[row[0]], position[row[1]]),
    )
    twins, wikidata = SOURCES["twins"], SOURCES["wikidata_twins"]
    lines = [
        PARTNERSHIPS_MARK[2:] + " (see scripts/README.md).",
        f"Source: {twins.file} ({twins.year}): {twins.attribution}",
        f"Source: {wikidata.file} ({wikidata.year}): {wikidata.attribution}",
        "The Hekman pairs (Wikipedia lists) are those BIL1 and BIL5 count; the Wikidata P190 pairs",
        "(origin cities in DE, FR, PL, HU, PT, BG only) are BIL1's cross-check. A pair is listed",
        "once, whichever city names it; source = the file(s) naming the pair, separated by '; '.",
        derived_by(producer),
    ]
    handle = io.StringIO()
    handle.write("".join(f"# {line}\n" for line in lines))
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["city_a", "city_b", "source"])
    writer.writerows(rows)
    return handle.getvalue()


def unmatched_text(unmatched: Sequence[str]) -> str:
    """``unmatched.txt``: a header line, then one line per failed city–source pair."""
    return UNMATCHED_HEADER + "".join(f"{line}\n" for line in unmatched)
