"""Where a build reads its city list and writes its four files.

``citydip data build PATH``: PATH is a city list (a CSV, as in ``scripts/cities/``) or a study
folder (``citydip init``). In a study folder the city list is ``cities.csv`` (else the CSV the
scenario's ``alternatives:`` names, when it has a GeoNames-id column), and the scenario is
``scenario.yaml`` (else the only YAML file whose ``format:`` is ``citydip/scenario``). The
indicators table goes where the scenario reads it: its ``alternatives:`` file, unless that is
the city list itself, with ``provenance.csv`` and ``unmatched.txt`` beside it and
``partnerships.csv`` at the scenario's ``partnerships:`` path (else beside it). Otherwise the
four files go to ``FOLDER/data/``; for a city list, to ``data/<list name>/`` under the current
folder. ``--out DIR`` puts all four in DIR.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from mcda_citydip.errors import InputError
from mcda_citydip.opendata.cities import has_geonames_column

if TYPE_CHECKING:
    from mcda_citydip.opendata.build import Tables

SCENARIO_FORMAT = "citydip/scenario"
DATA_FOLDER = "data"


class Target(Struct, frozen=True):
    """The city list a build reads, the files it writes, and advice for the user."""

    cities: Path
    indicators: Path
    provenance: Path
    unmatched: Path
    partnerships: Path
    scenario: Path | None = None
    #: The file the scenario reads as alternatives when it is not the table built here.
    scenario_reads: Path | None = None
    #: Whether the indicators go into the study's own alternatives table (:mod:`.merge`).
    merge: bool = False

    @property
    def outputs(self) -> tuple[Path, ...]:
        return (self.indicators, self.provenance, self.partnerships, self.unmatched)


def in_folder(cities: Path, folder: Path, scenario: Path | None = None) -> Target:
    """All four files in ``folder``."""
    return Target(
        cities,
        folder / "indicators.csv",
        folder / "provenance.csv",
        folder / "unmatched.txt",
        folder / "partnerships.csv",
        scenario,
    )


def _scenario_data(path: Path) -> dict[str, Any] | None:
    from mcda_citydip.files.yamlio import load_yaml

    try:
        data = load_yaml(path).data
    except InputError:
        return None
    return data if isinstance(data, dict) and data.get("format") == SCENARIO_FORMAT else None


def find_scenario(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The study folder's scenario and its data: ``scenario.yaml``, else the only scenario."""
    named = folder / "scenario.yaml"
    if named.is_file():
        data = _scenario_data(named)
        return None if data is None else (named, data)
    found = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        data = _scenario_data(path)
        if data is not None:
            found.append((path, data))
    return found[0] if len(found) == 1 else None


def _named(scenario: Path, data: dict[str, Any], key: str) -> Path | None:
    value = data.get(key)
    return scenario.parent / value if isinstance(value, str) and value.strip() else None


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _city_list(folder: Path, alternatives: Path | None) -> Path:
    for candidate in (folder / "city-list.csv", folder / "cities.csv", alternatives):
        if candidate is not None and candidate.is_file() and has_geonames_column(candidate):
            return candidate
    raise InputError(
        f"{folder}: no city list (city-list.csv or cities.csv with a geonames_id column); "
        "create the study with 'citydip init' or give a city list CSV"
    )


def study_target(folder: Path, out: Path | None = None) -> Target:
    """Where a build for the study folder ``folder`` reads and writes (module docstring)."""
    from mcda_citydip.opendata.merge import is_built

    found = find_scenario(folder)
    scenario, data = found if found is not None else (None, {})
    alternatives = _named(scenario, data, "alternatives") if scenario else None
    cities = _city_list(folder, alternatives)
    if out is not None:
        return in_folder(cities, out, scenario)
    if scenario is None or alternatives is None or _same(alternatives, cities):
        target = in_folder(cities, folder / DATA_FOLDER, scenario)
        return target if scenario is None else replace(target, scenario_reads=alternatives)
    beside = alternatives.parent
    partnerships = _named(scenario, data, "partnerships") or beside / "partnerships.csv"
    merge = alternatives.is_file() and not is_built(_start(alternatives))
    return Target(
        cities,
        alternatives,
        beside / "provenance.csv",
        beside / "unmatched.txt",
        partnerships,
        scenario,
        merge=merge,
    )


def _start(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(200)
    except OSError:
        return ""


def build_target(path: Path, out: Path | None = None) -> Target:
    """The target of ``citydip data build PATH [--out DIR]``: a study folder or a city list."""
    if path.is_dir():
        return study_target(path, out)
    if path.is_file():
        return in_folder(path, out if out is not None else Path(DATA_FOLDER) / path.stem)
    raise InputError(
        f"{path}: not found; give a study folder (with cities.csv) or a city list CSV "
        "(id,name,country,geonames_id)"
    )


def written_by_build(path: Path) -> bool:
    """Whether the existing file at ``path`` is one the build wrote (its first line says so)."""
    from mcda_citydip.opendata.output import SIGNATURES

    return _start(path).startswith(SIGNATURES)


def check_target(target: Target, force: bool) -> None:
    """Refuse, before any work, to write over an input (the city list, the scenario) or, without
    ``force``, over an existing file the build did not write. The study's own alternatives
    table is merged, not replaced (:mod:`.merge`: its conflicts are checked after the build)."""
    from mcda_citydip.files.paths import check_output

    inputs = [p for p in (target.cities, target.scenario) if p is not None]
    for path in target.outputs:
        if target.merge and path == target.indicators:
            continue
        check_output(path, force or written_by_build(path), inputs)


def write_file(path: Path, text: str) -> None:
    """Write one output file atomically, creating its folder."""
    from mcda_citydip.files.yamlio import ensure_folder, write_atomic

    ensure_folder(path)
    write_atomic(path, text)


class Written(Struct, frozen=True):
    """What :func:`write_outputs` wrote, and what the study's table could not take."""

    files: tuple[Path, ...]
    skipped_columns: tuple[str, ...] = ()
    missing_rows: tuple[str, ...] = ()


def write_outputs(target: Target, tables: Tables, force: bool) -> Written:
    """Write the four files (merging the indicators into the study's own table, whose typed
    values an empty built cell keeps, credited to the user in ``provenance.csv``); a merge
    that would change a non-empty indicator value is refused without ``force``, before any
    write."""
    from mcda_citydip.files.yamlio import read_text
    from mcda_citydip.opendata.merge import credit_typed, merge_table

    indicators, provenance = tables.indicators, tables.provenance
    skipped: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    if target.merge:
        table = target.indicators
        merged = merge_table(read_text(table), tables.indicators, str(table))
        if merged.conflicts and not force:
            shown = "; ".join(f"{c} {k}: {old} → {new}" for c, k, old, new in merged.conflicts[:5])
            more = f" and {len(merged.conflicts) - 5} more" if len(merged.conflicts) > 5 else ""
            raise InputError(
                f"{table}: the build would change {len(merged.conflicts)} value(s) "
                f"typed there ({shown}{more}); pass --force to replace them (nothing was written)"
            )
        indicators, skipped, missing = merged.text, merged.skipped_columns, merged.missing_rows
        provenance = credit_typed(provenance, merged.kept, table.name)
    texts = (indicators, provenance, tables.partnerships, tables.unmatched)
    for path, text in zip(target.outputs, texts, strict=True):
        write_file(path, text)
    return Written(target.outputs, skipped, missing)
