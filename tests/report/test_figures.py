"""Figures of the HTML report: one self-contained inline SVG each, deterministic, with ids
that never collide across figures, and alt text that carries the figure's key numbers."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from cases import GULF

from mcda_citydip.analysis import SensitivityReport, SensitivitySettings, analyse
from mcda_citydip.files.scenario import Scenario, load_scenario
from mcda_citydip.pipeline import RunResult, run
from mcda_citydip.report.figures import (
    PALETTE,
    Figure,
    acceptability_figure,
    map_figure,
    scores_figure,
    sweeps_figure,
    tornado_figure,
    weights_figure,
)
from mcda_citydip.report.figures.rankings import rank_bins

ROOT = Path(__file__).resolve().parents[2]
PERSIAN = "بندر عباس"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "persian-gulf.yaml")


@pytest.fixture(scope="module")
def result(scenario: Scenario) -> RunResult:
    return run(scenario)


@pytest.fixture(scope="module")
def report(scenario: Scenario) -> SensitivityReport:
    return analyse(scenario, SensitivitySettings(samples=200, seed=1, grid_points=21))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, SensitivityReport]:
    """35 cities (Persian letters in their names) × 24 indicators under the goal: more than
    the 30 rows and 20 bars a figure shows."""
    rng = np.random.default_rng(7)
    m, n = 35, 24
    criteria = "\n".join(f"  - {{id: c{j}, direction: benefit}}" for j in range(n))
    rows = "\n".join(
        f"  City {i} ش: {{{', '.join(f'c{j}: {v}' for j, v in enumerate(rng.integers(1, 99, n)))}}}"
        for i in range(m)
    )
    weights = rng.dirichlet(np.full(n, 3.0))
    given = ", ".join(f"c{j}: {w:.8f}" for j, w in enumerate(weights / weights.sum()))
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(
        "format: citydip/scenario\nversion: 1\nname: Big\n"
        f"criteria:\n{criteria}\nalternatives:\n{rows}\nweights: {{{given}}}\n"
        "methods:\n  topsis: {normalization: vector}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    return scenario, analyse(scenario, SensitivitySettings(samples=100, seed=1, grid_points=11))


def ranks_with_persian(result: RunResult) -> dict[str, int]:
    ranks = dict(result.results["topsis"].ranks)
    ranks[PERSIAN] = ranks.pop("Bandar Abbas")
    return ranks


def gulf_map(result: RunResult) -> Figure:
    locations = {PERSIAN if k == "Bandar Abbas" else k: v for k, v in GULF.items()}
    status = {name: ("member", "candidate", "former member", "expelled")[i % 4]
              for i, name in enumerate(locations)}  # fmt: skip
    partnerships = [("Dubai", "Doha"), ("Dubai", PERSIAN), ("Basra", "Kuwait City")]
    found = map_figure(locations, partnerships, ranks_with_persian(result), status)
    assert found is not None
    return found


BUILDERS: dict[str, Callable[[Scenario, RunResult, SensitivityReport], Figure]] = {
    "weights": lambda s, r, a: weights_figure(s.hierarchy, r.weights, r.effective_weights),
    "scores": lambda s, r, a: scores_figure(r),
    "acceptability-topsis": lambda s, r, a: acceptability_figure(a.reports[0]),
    "acceptability-vikor": lambda s, r, a: acceptability_figure(a.reports[1]),
    "tornado-topsis": lambda s, r, a: tornado_figure(a.reports[0]),
    "tornado-vikor": lambda s, r, a: tornado_figure(a.reports[1]),
    "sweeps-topsis": lambda s, r, a: sweeps_figure(a.reports[0]),
    "sweeps-vikor": lambda s, r, a: sweeps_figure(a.reports[1]),
    "map": lambda s, r, a: gulf_map(r),
}


@pytest.fixture(scope="module")
def built(scenario: Scenario, result: RunResult, report: SensitivityReport) -> dict[str, Figure]:
    """Every figure of the Persian Gulf scenario, built once."""
    assert [r.method for r in report.reports] == ["topsis", "vikor"]
    return {kind: build(scenario, result, report) for kind, build in BUILDERS.items()}


def ids_of(svg: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', svg)


@pytest.mark.parametrize("kind", BUILDERS)
def test_each_figure_is_one_self_contained_inline_svg(
    kind: str,
    built: dict[str, Figure],
    scenario: Scenario,
    result: RunResult,
    report: SensitivityReport,
) -> None:
    figure = built[kind]
    root = ET.fromstring(figure.svg)
    assert root.tag == "svg" and figure.svg.startswith("<svg ")
    assert root.get("width") == "100%" and root.get("height") is None
    assert len((root.get("viewBox") or "").split()) == 4
    assert "http" not in figure.svg and "<?xml" not in figure.svg
    assert "DOCTYPE" not in figure.svg and "<image" not in figure.svg
    assert "xlink" not in figure.svg and "<text" not in figure.svg  # text drawn as paths
    ids = ids_of(figure.svg)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{root.get('id')}-") for i in ids if i != root.get("id"))
    references = re.findall(r'href="([^"]*)"', figure.svg)
    references += [f"#{r}" for r in re.findall(r"url\(#([^)]+)\)", figure.svg)]
    assert references and all(r.startswith("#") and r[1:] in ids for r in references)
    assert 20 < len(figure.alt) < 700 and figure.alt.count(". ") <= 5
    assert figure.caption and "\n" not in figure.caption
    assert BUILDERS[kind](scenario, result, report).svg == figure.svg  # byte-identical


def test_ids_never_collide_between_figures(built: dict[str, Figure]) -> None:
    figures = list(built.values())
    page = "<div>" + "".join(f.svg for f in figures) + "</div>"
    ET.fromstring(page)
    ids = ids_of(page)
    assert len(ids) == len(set(ids))
    assert len({ET.fromstring(f.svg).get("id") for f in figures}) == len(figures)


def test_weights_alt_names_the_dimensions_and_the_dropped(
    built: dict[str, Figure], scenario: Scenario, result: RunResult
) -> None:
    figure = built["weights"]
    net = sum(
        result.weights.global_weights[leaf] for leaf in scenario.hierarchy.leaves_under("NET")
    )
    assert f"NET {net:.3f}" in figure.alt
    assert f"NET {result.weights.nodes['goal'].local['NET']:.3f}" in figure.alt  # local = global
    dropped = len(scenario.hierarchy.leaves) - len(result.effective_weights)
    assert f"{dropped} of {len(scenario.hierarchy.leaves)} indicators have no data" in figure.alt
    plain = weights_figure(scenario.hierarchy, result.weights)
    assert "dropped" not in plain.alt and "dropped" not in plain.caption


def test_scores_alt_has_each_method_top_and_the_compromise_set(
    built: dict[str, Figure], result: RunResult
) -> None:
    figure = built["scores"]
    for method, ranking in result.results.items():
        top = ranking.order()[0]
        assert f"{method.upper()} " in figure.alt
        assert f"{top} ({ranking.scores[top]:.3f})" in figure.alt
    assert "lower is better" in figure.alt and "higher is better" in figure.alt
    compromise = result.results["vikor"].flags["compromise_set"]
    assert f"compromise set: {' and '.join(compromise)}" in figure.alt


def test_acceptability_alt_has_the_first_rank_share(
    built: dict[str, Figure], report: SensitivityReport
) -> None:
    for one in report.reports:
        figure = built[f"acceptability-{one.method}"]
        top = one.baseline.order()[0]
        share = one.smaa.rank_acceptability[one.smaa.alternatives.index(top), 0]
        assert f"{top}, first at the scenario's weights, is first in {share:.0%}" in figure.alt
        assert one.method.upper() in figure.caption


def test_tornado_alt_has_the_most_critical_indicator(
    built: dict[str, Figure], report: SensitivityReport
) -> None:
    figure = built["tornado-topsis"]
    critical = report.thresholds.most_critical
    assert critical is not None
    threshold = report.thresholds.criteria[critical]
    assert f"{critical} {threshold.percent:+.1f}%" in figure.alt
    never = [c for c, t in report.thresholds.criteria.items() if t.top is None]
    assert all(c in figure.alt for c in never[:5])


def test_sweeps_alt_has_every_dimension_interval(
    built: dict[str, Figure], report: SensitivityReport
) -> None:
    figure = built["sweeps-topsis"]
    for name, target in report.oat.dimensions.items():
        assert f"{name} (now {target.current:.2f})" in figure.alt
        if target.below is not None:
            assert f"from {target.interval[0]:.2f}" in figure.alt


def test_caps_on_many_cities_and_indicators(big: tuple[Scenario, SensitivityReport]) -> None:
    scenario, report = big
    result = run(scenario)
    assert "first 30 of 35 cities" in acceptability_figure(report).alt
    assert "first 30 of 35 cities" in scores_figure(result).alt
    bars = sum(
        t.top is not None and t.measure == "fraction" for t in report.thresholds.criteria.values()
    )
    assert bars > 20
    assert f"shows the 20 smallest of {bars} thresholds" in tornado_figure(report).alt
    # a hierarchy with no dimensions: the indicators sit under the goal
    weights = weights_figure(scenario.hierarchy, result.weights, result.effective_weights)
    assert f"{len(scenario.hierarchy.leaves)} dimensions" in weights.alt
    ET.fromstring(sweeps_figure(report).svg)


def test_rank_colours_group_many_ranks() -> None:
    assert rank_bins(13, 13) == [(r, r) for r in range(1, 14)]
    assert rank_bins(104, 104) == [(1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 20),
                                   (21, 50), (51, 104)]  # fmt: skip
    assert rank_bins(500, 40)[-1] == (21, 40)  # ranks cut by the output cap


def test_map_draws_one_line_per_partnership_and_a_persian_name(
    built: dict[str, Figure],
) -> None:
    figure = built["map"]
    lines = re.findall(r'id="map-[0-9a-f]+-partnership-(\d+)"', figure.svg)
    assert sorted(lines) == ["0", "1", "2"]
    assert "3 of 3 partnerships" in figure.alt and "13 cities" in figure.alt
    assert "left off" not in figure.alt  # every name finds a free place
    ranks = {PERSIAN: 1, "Dubai": 2}
    persian_first = map_figure({PERSIAN: GULF["Bandar Abbas"], "Dubai": GULF["Dubai"]}, [], ranks)
    assert persian_first is not None and f"the first ranked is {PERSIAN}" in persian_first.alt
    assert "member" not in persian_first.alt


def test_map_skips_partnerships_without_coordinates_and_needs_two_cities() -> None:
    located = {"A": (59.3, 18.1), "B": (60.2, 24.9), "C": (float("nan"), 0.0)}
    figure = map_figure(located, [("A", "B"), ("A", "C"), ("A", "Z")])
    assert figure is not None
    assert len(re.findall(r"-partnership-\d+", figure.svg)) == 1
    assert "1 of 3 partnerships drawn" in figure.alt
    assert map_figure({"A": (59.3, 18.1)}, [("A", "B")]) is None
    assert map_figure({}, []) is None
    assert map_figure({"A": (1.0, 179.0), "B": (2.0, -179.0)}, []) is not None  # antimeridian


def test_palette_is_okabe_ito() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert okabe_ito <= set(PALETTE) and len(PALETTE) == 8


def test_figures_leave_matplotlib_state_alone(result: RunResult) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    scores_figure(result)
    assert dict(matplotlib.rcParams) == before and matplotlib.get_backend() == backend


def test_importing_the_figures_does_not_import_matplotlib() -> None:
    code = (
        "import sys\n"
        "import mcda_citydip.report.figures as f\n"
        "assert 'matplotlib' not in sys.modules, 'imported on import'\n"
        "assert f.map_figure({'A': (59.3, 18.1), 'B': (60.2, 24.9)}, [('A', 'B')]) is not None\n"
        "assert 'matplotlib' in sys.modules and 'matplotlib.pyplot' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
