"""The workbook layout shared by the writer and the reader: names, rows, the scale."""

from __future__ import annotations

import re

from openpyxl.styles import Alignment, Font, PatternFill

from mcda_citydip.model import Hierarchy

INSTRUCTIONS = "Instructions"
TITLE = "citydip questionnaire: pairwise comparisons"
EXPERT_LABEL = "Expert name"
WEIGHT_LABEL = "Expert weight"
NODE_LABEL = "Node id"
EXPERT_CELL, WEIGHT_CELL = "B5", "B6"  # where write_questionnaire puts them (read by label)
HEADER = (
    "left id",
    "left name",
    "judgment",
    "right id",
    "right name",
    "left description",
    "right description",
)
LEFT, VALUE, RIGHT = 1, 3, 4  # columns A, C, D of a node sheet
HEADER_ROW = 4
FIRST_ROW = 5
SCALE_VALUES = (*(str(k) for k in range(9, 0, -1)), *(f"1/{k}" for k in range(2, 10)))
VERBAL_SCALE = (
    ("1", "Equal: both items matter equally"),
    ("3", "Moderate: the LEFT item matters moderately more"),
    ("5", "Strong: the LEFT item matters strongly more"),
    ("7", "Very strong: the LEFT item matters very strongly more"),
    ("9", "Extreme: the LEFT item matters extremely more"),
    ("2, 4, 6, 8", "Between the two neighbouring levels"),
    ("1/3, 1/5, 1/7, 1/9", "The same levels in favour of the RIGHT item (1/3: moderately more)"),
    ("1/2, 1/4, 1/6, 1/8", "Between the neighbouring levels, in favour of the RIGHT item"),
)
PROMPT = (
    "Above 1: the LEFT item matters more (3 moderately, 5 strongly, 7 very strongly, "
    "9 extremely). 1/3, 1/5, 1/7, 1/9: the RIGHT item matters more. 1: equal. "
    "Leave blank to skip the pair."
)
ERROR = (
    "Choose a value of Saaty's scale from the list: 9, 8, 7, 6, 5, 4, 3, 2, 1, "
    "1/2, 1/3, 1/4, 1/5, 1/6, 1/7, 1/8 or 1/9 (or leave the cell blank)."
)
FORBIDDEN_TITLE = re.compile(r"[\\/?*\[\]:]")
BOLD = Font(bold=True)
INPUT_FILL = PatternFill("solid", start_color="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")


def compared_nodes(hierarchy: Hierarchy) -> tuple[str, ...]:
    """Inner nodes with two or more children: the nodes that get a sheet."""
    return tuple(n for n in hierarchy.inner if len(hierarchy.nodes[n].children) >= 2)


def node_pairs(children: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every pair ``i < j``; the first item against each other comes first (a spanning set)."""
    return [(a, b) for i, a in enumerate(children) for b in children[i + 1 :]]


def sheet_title(node: str, used: set[str]) -> str:
    """A valid, unique Excel sheet title for ``node`` (31 characters, no ``\\/?*[]:``)."""
    base = FORBIDDEN_TITLE.sub("_", node).strip("'") or "node"
    title, k = base[:31], 1
    while title.lower() in used or title.lower() == "history":
        k += 1
        suffix = f"~{k}"
        title = base[: 31 - len(suffix)] + suffix
    used.add(title.lower())
    return title
