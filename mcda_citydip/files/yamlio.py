"""YAML reading with locations, and atomic writing of any text file."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from mcda_citydip.errors import InputError, where
from mcda_citydip.files.paths import path_problem, read_bytes, real_path, status
from mcda_citydip.files.text import shown

PathKey = tuple[str | int, ...]


class Located(Struct, frozen=True):
    """A parsed YAML document and the line of every value in it (1-based)."""

    source: str
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """Line of the value at ``path``, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def at(self, path: PathKey) -> str:
        """``file, line N (dotted.path[2])`` for messages."""
        return where(self.source, dotted(path), self.line(path))


def dotted(path: PathKey) -> str:
    """Render a path as ``comparisons.goal[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


#: libyaml's loader (about ten times faster) where PyYAML was built with it; a document it
#: refuses is read again by the Python loader, whose messages name the character and place.
FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)

MAX_ALIAS_EXPANSION = 100_000
"""How many values aliases may add to a document before it is refused (a billion laughs)."""


class _Walk(Struct):
    """What the walk over the node graph has seen: every node once, and the repeats."""

    loader: yaml.SafeLoader
    lines: dict[PathKey, int]
    seen: set[int] = field(default_factory=set)
    repeats: int = 0

    def visit(self, node: yaml.Node) -> None:
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return
        self.repeats += 1  # a value reached again through an alias
        if self.repeats > MAX_ALIAS_EXPANSION:
            raise InputError(
                f"{where(self.loader.name, '', node.start_mark.line + 1)}: aliases "
                f"('*name') expand to more than {MAX_ALIAS_EXPANSION:,} values; write the "
                "values out instead of repeating anchors"
            )


def _construct(node: yaml.Node, path: PathKey, walk: _Walk) -> Any:
    walk.visit(node)
    lines, loader = walk.lines, walk.loader
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise InputError(
                    f"{where(loader.name, dotted((*path, key)), key_node.start_mark.line + 1)}: "
                    f"key '{key}' appears twice; keep one of them"
                )
            result[key] = _construct(value_node, (*path, key), walk)
            lines[(*path, key)] = key_node.start_mark.line + 1  # point at the key, not its block
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), walk) for i, item in enumerate(node.value)]
    return _scalar(node, loader)


def _scalar(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """A scalar (or a key) as the safe loader builds it; a value that does not fit its tag
    (``!!int 1e3``, ``!!bool maybe``, a 5,000-digit integer) is the user's to fix."""
    if not isinstance(node, yaml.ScalarNode):  # a list or mapping as a key: '? [a, b]'
        raise InputError(
            f"{where(loader.name, '', node.start_mark.line + 1)}: a key must be plain "
            "text or a number; write the key as text"
        )
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, KeyError, TypeError, OverflowError, IndexError) as exc:
        kind = str(node.tag).rsplit(":", 1)[-1]
        reason = shown(str(exc))[:100]
        raise InputError(
            f"{where(loader.name, '', node.start_mark.line + 1)}: the value "
            f"'{shown(str(node.value)[:60])}' cannot be read as {kind} ({reason}); fix the "
            "value, or quote it (and drop any '!!' tag) to keep it as text"
        ) from None


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or fail with a message that says how to fix it."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = (
            "it looks like UTF-16; save it as UTF-8"
            if data.startswith((b"\xff\xfe", b"\xfe\xff"))
            else "save it as UTF-8"
        )
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); {hint}") from None


def load_yaml(path: Path) -> Located:
    """Parse a YAML file safely, keeping the line of every value."""
    return load_yaml_text(read_text(path), path)


def load_yaml_text(text: str, path: Path | str) -> Located:
    """Parse YAML ``text`` (the contents of ``path``) safely, keeping the line of every value.

    Aliases may repeat at most :data:`MAX_ALIAS_EXPANSION` values (a billion-laughs document
    is refused, not expanded); a value that does not fit an explicit tag, a control character
    and nesting deeper than Python's stack are all one located error.
    """
    if FAST_LOADER is not None:
        try:
            return _parsed(text, path, FAST_LOADER)
        except (yaml.YAMLError, RecursionError, UnicodeError):
            pass  # the Python loader below says where, with the character itself
    try:
        return _parsed(text, path, yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:
        raise InputError(_reader_problem(exc, text, path)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"{where(str(path), '', line)}: malformed YAML: {exc.problem or exc.context}; "
            "check indentation, colons and quotes there"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed YAML: {shown(str(exc))}; fix the syntax") from None
    except RecursionError:
        raise InputError(
            f"{path}: nested too deeply, or an alias refers to itself (a recursive "
            "'&anchor'/'*alias'); write the value out instead"
        ) from None


def _parsed(text: str, path: Path | str, kind: type[yaml.SafeLoader]) -> Located:
    """``text`` parsed by a loader of ``kind``; YAML's own errors propagate."""
    lines: dict[PathKey, int] = {}
    loader = kind(text)
    try:
        loader.name = str(path)
        root = loader.get_single_node()
        data = None if root is None else _construct(root, (), _Walk(loader, lines))
    finally:
        loader.dispose()
    return Located(str(path), data, lines)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: Path | str) -> str:
    """A character YAML does not allow: where it is, and what to do."""
    line = text.count("\n", 0, exc.position) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    utf16 = "\x00" in text[:200]
    hint = (
        "the file looks like UTF-16 without a byte-order mark: save it as UTF-8"
        if utf16
        else "remove it (it is invisible in most editors) or retype the line"
    )
    return f"{where(str(path), '', line)}: control character {shown(char)} is not allowed; {hint}"


def _existing_mode(path: Path) -> int | None:
    """An existing file's permissions (kept by a rewrite); ``None`` for a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return None


def _temporary_file(directory: Path) -> tuple[int, str]:
    """A new, empty temporary file in ``directory``, opened for writing: created with mode
    ``0o666`` so that the system applies the user's umask (as for any new file), unlike
    :func:`tempfile.mkstemp`'s private ``0o600``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        name = str(directory / f".citydip-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(directory))


def ensure_folder(path: Path) -> None:
    """Create the folder that will hold ``path``, or say plainly why it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot create its folder ({path_problem(path.parent, exc, 'create')})"
        ) from None


def write_atomic(path: Path, content: str | Callable[[Path], None]) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    ``content`` is text, or a function that writes the file it is given (a workbook's
    ``save``). A reader sees either the old file or the new one, never a half-written one.
    """
    path = real_path(Path(path))  # through a symbolic link, write the file it names
    found = status(path, "write")
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise InputError(f"{path}: is a folder; name a file to write")
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise InputError(f"{path}: is not a regular file (a device or pipe); name a file to write")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = _temporary_file(directory)
    except OSError as exc:
        raise InputError(path_problem(path, exc, "write")) from None
    try:
        if isinstance(content, str):
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            os.close(handle)
            content(Path(temp_name))
            with open(temp_name, "rb") as written:
                os.fsync(written.fileno())
        mode = _existing_mode(path)
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise InputError(path_problem(path, exc, "write")) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
