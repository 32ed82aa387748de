"""Derive city-diplomacy indicator values for a list of cities from the open data sets.

    python scripts/build_data.py --cities scripts/cities/persian-gulf.csv --out data/persian-gulf/

A thin wrapper around the package's build (``citydip data build``, :mod:`mcda_citydip.opendata`),
kept for the commands of ``scripts/README.md``: reads the raw files in ``../shared/data/open``
(never copied into the project) and writes ``indicators.csv``, ``provenance.csv``,
``partnerships.csv`` and ``unmatched.txt`` into ``--out`` (replacing them). Exits 2, as
``citydip data build`` does, when a city is not found in GeoNames (only ``unmatched.txt`` is
written) or on other unusable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mcda_citydip.errors import CitydipError
from mcda_citydip.opendata.build import (  # noqa: F401  (re-exported for tests and scripts)
    NAME_LANGUAGES,
    CitiesNotFound,
    build_tables,
    derive_all,
    peers,
    union_for,
)
from mcda_citydip.opendata.cities import city_index, read_cities, resolve  # noqa: F401
from mcda_citydip.opendata.output import (  # noqa: F401
    COLUMNS,
    INDICATORS,
    SCRIPT,
    unmatched_text,
)
from mcda_citydip.opendata.study import in_folder, write_file

REPO = Path(__file__).resolve().parent.parent
BuildError = CitydipError


def build(cities_path: Path, shared: Path, out: Path, union_name: str | None = None) -> int:
    """Run the build; the exit code (0 ok, 2 a city not in GeoNames: user-fixable input)."""
    target = in_folder(cities_path, out)
    try:
        tables = build_tables(cities_path, shared, union_for(cities_path, union_name), SCRIPT)
    except CitiesNotFound as missing:
        write_file(target.unmatched, unmatched_text(missing.unmatched))
        for line in missing.unmatched:
            print(f"unmatched: {line}", file=sys.stderr)
        print(f"Error: {missing}", file=sys.stderr)
        return 2
    texts = (tables.indicators, tables.provenance, tables.partnerships, tables.unmatched)
    for path, text in zip(target.outputs, texts, strict=True):
        write_file(path, text)
    for line in tables.unmatched_lines:
        print(f"unmatched: {line}", file=sys.stderr)
    print(f"wrote {out}/indicators.csv, provenance.csv, partnerships.csv, unmatched.txt",
          file=sys.stderr)  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "open")
    parser.add_argument("--cities", type=Path, required=True, help="city list CSV")
    parser.add_argument("--out", type=Path, help="output folder (default data/<list name>/)")
    parser.add_argument(
        "--union", help="the union the case is about: UBC, MedCities or none (default: the "
        "city list's '# union:' line; none when it has none)"
    )  # fmt: skip
    args = parser.parse_args(argv)
    out = args.out or REPO / "data" / args.cities.stem
    try:
        return build(args.cities, args.shared, out, args.union)
    except CitydipError as exc:
        for message in exc.messages:
            print(f"Error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
