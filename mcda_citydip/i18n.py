"""The message catalogue: every user-facing string of the translated modules goes through
:func:`_` (or :func:`ngettext`), so that adding a language is adding a catalogue file.

Catalogues are GNU gettext files shipped in the package, read with the standard library's
:mod:`gettext`: ``locale/<lang>/LC_MESSAGES/citydip.po`` (the source, edited by translators)
and ``citydip.mo`` (compiled). Babel extracts and compiles them (``locale/README.md``).
English is the source language: it needs no catalogue.

The language and the digits shown are the CLI's locale, like gettext's own: module state,
kept in one place (:data:`_state`), set by :func:`set_language` and :func:`set_digits`
(the CLI's ``--lang`` and ``--digits``) and put back by :func:`reset`. Digits are a matter of
display only: :func:`shown_number` is for the terminal, never for JSON, CSV or saved files.
"""

from __future__ import annotations

import gettext
import os
import re
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from mcda_citydip.model import Node, RatingScale

DOMAIN = "citydip"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages of the user-facing text: English (the source) and those with a catalogue.
Language = Literal["en", "fa"]
LANGUAGES: tuple[str, ...] = get_args(Language)
#: How numbers are shown: Latin digits, or Persian (Extended Arabic-Indic) digits.
DIGITS = ("latin", "fa")
#: The environment variable naming the language when ``--lang`` is not given.
ENV_VAR = "CITYDIP_LANG"
SOURCE_LANGUAGE = "en"

_PERSIAN_DIGITS = str.maketrans("0123456789.%", "۰۱۲۳۴۵۶۷۸۹٫٪")  # ٫ decimal separator, ٪ percent


class _Locale:
    """The language and digits of this process's text now: mutable state, not a record (a
    plain class, so that the command line starts without msgspec)."""

    __slots__ = ("digits", "language", "translations")

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self.digits = "latin"
        self.translations = gettext.NullTranslations()


_state = _Locale()


@cache
def _catalogue(code: str) -> gettext.NullTranslations:
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])


def set_language(code: str) -> None:
    """Show the user-facing text in ``code`` (one of :data:`LANGUAGES`)."""
    if code not in LANGUAGES:
        from mcda_citydip.errors import MethodError

        raise MethodError(
            f"language: unknown language '{code}'; use {' or '.join(LANGUAGES)}",
            parameter="language",
        )
    _state.language, _state.translations = code, _catalogue(code)


def language() -> str:
    """The language of the user-facing text now."""
    return _state.language


def set_digits(kind: str) -> None:
    """Show numbers with ``kind`` digits (one of :data:`DIGITS`), on the terminal only."""
    if kind not in DIGITS:
        from mcda_citydip.errors import MethodError

        raise MethodError(
            f"digits: unknown digits '{kind}'; use {' or '.join(DIGITS)}", parameter="digits"
        )
    _state.digits = kind


def reset() -> None:
    """Back to English and Latin digits (for tests, and for a library caller)."""
    _state.language, _state.digits = SOURCE_LANGUAGE, "latin"
    _state.translations = _catalogue(SOURCE_LANGUAGE)


def resolve_language(option: str | None, scenario_language: str | None) -> str:
    """The language to use: ``--lang``, else the ``CITYDIP_LANG`` environment variable, else
    the scenario's ``language:``, else English."""
    return str(option or os.environ.get(ENV_VAR) or scenario_language or SOURCE_LANGUAGE)


def _(message: str) -> str:
    """``message`` in the current language (itself in English or when untranslated)."""
    return _state.translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for ``count``, in the current language."""
    return _state.translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (module constants);
    translate it with :func:`_` where it is shown."""
    return message


def shown_number(text: str) -> str:
    """A number as displayed: with ``--digits fa``, Persian digits ``۰``–``۹``, the decimal
    separator ``٫`` and the percent sign ``٪``; else unchanged. For the terminal only, never
    for JSON, CSV or files."""
    return text.translate(_PERSIAN_DIGITS) if _state.digits == "fa" else text


def node_name(node: Node) -> str:
    """A node's name in the current language: its label there, else its name."""
    return node.name_in(_state.language)


def node_description(node: Node) -> str:
    """A node's description in the current language, else its description."""
    return node.description_in(_state.language)


def anchor_text(scale: RatingScale, point: int) -> str:
    """What a point of a rating scale means in the current language: the scale's own anchor
    in that language, else its anchor; a default scale's anchors come from the catalogue
    (:data:`mcda_citydip.elicit.rating_console.DEFAULT_ANCHORS`)."""
    anchor = scale.anchor_in(point, _state.language) if point in scale.anchors else ""
    return anchor if scale.declared or not anchor else _(anchor)


#: Arabic, Arabic Supplement and Extended-A, and the presentation forms (not U+FEFF, the BOM).
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds a Persian (Arabic-script) letter, digit or sign."""
    return ARABIC_SCRIPT.search(text) is not None


class Message(str):
    """A sentence the library says (a note, a summary line): its value is the English text,
    so JSON, CSV and comparisons see English; :func:`translated` shows it in the current
    language where it is displayed.

    ``Message(N_("{city} ties with {other}"), city=a, other=b)``: the template is marked for
    the catalogue with :func:`N_` where it is written; a count is
    ``Message.counted(n, "{count} city", "{count} cities")`` (extracted as a plural by the
    keyword ``counted:2,3``, no ``N_`` needed). A field may itself be a :class:`Message`
    (translated too); a number field is shown in the digits of ``--digits``; any other
    field (a name, an id) is shown as it is.
    """

    template: str
    fields: dict[str, object]
    plural: str | None

    def __new__(cls, template: str, /, **fields: object) -> Message:
        made = super().__new__(cls, template.format(**fields))
        made.template, made.fields, made.plural = template, dict(fields), None
        return made

    @classmethod
    def counted(cls, count: int, singular: str, plural: str, /, **fields: object) -> Message:
        """The singular or plural sentence for ``count`` (``count`` is among the fields)."""
        made = cls(singular if count == 1 else plural, count=count, **fields)
        made.template, made.plural = singular, plural
        return made

    def in_language(self) -> str:
        """The template in the current language (the plural form for a count)."""
        if self.plural is None:
            return _(self.template)
        count = self.fields["count"]
        assert isinstance(count, int)
        return ngettext(self.template, self.plural, count)

    def __reduce__(self) -> tuple[object, ...]:  # pickled whole (Dask workers send notes)
        return (_restore, (self.template, self.plural, self.fields))


def _restore(template: str, plural: str | None, fields: dict[str, object]) -> Message:
    if plural is None:
        return Message(template, **fields)
    count = fields.pop("count")
    assert isinstance(count, int)
    return Message.counted(count, template, plural, **fields)


class _Shown(string.Formatter):
    """Formats a translated template: numbers in the digits shown, messages translated."""

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Message):
            return format(translated(value), format_spec)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return shown_number(format(value, format_spec))
        return format(value, format_spec)


def translated(text: str) -> str:
    """``text`` as shown in the current language: a :class:`Message` translated through the
    catalogue (its numbers in the digits shown); any other text unchanged."""
    if not isinstance(text, Message):
        return text
    return _Shown().format(text.in_language(), **text.fields)
