"""The outline: the three parts, each with its themes (sub-headings) and facts, as plain text.

Within a part, the writer's own sub-headings come first (Fact.heading); facts pasted under
none are split into contiguous topic groups (assistant.topics) named from their own words
(assistant.headings_writer). Themes keep the paste order. themes.yaml is an optional domain
lexicon: it names a group only when it matches the group strongly and its heading's content
words are all in the group's facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant import fact_groups, lead_lines, metadata, structure, topics, writer_headings
from assistant.facts import Fact, FactLedger
from assistant.headings_writer import HeadingWriter
from assistant.theme_lexicon import (
    THEMES_PATH,
    lexicon_heading,
    lexicon_phrases,
    load_themes,
)

PART_ROLES = ("achievements", "problems", "plans")
# a part with fewer facts is one paragraph of 一是/二是 without （一） sub-headings
# fewer facts than this under no writer heading are one list, unless each group is headed by
# its own fact's clause: "（一）推进医共体建设 实现乡镇全覆盖。（二）扎实做好家庭医生工作 一是新建
# 疾控中心实验室1个…" over three plan lines reads worse than 一是/二是/三是
MIN_FACTS_FOR_SUBHEADINGS = {"achievements": 4, "problems": 2, "plans": 4}
PREFACE_MAX = 6  # facts before the writer's first heading that open the part as they are
LEAD_RUN_MAX = 4  # facts a lead line heads before the rest of its run is grouped by topic


@dataclass
class OutlineTheme:
    """A （一）… sub-heading and the facts under it; heading "" means no sub-heading."""

    name: str
    heading: str
    fact_ids: list[str] = field(default_factory=list)
    # the heading is the writer's words (pasted above its facts, a pasted lead line, or typed
    # into the outline): no framing sentence restates it
    own: bool = False


@dataclass
class OutlinePart:
    """A level-1 part: 一、…工作开展情况 / 二、存在的主要问题 / 三、…工作计划."""

    role: str
    heading: str
    themes: list[OutlineTheme] = field(default_factory=list)

    @property
    def fact_ids(self) -> list[str]:
        return [fid for theme in self.themes for fid in theme.fact_ids]


@dataclass
class Outline:
    title: str
    parts: list[OutlinePart]

    @property
    def fact_ids(self) -> list[str]:
        return [fid for part in self.parts for fid in part.fact_ids]

    @property
    def plan_only(self) -> bool:
        """A plan of its own: one plans part under no heading, its themes numbered 一、二、."""
        return len(self.parts) == 1 and self.parts[0].role == "plans" and not self.parts[0].heading

    def part(self, role: str) -> OutlinePart | None:
        return next((p for p in self.parts if p.role == role), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outline:
        parts = [
            OutlinePart(p["role"], p["heading"], [OutlineTheme(**t) for t in p.get("themes", [])])
            for p in data["parts"]
        ]
        return cls(data.get("title", ""), parts)

    def to_text(self) -> str:
        """Editable text: numbered headings, each followed by its fact ids in 〔〕."""
        lines = [self.title, ""]
        for i, part in enumerate(self.parts, start=1):
            if not self.plan_only:
                lines.append(f"{structure.int_to_cn(i)}、{part.heading}")
            sub = 0
            for theme in part.themes:
                ids = f"〔{'、'.join(theme.fact_ids)}〕" if theme.fact_ids else ""
                if theme.heading:
                    sub += 1
                    number = structure.int_to_cn(sub)
                    marker = f"{number}、" if self.plan_only else f"（{number}）"
                    lines.append(f"{marker}{theme.heading} {ids}".rstrip())
                elif ids:
                    lines.append(ids)
        return "\n".join(lines) + "\n"


def _name_groups(
    groups: list[list[Fact]], role: str, lexicon: dict[str, Any]
) -> list[OutlineTheme]:
    writer = HeadingWriter(role)
    themes: list[OutlineTheme] = []
    owned: list[OutlineTheme] = []  # themes headed by their one fact's own opening clause
    for group in groups:
        name, heading = lexicon_heading(group, role, lexicon)
        own = fact_groups.own_heading(group[0].text, role) if len(group) == 1 else ""
        if own or not heading or heading in {t.heading for t in themes}:
            texts = [f.text for f in group]
            name, heading = writer.name(texts, lexicon_phrases(group, lexicon), own)
        if own and heading == own:
            name = lead_lines.topic(own) if name == own else name  # "“双减”工作", not "深化…"
        themes.append(OutlineTheme(name, heading, [f.id for f in group]))
        if own and heading == own:
            owned.append(themes[-1])
    by_id = {f.id: f for group in groups for f in group}
    merged = _merge_headless(themes, by_id)
    for theme in merged:
        # a fact's own clause heads that fact alone: with a neighbour's facts merged in, the
        # group is named from all of them, or the heading would cover facts it does not say
        if any(theme is t for t in owned) and len(theme.fact_ids) > 1:
            facts = [by_id[i] for i in theme.fact_ids]
            name, heading = writer.name([f.text for f in facts], lexicon_phrases(facts, lexicon))
            theme.name, theme.heading = (name, heading) if heading else (theme.name, theme.heading)
    return merged


def _merge_headless(themes: list[OutlineTheme], by_id: dict[str, Fact]) -> list[OutlineTheme]:
    """A group with nothing to name it by joins a named neighbour: no headless or catch-all
    theme. Facts before a lead line stay in front, under no heading (the part's opening
    paragraph): the lead is a line of the paste, and no pasted line moves above earlier ones."""
    named = [t for t in themes if t.heading]
    if not named:
        return themes
    first = themes.index(named[0])
    preface = [i for t in themes[:first] for i in t.fact_ids]
    lead = by_id.get(named[0].fact_ids[0])
    if preface and lead is not None and _heads_itself(named[0].heading, lead.text):
        themes = themes[first:]
    else:
        preface = []
    for i, theme in enumerate(themes):
        if not theme.heading:
            before = [t for t in themes[:i] if t.heading]
            host = before[-1] if before else next(t for t in themes[i:] if t.heading)
            host.fact_ids = sorted(host.fact_ids + theme.fact_ids, key=lambda f: int(f[1:]))
    return ([OutlineTheme("", "", preface)] if preface else []) + named


def _heads_itself(heading: str, text: str) -> bool:
    """Whether a heading is its first fact's own line or own opening clause: a line of the
    paste, under which no earlier line may be moved."""
    return lead_lines.states(heading, text) or (bool(heading) and text.startswith(heading))


def _lead_themes(lead: Fact, facts: list[Fact], role: str, lexicon: dict) -> list[OutlineTheme]:
    """A lead line heads its run (assistant.lead_lines); a long run's later topics get their own
    groups, named from their facts."""
    heading = lead_lines.as_heading(lead.text)
    followers = facts[1:]
    groups = [followers]
    if len(followers) > LEAD_RUN_MAX:
        groups = fact_groups.topic_groups(followers, lexicon)
    ids = [lead.id] + [f.id for f in groups[0]]
    first = OutlineTheme(lead_lines.topic(heading), heading, ids)
    return [first, *_name_groups(groups[1:], role, lexicon)] if groups[1:] else [first]


def _unheaded_themes(facts: list[Fact], role: str, lexicon: dict[str, Any]) -> list[OutlineTheme]:
    """Facts under no writer heading: each lead line heads its run, the rest go by topic."""
    themes: list[OutlineTheme] = []
    runs = lead_lines.runs(facts, role)
    for lead, run in runs:
        if lead is None and len(runs) > 1 and len(run) <= PREFACE_MAX:
            # lines before the first lead open the part ("2024年以来，区农业农村局深入贯彻…")
            themes.append(OutlineTheme("", "", [f.id for f in run]))
        elif lead is None:
            themes.extend(
                _name_groups(
                    fact_groups.own_groups(run, role) or fact_groups.topic_groups(run, lexicon),
                    role,
                    lexicon,
                )
            )
        else:
            themes.extend(_lead_themes(lead, run, role, lexicon))
    return _merge_headless(themes, {f.id: f for f in facts})


def _themes_of_part(facts: list[Fact], role: str, lexicon: dict[str, Any]) -> list[OutlineTheme]:
    """Writer's headings first; facts under no heading are grouped by topic, in paste order."""
    headed = [writer_headings.writer_heading(f) for f in facts]
    if not any(headed):
        # the results' opening line opens the part under no heading ("今年以来，…")
        opens = lead_lines.opens_part(facts, role) or fact_groups.leads_its_list(facts)
        opening = [OutlineTheme("", "", [facts[0].id])] if opens else []
        return opening + _grouped(facts[len(opening) :], role, lexicon)
    themes: list[OutlineTheme] = []
    by_heading: dict[str, OutlineTheme] = {}
    run: list[Fact] = []  # facts with no heading, between headed ones

    def flush() -> None:
        if run and not themes and len(run) <= PREFACE_MAX:
            # the writer's own opening lines before the first heading ("今年以来，在县委、县政府
            # 的坚强领导下，…取得新成效。", a report's opening figures) open the part; no
            # heading is made up over them
            themes.append(OutlineTheme("", "", [f.id for f in run]))
        elif run:
            themes.extend(_unheaded_themes(run, role, lexicon))
        run.clear()

    for fact, heading in zip(facts, headed, strict=True):
        if not heading:
            run.append(fact)
            continue
        flush()
        if heading not in by_heading:
            by_heading[heading] = OutlineTheme(writer_headings.theme_name(heading), heading, [])
            themes.append(by_heading[heading])
        by_heading[heading].fact_ids.append(fact.id)
    flush()
    return themes


