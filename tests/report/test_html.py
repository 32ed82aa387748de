"""The HTML study (``citydip report``), built in-process and read back with ``html.parser``.

Checked: every section is there with a heading and a takeaway, every number of the
rankings table is the one of ``citydip run --format json``, nothing in the page makes a
request, every figure has alt text, text from the user's files is inert, and the same
inputs give the same page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from mcda_citydip.analysis import SensitivitySettings, analyse
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.report.data import run_data
from mcda_citydip.report.html import SECTIONS, Study, build_study, study_html
from mcda_citydip.report.html.coverage import KINDS

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = {
    "persian-gulf": ROOT / "scenarios" / "persian-gulf.yaml",
    "illustrative": ROOT / "scenarios" / "illustrative" / "scenario.yaml",
}
SAMPLES = 300
VOID = {"meta", "br", "img", "link", "input", "hr", "source", "area", "base", "col", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def iter(self, tag: str | None = None) -> list[Element]:
        found = []
        for child in self.elements:
            if tag is None or child.tag == tag:
                found.append(child)
            found.extend(child.iter(tag))
        return found

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class TreeBuilder(HTMLParser):
    """A small DOM: elements with their attributes, children and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root
        self.declarations: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"unmatched </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


def build(path: Path, samples: int = SAMPLES, command: str = "citydip report") -> Study:
    scenario = load_scenario(path)
    analysis = analyse(scenario, SensitivitySettings(samples=samples, seed=7))
    return build_study(scenario, analysis, command)


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[Study, str, TreeBuilder]]:
    """Each shipped scenario's study, page and parsed page, built once for the module."""
    found = {}
    for key, path in SCENARIOS.items():
        study = build(path, command=f"citydip report {path.name} --samples {SAMPLES}")
        page = study_html(study)
        found[key] = (study, page, parse(page))
    return found


CASES = list(SCENARIOS)


def sections(tree: TreeBuilder) -> dict[str, Element]:
    return {s.attrs["id"]: s for s in tree.root.iter("section")}


@pytest.mark.parametrize("case", CASES)
def test_a_whole_document_in_english(built: Any, case: str) -> None:
    _, page, tree = built[case]
    assert page.startswith("<!doctype html>")
    html = tree.root.iter("html")[0]
    assert html.attrs["lang"] == "en"
    metas = tree.root.iter("meta")
    assert any(m.attrs.get("charset") == "utf-8" for m in metas)
    assert any(m.attrs.get("name") == "viewport" for m in metas)


@pytest.mark.parametrize("case", CASES)
def test_every_section_opens_with_a_heading_and_a_takeaway(built: Any, case: str) -> None:
    _, _, tree = built[case]
    found = sections(tree)
    assert list(found) == list(SECTIONS)
    for key, section in found.items():
        first, second = section.elements[:2]
        assert first.tag == "h2", key
        assert second.tag == "p" and "takeaway" in second.classes(), key
        assert len(second.text.strip()) > 20, key
        assert re.search(r"\d", second.text) or key == "map", f"{key}: no number in the takeaway"
    links = [a.attrs["href"] for a in tree.root.iter("nav")[0].iter("a")]
    assert links == [f"#{key}" for key in SECTIONS]


def test_takeaways_come_from_the_results(built: Any) -> None:
    study, _, tree = built["persian-gulf"]
    summary = sections(tree)["summary"].elements[1].text
    top = study.leaders("topsis")[0]
    share = study.first_share("topsis", top)
    assert summary.startswith(f"{top} ranks first by TOPSIS")
    assert f"{share:.1%}" in summary and f"{SAMPLES:,} draws" in summary
    assert f"{study.run.support.supported_weight:.1%}" in summary
    rankings = sections(tree)["rankings"].elements[1].text
    assert f"{study.run.results['topsis'].scores[top]:.4f}" in rankings


@pytest.mark.parametrize("case", CASES)
def test_every_number_of_the_rankings_table_is_the_json_of_run(built: Any, case: str) -> None:
    study, _, tree = built[case]
    data = json.loads(json.dumps(run_data(study.run)))  # as `citydip run --format json`
    table = next(t for t in tree.root.iter("table") if "rankings" in t.classes())
    rows = table.iter("tbody")[0].iter("tr")
    assert sorted(r.attrs["data-alternative"] for r in rows) == sorted(data["alternatives"])
    checked = set()
    for row in rows:
        city = row.attrs["data-alternative"]
        for td in row.iter("td"):
            if "data-value" not in td.attrs:
                continue
            method, key = td.attrs["data-key"].split(".")
            value = json.loads(td.attrs["data-value"])
            if key == "compromise_set":
                expected: Any = city in data["results"][method]["compromise_set"]
            elif key == "rank_intervals":
                expected = data["rank_intervals"][method][city]
            else:
                expected = data["results"][method][key][city]
                shown = str(expected) if key == "ranks" else f"{expected:.4f}"
                assert td.text == shown
            assert value == expected, (city, method, key)
            checked.add((city, method, key))
    keys = {"topsis": 2, "vikor": 5} if "rank_intervals" not in data else {"topsis": 3, "vikor": 6}
    assert len(checked) == len(rows) * sum(keys.values())


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_fetched(built: Any, case: str) -> None:
    _, page, tree = built[case]
    everything = tree.root.iter()
    assert not [e for e in everything if e.tag in ("link", "script", "iframe", "object", "img")]
    for element in everything:
        for attribute in ("src", "href", "xlink:href", "srcset", "action", "poster"):
            target = element.attrs.get(attribute)
            assert target is None or target.startswith("#"), (element.tag, attribute, target)
    styles = "".join(s.text for s in tree.root.iter("style"))
    assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
    assert not re.search(r"url\(\s*['\"]?(?!#)", page), "a url() that is not an anchor"


