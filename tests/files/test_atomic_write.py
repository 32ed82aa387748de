"""Atomic writes keep permissions right without touching the process umask (issue 16)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mcda_citydip.files import yamlio
from mcda_citydip.files.yamlio import write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def umask_now() -> int:
    mask = os.umask(0o022)  # tests may read it this way; the library never does
    os.umask(mask)
    return mask


def test_a_new_file_gets_the_users_umask_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "text\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["new.txt"]


def test_a_rewrite_keeps_the_files_own_permissions(tmp_path: Path) -> None:
    path = tmp_path / "kept.txt"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o604)
    write_atomic(path, "new\n")
    assert (stat.S_IMODE(path.stat().st_mode), path.read_text(encoding="utf-8")) == (0o604, "new\n")


def test_writing_never_changes_the_umask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(mask: int) -> int:
        raise AssertionError("os.umask called by the library")

    before = umask_now()
    monkeypatch.setattr(yamlio.os, "umask", refuse)
    write_atomic(tmp_path / "a.txt", "a\n")
    write_atomic(tmp_path / "a.txt", lambda p: p.write_text("b\n", encoding="utf-8"))
    monkeypatch.undo()
    assert umask_now() == before
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "b\n"
