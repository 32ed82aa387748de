"""An expert's judgments node by node, for the coordinator of a panel (``citydip import``).

The table has the columns of ``citydip elicit``'s end-of-session table (pairs judged, linked,
CR) with λmax and a flag; under it, for each node above the CR limit, the judgments to revise
first, worded as the elicitation session words them, and for each unlinked node the groups of
items never compared. Everything is plain text (ids are never read as console markup).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec.structs import replace
from rich.console import Console
from rich.text import Text

from mcda_citydip.ahp.feedback import RevisionHint
from mcda_citydip.ahp.review import NodeReview
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.questionnaire.check import unlinked_text
from mcda_citydip.i18n import N_, _, shown_number, translated
from mcda_citydip.report.cells import terminal_text
from mcda_citydip.report.tables import Column, text_table

#: The table's columns; the headers are marked for the catalogue and translated when shown.
COLUMNS = (
    Column(N_("node")),
    Column(N_("sheet")),
    Column(N_("judged"), "right", wrap=False),
    Column(N_("linked")),
    Column(N_("λmax"), "right", wrap=False),
    Column(N_("CR"), "right", wrap=False),
    Column(N_("flag")),
)
TITLE = N_("Judgments per node")


def _flag(review: NodeReview) -> str:
    if not review.linked:
        return _("not linked")
    if review.flagged:
        return _("above {limit}").format(limit=shown_number(str(review.limit)))
    return _("ok")


def _count(value: float, spec: str) -> str:
    return shown_number(format(value, spec))


def review_rows(reviews: Sequence[NodeReview], sheets: Mapping[str, str]) -> list[tuple[str, ...]]:
    """One row of text per node: node, sheet, judged/total, linked, λmax, CR, flag."""
    rows: list[tuple[str, ...]] = []
    for review in reviews:
        stats = review.consistency
        rows.append(
            (
                review.node,
                sheets.get(review.node, ""),
                shown_number(f"{review.judged}/{review.total}"),
                _("yes") if review.linked else _("no"),
                "" if stats is None else _count(stats.lambda_max, ".4f"),
                "" if stats is None else _count(stats.cr, ".3f"),
                _flag(review),
            )
        )
    return rows


def hint_lines(review: NodeReview, sheets: Mapping[str, str]) -> list[str]:
    """What to send back to the expert about one node; none when it is acceptable."""
    sheet = sheets.get(review.node)
    where = review.node + (_(" (sheet '{sheet}')").format(sheet=sheet) if sheet else "")
    if not review.linked:
        return [f"{where}: {translated(unlinked_text(review))}"]
    if review.consistency is None or not review.flagged:
        return []
    revise = _("{where}: CR {cr} above {limit}; revise first:").format(
        where=where,
        cr=_count(review.consistency.cr, ".3f"),
        limit=shown_number(str(review.limit)),
    )
    return [revise, *(f"  {hint_text(h)}" for h in review.hints)]


def hint_text(hint: RevisionHint) -> str:
    """A revision hint as the expert reads it, at the end of a session or of an import
    (in the language and digits of :mod:`mcda_citydip.i18n`)."""
    hint_line = _(
        "{left} vs {right}: you said {value}; the other judgments imply {consistent} "
        "(≈ {suggested}, CR would be {cr_after})"
    )
    return hint_line.format(
        left=hint.left,
        right=hint.right,
        value=shown_number(str(format_value(hint.value))),
        consistent=shown_number(f"{hint.consistent:.2f}"),
        suggested=shown_number(str(format_value(hint.suggested))),
        cr_after=shown_number(f"{hint.cr_after:.3f}"),
    )


def print_review(
    console: Console,
    reviews: Sequence[NodeReview],
    sheets: Mapping[str, str] | None = None,
    title: str | None = None,
) -> None:
    """Print the per-node table (``title``: :data:`TITLE`) and, under it, the hints of every
    node that needs them."""
    sheets = sheets or {}
    styles = [None if r.acceptable else "red" for r in reviews]
    columns = [replace(column, header=_(column.header)) for column in COLUMNS]
    rows = review_rows(reviews, sheets)
    console.print(text_table(title or _(TITLE), columns, rows, styles), crop=False)
    for review in reviews:
        for line in hint_lines(review, sheets):
            console.print(Text(terminal_text(line)), crop=False)
