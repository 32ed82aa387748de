"""Scripted ``citydip score`` sessions through the real entry point: ``main(argv)`` in
process (:mod:`runner`), and a new process (or a terminal, pexpect) for the tests of what
happens while a session runs: answers on disk one at a time, kill, Ctrl-C, the lock.

Each test writes a small scenario to ``tmp_path``: three cities, two indicators with data
(GDP, EDU) and two whose column is empty, the ones a session asks: MOU (a count, so the
default *activity* scale 1–5) and NET (a declared scale with the points 0, 2, 4 only). The
scenario names ``expert_scores: scores/``, so an expert's ratings go to
``scores/<expert>.yaml`` after every answer. The session console writes to stderr.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from runner import run_citydip

from mcda_citydip.scales import ACTIVITY

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    name: Economy
    children:
      - id: GDP
        name: Output per resident
        unit: USD
        direction: benefit
      - id: MOU
        name: Memoranda of understanding
        unit: count
        direction: benefit
        description: Active memoranda of understanding with foreign cities.
  - id: SOC
    name: Society
    children:
      - id: NET
        name: Network engagement
        unit: "0–4"
        direction: benefit
        scale:
          0: "none"
          2: "some"
          4: "many"
      - id: EDU
        name: Students
        direction: benefit
"""

CITIES = """\
city,GDP,MOU,NET,EDU
Alpha,10,,,3
Beta,8,,,4
Gamma,6,,,2
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Small rating scenario
criteria: criteria.yaml
alternatives: cities.csv
weights: equal
expert_scores: scores/
missing: drop
methods:
  topsis: {normalization: vector}
"""

TIMEOUT = 120
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}  # no wrapped lines in the transcript
#: The real entry point, with the ``score`` command registered (importing its module does).
BOOT = "import mcda_citydip.cli.scoring; from mcda_citydip.cli import main; main()"
ORDER = [(k, city) for k in ("MOU", "NET") for city in ("Alpha", "Beta", "Gamma")]
CELL = re.compile(r"\b(\w+) · (\w+) · \d+/\d+ rated")  # a prompt ends without a newline


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error: ")]

    def shown(self) -> list[tuple[str, str]]:
        """The (indicator, city) of every cell the session asked, in order."""
        return CELL.findall(self.stderr)


@dataclass(frozen=True)
class Small:
    root: Path

    @property
    def scenario(self) -> Path:
        return self.root / "scenario.yaml"

    def file(self, expert: str = "ann") -> Path:
        return self.root / "scores" / f"{expert}.yaml"

    def args(self, expert: str = "ann", *extra: str) -> list[str]:
        return ["score", str(self.scenario), "--expert", expert, *extra]

    def command(self, expert: str = "ann", *extra: str) -> list[str]:
        """The session as a new process."""
        return [sys.executable, "-c", BOOT, *self.args(expert, *extra)]

    def score(self, lines: Sequence[str], *extra: str, expert: str = "ann") -> Outcome:
        """Run a session fed ``lines`` (one per prompt); stdin ends after the last."""
        done = run_citydip(
            self.args(expert, *extra),
            input="".join(f"{line}\n" for line in lines),
            cwd=self.root,
            env=ENV,
        )
        outcome = Outcome(done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in outcome.stderr, outcome.stderr
        return outcome

    def saved(self, expert: str = "ann") -> dict[str, dict[str, Any]]:
        """The ``ratings:`` of the expert's file, as YAML reads them (``None``: don't know)."""
        data = yaml.safe_load(self.file(expert).read_text(encoding="utf-8"))
        assert data["format"] == "citydip/scores" and data["expert"] == expert
        return data.get("ratings") or {}


@pytest.fixture
def small(tmp_path: Path) -> Small:
    root = tmp_path / "small"
    root.mkdir()
    for name, text in (
        ("criteria.yaml", CRITERIA),
        ("cities.csv", CITIES),
        ("scenario.yaml", SCENARIO),
    ):
        (root / name).write_text(text, encoding="utf-8")
    return Small(root)


def recorded(path: Path) -> int:
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text("utf-8"))
    return sum(len(cells) for cells in (data.get("ratings") or {}).values())


def holds(path: Path, count: int) -> Callable[[], bool]:
    return lambda: recorded(path) == count


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- a session -----------------------------------------------------------------------------


