"""Reader of criteria hierarchies (``format: citydip/criteria``)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from mcda_citydip.errors import InputError
from mcda_citydip.files.spec import CriteriaSpec, NodeSpec, validated
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


def _frozen(texts: dict[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType(dict(texts))


def _scale(
    spec: NodeSpec, anchors: dict[int, str], inner: bool, doc: Located, path: PathKey
) -> tuple[RatingScale, list[str]]:
    """The node's declared scale (``anchors``, its ``scale:``) with its anchors per language
    (``scale_labels:``), and what is wrong with them."""
    at = doc.at((*path, "scale"))
    problems = []
    if inner:
        problems.append(
            f"{at}: '{spec.id}' has children, so it is not an indicator and is not "
            "rated; remove 'scale'"
        )
    problems.extend(f"{at}: {p}" for p in scale_problems(anchors))
    points = sorted(anchors)
    for lang, texts in spec.scale_labels.items():
        if sorted(texts) != points:
            missing = ", ".join(str(p) for p in points if p not in texts) or "none"
            extra = ", ".join(str(p) for p in sorted(texts) if p not in anchors) or "none"
            problems.append(
                f"{doc.at((*path, 'scale_labels', lang))}: the points must be those of "
                f"'scale' ({', '.join(map(str, points))}); missing: {missing}, not in the "
                f'scale: {extra}; give one text per point of the scale ("" for an '
                "unanchored one)"
            )
    labels = {
        lang: MappingProxyType(dict(sorted(texts.items())))
        for lang, texts in spec.scale_labels.items()
    }
    scale = RatingScale(
        MappingProxyType(dict(sorted(anchors.items()))), labels=MappingProxyType(labels)
    )
    return scale, problems


def build_hierarchy(spec: CriteriaSpec, doc: Located, base: PathKey) -> Hierarchy:
    """Turn a validated criteria spec into a :class:`Hierarchy`, reporting every problem.

    ``base`` is where the list of nodes (``spec.criteria``) sits in ``doc``.
    """
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
        inner = bool(children) or spec.children is not None
        if spec.children is not None and not spec.children:
            problems.append(
                f"{doc.at((*path, 'children'))}: node '{spec.id}' has an empty "
                "'children' list; add children or remove the key to make it a leaf"
            )
        if not inner and spec.direction is None:
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
            scale, wrong = _scale(spec, spec.scale, inner, doc, path)
            problems.extend(wrong)
        elif spec.scale_labels:
            problems.append(
                f"{doc.at((*path, 'scale_labels'))}: '{spec.id}' has no 'scale', so there "
                "are no points to label; add 'scale:' or remove 'scale_labels'"
            )
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
                labels=_frozen(spec.labels),
                scale=scale,
                descriptions=_frozen(spec.descriptions),
            ),
        )
        return spec.id

    top = tuple(add(node, (*base, i)) for i, node in enumerate(spec.criteria))
    if problems:
        raise InputError(problems)
    nodes[GOAL] = Node(
        id=GOAL,
        name=spec.goal,
        children=top,
        description=spec.description,
        labels=_frozen(spec.labels),
        descriptions=_frozen(spec.descriptions),
    )
    return Hierarchy(doc.source, MappingProxyType(nodes))


def parse_criteria(doc: Located, base: PathKey = ()) -> Hierarchy:
    """A hierarchy from a parsed criteria document (or an inline ``criteria:`` list)."""
    data: Any = doc.data
    for key in base:
        data = data[key]
    if base:
        whole = {"format": "citydip/criteria", "version": 1, "criteria": data}
        inline = validated(CriteriaSpec, whole, doc, base[:-1])
        return build_hierarchy(inline, doc, base)
    problems = _check_header(doc, "citydip/criteria")
    if problems:
        raise InputError(problems)
    spec = validated(CriteriaSpec, data, doc)
    return build_hierarchy(spec, doc, ("criteria",))


def load_criteria(path: Path) -> Hierarchy:
    """Read and check a criteria hierarchy file."""
    return parse_criteria(load_yaml(path))
