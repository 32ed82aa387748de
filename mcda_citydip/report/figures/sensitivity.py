"""Weight-sensitivity figures: critical thresholds (tornado) and one-at-a-time sweeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mcda_citydip.report.figures.svg import (
    LIGHT_GREY,
    PALETTE,
    TEXT_GREY,
    Figure,
    inline_svg,
    listing,
    new_figure,
    shorten,
    wrapped,
)

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
        f"{c.criterion} (from weight 0 to {c.top:.3f})"
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
        notes.append(f"{len(bars) - len(shown)} more indicator(s) with larger thresholds.")
    if never:
        notes.append(f"Never changes the top: {', '.join(never)}.")
    if absolute:
        notes.append(f"Weight 0 now, changes the top when given: {', '.join(absolute)}.")
    note = "\n".join(wrapped(n) for n in notes)
    alt = _tornado_alt(report, bars, never)
    kind = f"tornado-{report.method}"
    height = 3.2 + 0.5 * max(len(shown), 2) + 0.45 * note.count("\n") + (0.5 if note else 0)
    with new_figure(kind, height) as figure:
        axes = figure.add_subplot()
        _tornado(axes, report, shown)
        if note:
            figure.supxlabel(note, fontsize=8, color=TEXT_GREY, ha="left", x=0.02)
        svg = inline_svg(figure, kind, alt)
    caption = (
        f"{report.method.upper()}: the smallest change of one indicator's weight that puts "
        f"another city first"
    )
    return Figure(svg, alt, caption)


def _tornado(axes: Axes, report: SensitivityReport, shown: list[CriterionThreshold]) -> None:
    top = report.thresholds.top
    axes.set_title(f"{report.method.upper()}: changes that unseat {shorten(top, 30)}")
    if not shown:
        axes.text(0.5, 0.5, "No single weight change in [0, 1] changes the top.",
                  ha="center", va="center", transform=axes.transAxes)  # fmt: skip
        axes.set_axis_off()
        return
    percents = [c.percent or 0.0 for c in shown]
    left = -100.0 if min(percents) < 0 else 0.0
    right = min(max(100.0, *percents), CLIP_PERCENT)
    span = right - left
    drawn = [max(left, min(p, right)) for p in percents]
    colours = [PALETTE[3] if p < 0 else PALETTE[0] for p in percents]
    y = list(range(len(shown)))
    axes.barh(y, drawn, color=colours, height=0.62)
    for k, (c, p, d) in enumerate(zip(shown, percents, drawn, strict=True)):
        text = f"{'» ' if d != p else ''}{_signed(p)}% → {shorten(c.new_top or '?', 24)}"
        inside = d > 0.55 * span  # a long bar carries its label inside, in white
        if d < 0:  # a decrease: the label goes right of zero, where its row is empty
            where, align = 0.01 * span, "left"
        else:
            where, align = d + (-0.01 if inside else 0.01) * span, "right" if inside else "left"
        axes.text(where, k, text, va="center", ha=align, fontsize=7.5,
                  color="white" if inside else TEXT_GREY)  # fmt: skip
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_yticks(y, [f"{c.criterion} (w {c.weight:.3f})" for c in shown])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(shown) - 0.4, -0.6)
    axes.set_xlim(left - 0.03 * span, right + 0.45 * span)  # room for the labels
    ticks = [-100, -50, 0, 50, 100] if right <= 100 else [-100, 0, 100, 200, 300]
    ticks = [t for t in ticks if left <= t <= right]
    axes.set_xticks(ticks, [f"{_signed(t, 0)}%" if t else "0" for t in ticks])
    axes.set_xlabel("change of the indicator's weight, % of its weight (others rescaled)")
    axes.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
    axes.set_axisbelow(True)


def _signed(value: float, digits: int = 1) -> str:
    """``+12.5`` or ``−12.5`` (a true minus sign)."""
    return f"{value:+.{digits}f}".replace("-", "−")


def _tornado_alt(
    report: SensitivityReport, bars: list[CriterionThreshold], never: list[str]
) -> str:
    top = report.thresholds.top
    text = f"{report.method.upper()}: {top} is first at the scenario's weights."
    if bars:
        first = bars[0]
        text += (
            f" The smallest single change that unseats it: {first.criterion} "
            f"{first.percent or 0.0:+.1f}% (weight {first.weight:.3f} → "
            f"{first.top_weight or 0.0:.3f}), putting {first.new_top} first."
        )
    else:
        text += " No single weight change in [0, 1] unseats it."
    if len(bars) > MAX_BARS:
        text += f" The figure shows the {MAX_BARS} smallest of {len(bars)} thresholds."
    if never:
        text += f" {len(never)} indicator(s) never change the top: {listing(never, 5)}."
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
    caption = (
        f"{report.method.upper()}: the weight range of each dimension over which the top city "
        "stays first (one dimension varied at a time)"
    )
    return Figure(svg, alt, caption)


def _sweeps(axes: Axes, report: SensitivityReport, targets: list[OatTarget]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    top = targets[0].top if targets else report.thresholds.top
    axes.set_title(f"{report.method.upper()}: weights keeping {shorten(top, 28)} first")
    if not targets:
        axes.text(0.5, 0.5, "No dimension to sweep (one dimension holds every indicator).",
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
            text = f"{shorten(target.below, 24)} first below {low:.2f}"
            axes.text(low, k + 0.17, text, va="top", fontsize=7.5, color=TEXT_GREY,
                      ha="right" if low > 0.4 else "left")  # fmt: skip
        if target.above is not None:  # over the bar: who is first above it
            text = f"{shorten(target.above, 24)} first above {high:.2f}"
            axes.text(high, k - 0.17, text, va="bottom", fontsize=7.5, color=TEXT_GREY,
                      ha="left" if high < 0.6 else "right")  # fmt: skip
    axes.set_yticks(range(len(targets)), [f"{t.target} (now {t.current:.2f})" for t in targets])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(targets) - 0.4, -0.7)
    axes.set_xlim(-0.02, 1.02)
    axes.set_xlabel("dimension's total weight (the others rescaled in proportion)")
    handles = [
        Patch(color=PALETTE[0], label=f"{shorten(top, 30)} stays first"),
        Line2D([], [], marker="D", color="black", linestyle="", label="current weight"),
        Patch(color=LIGHT_GREY, label="another city first"),
    ]
    figure = axes.get_figure()
    if figure is not None:
        figure.legend(handles=handles, loc="outside lower center", ncols=3)


def _sweeps_alt(report: SensitivityReport, targets: list[OatTarget]) -> str:
    if not targets:
        return f"{report.method.upper()}: no dimension to sweep."
    top = targets[0].top
    parts = []
    for t in targets[:ALT_TARGETS]:
        low, high = t.interval
        whole = low <= 0 and high >= 1 and t.below is None and t.above is None
        span = "at any weight" if whole else f"from {low:.2f} to {high:.2f}"
        parts.append(f"{t.target} (now {t.current:.2f}) {span}")
    if len(targets) > ALT_TARGETS:
        parts.append(f"and {len(targets) - ALT_TARGETS} more dimensions")
    return (
        f"{report.method.upper()}: {top} stays first while one dimension's weight (the others "
        f"rescaled) varies: {'; '.join(parts)}."
    )
