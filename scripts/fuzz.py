"""A seeded fuzzer of citydip's inputs: mutated scenarios, criteria, judgments, tables and
workbooks, and option values at their limits, run through the real command line in process.

Every case must end with exit 0 or 2 (never a traceback, never exit 1), print every ``Error:``
on one line without a raw control character, finish within the time limit, and on exit 0 hold
no NaN or infinity in its JSON. The test suite runs a few hundred cases
(``tests/cli/test_fuzz.py``); a longer campaign is this script::

    python scripts/fuzz.py --cases 5000 --seed 1          # prints a summary, exit 1 on a finding

Findings are written to ``--keep DIR`` (default ``fuzz-findings/``) as a folder per case with
the files and the command, to be turned into regression tests.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Fuzz goal
criteria:
  - id: ECO
    name: Economy
    children:
      - id: GDP
        name: Output
        direction: benefit
      - id: DIST
        name: Distance
        direction: cost
  - id: SOC
    name: Society
    children:
      - id: EDU
        name: Students
        direction: benefit
      - id: RISK
        name: Risk
        direction: cost
"""

CITIES = """\
# Fuzz data, not measurements.
city,GDP,DIST,EDU,RISK,population
Alpha,10,500,3,2,1000
Beta,8,200,4,1,2000
Gamma,6,700,2,3,1500
Delta,9,400,5,2,800
"""

JUDGMENTS = """\
format: citydip/judgments
version: 1
expert: tester
weight: 1
comparisons:
  goal:
    - [ECO, SOC, 2]
  ECO:
    - [GDP, DIST, 3]
  SOC:
    - [EDU, RISK, "1/2"]
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Fuzz scenario
criteria: criteria.yaml
alternatives: cities.csv
judgments: judgments/
population: population
transforms: {GDP: per-capita}
methods:
  topsis: {normalization: vector}
  vikor: {v: 0.5}
"""

FILES = {
    "criteria.yaml": CRITERIA,
    "cities.csv": CITIES,
    "judgments/expert.yaml": JUDGMENTS,
    "scenario.yaml": SCENARIO,
}

HOSTILE = (
    "9" * 401,
    "-" + "9" * 401,
    "1e308",
    "-1e308",
    "1e-320",
    "4.9e-324",
    "1e400",
    "nan",
    ".nan",
    "-.inf",
    "inf",
    "0",
    "-0",
    "1/0",
    "\x00",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x1b[31m",
    "\u202e",
    "!!int 1e3",
    "!!bool maybe",
    "!!float x",
    "!!binary xx",
    "&a [*a]",
    "*undefined",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "a|b",
    "",
    "~",
    "[]",
    "{}",
    "a" * 300,
    "'",
    '"',
    "\t",
    "- - -",
    ": :",
    "0x10",
    "1_000",
    "۳",
    "١/٣",
    "1/3",
    "true",
    "null",
    "2020-01-01",
    "? [a, b]",
    "%YAML 9.9",
    "---\n---",
    "\r",
    "1e-160",
    "1e160",
)

BOMB = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    if i
    else 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(9)
)

COMMANDS = ("run", "run", "run", "validate", "weights", "criteria", "sensitivity", "questionnaire")
FORMATS = ("table", "json", "csv", "md")
SENSITIVITY_OPTIONS = (
    ("--samples", ("0", "-1", "1", "7", "1000000000001", "abc")),
    ("--spread", ("0", "-1", "2", "2.5", "1e308", "nan", "inf")),
    ("--concentration", ("0", "-1", "1e-9", "1e308", "inf", "nan")),
    ("--values", ("0", "1", "1.5", "-0.1", "GDP=0.2", "GDP=", "=1", "XX=0.1", "nan")),
    ("--draw", ("uniform", "dirichlet", "judgments", "bogus")),
    ("--seed", ("-1", "0", "99999999999999999999999")),
)


@dataclass
class Case:
    """One generated input: the files (relative path → bytes, ``None`` = removed) and the
    command line (``{root}`` stands for the case's folder)."""

    number: int
    files: dict[str, bytes | None]
    argv: list[str]
    what: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    crash: str = ""


