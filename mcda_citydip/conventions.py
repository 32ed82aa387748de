"""What a run says about how it weighed: the conventions of its weights and their notes.

:func:`weight_conventions` states the settings behind the weights (AHP priority method,
random-index table, CR limit, group aggregation, combination with objective weights) as
stamped in every output; :func:`incomplete_note` says how an incomplete node's CR was found;
the missing-data policy is stated once when every indicator has the same. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mcda_citydip.ahp.consistency import GRAPH_RI_SAMPLES, RANDOM_INDEX, cr_limit
from mcda_citydip.ahp.synthesis import NodeWeights, Weights
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import N_, Message

#: ``ahp.incomplete_random_index`` as stamped in the conventions: the setting, then the rule.
INCOMPLETE_RI = MappingProxyType(
    {
        "graph": f"graph: RI(n) × mean CI of {GRAPH_RI_SAMPLES:,} random matrices (900,000/n² "
        "above n = 15, at least 100) on the node's pairs / complete (Ágoston & Csató 2022)",
        "complete": "complete: CI of the completed matrix / RI(n), as for a complete matrix "
        "(Bozóki, Fülöp & Rónyai 2010)",
    }
)


def weight_conventions(scenario: Scenario, weights: Weights) -> dict[str, Any]:
    if scenario.experts == ():
        return {"weights": weights.source}
    table = RANDOM_INDEX[scenario.ahp.random_index]
    conventions: dict[str, Any] = {
        "weights": weights.source,
        "priority": scenario.ahp.priority,
        "random_index": table.name,
        "random_index_source": table.citation,
        "cr_threshold": cr_limit(scenario.max_cr),
        "cr_is_error": scenario.max_cr is not None,
        "incomplete_matrices": "Harker (1987)"
        if scenario.ahp.priority == "eigenvector"
        else "LLSM (Kwiesielewicz 1996; Bozóki et al. 2010)",
        "incomplete_random_index": INCOMPLETE_RI[scenario.ahp.incomplete_random_index],
    }
    if scenario.combine is not None:
        conventions["combine"] = scenario.combine.stated()
    if len(scenario.experts) > 1:
        conventions["aggregation"] = scenario.ahp.aggregation
        if scenario.ahp.aggregation == "aip":
            conventions["aip_mean"] = scenario.ahp.aip_mean
        conventions["cr_policy"] = scenario.ahp.cr_policy
        conventions["unlinked_policy"] = scenario.ahp.unlinked_policy
        conventions["consensus"] = "Goepel (2013) Shannon-entropy AHP consensus S*"
        conventions["experts"] = {e.expert: e.weight for e in scenario.experts}
    return conventions


def incomplete_note(node: NodeWeights, rule: str = "graph") -> Message:
    """How an incomplete node's CR was found under ``ahp.incomplete_random_index`` ``rule``
    (see :mod:`mcda_citydip.ahp.consistency`)."""
    head = Message(
        N_(
            "node '{node}': {completed} of {pairs} pairs were not judged and were completed "
            "from the priorities"
        ),
        node=node.node,
        completed=len(node.completed),
        pairs=node.pairs,
    )
    found = node.consistency
    if rule == "complete":
        return Message(
            N_(
                "{head}; its CR is the CI of the completed matrix over RI({n}) = "
                "{random_index:.4f} (incomplete_random_index: complete)"
            ),
            head=head,
            n=len(node.items),
            random_index=found.random_index,
        )
    if found.graph_factor == 0:
        return Message(
            N_("{head}; its judgments form a spanning tree, which is always consistent: CR 0"),
            head=head,
        )
    return Message(
        N_(
            "{head}; its CR uses RI {random_index:.4f} = RI({n}) × {factor:.3f}, the mean CI "
            "of random matrices judged on the same pairs relative to complete ones "
            "(Ágoston & Csató 2022)"
        ),
        head=head,
        random_index=found.random_index,
        n=len(node.items),
        factor=found.graph_factor,
    )


def _policy_summary(policies: Mapping[str, str]) -> str | dict[str, str]:
    """The one policy of every indicator, or the policy of each indicator."""
    values = set(policies.values())
    return values.pop() if len(values) == 1 else dict(policies)
