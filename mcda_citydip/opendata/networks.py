"""Network memberships: NET1–NET4, KNW4, POL3 and CUL3 from the ETMUN tables (Europe and the
Mediterranean) and from the curated Gulf evidence table. Rules: ``scripts/README.md``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mcda_citydip.opendata.derive import NEAR_KM, Cell, cell, names_of
from mcda_citydip.opendata.matching import match_places
from mcda_citydip.opendata.sources import SOURCES

if TYPE_CHECKING:
    import pandas as pd

# ETMUN networks counted by NET2, POL3, KNW4 and CUL3; NET1 counts the other networks, so that
# no membership is counted twice.
REGIONAL_UNIONS = frozenset(
    {"UBC", "BaltMet", "NCN", "MedCities", "COPPEM", "AMPHICTYONY", "FAIC", "CAAC"}
    | {"EixoAtlántico", "UCSEEC"}
)
PEACE_SECURITY = frozenset({"EFUS", "IAMPC", "ICP", "CNFE"})
CLIMATE = frozenset({"Covenant of Mayors", "C40", "ICLEI", "Energy Cities", "Climate Alliance"})
HERITAGE = frozenset({"OWHC"})  # Organization of World Heritage Cities: a city with a WH site
ETMUN_INDICATORS = {
    "NET2": REGIONAL_UNIONS, "POL3": PEACE_SECURITY, "KNW4": CLIMATE, "CUL3": HERITAGE
}  # fmt: skip
COUNTED_ELSEWHERE = frozenset().union(*ETMUN_INDICATORS.values())
# Turkish metropolitan municipalities (büyükşehir belediyesi) are the city's own council, though
# ETMUN files some of their rows as 'Intermunicipality'.
METROPOLITAN_COUNCIL = r"(?i)metropolitan municipality|municipalit. m.tropolitaine|b.y.k.ehir"

# Countries whose cities the ETMUN table covers: Europe (absence = no membership in the 58
# networks) and the southern/eastern Mediterranean partners of the Euro-Mediterranean networks
# (a city that appears gets a lower-bound count; absence = not covered). Elsewhere: not covered.
ETMUN_EUROPE = frozenset(
    {"AL", "AT", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR"}
    | {"GB", "GR", "HR", "HU", "IE", "IS", "IT", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT"}
    | {"NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SK", "SM", "TR", "UA", "VA"}
)
ETMUN_MEDITERRANEAN = frozenset({"DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"})

# The curated Gulf evidence table covers the case-study cities of these countries; its network
# names are sorted into indicators by these patterns (first match; otherwise NET1), its roles
# board → NET3 and secretariat / regional_office → NET4.
CURATED_COUNTRIES = frozenset({"AE", "BH", "IQ", "IR", "KW", "OM", "QA", "SA"})
CURATED_GROUPS = (
    (r"^Arab Towns Organization \(ATO\)|Islamic Capitals and Cities", "NET2"),
    (r"C40|ICLEI|Covenant of Mayors", "KNW4"),
    (r"Mayors for Peace|Strong Cities|Peace Messenger", "POL3"),
    (r"UNESCO Creative Cities|World Heritage|OWHC", "CUL3"),
)
CURATED_INDICATORS = ("NET1", "NET2", "NET3", "NET4", "KNW4", "POL3", "CUL3")


def _etmun_counts(networks: set[str]) -> dict[str, float]:
    counts = {"NET1": float(len(networks - COUNTED_ELSEWHERE))}
    counts |= {ind: float(len(networks & group)) for ind, group in ETMUN_INDICATORS.items()}
    return counts


def _etmun_members(etmun: pd.DataFrame) -> pd.DataFrame:
    council = etmun["entity"].isin(["City", "Municipality"]) | (
        (etmun["entity"] == "Intermunicipality")
        & etmun["name"].fillna("").str.contains(METROPOLITAN_COUNCIL)
    )
    return etmun[(etmun["status"] != "Former Member") & council]


def network_memberships(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    etmun: pd.DataFrame,
    unmatched: list[str],
    union_network: str | None = None,
) -> list[Cell]:
    """NET1, NET2, POL3, KNW4, CUL3: current memberships of city networks in the ETMUN table.

    NET1 counts the networks not counted by NET2, POL3, KNW4 or CUL3. ``union_network`` (the
    union the case is about) is never counted: a member would rank high by definition. Gulf
    cities are left to :func:`curated_memberships`; other cities outside Europe and the
    Mediterranean are empty.
    """
    aside = f"; {union_network} (the union of this case) never counted" if union_network else ""
    members = _etmun_members(etmun)
    matched = members.assign(city=match_places(members, index, NEAR_KM)).dropna(subset=["city"])
    indicators = ("NET1", *ETMUN_INDICATORS)
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        found = set(matched.loc[matched["city"] == city, "network"])
        networks = found - {union_network}
        listed = names_of(networks) or "none"
        if iso2 in CURATED_COUNTRIES:
            continue
        if iso2 not in ETMUN_EUROPE | ETMUN_MEDITERRANEAN:
            why = f"not covered: European networks only (seen, unused: {listed})"
            cells += [cell(city, i, None, "etmun", why) for i in indicators]
            continue
        if not found:
            unmatched.append(f"{city}\t{SOURCES['etmun'].file}\tno membership row names the city")
        if not found and iso2 in ETMUN_MEDITERRANEAN:
            why = "not covered: southern Mediterranean city absent from the European networks"
            cells += [cell(city, i, None, "etmun", why) for i in indicators]
            continue
        scope = "lower bound (European networks only)" if iso2 in ETMUN_MEDITERRANEAN else ""
        for indicator, value in _etmun_counts(networks).items():
            group = ETMUN_INDICATORS.get(indicator)
            counted = names_of(networks & group if group else networks - COUNTED_ELSEWHERE)
            if indicator == "CUL3" and not value:
                why = "not covered: OWHC membership only; no table of UNESCO designations"
                cells.append(cell(city, indicator, None, "etmun", why))
                continue
            note = f"networks: {counted or 'none'}" + (f"; {scope}" if scope else "")
            note += aside if indicator in ("NET1", "NET2") else ""
            if indicator == "CUL3":
                note += "; OWHC only (UNESCO designations not covered): a lower bound"
            cells.append(cell(city, indicator, value, "etmun", note))
    return cells


def board_seats(cities: pd.DataFrame) -> list[Cell]:
    """NET3 outside the Gulf: not covered (the ETMUN table records a role for a handful of rows
    of one or two networks, so absence says nothing)."""
    why = "not covered: no open table of board seats in European networks"
    return [
        cell(city, "NET3", None, "etmun", why)
        for city, iso2 in zip(cities["city"], cities["iso2"], strict=True)
        if iso2 not in CURATED_COUNTRIES
    ]


def secretariats_hosted(
    cities: pd.DataFrame, index: pd.DataFrame, organisations: pd.DataFrame
) -> list[Cell]:
    """NET4 (European cases): ETMUN networks whose secretariat address is in the city.

    A lower bound: the table lists the 58 networks' secretariats, no UN or other international
    offices, so a city hosting none of them is *not covered*, not 0. Gulf cities: see
    :func:`curated_memberships`.
    """
    matched = organisations.assign(city=match_places(organisations, index, NEAR_KM))
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        if iso2 in CURATED_COUNTRIES:
            continue
        hosted = set(matched.loc[matched["city"] == city, "network"])
        if not hosted:
            why = "not covered: hosts none of the 58 ETMUN secretariats; other offices not listed"
            cells.append(cell(city, "NET4", None, "etmun_organisations", why))
            continue
        note = f"secretariats of {names_of(hosted)}; a lower bound (58 ETMUN networks only)"
        cells.append(cell(city, "NET4", float(len(hosted)), "etmun_organisations", note))
    return cells


def _curated_indicator(network: str, role: str) -> str:
    """The indicator a curated evidence row counts towards (see scripts/README.md)."""
    if role == "board":
        return "NET3"
    if role in {"secretariat", "regional_office"}:
        return "NET4"
    for pattern, indicator in CURATED_GROUPS:
        if re.search(pattern, network):
            return indicator
    return "NET1"


def curated_memberships(
    cities: pd.DataFrame, index: pd.DataFrame, curated: pd.DataFrame, coverage: pd.DataFrame
) -> list[Cell]:
    """NET1-NET4, KNW4, POL3 and CUL3 of the Gulf cities from the curated evidence table.

    A row counts when its status is ``member`` (``unknown`` rows are listed, not counted;
    ``former`` rows are ignored); each network counts once per indicator. No network of the
    coverage file has a complete member list, so a city without a counted row is *not covered*
    (empty), never 0, and every value is a lower bound.
    """
    rows = curated.assign(
        city=match_places(curated, index, NEAR_KM),
        indicator=[
            _curated_indicator(n, r)
            for n, r in zip(curated["network"], curated["role"], strict=True)
        ],
    ).dropna(subset=["city"])
    complete = set(coverage.loc[coverage["member_list_found"] == "yes", "network"])
    cells = []
    for city, iso2 in zip(cities["city"], cities["iso2"], strict=True):
        if iso2 not in CURATED_COUNTRIES:
            continue
        for indicator in CURATED_INDICATORS:
            found = rows[(rows["city"] == city) & (rows["indicator"] == indicator)]
            counted = found[found["status"] == "member"]
            unsure = names_of(found.loc[found["status"] == "unknown", "network"])
            aside = f"; status unknown, not counted: {unsure}" if unsure else ""
            if counted.empty:
                why = "not covered: no complete member list" + (
                    f" ({len(complete)} complete)" if complete else ""
                )
                cells.append(cell(city, indicator, None, "curated", why + aside))
                continue
            sources = "; ".join(
                f"{r.network} ({r.role}, since {r.since or '?'}: {r.evidence_url})"
                for r in counted.drop_duplicates("network").itertuples()
            )
            value = float(counted["network"].nunique())
            note = f"lower bound, evidence rows: {sources}{aside}"
            cells.append(cell(city, indicator, value, "curated", note))
    return cells
