"""Persian city names (`name_fa` in the Gulf data) through the real `citydip run`: shown with
the id under `--lang fa`, never in JSON or CSV."""

from __future__ import annotations

import json


def test_run_shows_persian_names_with_ids_only_on_screen(citydip):
    md = citydip("run", "--lang", "fa", "--format", "md")
    assert md.code == 0, md.stderr
    assert "| دوحه (Doha) |" in md.stdout
    assert "| Dubai |" in md.stdout  # no Persian name in the data: the id alone
    english = citydip("run", "--format", "md").stdout
    assert "دوحه" not in english and "| Doha |" in english
    for fmt in ("json", "csv"):
        plain = citydip("run", "--format", fmt).stdout
        persian = citydip("run", "--format", fmt, "--lang", "fa", "--digits", "fa").stdout
        assert plain == persian and "دوحه" not in plain
    assert "Doha" in json.loads(citydip("run", "--format", "json").stdout)["alternatives"]
