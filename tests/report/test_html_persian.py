"""The HTML study in Persian (issue 15): with ``--lang fa`` every sentence the report itself
says is Persian; what stays in Latin script is what the user's files say, ids, method names,
citations and the licence's name. The English page keeps its structure.

Visible text is what a reader sees: the text of every element outside ``<style>``, ``<svg>``
(a figure speaks through its caption and ``aria-label``, checked by the figures' own tests)
and ``<code>``/``<pre>`` (file names and the command line), plus ``title`` tooltips.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser

import pytest
from report.test_html import Element, build, parse

from mcda_citydip import i18n
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.report.html import Study, study_html
from mcda_citydip.report.html.fonts import COPYRIGHT

#: Three or more Latin-script words in a row: an English phrase.
ENGLISH = re.compile(r"[A-Za-z][\w'’.\-]*(?:[ \t]+[A-Za-z][\w'’.\-]*){2,}")
#: Elements whose text a reader does not read as prose.
SILENT = {"style", "svg", "code", "pre", "script", "title"}
#: Latin phrases the Persian page keeps, and why.
KEPT = {
    COPYRIGHT: "the font's licence is named by its copyright notice, never translated",
    "Pinto da Costa": "an author's name in the citation of weighted Spearman",
}


class Visible(HTMLParser):
    """The visible text of a page, by the element holding it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"meta", "br", "img", "link", "hr", "wbr", "input"}:
            self.open.append(tag)
        self.texts += [v for k, v in attrs if k == "title" and v]

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not SILENT & set(self.open):
            self.texts.append(data)


def visible(page: str) -> list[str]:
    """The visible texts of a page, one per text node or tooltip."""
    reader = Visible()
    reader.feed(page)
    return reader.texts


def from_the_files(study: Study) -> list[str]:
    """Text the user's files say, shown as written (a Persian page quotes it; translating
    the user's own words is not the report's job): the scenario's name and description,
    the data table's header and sources, the provenance's files, the names without a
    Persian label (cities, experts), and the run's recorded conventions (the JSON's
    ``conventions``, English by rule, shown as recorded)."""
    scenario, run = study.scenario, study.run
    found = [scenario.name, scenario.description or "", *study.comments]
    found += [value for row in study.provenance for value in row.values()]
    found += list(run.alternatives) + list(study.city_names.values())
    found += [e.expert for e in scenario.experts]
    conventions: list[object] = [run.conventions]
    conventions += [one.smaa.conventions for one in study.analysis.reports]
    while conventions:
        value = conventions.pop()
        if isinstance(value, Mapping):
            conventions += list(value.values())
        elif isinstance(value, list | tuple):
            conventions += list(value)
        elif isinstance(value, str):
            found.append(value)
    return sorted({f for f in found if f}, key=len, reverse=True)


@pytest.fixture(scope="module")
def study() -> Study:
    """The default scenario's study (the one ``citydip report`` makes without a scenario)."""
    return build(
        default_scenario_path(), samples=100, command="citydip report --lang fa --digits fa"
    )


@pytest.fixture(scope="module")
def pages(study: Study) -> dict[str, str]:
    i18n.reset()
    english = study_html(study)
    i18n.set_language("fa")
    i18n.set_digits("fa")
    try:
        persian = study_html(study)
    finally:
        i18n.reset()
    return {"en": english, "fa": persian}


def english_phrases(page: str, study: Study) -> list[str]:
    """The English phrases of a page's visible text, once what the files say is taken out:
    a text node that is part of what a file says, and each quoted name or value."""
    quoted = [*from_the_files(study), *KEPT]
    found = set()
    for text in visible(page):
        if any(text.strip() in q for q in quoted):
            continue
        for q in quoted:  # whole words only: a policy "drop" is not the "drop" of "dropped"
            text = re.sub(rf"(?<!\w){re.escape(q)}(?!\w)", " ", text)
        found.update(m.group(0) for m in ENGLISH.finditer(text))
    return sorted(found)


def test_no_english_phrase_is_left_in_the_persian_page(pages: dict[str, str], study: Study) -> None:
    left = english_phrases(pages["fa"], study)
    assert not left, f"{len(left)} English phrases in the Persian report: {left}"


def test_the_check_finds_english_in_the_english_page(pages: dict[str, str], study: Study) -> None:
    """The check is not blind: the English page says the same things in English."""
    assert len(english_phrases(pages["en"], study)) > 50


def test_numbers_in_prose_have_persian_digits(pages: dict[str, str], study: Study) -> None:
    """Every number of the takeaways in Persian digits (ids such as ``NET1`` keep theirs);
    the exact values of the cells stay JSON numbers."""
    takeaways = re.findall(r'<p class="takeaway">(.*?)</p>', pages["fa"])
    assert len(takeaways) == 7
    for takeaway in takeaways:
        said = re.sub(r"<[^>]*>", "", re.sub(r"<bdi>.*?</bdi>", "", takeaway))  # not ids
        said = said.replace(f"citydip {study.version}", "")  # a version is a name
        assert not re.search("[0-9]", said), takeaway
    values = re.findall(r'data-value="([^"]*)"', pages["fa"])
    assert values and not any(re.search("[۰-۹]", v) for v in values)


def structure(page: str) -> list[tuple[str, str, str]]:
    """The page's elements in order outside figures: tag, attribute names and classes."""
    tree = parse(page)
    found = []
    for element in tree.root.iter():
        if element.tag in {"svg", "style", "bdi"} or in_figure(element):
            continue
        found.append((element.tag, " ".join(sorted(element.attrs)), element.attrs.get("class", "")))
    return found


def in_figure(element: Element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.tag == "svg":
            return True
        parent = parent.parent
    return False


def test_both_languages_have_the_same_structure(pages: dict[str, str]) -> None:
    """The same sections, tables, rows and cells in both; the Persian page only adds where
    its embedded font comes from at the end of the last section (an ``<h3>`` and a ``<p>``)."""
    english, persian = structure(pages["en"]), structure(pages["fa"])
    font = max(k for k, (tag, _names, _classes) in enumerate(persian) if tag == "h3")
    assert persian[font : font + 2] == [("h3", "", ""), ("p", "", "")]
    assert persian[:font] + persian[font + 2 :] == english


def test_the_english_page_has_no_persian_and_the_same_sentences(pages: dict[str, str]) -> None:
    english = pages["en"]
    assert not i18n.has_arabic_script(english)
    assert "ranks first by TOPSIS and VIKOR; it stays first in" in english
    assert "Each cell says where the value of one indicator for one city comes from." in english
