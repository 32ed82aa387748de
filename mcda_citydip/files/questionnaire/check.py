"""The review of a filled questionnaire, and what ``citydip import --strict`` refuses in it
(one message per sheet)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from mcda_citydip.ahp.review import NodeReview, review_judgments
from mcda_citydip.files.judgments import format_value
from mcda_citydip.files.scenario import Outline, ahp_settings_of
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import Judgments


def review_imported(judgments: Judgments, outline: Outline) -> tuple[NodeReview, ...]:
    """Review one expert's judgments node by node with the scenario's ``ahp`` settings
    (priority method, random index, ``incomplete_random_index``) and ``max_cr`` (default
    Saaty's 0.1), as a run would compute them (:func:`~mcda_citydip.ahp.review.
    review_judgments`)."""
    settings = ahp_settings_of(outline.ahp, outline.max_cr)
    return review_judgments(outline.hierarchy, judgments, settings)


def unlinked_text(review: NodeReview) -> Message:
    """Why an unlinked node has no priorities, and what to ask the expert for (English as a
    str, for the ``--strict`` error; :func:`translated` where the review shows it)."""
    n = len(review.items)
    if review.judged == 0:
        if n == 2:
            return Message(N_("no pair judged; ask for the judgment of its one pair"))
        return Message(
            N_(
                "no pair judged; ask for at least {pairs} pairs linking all {count} items "
                "(e.g. the first item against each other)"
            ),
            pairs=n - 1,
            count=n,
        )
    groups = " | ".join("{" + ", ".join(group) + "}" for group in review.groups)
    return Message(
        N_(
            "{judged} of {total} pairs judged, and they do not link all {count} items: "
            "{groups} are never compared with each other; ask for at least one pair linking "
            "each group to another"
        ),
        judged=review.judged,
        total=review.total,
        count=n,
        groups=groups,
    )


def node_problem(review: NodeReview) -> str | None:
    """What is wrong with a node's judgments and how to fix it, or ``None``."""
    if not review.linked:
        return f"node '{review.node}': {unlinked_text(review)}"
    if review.consistency is None or not review.flagged:
        return None
    revise = "; ".join(
        f"{h.left} vs {h.right} (said {format_value(h.value)}, the others imply "
        f"≈ {format_value(h.suggested)})"
        for h in review.hints
    )
    return (
        f"node '{review.node}': CR {review.consistency.cr:.3f} is above {review.limit}; ask "
        f"the expert to revise the judgments that disagree most with the others: {revise}"
    )


def import_problems(
    path: Path, reviews: Sequence[NodeReview], sheets: Mapping[str, str]
) -> list[str]:
    """One message per node that is not linked or whose CR is above the limit, naming the
    workbook and the node's sheet (``sheets``: node id → sheet title)."""
    problems = []
    for review in reviews:
        problem = node_problem(review)
        if problem is not None:
            sheet = sheets.get(review.node, review.node)
            problems.append(f"{path}, sheet '{sheet}': {problem} (--strict: nothing was written)")
    return problems
