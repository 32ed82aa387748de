"""The workbook layout shared by the writer and the reader: names, rows, the scale.

The labels are English messages of the catalogue (:func:`~mcda_citydip.i18n.N_`): the
writer shows them in the current language (:func:`~mcda_citydip.i18n._`), the reader
accepts them in every language (:func:`in_every_language`), so that a Persian workbook
imports whatever ``--lang`` says. Ids, sheet titles of nodes and the scale's values
(``3``, ``1/3``) stay Latin: the live consistency check computes with them.
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill

from mcda_citydip.ahp.matrix import SAATY_SCALE
from mcda_citydip.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, N_, SOURCE_LANGUAGE, language
from mcda_citydip.model import Hierarchy

INSTRUCTIONS = N_("Instructions")
TITLE = N_("citydip questionnaire: pairwise comparisons")
EXPERT_LABEL = N_("Expert name")
WEIGHT_LABEL = N_("Expert weight")
NODE_LABEL = N_("Node id")
#: Languages written right to left: their sheets get Excel's ``rightToLeft`` sheet view.
RIGHT_TO_LEFT = frozenset({"fa"})
EXPERT_CELL, WEIGHT_CELL = "B5", "B6"  # where write_questionnaire puts them (read by label)
HEADER = (
    N_("left id"),
    N_("left name"),
    N_("judgment"),
    N_("right id"),
    N_("right name"),
    N_("left description"),
    N_("right description"),
)
LEFT, VALUE, RIGHT = 1, 3, 4  # columns A, C, D of a node sheet
HEADER_ROW = 4
FIRST_ROW = 5
SCALE_VALUES = SAATY_SCALE
PROMPT = N_(
    "Above 1: the LEFT item matters more; 1/2 to 1/9: the RIGHT item matters more; 1: equal. "
    "The Instructions sheet says what each value means. Leave blank to skip the pair."
)
ERROR = N_(
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


@cache
def _translations(code: str) -> gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])


def in_every_language(message: str) -> frozenset[str]:
    """``message`` in English and in every catalogue's language: what a reader accepts for
    a label, whatever the language the workbook was written in."""
    return frozenset(_translations(code).gettext(message) for code in LANGUAGES)


def right_to_left(sheet: Any) -> None:
    """Show ``sheet`` right to left (column A at the right) when the language is written
    so; English sheets are left as they were."""
    if language() in RIGHT_TO_LEFT:
        sheet.sheet_view.rightToLeft = True
