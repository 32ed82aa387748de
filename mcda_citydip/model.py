"""The immutable objects that flow through citydip.

``Hierarchy`` and ``Problem`` come out of the file readers; ``Judgments`` feed AHP.
The problem never holds weights: weights are computed apart and passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt
from msgspec import Struct, field

Direction = Literal["benefit", "cost"]
GOAL = "goal"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: What to do with a missing value of an indicator (a scenario's ``missing:``).
Policy = Literal["drop", "median", "zero", "sample", "fail"]
#: How an indicator's values are transformed before ranking (a scenario's ``transforms:``).
Transform = Literal["none", "log1p", "per-capita", "per-million", "log1p-per-million"]


def text_in(texts: Mapping[str, str], lang: str, fallback: str) -> str:
    """The text of ``texts`` (per language code) for ``lang``, else for its base language
    (``fa-IR`` → ``fa``), else ``fallback``. Codes compare case-insensitively (BCP 47); a
    blank text counts as missing."""
    by_code = {code.lower(): text for code, text in texts.items()}
    wanted = lang.lower()
    for code in (wanted, wanted.split("-", 1)[0]):
        text = by_code.get(code, "")
        if text.strip():
            return text
    return fallback


class RatingScale(Struct, frozen=True):
    """The points an expert may rate an indicator on, each with its anchor text (what the
    point means; ``""`` for an unanchored point between two anchored ones). ``declared`` is
    False for the default scale of the indicator's kind (:mod:`mcda_citydip.scales`).
    ``labels`` holds the anchors in other languages (language code → point → text)."""

    anchors: Mapping[int, str]
    declared: bool = True
    labels: Mapping[str, Mapping[int, str]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(sorted(self.anchors))

    def anchor_in(self, point: int, lang: str) -> str:
        """The anchor text of ``point`` in ``lang`` (see :func:`text_in`), else the file's own."""
        texts = {code: anchors.get(point, "") for code, anchors in self.labels.items()}
        return text_in(texts, lang, self.anchors[point])


class Node(Struct, frozen=True):
    """A node of the criteria hierarchy: the goal, a dimension or an indicator (leaf)."""

    id: str
    name: str
    children: tuple[str, ...] = ()
    unit: str = ""
    direction: Direction | None = None
    description: str = ""
    provenance: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    scale: RatingScale | None = None  # declared in the criteria file (leaves only)
    descriptions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def name_in(self, lang: str) -> str:
        """The name in ``lang`` (``labels``, base language next), else the file's ``name``
        (its own text, taken as English)."""
        return text_in(self.labels, lang, self.name)

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` (``descriptions``, base language next), else the
        file's ``description``."""
        return text_in(self.descriptions, lang, self.description)


class Hierarchy(Struct, frozen=True, dict=True):
    """A tree of criteria rooted at ``goal``; leaves are the indicators."""

    source: str
    nodes: Mapping[str, Node]

    @property
    def goal(self) -> Node:
        return self.nodes[GOAL]

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes of the labels, descriptions and scale labels, sorted."""
        codes: set[str] = set()
        for node in self.nodes.values():
            codes.update(node.labels, node.descriptions)
            if node.scale is not None:
                codes.update(node.scale.labels)
        return tuple(sorted(codes))

    @cached_property  # the nodes never change (a read-only mapping)
    def leaves(self) -> tuple[str, ...]:
        """Leaf ids in depth-first file order."""
        order: list[str] = []

        def visit(node_id: str) -> None:
            node = self.nodes[node_id]
            if node.is_leaf:
                order.append(node_id)
            for child in node.children:
                visit(child)

        visit(GOAL)
        return tuple(order)

    @cached_property
    def inner(self) -> tuple[str, ...]:
        """Inner node ids (goal first) in depth-first order: the nodes AHP compares within."""
        order: list[str] = []

        def visit(node_id: str) -> None:
            node = self.nodes[node_id]
            if not node.is_leaf:
                order.append(node_id)
                for child in node.children:
                    visit(child)

        visit(GOAL)
        return tuple(order)

    def leaves_under(self, node_id: str) -> tuple[str, ...]:
        """Leaf ids below ``node_id`` (itself when it is a leaf), in :attr:`leaves` order."""
        found: set[str] = set()
        stack = [node_id]
        while stack:
            node = self.nodes[stack.pop()]
            if node.is_leaf:
                found.add(node.id)
            stack.extend(node.children)
        return tuple(leaf for leaf in self.leaves if leaf in found)

    def parent(self, node_id: str) -> str | None:
        for candidate in self.nodes.values():
            if node_id in candidate.children:
                return candidate.id
        return None

    def path(self, node_id: str) -> tuple[str, ...]:
        """Ids from the goal down to ``node_id``."""
        chain = [node_id]
        parent = self.parent(node_id)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent)
        return tuple(reversed(chain))

    def directions(self) -> tuple[Direction, ...]:
        return tuple(self.nodes[leaf].direction or "benefit" for leaf in self.leaves)


class Problem(Struct, frozen=True):
    """Alternatives × indicators: the decision matrix, columns in ``hierarchy.leaves`` order."""

    hierarchy: Hierarchy
    alternatives: tuple[str, ...]
    matrix: FloatArray  # NaN marks a missing value until the missing-data policy is applied
    attributes: Mapping[str, FloatArray] = field(default_factory=lambda: MappingProxyType({}))
    source: str = ""
    names: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    """Display names per language (``{"fa": {"Bushehr": "بوشهر"}}``); ids never change. See
    :func:`mcda_citydip.names.alternative_name`."""

    @property
    def criteria(self) -> tuple[str, ...]:
        return self.hierarchy.leaves

    @property
    def benefit(self) -> BoolArray:
        """True where an indicator is to be maximised."""
        return np.array([d == "benefit" for d in self.hierarchy.directions()], dtype=bool)


class Comparison(Struct, frozen=True):
    """One pairwise judgment: ``left`` is ``value`` times as important as ``right``."""

    left: str
    right: str
    value: float
    location: str = ""


class Judgments(Struct, frozen=True):
    """One expert's sparse pairwise comparisons, per inner node of the hierarchy."""

    expert: str
    weight: float
    comparisons: Mapping[str, tuple[Comparison, ...]]
    source: str = ""
    skipped: Mapping[str, tuple[tuple[str, str], ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    description: str = ""
    illustrative: bool = False  # invented inputs (a demonstration), not a real expert's


class ExpertScores(Struct, frozen=True):
    """One expert's ratings and pairwise comparisons of alternatives, per indicator."""

    expert: str
    source: str
    ratings: Mapping[str, Mapping[str, float]]
    comparisons: Mapping[str, tuple[tuple[str, str, float], ...]]
    illustrative: bool = False  # invented inputs (a demonstration), not a real expert's
    unknown: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Per indicator, the cities the expert answered "don't know" for (missing, never a value)."""
    description: str = ""


MEMBER, FORMER, EXPELLED, CANDIDATE = "member", "former member", "expelled", "candidate"


class UrbanUnion(Struct, frozen=True):
    """The union a case is about, and where each alternative stands in it: ``member``,
    ``former member``, ``expelled`` or ``candidate``."""

    name: str
    status: Mapping[str, str]
