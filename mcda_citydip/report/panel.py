"""An expert's judgments node by node, for the coordinator of a panel (``citydip import``).

The table has the columns of ``citydip elicit``'s end-of-session table (pairs judged, linked,
CR) with λmax and a flag; under it, for each node above the CR limit, the judgments to revise
first, worded as the elicitation session words them, and for each unlinked node the groups of
items never compared. Everything is plain text (ids are never read as console markup).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from mcda_citydip.ahp.feedback import RevisionHint
from mcda_citydip.ahp.review import NodeReview
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.questionnaire.check import unlinked_text
from mcda_citydip.report.cells import terminal_text
from mcda_citydip.report.tables import Column, text_table

COLUMNS = (
    Column("node"),
    Column("sheet"),
    Column("judged", "right", wrap=False),
    Column("linked"),
    Column("λmax", "right", wrap=False),
    Column("CR", "right", wrap=False),
    Column("flag"),
)


def _flag(review: NodeReview) -> str:
    if not review.linked:
        return "not linked"
    return f"above {review.limit}" if review.flagged else "ok"


def review_rows(reviews: Sequence[NodeReview], sheets: Mapping[str, str]) -> list[tuple[str, ...]]:
    """One row of text per node: node, sheet, judged/total, linked, λmax, CR, flag."""
    rows: list[tuple[str, ...]] = []
    for review in reviews:
        stats = review.consistency
        rows.append(
            (
                review.node,
                sheets.get(review.node, ""),
                f"{review.judged}/{review.total}",
                "yes" if review.linked else "no",
                "" if stats is None else f"{stats.lambda_max:.4f}",
                "" if stats is None else f"{stats.cr:.3f}",
                _flag(review),
            )
        )
    return rows


def hint_lines(review: NodeReview, sheets: Mapping[str, str]) -> list[str]:
    """What to send back to the expert about one node; none when it is acceptable."""
    sheet = sheets.get(review.node)
    where = f"{review.node}" + (f" (sheet '{sheet}')" if sheet else "")
    if not review.linked:
        return [f"{where}: {unlinked_text(review)}"]
    if review.consistency is None or not review.flagged:
        return []
    lines = [f"{where}: CR {review.consistency.cr:.3f} above {review.limit}; revise first:"]
    lines += [f"  {hint_text(h)}" for h in review.hints]
    return lines


def hint_text(hint: RevisionHint) -> str:
    """A revision hint as the expert reads it, at the end of a session or of an import."""
    return (
        f"{hint.left} vs {hint.right}: you said {format_value(hint.value)}; the other "
        f"judgments imply {hint.consistent:.2f} (≈ {format_value(hint.suggested)}, CR would "
        f"be {hint.cr_after:.3f})"
    )


def print_review(
    console: Console,
    reviews: Sequence[NodeReview],
    sheets: Mapping[str, str] | None = None,
    title: str = "Judgments per node",
) -> None:
    """Print the per-node table and, under it, the hints of every node that needs them."""
    sheets = sheets or {}
    styles = [None if r.acceptable else "red" for r in reviews]
    console.print(text_table(title, COLUMNS, review_rows(reviews, sheets), styles), crop=False)
    for review in reviews:
        for line in hint_lines(review, sheets):
            console.print(Text(terminal_text(line)), crop=False)
