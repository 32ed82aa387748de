"""The map's frame: the cities placed on it, the axes' limits and the figure's size, and
the graticule with its degree labels.

Projection: equirectangular with the standard parallel at the cities' mean latitude
(``x = λ cos φ̄``, ``y = φ``); a region that crosses the antimeridian is drawn with
longitudes in [0°, 360°). The map itself is drawn by :mod:`~mcda_citydip.report.figures.geo`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct

from mcda_citydip.i18n import N_, _
from mcda_citydip.report.figures.svg import LIGHT_GREY, RC, TEXT_GREY, WIDTH_CM, number
from mcda_citydip.report.figures.text import phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: A degree of longitude or latitude on an axis: ``50°E``.
DEGREES = {"E": N_("{degrees}°E"), "W": N_("{degrees}°W"), "N": N_("{degrees}°N"),
           "S": N_("{degrees}°S")}  # fmt: skip
MAX_HEIGHT_CM = 19.0
MARGIN_CM = (1.4, 0.9, 0.9, 1.6)  # left, right, bottom, top (the legend)
PAD_PT = 3.5  # points between the axes and a tick label (matplotlib's default pad)


class Place(Struct, frozen=True):
    name: str
    lon: float
    lat: float
    rank: int | None
    status: str | None


class Frame(Struct, frozen=True):
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
