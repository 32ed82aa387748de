"""The state of an expert's pairwise-comparison session, as immutable values.

Pairs are asked node by node (the goal first, then each dimension). Within a node the
first item is compared with every other item first — a spanning set of ``n − 1`` pairs,
enough for weights — then the remaining pairs. The next pair is always the first one
neither answered nor skipped, so a session rebuilt from a saved judgments file resumes
exactly where the expert stopped. Nothing here reads files or prints.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from msgspec import Struct, field
from msgspec.structs import replace

from mcda_citydip.ahp.matrix import components, item_pairs, pairwise_matrix
from mcda_citydip.model import Comparison, FloatArray, Hierarchy, Judgments


class Pair(Struct, frozen=True, order=True):
    node: str
    left: str
    right: str


class Action(Struct, frozen=True):
    """One step of the session, enough to undo it."""

    kind: Literal["answer", "skip"]
    pair: Pair
    previous: float | None = None  # the value an answer replaced (a revision)


def node_pairs(hierarchy: Hierarchy, node: str) -> tuple[Pair, ...]:
    """A node's pairs: first item against each other item, then the rest (i < j), as
    :func:`~mcda_citydip.ahp.matrix.item_pairs` orders them."""
    return tuple(Pair(node, a, b) for a, b in item_pairs(hierarchy.nodes[node].children))


def pair_order(hierarchy: Hierarchy) -> tuple[Pair, ...]:
    """Every pair the session asks, in order."""
    return tuple(p for node in hierarchy.inner for p in node_pairs(hierarchy, node))


class Session(Struct, frozen=True):
    """Answers and skips so far; ``history`` holds this run's actions for undo."""

    hierarchy: Hierarchy
    expert: str
    weight: float = 1.0
    answers: MappingProxyType[Pair, float] = field(default_factory=lambda: MappingProxyType({}))
    skipped: frozenset[Pair] = frozenset()
    history: tuple[Action, ...] = ()
    description: str = ""

    @classmethod
    def resume(cls, hierarchy: Hierarchy, saved: Judgments) -> Session:
        """Rebuild a session from a saved judgments file (answers in either order)."""
        order = set(pair_order(hierarchy))
        answers: dict[Pair, float] = {}
        for node, comparisons in saved.comparisons.items():
            for c in comparisons:
                pair = Pair(node, c.left, c.right)
                if pair in order:
                    answers[pair] = c.value
                else:
                    answers[Pair(node, c.right, c.left)] = 1.0 / c.value
        skipped = frozenset(
            p
            for node, pairs in saved.skipped.items()
            for left, right in pairs
            for p in (Pair(node, left, right), Pair(node, right, left))
            if p in order
        )
        return cls(
            hierarchy,
            saved.expert,
            saved.weight,
            MappingProxyType(answers),
            skipped - set(answers),
            description=saved.description,
        )

    def next_pair(self) -> Pair | None:
        for pair in pair_order(self.hierarchy):
            if pair not in self.answers and pair not in self.skipped:
                return pair
        return None

    def answer(self, pair: Pair, value: float) -> Session:
        answers = dict(self.answers)
        previous = answers.get(pair)
        answers[pair] = value
        return replace(
            self,
            answers=MappingProxyType(answers),
            skipped=self.skipped - {pair},
            history=(*self.history, Action("answer", pair, previous)),
        )

    def skip(self, *pairs: Pair) -> Session:
        actions = tuple(Action("skip", p) for p in pairs if p not in self.answers)
        return replace(
            self,
            skipped=self.skipped | {a.pair for a in actions},
            history=(*self.history, *actions),
        )

    def undo(self) -> tuple[Session, Pair | None]:
        """Take back the last action (of this run, else the pair before the next one)."""
        if self.history:
            action, history = self.history[-1], self.history[:-1]
        else:
            order = pair_order(self.hierarchy)
            upcoming = self.next_pair()
            before = order[: order.index(upcoming)] if upcoming is not None else order
            done = [p for p in before if p in self.answers or p in self.skipped]
            if not done:
                return self, None
            action, history = Action("answer", done[-1]), ()
        answers = dict(self.answers)
        if action.previous is not None:
            answers[action.pair] = action.previous
        else:
            answers.pop(action.pair, None)
        undone = replace(
            self,
            answers=MappingProxyType(answers),
            skipped=self.skipped - {action.pair},
            history=history,
        )
        return undone, action.pair

    def matrix(self, node: str) -> FloatArray:
        items = self.hierarchy.nodes[node].children
        pairs = [(p.left, p.right, v) for p, v in self.answers.items() if p.node == node]
        return pairwise_matrix(items, pairs)

    def progress(self, node: str) -> tuple[int, int, bool]:
        """Pairs answered, pairs in all, and whether the answers connect every item."""
        total = len(node_pairs(self.hierarchy, node))
        answered = sum(1 for p in self.answers if p.node == node)
        return answered, total, len(components(self.matrix(node))) == 1

    def remaining(self) -> int:
        return sum(
            1 for p in pair_order(self.hierarchy) if p not in self.answers and p not in self.skipped
        )

    def judgments(self, source: str = "") -> Judgments:
        """The answers as a judgments document, in the order pairs are asked."""
        comparisons: dict[str, list[Comparison]] = {}
        for pair in pair_order(self.hierarchy):
            if pair in self.answers:
                comparisons.setdefault(pair.node, []).append(
                    Comparison(pair.left, pair.right, self.answers[pair])
                )
        skipped: dict[str, tuple[tuple[str, str], ...]] = {}
        for pair in sorted(self.skipped):
            skipped[pair.node] = (*skipped.get(pair.node, ()), (pair.left, pair.right))
        return Judgments(
            self.expert,
            self.weight,
            MappingProxyType({k: tuple(v) for k, v in comparisons.items()}),
            source,
            MappingProxyType(skipped),
            self.description,
        )
