"""The small pieces every section is built of: escaped text, names, numbers that keep
their exact value, tables, figures and sections.

Every text that comes from a user's file (a city, an indicator, a note, an expert) goes
through :func:`esc` or :func:`name`; nothing else is ever pasted into the page. Every sentence
of the page is a translated template (:func:`~mcda_citydip.i18n._`) made HTML by
:func:`sentence`: the template escaped first, then its fields (ready HTML) put in, so that no
translation can ever open a tag; numbers in prose go through :func:`numeral` (the digits of
``--digits``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from mcda_citydip.i18n import _, shown_number

if TYPE_CHECKING:
    from mcda_citydip.report.figures import Figure


def esc(text: object) -> str:
    """``text`` as inert HTML (``<``, ``>``, ``&`` and both quotes escaped)."""
    return html.escape(str(text), quote=True)


def sentence(template: str, /, **fields: str) -> str:
    """A translated ``template`` as HTML: its own characters escaped (``&``, ``<``, ``>``;
    text between tags needs no quote escaped), then its ``{fields}`` put in as they are:
    ready HTML (:func:`name`, :func:`esc`, :func:`numeral`). Escaping never touches braces,
    so the fields are the only markup a sentence can hold."""
    return html.escape(template, quote=False).format(**fields)


def numeral(value: float, spec: str = "") -> str:
    """A number in prose, formatted by ``spec`` (``","``, ``".0%"``, ``"g"``), in the digits
    of ``--digits``."""
    return shown_number(format(value, spec))


def listed(items: Iterable[str]) -> str:
    """Ready HTML items joined by the language's comma (``a, b``; ``a، b`` in Persian)."""
    return _(", ").join(items)


def and_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (items are ready HTML), in the current language."""
    if len(items) == 1:
        return items[0]
    return sentence(_("{items} and {last}"), items=listed(items[:-1]), last=items[-1])


def clauses(parts: Iterable[str]) -> str:
    """Ready HTML clauses of one sentence joined by the language's semicolon (``; ``)."""
    return _("; ").join(parts)


def name(text: str) -> str:
    """A name from the user's files, isolated so that a right-to-left (Persian) name never
    reorders the sentence around it."""
    return f"<bdi>{esc(text)}</bdi>"


def city(alternative: str, shown: Mapping[str, str]) -> str:
    """An alternative with its name in the current language when it has one that differs:
    ``<bdi>بوشهر</bdi> (<bdi>Bushehr</bdi>)``; its id alone otherwise."""
    local = shown.get(alternative)
    return (
        name(alternative)
        if not local or local == alternative
        else (f"{name(local)} ({name(alternative)})")
    )


def names(items: Iterable[str], empty: str | None = None) -> str:
    """Names joined by commas (``empty``, else "none", when there are none)."""
    shown = [name(i) for i in items]
    return listed(shown) if shown else esc(_("none") if empty is None else empty)


def share(value: float) -> str:
    """A share as a percentage with one decimal: ``14.7%`` (``۱۴٫۷٪`` with ``--digits fa``)."""
    return shown_number(f"{value:.1%}")


def fixed(value: float | None, digits: int = 4) -> str:
    """A number rounded for display (``–`` for none), in the digits of ``--digits``."""
    return "–" if value is None else shown_number(f"{value:.{digits}f}")


def cell(text: str, classes: str = "") -> str:
    """A table cell holding ready HTML."""
    return f'<td class="{classes}">{text}</td>' if classes else f"<td>{text}</td>"


def number(value: Any, shown: str, key: str = "") -> str:
    """A number cell: rounded for reading, its exact value (JSON) in ``data-value``."""
    exact = esc(json.dumps(value, allow_nan=False))
    keyed = f' data-key="{esc(key)}"' if key else ""
    return f'<td class="num" data-value="{exact}"{keyed}>{esc(shown_number(shown))}</td>'


class Head(Struct, frozen=True):
    """A column heading (ready HTML) and whether its column holds numbers."""

    html: str
    numeric: bool = False


def table(
    heads: Sequence[Head | str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    classes: str = "",
    row_attributes: Sequence[str] | None = None,
    note: str = "",
) -> str:
    """A table in a horizontally scrolling wrapper: ``heads`` (plain strings are escaped),
    ``rows`` of ready cells (``<td>…</td>``), an optional caption and a note below it (both
    ready HTML; a note does not make a narrow table's column of text)."""
    ths = []
    for head in heads:
        found = head if isinstance(head, Head) else Head(esc(head))
        ths.append(
            f'<th class="num">{found.html}</th>' if found.numeric else f"<th>{found.html}</th>"
        )
    body = []
    for k, row in enumerate(rows):
        extra = f" {row_attributes[k]}" if row_attributes and row_attributes[k] else ""
        body.append(f"<tr{extra}>{''.join(row)}</tr>")
    shown_caption = f"<caption>{caption}</caption>" if caption else ""
    klass = f' class="{classes}"' if classes else ""
    return (
        f'<div class="scroll"><table{klass}>{shown_caption}<thead><tr>{"".join(ths)}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table>"
        + (f'<p class="note">{note}</p>' if note else "")
        + "</div>"
    )


def figure(found: Figure | None, missing: str = "") -> str:
    """A figure: its inline SVG as an image with alt text, and its caption."""
    if found is None:
        return f'<p class="note">{missing}</p>' if missing else ""
    return (
        f'<figure><div class="svg" role="img" aria-label="{esc(found.alt)}">{found.svg}</div>'
        f"<figcaption>{esc(found.caption)}</figcaption></figure>"
    )


def subheading(text: str) -> str:
    """A heading inside a section (``text`` is escaped)."""
    return f"<h3>{esc(text)}</h3>"


def paragraph(text: str, classes: str = "") -> str:
    return f'<p class="{classes}">{text}</p>' if classes else f"<p>{text}</p>"


def bullet_list(items: Iterable[str], classes: str = "") -> str:
    """A list of ready HTML items (nothing when there are none)."""
    shown = "".join(f"<li>{item}</li>" for item in items)
    if not shown:
        return ""
    return f'<ul class="{classes}">{shown}</ul>' if classes else f"<ul>{shown}</ul>"


def definitions(pairs: Iterable[tuple[str, str]]) -> str:
    """A definition list of (term, ready HTML) pairs; terms are escaped."""
    return "<dl>" + "".join(f"<dt>{esc(t)}</dt><dd>{d}</dd>" for t, d in pairs) + "</dl>"


class Section(Struct, frozen=True):
    """One numbered section of the report: its id (the anchor), title, one-line takeaway
    (ready HTML, computed from the results) and body (ready HTML)."""

    id: str
    title: str
    takeaway: str
    body: str

    def render(self, number: int) -> str:
        return (
            f'<section id="{self.id}"><h2>{shown_number(str(number))}. {esc(self.title)}</h2>'
            f'<p class="takeaway">{self.takeaway}</p>{self.body}</section>'
        )
