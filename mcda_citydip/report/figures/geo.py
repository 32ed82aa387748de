"""The map: cities and their partnerships, drawn offline (no tiles, no coastlines).

Projection: equirectangular with the standard parallel at the cities' mean latitude
(``x = λ cos φ̄``, ``y = φ``), which keeps shapes near that latitude; a region that crosses
the antimeridian is drawn with longitudes in [0°, 360°) (the frame and its graticule:
:mod:`~mcda_citydip.report.figures.geo_frame`). Labels are placed greedily, best
rank first: the first of eight positions around the dot that overlaps neither a placed label
nor a dot; the :data:`ALWAYS_LABELLED` best ranked take the least overlapping position when
none is free, any other city whose name finds no free position is left unlabelled (said in
the alt text).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mcda_citydip.i18n import N_, _, ngettext
from mcda_citydip.model import CANDIDATE, EXPELLED, FORMER, MEMBER
from mcda_citydip.report.figures.geo_frame import (
    MARGIN_CM,
    Place,
    _frame,
    _graticule,
    _label_margin,
    _places,
)
from mcda_citydip.report.figures.svg import (
    GREY,
    PALETTE,
    WIDTH_CM,
    Figure,
    inline_svg,
    joined,
    listing,
    new_figure,
    number,
    rank_colours,
    shorten,
)
from mcda_citydip.report.figures.text import drawn, phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

KIND = "map"
MARKERS = {MEMBER: "o", CANDIDATE: "^", FORMER: "s", EXPELLED: "X"}
OTHER_MARKER = "D"
#: The union statuses as shown (another status is shown as it is written).
STATUS_NAMES = {
    MEMBER: N_("member"),
    CANDIDATE: N_("candidate"),
    FORMER: N_("former member"),
    EXPELLED: N_("expelled"),
}
ALWAYS_LABELLED = 10
LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
BARE_TOP_CM = 0.4  # the top margin when there is no legend
# Directions of a label from its dot, with the text's alignment: right, left, above, below,
# then the diagonals; the distance is the dot's radius plus LABEL_GAP points.
POSITIONS = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, 0.75, "right", "bottom"),
    (-0.75, -0.75, "right", "top"),
)
LABEL_GAP = 2.5  # points between a dot's edge and its label
LABEL_PAD = 1.0  # points around a label that no other label or dot may enter


def _has_legend(places: list[Place], lines: bool) -> bool:
    return lines or any(p.rank is not None or p.status for p in places)


def _status(state: str) -> str:
    """A union status in the current language."""
    return _(STATUS_NAMES[state]) if state in STATUS_NAMES else state


def map_figure(
    locations: Mapping[str, tuple[float, float]],
    partnerships: Sequence[tuple[str, str]],
    ranks: Mapping[str, int] | None = None,
    status: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> Figure | None:
    """Cities at their (latitude, longitude), partnerships as thin lines (each an SVG
    element with id ``…-partnership-<k>``, ``k`` its index in ``partnerships``), dots
    darker and larger for better ranks, union status by marker shape. None when fewer than
    2 cities have coordinates. ``names``: alternative → the name to label it with (the id
    where it has none; Persian is shaped here, before the labels are placed)."""
    places = _places(locations, ranks, status)
    if len(places) < 2:
        return None
    frame = _frame(places)
    if (left := _label_margin(frame)) > frame.left_cm:
        frame = _frame(places, left)
    where = {p.name: p for p in places}
    lines = [(k, where[a], where[b]) for k, (a, b) in enumerate(partnerships)
             if a in where and b in where]  # fmt: skip
    top = MARGIN_CM[3] if _has_legend(places, bool(lines)) else BARE_TOP_CM
    height = frame.height_cm + MARGIN_CM[2] + top
    with new_figure(KIND, height, constrained=False) as figure:
        axes = figure.add_axes(
            (
                frame.left_cm / WIDTH_CM,
                MARGIN_CM[2] / height,
                frame.width_cm / WIDTH_CM,
                frame.height_cm / height,
            )
        )
        _graticule(axes, frame)
        for k, one, other in lines:
            axes.plot([one.lon, other.lon], [one.lat, other.lat], color=GREY, linewidth=0.7,
                      alpha=0.8, zorder=1, gid=f"partnership-{k}")  # fmt: skip
        _dots(axes, places)
        unlabelled = _labels(figure, axes, places, names or {})
        _legend(axes, places, bool(lines))
        alt = _alt(places, len(lines), len(partnerships), unlabelled)
        svg = inline_svg(figure, KIND, alt)
    caption = (
        _("Where the cities are and their partnerships") if lines else _("Where the cities are")
    )
    return Figure(svg, alt, caption)


def _worst(places: list[Place]) -> int:
    """The largest rank given (0: none)."""
    return max((p.rank for p in places if p.rank is not None), default=0)


def _size_and_colour(place: Place, worst: int) -> tuple[float, str]:
    """Marker area (points²) and colour: larger and darker for better ranks."""
    if place.rank is None:
        return (18.0, GREY) if worst > 0 else (30.0, PALETTE[0])
    colours = rank_colours(worst)
    share = (place.rank - 1) / max(worst - 1, 1)
    return 80.0 - 55.0 * share, colours[place.rank - 1]


def _dots(axes: Axes, places: list[Place]) -> None:
    worst = _worst(places)
    for place in reversed(places):  # the best ranked on top
        size, colour = _size_and_colour(place, worst)
        marker = MARKERS.get(place.status, OTHER_MARKER) if place.status else "o"
        axes.scatter([place.lon], [place.lat], s=size, c=colour, marker=marker,
                     edgecolors="#333333", linewidths=0.4, zorder=3)  # fmt: skip


def _labels(
    figure: MplFigure, axes: Axes, places: list[Place], names: Mapping[str, str]
) -> list[str]:
    """Place the labels (see the module's docstring); the names left unlabelled."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    pixels = figure.dpi / 72  # per point
    frame = axes.get_window_extent(renderer)
    worst = _worst(places)
    radii = [math.sqrt(_size_and_colour(p, worst)[0]) / 2 for p in places]  # points
    taken = [_dot_box(axes, p, r * pixels) for p, r in zip(places, radii, strict=True)]
    unlabelled = []
    for index, (place, radius) in enumerate(zip(places, radii, strict=True)):
        shown = shorten(names.get(place.name) or place.name, 28)
        text = drawn(shown + (f" ({number(place.rank)})" if place.rank is not None else ""))
        label = (place, text, radius + LABEL_GAP)
        clash, note, box = _best_label(axes, renderer, label, taken, (frame, LABEL_PAD * pixels))
        if clash > 0 and (place.rank is None or index >= ALWAYS_LABELLED):
            note.remove()
            unlabelled.append(place.name)
        else:
            taken.append(box)
    return unlabelled


def _best_label(
    axes: Axes,
    renderer: RendererBase,
    label: tuple[Place, str, float],
    taken: list[Bbox],
    frame: tuple[Bbox, float],
) -> tuple[float, Annotation, Bbox]:
    """The first of :data:`POSITIONS` (at ``distance`` points from the dot) where the label,
    padded by ``pad`` pixels, overlaps nothing ``taken`` and stays inside the axes ``box``,
    else the least overlapping one."""
    place, text, distance = label
    box_of_axes, pad = frame
    best: tuple[float, Annotation, Bbox] | None = None
    for dx, dy, ha, va in POSITIONS:
        note = axes.annotate(text, (place.lon, place.lat), xytext=(dx * distance, dy * distance),
                             textcoords="offset points", ha=ha, va=va, fontsize=7.5,
                             color="black", zorder=4, bbox=LABEL_BOX)  # fmt: skip
        box = note.get_window_extent(renderer).padded(pad)
        clash = sum(_overlap(box, other) for other in taken) + _outside(box, box_of_axes)
        if best is None or clash < best[0]:
            if best is not None:
                best[1].remove()
            best = (clash, note, box)
        else:
            note.remove()
        if clash == 0:
            break
    if best is None:
        raise ValueError("no label position to try")
    return best


def _dot_box(axes: Axes, place: Place, radius: float) -> Bbox:
    from matplotlib.transforms import Bbox

    x, y = axes.transData.transform((place.lon, place.lat))
    return Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)


