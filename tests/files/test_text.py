"""files/text.py: the patterns of what ids and texts may not hold say what the rule says."""

from __future__ import annotations

import sys
import unicodedata

from mcda_citydip.files.text import NOT_IN_ID, NOT_IN_TEXT, id_problem, shown

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _forbidden(char: str, breaks_allowed: bool) -> bool:
    """The rule as files/text.py's module notes state it, by Unicode category."""
    if breaks_allowed and char in "\n\t\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


def test_the_patterns_refuse_exactly_what_the_rule_refuses_on_every_code_point() -> None:
    """Every one of the 1,114,112 code points, surrogates included."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (NOT_IN_ID.search(char) is not None) == _forbidden(char, False), hex(code)
        assert (NOT_IN_TEXT.search(char) is not None) == _forbidden(char, True), hex(code)


def test_a_clean_text_is_left_as_it_is_and_a_control_character_is_still_found() -> None:
    assert shown("Bandar Abbas بندرعباس\u200c") == "Bandar Abbas بندرعباس\u200c"
    assert shown("a\x1bb") == "a\\x1bb"
    assert id_problem("تهران") is None
    problem = id_problem("a\u202eb")
    assert problem is not None and "\\u202e" in problem
