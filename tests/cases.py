"""Small problems and scenarios shared by several test modules."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st

from mcda_citydip.model import GOAL, Direction, Hierarchy, Node, Problem

#: The raw open data (``../shared/data/open`` beside the repository, as CI clones it).
OPEN_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "open"
#: Set by ``.ci/run``: there, a missing open-data folder fails the tests that need it.
REQUIRE_OPEN_DATA = "CITYDIP_REQUIRE_OPEN_DATA"


def open_data(why: str) -> Path:
    """The raw open-data folder, for a check that needs the whole raw files (``why``). A
    clone made anywhere without ``shared/`` skips that check; CI, which has the folder,
    sets :data:`REQUIRE_OPEN_DATA`, and there the same absence fails it, so a check of the
    committed tables can never pass unseen by being skipped."""
    if (OPEN_DATA / "SOURCES.md").is_file():
        return OPEN_DATA
    message = f"open data not found at {OPEN_DATA} (shared/ beside the repository): {why}"
    if os.environ.get(REQUIRE_OPEN_DATA):
        pytest.fail(message)
    pytest.skip(message)


#: The ranking variants the sensitivity analyses are checked with (SAW with min-max
#: normalisation: it takes the zeros of the random cost columns).
METHOD_OPTIONS: list[tuple[str, dict[str, Any]]] = [
    ("topsis", {"normalization": "vector"}),
    ("topsis", {"normalization": "minmax"}),
    ("vikor", {"v": 0.5}),
    ("saw", {"normalization": "minmax"}),
]

#: A = (1, 0), B = (0, 1), both benefit, w = (0.6, 0.4): the top changes where w1 = 0.5,
#: so the thresholds are −1/6 for c1 and +1/4 for c2 (worked by hand in the tests).
TWO_BY_TWO = """\
format: citydip/scenario
version: 1
name: Two alternatives, two criteria
criteria:
  - {id: c1, direction: benefit}
  - {id: c2, direction: benefit}
alternatives:
  A: {c1: 1, c2: 0}
  B: {c1: 0, c2: 1}
weights: {c1: 0.6, c2: 0.4}
methods:
  topsis: {normalization: vector}
  vikor: {v: 0.5}
"""


def flat_problem(
    matrix: Any, directions: Sequence[Direction] | None = None, names: Sequence[str] = ()
) -> Problem:
    """A goal with one leaf per column (``c1``, ``c2``, …); alternatives ``names`` or
    ``A1``, ``A2``, …"""
    matrix = np.asarray(matrix, dtype=float)
    ids = tuple(f"c{j + 1}" for j in range(matrix.shape[1]))
    directions = list(directions or ["benefit"] * len(ids))
    nodes = {GOAL: Node(GOAL, "Goal", children=ids)}
    nodes.update({c: Node(c, c, direction=d) for c, d in zip(ids, directions, strict=True)})
    alternatives = tuple(names) or tuple(f"A{i + 1}" for i in range(matrix.shape[0]))
    return Problem(Hierarchy("test", MappingProxyType(nodes)), alternatives, matrix)


@st.composite
def weighted_problems(draw: st.DrawFn, max_alternatives: int = 5) -> tuple[Problem, np.ndarray]:
    """A small integer problem with random directions and weights on the simplex."""
    m, n = draw(st.integers(2, max_alternatives)), draw(st.integers(2, 4))
    values = draw(st.lists(st.integers(0, 9), min_size=m * n, max_size=m * n))
    directions = draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=n, max_size=n))
    raw = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    matrix = np.array(values, dtype=float).reshape(m, n)
    return flat_problem(matrix, directions), np.array(raw, dtype=float) / sum(raw)


def csv_body(text: str) -> str:
    """A ``citydip run`` CSV without the ``#`` comment lines it opens with (the
    illustrative and partial-index marks, the supported weight)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def copy_panel(root: Path, with_scores: bool) -> Path:
    """The ILLUSTRATIVE rating panel (``scenarios/illustrative/panel``) copied into ``root``,
    with the criteria and judgments it names beside it, and with or without its experts'
    scores; returns the copied scenario file."""
    shipped = Path(__file__).resolve().parent.parent / "scenarios" / "illustrative" / "panel"
    ignore = None if with_scores else shutil.ignore_patterns("scores")
    shutil.copytree(shipped, root / "illustrative" / "panel", ignore=ignore)
    shutil.copytree(shipped.parent / "judgments", root / "illustrative" / "judgments")
    (root / "criteria").mkdir()
    shutil.copy(shipped.parents[2] / "criteria" / "city-diplomacy.yaml", root / "criteria")
    scenario = root / "illustrative" / "panel" / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8").replace("../../../criteria", "../../criteria")
    scenario.write_text(text, encoding="utf-8")
    return scenario


#: The Persian Gulf candidates' GeoNames points, rounded (data/persian-gulf: the report's map).
GULF = {  # (latitude, longitude), rounded
    "Bushehr": (28.97, 50.84),
    "Bandar Abbas": (27.18, 56.27),
    "Abadan": (30.34, 48.30),
    "Basra": (30.51, 47.81),
    "Kuwait City": (29.38, 47.99),
    "Dammam": (26.43, 50.10),
    "Manama": (26.23, 50.59),
    "Doha": (25.29, 51.53),
    "Abu Dhabi": (24.45, 54.38),
    "Dubai": (25.20, 55.27),
    "Sharjah": (25.35, 55.42),
    "Ras Al Khaimah": (25.79, 55.94),
    "Muscat": (23.59, 58.41),
}