def _grouped(facts: list[Fact], role: str, lexicon: dict[str, Any]) -> list[OutlineTheme]:
    """Facts of a part with no writer heading: topic groups, or one list where groups say less."""
    themes = _unheaded_themes(facts, role, lexicon)
    bare = role == "problems" and lead_lines.bare_statements([f.text for f in facts])
    few = len(facts) < MIN_FACTS_FOR_SUBHEADINGS[role] and not _self_headed(themes, facts, role)
    # no group named, and few enough facts for one list (an 档案馆 paste of 2026-12 had two
    # 一是…二是 lists in a row, no heading between them)
    unnamed = not any(t.heading for t in themes) and len(facts) <= topics.MAX_GROUP
    if bare or len(themes) <= 1 or unnamed or few or _misnamed_plans(themes, facts, role):
        name = _name_groups([facts], role, lexicon)[0].name if facts else ""
        return [OutlineTheme(_covering(name, facts), "", [f.id for f in facts])] if facts else []
    return themes


def _misnamed_plans(themes: list[OutlineTheme], facts: list[Fact], role: str) -> bool:
    """Whether a short plans part has a group its heading names by one plan of several ("扎实
    做好时间节点工作" over 征迁, 民生, 平安建设, 宗旨意识): a plan list reads better than that."""
    if role != "plans" or len(facts) > fact_groups.OWN_GROUPS_MAX:
        return False
    by_id = {f.id: f for f in facts}
    return any(
        t.heading
        and not _said_by_half(topics.content_words(t.heading), [by_id[i] for i in t.fact_ids])
        for t in themes
    )


