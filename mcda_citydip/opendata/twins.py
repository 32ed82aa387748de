"""Twin cities: BIL1 (distinct partners), BIL5 (share of the peers partnered) and the
partnerships between two listed cities, from the Hekman pairs (Wikipedia lists) with the
Wikidata P190 pairs as BIL1's cross-check. Rules: ``scripts/README.md``.
"""

from __future__ import annotations

import pandas as pd  # at run time: a Struct's signature is made from its annotations
from msgspec import Struct

from mcda_citydip.opendata.countries import country_iso2
from mcda_citydip.opendata.derive import NEAR_KM, Cell, Peers, cell
from mcda_citydip.opendata.matching import match_places, normalise
from mcda_citydip.opendata.sources import SOURCES

WIKIDATA_TWIN_COUNTRIES = frozenset({"DE", "FR", "PL", "HU", "PT", "BG"})


def side_of(twins: pd.DataFrame, side: str) -> pd.DataFrame:
    columns = {f"{c}{side}": c for c in ("name", "lat", "lon", "stated")} | {f"iso2_{side}": "iso2"}
    return twins[list(columns)].rename(columns=columns)


def _partner(name: pd.Series, country: pd.Series) -> pd.Series:
    """Partner key ``name|ISO2`` (the country text when it resolves to no ISO code)."""
    iso = country.map(country_iso2).fillna(country.map(lambda c: normalise(str(c))))
    return name.map(lambda n: normalise(str(n))) + "|" + iso


class TwinLinks(Struct, frozen=True):
    partners: dict[str, set[str]]  # city -> distinct partners (normalised name|country)
    pairs: set[frozenset[str]]  # partnerships between two candidates
    own_list: set[str]  # candidates with their own Wikipedia list (city1 side)
    matched: pd.DataFrame  # row (of the source), side ('1' or '2') and city of every match


def twin_links(index: pd.DataFrame, twins: pd.DataFrame) -> TwinLinks:
    """Hekman pairs tied to the candidates on either side, in both directions.

    A partner is a (name, country) key, so a city listed twice under two country spellings
    ('Famagusta, Cyprus' and 'Famagusta, Northern Cyprus') counts once; a partner that is the
    candidate itself (a namesake geocoded onto it) is dropped.
    """
    import pandas as pd

    first = match_places(side_of(twins, "1"), index, NEAR_KM)
    second = match_places(side_of(twins, "2"), index, NEAR_KM)
    links = pd.concat(
        [
            pd.DataFrame({"city": first, "partner": _partner(twins["name2"], twins["country2"])}),
            pd.DataFrame({"city": second, "partner": _partner(twins["name1"], twins["country1"])}),
        ]
    ).dropna(subset=["city"])
    own_keys = index.assign(own=index["key"] + "|" + index["iso2"]).groupby("city")["own"]
    selves = {str(city): set(keys) for city, keys in own_keys}
    partners = {
        str(c): set(rows["partner"]) - selves.get(str(c), set())
        for c, rows in links.groupby("city")
    }
    both = pd.DataFrame({"a": first, "b": second}).dropna()
    pairs = {frozenset(p) for p in zip(both["a"], both["b"], strict=True) if p[0] != p[1]}
    matched = pd.concat(
        [
            pd.DataFrame({"row": first.index, "side": "1", "city": first}),
            pd.DataFrame({"row": second.index, "side": "2", "city": second}),
        ]
    ).dropna(subset=["city"])
    return TwinLinks(partners, pairs, set(first.dropna()), matched.reset_index(drop=True))


def partner_pairs(
    index: pd.DataFrame, twins: pd.DataFrame, wikidata: pd.DataFrame
) -> dict[frozenset[str], tuple[str, ...]]:
    """Partnerships between two cities of the index, with the source files naming each pair.

    The Hekman pairs are those BIL1 and BIL5 count (:func:`twin_links`); the Wikidata P190
    pairs (BIL1's cross-check; origin cities in six EU countries) have both sides matched by
    the same rules. A city paired with itself (a namesake geocoded onto it) is dropped.
    """
    import pandas as pd

    found = {pair: [SOURCES["twins"].file] for pair in twin_links(index, twins).pairs}
    columns = {f"partner_{c}": c for c in ("name", "iso2", "stated", "lat", "lon")}
    partner = wikidata[list(columns)].rename(columns=columns)
    both = pd.DataFrame(
        {
            "a": match_places(wikidata, index, NEAR_KM),
            "b": match_places(partner, index, NEAR_KM),
        }
    ).dropna()
    wikidata_file = SOURCES["wikidata_twins"].file
    for a, b in zip(both["a"], both["b"], strict=True):
        if a == b:
            continue
        sources = found.setdefault(frozenset({a, b}), [])
        if wikidata_file not in sources:
            sources.append(wikidata_file)
    return {pair: tuple(sources) for pair, sources in found.items()}


def _wikidata_check(city: str, cross: pd.DataFrame, unmatched: list[str]) -> str:
    count = cross.loc[cross["city"] == city, "partner"].nunique()
    if count == 0:
        unmatched.append(f"{city}\t{SOURCES['wikidata_twins'].file}\tno pair names the city")
    return f"; Wikidata P190 cross-check: {count} partners"


def sister_cities(
    cities: pd.DataFrame,
    index: pd.DataFrame,
    twins: pd.DataFrame,
    wikidata: pd.DataFrame,
    peers: Peers,
    unmatched: list[str],
) -> list[Cell]:
    """BIL1 (distinct partners) and BIL5 (% of the peers partnered: :func:`partnered_peers`).

    A city whose list entry says it signs no formal twinning treaties (``twinning`` column of the
    city list, with its source) has 0 for both, whatever the pairs say.
    """
    links = twin_links(index, twins)
    cross = wikidata.assign(city=match_places(wikidata, index, NEAR_KM)).dropna(subset=["city"])
    cells = []
    for city, iso2, policy in zip(cities["city"], cities["iso2"], cities["twinning"], strict=True):
        partners = links.partners.get(city, set())
        if policy:
            why = f"0: the city signs no formal twinning treaties ({policy})"
            cells += [cell(city, i, 0.0, "twins", why) for i in ("BIL1", "BIL5")]
            continue
        if not partners:
            unmatched.append(f"{city}\t{SOURCES['twins'].file}\tcity on neither side of any pair")
            why = "not covered: the city appears on neither side of any pair"
            cells += [cell(city, i, None, "twins", why) for i in ("BIL1", "BIL5")]
            continue
        own = city in links.own_list
        scope = "own Wikipedia list" if own else "partners' lists only (a lower bound)"
        check = _wikidata_check(city, cross, unmatched) if iso2 in WIKIDATA_TWIN_COUNTRIES else ""
        note = f"distinct partners in both directions, {scope}{check}"
        cells.append(cell(city, "BIL1", float(len(partners)), "twins", note))
        cells.append(partnered_peers(city, peers))
    return cells


def partnered_peers(city: str, peers: Peers) -> Cell:
    """BIL5: 100 × (peers partnered with the city, either direction) / peers."""
    others = set(peers.of(city)["peer"])
    mates = sorted(p for p in others if frozenset({city, p}) in peers.pairs)
    value = 100.0 * len(mates) / len(others) if others else None
    note = f"{len(mates)} of {len(others)} {peers.label} partnered ({peers.rule}): "
    return cell(city, "BIL5", value, "twins", note + (", ".join(mates) or "none"))
