"""A build never erases a value the user typed because a source is silent: an empty built cell
keeps the typed value (credited to the user in provenance.csv); only a different value is a
conflict. A table with no header row is one error, not a traceback."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.errors import InputError
from mcda_citydip.opendata.merge import credit_typed, merge_table
from mcda_citydip.opendata.output import PROVENANCE_HEADER

BUILT = (
    "# Indicator values derived from open data (see provenance.csv and scripts/README.md).\n"
    "city,NET1,ECO1,population,latitude,longitude,name_fa\n"
    "Baku,,23.34,2351300,40.37767,49.89201,\nAktau,,0.00,,43.66105,51.17392,\n"
)
PROVENANCE = (
    ",".join(PROVENANCE_HEADER) + "\n"
    "Baku,NET1,,etmun_members_geocoded_gourdon.csv,2021,not covered: no ETMUN member matched\n"
    "Baku,ECO1,23.34,gawc_da31_gnc2020.csv,2020,GNC_abs / London × 100\n"
    "Aktau,population,,un_wup.csv,2018,not covered: no UN WUP row\n"
)


def rows(text: str) -> dict[str, dict[str, str]]:
    body = [line for line in text.splitlines() if not line.startswith("#")]
    return {r["city"]: r for r in csv.DictReader(body)}


def test_an_empty_built_cell_keeps_the_typed_value_and_is_no_conflict() -> None:
    merged = merge_table("city,NET1,ECO1,population,name_fa\nBaku,7,,5,باکو\nAktau,,,9,\n", BUILT)
    assert merged.conflicts == ()
    table = rows(merged.text)
    assert table["Baku"]["NET1"] == "7"  # ETMUN does not cover Baku: the typed 7 stays
    assert table["Baku"]["name_fa"] == "باکو"  # no name found: the typed one stays
    assert table["Aktau"]["population"] == "9"  # no population found: the typed one stays
    assert table["Baku"]["population"] == "2351300"  # a value found: refreshed
    assert set(merged.kept) == {("Baku", "NET1", "7"), ("Baku", "name_fa", "باکو"),
                                ("Aktau", "population", "9")}  # fmt: skip


def test_only_a_different_value_is_a_conflict() -> None:
    merged = merge_table("city,NET1,ECO1\nBaku,7,99\nAktau,,0\n", BUILT)
    assert merged.conflicts == (("Baku", "ECO1", "99", "23.34"),)


def test_provenance_credits_the_kept_value_to_the_user() -> None:
    kept = (("Baku", "NET1", "7"), ("Aktau", "population", "9"))
    credited = list(csv.reader(io.StringIO(credit_typed(PROVENANCE, kept, "cities.csv"))))
    assert credited[0] == list(PROVENANCE_HEADER)
    city, indicator, value, source, year, method = credited[1]
    assert (city, indicator, value, source, year) == ("Baku", "NET1", "7", "cities.csv", "")
    assert method.startswith("typed by the user, kept: etmun_members_geocoded_gourdon.csv")
    assert "no ETMUN member matched" in method  # why the source gave none
    assert credited[2][2:4] == ["23.34", "gawc_da31_gnc2020.csv"]  # a built value: unchanged
    assert credited[3][2:4] == ["9", "cities.csv"]


def test_nothing_kept_leaves_provenance_unchanged() -> None:
    assert credit_typed(PROVENANCE, (), "cities.csv") == PROVENANCE


@pytest.mark.parametrize("text", ["", "# only a comment\n", "# a\n# b\n\n"])
def test_a_table_with_no_header_row_is_one_error(text: str) -> None:
    with pytest.raises(InputError, match=r"^study/cities\.csv: no header row"):
        merge_table(text, BUILT, "study/cities.csv")


CELL = st.sampled_from(["", "", "0", "1", "2.5", "x"])


@given(
    typed=st.lists(st.tuples(CELL, CELL, CELL), min_size=2, max_size=2),
    built=st.lists(st.tuples(CELL, CELL, CELL), min_size=2, max_size=2),
)
def test_no_typed_value_is_ever_erased(
    typed: list[tuple[str, str, str]], built: list[tuple[str, str, str]]
) -> None:
    """Whatever the build gives, every non-empty typed cell is non-empty after the merge, and
    it changes only to a built value (never to a silent source's empty cell)."""
    header = "city,NET1,ECO1,population\n"
    study = header + "".join(f"C{k},{','.join(r)}\n" for k, r in enumerate(typed))
    new = header + "".join(f"C{k},{','.join(r)}\n" for k, r in enumerate(built))
    merged = rows(merge_table(study, new).text)
    for k, (old_row, new_row) in enumerate(zip(typed, built, strict=True)):
        for column, old, fresh in zip(("NET1", "ECO1", "population"), old_row, new_row,
                                      strict=True):  # fmt: skip
            after = merged[f"C{k}"][column]
            assert after == (fresh or old)
            assert bool(after) >= bool(old)
