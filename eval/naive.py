"""The `naive` baseline: the facts joined under three fixed headings, nothing more.

It reads only what the writer pasted. A fact goes under the heading of the explicit marker
before it ("问题：", "计划："); with no marker it stays under the first heading, because a
naive system does not classify. Every metric must score it below a real draft.
"""

from __future__ import annotations

import re

from assistant.roles import FACT_LABELS
from eval.cases import Case

NAIVE_HEADINGS = {
    "achievements": "一、工作开展情况",
    "problems": "二、存在的主要问题",
    "plans": "三、下一步工作计划",
}
_LABEL = re.compile(r"(?P<label>[\u4e00-\u9fff]{1,5})\s*[：:]")


# markers the drafting issue lists that roles.FACT_LABELS spells differently
_MORE_LABELS = {"完成情况": "achievements", "工作完成情况": "achievements"}


def _marker_role(label: str) -> str | None:
    for role, labels in FACT_LABELS.items():
        if label in labels:
            return role
    return _MORE_LABELS.get(label)


def marker_roles(paste: str) -> list[tuple[int, str]]:
    """(position, role) of each explicit section marker in the paste, in order."""
    found = []
    for line_match in re.finditer(r"[^\n]+", paste):
        line = line_match.group()
        stripped = line.lstrip(" \t-•*·")
        m = _LABEL.match(stripped)
        if m:
            role = _marker_role(m.group("label"))
            if role:
                found.append((line_match.start(), role))
    return found


def naive_draft(case: Case) -> str:
    """The facts, in pasted order, joined with "；" under the three fixed headings."""
    markers = marker_roles(case.input)
    groups: dict[str, list[str]] = {role: [] for role in NAIVE_HEADINGS}
    for fact in case.facts:
        pos = case.input.find(fact.text)
        role = "achievements"
        for start, marker_role in markers:
            if 0 <= pos and start <= pos:
                role = marker_role
        groups[role].append(fact.text.rstrip("。；;，,"))
    lines = []
    for role, heading in NAIVE_HEADINGS.items():
        lines.append(heading)
        if groups[role]:
            lines.append("；".join(groups[role]) + "。")
    return "\n".join(lines) + "\n"
