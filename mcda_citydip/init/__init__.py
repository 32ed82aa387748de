"""``citydip init``: a new, self-contained study folder for a list of cities.

:func:`new_study` resolves the cities against GeoNames (:mod:`.places`), picks the criteria
(:mod:`.criteria`) and returns the folder's files as text (:mod:`.study`); :func:`write_study`
writes them, all or nothing, into a folder that is new or empty.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from mcda_citydip.errors import InputError
from mcda_citydip.files.paths import path_problem, real_path, status
from mcda_citydip.init.criteria import packaged_criteria, study_criteria
from mcda_citydip.init.places import (
    GeoNames,
    Place,
    load_geonames,
    parse_cities,
    parse_countries,
    resolve_cities,
)
from mcda_citydip.init.study import Study, study_files

__all__ = ["Place", "Study", "check_folder", "new_study", "study_files", "write_study"]


def new_study(
    folder: str,
    cities: str,
    countries: str | None = None,
    indicators: Sequence[str] | None = None,
    geonames: GeoNames | None = None,
) -> Study:
    """The study of ``cities`` (the ``--cities`` text) in ``folder``: cities resolved (only in
    ``countries``, ISO codes, when given), the packaged criteria or the ``indicators`` named."""
    from mcda_citydip import __version__
    from mcda_citydip.files.yamlio import read_text

    requests = parse_cities(cities)
    criteria = study_criteria(indicators, read_text(packaged_criteria()))
    source = geonames if geonames is not None else load_geonames()
    places = resolve_cities(requests, source, parse_countries(countries, source))
    title = Path(os.path.abspath(folder)).name or "study"
    return Study(folder, title, places, criteria, source.source, __version__)


def check_folder(folder: Path) -> None:
    """Refuse a folder that holds anything, or a path that is not a folder."""
    found = status(folder, "write")
    if found is None:
        return
    if not stat.S_ISDIR(found.st_mode):
        raise InputError(f"{folder}: is a file, not a folder; name a new or empty folder")
    try:
        empty = next(os.scandir(folder), None) is None
    except OSError as exc:
        raise InputError(path_problem(folder, exc, "list")) from None
    if not empty:
        raise InputError(
            f"{folder}: folder is not empty; citydip init writes only into a new or empty folder"
        )


def write_study(folder: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (relative path → text) into ``folder``, all or nothing: into a hidden
    folder beside it first (each file atomically), then renamed to ``folder``."""
    from mcda_citydip.files.yamlio import write_atomic

    target = real_path(folder)
    check_folder(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        stage = parent / f".{target.name}.citydip-init-{secrets.token_hex(4)}"
        stage.mkdir()
    except OSError as exc:
        raise InputError(path_problem(parent, exc, "write")) from None
    try:
        for name, text in files.items():
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        _move(stage, target)
    except OSError as exc:
        raise InputError(path_problem(target, exc, "write")) from None
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _move(stage: Path, target: Path) -> None:
    """Rename ``stage`` to ``target`` when it is a new path; into an existing empty folder
    (which may be the working folder of a shell), move its entries one by one instead."""
    if not target.exists():
        os.rename(stage, target)
        return
    check_folder(target)  # still empty
    moved: list[Path] = []
    try:
        for entry in sorted(stage.iterdir()):
            destination = target / entry.name
            if destination.exists() or destination.is_symlink():  # written there meanwhile
                raise InputError(f"{destination}: appeared while citydip init wrote; try again")
            os.rename(entry, destination)
            moved.append(destination)
    except BaseException:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        raise
