"""An exclusive lock on a file, so that two sessions never write the same expert's file.

The lock is taken on the *resolved* file: a symbolic link to an expert's file locks (and, with
:func:`~mcda_citydip.files.yamlio.write_atomic`, writes) the file it names. A file with more
than one hard link is refused: saving atomically replaces one name with a new file, so the
answers would never reach the other names. The lock itself is the ``filelock`` library's
(``flock`` on POSIX, ``msvcrt`` on Windows), imported only when a lock is taken, so that no
platform-specific module is loaded when citydip starts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from mcda_citydip.errors import InputError
from mcda_citydip.files.paths import path_problem, real_path, status


def _owner(lock_path: Path) -> str:
    """The process id the holder wrote into the lock file (empty when unknown)."""
    try:
        with lock_path.open("rb") as handle:
            return handle.read(32).decode(errors="replace").strip()
    except OSError:  # absent, or locked against reading (Windows)
        return ""


def _write_owner(lock_path: Path) -> None:
    """Say in the lock file which process holds it, for the message of a refused session."""
    with suppress(OSError), lock_path.open("r+b") as handle:  # Windows refuses a locked range
        handle.truncate(0)
        handle.write(str(os.getpid()).encode())


@contextmanager
def exclusive(path: Path) -> Iterator[Path]:
    """Hold an advisory lock on ``path`` (through ``.NAME.lock`` beside the resolved file)
    and yield the resolved path, the one to read and write.

    The operating system releases the lock when the process ends, however it ends, so a
    killed session never blocks the next one; a session that ends normally (also by ``q``,
    Ctrl-C or the end of input) removes the lock file.
    """
    from filelock import FileLock, Timeout

    target = real_path(Path(path))
    found = status(target)
    if found is not None and found.st_nlink > 1:
        raise InputError(
            f"{path}: has {found.st_nlink} hard links; saving would split them into separate "
            "files, so answers would be lost to the other names; copy it to a file of its own "
            "and use that"
        )
    lock_path = target.parent / f".{target.name}.lock"
    before = _owner(lock_path)  # some versions of filelock empty the file on a failed try
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        owner = _owner(lock_path) or before or "?"
        raise InputError(
            f"{path}: another citydip session (process {owner}) is open on this file; "
            "finish or close it first"
        ) from None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot create a lock beside it ({path_problem(lock_path, exc, 'create')})"
        ) from None
    try:
        _write_owner(lock_path)
        yield target
    finally:
        # removed while still held, so nobody can have taken it in between (filelock checks
        # that the file it locked is still the one at the path)
        with suppress(OSError):
            lock_path.unlink()
        lock.release()
