"""What ``import mcda_citydip.cli`` loads: what every ``citydip`` command pays before it starts.

Each check runs in a fresh interpreter, so that nothing another test imported counts.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

import pytest

#: Imported by the commands that need them, never at start (issue 16): pymcdm imports
#: matplotlib.pyplot, and together they cost seconds.
HEAVY = ("pymcdm", "matplotlib", "pandas", "dask", "openpyxl", "scipy", "numba")

#: Modules that exist on POSIX only: citydip must start without them (on Windows).
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")

#: Run in a fresh interpreter: refuse the POSIX-only modules as Windows would (recording who
#: asked), import the CLI, and print what was loaded and who asked.
PROBE = """
import json, sys

POSIX_ONLY = {posix!r}
asked = []


class Windows:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] not in POSIX_ONLY:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith(
            ("importlib", "_frozen_importlib")
        ):
            frame = frame.f_back
        asked.append([name, frame.f_globals.get("__name__", "?") if frame else "?"])
        raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)


for name in POSIX_ONLY:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, Windows())
import mcda_citydip.cli  # noqa: E402

print(json.dumps({{"modules": sorted(sys.modules), "asked": asked}}))
"""


def fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a new interpreter (nothing another test imported counts)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


def _probe() -> dict[str, list[str]]:
    done = fresh_python(PROBE.format(posix=POSIX_ONLY))
    assert done.returncode == 0, done.stderr
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


@pytest.fixture(scope="module")
def probe() -> dict[str, list[str]]:
    return _probe()


@pytest.mark.parametrize("name", HEAVY)
def test_importing_the_cli_loads_no_heavy_library(probe: dict[str, list[str]], name: str) -> None:
    loaded = [m for m in probe["modules"] if m == name or m.startswith(name + ".")]
    assert loaded == []


def test_the_cli_starts_without_any_posix_only_module(probe: dict[str, list[str]]) -> None:
    """With ``fcntl``, ``termios``, ``pwd``, ``grp`` and ``resource`` absent, as on Windows,
    the CLI imports, and none of them is loaded."""
    assert not set(POSIX_ONLY) & set(probe["modules"])


def test_no_citydip_or_third_party_module_asks_for_a_posix_only_module(
    probe: dict[str, list[str]],
) -> None:
    """Only the standard library asks (``subprocess`` tries ``fcntl`` and does without it on
    Windows); citydip and the libraries it loads at start never do."""
    askers = {who for _, who in probe["asked"]}
    stdlib = set(sys.stdlib_module_names)
    assert {who for who in askers if who.split(".")[0] not in stdlib} == set()


def test_the_probe_sees_an_import_of_a_posix_only_module() -> None:
    """The check above can fail: a module that imports ``fcntl`` is caught asking."""
    code = PROBE.format(posix=POSIX_ONLY).replace(
        "import mcda_citydip.cli  # noqa: E402",
        "try:\n    import mcda_citydip.files.lock, fcntl\nexcept ImportError:\n    pass",
    )
    done = fresh_python(code)
    assert done.returncode == 0, done.stderr
    assert ["fcntl", "__main__"] in json.loads(done.stdout)["asked"]


#: Run a command in a fresh interpreter, recording each dataclass it makes; then write, as
#: the last line of stderr, the modules it loaded and those dataclasses.
COMMAND_PROBE = """
import dataclasses, json, sys

made = []
make = dataclasses._process_class


def recorded(cls, *args, **kwargs):
    made.append(cls.__module__ + "." + cls.__qualname__)
    return make(cls, *args, **kwargs)


dataclasses._process_class = recorded
from mcda_citydip.cli import main

try:
    main({argv!r})
except SystemExit:
    pass
