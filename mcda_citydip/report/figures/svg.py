"""What every figure shares: the :class:`Figure` result, the palette, and the step from a
matplotlib figure to one self-contained inline ``<svg>`` element.

matplotlib is imported inside the functions only (importing this module stays cheap), and
every rcParam is set through ``matplotlib.rc_context``, so the global state is untouched.
Figures are made with ``matplotlib.figure.Figure`` directly: no pyplot, no backend switch.

Persian text is shaped and put in visual order before writing (:mod:`.text`). Inline SVG,
as written here: text as paths (``svg.fonttype: path``, so no font is needed);
no XML declaration, DOCTYPE, metadata or namespace declaration (the HTML parser gives inline
SVG its namespace; ``xlink:href`` becomes SVG 2's ``href``); ``width="100%"`` and a
``viewBox`` so that it scales; every id prefixed with a slug made of the figure's kind and a
hash of its content, so that several figures can sit in one page. Output is byte-identical
for the same input (``svg.hashsalt`` fixed, no date).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from mcda_citydip.i18n import N_, _, shown_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.typing import RcKeyType


class Figure(Struct, frozen=True):
    """One figure for the HTML report: an inline ``<svg>`` element, its alt text (what it
    shows, with its key numbers) and a one-line caption for ``<figcaption>``."""

    svg: str
    alt: str
    caption: str


#: Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and
#: presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
#: The eight colours, ordered for categories (blue, orange, bluish green, vermillion, sky
#: blue, reddish purple, yellow, black): yellow and black come last, being the hardest to
#: read as a thin mark and the heaviest as an area.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
#: Sequential colour map for ranks (rank 1 darkest): cividis, designed to read the same
#: with colour-vision deficiency (Nuñez, Anderton & Renslow 2018, PLoS ONE 13(7)).
RANK_COLOURS = "cividis"
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
TEXT_GREY = "#555555"

WIDTH_CM = 16.5  # an A4 page's text width
CM = 1 / 2.54
FONT_PT = 9.0  # ≥ 8 pt printed at the A4 width
MAX_LABEL = 42  # characters of a name on an axis before it is cut with an ellipsis
WRAP = 95  # characters per line of a note under a figure (the A4 width at 8 pt)

RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "path",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same glyphs everywhere
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT + 1,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT - 0.5,
    "ytick.labelsize": FONT_PT - 0.5,
    "legend.fontsize": FONT_PT - 0.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "hatch.linewidth": 0.6,
    "text.parse_math": False,  # a "$" in a city's name is text, not mathtext
    "figure.facecolor": "white",
}
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@contextmanager
def new_figure(kind: str, height_cm: float, *, constrained: bool = True) -> Iterator[MplFigure]:
    """A matplotlib figure of the A4 text width, inside the rc context of the figures
    (call :func:`inline_svg` inside the ``with`` block)."""
    import matplotlib
    from matplotlib.figure import Figure as MplFigure

    with matplotlib.rc_context({**RC, "svg.hashsalt": kind}):
        yield MplFigure(
            figsize=(WIDTH_CM * CM, height_cm * CM),
            layout="constrained" if constrained else None,
        )


def inline_svg(figure: MplFigure, kind: str, alt: str) -> str:
    """The figure as one inline ``<svg>`` element (see the module's docstring)."""
    from mcda_citydip.report.figures.text import shape_figure

    shape_figure(figure)  # Persian text shaped and in visual order (text.py)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    raw = buffer.getvalue()
    raw = raw[raw.index("<svg") :]
    slug = f"{kind}-{hashlib.sha256(raw.encode()).hexdigest()[:10]}"
    ids = set(re.findall(r'\sid="([^"]+)"', raw))

    def prefixed(name: str) -> str:
        if name not in ids:
            raise ValueError(f"figure '{kind}': reference to an unknown id '{name}'")
        return f"{slug}-{name}"

    text = re.sub(r'(\s)id="([^"]+)"', lambda m: f'{m[1]}id="{prefixed(m[2])}"', raw)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'href="#{prefixed(m[1])}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefixed(m[1])})", text)
    text = text.replace("*{stroke-linejoin", f"#{slug} *{{stroke-linejoin")
    head_end = text.index(">")
    viewbox = re.search(r'viewBox="([^"]+)"', text[:head_end])
    if viewbox is None:
        raise ValueError(f"figure '{kind}': matplotlib wrote no viewBox")
    head = (
        f'<svg id="{slug}" width="100%" viewBox="{viewbox[1]}" role="img" '
        f'aria-label="{html.escape(alt, quote=True)}"'
    )
    return head + text[head_end:].rstrip() + "\n"


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def wrapped(text: str, width: int = WRAP) -> str:
    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)


def number(value: float, spec: str = "") -> str:
    """``value`` formatted with ``spec``, in the digits shown (``--digits``)."""
    return shown_number(format(value, spec))


def joined(items: list[str], template: str) -> str:
    """``items`` joined by ``template`` (``"{items}, {item}"``, marked with :func:`N_`),
    translated: a list's punctuation is the language's (``،`` in Persian)."""
    if not items:
        return ""
    text = items[0]
    for item in items[1:]:
        text = _(template).format(items=text, item=item)
    return text


def listing(names: list[str], limit: int = 3) -> str:
    """``a, b and c`` (the first ``limit``, then ``and k more``), in the current language."""
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest:
        return _("{items} and {count} more").format(
            items=joined(shown, N_("{items}, {item}")), count=number(rest)
        )
    if len(shown) < 2:
        return "".join(shown)
    head = joined(shown[:-1], N_("{items}, {item}"))
    return _("{items} and {item}").format(items=head, item=shown[-1])


def rank_colours(count: int) -> list[str]:
    """``count`` colours of :data:`RANK_COLOURS`, rank 1 darkest (hex, for the SVG)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[RANK_COLOURS]
    if count == 1:
        return [to_hex(cmap(0.0))]
    return [to_hex(cmap(0.92 * k / (count - 1))) for k in range(count)]


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` 0: itself, 1: white)."""
    from matplotlib.colors import to_hex, to_rgb

    red, green, blue = (c + (1 - c) * amount for c in to_rgb(colour))
    return to_hex((red, green, blue))
