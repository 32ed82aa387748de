"""Reader of criteria hierarchies (``format: citydip/criteria``)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from mcda_citydip.errors import InputError
from mcda_citydip.files.schema import CriteriaSpec, NodeSpec, schema_messages
from mcda_citydip.files.yamlio import Located, PathKey, load_yaml
from mcda_citydip.model import GOAL, Hierarchy, Node, RatingScale
from mcda_citydip.scales import scale_problems


def _check_header(doc: Located, expected: str) -> list[str]:
    data = doc.data
    if not isinstance(data, dict):
        return [
            f"{doc.at(())}: expected a YAML mapping with 'format: {expected}' at the top; "
            "start the file with 'format:' and 'version:' lines"
        ]
    return []


def build_hierarchy(
    spec_nodes: list[NodeSpec], goal: str, doc: Located, base: PathKey
) -> Hierarchy:
    """Turn validated node specs into a :class:`Hierarchy`, reporting every problem."""
    problems: list[str] = []
    nodes: dict[str, Node] = {}

    def add(spec: NodeSpec, path: PathKey) -> str:
        where = doc.at((*path, "id"))
        if spec.id == GOAL:
            problems.append(f"{where}: id 'goal' is reserved for the root; rename this node")
        elif spec.id in nodes:
            problems.append(f"{where}: duplicate id '{spec.id}'; ids must be unique in the file")
        children = tuple(
            add(child, (*path, "children", i)) for i, child in enumerate(spec.children or [])
        )
        if spec.children is not None and not spec.children:
            problems.append(
                f"{doc.at((*path, 'children'))}: node '{spec.id}' has an empty "
                "'children' list; add children or remove the key to make it a leaf"
            )
        if not children and spec.direction is None and spec.children is None:
            problems.append(
                f"{doc.at(path)}: indicator '{spec.id}' has no direction; add "
                "'direction: benefit' (more is better) or 'direction: cost'"
            )
        if children and spec.direction is not None:
            problems.append(
                f"{doc.at((*path, 'direction'))}: '{spec.id}' has children, so it is "
                "not an indicator and takes no direction; remove 'direction'"
            )
        scale = None
        if spec.scale is not None:
            at = doc.at((*path, "scale"))
            if children or spec.children is not None:
                problems.append(
                    f"{at}: '{spec.id}' has children, so it is not an indicator and is not "
                    "rated; remove 'scale'"
                )
            problems.extend(f"{at}: {p}" for p in scale_problems(spec.scale))
            anchors = dict(sorted(spec.scale.items()))
            scale = RatingScale(MappingProxyType(anchors))
        nodes.setdefault(
            spec.id,
            Node(
                id=spec.id,
                name=spec.name or spec.id,
                children=children,
                unit=spec.unit,
                direction=spec.direction if not children else None,
                description=spec.description,
                provenance=tuple(spec.provenance),
                labels=MappingProxyType(dict(spec.labels)),
                scale=scale,
            ),
        )
        return spec.id

    top = tuple(add(spec, (*base, i)) for i, spec in enumerate(spec_nodes))
    if problems:
        raise InputError(problems)
    nodes[GOAL] = Node(id=GOAL, name=goal, children=top)
    return Hierarchy(doc.source, MappingProxyType(nodes))


def parse_criteria(doc: Located, base: PathKey = ()) -> Hierarchy:
    """A hierarchy from a parsed criteria document (or an inline ``criteria:`` list)."""
    data: Any = doc.data
    for key in base:
        data = data[key]
    try:
        if base:
            nodes = CriteriaSpec.model_validate(
                {"format": "citydip/criteria", "version": 1, "criteria": data}
            ).criteria
            return build_hierarchy(nodes, "Goal", doc, base)
        problems = _check_header(doc, "citydip/criteria")
        if problems:
            raise InputError(problems)
        spec = CriteriaSpec.model_validate(data)
    except ValidationError as exc:
        prefix = base[:-1] if base else ()
        raise InputError(schema_messages(exc, doc, prefix)) from exc
    return build_hierarchy(spec.criteria, spec.goal, doc, ("criteria",))


def load_criteria(path: Path) -> Hierarchy:
    """Read and check a criteria hierarchy file."""
    return parse_criteria(load_yaml(path))