sys.stderr.write("\\n" + json.dumps({{"modules": sorted(sys.modules), "dataclasses": made}}))
"""


@functools.cache
def probed(argv: tuple[str, ...]) -> tuple[subprocess.CompletedProcess[str], list[str], list[str]]:
    """``citydip ARGV`` in a fresh interpreter (once per ``argv``): the finished process,
    the modules it loaded and the dataclasses it made."""
    done = fresh_python(COMMAND_PROBE.format(argv=list(argv)))
    found = json.loads(done.stderr.rsplit("\n", 1)[-1]) if done.returncode == 0 else {}
    return done, found.get("modules", []), found.get("dataclasses", [])


@pytest.mark.parametrize(
    "argv", [["run", "-f", "json"], ["sensitivity", "-f", "json", "--samples", "2000"]]
)
def test_run_and_sensitivity_load_no_heavy_library(argv: list[str]) -> None:
    """``run`` and ``sensitivity`` on the default scenario (issue 18): the rank correlations
    of the method agreement are computed without pymcdm, so neither matplotlib nor pandas
    is loaded; only the commands that draw or write workbooks load them. The scenario's
    files are read by msgspec: pydantic is loaded only to word a problem."""
    done, loaded, _ = probed(tuple(argv))
    assert done.stdout.startswith("{"), done.stderr[-2000:]
    heavy = [m for m in loaded if m.split(".")[0] in (*HEAVY, "pydantic")]
    assert heavy == []


#: The libraries ``run`` on the default scenario may load: bench/startup.py times them alone
#: as the part of ``run`` that is not the package's (its ``LIBRARIES`` row); typing_extensions
#: comes with msgspec, cython_runtime with numpy's random generators.
RUN_LIBRARIES = {"click", "msgspec", "numpy", "rich", "typing_extensions", "yaml", "cython_runtime"}


def test_run_loads_only_the_libraries_the_bench_times_as_its_floor() -> None:
    """``run`` loads no library but those bench/startup.py times alone as its floor, and of
    the command line's modules only its own (the others are imported when their command is
    asked for: cli/app.py's COMMAND_MODULES)."""
    done, loaded, _ = probed(("run",))
    assert "NET1" in done.stdout, done.stderr[-2000:]
    commands = {name for name in loaded if name.startswith("mcda_citydip.cli.")}
    assert commands == {"mcda_citydip.cli.app", "mcda_citydip.cli.help", "mcda_citydip.cli.ranking"}
    tops = {name.split(".")[0] for name in loaded}
    libraries = {
        top
        for top in tops - set(sys.stdlib_module_names)
        if not top.startswith(("mcda_citydip", "_"))
    }
    assert libraries == RUN_LIBRARIES


@pytest.mark.parametrize(
    "argv", [["run", "-f", "json"], ["sensitivity", "-f", "json", "--samples", "2000"]]
)
def test_the_package_makes_no_dataclass_on_the_way_to_a_result(argv: list[str]) -> None:
    """The package's records are frozen ``msgspec.Struct`` classes, not dataclasses (issue
    18): Python 3.11 compiles each method of each dataclass apart, about 1 ms a class, and
    ``run`` created some fifty of them before it could start. Libraries' own dataclasses
    (rich's) still count for them; the probe sees them, so it would see ours."""
    done, _, made = probed(tuple(argv))
    assert done.stdout.startswith("{"), done.stderr[-2000:]
    assert any(name.startswith("rich.") for name in made)  # the probe works
    assert [name for name in made if name.startswith("mcda_citydip")] == []


#: What ``--help`` and an option error must not load (issue 16: they answer in about the time
#: Python needs to start): the maths and file layers, and a command line built at start-up
#: from signatures (Typer 0.29 validates every value through pydantic).
NOT_FOR_HELP = ("numpy", "yaml", "pydantic", "msgspec", "typer", *HEAVY)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--help"], 0),
        (["sensitivity", "--help", "--lang", "fa"], 0),
        (["run", "--bogus"], 2),
        (["sensitivity", "--samples", "0"], 2),
        (["report", "--draw", "sideways"], 2),
    ],
)
def test_help_and_option_errors_load_only_the_command_line(argv: list[str], code: int) -> None:
    done, loaded, _ = probed(tuple(argv))
    assert done.returncode == 0, done.stderr[-2000:]
    assert [m for m in loaded if m.split(".")[0] in NOT_FOR_HELP] == []
    if code == 0:  # the help, in panels
        assert f"citydip {argv[0] if argv[0] != '--help' else ''}".strip() in done.stdout
        assert "╭" in done.stdout
    else:  # one line of error, then the probe's list
        assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr


ENTRY_PROBE = """
import atexit, gc, sys
sys.argv = ["citydip", "criteria"]
atexit.register(lambda: sys.stderr.write(f"frozen={gc.get_freeze_count()}"))
from mcda_citydip.cli import entry
entry()
"""


def test_the_program_freezes_what_is_alive_as_it_ends_and_still_answers() -> None:
    """``citydip`` (``entry``) leaves the objects alive at exit to the end of the process
    rather than to the interpreter's last collections (issue 18); its output and exit code
    are :func:`main`'s, and atexit handlers still run."""
    done = fresh_python(ENTRY_PROBE)
    assert done.returncode == 0, done.stderr
    assert "NET1" in done.stdout
    frozen = int(done.stderr.rsplit("frozen=", 1)[1])
    assert frozen > 10_000
