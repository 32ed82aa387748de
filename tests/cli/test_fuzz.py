"""A seeded fuzz campaign in the suite (issue 9): a few hundred generated inputs through the
real command line, in process. Every case must end with exit 0 or 2, never a traceback or a
hang (20 s a case), never NaN or infinity in its JSON on exit 0, never a raw escape
character on the terminal. The generator is ``scripts/fuzz.py``; a longer campaign is
``python scripts/fuzz.py --cases 5000 --seed N``.
"""

from __future__ import annotations

import pytest

CASES = 300
SEEDS = (20261205,)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fuzz_campaign_finds_nothing(fuzz, seed: int) -> None:
    findings: list[str] = []
    counts = fuzz.campaign(CASES, seed, seconds=20, report=findings.append)
    assert not findings, "\n".join(findings)
    assert counts["ok"] + counts["error"] == CASES
    # the generator must reach both ends: valid runs and rejected inputs
    assert counts["ok"] >= CASES // 10 and counts["error"] >= CASES // 10, counts


def test_the_generator_covers_every_class(fuzz) -> None:
    """The cases of a campaign include each kind of hostile input the issue lists."""
    seen = " ".join(" ".join(fuzz.make_case(n, SEEDS[0]).what) for n in range(CASES))
    for needle in ("alias bomb", "big table", "utf-16", "±1e308", "'9999", "\\x1b", "'!!int"):
        assert needle in seen, needle
    commands = {fuzz.make_case(n, SEEDS[0]).argv[0] for n in range(CASES)}
    assert commands >= {"run", "validate", "weights", "criteria", "sensitivity", "questionnaire"}
