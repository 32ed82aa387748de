"""Writing the built values into a study's own alternatives table (pure text in, text out)."""

from __future__ import annotations

from mcda_citydip.opendata.merge import is_built, merge_table

BUILT = (
    "# Indicator values derived from open data (see provenance.csv and scripts/README.md).\n"
    "# Source: a\n"
    "city,NET1,ECO1,population,latitude,longitude\n"
    "Baku,,23.34,2351300,40.37767,49.89201\nAktau,,0.00,147443,43.66105,51.17392\n"
)


def test_only_the_columns_the_table_has_are_filled_and_the_rest_kept() -> None:
    study = "# mine\ncity,ECO1,BIL2,population,name_fa\nBaku,,3,1,باکو\nAktau,,,2,\n"
    merged = merge_table(study, BUILT)
    assert merged.text == (
        "# mine\n# Indicator values derived from open data (see provenance.csv and "
        "scripts/README.md).\n# Source: a\ncity,ECO1,BIL2,population,name_fa\n"
        "Baku,23.34,3,2351300,باکو\nAktau,0.00,,147443,\n"
    )
    assert merged.skipped_columns == ("NET1",)
    assert merged.conflicts == () and merged.missing_rows == ()


def test_a_rebuild_repeats_no_comment_and_changes_nothing() -> None:
    once = merge_table("city,ECO1\nBaku,\nAktau,\n", BUILT).text
    assert merge_table(once, BUILT).text == once


def test_a_typed_value_that_would_change_is_a_conflict() -> None:
    merged = merge_table("city,ECO1,population\nBaku,99,5\nAktau,0,6\nShusha,1,7\n", BUILT)
    assert merged.conflicts == (("Baku", "ECO1", "99", "23.34"),)  # 0 == 0.00: no conflict
    assert "Shusha,1,7" in merged.text  # a row the build has not: untouched


def test_a_listed_city_without_a_row_is_reported() -> None:
    assert merge_table("city,ECO1\nBaku,\n", BUILT).missing_rows == ("Aktau",)


def test_the_build_recognises_its_own_table() -> None:
    assert is_built(BUILT) and not is_built("city,ECO1\n")