def _mutate_text(text: str, rng: random.Random, what: list[str]) -> str:
    lines = text.split("\n")
    kind = rng.choice(
        ("token", "token", "token", "insert", "delete", "duplicate", "truncate", "swap")
    )
    what.append(kind)
    if kind == "token":
        tokens = [(i, t) for i, line in enumerate(lines) for t in line.replace(",", " ").split()]
        if tokens:
            i, token = rng.choice(tokens)
            hostile = rng.choice(HOSTILE)
            what.append(repr(hostile[:20]))
            lines[i] = lines[i].replace(token.strip("[]{}:,"), hostile, 1)
    elif kind == "insert":
        i = rng.randrange(len(lines))
        hostile = rng.choice(HOSTILE)
        what.append(repr(hostile[:20]))
        position = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:position] + hostile + lines[i][position:]
    elif kind == "delete" and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    elif kind == "duplicate":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == "swap" and len(lines) > 2:
        i, j = rng.sample(range(len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "truncate":
        return text[: rng.randrange(len(text) + 1)]
    return "\n".join(lines)


def _scale_column(text: str, rng: random.Random, what: list[str]) -> str:
    """Every value of one column times ``10**k`` (k up to ±320), or alternately ±1e308: the
    methods are scale-invariant, so the run must still give finite results or a clear error."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line and not line.startswith("#")][1:]
    column = rng.randrange(1, 6)
    exponent = rng.randrange(-320, 321)
    extreme = rng.random() < 0.3
    what.append(f"column {column} {'±1e308' if extreme else f'×1e{exponent}'}")
    for n, i in enumerate(rows):
        cells = lines[i].split(",")
        if column < len(cells):
            try:
                value = float(cells[column])
            except ValueError:
                continue
            scaled = (
                (1e308 if n % 2 else -1e308)
                if extreme
                else float(Decimal(repr(value)).scaleb(exponent))
            )
            cells[column] = repr(scaled)
        lines[i] = ",".join(cells)
    return "\n".join(lines)


def _encode(text: str, rng: random.Random, what: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.03:
        what.append("utf-16 without BOM")
        return text.encode("utf-16-le")
    if roll < 0.05:
        what.append("utf-16 with BOM")
        return text.encode("utf-16")
    if roll < 0.07:
        what.append("random bytes")
        return text.encode() + bytes(rng.randrange(256) for _ in range(16))
    return text.encode("utf-8", errors="surrogatepass")


def _big_table(rng: random.Random, rows: int) -> str:
    lines = ["city,GDP,DIST,EDU,RISK,population"]
    lines += [
        f"C{i},{rng.random() * 10:.3f},{rng.random() * 900:.1f},{rng.randrange(1, 9)},"
        f"{rng.randrange(1, 5)},{rng.randrange(100, 9000)}"
        for i in range(rows)
    ]
    return "\n".join(lines) + "\n"


def make_case(number: int, seed: int) -> Case:
    """The ``number``-th case of the campaign ``seed`` (independent of every other case)."""
    rng = random.Random(f"{seed}:{number}")
    texts = dict(FILES)
    what: list[str] = []
    files: dict[str, bytes | None] = {}
    special = rng.random()
    if special < 0.02:
        texts[rng.choice(list(FILES))] = BOMB
        what.append("alias bomb")
    elif special < 0.04:
        texts["cities.csv"] = _big_table(rng, rng.choice((2_000, 5_000)))
        what.append("big table")
    if rng.random() < 0.15:
        texts["cities.csv"] = _scale_column(texts["cities.csv"], rng, what)
    for _ in range(rng.choice((0, 1, 1, 1, 2, 3))):
        name = rng.choice(list(FILES))
        what.append(name)
        texts[name] = _mutate_text(texts[name], rng, what)
    for name, text in texts.items():
        files[name] = _encode(text, rng, what) if name in what else text.encode()
    if rng.random() < 0.02:
        files[rng.choice(list(FILES))] = None
        what.append("file removed")
    command = rng.choice(COMMANDS)
    argv = _argv(command, rng)
    return Case(number, files, argv, what)


def _argv(command: str, rng: random.Random) -> list[str]:
    scenario = "{root}/scenario.yaml"
    if command == "criteria":
        return ["criteria", "{root}/criteria.yaml", "-f", rng.choice(("table", "json"))]
    if command == "validate":
        return ["validate", scenario]
    if command == "questionnaire":
        return ["questionnaire", scenario, "--out", "{root}/out/q.xlsx"]
    if command == "sensitivity":
        argv = ["sensitivity", scenario, "-f", "json", "--samples", "64", "--threads", "1"]
        for _ in range(rng.choice((0, 1, 1, 2))):
            option, values = rng.choice(SENSITIVITY_OPTIONS)
            argv += [option, rng.choice(values)]
        return argv
    argv = [command, scenario, "-f", rng.choice(FORMATS)]
    if rng.random() < 0.1:
        argv += ["--out", rng.choice(("{root}/cities.csv", "{root}/out/r.txt", "{root}/out"))]
    return argv


def write_case(case: Case, root: Path) -> list[str]:
    """The case's files in ``root``; its command line with ``{root}`` filled in."""
    (root / "out").mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
    return [arg.replace("{root}", str(root)) for arg in case.argv]


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Raise :class:`_Timeout` after ``seconds`` (POSIX; elsewhere no limit)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(argv: list[str], seconds: int = 20) -> Outcome:
    """Run ``citydip ARGV`` in this process through the real entry point."""
    from mcda_citydip.cli import main

    out, err = io.StringIO(), io.StringIO()
    code, crash = 0, ""
    saved = sys.argv
    sys.argv = ["citydip", *argv]
    start = time.perf_counter()
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _deadline(seconds),
        ):
            main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except _Timeout:
        code, crash = -1, f"still running after {seconds} s"
    except BaseException:  # a traceback: the finding this fuzzer looks for
        code, crash = 1, traceback.format_exc()
    finally:
        sys.argv = saved
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start, crash)