def test_a_full_session_saves_every_rating_and_run_uses_them(small: Small) -> None:
    outcome = small.score(["4", "1", "5", "0", "2", "4"])
    assert outcome.code == 0, outcome.stderr
    assert outcome.shown() == ORDER
    assert small.saved() == {
        "MOU": {"Alpha": 4, "Beta": 1, "Gamma": 5},
        "NET": {"Alpha": 0, "Beta": 2, "Gamma": 4},
    }
    text = small.file().read_text(encoding="utf-8")
    assert text.startswith("# Ratings of one expert, written by `citydip score` after every")
    assert "Saved 6 answers to" in outcome.stderr
    assert re.search(
        r"MOU\s+│ Memoranda of understanding\s+│\s+1–5\s+│\s+3\s+│\s+0\s+│\s+0", outcome.stderr
    ), outcome.stderr
    run = run_citydip(["run", str(small.scenario)], env=ENV)
    assert run.returncode == 0, run.stderr
    assert "MOU, NET for 3 of 3 cities (1 rater: ann)" in run.stdout + run.stderr


def test_each_indicator_is_shown_with_its_scale_and_each_answer_echoed(small: Small) -> None:
    outcome = small.score(["4", "?", "n", "2"])
    err = outcome.stderr
    assert "MOU · Memoranda of understanding" in err
    assert "unit of the data: count · benefit: a higher rating is better" in err
    assert "Active memoranda of understanding with foreign cities." in err
    assert "Rate 1–5 (the default scale of a activity indicator)" not in err
    assert "Rate 1–5 (the default scale of an activity indicator)" in err
    assert "Rate 0, 2, 4 (declared in the criteria file)" in err
    for point, anchor in enumerate(ACTIVITY, start=1):
        assert re.search(rf"│\s+{point} │ {re.escape(anchor)}", err), anchor
    assert "→ Alpha: 4 = regular activity with documented results" in err
    assert "→ Beta: don't know" in err
    assert "→ Alpha: 2 = some" in err


def test_each_answer_is_on_disk_before_the_next_and_a_new_run_resumes(small: Small) -> None:
    """Answers typed one at a time are each saved before the next is typed; at the end of
    input the session stops with them saved, and a new run asks the next cell first."""
    path, answers, k = small.file(), ["4", "?", "2", "0"], 4
    with (small.root / "first.log").open("w") as log:
        process = subprocess.Popen(
            small.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=small.root,
            env=ENV,
            text=True,
        )
        try:
            assert process.stdin is not None
            for i, answer in enumerate(answers):
                process.stdin.write(answer + "\n")
                process.stdin.flush()
                wait_for(holds(path, i + 1), f"answer {i + 1} saved")
            assert process.poll() is None, "the session ended on its own"
            process.stdin.close()  # the end of input: save and stop
            assert process.wait(timeout=TIMEOUT) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    log_text = (small.root / "first.log").read_text(encoding="utf-8")
    assert f"End of input: {k} answers saved in" in log_text
    assert small.saved() == {"MOU": {"Alpha": 4, "Beta": None, "Gamma": 2}, "NET": {"Alpha": 0}}
    outcome = small.score(["2", "4"])
    assert outcome.code == 0, outcome.stderr
    assert f"{k} answers saved · 2 cells left" in outcome.stderr
    assert outcome.shown() == ORDER[k:]
    assert small.saved()["NET"] == {"Alpha": 0, "Beta": 2, "Gamma": 4}


def test_a_killed_session_keeps_every_answer(small: Small) -> None:
    path = small.file()
    process = subprocess.Popen(
        small.command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=small.root,
        env=ENV,
        text=True,
    )
    try:
        assert process.stdin is not None
        process.stdin.write("3\nd\n")
        process.stdin.flush()
        wait_for(holds(path, 2), "two answers saved")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=TIMEOUT) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert small.saved() == {"MOU": {"Alpha": 3, "Beta": None}}
    assert small.score(["q"]).shown() == [("MOU", "Gamma")]


