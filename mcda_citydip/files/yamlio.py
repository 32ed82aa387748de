"""YAML reading with locations, and atomic writing of any text file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mcda_citydip.errors import InputError, where

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
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


def _construct(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], loader: yaml.SafeLoader
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise InputError(
                    f"{where(loader.name, dotted((*path, key)), key_node.start_mark.line + 1)}: "
                    f"key '{key}' appears twice; keep one of them"
                )
            result[key] = _construct(value_node, (*path, key), lines, loader)
            lines[(*path, key)] = key_node.start_mark.line + 1  # point at the key, not its block
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or fail with a message that says how to fix it."""
    if not path.exists():
        raise InputError(
            f"{path}: file not found; check the path (relative paths are "
            "relative to the file that names them)"
        )
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected a file; name the file inside it")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc


def load_yaml(path: Path) -> Located:
    """Parse a YAML file safely, keeping the line of every value."""
    return load_yaml_text(read_text(path), path)


def load_yaml_text(text: str, path: Path | str) -> Located:
    """Parse YAML ``text`` (the contents of ``path``) safely, keeping the line of every value."""
    loader = yaml.SafeLoader(text)
    loader.name = str(path)
    try:
        root = loader.get_single_node()
        lines: dict[PathKey, int] = {}
        data = None if root is None else _construct(root, (), lines, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"{where(str(path), '', line)}: malformed YAML: {exc.problem or exc.context}; "
            "check indentation, colons and quotes there"
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed YAML: {exc}; fix the syntax") from exc
    except RecursionError as exc:
        raise InputError(
            f"{path}: an alias refers to itself (a recursive '&anchor'/'*alias'); "
            "write the value out instead"
        ) from exc
    finally:
        loader.dispose()
    return Located(str(path), data, lines)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ``0o666 & ~umask``."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def ensure_folder(path: Path) -> None:
    """Create the folder that will hold ``path``, or say plainly why it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot create its folder {path.parent} ({exc.strerror}); "
            "choose a path you can write to"
        ) from exc


def write_atomic(path: Path, content: str | Callable[[Path], None]) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    ``content`` is text, or a function that writes the file it is given (a workbook's
    ``save``). A reader sees either the old file or the new one, never a half-written one.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; name a file to write")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot write there ({exc.strerror}); choose another path"
        ) from exc
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
        os.chmod(temp_name, _mode_for(path))
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write it ({exc.strerror}); choose another path") from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