def _reject_constant(name: str) -> float:
    raise ValueError(f"JSON holds {name}")


def problems(outcome: Outcome, argv: list[str]) -> list[str]:
    """What is wrong with an outcome: empty when the case passed."""
    found = []
    if outcome.crash:
        found.append(outcome.crash.strip().splitlines()[-1])
    if outcome.code not in (0, 2):
        found.append(f"exit code {outcome.code}")
    if outcome.code == 2 and not any(
        line.startswith("Error: ") for line in outcome.stderr.splitlines()
    ):
        found.append("exit 2 without an 'Error:' line")
    if "\x1b" in outcome.stderr or "\x1b" in outcome.stdout:
        found.append("a raw escape character reached the terminal")
    if "Traceback" in outcome.stderr:
        found.append("a traceback on stderr")
    if outcome.code == 0 and "json" in argv and "--out" not in argv:
        try:
            json.loads(outcome.stdout, parse_constant=_reject_constant)
        except ValueError as exc:
            found.append(f"exit 0 with bad JSON: {str(exc)[:80]}")
    return found


def run_case(case: Case, seconds: int = 20) -> tuple[Outcome, list[str]]:
    """Write, run and judge one case in a fresh temporary folder."""
    with tempfile.TemporaryDirectory(prefix="citydip-fuzz-") as folder:
        argv = write_case(case, Path(folder))
        outcome = run_cli(argv, seconds)
        return outcome, problems(outcome, argv)


def campaign(
    cases: int, seed: int, seconds: int = 20, report: Callable[[str], None] = print
) -> dict[str, int]:
    """Run ``cases`` cases; return the counts of OK, clean errors and findings."""
    counts = {"ok": 0, "error": 0, "finding": 0}
    for number in range(cases):
        case = make_case(number, seed)
        outcome, found = run_case(case, seconds)
        if found:
            counts["finding"] += 1
            report(f"case {number} ({', '.join(case.what)}): {'; '.join(found)}")
        else:
            counts["ok" if outcome.code == 0 else "error"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20, help="time limit per case")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    start = time.perf_counter()
    kept: list[int] = []

    def report(line: str) -> None:
        print(line, flush=True)
        number = int(line.split()[1])
        kept.append(number)
        target = args.keep / f"seed{args.seed}-case{number}"
        if target.exists():
            shutil.rmtree(target)
        case = make_case(number, args.seed)
        argv = write_case(case, target)
        (target / "command.txt").write_text(" ".join(argv) + "\n", encoding="utf-8")

    counts = campaign(args.cases, args.seed, args.seconds, report)
    elapsed = time.perf_counter() - start
    print(
        f"{args.cases} cases, seed {args.seed}: {counts['ok']} OK, {counts['error']} clean "
        f"errors (exit 2), {counts['finding']} findings; {elapsed:.0f} s"
    )
    return 1 if counts["finding"] else 0


if __name__ == "__main__":
    sys.exit(main())