def _overlap(one: Bbox, other: Bbox) -> float:
    width = float(min(one.x1, other.x1) - max(one.x0, other.x0))
    height = float(min(one.y1, other.y1) - max(one.y0, other.y0))
    return max(width, 0.0) * max(height, 0.0)


def _outside(box: Bbox, frame: Bbox) -> float:
    return float(box.width * box.height) - _overlap(box, frame)


def _legend(axes: Axes, places: list[Place], lines: bool) -> None:
    from matplotlib.lines import Line2D

    handles = []
    shown = sorted({p.status for p in places if p.status}, key=lambda s: (s not in MARKERS, s))
    for state in shown:
        handles.append(Line2D([], [], marker=MARKERS.get(state, OTHER_MARKER), color=GREY,
                              linestyle="", markersize=6,
                              label=phrase(_status(state))))  # fmt: skip
    if lines:
        partnership = phrase(_("partnership"))
        handles.append(Line2D([], [], color=GREY, linewidth=0.7, label=partnership))
    ranked = any(p.rank is not None for p in places)
    title = (
        phrase(_("(rank) after the name; darker and larger dots rank higher")) if ranked else None
    )
    if handles or title:
        axes.legend(handles=handles, title=title, loc="lower left", bbox_to_anchor=(0, 1.0),
                    ncols=max(len(handles), 1), title_fontsize=7.5, alignment="left",
                    borderaxespad=0.2)  # fmt: skip


def _alt(places: list[Place], lines: int, partnerships: int, unlabelled: list[str]) -> str:
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    fields = {
        "count": number(len(places)),
        "south": number(min(lats), ".1f"),
        "north": number(max(lats), ".1f"),
        "west": number(min(lons), ".1f"),
        "east": number(max(lons), ".1f"),
    }
    ranked = [p for p in places if p.rank is not None]
    if ranked:
        text = _(
            "Map of {count} cities between latitudes {south}° and {north}° and longitudes "
            "{west}° and {east}°; the first ranked is {city}."
        ).format(city=ranked[0].name, **fields)
    else:
        text = _(
            "Map of {count} cities between latitudes {south}° and {north}° and longitudes "
            "{west}° and {east}°."
        ).format(**fields)
    if partnerships:
        if lines == partnerships:
            drawn_text = _("{count} of {total} partnerships drawn as lines.")
        else:
            drawn_text = _(
                "{count} of {total} partnerships drawn as lines (the others join cities "
                "without coordinates)."
            )
        text += " " + drawn_text.format(count=number(lines), total=number(partnerships))
    states = sorted({p.status for p in places if p.status})
    if states:
        counts = [
            _("{count} {status}").format(
                count=number(sum(p.status == s for p in places)), status=_status(s)
            )
            for s in states
        ]
        text += " " + _("Union status by marker shape: {counts}.").format(
            counts=joined(counts, N_("{items}, {item}"))
        )
    if unlabelled:
        left_off = ngettext(
            "{count} name left off to avoid overlap: {names}.",
            "{count} names left off to avoid overlap: {names}.",
            len(unlabelled),
        )
        text += " " + left_off.format(count=number(len(unlabelled)), names=listing(unlabelled, 4))
    return text
