"""One expert's judgments reviewed node by node, while the expert can still revise them.

For every node with two or more items: how many of its pairs are judged, whether the judged
pairs link all items (one connected comparison graph, :func:`~mcda_citydip.ahp.matrix.
components`: without it there are no priorities), and for a linked node λmax and CR as
:func:`~mcda_citydip.ahp.synthesis.node_weights` computes them for a run (the scenario's
priority method, random-index table and ``incomplete_random_index``). Above the CR limit,
the judgments most responsible for the inconsistency with the value the other judgments
imply (:func:`~mcda_citydip.ahp.feedback.revision_hints`, Saaty 2003).

``citydip import`` shows this review of a filled questionnaire, as ``citydip elicit``
shows it at the end of a session, and refuses the file with ``--strict``.
"""

from __future__ import annotations

from msgspec import Struct

from mcda_citydip.ahp.consistency import RANDOM_INDEX, Consistency
from mcda_citydip.ahp.feedback import RevisionHint, revision_hints
from mcda_citydip.ahp.matrix import components
from mcda_citydip.ahp.synthesis import node_weights
from mcda_citydip.ahp.weights import AhpSettings, expert_matrix
from mcda_citydip.model import Hierarchy, Judgments

HINTS = 3  # revision hints per node above the limit, worst first


class NodeReview(Struct, frozen=True):
    """The state of one node's judgments: completeness, linkage, consistency, hints."""

    node: str
    items: tuple[str, ...]
    judged: int  # pairs with a judgment
    groups: tuple[tuple[str, ...], ...]  # items linked by the judged pairs; one when linked
    consistency: Consistency | None  # None when the judged pairs do not link every item
    limit: float  # the CR above which the node is flagged
    hints: tuple[RevisionHint, ...] = ()  # when flagged: the judgments to revise first

    @property
    def total(self) -> int:
        """Every pair of the node's items, ``n(n − 1)/2``."""
        n = len(self.items)
        return n * (n - 1) // 2

    @property
    def linked(self) -> bool:
        return len(self.groups) == 1

    @property
    def flagged(self) -> bool:
        """CR above the limit (an unlinked node has no CR: see :attr:`linked`)."""
        return self.consistency is not None and self.consistency.cr > self.limit

    @property
    def acceptable(self) -> bool:
        """Linked and not above the CR limit: what ``citydip import --strict`` requires."""
        return self.linked and not self.flagged


def review_node(
    node: str, items: tuple[str, ...], judgments: Judgments, settings: AhpSettings
) -> NodeReview:
    """Review one node's judgments (see the module notes)."""
    matrix = expert_matrix(judgments, node, items)
    judged = len(judgments.comparisons.get(node, ()))
    groups = tuple(tuple(items[i] for i in group) for group in components(matrix))
    if len(groups) > 1:
        return NodeReview(node, items, judged, groups, None, settings.cr_limit)
    table = RANDOM_INDEX[settings.random_index]
    incomplete = settings.incomplete_random_index
    stats = node_weights(node, items, matrix, settings.priority, table, incomplete=incomplete)
    hints: tuple[RevisionHint, ...] = ()
    if stats.consistency.cr > settings.cr_limit:
        found = revision_hints(matrix, items, settings.priority, table, HINTS, incomplete)
        hints = tuple(found)
    return NodeReview(node, items, judged, groups, stats.consistency, settings.cr_limit, hints)


def review_judgments(
    hierarchy: Hierarchy, judgments: Judgments, settings: AhpSettings | None = None
) -> tuple[NodeReview, ...]:
    """Review every node of ``hierarchy`` with two or more items, in the hierarchy's order.

    Parameters
    ----------
    hierarchy
        The criteria tree the judgments answer.
    judgments
        One expert's judgments (pairs validated against the hierarchy by their reader).
    settings
        The scenario's priority method, random-index table, ``incomplete_random_index`` and
        CR limit (``cr_limit``: the scenario's ``max_cr``, or Saaty's 0.1).

    Returns
    -------
    tuple of NodeReview
        One per node; λmax and CR are those a run computes for this expert alone.
    """
    settings = settings or AhpSettings()
    return tuple(
        review_node(node, hierarchy.nodes[node].children, judgments, settings)
        for node in hierarchy.inner
        if len(hierarchy.nodes[node].children) >= 2
    )
