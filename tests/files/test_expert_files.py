"""One file per expert (issue 10): readable names in any script, never two experts in one
file, a session always finds its own expert's file again."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcda_citydip.files.judgments import expert_file, expert_slug, file_expert
from mcda_citydip.files.text import id_problem


def claim(folder: Path, expert: str) -> Path:
    """What a session does: find the expert's file and save a first answer in it."""
    path = expert_file(folder, expert)
    assert path.parent == folder
    if not path.exists():
        quoted = expert.replace("\\", "\\\\").replace('"', '\\"')
        path.write_text(
            f'format: citydip/judgments\nversion: 1\nexpert: "{quoted}"\ncomparisons: {{}}\n',
            encoding="utf-8",
        )
    return path


def test_persian_names_get_readable_files_of_their_own(tmp_path: Path) -> None:
    """The issue's case: مریم, then علی, then زهرا — each gets a file named after her or him
    (the old slug gave all three 'expert.yaml')."""
    paths = [claim(tmp_path, name) for name in ("مریم", "علی", "زهرا")]
    assert [p.name for p in paths] == ["مریم.yaml", "علی.yaml", "زهرا.yaml"]
    assert [file_expert(p) for p in paths] == ["مریم", "علی", "زهرا"]
    assert expert_file(tmp_path, "علی") == paths[1]  # found again by its content


def test_the_zero_width_non_joiner_stays_in_the_name(tmp_path: Path) -> None:
    assert expert_slug("محمد\u200cرضا") == "محمد\u200cرضا"


def test_look_alike_names_get_separate_files(tmp_path: Path) -> None:
    names = ["Ana Ruiz", "ana ruiz", "Ana-Ruiz", "Ana  Ruiz", "Ana.Ruiz", "ANA RUIZ"]
    paths = [claim(tmp_path, name) for name in names]
    assert len({p.name.casefold() for p in paths}) == len(names)
    assert paths[0].name == "Ana-Ruiz.yaml"
    assert [expert_file(tmp_path, n) for n in names] == paths


def test_a_name_is_never_a_path_or_a_reserved_device(tmp_path: Path) -> None:
    for name in ("../../etc/passwd", "a/b\\c", "CON", "nul.txt", "..", "   "):
        path = expert_file(tmp_path, name)
        assert path.parent == tmp_path
        assert path.stem.split(".")[0].upper() not in {"CON", "NUL"}
        assert path.stem not in ("", ".", "..")


NAMES = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and id_problem(s) is None)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=NAMES, second=NAMES)
def test_any_two_distinct_names_give_two_files(tmp_path_factory, first: str, second: str) -> None:
    folder = tmp_path_factory.mktemp("panel")
    one = claim(folder, first)
    two = claim(folder, second)
    if first == second:
        assert one == two
    else:
        assert one.name.casefold() != two.name.casefold(), (first, second, one, two)
        assert file_expert(one) == first and file_expert(two) == second
