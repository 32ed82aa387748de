"""The HTML report as a person sees it: opened in headless Chromium (Debian's ``chromium``
package, driven by Playwright), on screen and printed to A4.

Selected by the ``browser`` marker: the README's test command leaves these tests out (it
runs without a browser); ``.ci/run`` installs Chromium and runs ``pytest -m browser`` after
it. A missing browser is a failure here, never a skip. Screenshots and the printed PDF are
kept under ``build/browser/`` (not committed) for a person to look at.
"""

from __future__ import annotations

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
