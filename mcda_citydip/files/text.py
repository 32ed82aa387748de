"""What an id or a name may contain, decided once for every reader.

An *id* (a node or indicator id, an alternative id, an expert's name, a column header) is
shown in terminals, written into spreadsheets and used in file names, so it may hold any
printable Unicode text, Persian letters and the zero-width non-joiner included, but no
control character (C0, DEL, C1: an escape sequence would drive the user's terminal and a
spreadsheet refuses the cell) and no bidirectional embedding, override or isolate control
(which can make an id read as another). A *text* (a name, a description, a label) may also
hold line breaks and tabs.
"""

from __future__ import annotations

import re

#: What an id may not hold: Unicode's control characters (category Cc: C0, DEL and C1), lone
#: surrogates (Cs) and the bidirectional embeddings, overrides and isolates (the tests check
#: the pattern against the categories on every code point).
NOT_IN_ID = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
#: What a text may not hold: the same, but tabs and line breaks (``\t \n \r``).
NOT_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``), for messages."""
    return NOT_IN_ID.sub(lambda found: _escaped(found.group()), text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def clipped(text: str, width: int = 60) -> str:
    """``text`` for a message: control characters escaped, at most ``width`` characters."""
    text = shown(text)
    return text if len(text) <= width else f"{text[: width - 12]}…({len(text)} chars)"


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an id, or ``None`` when it can."""
    bad = NOT_IN_ID.findall(text)
    if bad:
        listed = ", ".join(dict.fromkeys(shown(c) for c in bad))
        return (
            f"'{shown(text)}' contains a control character ({listed}); ids may hold "
            "letters, digits, spaces and punctuation only: retype it"
        )
    return None


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name or description, or ``None`` when it can."""
    bad = NOT_IN_TEXT.findall(text)
    if bad:
        listed = ", ".join(dict.fromkeys(shown(c) for c in bad))
        return f"contains a control character ({listed}); remove it or retype the text"
    return None


def check_id(text: str) -> str:
    """A pydantic validator: ``text`` as it is, or a ``ValueError`` saying why not."""
    problem = id_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def check_text(text: str) -> str:
    """A pydantic validator for names and descriptions (line breaks and tabs allowed)."""
    problem = text_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def check_expert_name(name: str, where: str | None = None) -> str:
    """An expert's name as typed, or one clear error: an argument ``expert`` (the
    error's ``parameter``), or what ``where`` names (a workbook cell)."""
    from mcda_citydip.errors import InputError

    parameter = "expert" if where is None else None
    where = where or "expert"
    if not name.strip():
        raise InputError(
            f"{where}: the expert's name is empty; give the expert's name", parameter=parameter
        )
    problem = id_problem(name)
    if problem:
        raise InputError(f"{where}: {problem}", parameter=parameter)
    return name


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
"""A language code, BCP 47 simplified: ``fa``, ``en``, ``ar``, ``fa-IR``."""


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a language code, or ``None`` when it is."""
    if LANGUAGE_CODE.fullmatch(code):
        return None
    return (
        f"'{shown(code)}' is not a language code; use a lowercase code of 2 or 3 letters, "
        "optionally with a region: fa, en, ar, fa-IR"
    )
