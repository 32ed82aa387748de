"""Rewriting an expert's judgments file in place, keeping what was written there by hand.

``citydip elicit`` saves after every answer. When the file already exists (a session being
resumed, or a file an expert or analyst has annotated), it is updated through ruamel.yaml's
round-trip mode rather than written anew: a judgment that did not change keeps its line, its
quoting and its comment; an undone judgment loses its line (and its own end-of-line comment);
a new one is appended to its node; comments, key order and other keys elsewhere in the file
stay as they were. A comment line is never dropped: one after an undone judgment moves up to
the judgment before it, one after a node's last judgment stays after the appended ones, and
one that has no place left (after a removed node) is kept at the end of the file. The result
is read back and must give exactly the session's judgments, or the caller writes the file
afresh (:func:`~mcda_citydip.files.judgments.dump_judgments`).
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import format_value, parse_judgments, parse_value
from mcda_citydip.files.yamlio import load_yaml_text
from mcda_citydip.model import Hierarchy, Judgments

Entry = tuple[Any, ...]  # (left, right) or (left, right, value)
# ruamel.yaml drops a comment line that follows a flow item with no comment of its own
# ("- [A, B, 3]" then "# why"); a placeholder comment on such items keeps it, and is removed
# from the text written.
KEEP = "#citydip-keep"
FLOW_ITEM = re.compile(r"^(\s*-\s*\[[^\]#]*\])[ \t]*$")
NESTED_KEY = re.compile(r"^( +)[^\s#-][^:#]*:[ \t]*(#.*)?$")


def _indents(text: str) -> tuple[int, int]:
    """The file's nested-mapping indent and the dash offset of its lists (as ruamel's
    ``YAML.indent`` takes them), read from its first nested key and the list under it;
    PyYAML's layout (2, 0) when there is none."""
    mapping, offset, key = 2, 0, None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        found = NESTED_KEY.match(line)
        if key is None and found:
            key = mapping = len(found.group(1))
        elif key is not None and stripped.startswith("-"):
            return mapping, max(indent - key, 0)
        elif key is not None:
            key = None if indent < key else key
    return mapping, offset


def _flow(entry: Entry) -> CommentedSeq:
    seq = CommentedSeq(entry)
    seq.fa.set_flow_style()
    return seq


def _same(item: Sequence[Any], wanted: Entry) -> bool:
    """Does the file's ``item`` already say ``wanted`` (either orientation)?"""
    if len(wanted) == 2:
        return len(item) == 2
    if len(item) != 3:
        return False
    value = parse_value(item[2])
    if isinstance(value, str):
        return False
    if (str(item[0]), str(item[1])) == (wanted[0], wanted[1]):
        return math.isclose(value, wanted[2], rel_tol=1e-9)
    return math.isclose(value, 1.0 / wanted[2], rel_tol=1e-9)


def _tail(seq: CommentedSeq, index: int) -> str:
    """The comment lines that follow item ``index`` (not its own end-of-line comment)."""
    token = seq.ca.items.get(index, [None])[0]
    return "" if token is None else str(token.value).partition("\n")[2]


def _set_tail(seq: CommentedSeq, index: int, tail: str) -> None:
    """Make ``tail`` the comment lines after item ``index``, keeping its own comment."""
    if seq.ca.items.get(index, [None])[0] is None:
        if not tail:
            return
        seq.yaml_add_eol_comment(KEEP, index)
    token = seq.ca.items[index][0]
    token.value = str(token.value).partition("\n")[0] + "\n" + tail


def _sync_list(seq: CommentedSeq, wanted: Sequence[Entry]) -> None:
    """Make ``seq`` hold ``wanted`` (pairs in any orientation), touching only what differs.

    Comment lines written after an item belong to the place, not to the judgment: when the
    item is removed they move to the item before it, and when items are appended, those
    after the last item stay last."""
    by_pair = {frozenset(entry[:2]): entry for entry in wanted}
    kept: set[frozenset[Any]] = set()
    drop: list[int] = []
    for index, item in enumerate(seq):
        pair = frozenset(map(str, item[:2])) if isinstance(item, list) else None
        if pair is None or pair not in by_pair or pair in kept:
            drop.append(index)
            continue
        kept.add(pair)
        if not _same(item, by_pair[pair]):
            seq[index] = _flow(_formatted(by_pair[pair]))
    for index in reversed(drop):
        tail = _tail(seq, index)
        if tail and index > 0:
            _set_tail(seq, index - 1, _tail(seq, index - 1) + tail)
        del seq[index]
    last = len(seq) - 1
    seq.extend(_flow(_formatted(e)) for e in wanted if frozenset(e[:2]) not in kept)
    if 0 <= last < len(seq) - 1:
        tail = _tail(seq, last)
        _set_tail(seq, last, "")
        _set_tail(seq, len(seq) - 1, tail)


