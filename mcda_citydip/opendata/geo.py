"""Name folding, Persian orthography and great-circle distance: the one implementation that
``citydip init`` (:mod:`mcda_citydip.init.places`) and the open-data build
(:mod:`.matching`, :mod:`.names`) share.

Folding (:func:`fold_name`) makes a name a comparison key: letters Unicode does not decompose
folded by hand (``ł`` → ``l``, ``ß`` → ``ss``), case folded, diacritics and apostrophes
dropped, every run of other characters one space. The two callers differ on purpose in one
thing, the ``any_script`` parameter:

- the build (``any_script=False``) compares the Latin spellings of its sources, so it keeps
  ASCII letters and digits only (a Cyrillic or Arabic spelling folds to nothing and matches
  nothing) and then maps ``St``/``Sankt`` to ``saint`` (:func:`.matching.normalise`);
- ``init`` (``any_script=True``) also looks names up among GeoNames' alternate names in every
  script (``باکو``, ``Баку``), so letters of any script are kept.

On Latin text both give the same key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
#: Letters that Unicode does not decompose into a base letter and a mark.
FOLDED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D"}
    | {"ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "ħ": "h", "Ħ": "H"}
)
APOSTROPHES = re.compile(r"[’'‘ʼʻʹ`´ʿʾ]")
_LATIN_SEPARATORS = re.compile(r"[^0-9a-z]+")
_SEPARATORS = re.compile(r"[\W_]+")
#: The letters of Persian orthography (no Arabic-only ي ك ة ى, no Urdu or Kurdish letters).
PERSIAN_LETTERS = frozenset("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئأؤء")
ZWNJ = "\u200c"


def fold_name(name: str, any_script: bool = False) -> str:
    """``name`` folded for comparison (module docstring): ``Bandar-e Anzalī`` → ``bandar e
    anzali``; with ``any_script`` letters of other scripts stay (``Баку`` → ``баку``)."""
    if name.isascii():  # most names: the same result, faster
        return _SEPARATORS.sub(" ", APOSTROPHES.sub("", name.lower())).strip()
    text = unicodedata.normalize("NFKD", name.translate(FOLDED).casefold())
    text = APOSTROPHES.sub("", "".join(c for c in text if not unicodedata.combining(c)))
    return (_SEPARATORS if any_script else _LATIN_SEPARATORS).sub(" ", text).strip()


def is_persian(name: str) -> bool:
    """Whether ``name`` is written in Persian orthography: Persian letters only (spaces and the
    zero-width non-joiner allowed), not starting with the Arabic article ``ال``."""
    letters = name.replace(" ", "").replace(ZWNJ, "")
    return bool(letters) and set(letters) <= PERSIAN_LETTERS and not name.startswith("ال")


def persian_alternates(alternates: Iterable[str]) -> list[str]:
    """The distinct alternate names in Persian orthography, sorted."""
    return sorted({n.strip() for n in alternates if is_persian(n.strip())})


def persian_name(alternates: Iterable[str]) -> str:
    """The one alternate name in Persian orthography, else ``""`` (none or several: no guess)."""
    found = persian_alternates(alternates)
    return found[0] if len(found) == 1 else ""


def haversine_km(lat1: object, lon1: object, lat2: object, lon2: object) -> np.ndarray:
    """Great-circle distance in km, 2R·asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))) with the
    mean Earth radius R = 6371.0088 km; element-wise over arrays, NaN stays NaN."""
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dlon = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))
