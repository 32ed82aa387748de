"""The ratings questionnaire's layout and labels, and the drop-down of its input cells.

The rows, widths and labels here are shared by the writer
(:mod:`~mcda_citydip.files.questionnaire.rating_write`, whose notes show the layout) and the
reader (:mod:`~mcda_citydip.files.questionnaire.rating_read`). Each input cell's drop-down
offers the points of the indicator's scale and ``don't know``; its input message gives the
anchors, fitted to Excel's limits.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Side
from openpyxl.worksheet.datavalidation import DataValidation

from mcda_citydip.files.questionnaire.layout import RIGHT_TO_LEFT
from mcda_citydip.i18n import N_, _, anchor_text, language
from mcda_citydip.model import RatingScale
from mcda_citydip.scales import scale_text

RATINGS_TITLE = N_("citydip questionnaire: ratings of cities")
RATINGS_LABEL = N_("Ratings sheet")
DONT_KNOW = N_("don't know")  # the drop-down of a translated workbook offers both
CITY_LABEL = N_("City")
LEGEND_LABEL = N_("Legend")
ILLUSTRATIVE_LABEL = N_("Illustrative")
NAME_ROW, UNIT_ROW, SCALE_ROW, HEADER_ROW = 3, 4, 5, 6
RATING_FIRST_ROW = 7  # the first city row; column B is the first indicator
INDICATOR_WIDTH = 18
LEGEND_COLUMNS = 4  # the legend's anchor text spans columns B to at least D
PROMPT_LIMIT, TITLE_LIMIT = 255, 32  # Excel's limits for an input message and its title
CENTRE = Alignment(horizontal="center", vertical="center")
LEFT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DIRECTION_TEXT = {"benefit": N_("more is better"), "cost": N_("less is better")}


def _start_top() -> Alignment:
    """Text from the start of the line, wrapped, at the top: left in English; in a
    right-to-left sheet the text's own direction (Persian at the right)."""
    if language() in RIGHT_TO_LEFT:
        return Alignment(vertical="top", wrap_text=True)
    return LEFT_TOP


def dont_know_answers() -> tuple[str, ...]:
    """The "don't know" answers of the drop-down: the current language's, then English."""
    return tuple(dict.fromkeys((_(DONT_KNOW), DONT_KNOW)))


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending with ``…`` when cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _prompt(scale: RatingScale) -> str:
    """The input message: ``point = anchor`` for the anchored points, fitted to Excel's 255
    characters by cutting the longest anchors only as much as needed (the legend below the
    table has them in full)."""
    anchors = ((p, anchor_text(scale, p).strip()) for p in sorted(scale.anchors))
    anchored = [(p, text) for p, text in anchors if text]
    tail = _("Or: {dont_know} (missing).").format(dont_know=_(DONT_KNOW))
    longest = max((len(t) for _, t in anchored), default=0)
    for width in range(max(longest, 6), 5, -1):
        parts = [f"{p} = {_cut(t, width)}" for p, t in anchored]
        text = "; ".join(parts) + ". " + tail
        if width < longest:
            text += " " + _("In full: the legend below the table.")
        if len(text) <= PROMPT_LIMIT:
            return text
    return _cut(text, PROMPT_LIMIT)  # pragma: no cover - 11 anchors fit at width 6


def _validation(scale: RatingScale, indicator: str, cells: str) -> DataValidation:
    shown = scale_text(scale)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join([*(str(p) for p in scale.points), *dont_know_answers()]) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=_("Not a point of the scale"),
        error=_(
            "Choose a point of the scale ({scale}) or '{dont_know}' from the list; leave the "
            "cell blank if you have not answered yet."
        ).format(scale=shown, dont_know=_(DONT_KNOW)),
        promptTitle=_cut(f"{indicator} ({shown})", TITLE_LIMIT),
        prompt=_prompt(scale),
    )
    validation.add(cells)
    return validation
