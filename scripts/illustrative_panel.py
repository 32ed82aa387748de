"""Write the ILLUSTRATIVE three-expert rating example of ``scenarios/illustrative/panel/``.

The example shows how a panel's ratings cover the indicators open data cannot reach. It
starts from the illustrative scenario's made-up table (``scenarios/illustrative/cities.csv``):

- ``panel/cities.csv``: the same ten cities with only the 12 indicators the Persian Gulf case
  has open data for; the 20 others are left empty, for the panel to rate;
- ``panel/scores/expert-{a,b,c}.yaml``: three invented experts' ratings of those 20 indicators
  on each indicator's scale (``criteria/city-diplomacy.yaml``). Each rating is the city's
  place among the ten on the illustrative value (its quintile on a 1–5 scale, the value
  itself on a scale that is the unit), moved by seeded noise; experts B and C rate POL5, and
  C rates KNW1, the scale reversed or at random, so that the agreement table has something
  to flag; about 4% of the cells are "don't know".

Everything here is invented (``illustrative: true``): never use it for a real case.
Run ``python scripts/illustrative_panel.py`` from the repository root; the output is the
same on every run (seed 2026).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.scores import dump_scores
from mcda_citydip.files.yamlio import write_atomic
from mcda_citydip.model import ExpertScores, RatingScale
from mcda_citydip.scales import in_unit, rating_scale

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scenarios" / "illustrative" / "cities.csv"
PANEL = ROOT / "scenarios" / "illustrative" / "panel"
MEASURED = ("NET1", "NET2", "NET3", "NET4", "BIL1", "BIL5", "KNW4", "ECO1", "ECO2", "ECO6")
MEASURED += ("CUL3", "POL1")
EXPERTS = ("expert-a", "expert-b", "expert-c")
ERRATIC = {"expert-b": ("POL5",), "expert-c": ("KNW1", "POL5")}  # reversed or at random
DONT_KNOW = 0.04
SEED = 2026


def read_table() -> tuple[list[str], list[str], list[list[str]]]:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    rows = list(csv.reader(body))
    return lines[: len(lines) - len(body)], rows[0], rows[1:]


def level(values: np.ndarray, scale: RatingScale, unit: bool) -> np.ndarray:
    """Each city's 'true' point: the value itself on a scale that is the unit, else its
    quantile among the cities mapped onto the points."""
    points = np.array(scale.points, dtype=float)
    if unit:
        return np.clip(np.round(values), points[0], points[-1])
    order = values.argsort().argsort() / max(len(values) - 1, 1)
    return points[np.minimum((order * len(points)).astype(int), len(points) - 1)]


def ratings(
    truth: np.ndarray, scale: RatingScale, erratic: bool, rng: np.random.Generator
) -> list[float | None]:
    points = np.array(scale.points, dtype=float)
    step = points[1] - points[0]
    if erratic:  # a rater who reads the scale the other way round, or guesses
        drawn = (
            points[0] + points[-1] - truth
            if rng.random() < 0.5
            else rng.choice(points, size=truth.size)
        )
    else:
        drawn = truth + step * rng.choice([-1, 0, 0, 0, 1], size=truth.size)
    drawn = np.clip(drawn, points[0], points[-1])
    unknown = rng.random(truth.size) < DONT_KNOW
    return [None if u else float(v) for v, u in zip(drawn, unknown, strict=True)]


def main() -> None:
    hierarchy = load_criteria(ROOT / "criteria" / "city-diplomacy.yaml")
    comments, header, rows = read_table()
    rated = [k for k in hierarchy.leaves if k not in MEASURED]
    cities = [r[0] for r in rows]
    kept = [
        [c if header[j] in (header[0], *MEASURED) else "" for j, c in enumerate(r)] for r in rows
    ]
    note = (
        "# ILLUSTRATIVE: scenarios/illustrative/cities.csv with only the 12 indicators the "
        "Persian Gulf case has open data for; the other 20 columns are left for the panel "
        "to rate (written by scripts/illustrative_panel.py)."
    )
    lines = [comments[0], note, *(",".join(r) for r in [header, *kept])]
    write_atomic(PANEL / "cities.csv", "\n".join(lines) + "\n")
    rng = np.random.default_rng(SEED)
    for expert in EXPERTS:
        cells: dict[str, dict[str, float]] = {}
        unknown: dict[str, tuple[str, ...]] = {}
        for k in rated:
            node = hierarchy.nodes[k]
            scale = rating_scale(node)
            values = np.array([float(r[header.index(k)]) for r in rows])
            truth = level(values, scale, in_unit(node) and node.scale is not None)
            given = ratings(truth, scale, k in ERRATIC.get(expert, ()), rng)
            cells[k] = {c: v for c, v in zip(cities, given, strict=True) if v is not None}
            unknown[k] = tuple(c for c, v in zip(cities, given, strict=True) if v is None)
        scores = ExpertScores(
            expert,
            "",
            {k: v for k, v in cells.items() if v},
            {},
            illustrative=True,
            unknown={k: v for k, v in unknown.items() if v},
            description="ILLUSTRATIVE ratings, invented to demonstrate citydip",
        )
        header_text = (
            "ILLUSTRATIVE ratings - not a real expert's. Written by scripts/illustrative_panel.py\n"
            "to demonstrate a three-expert panel; never use them for a real case."
        )
        text = dump_scores(scores, hierarchy, cities, header_text)
        write_atomic(PANEL / "scores" / f"{expert}.yaml", text)


if __name__ == "__main__":
    main()