def _self_headed(themes: list[OutlineTheme], facts: list[Fact], role: str) -> bool:
    """Whether every group is one fact headed by its own opening clause ("明年围绕重点抓整治，…")."""
    by_id = {f.id: f for f in facts}

    def own(theme: OutlineTheme) -> bool:
        text = by_id[theme.fact_ids[0]].text
        return _heads_itself(theme.heading, text) or (
            theme.heading == lead_lines.opening_clause(text, role)
        )

    return all(t.heading and len(t.fact_ids) == 1 and own(t) for t in themes)


def _covering(name: str, facts: list[Fact]) -> str:
    """A part's one theme is named only by what half its facts say: "专项行动" of one line in
    four is no name for the 医保局's whole list ("我们把专项行动作为重点工作来抓…")."""
    return name if _said_by_half([name] if name else [], facts) else ""


def _said_by_half(words: list[str], facts: list[Fact]) -> bool:
    """Whether at least half of three or more facts say one of the words (fewer always do): the
    test of a name or a heading that speaks for its facts."""
    said = sum(1 for f in facts if any(w in f.text for w in words))
    return len(facts) < 3 or said * 2 >= len(facts)


def part_headings(
    period: str | None, next_period: str | None, plan: str = "计划"
) -> dict[str, str]:
    """The three parts' headings; `plan` is the writer's word for the plan ("思路" of a title
    "…及2025年工作思路"), so the part says what the title says."""
    return {
        "achievements": f"{period or ''}工作开展情况",
        "problems": "存在的主要问题",
        "plans": f"{next_period or '下一步'}工作{plan}",
    }


def draft_title(
    unit: str | None, period: str | None, next_period: str | None, plan: str = "计划"
) -> str:
    return f"{unit or ''}{period or ''}工作总结及{next_period or '下一步'}工作{plan}"


def propose_outline(ledger: FactLedger, themes_path: Path = THEMES_PATH) -> Outline:
    """Three parts; in each, the writer's sub-headings or topic groups, in paste order."""
    lexicon = load_themes(themes_path)
    by_id = {f.id: f for f in ledger.facts}
    if ledger.plan_only:  # the writer's plan: its themes under its own title, no other part
        themes = _part_themes(ledger.facts, "plans", lexicon, by_id)
        return Outline(ledger.title or "", [OutlinePart("plans", "", themes)])
    own = metadata.writer_title(
        ledger.title, ledger.unit, ledger.period, ledger.next_period, ledger.title_given
    )
    plan = metadata.plan_word(own) or ledger.plan_word or "计划"
    headings = part_headings(ledger.period, ledger.next_period, plan) | ledger.part_titles
    parts = [
        OutlinePart(role, headings[role], _part_themes(ledger.by_role(role), role, lexicon, by_id))
        for role in PART_ROLES
    ]
    title = own or draft_title(ledger.unit, ledger.period, ledger.next_period, plan)
    return Outline(title, parts)


def _part_themes(
    facts: list[Fact], role: str, lexicon: dict[str, Any], by_id: dict[str, Fact]
) -> list[OutlineTheme]:
    themes = _themes_of_part(facts, role, lexicon)
    lone = themes[0] if len(themes) == 1 else None
    if lone and lone.heading and not writer_headings.writers_words(lone, by_id, leads=False):
        lone.heading = ""  # a lone （一） of the outline's own is no sub-heading; the
        # writer's own heading stays, or its words would be lost from the draft
    for theme in themes:
        theme.own = writer_headings.writers_words(theme, by_id)
    return themes
