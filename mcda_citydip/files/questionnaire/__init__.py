"""XLSX questionnaires for experts who never open a terminal, and the reader of filled copies.

:func:`write_questionnaire` writes a workbook with an ``Instructions`` sheet (the purpose,
Saaty's verbal scale, the expert's name and weight) and one sheet per inner node with two or
more children: one row per pair of its children, with an input cell restricted to Saaty's
1/9 … 9 scale. :func:`read_questionnaire` turns a filled copy into :class:`Judgments`,
reporting every bad cell (sheet, cell, value and how to fix it) in one :class:`InputError`.

Each node sheet records its node id in cell B1, so reading never depends on sheet titles
(which Excel limits to 31 characters). Every sheet is protected (no password): only the
judgment cells and the expert's name are unlocked. Right of the pairs, each node sheet of
three or more items computes its consistency ratio with spreadsheet formulas as the expert
answers (:mod:`~mcda_citydip.files.questionnaire.live`); :func:`review_imported` reviews the
imported judgments node by node and :func:`import_problems` turns the review into one message
per sheet for ``citydip import --strict``.

:func:`write_rating_questionnaire` writes the other kind of questionnaire: candidate cities
rated on indicators, one drop-down cell per city and indicator (the scale's points or
"don't know"); :func:`read_rating_workbook` reads a filled copy into :class:`ExpertScores`,
and :func:`workbook_kind` tells the two kinds apart.
"""

from mcda_citydip.ahp.matrix import item_pairs as node_pairs  # the order of a node's rows
from mcda_citydip.files.questionnaire.check import import_problems, review_imported
from mcda_citydip.files.questionnaire.layout import (
    EXPERT_CELL,
    FIRST_ROW,
    INSTRUCTIONS,
    WEIGHT_CELL,
    compared_nodes,
    sheet_title,
)
from mcda_citydip.files.questionnaire.rating_layout import (
    DONT_KNOW,
    RATING_FIRST_ROW,
    RATINGS_LABEL,
    RATINGS_TITLE,
)
from mcda_citydip.files.questionnaire.rating_read import (
    WorkbookKind,
    read_rating_workbook,
    workbook_kind,
)
from mcda_citydip.files.questionnaire.rating_write import write_rating_questionnaire
from mcda_citydip.files.questionnaire.read import (
    FilledQuestionnaire,
    parse_weight,
    read_filled,
    read_questionnaire,
)
from mcda_citydip.files.questionnaire.write import write_questionnaire

__all__ = [
    "DONT_KNOW",
    "EXPERT_CELL",
    "FIRST_ROW",
    "INSTRUCTIONS",
    "RATINGS_LABEL",
    "RATINGS_TITLE",
    "RATING_FIRST_ROW",
    "WEIGHT_CELL",
    "FilledQuestionnaire",
    "WorkbookKind",
    "compared_nodes",
    "import_problems",
    "node_pairs",
    "parse_weight",
    "read_filled",
    "read_questionnaire",
    "read_rating_workbook",
    "review_imported",
    "sheet_title",
    "workbook_kind",
    "write_questionnaire",
    "write_rating_questionnaire",
]
