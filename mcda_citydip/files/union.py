"""The urban union of a scenario (``union:``): its members, listed inline or read from a
file, and the status of every alternative (member, former, expelled or candidate).

Read by :func:`mcda_citydip.files.scenario.load_scenario`, which collects the problems.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import MappingProxyType

from mcda_citydip.errors import InputError
from mcda_citydip.files.spec import UnionSpec
from mcda_citydip.files.text import clipped, id_problem
from mcda_citydip.files.yamlio import Located, read_text
from mcda_citydip.model import CANDIDATE, EXPELLED, FORMER, MEMBER, Problem, UrbanUnion


def _member_ids(spec: UnionSpec, base: Path) -> list[str]:
    """The members listed inline, or read from a file (one id per line, or the first column
    of a CSV; ``#`` comments and a header ``id`` are skipped)."""
    if not isinstance(spec.members, str):
        return list(spec.members)
    path = base / spec.members
    lines = read_text(path).splitlines()
    rows = csv.reader(line for line in lines if line.strip() and not line.startswith("#"))
    ids = [row[0].strip() for row in rows if row and row[0].strip()]
    if ids and ids[0].lower() in ("id", "city", "member", "name"):
        ids = ids[1:]
    problems = [f"{path}, member '{clipped(i)}': {p}" for i in ids if (p := id_problem(i))]
    if problems:
        raise InputError(problems)
    return ids


def _union(union: UnionSpec, doc: Located, base: Path, problem: Problem | None) -> UrbanUnion:
    """The union of the scenario and the status of every alternative in it."""
    members = _member_ids(union, base)
    lists = {MEMBER: members, FORMER: union.former, EXPELLED: union.expelled}
    seen: dict[str, str] = {}
    problems = []
    for kind, ids in lists.items():
        for name in ids:
            if name in seen and seen[name] != kind:
                problems.append(
                    f"{doc.at(('union',))}: '{name}' is listed as {seen[name]} and as {kind}; "
                    "give each city one status"
                )
            seen.setdefault(name, kind)
    if problems:
        raise InputError(problems)
    names = problem.alternatives if problem is not None else ()
    status = {name: seen.get(name, CANDIDATE) for name in names}
    return UrbanUnion(union.name, MappingProxyType(status))
