"""Persian text in the figures (issue 15): shaped (joined letter forms) and in visual order,
still drawn as paths (no ``<text>`` element, no font needed)."""

from __future__ import annotations

import pytest

from mcda_citydip import i18n
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.pipeline import RunResult, run
from mcda_citydip.report.figures import scores_figure, weights_figure
from mcda_citydip.report.figures.text import LTR_MARK, drawn, matplotlib_shapes, visual


@pytest.fixture(scope="module")
def gulf() -> tuple[Scenario, RunResult]:
    loaded = load_scenario(default_scenario_path())
    return loaded, run(loaded, ["topsis"])


def presentation_form(char: str) -> bool:
    return 0xFB50 <= ord(char) <= 0xFEFF


def test_persian_is_shaped_and_in_visual_order() -> None:
    """بوشهر: ب (initial) و (final) ش (initial) ه (medial) ر (final); in visual order, the
    last letter comes first (for a matplotlib that draws characters unshaped)."""
    shaped = visual("بوشهر")
    assert all(presentation_form(c) for c in shaped)
    assert shaped == "\ufeae\ufeec\ufeb7\ufeee\ufe91"
    assert visual(shaped) == shaped  # never reversed twice


def test_latin_text_is_left_alone() -> None:
    for text in ("Bushehr", "NET1 Membership (count)", "", "0.358"):
        assert visual(text) == text
        assert drawn(text) == text
        assert drawn(text, base="L") == text


def test_mixed_label_keeps_brackets_the_right_way() -> None:
    assert visual("بوشهر (Bushehr)") == "(Bushehr) \ufeae\ufeec\ufeb7\ufeee\ufe91"
    assert visual("2. دوحه", base="L").startswith("2. ")


def test_drawn_leaves_the_shaping_to_a_matplotlib_that_shapes() -> None:
    """matplotlib 3.11 (libraqm) shapes and orders Arabic script itself: shaping it first
    would reverse it twice."""
    if matplotlib_shapes():
        assert drawn("بوشهر") == "بوشهر"
        assert drawn("2. دوحه", base="L") == LTR_MARK + "2. دوحه"
    else:
        assert drawn("بوشهر") == visual("بوشهر")


def test_weights_figure_in_persian_differs_and_has_no_text_element(
    gulf: tuple[Scenario, RunResult],
) -> None:
    loaded, result = gulf
    english = weights_figure(loaded.hierarchy, result.weights, result.effective_weights)
    i18n.set_language("fa")
    persian = weights_figure(loaded.hierarchy, result.weights, result.effective_weights)
    assert persian.svg != english.svg
    assert "<text" not in persian.svg


def test_scores_figure_draws_persian_city_names(gulf: tuple[Scenario, RunResult]) -> None:
    loaded, result = gulf
    assert loaded.problem is not None
    plain = scores_figure(result)
    named = scores_figure(result, loaded.problem.names["fa"])
    assert named.svg != plain.svg
    assert "<text" not in named.svg
    assert named.alt == plain.alt  # the alt text keeps the ids
