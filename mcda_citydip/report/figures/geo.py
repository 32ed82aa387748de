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

from mcda_citydip.model import CANDIDATE, EXPELLED, FORMER, MEMBER
from mcda_citydip.report.figures.svg import (
    GREY,
    LIGHT_GREY,
    PALETTE,
    TEXT_GREY,
    WIDTH_CM,
    Figure,
    inline_svg,
    listing,
    new_figure,
    rank_colours,
    shorten,
)
from mcda_citydip.report.figures.text import drawn

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

KIND = "map"
MARKERS = {MEMBER: "o", CANDIDATE: "^", FORMER: "s", EXPELLED: "X"}
OTHER_MARKER = "D"
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
    lons = [lon for _, lon in located.values()]
    wrap = bool(lons) and max(lons) - min(lons) > 180
    rank_of, status_of = ranks or {}, status or {}
    places = [
        Place(name, lon % 360 if wrap else lon, lat, rank_of.get(name), status_of.get(name))
        for name, (lat, lon) in located.items()
    ]
    return sorted(places, key=lambda p: (p.rank is None, p.rank or 0, p.name))


def _has_legend(places: list[Place], lines: bool) -> bool:
    return lines or any(p.rank is not None or p.status for p in places)


def _frame(places: list[Place]) -> Frame:
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    squash = max(math.cos(math.radians(sum(lats) / len(lats))), 0.1)
    width = WIDTH_CM - MARGIN_CM[0] - MARGIN_CM[1]
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
    )


def _graticule_step(span: float) -> float:
    """A step that draws about 3 to 8 lines across ``span`` degrees."""
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 30, 45):
        if span / step <= 8:
            return float(step)
    return 90.0


def _degrees(value: float, positive: str, negative: str) -> str:
    value = (value + 180) % 360 - 180 if positive == "E" else value
    text = f"{abs(value):g}°"
    return text + (positive if value > 0 else negative if value < 0 else "")


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
    where = {p.name: p for p in places}
    lines = [(k, where[a], where[b]) for k, (a, b) in enumerate(partnerships)
             if a in where and b in where]  # fmt: skip
    top = MARGIN_CM[3] if _has_legend(places, bool(lines)) else BARE_TOP_CM
    height = frame.height_cm + MARGIN_CM[2] + top
    with new_figure(KIND, height, constrained=False) as figure:
        axes = figure.add_axes(
            (
                MARGIN_CM[0] / WIDTH_CM,
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
    caption = "Where the cities are" + (" and their partnerships" if lines else "")
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
        text = drawn(shown + (f" ({place.rank})" if place.rank is not None else ""))
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
                              linestyle="", markersize=6, label=state))  # fmt: skip
    if lines:
        handles.append(Line2D([], [], color=GREY, linewidth=0.7, label="partnership"))
    ranked = any(p.rank is not None for p in places)
    title = "(rank) after the name; darker and larger dots rank higher" if ranked else None
    if handles or title:
        axes.legend(handles=handles, title=title, loc="lower left", bbox_to_anchor=(0, 1.0),
                    ncols=max(len(handles), 1), title_fontsize=7.5, alignment="left",
                    borderaxespad=0.2)  # fmt: skip


def _alt(places: list[Place], drawn: int, partnerships: int, unlabelled: list[str]) -> str:
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    text = (
        f"Map of {len(places)} cities between latitudes {min(lats):.1f}° and {max(lats):.1f}° "
        f"and longitudes {min(lons):.1f}° and {max(lons):.1f}°"
    )
    ranked = [p for p in places if p.rank is not None]
    if ranked:
        text += f"; the first ranked is {ranked[0].name}"
    text += "."
    if partnerships:
        text += f" {drawn} of {partnerships} partnerships drawn as lines"
        text += "." if drawn == partnerships else " (the others join cities without coordinates)."
    states = sorted({p.status for p in places if p.status})
    if states:
        counts = [f"{sum(p.status == s for p in places)} {s}" for s in states]
        text += f" Union status by marker shape: {', '.join(counts)}."
    if unlabelled:
        names = "name" if len(unlabelled) == 1 else "names"
        text += f" {len(unlabelled)} {names} left off to avoid overlap: {listing(unlabelled, 4)}."
    return text
