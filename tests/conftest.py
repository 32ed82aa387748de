"""Fixtures of every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mcda_citydip import i18n


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    """Every test starts and ends in English with Latin digits: the language and digits are
    module state, as gettext's own (``--lang fa`` in one test must not reach the next)."""
    i18n.reset()
    yield
    i18n.reset()
