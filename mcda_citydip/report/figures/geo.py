"""The map: cities and their partnerships, drawn offline (no tiles, no coastlines).

Projection: equirectangular with the standard parallel at the cities' mean latitude
(``x = λ cos φ̄``, ``y = φ``), which keeps shapes near that latitude; a region that crosses
the antimeridian is drawn with longitudes in [0°, 360°). Labels are placed greedily, best
rank first: the first of eight positions around the dot that overlaps neither a placed label
nor a dot; the :data:`ALWAYS_LABELLED` best ranked take the least overlapping position when
none is free, any other city whose name finds no free position is left unlabelled (said in
the alt text).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mcda_citydip.i18n import N_, _, ngettext
from mcda_citydip.model import CANDIDATE, EXPELLED, FORMER, MEMBER
from mcda_citydip.report.figures.svg import (
    GREY,
    LIGHT_GREY,
    PALETTE,
    RC,
    TEXT_GREY,
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
#: A degree of longitude or latitude on an axis: ``50°E``.
DEGREES = {"E": N_("{degrees}°E"), "W": N_("{degrees}°W"), "N": N_("{degrees}°N"),
           "S": N_("{degrees}°S")}  # fmt: skip
ALWAYS_LABELLED = 10
LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
MAX_HEIGHT_CM = 19.0
MARGIN_CM = (1.4, 0.9, 0.9, 1.6)  # left, right, bottom, top (the legend)
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
PAD_PT = 3.5  # points between the axes and a tick label (matplotlib's default pad)


@dataclass(frozen=True)
class Place:
    name: str
    lon: float
    lat: float
    rank: int | None
    status: str | None


@dataclass(frozen=True)
class Frame:
    """Axes limits (degrees) and the figure's size: the x span over the y span equals the
    axes' width over its height times ``1/cos φ̄`` (the equirectangular aspect)."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    width_cm: float
    height_cm: float
    step: float
    left_cm: float = MARGIN_CM[0]


def _places(
    locations: Mapping[str, tuple[float, float]],
    ranks: Mapping[str, int] | None,
    status: Mapping[str, str] | None,
) -> list[Place]:
    located = {
        name: (float(lat), float(lon))
        for name, (lat, lon) in locations.items()
        if math.isfinite(lat) and math.isfinite(lon)
    }
    lons = [lon for _lat, lon in located.values()]
    wrap = bool(lons) and max(lons) - min(lons) > 180
    rank_of, status_of = ranks or {}, status or {}
    places = [
        Place(name, lon % 360 if wrap else lon, lat, rank_of.get(name), status_of.get(name))
        for name, (lat, lon) in located.items()
    ]
    return sorted(places, key=lambda p: (p.rank is None, p.rank or 0, p.name))


def _has_legend(places: list[Place], lines: bool) -> bool:
    return lines or any(p.rank is not None or p.status for p in places)


def _frame(places: list[Place], left: float = MARGIN_CM[0]) -> Frame:
    """The frame with a left margin of ``left`` cm (for the latitudes' labels)."""
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    squash = max(math.cos(math.radians(sum(lats) / len(lats))), 0.1)
    width = WIDTH_CM - left - MARGIN_CM[1]
    span_x = max((max(lons) - min(lons)) * squash, 0.5) * 1.3  # room for labels
    span_y = max(max(lats) - min(lats), 0.5) * 1.25
    height = width * span_y / span_x
    if height > MAX_HEIGHT_CM:
        height = MAX_HEIGHT_CM
        span_x = span_y * width / height
    elif height < width * 0.45:
        height = width * 0.45
        span_y = span_x * height / width
    mid_x = (max(lons) + min(lons)) / 2
    mid_y = (max(lats) + min(lats)) / 2
    half_x = span_x / squash / 2
    step = _graticule_step(max(2 * half_x, span_y))
    return Frame(
        (mid_x - half_x, mid_x + half_x),
        (mid_y - span_y / 2, mid_y + span_y / 2),
        width,
        height,
        step,
        left,
    )


def _label_margin(frame: Frame) -> float:
    """The left margin (cm) that the latitudes' labels of ``frame`` need: their widest, the
    tick's pad and a little room (``30° شمالی`` is wider than ``30°N``)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=RC["font.sans-serif"], size=RC["ytick.labelsize"])
    measure = TextToPath()
    labels = [_degrees(y, "N", "S") for y in _multiples(frame.ylim, frame.step)]
    widest = max((measure.get_text_width_height_descent(x, font, False)[0] for x in labels),
                 default=0.0)  # fmt: skip
    return (widest + PAD_PT) / 72 * 2.54 + 0.15


def _graticule_step(span: float) -> float:
    """A step that draws about 3 to 8 lines across ``span`` degrees."""
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 30, 45):
        if span / step <= 8:
            return float(step)
    return 90.0


def _degrees(value: float, positive: str, negative: str) -> str:
    value = (value + 180) % 360 - 180 if positive == "E" else value
    degrees = number(abs(value), "g")
    if value == 0:
        return f"{degrees}°"
    return phrase(_(DEGREES[positive if value > 0 else negative]).format(degrees=degrees))


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


def _multiples(limits: tuple[float, float], step: float) -> list[float]:
    """The multiples of ``step`` within ``limits``."""
    first, last = math.ceil(limits[0] / step), math.floor(limits[1] / step)
    return [step * k for k in range(first, last + 1)]


def _graticule(axes: Axes, frame: Frame) -> None:
    step = frame.step
    axes.set_xlim(*frame.xlim)
    axes.set_ylim(*frame.ylim)
    xs = _multiples(frame.xlim, step)
    ys = _multiples(frame.ylim, step)
    axes.set_xticks(xs, [_degrees(x, "E", "W") for x in xs])
    axes.set_yticks(ys, [_degrees(y, "N", "S") for y in ys])
    axes.grid(color=LIGHT_GREY, linewidth=0.5)
    axes.tick_params(length=0, labelcolor=TEXT_GREY)
    axes.set_axisbelow(True)
    for spine in axes.spines.values():
        spine.set_visible(True)
        spine.set_color(LIGHT_GREY)


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
