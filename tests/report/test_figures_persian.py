"""The figures in Persian (issue 15): every caption, alt text and text drawn into a figure
(title, axis label, legend, annotation, note) comes from the catalogue, so that with
``--lang fa`` no English sentence is left; ids, method names and city names stay Latin.
Numbers written by the figures follow ``--digits``. English is unchanged."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from cases import GULF
from msgspec.structs import replace

from mcda_citydip import i18n
from mcda_citydip.analysis import SensitivityReport, SensitivitySettings, analyse
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.names import shown_names
from mcda_citydip.pipeline import RunResult, run
from mcda_citydip.report.figures import (
    Figure,
    acceptability_figure,
    map_figure,
    scores_figure,
    sweeps_figure,
    tornado_figure,
    weights_figure,
)
from mcda_citydip.report.figures.geo_frame import MARGIN_CM, _frame, _label_margin, _places
from mcda_citydip.report.figures.svg import listing
from mcda_citydip.report.figures.text import RTL_MARK, phrase

STATUS = ("member", "candidate", "former member", "expelled")
#: Names that stay Latin in Persian text besides the scenarios' ids.
SYMBOLS = ("TOPSIS", "VIKOR", "SMAA-2", "dirichlet", "uniform", "ahp", "Q")
LATIN = re.compile(r"[A-Za-z]+")

Build = Callable[[], Figure | None]


@pytest.fixture(scope="module")
def gulf() -> tuple[Scenario, RunResult, SensitivityReport]:
    scenario = load_scenario(default_scenario_path())
    settings = SensitivitySettings(samples=200, seed=1, grid_points=21)
    return scenario, run(scenario), analyse(scenario, settings)


def write_scenario(folder: Path, name: str, rows: list[list[int]], weights: list[float]) -> Path:
    """A flat scenario (indicators under the goal) of ``rows`` (a city per row)."""
    criteria = "\n".join(f"  - {{id: c{j}, direction: benefit}}" for j in range(len(weights)))
    table = "\n".join(
        f"  City {i}: {{{', '.join(f'c{j}: {v}' for j, v in enumerate(row))}}}"
        for i, row in enumerate(rows)
    )
    given = ", ".join(f"c{j}: {w:.8f}" for j, w in enumerate(weights))
    path = folder / f"{name}.yaml"
    path.write_text(
        f"format: citydip/scenario\nversion: 1\nname: {name}\ncriteria:\n{criteria}\n"
        f"alternatives:\n{table}\nweights: {{{given}}}\n"
        "methods:\n  topsis: {normalization: vector}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, SensitivityReport]:
    """35 cities × 24 indicators: more than the 30 rows and 20 bars a figure shows."""
    rng = np.random.default_rng(7)
    rows = [[int(v) for v in rng.integers(1, 99, 24)] for _row in range(35)]
    weights = rng.dirichlet(np.full(24, 3.0))
    path = write_scenario(tmp_path_factory.mktemp("big"), "big", rows, list(weights))
    scenario = load_scenario(path)
    return scenario, analyse(scenario, SensitivitySettings(samples=100, seed=1, grid_points=11))


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, SensitivityReport]:
    """A city best on the weighted indicators: no weight change unseats it, but giving the
    indicator of weight 0 some would (an absolute threshold); no dimension to sweep."""
    rows = [[90, 80, 30], [10, 20, 50], [20, 10, 90]]
    path = write_scenario(tmp_path_factory.mktemp("settled"), "settled", rows, [0.5, 0.5, 0.0])
    scenario = load_scenario(path)
    found = analyse(scenario, SensitivitySettings(samples=50, seed=1, grid_points=11))
    report = found.reports[0]
    unswept = replace(report, oat=replace(report.oat, dimensions=MappingProxyType({})))
    return scenario, unswept


def builders(
    gulf: tuple[Scenario, RunResult, SensitivityReport],
    big: tuple[Scenario, SensitivityReport],
    settled: tuple[Scenario, SensitivityReport],
) -> dict[str, Build]:
    """Every figure, each kind of panel, with the names of the current language."""
    scenario, result, analysis = gulf
    names = shown_names(scenario.problem)
    status = {city: STATUS[k % 4] for k, city in enumerate(GULF)}
    ranks = dict(result.results["topsis"].ranks)
    crowd = {f"City {k}": (25.0 + 0.01 * k, 55.0 + 0.01 * k) for k in range(30)}
    big_scenario, big_report = big
    big_run = run(big_scenario)
    found: dict[str, Build] = {
        "weights": lambda: weights_figure(scenario.hierarchy, result.weights,
                                          result.effective_weights),
        "weights-plain": lambda: weights_figure(scenario.hierarchy, result.weights),
        "scores": lambda: scores_figure(result, names),
        "map": lambda: map_figure(GULF, [("Dubai", "Doha"), ("Basra", "Nowhere")], ranks,
                                  status, names),
        "map-bare": lambda: map_figure({k: GULF[k] for k in ("Doha", "Dubai")}, []),
        "map-crowded": lambda: map_figure(crowd, [], {c: k + 1 for k, c in enumerate(crowd)}),
        "big-scores": lambda: scores_figure(big_run),
        "big-acceptability": lambda: acceptability_figure(big_report),
        "big-tornado": lambda: tornado_figure(big_report),
        "big-sweeps": lambda: sweeps_figure(big_report),
        "big-weights": lambda: weights_figure(big_scenario.hierarchy, big_run.weights),
        "settled-tornado": lambda: tornado_figure(settled[1]),
        "settled-sweeps": lambda: sweeps_figure(settled[1]),
    }  # fmt: skip
    for one in analysis.reports:
        found[f"acceptability-{one.method}"] = partial(acceptability_figure, one, names)
        found[f"tornado-{one.method}"] = partial(tornado_figure, one)
        found[f"sweeps-{one.method}"] = partial(sweeps_figure, one)
    return found


@pytest.fixture(scope="module")
def allowed(
    gulf: tuple[Scenario, RunResult, SensitivityReport],
    big: tuple[Scenario, SensitivityReport],
    settled: tuple[Scenario, SensitivityReport],
) -> tuple[str, ...]:
    """What stays Latin: ids (cities, indicators, dimensions) and method names."""
    ids: set[str] = set(SYMBOLS) | set(GULF) | {f"City {k}" for k in range(35)}
    for scenario in (gulf[0], big[0], settled[0]):
        ids |= set(scenario.hierarchy.nodes)
        if scenario.problem is not None:
            ids |= set(scenario.problem.alternatives)
    return tuple(sorted(ids, key=len, reverse=True))


def drawn_texts(svg: str) -> list[str]:
    """The texts drawn into a figure: matplotlib writes each as a comment before its paths."""
    return re.findall(r"<!-- (.*?) -->", svg, flags=re.S)


def without(text: str, allowed: tuple[str, ...]) -> str:
    """``text`` with the ``allowed`` names (whole words, longest first) taken out."""
    for name in allowed:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", " ", text)
    return text


def latin_runs(text: str, allowed: tuple[str, ...]) -> list[str]:
    """Runs of three or more Latin words in ``text`` once the ``allowed`` names are taken
    out (numbers and punctuation between the words do not break a run; a Persian word
    does)."""
    letters = "".join(
        c if c.isascii() and c.isalpha() else "ش" if unicodedata.category(c)[0] == "L" else " "
        for c in without(text, allowed)
    )
    tokens = re.findall(r"[A-Za-z]+|ش+", letters)
    runs, current = [], []
    for token in [*tokens, "ش"]:
        if LATIN.fullmatch(token):
            current.append(token)
            continue
        if len(current) >= 3:
            runs.append(" ".join(current))
        current = []
    return runs


def build_all(found: dict[str, Build]) -> dict[str, Figure]:
    figures = {}
    for kind, build in found.items():
        figure = build()
        assert figure is not None, kind
        figures[kind] = figure
    return figures


@pytest.fixture(scope="module")
def english_figures(
    gulf: tuple[Scenario, RunResult, SensitivityReport],
    big: tuple[Scenario, SensitivityReport],
    settled: tuple[Scenario, SensitivityReport],
) -> dict[str, Figure]:
    i18n.reset()
    return build_all(builders(gulf, big, settled))


@pytest.fixture(scope="module")
def persian_figures(
    gulf: tuple[Scenario, RunResult, SensitivityReport],
    big: tuple[Scenario, SensitivityReport],
    settled: tuple[Scenario, SensitivityReport],
) -> Iterator[dict[str, Figure]]:
    i18n.set_language("fa")
    i18n.set_digits("fa")
    try:
        yield build_all(builders(gulf, big, settled))
    finally:
        i18n.reset()


def test_the_check_finds_english_and_lets_names_pass(allowed: tuple[str, ...]) -> None:
    assert latin_runs("share of 2,000 draws (dirichlet)", allowed) == ["share of draws"]
    assert latin_runs("TOPSIS: Dubai is first", allowed) == []
    assert latin_runs("Kuwait City, Ras Al Khaimah and NET1", allowed) == []
    assert latin_runs("سهم از ۲٬۰۰۰ نمونه (dirichlet)", allowed) == []
    assert latin_runs("changes that unseat Dubai", allowed) == ["changes that unseat"]
    assert latin_runs("Dubai نخست می‌ماند; Doha, Muscat, Basra", allowed) == []


def test_every_persian_caption_alt_and_drawn_text_is_persian(
    persian_figures: dict[str, Figure], allowed: tuple[str, ...]
) -> None:
    left: dict[str, list[str]] = {}
    for kind, figure in persian_figures.items():
        assert i18n.has_arabic_script(figure.caption), (kind, figure.caption)
        assert i18n.has_arabic_script(figure.alt), (kind, figure.alt)
        for text in [figure.caption, figure.alt, *drawn_texts(figure.svg)]:
            if found := latin_runs(text, allowed):
                left.setdefault(kind, []).extend(found)
    assert not left, f"English left in the Persian figures: {left}"


def test_the_english_figures_say_it_in_english(
    english_figures: dict[str, Figure], allowed: tuple[str, ...]
) -> None:
    for kind, figure in english_figures.items():
        assert not i18n.has_arabic_script(figure.caption), kind
        assert latin_runs(figure.caption, allowed), kind
        assert latin_runs(figure.alt, allowed), kind
    assert english_figures["scores"].caption == (
        "Scores of the cities by TOPSIS and VIKOR, in rank order"
    )
    assert english_figures["map"].caption == "Where the cities are and their partnerships"
    assert "No single weight change in [0, 1] unseats it." in (
        english_figures["settled-tornado"].alt
    )
    assert "no dimension to sweep" in english_figures["settled-sweeps"].alt


def test_english_is_the_same_after_persian(
    english_figures: dict[str, Figure],
    persian_figures: dict[str, Figure],
    gulf: tuple[Scenario, RunResult, SensitivityReport],
    big: tuple[Scenario, SensitivityReport],
    settled: tuple[Scenario, SensitivityReport],
) -> None:
    """A Persian report leaves no state behind: English comes out byte-identical."""
    assert all(persian_figures[k].svg != english_figures[k].svg for k in english_figures)
    again = build_all(builders(gulf, big, settled))
    for kind, figure in english_figures.items():
        assert again[kind] == figure, kind


def test_numbers_written_by_the_figures_follow_the_digits(
    persian_figures: dict[str, Figure],
    english_figures: dict[str, Figure],
    allowed: tuple[str, ...],
) -> None:
    """Annotations, tick labels (those the figures format and matplotlib's own) and the
    numbers of captions and alt texts: Persian digits with ``--digits fa``."""
    weights = drawn_texts(persian_figures["weights"].svg)
    assert any(re.fullmatch(r"\s*[۰-۹]٫[۰-۹]{3}", t) for t in weights)
    assert not any(re.fullmatch(r"\s*[0-9]\.[0-9]{3}", t) for t in weights)
    key = drawn_texts(persian_figures["acceptability-topsis"].svg)
    assert "۱۳" in key and "13" not in key
    for kind, figure in persian_figures.items():
        for text in (figure.caption, figure.alt):
            assert not re.search(r"[0-9]", without(text, allowed)), (kind, text)
        drawn = [without(t, allowed) for t in drawn_texts(figure.svg)]
        assert not [t for t in drawn if re.fullmatch(r"[\s−\-]*[0-9][0-9.,]*", t)], kind
    assert re.search(r"[0-9]", english_figures["weights"].alt)


def test_persian_phrases_are_laid_out_right_to_left() -> None:
    """A Persian phrase is one right-to-left line even when it starts with a Latin name, so
    that ``Dubai نخست می‌ماند`` is read subject first; English stays as typed."""
    i18n.set_language("fa")
    assert phrase("Dubai نخست می‌ماند").startswith(RTL_MARK)
    assert all(x.startswith(RTL_MARK) for x in phrase("یک\nدو").split("\n"))
    assert phrase("TOPSIS") == "TOPSIS"
    i18n.reset()
    assert phrase("Dubai first") == "Dubai first"
    assert phrase("first is بوشهر") == "first is بوشهر"  # an English phrase with a name


def test_the_map_makes_room_for_persian_latitudes() -> None:
    places = _places(GULF, None, None)
    assert _label_margin(_frame(places)) <= MARGIN_CM[0]  # 30°N fits
    i18n.set_language("fa")
    assert _label_margin(_frame(places)) > MARGIN_CM[0]  # ۳۰° شمالی needs more


def test_lists_use_the_persian_comma_and_and() -> None:
    assert listing(["A", "B", "C", "D"]) == "A, B, C and 1 more"
    i18n.set_language("fa")
    i18n.set_digits("fa")
    assert listing(["A", "B", "C", "D"]) == "A، B، C و ۱ مورد دیگر"
    assert listing(["A", "B"]) == "A و B"


def test_matplotlibs_offset_text_follows_the_digits_too() -> None:
    """An axis of millions draws its scale (``1e6``) apart from the ticks: ``۱e۶`` with
    ``--digits fa``, unchanged with Latin digits."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure

    from mcda_citydip.report.figures.text import shown_ticks

    offsets = {}
    for digits in ("fa", "latin"):
        i18n.set_digits(digits)
        figure = MplFigure()
        axes = figure.add_subplot()
        axes.plot([0, 1], [2_000_000, 5_000_000])
        shown_ticks(figure)
        formatter = axes.yaxis.get_major_formatter()
        formatter.set_locs(axes.get_yticks())
        offsets[digits] = formatter.get_offset()
    i18n.reset()
    assert offsets["latin"] == "1e6"
    assert offsets["fa"] == "۱e۶"
