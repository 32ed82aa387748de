"""A criteria hierarchy as a rich tree or as JSON."""

from __future__ import annotations

import json

from rich.tree import Tree

from mcda_citydip.model import GOAL, Hierarchy


def hierarchy_tree(hierarchy: Hierarchy) -> Tree:
    goal = hierarchy.goal
    tree = Tree(f"[bold]{goal.name}[/] ({len(hierarchy.leaves)} indicators, {hierarchy.source})")

    def add(branch: Tree, node_id: str) -> None:
        node = hierarchy.nodes[node_id]
        if node.is_leaf:
            unit = f", {node.unit}" if node.unit else ""
            branch.add(f"{node.id} {node.name} [dim]({node.direction}{unit})[/]")
            return
        sub = branch.add(f"[bold]{node.id}[/] {node.name}")
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
