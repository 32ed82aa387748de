"""The one name folding, Persian-orthography check and distance that ``citydip init`` and the
open-data build share (:mod:`mcda_citydip.opendata.geo`)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.init import places, study
from mcda_citydip.opendata import geo, matching, names
from mcda_citydip.opendata.geo import fold_name

LATIN = "abcdefghijklmnopqrstuvwxyzàáâäçéèêëíîïñóôöúûüşğıłøæßđ ABCÇŞĞİŁØÆ-'’()/.0123456789"


def test_init_and_the_build_use_the_same_code() -> None:
    assert places.is_persian is geo.is_persian and places.persian_name is geo.persian_name
    assert study.haversine_km is geo.haversine_km is matching.haversine_km
    assert study.EARTH_RADIUS_KM == matching.EARTH_RADIUS_KM == geo.EARTH_RADIUS_KM
    assert not hasattr(names, "PERSIAN_LETTERS") and not hasattr(places, "PERSIAN_LETTERS")


@given(st.text(alphabet=LATIN, max_size=30))
def test_on_latin_text_both_foldings_agree(name: str) -> None:
    assert fold_name(name) == fold_name(name, any_script=True) == places.name_key(name)


@pytest.mark.parametrize(
    ("name", "build", "init"),
    [
        ("Bandar-e Anzalī", "bandar e anzali", "bandar e anzali"),
        ("Türkmenbaşy", "turkmenbasy", "turkmenbasy"),
        ("Łódź", "lodz", "lodz"),
        ("Баку", "", "баку"),  # the build compares Latin spellings only
        ("باکو", "", "باکو"),
        ("Ṣanʿāʾ", "sana", "sana"),  # every apostrophe-like letter dropped, in both
    ],
)
def test_the_foldings_differ_only_in_keeping_other_scripts(
    name: str, build: str, init: str
) -> None:
    assert fold_name(name) == build and fold_name(name, any_script=True) == init


def test_st_is_saint_for_the_build_only() -> None:
    assert matching.normalise("St. Petersburg") == "saint petersburg"
    assert places.name_key("St. Petersburg") == "st petersburg"


def test_haversine_is_the_great_circle_distance() -> None:
    r = geo.EARTH_RADIUS_KM
    assert float(geo.haversine_km(0, 0, 0, 1)) == pytest.approx(r * math.pi / 180, rel=1e-12)
    assert float(geo.haversine_km(90, 0, -90, 0)) == pytest.approx(r * math.pi, rel=1e-12)
    assert math.isnan(float(geo.haversine_km(float("nan"), 0, 0, 0)))