@pytest.mark.parametrize("case", CASES)
def test_every_id_is_unique(built: Any, case: str) -> None:
    """Inline SVGs share one document: a repeated id would point a clip path or a link at
    another figure."""
    _, _, tree = built[case]
    ids = [e.attrs["id"] for e in tree.root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES)
def test_every_figure_is_an_svg_with_alt_text(built: Any, case: str) -> None:
    study, _, tree = built[case]
    figures = tree.root.iter("figure")
    assert len(figures) >= 2 + 3 * len(study.analysis.reports)
    for figure in figures:
        image = figure.elements[0]
        assert image.attrs.get("role") == "img" and "svg" in image.classes()
        assert image.attrs.get("aria-label", "").strip()
        assert image.iter("svg"), "no inline svg"
        assert figure.iter("figcaption")[0].text.strip()


def test_print_styles_keep_figures_and_tables_whole(built: Any) -> None:
    _, _, tree = built["illustrative"]
    style = re.sub(r"\s+", " ", "".join(s.text for s in tree.root.iter("style")))
    assert "@page { size: A4; margin: 15mm; }" in style
    assert "figure, table" in style and "break-inside: avoid" in style
    assert "thead { display: table-header-group; }" in style


def test_the_banners_say_what_is_invented_and_what_is_partial(built: Any) -> None:
    banners = {
        case: [b.text for b in tree.root.iter("div") if "banner" in b.classes()]
        for case, (_, _, tree) in built.items()
    }
    assert any(b.startswith("ILLUSTRATIVE:") for b in banners["persian-gulf"])
    assert any(b.startswith("PARTIAL INDEX:") for b in banners["persian-gulf"])
    assert any(b.startswith("ILLUSTRATIVE:") for b in banners["illustrative"])
    assert not any("PARTIAL" in b for b in banners["illustrative"])


@pytest.mark.parametrize("case", CASES)
def test_the_coverage_grid_has_a_cell_of_a_known_kind_per_city_and_indicator(
    built: Any, case: str
) -> None:
    study, _, tree = built[case]
    grid = next(t for t in tree.root.iter("table") if "grid" in t.classes())
    rows = grid.iter("tbody")[0].iter("tr")
    assert [r.iter("th")[0].text for r in rows] == list(study.run.alternatives)
    for row in rows:
        cells = row.iter("td")
        assert len(cells) == len(study.scenario.hierarchy.leaves)
        for td in cells:
            kind = (td.classes() & set(KINDS)).pop()
            assert td.text == KINDS[kind][0]  # a symbol, not colour alone
    legend = next(u for u in tree.root.iter("ul") if "legend" in u.classes())
    assert all(kind in legend.text for kind in KINDS)


def test_the_sources_table_gives_each_source_with_its_year(built: Any) -> None:
    _, _, tree = built["persian-gulf"]
    coverage = sections(tree)["coverage"]
    rows = [[td.text for td in tr.iter("td")] for tr in coverage.iter("tr")]
    gawc = next(r for r in rows if r and r[0].startswith("gawc_da31_gnc2020.csv"))
    assert gawc[1] == "2020" and "ECO1" in gawc[2]


def test_the_last_section_gives_the_version_and_the_command(built: Any) -> None:
    study, _, tree = built["illustrative"]
    last = sections(tree)["provenance"]
    assert f"citydip report scenario.yaml --samples {SAMPLES}" in last.iter("pre")[0].text
    assert study.version and study.version in last.text


def test_the_same_inputs_give_the_same_page(built: Any) -> None:
    _, page, _ = built["persian-gulf"]
    path = SCENARIOS["persian-gulf"]
    again = study_html(build(path, command=f"citydip report {path.name} --samples {SAMPLES}"))
    assert again == page


