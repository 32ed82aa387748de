"""Fill a study's own alternatives table with the built values (pure: text in, text out).

A study folder made by ``citydip init`` keeps its alternatives in ``cities.csv``: one row per
city, one column per indicator of the study's criteria, then ``population``, ``latitude``,
``longitude`` and ``name_fa``; values may have been typed by hand. The build writes into that
table only the columns it derives that the table has (an indicator the criteria leave out gets
no column), row by row by city id; every other column, row and comment line stays. The
sources' attributions are added to the comment lines (a rebuild does not repeat them).
A cell the build leaves empty (its source does not cover the city) never erases a value typed
there: the typed value stays, and :func:`credit_typed` says so in ``provenance.csv``. A non-empty
indicator value that the build would change to a different value is a *conflict*: the caller
refuses it unless told to replace it (``--force``); population, coordinates and names the
build finds are always refreshed.
"""

from __future__ import annotations

import csv
import io

from msgspec import Struct

from mcda_citydip.errors import InputError
from mcda_citydip.opendata.output import INDICATORS, PROVENANCE_HEADER, SIGNATURES

#: The first comment line of a table written by the build itself (replaced whole, not merged).
BUILT_MARK = SIGNATURES[0]


class Merged(Struct, frozen=True):
    """The merged table's text; the cells a rebuild would change (city, column, old, new);
    the built columns the table has no column for; the listed cities it has no row for; the
    typed values kept where the build has none (city, column, value)."""

    text: str
    conflicts: tuple[tuple[str, str, str, str], ...]
    skipped_columns: tuple[str, ...]
    missing_rows: tuple[str, ...]
    kept: tuple[tuple[str, str, str], ...] = ()


def is_built(text: str) -> bool:
    """Whether ``text`` is an indicators table the build wrote (not the study's own)."""
    return text.startswith(BUILT_MARK)


def _split(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    return comments, [row for row in csv.reader(body) if row]


def merge_table(existing: str, built: str, name: str = "alternatives table") -> Merged:
    """``existing`` (the study's alternatives CSV, called ``name`` in errors) with the values
    of ``built`` (the build's ``indicators.csv``) written into the columns both have; an
    empty built cell keeps the existing value."""
    old_comments, old_rows = _split(existing)
    new_comments, new_rows = _split(built)
    if not old_rows:
        raise InputError(
            f"{name}: no header row (only comments or nothing); give it a header such as "
            "'city,ECO1,…' with one row per city, or delete it to have the build write it"
        )
    header, new_header = old_rows[0], new_rows[0]
    values = {row[0]: dict(zip(new_header, row, strict=True)) for row in new_rows[1:]}
    shared = [c for c in new_header[1:] if c in header[1:]]
    skipped = tuple(c for c in new_header[1:] if c not in header[1:] and c in INDICATORS)
    conflicts: list[tuple[str, str, str, str]] = []
    kept: list[tuple[str, str, str]] = []
    seen, rows = set(), [header]
    for row in old_rows[1:]:
        row = row + [""] * (len(header) - len(row))
        built_row = values.get(row[0])
        if built_row is not None:
            seen.add(row[0])
            for column in shared:
                j = header.index(column)
                old, new = row[j].strip(), built_row[column]
                if old and not new:
                    kept.append((row[0], column, old))
                    continue
                if column in INDICATORS and old and not _same(old, new):
                    conflicts.append((row[0], column, old, new))
                row[j] = new
        rows.append(row)
    comments = [c for c in old_comments if c not in new_comments] + new_comments
    handle = io.StringIO()
    handle.write("".join(f"{line}\n" for line in comments))
    csv.writer(handle, lineterminator="\n").writerows(rows)
    missing = tuple(city for city in values if city not in seen)
    return Merged(handle.getvalue(), tuple(conflicts), skipped, missing, tuple(kept))


def credit_typed(provenance: str, kept: tuple[tuple[str, str, str], ...], table: str) -> str:
    """``provenance`` (the build's ``provenance.csv``) with each cell of ``kept`` credited to
    the user: its value is the one typed in ``table``, its source the table, and its method
    says why the source gave none."""
    typed = {(city, column): value for city, column, value in kept}
    rows = list(csv.reader(provenance.splitlines()))
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    for row in rows:
        if row and tuple(row) != PROVENANCE_HEADER and (row[0], row[1]) in typed:
            source, method = row[3], row[5]
            why = f"; {method}" if method else ""
            row = [*row[:2], typed[(row[0], row[1])], table, "",
                   f"typed by the user, kept: {source} gives no value{why}"]  # fmt: skip
        writer.writerow(row)
    return handle.getvalue()


def _same(old: str, new: str) -> bool:
    try:
        return new != "" and float(old) == float(new)
    except ValueError:
        return old == new
