"""The criteria file of a new study: the packaged 32-indicator hierarchy as it is, or the subset
of it that ``--indicators`` names (those indicators under their dimensions, nothing else)."""

from __future__ import annotations

import difflib
import io
import textwrap
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from msgspec import Struct

from mcda_citydip.errors import InputError
from mcda_citydip.files.text import clipped

PACKAGED_NAME = "city-diplomacy.yaml"


def packaged_criteria() -> Path:
    """The packaged hierarchy (the default scenario's criteria file)."""
    return Path(str(files("mcda_citydip") / "default" / PACKAGED_NAME))


class Criteria(Struct, frozen=True):
    """A criteria file's text and its indicators (leaf ids), in the hierarchy's order."""

    text: str
    leaves: tuple[str, ...]
    dimensions: int
    subset: bool


def study_criteria(named: Sequence[str] | None, packaged: str) -> Criteria:
    """The packaged text as it is (``named`` is ``None``), or a subset of it: the named
    indicators (a dimension's id names all its indicators) under their dimensions."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(packaged)
    tree = {dim["id"]: [leaf["id"] for leaf in dim["children"]] for dim in document["criteria"]}
    every = tuple(leaf for leaves in tree.values() for leaf in leaves)
    if named is None:
        return Criteria(packaged, every, len(tree), subset=False)
    kept = _chosen(named, tree)
    _keep_only(document["criteria"], kept)
    written = io.StringIO()
    yaml.dump(document, written)
    chosen = tuple(leaf for leaf in every if leaf in kept)
    note = textwrap.wrap(
        f"SUBSET written by citydip init: {len(chosen)} of the {len(every)} indicators of the "
        f"packaged hierarchy ({', '.join(chosen)}), under their dimensions. The text below is "
        "the packaged file's (its comments speak of the whole hierarchy).",
        width=94,
    )
    header = "".join(f"# {line}\n" for line in note) + "#\n"
    dimensions = sum(any(leaf in kept for leaf in leaves) for leaves in tree.values())
    return Criteria(header + written.getvalue(), chosen, dimensions, subset=True)


def _chosen(named: Sequence[str], tree: dict[str, list[str]]) -> set[str]:
    """The indicator ids ``--indicators`` names (case-insensitive; a dimension: all of its)."""
    ids = {leaf.upper(): leaf for leaves in tree.values() for leaf in leaves}
    dims = {dim.upper(): dim for dim in tree}
    kept: set[str] = set()
    problems = []
    for name in named:
        key = name.strip().upper()
        if key in ids:
            kept.add(ids[key])
        elif key in dims:
            kept.update(tree[dims[key]])
        else:
            close = difflib.get_close_matches(key, [*ids, *dims], n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(close)}?" if close else "see 'citydip criteria'"
            problems.append(
                f"indicators: '{clipped(name)}' is not an indicator or dimension of "
                f"{PACKAGED_NAME}; {hint}"
            )
    if problems:
        raise InputError(problems, parameter="indicators")
    return kept


def _keep_only(dimensions: Any, kept: set[str]) -> None:
    """Delete (in place) the indicators not kept, and the dimensions left without one."""
    for i in reversed(range(len(dimensions))):
        children = dimensions[i]["children"]
        for j in reversed(range(len(children))):
            if children[j]["id"] not in kept:
                del children[j]
        if not children:
            del dimensions[i]