def _formatted(entry: Entry) -> Entry:
    return entry if len(entry) == 2 else (entry[0], entry[1], format_value(entry[2]))


def _sync_section(doc: CommentedMap, key: str, wanted: Mapping[str, Sequence[Entry]]) -> None:
    """``doc[key]``: node → list of entries; nodes without entries are removed."""
    wanted = {node: entries for node, entries in wanted.items() if entries}
    section = doc.get(key)
    if not isinstance(section, CommentedMap):
        if not wanted:
            doc.pop(key, None)
            return
        section = doc[key] = CommentedMap()
    for node in [n for n in section if n not in wanted]:
        del section[node]
    for node, entries in wanted.items():
        if not isinstance(section.get(node), CommentedSeq):
            section[node] = CommentedSeq()
        _sync_list(section[node], entries)
    if not section and key == "skipped":
        del doc[key]


def updated_text(text: str, judgments: Judgments, hierarchy: Hierarchy, name: str) -> str | None:
    """``text`` (a judgments file) updated to hold ``judgments``, comments kept; ``None`` when
    it cannot be done faithfully (not a mapping, or the result would read back differently)."""
    text = text.replace("\r\n", "\n")  # the file is written back with "\n" line ends
    start, body = _document_start(text)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    try:
        doc = yaml.load("\n".join(FLOW_ITEM.sub(rf"\1 {KEEP}", line) for line in body.split("\n")))
    except YAMLError:
        return None
    if not isinstance(doc, CommentedMap):
        return None
    if doc.get("expert") != judgments.expert:
        doc["expert"] = judgments.expert
    if not math.isclose(_number(doc.get("weight", 1.0)), judgments.weight, rel_tol=1e-12):
        doc["weight"] = judgments.weight
    if judgments.description and doc.get("description") != judgments.description:
        doc["description"] = judgments.description
    comparisons = {
        node: [(c.left, c.right, c.value) for c in entries]
        for node, entries in judgments.comparisons.items()
    }
    _sync_section(doc, "comparisons", comparisons)
    _sync_section(doc, "skipped", judgments.skipped)
    out = io.StringIO()
    yaml.dump(doc, out)
    result = with_lost_comments(
        text, start + re.sub(rf"[ \t]*{KEEP}$", "", out.getvalue(), flags=re.MULTILINE)
    )
    return result if _reads_back(result, judgments, hierarchy, name) else None


def _document_start(text: str) -> tuple[str, str]:
    """``text`` split after its ``---`` line when only comments, blank lines and directives
    come before it (kept verbatim: ruamel.yaml would drop or move them); else ``("", text)``."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "---":
            return "".join(lines[: index + 1]), "".join(lines[index + 1 :])
        if stripped and not stripped.startswith(("#", "%")):
            break
    return "", text


def _comment_lines(text: str) -> list[str]:
    return [s for line in text.splitlines() if (s := line.strip()).startswith("#")]


def with_lost_comments(before: str, after: str) -> str:
    """``after``, with any comment line of ``before`` it lost (one that followed a removed
    node or the first item of a list) added at the end: a note written by hand is never
    dropped."""
    left = Counter(_comment_lines(after))
    lost = []
    for line in _comment_lines(before):
        if left[line]:
            left[line] -= 1
        else:
            lost.append(line)
    return after + "".join(f"{line}\n" for line in lost)


def _number(raw: Any) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return math.nan


def _reads_back(text: str, judgments: Judgments, hierarchy: Hierarchy, name: str) -> bool:
    try:
        found = parse_judgments(load_yaml_text(text, name), hierarchy)
    except InputError:
        return False

    def pairs(j: Judgments) -> dict[str, set[tuple[str, str, float]]]:
        def oriented(left: str, right: str, value: float) -> tuple[str, str, float]:
            if left < right:
                return left, right, round(value, 9)
            return right, left, round(1.0 / value, 9)

        return {
            node: {oriented(c.left, c.right, c.value) for c in cs}
            for node, cs in j.comparisons.items()
            if cs
        }

    def skipped(j: Judgments) -> dict[str, set[frozenset[str]]]:
        return {n: {frozenset(p) for p in ps} for n, ps in j.skipped.items() if ps}

    return (
        (found.expert, found.weight, found.description)
        == (judgments.expert, judgments.weight, judgments.description)
        and pairs(found) == pairs(judgments)
        and skipped(found) == skipped(judgments)
    )
