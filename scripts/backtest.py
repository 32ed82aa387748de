"""How well a scenario's ranking separates the union's members from the other cities (AUC).

    python scripts/backtest.py scenarios/baltic-backtest.yaml

Runs the scenario through the library and prints, for every ranking method (TOPSIS, VIKOR), the
area under the ROC curve of its scores with the union's members (``union: members``) as
positives and every other city as negatives: the share of member × non-member pairs in which
the member ranks better, a tie counting 1/2 (the Mann-Whitney U statistic / pairs). 0.5 is no
better than chance, 1 a perfect separation. Exits 2 when the scenario has no members or no
non-members.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from mcda_citydip.errors import CitydipError
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.pipeline import run


def auc(positives: Iterable[float], negatives: Iterable[float]) -> tuple[float, int]:
    """AUC of scores where higher is better, and its number of (positive, negative) pairs.

    AUC = (#pairs with positive > negative + 1/2 #tied pairs) / (n_pos × n_neg).
    """
    pos, neg = list(positives), list(negatives)
    pairs = len(pos) * len(neg)
    if not pairs:
        raise ValueError("need at least one positive and one negative score")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / pairs, pairs


def separation(path: Path) -> list[tuple[str, float, int, int, int]]:
    """(method, AUC, pairs, members, non-members) for every method the scenario runs."""
    result = run(load_scenario(path))
    if result.union is None:
        raise CitydipError(f"{path}: no 'union:'; the back-test needs the union's members")
    status = result.union.status
    rows = []
    for method, ranked in result.results.items():
        sign = 1.0 if ranked.higher_is_better else -1.0  # VIKOR Q: lower is better
        score = {city: sign * value for city, value in ranked.scores.items()}
        members = [score[c] for c in ranked.alternatives if status.get(c) == "member"]
        others = [score[c] for c in ranked.alternatives if status.get(c) != "member"]
        value, pairs = auc(members, others)
        rows.append((method, value, pairs, len(members), len(others)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    args = parser.parse_args(argv)
    try:
        rows = separation(args.scenario)
    except (CitydipError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print("method\tAUC\tpairs\tmembers\tnon-members")
    for method, value, pairs, members, others in rows:
        print(f"{method}\t{value:.3f}\t{pairs}\t{members}\t{others}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
