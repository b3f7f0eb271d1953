"""Roles of a paste's facts in order: the classifier's probabilities, smoothed by paste order."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.role_model import LABELS

ORDER = {role: i for i, role in enumerate(LABELS)}
BACKWARD_PENALTY = math.log(0.1)  # a writer seldom returns to achievements after plans
SWITCH_PENALTY = math.log(0.5)


def decode_in_order(probs: Sequence[dict[str, float]], fixed: Sequence[str | None]) -> list[str]:
    """Roles of a sequence of facts: each fact's probabilities, smoothed by paste order.

    A paste follows its report: achievements, then problems, then plans. Viterbi over the three
    roles, with a cost for each change of role and a larger one for going backwards; a fact
    with a marker (`fixed`) keeps its role.
    """
    if not probs:
        return []
    states = LABELS
    score = [{s: _emission(probs[0], fixed[0], s) for s in states}]
    back: list[dict[str, str]] = []
    for i in range(1, len(probs)):
        row, ptr = {}, {}
        for s in states:
            best = max(states, key=lambda p: score[-1][p] + _transition(p, s))
            row[s] = score[-1][best] + _transition(best, s) + _emission(probs[i], fixed[i], s)
            ptr[s] = best
        score.append(row)
        back.append(ptr)
    state = max(states, key=lambda s: score[-1][s])
    path = [state]
    for ptr in reversed(back):
        state = ptr[state]
        path.append(state)
    return path[::-1]


def _emission(probs: dict[str, float], fixed: str | None, state: str) -> float:
    if fixed:
        return 0.0 if fixed == state else -1e9
    return math.log(max(probs.get(state, 0.0), 1e-9))


def _transition(prev: str, state: str) -> float:
    if prev == state:
        return 0.0
    return SWITCH_PENALTY + (BACKWARD_PENALTY if ORDER[state] < ORDER[prev] else 0.0)
