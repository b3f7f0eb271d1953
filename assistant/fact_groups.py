"""Facts under no writer heading, cut into groups: by topic (assistant.topics) with the
writer's run-in lists kept whole, or one group per fact that its own clause heads.

assistant.outline names the groups and makes them themes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from assistant import lead_lines, topics
from assistant.facts import Fact
from assistant.headings_writer import HeadingWriter
from assistant.theme_lexicon import LEXICON_WEIGHT, STRONG_MATCH, lexicon_theme

OWN_GROUPS_MAX = 6  # more facts than this are grouped by topic, whatever their shape
# a writer's run-in list stays one list up to 十是; a longer "list" is a flattened page whose
# （一） headings were lost (the 综合执法 web copy), and is grouped by topic
LIST_KEPT_MAX = 10


def _fact_vectors(facts: list[Fact], lexicon: dict[str, Any]) -> list[dict[str, float]]:
    """Lexical features of each fact; a strong lexicon match adds its theme as a feature."""
    vectors = []
    for fact in facts:
        name, score, _ = lexicon_theme(fact, lexicon)
        extra = {"t:" + name: LEXICON_WEIGHT} if name and score >= STRONG_MATCH else None
        vectors.append(topics.features(fact.text, extra))
    return vectors


def topic_groups(facts: list[Fact], lexicon: dict[str, Any]) -> list[list[Fact]]:
    if len(facts) <= 1:
        return [facts] if facts else []
    sims = topics.similarity_matrix(_fact_vectors(facts, lexicon))
    low, high = topics.group_range(len(facts))
    groups = [facts[i:j] for i, j in topics.contiguous_groups(sims, low, high)]
    return _lists_kept(groups)


def leads_its_list(facts: list[Fact]) -> bool:
    """Whether the part's first fact is what its line says before the writer's run-in list
    ("上半年，全省地区生产总值同比增长5.6%。一是扩大有效投资…"): the list's lead, said first."""
    if len(facts) < 3 or facts[0].listed or not facts[1].listed:
        return False
    return facts[0].line == facts[1].line and facts[2].listed == facts[1].listed


def _lists_kept(groups: list[list[Fact]]) -> list[list[Fact]]:
    """Groups with no cut inside a run-in list of the writer's ("一是扩大有效投资…；二是促进消费
    回升…"): the items the writer listed together stay one list, in their order."""
    sizes = Counter(f.listed for group in groups for f in group if f.listed)
    out: list[list[Fact]] = []
    for group in groups:
        listed = group[0].listed
        if out and listed and listed == out[-1][-1].listed and sizes[listed] <= LIST_KEPT_MAX:
            out[-1] = out[-1] + group
        else:
            out.append(group)
    return out


def own_heading(text: str, role: str) -> str:
    """The clause a one-fact sub-section is headed by: the fact's own opening clause, or, for
    a problem said in one short clause ("各乡镇发展不平衡"), the fact itself."""
    own = lead_lines.opening_clause(text, role)
    return own or (lead_lines.own_statement(text) if role == "problems" else "")


def _states_a_problem(text: str) -> bool:
    """Whether a problem's heading would be a clause of its own words ("经济指标还偏小" of
    "…等重要经济指标还偏小，市场开拓力度不强"), not a judgement of ours ("…还不够完善")."""
    heading = HeadingWriter("problems").name([text])[1]
    return bool(heading) and heading in text


def own_groups(facts: list[Fact], role: str) -> list[list[Fact]]:
    """A group of its own for each fact that opens with its own heading clause (the reports
    head such a sub-section by it), the facts between them grouped as they run; [] unless at
    least two facts have such a clause, and half of them. Problems are each their own or all
    one list: a heading over several would state one problem, or a judgement the writer did
    not make ("坟墓整治还不够完善" over "农村风貌提升还有较大空间")."""
    if role == "problems":
        # the writer's own opening line goes with the first problem; the part opens with it
        intro = facts[:1] if len(facts) > 2 and lead_lines.opens_problems(facts[0].text) else []
        rest = facts[len(intro) :]
        headed = all(own_heading(f.text, role) or _states_a_problem(f.text) for f in rest)
        if len(rest) > OWN_GROUPS_MAX or not headed:
            return [facts]
        return [intro + rest[:1]] + [[f] for f in rest[1:]]
    own = [bool(own_heading(f.text, role)) for f in facts]
    if len(facts) > OWN_GROUPS_MAX or sum(own) < max(2, len(facts) / 2):
        return []
    groups: list[list[Fact]] = []
    for fact, alone in zip(facts, own, strict=True):
        if alone or not groups or len(groups[-1]) == 1 and own[facts.index(groups[-1][0])]:
            groups.append([fact])
        else:
            groups[-1].append(fact)
    return groups
