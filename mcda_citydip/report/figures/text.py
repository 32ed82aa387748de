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
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from mcda_citydip.i18n import has_arabic_script

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
LTR_MARK = "\u200e"  # a left-to-right line for the layout engine (invisible)


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
    beside it); by default the first strong character decides, as in a text editor."""
    if not has_arabic_script(text) or PRESENTATION_FORMS.search(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines = text.split("\n")
    return "\n".join(str(get_display(arabic_reshaper.reshape(x), base_dir=base)) for x in lines)


def drawn(text: str, base: str | None = None) -> str:
    """``text`` as matplotlib must be given it to draw it right: as typed where matplotlib
    shapes (a left-to-right mark in front for ``base="L"``), else :func:`visual`."""
    if not has_arabic_script(text):
        return text
    if matplotlib_shapes():
        return LTR_MARK + text if base == "L" and not text.startswith(LTR_MARK) else text
    return visual(text, base)


def shape_figure(figure: MplFigure) -> None:
    """Every text of ``figure`` (titles, labels, ticks, legends, annotations) through
    :func:`drawn` (nothing to do where matplotlib shapes). Fixed tick labels are reshaped in
    their formatter, which makes them anew at each draw."""
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
