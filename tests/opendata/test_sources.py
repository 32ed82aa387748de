"""Where the raw files are: --sources, else CITYDIP_SOURCES, else beside a checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.opendata.sources import (
    RAW_FILES,
    UBC_FILE,
    check_sources,
    checkout_root,
    needed_files,
    sources_folder,
)

REPO = Path(__file__).resolve().parents[2]


def test_given_folder_wins_over_the_environment(tmp_path: Path) -> None:
    assert sources_folder(tmp_path, {"CITYDIP_SOURCES": "/elsewhere"}) == tmp_path
    assert sources_folder(None, {"CITYDIP_SOURCES": "/elsewhere"}) == Path("/elsewhere")


def test_the_default_is_shared_beside_the_checkout() -> None:
    assert checkout_root() == REPO  # the tests run from a checkout
    assert sources_folder(None, {}) == REPO.parent / "shared" / "data" / "open"


def test_no_checkout_and_no_folder_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mcda_citydip.opendata.sources.checkout_root", lambda: None)
    with pytest.raises(InputError, match="pass --sources DIR or set CITYDIP_SOURCES") as caught:
        sources_folder(None, {})
    assert caught.value.parameter == "sources"


def test_every_missing_file_is_named_once_in_one_message(tmp_path: Path) -> None:
    (tmp_path / "gawc_da31_gnc2020.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_sources(tmp_path, needed_files(None))
    (message,) = caught.value.messages
    assert "gawc_da31_gnc2020.csv" not in message
    assert all(
        f"{name} (" in message
        for name in RAW_FILES
        if name not in (UBC_FILE, "gawc_da31_gnc2020.csv")
    )
    assert UBC_FILE not in message  # read only for a case about the UBC
    assert UBC_FILE in needed_files("UBC")
