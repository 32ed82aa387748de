"""Fixtures of every test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from mcda_citydip import cache, i18n
from mcda_citydip.files import spec
from mcda_citydip.files.cache import ENV_VAR as CACHE_VAR


@pytest.fixture(autouse=True, scope="session")
def a_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Kept simulations go to a folder of this test session, never the user's own cache
    (``citydip`` run in process or as a child process reads ``CITYDIP_CACHE``)."""
    before = os.environ.get(CACHE_VAR)
    os.environ[CACHE_VAR] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ[CACHE_VAR]
    else:
        os.environ[CACHE_VAR] = before


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    """Every test starts and ends in English with Latin digits: the language and digits are
    module state, as gettext's own (``--lang fa`` in one test must not reach the next); and
    with no store of simulations, which a command run in process installs."""
    i18n.reset()
    yield
    i18n.reset()
    cache.use(None)


@pytest.fixture(autouse=True)
def specs_read_as_pydantic_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document msgspec takes in any test (files/spec.py's fast path) is read again by
    the pydantic schema, which must take it too, into the same values: the whole suite's
    documents, valid and not, check that the two readings agree."""
    from tests.specs import cross_checked

    monkeypatch.setattr(spec, "_read", cross_checked(spec._read))
