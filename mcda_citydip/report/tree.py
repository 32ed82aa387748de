"""A criteria hierarchy as a rich tree or as JSON.

Ids, names and units come from the user's file: the tree's labels are built as
:class:`rich.text.Text`, never as console markup, so ``[bold]`` or ``[/]`` in a name is shown
as typed; control characters become spaces.
"""

from __future__ import annotations

import json

from rich.text import Text
from rich.tree import Tree

from mcda_citydip.i18n import _
from mcda_citydip.model import GOAL, Hierarchy, Node
from mcda_citydip.report.cells import terminal_text


def _label(*parts: tuple[object, str]) -> Text:
    """A label of (text, style) parts; the texts as typed, control characters as spaces."""
    return Text.assemble(*((terminal_text(str(text)), style) for text, style in parts))


def hierarchy_tree(hierarchy: Hierarchy, lang: str = "en") -> Tree:
    """The hierarchy as a tree: ids as in the file, names in ``lang`` (:meth:`Node.name_in`)."""
    goal = hierarchy.goal
    tree = Tree(
        _label(
            (goal.name_in(lang), "bold"),
            (
                " ("
                + _("{count} indicators").format(count=len(hierarchy.leaves))
                + f", {hierarchy.source})",
                "",
            ),
        )
    )

    def add(branch: Tree, node_id: str) -> None:
        node = hierarchy.nodes[node_id]
        name = node.name_in(lang)
        if node.is_leaf:
            unit = f", {node.unit}" if node.unit else ""
            branch.add(_label((f"{node.id} {name} ", ""), (f"({node.direction}{unit})", "dim")))
            return
        sub = branch.add(_label((node.id, "bold"), (f" {name}", "")))
        for child in node.children:
            add(sub, child)

    for child in hierarchy.nodes[GOAL].children:
        add(tree, child)
    return tree


def _texts(node: Node, lang: str) -> dict[str, object]:
    """A node's name and description in ``lang``, and its texts in every language."""
    return {
        "name": node.name_in(lang),
        "description": node.description_in(lang),
        "labels": dict(node.labels),
        "descriptions": dict(node.descriptions),
    }


def hierarchy_json(hierarchy: Hierarchy, lang: str = "en") -> str:
    """The hierarchy as JSON. ``name`` and ``description`` are in ``lang`` (the file's own
    text when it has none in that language); ``labels`` and ``descriptions`` hold every
    language of the file. The goal's texts sit at the top, beside ``goal`` (its name)."""

    def node_data(node_id: str) -> dict[str, object]:
        node = hierarchy.nodes[node_id]
        data: dict[str, object] = {"id": node.id, **_texts(node, lang)}
        if node.is_leaf:
            data.update(unit=node.unit, direction=node.direction, provenance=list(node.provenance))
        else:
            data["children"] = [node_data(c) for c in node.children]
        return data

    texts = _texts(hierarchy.goal, lang)
    document = {
        "goal": texts.pop("name"),
        "language": lang,
        **texts,
        "criteria": [node_data(c) for c in hierarchy.goal.children],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
