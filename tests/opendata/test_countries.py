"""Countries from ISO codes through pycountry, plus the sources' own spellings."""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.opendata.countries import (
    SOURCE_VARIANTS,
    country_code,
    country_iso2,
    country_name,
)

#: The spellings the hand-written table of scripts/opendata.py (COUNTRY_NAMES, before issue 17)
#: gave: every one still resolves to the same code.
FORMER_TABLE = {
    "AE": ("United Arab Emirates", "UAE"), "IR": ("Iran", "Islamic Republic of Iran"),
    "DK": ("Denmark", "Kingdom of Denmark"), "RU": ("Russia", "Russian Federation"),
    "BA": ("Bosnia and Herzegovina", "Bosnia and Hercegovina"),
    "PS": ("Palestine", "State of Palestine"), "SY": ("Syria", "Syrian Arab Republic"),
    "TR": ("Turkey", "Türkiye"), "CZ": ("Czech Republic", "Czechia", "Czeck Republic"),
    "GB": ("United Kingdom", "England", "Scotland", "Wales", "Northern Ireland"),
    "IE": ("Ireland", "Republic of Ireland"), "MK": ("North Macedonia", "Macedonia",
    "TFYR Macedonia"), "US": ("United States", "United States of America", "U.S.", "USA"),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(FORMER_TABLE))
def test_every_spelling_of_the_former_table_resolves_the_same(code: str) -> None:
    for name in FORMER_TABLE[code]:
        assert country_iso2(name) == code, name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Azerbaijan", "AZ"), ("Kazakhstan", "KZ"), ("Turkmenistan", "TM"),
        ("Iran, Islamic Rep.", "IR"), ("Korea, Rep.", "KR"), ("Egypt, Arab Rep.", "EG"),
        ("Lower Saxony, Germany", "DE"), ("Georgia (country)", "GE"), ("in Italy", "IT"),
        ("Northern Cyprus", "CY"), ("Kosovo", "XK"), ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"), ("AZE", "AZ"), ("kz", "KZ"),
    ],
)  # fmt: skip
def test_names_codes_and_variants(text: str, code: str) -> None:
    assert country_iso2(text) == code


@pytest.mark.parametrize("text", ["", "  ", "Atlantis", "Qazaqstan Respublikasy", None, 3.0])
def test_an_unknown_country_is_none_never_an_exception(text: object) -> None:
    assert country_iso2(text) is None


@given(st.sampled_from(sorted(c.alpha_2 for c in pycountry.countries)))
def test_any_iso_code_and_its_names_resolve_to_it(code: str) -> None:
    """Every ISO 3166-1 country: its code (any case) and its ISO name come back to it."""
    country = pycountry.countries.get(alpha_2=code)
    assert country is not None
    assert country_code(code.lower()) == code
    assert country_iso2(country.name) == code
    assert country_iso2(country_name(code)) == code


def test_variants_name_real_codes() -> None:
    for name, code in SOURCE_VARIANTS.items():
        assert country_code(code) == code, name


def test_a_code_that_is_not_iso_is_refused() -> None:
    assert country_code("XY") is None and country_code("Iran") is None
    assert country_code("XK") == "XK"
