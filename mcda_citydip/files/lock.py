"""An exclusive lock on a file, so that two sessions never write the same expert's file."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mcda_citydip.errors import InputError


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an advisory lock on ``path`` (through ``.NAME.lock`` beside it).

    The operating system releases the lock when the process ends, however it ends,
    so a killed session never leaves a stale lock behind.
    """
    lock_path = path.parent / f".{path.name}.lock"
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot create a lock beside it ({exc.strerror}); choose a "
            "folder you can write to"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(handle, 32, 0).decode(errors="replace").strip() or "?"
            raise InputError(
                f"{path}: another citydip session (process {owner}) is open on this file; "
                "finish or close it first"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)
