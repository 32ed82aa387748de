"""The two YAML loaders behind ``load_yaml_text``: libyaml's first (fast), Python's for what
it refuses, so that the answers and every error message are those of the Python loader."""

from __future__ import annotations

import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.files import yamlio
from mcda_citydip.files.yamlio import load_yaml_text

DOCUMENTS = (
    "a: 1\nb: [x, y, 3]\nc: {d: null, e: 2.5}\n",
    "# comment\nlist:\n  - [NET, BIL, 3]\n  - [NET, KNW, 1/5]\n",
    "anchors: &a [1, 2]\nagain: *a\n",
    "text: 'quoted: yes'\nmulti: |\n  one\n  two\n",
)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_both_loaders_give_the_same_values_and_lines(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = load_yaml_text(text, "f.yaml")
    monkeypatch.setattr(yamlio, "FAST_LOADER", None)
    slow = load_yaml_text(text, "f.yaml")
    assert (fast.data, dict(fast.lines)) == (slow.data, dict(slow.lines))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a: \ud800\n", "f.yaml"),  # a lone surrogate: libyaml cannot even encode it
        ("a: [1, 2\n", "malformed YAML"),
        ("a: \x07\n", "control character"),
        ("[" * 2000 + "]" * 2000, "f.yaml"),  # deeper than libyaml's limit
    ],
)
def test_what_libyaml_refuses_is_one_located_error(text: str, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text(text, "f.yaml")
    assert any(needle in message for message in caught.value.messages), caught.value.messages
