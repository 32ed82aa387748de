"""The user's paths: what may be read, what may be written, and every ``OSError`` as one line.

Every file citydip reads or writes is named by the user, so any failure of the file system on
it (a name longer than the file system allows, a folder where a file is expected, a device or a
pipe, a permission) is the user's to fix and becomes one :class:`InputError` line here, in one
place. Three rules hold for every command:

- only *regular* files are read (a FIFO would block for ever, ``/dev/zero`` never ends), and a
  text file is read only up to :data:`MAX_TEXT_BYTES`;
- an output never replaces an existing file without ``--force``;
- an output never replaces a file that the same run reads, even with ``--force``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from mcda_citydip.errors import InputError
from mcda_citydip.files.text import shown

MAX_TEXT_BYTES = 256 * 2**20
"""The largest text file (YAML, CSV) citydip reads: 256 MiB, far above any real study."""


def path_problem(path: Path | str, exc: OSError, doing: str = "read") -> str:
    """One line for an ``OSError`` on a user's path: what happened and how to fix it."""
    code = exc.errno
    if code == errno.ENAMETOOLONG:
        longest = max((len(part) for part in Path(path).parts), default=0)
        return (
            f"{_shown(path)}: a name in this path is longer than the file system allows "
            f"(longest part: {longest} characters); shorten it"
        )
    if code == errno.ENOENT and doing == "write":
        return (
            f"{_shown(path)}: cannot write there: its folder does not exist; create it or "
            "choose another path"
        )
    if code == errno.ENOENT:
        return f"{_shown(path)}: file not found; check the path"
    if code == errno.ENOTDIR:
        return f"{_shown(path)}: a part of this path is a file, not a folder; check the path"
    if code in (errno.EACCES, errno.EPERM):
        return f"{_shown(path)}: permission denied to {doing} it; check its permissions"
    if code == errno.ELOOP:
        return f"{_shown(path)}: too many symbolic links (a loop?); name the file itself"
    reason = exc.strerror or type(exc).__name__
    return f"{_shown(path)}: cannot {doing} it ({reason}); check the path"


def _shown(path: Path | str) -> str:
    """The path as shown in a message: control characters escaped, a huge name shortened."""
    text = shown(str(path))
    return text if len(text) <= 160 else f"{text[:80]}…{text[-60:]}"


def status(path: Path, doing: str = "read") -> os.stat_result | None:
    """``os.stat`` of a user's path (following links): ``None`` when it does not exist."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(path_problem(path, exc, doing)) from None
    except ValueError:  # a NUL byte in the path
        raise InputError(
            f"{_shown(path)}: the path contains a NUL character; type the path again"
        ) from None


def exists(path: Path) -> bool:
    """Whether a user's path names something, with any ``OSError`` as one line."""
    return status(path) is not None


def is_folder(path: Path) -> bool:
    """Whether a user's path names a folder, with any ``OSError`` as one line."""
    found = status(path)
    return found is not None and stat.S_ISDIR(found.st_mode)


def check_readable(path: Path, what: str = "a file") -> os.stat_result:
    """Check that ``path`` names a regular file; say plainly what it is otherwise."""
    found = status(path)
    if found is None:
        raise InputError(
            f"{_shown(path)}: file not found; check the path (relative paths are "
            "relative to the file that names them)"
        )
    if stat.S_ISDIR(found.st_mode):
        raise InputError(f"{_shown(path)}: is a folder, expected {what}; name the file inside it")
    if not stat.S_ISREG(found.st_mode):
        raise InputError(
            f"{_shown(path)}: is not a regular file (a device, pipe or socket); "
            f"name {what} saved on disk"
        )
    return found


def read_bytes(path: Path, what: str = "a file", limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes."""
    found = check_readable(path, what)
    if found.st_size > limit:
        raise InputError(
            f"{_shown(path)}: {found.st_size:,} bytes, more than the {limit // 2**20} MiB "
            "citydip reads; check that this is the right file"
        )
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(path_problem(path, exc)) from None
    if len(data) > limit:  # it grew while being read
        raise InputError(f"{_shown(path)}: more than {limit // 2**20} MiB; check the file")
    return data


def list_folder(path: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files of a folder with one of ``suffixes``, sorted by name."""
    wanted = set(suffixes)
    try:
        return sorted(p for p in path.iterdir() if p.suffix in wanted)
    except OSError as exc:
        raise InputError(path_problem(path, exc, "list")) from None


def real_path(path: Path) -> Path:
    """``path`` with every symbolic link followed (also when the file itself does not exist
    yet): what is written there is written to the file a link names, never over the link."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    """The resolved path and, for an existing file, its (device, inode): hard links match."""
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError):
        resolved = os.path.abspath(path)
    found = status(path, "write")
    return resolved, (found.st_dev, found.st_ino) if found is not None else None


def same_file(one: Path | str, other: Path | str) -> bool:
    """Whether two paths name the same file (the same resolved path, or a hard link)."""
    first, second = _identity(Path(one)), _identity(Path(other))
    return first[0] == second[0] or (first[1] is not None and first[1] == second[1])


def check_output(path: Path, force: bool, inputs: Iterable[Path | str] = ()) -> None:
    """Refuse an output path that would replace an input of the run, or, without ``force``,
    any existing file. Call it before any work, so nothing is computed in vain."""
    found = status(path, "write")
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InputError(f"{_shown(path)}: is a folder; name a file to write")
    if found is None:
        return
    for source in inputs:
        other = Path(source)
        if exists(other) and same_file(path, other):
            raise InputError(
                f"{_shown(path)}: is an input of this run ({_shown(other)}); write the "
                "output to another file (nothing was written)"
            )
    if not force:
        raise InputError(
            f"{_shown(path)}: already exists; pass --force to overwrite it or --out "
            "another file (nothing was written)"
        )
