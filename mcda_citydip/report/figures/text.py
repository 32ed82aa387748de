"""Persian (Arabic-script) text in the figures: joined letters, right-to-left order.

matplotlib 3.11 lays text out with libraqm (``matplotlib.ft2font.__libraqm_version__``):
it shapes Arabic script and applies the bidirectional algorithm itself, so Persian text is
passed to it as typed. Older matplotlib draws characters one by one, left to right, with no
shaping: Persian would come out as isolated letters in reverse order. For it :func:`visual`
does what a text engine would: each letter in its joined form (``arabic_reshaper.reshape``:
the Arabic Presentation Forms, U+FB50–U+FEFF, which DejaVu Sans has) and the characters in
visual order (``bidi.algorithm.get_display``: python-bidi's implementation that also mirrors
brackets, so ``(`` inside Persian text opens the right way). :func:`drawn` picks one of the
two; :func:`shape_figure` applies it to every text of a figure just before it is written,
so no label, title, tick, legend or annotation is missed.

A line's direction is that of its first strong character, unless a mark says otherwise: a
phrase of the current language (a title, an axis label, a legend entry, a note) is laid out
right to left in Persian (:func:`phrase`), so that an id or a city name inside a Persian
sentence keeps its place (``Dubai نخست می‌ماند`` reads subject first).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from mcda_citydip.i18n import has_arabic_script, language, shown_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
LTR_MARK = "\u200e"  # a left-to-right line for the layout engine (invisible)
RTL_MARK = "\u200f"  # a right-to-left line (invisible)
MARKS = {"L": LTR_MARK, "R": RTL_MARK}
#: The languages written right to left.
RTL_LANGUAGES = frozenset({"fa"})


@cache
def matplotlib_shapes() -> bool:
    """Whether matplotlib lays out complex text itself (built with libraqm: 3.11 and later)."""
    from matplotlib import ft2font

    return bool(getattr(ft2font, "__libraqm_version__", ""))


def visual(text: str, base: str | None = None) -> str:
    """``text`` reshaped and in visual order, line by line, for a renderer that draws
    characters left to right unshaped; text without Arabic script, or already holding
    presentation forms, unchanged (so that it is never reversed twice). ``base``: ``"L"``
    keeps a left-to-right line (``2. دوحه`` with its rank on the left, as the Latin labels
    beside it), ``"R"`` a right-to-left one; by default the first strong character decides,
    as in a text editor."""
    if not has_arabic_script(text) or PRESENTATION_FORMS.search(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines = text.split("\n")
    return "\n".join(str(get_display(arabic_reshaper.reshape(x), base_dir=base)) for x in lines)


def drawn(text: str, base: str | None = None) -> str:
    """``text`` as matplotlib must be given it to draw it right: as typed where matplotlib
    shapes (with ``base`` ``"L"`` or ``"R"``, a left-to-right or right-to-left mark in front
    of each line), else :func:`visual`."""
    if not has_arabic_script(text):
        return text
    if matplotlib_shapes():
        mark = MARKS.get(base or "")
        if mark is None:
            return text
        lines = text.split("\n")
        return "\n".join(x if x.startswith(mark) else mark + x for x in lines)
    return visual(text, base)


def phrase(text: str) -> str:
    """A phrase of the current language (a title, a label, a legend entry, an annotation)
    as matplotlib must be given it: right to left in a right-to-left language, else as
    :func:`drawn` draws it (the first strong character decides)."""
    return drawn(text, "R" if language() in RTL_LANGUAGES else None)


def shape_figure(figure: MplFigure) -> None:
    """Every text of ``figure`` (titles, labels, ticks, legends, annotations) through
    :func:`drawn` (nothing to do where matplotlib shapes). Fixed tick labels are reshaped in
    their formatter, which makes them anew at each draw; matplotlib's own numeric ticks are
    written in the digits shown (:func:`shown_ticks`)."""
    shown_ticks(figure)
    if matplotlib_shapes():
        return
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter

    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                formatter.seq = [drawn(str(label)) for label in formatter.seq]
    for artist in figure.findobj(Text):
        if isinstance(artist, Text):
            text = artist.get_text()
            if (shaped := drawn(text)) != text:
                artist.set_text(shaped)


def shown_ticks(figure: MplFigure) -> None:
    """Tick labels matplotlib formats itself (a ``ScalarFormatter``), and its offset text,
    in the digits shown (``--digits fa``: ``۰``–``۹`` and ``٫``); the ticks the figures
    format already are."""
    if shown_number("0.1") == "0.1":  # Latin digits: nothing to change
        return
    from matplotlib.ticker import ScalarFormatter

    class ShownScalarFormatter(ScalarFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return shown_number(super().__call__(x, pos))

        def get_offset(self) -> str:
            """The axis's offset or scale (``1e6``, ``+2.5``) in the digits shown too;
            one written in mathtext (``$\\times10^{6}$``) is left as matplotlib draws it."""
            offset: str = super().get_offset()
            return offset if "$" in offset else shown_number(offset)

    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(ShownScalarFormatter())
