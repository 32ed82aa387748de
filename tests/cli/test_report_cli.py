"""``citydip report``: the real entry point writes one HTML file, never over an existing
file without ``--force`` and never over an input; a bad option is one ``Error:`` line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

Run = Callable[..., Any]  # the `citydip` fixture (tests/cli/conftest.py)
SmallScenario = Any  # the `small` fixture


def ranking_values(page: str) -> dict[tuple[str, str], object]:
    """``(city, method.key) → exact value`` from the rankings table's ``data-value`` cells."""
    table = page.split('<table class="rankings">', 1)[1].split("</table>", 1)[0]
    found: dict[tuple[str, str], object] = {}
    for row in re.findall(r'<tr data-alternative="([^"]*)"[^>]*>(.*?)</tr>', table):
        city, cells = unescape(row[0]), row[1]
        for value, key in re.findall(r'data-value="([^"]*)" data-key="([^"]*)"', cells):
            found[city, key] = json.loads(unescape(value))
    return found


def test_report_writes_one_html_file_with_the_numbers_of_run(
    citydip: Run, small: SmallScenario, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    done = citydip("report", small.scenario, "--samples", "300", "--out", out)
    assert done.code == 0, done.stderr
    assert done.stdout == ""
    assert f"Wrote {out}" in done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert f"citydip report {small.scenario} --samples 300 --out {out}" in unescape(page)
    data = json.loads(citydip("run", small.scenario, "--format", "json").stdout)
    values = ranking_values(page)
    assert len(values) == 4 * (2 + 5)  # TOPSIS rank, closeness; VIKOR rank, Q, S, R, set
    for (city, key), value in values.items():
        method, field = key.split(".")
        result = data["results"][method]
        expected = city in result[field] if field == "compromise_set" else result[field][city]
        assert value == expected, (city, key)


def test_the_default_out_is_study_html_replaced_only_with_force(
    citydip: Run, small: SmallScenario, tmp_path: Path
) -> None:
    out = tmp_path / "study.html"  # in the current folder of the command
    out.write_text("keep me", encoding="utf-8")
    done = citydip("report", small.scenario, "--samples", "50")
    done.expect_error("study.html")
    assert len(done.errors) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = citydip("report", small.scenario, "--samples", "50", "--force")
    assert forced.code == 0, forced.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_an_input_is_never_replaced(citydip: Run, small: SmallScenario) -> None:
    before = small.text("cities.csv")
    done = citydip("report", small.scenario, "--out", small.path("cities.csv"), "--force")
    done.expect_error("cities.csv")
    assert small.text("cities.csv") == before


def test_a_bad_draw_is_one_error_line_and_nothing_is_written(
    citydip: Run, small: SmallScenario, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    done = citydip("report", small.scenario, "--draw", "sideways", "--out", out)
    done.expect_error("--draw", "sideways")
    assert len(done.errors) == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".citydip-*"))


def test_help_lists_the_options_of_sensitivity(citydip: Run) -> None:
    done = citydip("report", "--help")
    assert done.code == 0
    for option in ("--samples", "--seed", "--draw", "--method", "--out", "--force"):
        assert option in done.stdout
