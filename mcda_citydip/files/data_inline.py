"""The decision matrix written inline in the scenario (``alternatives: {A1: {...}}``).

Each alternative is a mapping of indicator id to value, with optional display names under
``names: {fa: …}``; the rows are checked as a table's are
(:func:`mcda_citydip.files.data.build_problem`), every problem located in the scenario.
"""

from __future__ import annotations

from typing import Any

from mcda_citydip.errors import InputError
from mcda_citydip.files.data import TableOptions, build_problem
from mcda_citydip.files.text import clipped
from mcda_citydip.files.yamlio import Located
from mcda_citydip.model import Hierarchy, Problem
from mcda_citydip.names import name_language


def inline_alternatives(
    doc: Located, hierarchy: Hierarchy, options: TableOptions | None = None
) -> Problem:
    """The decision matrix written inline in the scenario (``alternatives: {A1: {...}}``)."""
    table: dict[str, Any] = doc.data["alternatives"]
    leaves = hierarchy.leaves
    problems = []
    name_columns = sorted({column for values in table.values() for column in _inline_names(values)})
    for name, values in table.items():
        for key in values:
            if key == "names":
                problems.extend(_inline_name_problems(doc, name, values[key]))
            elif key not in leaves and key not in (options.attributes if options else ()):
                problems.append(
                    f"{doc.at(('alternatives', name, key))}: '{key}' is not an "
                    "indicator of the hierarchy; use an indicator id"
                )
    if problems:
        raise InputError(problems)
    header = ["id", *leaves, *(options.attributes if options else ())]
    header += name_columns
    rows = [
        [name, *(values.get(key, "") for key in header[1:])]
        for name, values in ((n, {**v, **_inline_names(v)}) for n, v in table.items())
    ]
    names = list(table)

    def cell(i: int, j: int) -> str:
        lang = name_language(header[j]) if j else None
        key = ("names", lang) if lang and lang not in leaves else (header[j],)
        return doc.at(("alternatives", names[i], *key) if j else ("alternatives", names[i]))

    return build_problem(hierarchy, header, rows, doc.source + " (alternatives)", cell, options)


def _inline_names(values: Any) -> dict[str, Any]:
    """An inline alternative's ``names: {fa: …}`` as ``{"name_fa": …}`` (nothing when bad)."""
    names = values.get("names") if isinstance(values, dict) else None
    if not isinstance(names, dict):
        return {}
    return {
        f"name_{k}": v
        for k, v in names.items()
        if isinstance(k, str) and name_language(f"name_{k}")
    }


def _inline_name_problems(doc: Located, alternative: str, names: Any) -> list[str]:
    where = ("alternatives", alternative, "names")
    if not isinstance(names, dict):
        return [f"{doc.at(where)}: write the names as a mapping of language to name ({{fa: …}})"]
    return [
        f"{doc.at((*where, str(lang)))}: '{clipped(str(lang))}' is not a language code; use "
        "a two- or three-letter code such as fa or en"
        for lang in names
        if not (isinstance(lang, str) and name_language(f"name_{lang}"))
    ]
