"""A criteria hierarchy as a rich tree or as JSON.

Ids, names and units come from the user's file: the tree's labels are built as
:class:`rich.text.Text`, never as console markup, so ``[bold]`` or ``[/]`` in a name is shown
as typed; control characters become spaces.
"""

from __future__ import annotations

import json

from rich.text import Text
from rich.tree import Tree

from mcda_citydip.model import GOAL, Hierarchy
from mcda_citydip.report.cells import terminal_text


def _label(*parts: tuple[object, str]) -> Text:
    """A label of (text, style) parts; the texts as typed, control characters as spaces."""
    return Text.assemble(*((terminal_text(str(text)), style) for text, style in parts))


def hierarchy_tree(hierarchy: Hierarchy) -> Tree:
    goal = hierarchy.goal
    tree = Tree(
        _label(
            (goal.name, "bold"),
            (f" ({len(hierarchy.leaves)} indicators, {hierarchy.source})", ""),
        )
    )

    def add(branch: Tree, node_id: str) -> None:
        node = hierarchy.nodes[node_id]
        if node.is_leaf:
            unit = f", {node.unit}" if node.unit else ""
            branch.add(
                _label((f"{node.id} {node.name} ", ""), (f"({node.direction}{unit})", "dim"))
            )
            return
        sub = branch.add(_label((node.id, "bold"), (f" {node.name}", "")))
        for child in node.children:
            add(sub, child)

    for child in hierarchy.nodes[GOAL].children:
        add(tree, child)
    return tree


def hierarchy_json(hierarchy: Hierarchy) -> str:
    def node_data(node_id: str) -> dict[str, object]:
        node = hierarchy.nodes[node_id]
        data: dict[str, object] = {"id": node.id, "name": node.name}
        if node.is_leaf:
            data.update(
                unit=node.unit,
                direction=node.direction,
                description=node.description,
                provenance=list(node.provenance),
            )
            if node.labels:
                data["labels"] = dict(node.labels)
        else:
            data["children"] = [node_data(c) for c in node.children]
        return data

    goal = hierarchy.goal
    return (
        json.dumps(
            {"goal": goal.name, "criteria": [node_data(c) for c in goal.children]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
