"""Weight-sensitivity figures: critical thresholds (tornado) and one-at-a-time sweeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mcda_citydip.i18n import N_, _
from mcda_citydip.report.figures.svg import (
    LIGHT_GREY,
    PALETTE,
    TEXT_GREY,
    Figure,
    inline_svg,
    joined,
    listing,
    new_figure,
    number,
    shorten,
    wrapped,
)
from mcda_citydip.report.figures.text import drawn, phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mcda_citydip.analysis import SensitivityReport
    from mcda_citydip.sensitivity.oat import OatTarget
    from mcda_citydip.sensitivity.thresholds import CriterionThreshold

MAX_BARS = 20
ALT_TARGETS = 8  # dimensions named in the sweeps' alt text
CLIP_PERCENT = 300.0  # increases beyond this are drawn to it and labelled with their value


def _critical(report: SensitivityReport) -> tuple[list[CriterionThreshold], list[str], list[str]]:
    """Thresholds drawn as bars (smallest |δ| first), indicators that never change the
    top, and indicators of weight 0 (absolute thresholds)."""
    criteria = report.thresholds.criteria.values()
    bars = [c for c in criteria if c.top is not None and c.measure == "fraction"]
    bars.sort(key=lambda c: abs(c.top or 0.0))
    never = [c.criterion for c in criteria if c.top is None]
    absolute = [
        _("{indicator} (from weight 0 to {weight})").format(
            indicator=c.criterion, weight=number(c.top, ".3f")
        )
        for c in criteria
        if c.top is not None and c.measure == "absolute"
    ]
    return bars, never, absolute


def tornado_figure(report: SensitivityReport) -> Figure:
    """Per indicator, the smallest relative change of its weight that changes the top
    (Triantaphyllou & Sánchez 1997 thresholds, signed: decreases to the left, increases to
    the right), smallest first, at most :data:`MAX_BARS`; the indicators no change in [0, 1]
    overturns are listed under the bars."""
    bars, never, absolute = _critical(report)
    shown = bars[:MAX_BARS]
    notes = []
    if len(bars) > len(shown):
        more = _("{count} more indicator(s) with larger thresholds.")
        notes.append(more.format(count=number(len(bars) - len(shown))))
    if never:
        never_text = _("Never changes the top: {indicators}.")
        notes.append(never_text.format(indicators=joined(never, N_("{items}, {item}"))))
    if absolute:
        given = _("Weight 0 now, changes the top when given: {indicators}.")
        notes.append(given.format(indicators=joined(absolute, N_("{items}, {item}"))))
    note = "\n".join(phrase(wrapped(n)) for n in notes)
    alt = _tornado_alt(report, bars, never)
    kind = f"tornado-{report.method}"
    height = 3.2 + 0.5 * max(len(shown), 2) + 0.45 * note.count("\n") + (0.5 if note else 0)
    with new_figure(kind, height) as figure:
        axes = figure.add_subplot()
        _tornado(axes, report, shown)
        if note:
            figure.supxlabel(note, fontsize=8, color=TEXT_GREY, ha="left", x=0.02)
        svg = inline_svg(figure, kind, alt)
    caption = _(
        "{method}: the smallest change of one indicator's weight that puts another city first"
    ).format(method=report.method.upper())
    return Figure(svg, alt, caption)


def _tornado(axes: Axes, report: SensitivityReport, shown: list[CriterionThreshold]) -> None:
    top = report.thresholds.top
    title = _("{method}: changes that unseat {city}")
    axes.set_title(phrase(title.format(method=report.method.upper(), city=shorten(top, 30))))
    if not shown:
        axes.text(0.5, 0.5, phrase(_("No single weight change in [0, 1] changes the top.")),
                  ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return
    percents = [c.percent or 0.0 for c in shown]
    left = -100.0 if min(percents) < 0 else 0.0
    right = min(max(100.0, *percents), CLIP_PERCENT)
    span = right - left
    lengths = [max(left, min(p, right)) for p in percents]
    colours = [PALETTE[3] if p < 0 else PALETTE[0] for p in percents]
    y = list(range(len(shown)))
    axes.barh(y, lengths, color=colours, height=0.62)
    for k, (c, p, d) in enumerate(zip(shown, percents, lengths, strict=True)):
        text = f"{'» ' if d != p else ''}{_signed(p)}% → {shorten(c.new_top or '?', 24)}"
        inside = d > 0.55 * span  # a long bar carries its label inside, in white
        if d < 0:  # a decrease: the label goes right of zero, where its row is empty
            where, align = 0.01 * span, "left"
        else:
            where, align = d + (-0.01 if inside else 0.01) * span, "right" if inside else "left"
        axes.text(where, k, text, va="center", ha=align, fontsize=7.5,
                  color="white" if inside else TEXT_GREY)  # fmt: skip
    axes.axvline(0, color="black", linewidth=0.8)
    label = _("{indicator} (w {weight})")
    axes.set_yticks(
        y,
        [drawn(label.format(indicator=c.criterion, weight=number(c.weight, ".3f"))) for c in shown],
    )
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(shown) - 0.4, -0.6)
    axes.set_xlim(left - 0.03 * span, right + 0.45 * span)  # room for the labels
    ticks = [-100, -50, 0, 50, 100] if right <= 100 else [-100, 0, 100, 200, 300]
    ticks = [t for t in ticks if left <= t <= right]
    axes.set_xticks(ticks, [f"{_signed(t, 0)}%" if t else number(0) for t in ticks])
    axes.set_xlabel(
        phrase(_("change of the indicator's weight, in percent of its weight (others rescaled)"))
    )
    axes.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
    axes.set_axisbelow(True)


def _signed(value: float, digits: int = 1) -> str:
    """``+12.5`` or ``−12.5`` (a true minus sign), in the digits shown."""
    return number(value, f"+.{digits}f").replace("-", "−")


def _tornado_alt(
    report: SensitivityReport, bars: list[CriterionThreshold], never: list[str]
) -> str:
    top = report.thresholds.top
    method = report.method.upper()
    text = _("{method}: {city} is first at the scenario's weights.").format(method=method, city=top)
    if bars:
        first = bars[0]
        text += " " + _(
            "The smallest single change that unseats it: {indicator} {change}% (weight "
            "{weight} → {new_weight}), putting {city} first."
        ).format(
            indicator=first.criterion,
            change=number(first.percent or 0.0, "+.1f"),
            weight=number(first.weight, ".3f"),
            new_weight=number(first.top_weight or 0.0, ".3f"),
            city=first.new_top,
        )
    else:
        text += " " + _("No single weight change in [0, 1] unseats it.")
    if len(bars) > MAX_BARS:
        text += " " + _("The figure shows the {shown} smallest of {count} thresholds.").format(
            shown=number(MAX_BARS), count=number(len(bars))
        )
    if never:
        text += " " + _("{count} indicator(s) never change the top: {indicators}.").format(
            count=number(len(never)), indicators=listing(never, 5)
        )
    return text


def sweeps_figure(report: SensitivityReport) -> Figure:
    """One-at-a-time sweeps of the dimensions: for each, the interval of its total weight
    (others rescaled in proportion) over which the top stays the same, on [0, 1], with the
    current weight marked and the city that takes over at each end named."""
    targets = list(report.oat.dimensions.values())
    alt = _sweeps_alt(report, targets)
    kind = f"sweeps-{report.method}"
    with new_figure(kind, 3.4 + 1.1 * max(len(targets), 1)) as figure:
        axes = figure.add_subplot()
        _sweeps(axes, report, targets)
        svg = inline_svg(figure, kind, alt)
    caption = _(
        "{method}: the weight range of each dimension over which the top city stays first "
        "(one dimension varied at a time)"
    ).format(method=report.method.upper())
    return Figure(svg, alt, caption)


def _sweeps(axes: Axes, report: SensitivityReport, targets: list[OatTarget]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    top = targets[0].top if targets else report.thresholds.top
    title = _("{method}: weights keeping {city} first")
    axes.set_title(phrase(title.format(method=report.method.upper(), city=shorten(top, 28))))
    if not targets:
        axes.text(0.5, 0.5,
                  phrase(_("No dimension to sweep (one dimension holds every indicator).")),
                  ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return
    for k, target in enumerate(targets):
        low, high = target.interval
        axes.barh(k, 1.0, height=0.3, color=LIGHT_GREY)
        axes.barh(k, max(high - low, 0.004), left=low, height=0.3, color=PALETTE[0])
        axes.plot([target.current], [k], marker="D", color="black", markersize=5.5,
                  markeredgecolor="white", zorder=3)  # fmt: skip
        if target.below is not None:  # under the bar: who is first below the interval
            text = phrase(
                _("{city} first below {weight}").format(
                    city=shorten(target.below, 24), weight=number(low, ".2f")
                )
            )
            axes.text(low, k + 0.17, text, va="top", fontsize=7.5, color=TEXT_GREY,
                      ha="right" if low > 0.4 else "left")  # fmt: skip
        if target.above is not None:  # over the bar: who is first above it
            text = phrase(
                _("{city} first above {weight}").format(
                    city=shorten(target.above, 24), weight=number(high, ".2f")
                )
            )
            axes.text(high, k - 0.17, text, va="bottom", fontsize=7.5, color=TEXT_GREY,
                      ha="left" if high < 0.6 else "right")  # fmt: skip
    axes.set_yticks(range(len(targets)), [drawn(_now(t)) for t in targets])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(targets) - 0.4, -0.7)
    axes.set_xlim(-0.02, 1.02)
    axes.set_xlabel(phrase(_("dimension's total weight (the others rescaled in proportion)")))
    stays = phrase(_("{city} stays first").format(city=shorten(top, 30)))
    current = phrase(_("current weight"))
    handles = [
        Patch(color=PALETTE[0], label=stays),
        Line2D([], [], marker="D", color="black", linestyle="", label=current),
        Patch(color=LIGHT_GREY, label=phrase(_("another city first"))),
    ]
    figure = axes.get_figure()
    if figure is not None:
        figure.legend(handles=handles, loc="outside lower center", ncols=3)


def _now(target: OatTarget) -> str:
    """``POL (now 0.25)``."""
    return _("{dimension} (now {weight})").format(
        dimension=target.target, weight=number(target.current, ".2f")
    )


def _sweeps_alt(report: SensitivityReport, targets: list[OatTarget]) -> str:
    method = report.method.upper()
    if not targets:
        return _("{method}: no dimension to sweep.").format(method=method)
    top = targets[0].top
    parts = []
    for t in targets[:ALT_TARGETS]:
        low, high = t.interval
        whole = low <= 0 and high >= 1 and t.below is None and t.above is None
        if whole:
            span = _("at any weight")
        else:
            span = _("from {low} to {high}").format(
                low=number(low, ".2f"), high=number(high, ".2f")
            )
        parts.append(f"{_now(t)} {span}")
    if len(targets) > ALT_TARGETS:
        parts.append(
            _("and {count} more dimensions").format(count=number(len(targets) - ALT_TARGETS))
        )
    return _(
        "{method}: {city} stays first while one dimension's weight (the others rescaled) "
        "varies: {sweeps}."
    ).format(method=method, city=top, sweeps=joined(parts, N_("{items}; {item}")))
