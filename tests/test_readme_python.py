"""The README's "Python" section runs as written: every ```python block of it is executed in
order (one namespace, as in a notebook), and the ```text block that follows a python block,
if any, is exactly what that block prints. So the examples cannot drift from the API."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_section() -> str:
    """The text of the README's ``## Python`` section, up to the next ``## `` heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Python\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def examples() -> list[tuple[str, str | None]]:
    """Each python block with the text block right after it (``None``: prints nothing
    that the README shows)."""
    blocks = [
        (m.group(1), m.group(2), m.start(), m.end()) for m in BLOCK.finditer(python_section())
    ]
    found: list[tuple[str, str | None]] = []
    section = python_section()
    for i, (kind, code, _, end) in enumerate(blocks):
        if kind != "python":
            continue
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        shown = (
            after[1]
            if after is not None and after[0] == "text" and not section[end : after[2]].strip()
            else None
        )
        found.append((code, shown))
    return found


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_the_python_section_has_examples_with_their_output() -> None:
    found = examples()
    assert len(found) >= 3
    assert sum(shown is not None for _, shown in found) >= 3


def test_every_python_example_runs_and_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an example may write a file (the report)
    monkeypatch.delenv("CITYDIP_LANG", raising=False)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, (code, shown) in enumerate(examples(), start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"README.md (Python example {number})", "exec"), namespace)
        if shown is not None:
            assert _lines(printed.getvalue()) == _lines(shown), f"example {number}"
    assert (tmp_path / "study.html").read_text(encoding="utf-8").startswith("<!doctype html>")
