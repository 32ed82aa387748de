"""Numbers as users type them: Latin, Persian or Arabic-Indic digits, decided once for
every reader (data cells, judgments, questionnaires, prompts).

Persian digits ۰–۹ (U+06F0–U+06F9) and Arabic-Indic digits ٠–٩ (U+0660–U+0669) stand for
0–9, the Arabic decimal separator ٫ (U+066B) for ``.`` and the minus sign − (U+2212) for
``-``; one number may mix them (``۳.5``). The Arabic thousands separator ٬ (U+066C) is
not accepted: in a data cell it is too easily read as a decimal point. Any other digit
(Devanagari ४, full-width ３, …), which Python's ``float`` would take silently, makes the
text "not a number".
"""

from __future__ import annotations

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
DECIMAL_SEPARATOR = "\u066b"  # ٫
THOUSANDS_SEPARATOR = "\u066c"  # ٬
_LATIN = str.maketrans(
    {
        **{digit: str(k) for k, digit in enumerate(PERSIAN_DIGITS)},
        **{digit: str(k) for k, digit in enumerate(ARABIC_INDIC_DIGITS)},
        DECIMAL_SEPARATOR: ".",
        "\u2212": "-",
    }
)


def latin_digits(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits as 0–9, ٫ as ``.`` and − as ``-``;
    every other character (٬ included) is kept as it is."""
    return text.translate(_LATIN)


def parse_number(text: str) -> float | None:
    """``text`` as a float (surrounding spaces ignored), ``None`` when it is not a number.

    NaN and infinities (``nan``, ``inf``, ``1e999``) are numbers here: the caller decides
    whether it takes them.
    """
    latin = (text if text.isascii() else latin_digits(text)).strip()  # ASCII: nothing to map
    if not latin.isascii():  # another script's digits: float() would take them
        return None
    try:
        return float(latin)
    except ValueError:
        return None


def number_hint(text: str) -> str:
    """A note for a "not a number" message when ``text`` holds the thousands separator ٬,
    else ``""``."""
    if THOUSANDS_SEPARATOR not in text:
        return ""
    return (
        f" ({THOUSANDS_SEPARATOR} separates thousands: leave it out; "
        f"write {DECIMAL_SEPARATOR} or . for a decimal point)"
    )