HOSTILE_CRITERIA = """\
format: citydip/criteria
version: 1
goal: Capacity <b>bold</b>
criteria:
  - id: ECO
    name: Economy <i>
    children:
      - {id: GDP, name: "Output </td></tr></table>", direction: benefit}
      - {id: DIST, name: Distance, direction: cost}
  - id: SOC
    name: Society
    children:
      - {id: EDU, name: Students, direction: benefit}
      - {id: HEAL, name: Hospitals, direction: benefit}
"""
HOSTILE_CITIES = """\
# Source: <script>alert(2)</script> (2020): "quoted" & <img src=x onerror=alert(3)>
city,GDP,DIST,EDU,HEAL,lat,lon
<script>alert(1)</script>,10,500,3,4,25.3,51.5
"=HYPERLINK(""http://x"",""y"")",8,200,4,2,26.2,50.6
بوشهر,6,700,2,5,28.97,50.84
Delta,9,400,5,3,,
"""
HOSTILE_PAIRS = """\
city_a,city_b,source
<script>alert(1)</script>,بوشهر,"<a href='http://x'>list</a>"
"""
HOSTILE_SCENARIO = """\
format: citydip/scenario
version: 1
name: Hostile <script>alert(4)</script>
description: a description with <iframe src="http://x"></iframe>
criteria: criteria.yaml
alternatives: cities.csv
coordinates: {latitude: lat, longitude: lon}
partnerships: pairs.csv
weights: {GDP: 0.4, DIST: 0.2, EDU: 0.3, HEAL: 0.1}
methods:
  topsis: {normalization: vector}
  vikor: {v: 0.5}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, TreeBuilder]:
    root = tmp_path_factory.mktemp("hostile")
    for name, text in (
        ("criteria.yaml", HOSTILE_CRITERIA),
        ("cities.csv", HOSTILE_CITIES),
        ("scenario.yaml", HOSTILE_SCENARIO),
        ("pairs.csv", HOSTILE_PAIRS),
    ):
        (root / name).write_text(text, encoding="utf-8")
    page = study_html(build(root / "scenario.yaml", samples=100, command="citydip report <x>"))
    return page, parse(page)


def test_names_from_the_files_are_inert(hostile: tuple[str, TreeBuilder]) -> None:
    page, tree = hostile
    tags = {e.tag for e in tree.root.iter()}
    assert not tags & {"script", "img", "iframe", "b", "i"}
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;iframe src=&quot;http://x&quot;&gt;&lt;/iframe&gt;" in page
    table = next(t for t in tree.root.iter("table") if "rankings" in t.classes())
    cities = {r.attrs["data-alternative"] for r in table.iter("tbody")[0].iter("tr")}
    assert cities == {"<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "بوشهر", "Delta"}
    for element in tree.root.iter():
        assert not element.attrs.get("href", "#").startswith("http")


def test_right_to_left_names_are_isolated(hostile: tuple[str, TreeBuilder]) -> None:
    _, tree = hostile
    table = next(t for t in tree.root.iter("table") if "rankings" in t.classes())
    row = next(r for r in table.iter("tr") if r.attrs.get("data-alternative") == "بوشهر")
    assert row.iter("td")[0].elements[0].tag == "bdi"
    grid = next(t for t in tree.root.iter("table") if "grid" in t.classes())
    assert "بوشهر" in [b.text for b in grid.iter("bdi")]


def test_the_map_places_the_cities_and_draws_their_partnerships(
    hostile: tuple[str, TreeBuilder],
) -> None:
    _, tree = hostile
    section = sections(tree)["map"]
    takeaway = section.elements[1].text
    assert takeaway.startswith("3 of 4 cities placed from their coordinates; 1 partnership")
    assert takeaway.endswith("no coordinates for Delta.")
    assert len(section.iter("figure")) == 1


def test_the_shipped_case_has_its_map(built: Any) -> None:
    study, _, tree = built["persian-gulf"]
    section = sections(tree)["map"]
    count = len(study.run.alternatives)
    assert section.elements[1].text.startswith(f"{count} of {count} cities placed")
    assert len(section.iter("figure")) == 1


def test_a_scenario_without_coordinates_says_how_to_add_them(built: Any) -> None:
    _, _, tree = built["illustrative"]
    section = sections(tree)["map"]
    takeaway = section.elements[1].text
    assert takeaway.lower().startswith("no coordinates in the data")
    assert "add coordinates: to the scenario" in takeaway
    assert not section.iter("figure")


def test_a_rating_panel_gets_its_agreement_table() -> None:
    path = ROOT / "scenarios" / "illustrative" / "panel" / "scenario.yaml"
    study = build(path, samples=50)
    tree = parse(study_html(study))
    coverage = sections(tree)["coverage"]
    assert "Expert ratings" in [h.text for h in coverage.iter("h3")]
    cells = [[td.text for td in tr.iter("td")] for tr in coverage.iter("tr")]
    low = [row[0] for row in cells if row and row[-1].startswith("LOW")]
    assert low and all(k in coverage.text for k in low)
    grid = next(t for t in coverage.iter("table") if "grid" in t.classes())
    assert any("experts" in td.classes() for td in grid.iter("td"))
