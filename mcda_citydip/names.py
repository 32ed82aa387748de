"""Alternatives' names in other languages (``name_fa`` columns, inline ``names: {fa: …}``).

An alternative's id never changes: it is the key of every file, JSON and CSV export. A name in a
language is for display only; where a language has no name for an alternative, its id is shown,
so a city never silently shows another city's (or a guessed) name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mcda_citydip.files.text import text_problem
from mcda_citydip.model import Problem

NAME_COLUMN = re.compile(r"name_([a-z]{2,3})")
"""A column of the alternatives table holding names in one language (``name_fa``, ``name_en``)."""

Names = Mapping[str, Mapping[str, str]]  # language → alternative id → name


def name_language(column: str) -> str | None:
    """The language code of a name column (``name_fa`` → ``fa``), ``None`` for another column."""
    found = NAME_COLUMN.fullmatch(column)
    return found.group(1) if found else None


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be an alternative's name (one printable line), or ``None``."""
    if any(c in "\n\r\t" for c in text):
        return "holds a line break or tab; write the name on one line"
    return text_problem(text)


def alternative_name(source: Problem | Names, alternative: str, lang: str) -> str:
    """The alternative's name in ``lang``, else its id."""
    names = source.names if isinstance(source, Problem) else source
    return names.get(lang, {}).get(alternative) or alternative


def labelled(source: Problem | Names, alternative: str, lang: str) -> str:
    """The name in ``lang`` with the id kept when they differ (``بوشهر (Bushehr)``), else the id."""
    return with_id(alternative, alternative_name(source, alternative, lang))


def with_id(alternative: str, name: str | None) -> str:
    """``name (id)`` when a name is given and differs from the id, else the id."""
    return f"{name} ({alternative})" if name and name != alternative else alternative


def shown_names(source: Problem | Names | None) -> Mapping[str, str]:
    """Alternative → name in the current display language (:func:`mcda_citydip.i18n.language`);
    empty when there are none."""
    from mcda_citydip.i18n import language

    if source is None:
        return {}
    names = source.names if isinstance(source, Problem) else source
    return names.get(language(), {})