def interruptible() -> None:
    """In the child, before Python starts: Ctrl-C's default action. A test run started in the
    background (``pytest … &``, as CI scripts do) ignores SIGINT, its children inherit that,
    and Python installs no KeyboardInterrupt handler for an ignored signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_saying_where_the_answers_are(small: Small) -> None:
    path = small.file()
    process = subprocess.Popen(
        small.command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=small.root,
        env=ENV,
        text=True,
        preexec_fn=interruptible,
    )
    try:
        assert process.stdin is not None
        process.stdin.write("5\n")
        process.stdin.flush()
        wait_for(holds(path, 1), "the answer saved")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert f"Interrupted: every answer given is saved in {path}" in err.replace("\n", "")
    assert "Traceback" not in err
    assert small.saved() == {"MOU": {"Alpha": 5}}
    assert not list(path.parent.glob(".*.lock"))


# --- the keys ------------------------------------------------------------------------------


def test_dont_know_is_saved_as_null_and_never_asked_again(small: Small) -> None:
    outcome = small.score(["?", "d", "4"])
    assert outcome.code == 0, outcome.stderr
    assert small.saved() == {"MOU": {"Alpha": None, "Beta": None, "Gamma": 4}}
    assert "MOU: {Alpha: null, Beta: null, Gamma: 4}" in small.file().read_text("utf-8")
    assert re.search(
        r"MOU\s+│ Memoranda of understanding\s+│\s+1–5\s+│\s+1\s+│\s+2\s+│\s+0", outcome.stderr
    ), outcome.stderr
    again = small.score(["q"])
    assert again.shown() == [("NET", "Alpha")]
    assert "3 answers saved · 3 cells left" in again.stderr


def test_enter_and_s_skip_a_city_which_is_asked_again_next_time(small: Small) -> None:
    outcome = small.score(["", "s", "3"])
    assert outcome.shown() == ORDER[:4]
    assert small.saved() == {"MOU": {"Gamma": 3}}
    again = small.score(["1", "2"])
    assert again.shown()[:3] == [("MOU", "Alpha"), ("MOU", "Beta"), ("NET", "Alpha")]
    assert small.saved() == {"MOU": {"Alpha": 1, "Beta": 2, "Gamma": 3}}


def test_u_undoes_the_last_answer_and_the_city_is_asked_again(small: Small) -> None:
    outcome = small.score(["4", "u", "2"])
    assert "undid MOU · Alpha" in outcome.stderr
    assert outcome.shown()[:3] == [("MOU", "Alpha"), ("MOU", "Beta"), ("MOU", "Alpha")]
    assert small.saved() == {"MOU": {"Alpha": 2}}


def test_u_undoes_a_dont_know_and_a_skip(small: Small) -> None:
    outcome = small.score(["?", "", "u", "u", "5"])
    assert outcome.shown()[:5] == [
        ("MOU", "Alpha"),
        ("MOU", "Beta"),
        ("MOU", "Gamma"),
        ("MOU", "Beta"),
        ("MOU", "Alpha"),
    ]
    assert small.saved() == {"MOU": {"Alpha": 5}}


def test_an_undo_is_saved_at_once(small: Small) -> None:
    small.score(["4", "3"])
    outcome = small.score(["u"])  # the end of input right after the undo
    assert "undid MOU · Beta" in outcome.stderr
    assert small.saved() == {"MOU": {"Alpha": 4}}
    assert outcome.shown() == [("MOU", "Gamma"), ("MOU", "Beta")]


def test_u_with_nothing_to_undo_says_so(small: Small) -> None:
    outcome = small.score(["u", "q"])
    assert "nothing to undo" in outcome.stderr
    assert not small.file().exists()


@pytest.mark.parametrize("bad", ["1", "9", "x", "2.5", "-2", "nan"])
def test_a_value_not_on_the_scale_is_refused_and_the_city_asked_again(
    small: Small, bad: str
) -> None:
    outcome = small.score(["n", bad])  # NET: points 0, 2, 4
    assert "is not a point of the scale; type one of 0, 2, 4" in outcome.stderr
    assert outcome.shown() == [("MOU", "Alpha"), ("NET", "Alpha"), ("NET", "Alpha")]
    assert not small.file().exists()  # nothing saved
    small.score(["n", bad, "4"])
    assert small.saved() == {"NET": {"Alpha": 4}}


def test_n_skips_the_rest_of_the_indicator(small: Small) -> None:
    outcome = small.score(["4", "n", "2"])
    assert outcome.shown() == [("MOU", "Alpha"), ("MOU", "Beta"), ("NET", "Alpha"), ("NET", "Beta")]
    assert small.saved() == {"MOU": {"Alpha": 4}, "NET": {"Alpha": 2}}
    assert small.score(["q"]).shown() == [("MOU", "Beta")]  # asked again next time
    undone = small.score(["n", "u", "1"])  # one u takes back the whole n
    assert undone.shown() == [("MOU", "Beta"), ("NET", "Beta"), ("MOU", "Beta"), ("MOU", "Gamma")]
    assert "undid MOU · Beta" in undone.stderr
    assert small.saved()["MOU"] == {"Alpha": 4, "Beta": 1}


def test_q_saves_and_quits_leaving_later_lines_unread(small: Small) -> None:
    outcome = small.score(["4", "q", "5"])
    assert outcome.code == 0, outcome.stderr
    assert small.saved() == {"MOU": {"Alpha": 4}}
    assert "Saved 1 answer to" in outcome.stderr
    assert not list(small.file().parent.glob(".*.lock"))


def test_indicator_reopens_every_city_showing_the_saved_answer(small: Small) -> None:
    small.score(["4", "?", "1"])
    outcome = small.score(["", "2", "u", "5", "s"], "--indicator", "MOU")
    assert outcome.code == 0, outcome.stderr
    assert "now: 4 = regular activity with documented results; Enter keeps it" in outcome.stderr
    assert "now: don't know; Enter keeps it" in outcome.stderr
    assert outcome.shown() == [
        ("MOU", "Alpha"),
        ("MOU", "Beta"),
        ("MOU", "Gamma"),  # u: Beta's answer is taken back, and Beta asked again
        ("MOU", "Beta"),
        ("MOU", "Gamma"),
    ]
    assert small.saved() == {"MOU": {"Alpha": 4, "Beta": 5, "Gamma": 1}}


def test_indicators_chooses_what_is_asked(small: Small) -> None:
    outcome = small.score(["2", "q"], "--indicators", "NET")
    assert outcome.shown() == [("NET", "Alpha"), ("NET", "Beta")]
    assert "1 indicator × 3 cities" in outcome.stderr
    assert small.saved() == {"NET": {"Alpha": 2}}
    # the ratings of NET are kept by a session that asks MOU only
    small.score(["3", "q"], "--indicators", "MOU")
    assert small.saved() == {"MOU": {"Alpha": 3}, "NET": {"Alpha": 2}}


# --- refusals ------------------------------------------------------------------------------


def test_a_second_session_on_the_same_expert_is_refused_while_the_first_runs(
    small: Small,
) -> None:
    path = small.file()
    lock = path.parent / f".{path.name}.lock"
    with (small.root / "first.log").open("w") as log:
        first = subprocess.Popen(
            small.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=small.root,
            env=ENV,
            text=True,
        )
        try:
            wait_for(
                lambda: lock.exists() and lock.read_text().strip() == str(first.pid),
                "the first session to hold the lock",
            )
            second = small.score(["3", "q"])
            assert second.code == 2, second.stderr
            assert any("another citydip session" in line for line in second.errors)
            assert any(str(path) in line for line in second.errors), second.stderr
            assert not path.exists()  # the refused session wrote nothing

            other = small.score(["1", "q"], expert="bob")  # another expert is not blocked
            assert other.code == 0, other.stderr

            assert first.stdin is not None
            first.stdin.write("2\nq\n")
            first.stdin.close()
            assert first.wait(timeout=TIMEOUT) == 0
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    assert small.saved() == {"MOU": {"Alpha": 2}}
    assert small.saved("bob") == {"MOU": {"Alpha": 1}}


def test_a_file_of_another_expert_is_refused(small: Small) -> None:
    small.score(["3", "q"], expert="bob")
    before = small.file("bob").read_text(encoding="utf-8")
    outcome = small.score(["4", "q"], "--file", str(small.file("bob")), expert="ann")
    assert outcome.code == 2, outcome.stderr
    assert any("belongs to expert 'bob', not 'ann'" in line for line in outcome.errors)
    assert small.file("bob").read_text(encoding="utf-8") == before


def test_file_wins_over_the_scenario_folder(small: Small) -> None:
    target = small.root / "elsewhere" / "mine.yaml"
    outcome = small.score(["3", "q"], "--file", str(target))
    assert outcome.code == 0, outcome.stderr
    assert yaml.safe_load(target.read_text("utf-8"))["ratings"] == {"MOU": {"Alpha": 3}}
    assert not small.file().exists()


def test_without_expert_scores_a_file_must_be_named(small: Small) -> None:
    text = small.scenario.read_text(encoding="utf-8")
    small.scenario.write_text(text.replace("expert_scores: scores/\n", ""), encoding="utf-8")
    outcome = small.score(["3", "q"])
    assert outcome.code == 2, outcome.stderr
    assert outcome.errors == [
        f"Error: {small.scenario} (expert_scores): score needs 'expert_scores:' to name a "
        "folder (one file per expert); name one there, or pass --file PATH"
    ]


def test_nothing_to_rate_is_an_error(small: Small) -> None:
    full = "city,GDP,MOU,NET,EDU\nAlpha,10,1,0,3\nBeta,8,2,2,4\nGamma,6,3,4,2\n"
    (small.root / "cities.csv").write_text(full, encoding="utf-8")
    outcome = small.score(["q"])
    assert outcome.code == 2, outcome.stderr
    assert any(
        "every indicator has data" in line and "--indicators" in line for line in outcome.errors
    ), outcome.stderr


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (("--indicators", "XYZ"), "--indicators: 'XYZ' is not an indicator"),
        (("--indicators", "GDP"), "--indicators: GDP has data"),
        (("--indicators", ","), "--indicators: no indicator id given"),
        (("--indicator", "GDP"), "--indicator: GDP has data"),
        (("--indicators", "NET", "--indicator", "MOU"), "--indicator: 'MOU' is not among"),
    ],
)
def test_bad_indicator_options_are_refused(
    small: Small, extra: tuple[str, ...], needle: str
) -> None:
    outcome = small.score(["q"], *extra)
    assert outcome.code == 2, outcome.stderr
    assert any(needle in line for line in outcome.errors), outcome.stderr
    assert not small.file().exists()


# --- in a real terminal --------------------------------------------------------------------


def test_a_session_in_a_terminal_echoes_each_answer_with_its_anchor(small: Small) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    child = pexpect.spawn(
        sys.executable,
        ["-c", BOOT, "score", "scenario.yaml", "--expert", "ann"],
        cwd=str(small.root),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 200),
    )
    try:
        child.expect(r"Alpha \(1–5; \?, s, u, n, q\) > ")
        child.sendline("4")
        child.expect("→ Alpha: 4 = regular activity with documented results")
        child.expect(r"Beta \(1–5")
        child.sendline("7")
        child.expect("7 is not a point of the scale; type a whole number from 1 to 5")
        child.expect(r"Beta \(1–5")
        child.sendline("1")
        child.expect("→ Beta: 1 = no documented activity")
        child.expect(r"Gamma \(1–5")
        child.sendline("?")
        child.expect("→ Gamma: don't know")
        child.expect(r"Rate 0, 2, 4 \(declared in the criteria file\)")
        child.expect(r"Alpha \(0, 2, 4; ")
        child.sendline("q")
        child.expect("Ratings per indicator")
        child.expect("Saved 3 answers to")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert small.saved() == {"MOU": {"Alpha": 4, "Beta": 1, "Gamma": None}}
    assert not list(small.file().parent.glob(".*.lock"))


def test_the_keys_work_from_a_persian_keyboard_without_switching(small: Small) -> None:
    """On the standard Persian layout the keys u s ? q n give ع س ؟ ض د (ISIRI 9147)."""
    first = small.score(["۴", "ع", "۲", "س", "؟", "ض", "4"], "--lang", "fa")
    assert first.code == 0, first.stderr
    # ۴ then ع (undo): Alpha is 2; س skips Beta; ؟ is don't know; ض quits before NET's 4
    assert small.saved() == {"MOU": {"Alpha": 2, "Gamma": None}}
    second = small.score(["د", "4"], "--lang", "fa")
    assert second.code == 0, second.stderr
    # Beta is asked again; د skips the rest of MOU, so the 4 is NET's
    assert small.saved() == {"MOU": {"Alpha": 2, "Gamma": None}, "NET": {"Alpha": 4}}


def test_a_session_keeps_what_was_written_in_the_file_by_hand(small: Small) -> None:
    """A scores file an analyst annotated: the session's answers go in, every comment and
    the ratings it does not touch stay on their lines (as elicit does for judgments)."""
    small.file().parent.mkdir(parents=True, exist_ok=True)
    small.file().write_text(
        "# Ann's ratings, phone interview of 3 March\n"
        "format: citydip/scores\n"
        "version: 1\n"
        "expert: ann\n"
        "ratings:\n"
        "  MOU:\n"
        "    Alpha: 2   # she hesitated between 2 and 3\n"
        "    # Beta: asked again in April\n"
        "    Gamma: 5\n",
        encoding="utf-8",
    )
    outcome = small.score(["4", "q"])  # the first open cell, then quit
    assert outcome.code == 0, outcome.stderr
    text = small.file().read_text("utf-8")
    for line in (
        "# Ann's ratings, phone interview of 3 March",
        "    Alpha: 2   # she hesitated between 2 and 3",
        "    # Beta: asked again in April",
        "    Gamma: 5",
    ):
        assert line in text.splitlines(), text
    assert outcome.shown()[0] == ("MOU", "Beta")  # the cell the file leaves open
    assert small.saved() == {"MOU": {"Alpha": 2, "Gamma": 5, "Beta": 4}}
