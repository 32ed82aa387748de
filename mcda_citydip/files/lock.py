"""An exclusive lock on a file, so that two sessions never write the same expert's file.

The lock is taken on the *resolved* file: a symbolic link to an expert's file locks (and, with
:func:`~mcda_citydip.files.yamlio.write_atomic`, writes) the file it names. A file with more
than one hard link is refused: saving atomically replaces one name with a new file, so the
answers would never reach the other names. Works on POSIX (``fcntl``) and Windows
(``msvcrt``); neither module is imported until a lock is taken.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from mcda_citydip.errors import InputError
from mcda_citydip.files.paths import path_problem, real_path, status


def _try_lock(handle: int) -> bool:
    """Take the lock without waiting; ``False`` when another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _owner(handle: int) -> str:
    os.lseek(handle, 0, os.SEEK_SET)
    return os.read(handle, 32).decode(errors="replace").strip() or "?"


def _same_file(handle: int, lock_path: Path) -> bool:
    """Whether ``lock_path`` still names the file behind ``handle`` (not removed and
    re-created by a session that ended in between)."""
    found = status(lock_path)
    mine = os.fstat(handle)
    return found is not None and (found.st_dev, found.st_ino) == (mine.st_dev, mine.st_ino)


def _acquire(path: Path, lock_path: Path) -> int:
    for _ in range(100):  # the lock file may be removed between open and lock: retry
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(
                f"{path}: cannot create a lock beside it ({path_problem(lock_path, exc, 'create')})"
            ) from None
        if not _try_lock(handle):
            owner = _owner(handle)
            os.close(handle)
            raise InputError(
                f"{path}: another citydip session (process {owner}) is open on this file; "
                "finish or close it first"
            )
        if _same_file(handle, lock_path):
            return handle
        os.close(handle)
    raise InputError(f"{path}: the lock beside it keeps changing; try again")


@contextmanager
def exclusive(path: Path) -> Iterator[Path]:
    """Hold an advisory lock on ``path`` (through ``.NAME.lock`` beside the resolved file)
    and yield the resolved path, the one to read and write.

    The operating system releases the lock when the process ends, however it ends, so a
    killed session never blocks the next one; a session that ends normally (also by ``q``,
    Ctrl-C or the end of input) removes the lock file.
    """
    target = real_path(Path(path))
    found = status(target)
    if found is not None and found.st_nlink > 1:
        raise InputError(
            f"{path}: has {found.st_nlink} hard links; saving would split them into separate "
            "files, so answers would be lost to the other names; copy it to a file of its own "
            "and use that"
        )
    lock_path = target.parent / f".{target.name}.lock"
    handle = _acquire(Path(path), lock_path)
    try:
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, str(os.getpid()).encode())
        yield target
    finally:
        # removed while still held, so nobody can have taken it in between; Windows keeps
        # an open file, and the next session reuses it
        with suppress(OSError):
            lock_path.unlink()
        os.close(handle)
