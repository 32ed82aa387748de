"""Countries as the raw sources name them, resolved to ISO 3166-1 alpha-2 codes.

The names of every country come from pycountry's ISO 3166-1 table (alpha-2, alpha-3 and
numeric codes, ``name``, ``official_name``, ``common_name``), so any code works without editing
this module. :data:`SOURCE_VARIANTS` adds the few spellings the sources use that ISO does not
(short forms such as ``Iran`` or ``Russia``, World Bank forms such as ``Iran, Islamic Rep.``,
the nations of the United Kingdom, misspellings); a de-facto entity takes the code of the
territory it sits on (ISO 3166 has no code for Northern Cyprus: its towns are CY), and Kosovo
takes the user-assigned code ``XK`` used by the EU and the IMF. Names are compared by their
:func:`~mcda_citydip.opendata.matching.normalise` form (case, diacritics and punctuation folded).
"""

from __future__ import annotations

import re
from functools import cache

from mcda_citydip.opendata.matching import normalise
from mcda_citydip.opendata.sources import need

#: Spellings the sources use that pycountry's ISO 3166-1 table does not hold, with their code.
SOURCE_VARIANTS: dict[str, str] = {
    # short or older names (GaWC, OpenFlights, Wikidata, Wikipedia, UN WUP)
    "UAE": "AE", "Iran": "IR", "Russia": "RU", "Syria": "SY", "Turkey": "TR", "Palestine": "PS",
    "State of Palestine": "PS", "Macedonia": "MK", "TFYR Macedonia": "MK", "Czech Republic": "CZ",
    "Bosnia and Hercegovina": "BA", "Republic of Ireland": "IE", "U.S.": "US",
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    # World Bank style
    "Iran, Islamic Rep.": "IR", "Egypt, Arab Rep.": "EG", "Yemen, Rep.": "YE",
    "Korea, Rep.": "KR", "Korea, Dem. People's Rep.": "KP", "Venezuela, RB": "VE",
    "Congo, Dem. Rep.": "CD", "Congo, Rep.": "CG", "Gambia, The": "GM", "Bahamas, The": "BS",
    "Kyrgyz Republic": "KG", "Slovak Republic": "SK", "Lao PDR": "LA", "Turkiye": "TR",
    "Micronesia, Fed. Sts.": "FM", "Hong Kong SAR, China": "HK", "Macao SAR, China": "MO",
    # de-facto entities: the territory's code
    "Northern Cyprus": "CY", "Turkish Republic of Northern Cyprus": "CY", "TRNC": "CY",
    "Kosovo": "XK", "West Bank": "PS", "Gaza Strip": "PS", "Palestinian Territories": "PS",
    # misspellings and former names seen in the sources
    "Grece": "GR", "Island": "IS", "Moldavia": "MD", "Surinam": "SR", "Madagaskar": "MG",
    "Kazakhstah": "KZ", "East Timor": "TL", "Micronesia": "FM", "Ivory Coast": "CI",
    "Cape Verde": "CV", "Czeck Republic": "CZ", "Swaziland": "SZ", "Burma": "MM",
}  # fmt: skip

#: Codes outside ISO 3166-1 that a city list may use: Kosovo (user-assigned).
EXTRA_CODES: dict[str, str] = {"XK": "Kosovo"}


@cache
def _names() -> dict[str, str]:
    """Every name and code pycountry and :data:`SOURCE_VARIANTS` know, normalised → ISO2."""
    pycountry = need("pycountry")
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for field in ("alpha_2", "alpha_3", "numeric", "name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if isinstance(value, str) and value:
                table.setdefault(value.lower(), code)
                table.setdefault(normalise(value), code)
    for name, code in {**SOURCE_VARIANTS, **{v: k for k, v in EXTRA_CODES.items()}}.items():
        table[name.lower()] = code
        table[normalise(name)] = code
    return table


def _lookup(text: str) -> str | None:
    text = re.sub(r"^\s*in\s+", "", text).strip()
    if not text:
        return None
    table = _names()
    return table.get(text.lower()) or table.get(normalise(text))


@cache
def country_iso2(raw: object) -> str | None:
    """ISO2 code of a country name or code as a source writes it, or None when unknown.

    The whole text is looked up first (``Cocos (Keeling) Islands``), then without parenthesised
    qualifiers (``Georgia (country)`` → ``GE``; ``Iran, Islamic Rep.``), then the text after its
    last comma (``Lower Saxony, Germany`` → ``DE``).
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = re.sub(r"\([^)]*\)", " ", raw)
    found = _lookup(raw) if "(" in raw else None  # an ISO name: Cocos (Keeling) Islands
    found = found or (_lookup(text) if "," in text else None)
    return found or _lookup(text.rsplit(",", 1)[-1])


def country_code(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code ``code`` names (any case), or None when there is none."""
    pycountry = need("pycountry")
    upper = code.strip().upper()
    if upper in EXTRA_CODES:
        return upper
    found = pycountry.countries.get(alpha_2=upper) if len(upper) == 2 else None
    return None if found is None else str(found.alpha_2)


def country_name(code: str) -> str:
    """The country's common name, else its ISO name (``IR`` → ``Iran``)."""
    pycountry = need("pycountry")
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)
