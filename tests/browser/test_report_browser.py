"""The HTML report as a person sees it: opened in headless Chromium (Debian's ``chromium``
package, driven by Playwright), on screen and printed to A4.

Selected by the ``browser`` marker: the README's test command leaves these tests out (it
runs without a browser); ``.ci/run`` installs Chromium and runs ``pytest -m browser`` after
it. A missing browser is a failure here, never a skip. Screenshots and the printed PDF are
kept under ``build/browser/`` (not committed) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "build" / "browser"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, (
        "no Chromium: install Debian's package (apt-get install chromium), as .ci/run does"
    )
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the embedded default scenario (small sample: the page is the point)."""
    out = tmp_path_factory.mktemp("report") / "study.html"
    done = subprocess.run(
        [sys.executable, "-m", "mcda_citydip", "report", "--samples", "500", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


def open_page(
    browser: Any, report: Path, width: int, media: str
) -> tuple[Any, list[str], list[str]]:
    """The report loaded in a fresh page; the console errors and every request it made."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.emulate_media(media=media)
    page.goto(report.as_uri(), wait_until="load")
    return page, errors, requests


@pytest.mark.parametrize(
    ("width", "media"), [(1280, "screen"), (390, "screen"), (A4_WIDTH_PX, "print")]
)
def test_the_report_opens_cleanly_and_every_figure_is_drawn(browser, report, width, media):
    page, errors, requests = open_page(browser, report, width, media)
    assert errors == []
    assert requests == [report.as_uri()], "a request left the file"
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('figure svg')).map(s => {"
        " const r = s.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(sizes) >= 5  # weights, scores, acceptability, thresholds, sweeps (+ the map)
    assert all(w > 50 and h > 50 for w, h in sizes), sizes
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('figure > .svg[role=img]'))"
        ".map(e => e.getAttribute('aria-label'))"
    )
    assert len(labels) == len(sizes) and all(label and label.strip() for label in labels)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"report-{media}-{width}.png"), full_page=True)
    page.close()


def test_the_report_prints_to_a4_without_cutting_a_figure(browser, report):
    page, errors, _ = open_page(browser, report, A4_WIDTH_PX, "print")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert errors == []
    assert pdf.stat().st_size > 10_000
    rules = page.evaluate(
        "Array.from(document.querySelectorAll('figure')).map(f => getComputedStyle(f).breakInside)"
    )
    assert rules and all(rule == "avoid" for rule in rules), rules
    page.close()


# ---------------------------------------------------------------- the report in Persian

#: A Persian sentence whose letters are all of different widths in a real font.
PERSIAN = "سلسله‌مراتب و وزن‌ها"
#: JavaScript: the width of ``text`` in ``font`` (a CSS font shorthand), drawn in a canvas.
WIDTH = (
    "([text, font]) => { const c = document.createElement('canvas').getContext('2d');"
    " c.font = font; return c.measureText(text).width; }"
)


@pytest.fixture(scope="module")
def persian_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the default scenario in Persian with Persian digits, dated 2026-12-05."""
    out = tmp_path_factory.mktemp("report-fa") / "study.html"
    done = subprocess.run(
        [sys.executable, "-m", "mcda_citydip", "report", "--lang", "fa", "--digits", "fa",
         "--samples", "300", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1796472000"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_the_persian_report_opens_right_to_left_without_a_request(browser, persian_report):
    page, errors, requests = open_page(browser, persian_report, 1280, "screen")
    assert errors == []
    # the embedded font is a data: URL, not a request; Chromium may still report it
    assert [r for r in requests if not r.startswith("data:")] == [persian_report.as_uri()]
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "fa"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the window"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "report-fa-screen-1280.png"), full_page=True)
    page.close()


def test_persian_text_is_drawn_with_real_glyphs_not_boxes(browser, persian_report):
    """No missing-glyph boxes, checked two ways. (1) The embedded face is loaded and covers
    the text: ``document.fonts.load`` gives it back as loaded and ``document.fonts.check``
    says nothing is left to load. (2) Widths, in the page's own font: a font without Persian
    draws every letter as the same box (.notdef), so the letters would all be as wide as each
    other and as a Private Use character (never in a font here); with real glyphs, ا and ش
    differ, and the sentence is not as wide as as many boxes. Canvas text goes through the
    same font matching and fallback as the page's text, so this measures what is shown."""
    page, errors, _ = open_page(browser, persian_report, 1280, "screen")
    family = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return getComputedStyle(document.body).fontFamily; }"
    )
    assert '"citydip DejaVu Sans"' in family
    loaded = page.evaluate(
        "async (text) => (await document.fonts.load('16px \"citydip DejaVu Sans\"', text))"
        ".map(f => f.status)",
        PERSIAN,
    )
    assert loaded == ["loaded"]
    assert page.evaluate(
        "(text) => document.fonts.check('16px \"citydip DejaVu Sans\"', text)", PERSIAN
    )
    font = f"16px {family}"
    alef, sheen = (page.evaluate(WIDTH, [letter, font]) for letter in ("ا", "ش"))
    box = page.evaluate(WIDTH, ["\ue000", font])
    sentence = page.evaluate(WIDTH, [PERSIAN, font])
    assert abs(alef - sheen) > 1, (alef, sheen)
    assert abs(sentence - box * len(PERSIAN)) > 5, (sentence, box)
    assert PERSIAN in page.inner_text("#weights h2")
    assert errors == []
    page.close()
