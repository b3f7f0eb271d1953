"""A fact the writer adds in the chat ("问题部分再补充一条：教师待遇保障不够"): a new fact of the
draft's ledger, said where the writer names, through the DraftEditor.

It is the writer's own words, so its figures are sourced like those of the paste. It becomes
the next item of the list the place ends with ("二是…。" -> "二是…；三是…。"), or a paragraph
of its own at the end of the place, before a closing sentence that carries no fact; it fills a
part that had only its 〔待补〕. The guard checks the result as every change is checked.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from assistant import guard
from assistant.drafting.backends.offline_clauses import fact_clause
from assistant.drafting.deleting import runins
from assistant.drafting.editor import DraftEditor, Edit, WordingPlace
from assistant.drafting.model import Draft, Paragraph
from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.figures import find_figures
from assistant.roles import ROLE_LABELS
from assistant.structure import int_to_cn

EXAMPLE = "例如：问题部分再补充一条：教师待遇保障不够，优秀教师流失。"
ROLES = frozenset(ROLE_LABELS)
MAX_FACT_CHARS = 300  # one fact: a longer text is a paste of its own


@dataclass
class Added:
    draft: Draft
    fact_id: str
    paragraph_id: str
    where: str  # the part or sub-section it went to, as the reply names it


def add_fact(draft: Draft, text: str, place: WordingPlace | None = None) -> Added:
    """A new Draft that says `text` as a new fact, in `place` (a part or a sub-section), or in
    the part of the role the fact reads as."""
    text = (text or "").strip().rstrip("。；;，, ")
    if not text:
        raise InputError("请在冒号后写出要补充的内容。", hint=EXAMPLE)
    if len(text) > MAX_FACT_CHARS:
        raise InputError(
            f"补充的内容超过 {MAX_FACT_CHARS} 字。", hint="成段的新材料请粘贴为新的要点重新起草。"
        )
    fact = _new_fact(draft, text)
    index, body = _place(draft, fact, place)
    role = draft.sections[index].role
    if role != fact.role and role in ROLES:  # where the writer put it says what it is
        fact = dataclasses.replace(fact, role=role, role_reason=f"chat: {role}")
    said = fact_clause(fact, fact.role, None, draft.unit)
    result = copy.deepcopy(draft)
    editor = DraftEditor(result)
    editor.add_facts([fact])
    section = result.sections[index]
    last = next((p for p in reversed(section.paragraphs) if p.id in body and p.fact_ids), None)
    item = _next_item(last, said) if last is not None else None
    if item is not None:  # the next item of its list
        editor.apply([item])
        editor.carry(last.id, [fact.id])
    else:  # a paragraph of its own
        position = _after(section.paragraphs, body)
        insert = Edit("insert", section=index, text=said + "。", fact_ids=[fact.id])
        editor.apply([dataclasses.replace(insert, position=position)])
    paragraph_id = next(p.id for p in section.paragraphs if fact.id in p.fact_ids)
    broken = guard.new_violations(draft, result, added=[fact])
    if broken:
        raise InputError("这样补充会使数字与要点不符，草稿未改动：" + "".join(broken))
    label = place.label if place and place.label else f"“{section.heading}”"
    return Added(result, fact.id, paragraph_id, label)


def _new_fact(draft: Draft, text: str) -> Any:
    """The text as a fact of the draft's ledger: its figures read, the next free id."""
    ledger = parse_facts(
        text,
        unit=draft.unit,
        period=draft.period,
        next_period=draft.next_period,
        use_classifier=False,
    )
    numbers = [int(f.id[1:]) for f in draft.facts if f.id[1:].isdigit()]
    first = ledger.facts[0]
    # one fact however the paste reader cut it: the writer gave it as one
    joined = "，".join(f.text.rstrip("。；;，, ") for f in ledger.facts)
    return dataclasses.replace(
        first,
        id=f"F{max(numbers, default=0) + 1:02d}",
        text=joined,
        figures=find_figures(joined) if len(ledger.facts) > 1 else first.figures,
        line=0,
    )


def _place(draft: Draft, fact: Any, place: WordingPlace | None) -> tuple[int, set[str]]:
    """(section index, ids of the body paragraphs) the fact goes to: the sub-section or part
    named, else the part of the fact's role."""
    if place and place.part_headings:
        index = min(place.part_headings)
    elif place and place.paragraphs:
        index = next(
            i
            for i, s in enumerate(draft.sections)
            if any(p.id in place.paragraphs for p in s.paragraphs)
        )
    else:
        index = next((i for i, s in enumerate(draft.sections) if s.role == fact.role), None)
        if index is None:
            raise InputError(
                "稿件中没有可以补充的部分。", hint="请说明补充到哪一部分，如“第二部分补充：…”。"
            )
    section = draft.sections[index]
    if place and place.paragraphs and not place.part_headings:
        ids = set(place.paragraphs)
    else:
        ids = {p.id for p in section.paragraphs}
    if not section.heading and index == 0 and len(draft.sections) > 1:
        raise InputError("开头段不补充事实。", hint="请说明补充到哪一部分，如“第一部分补充：…”。")
    return index, {p.id for p in section.paragraphs if p.id in ids and p.kind != "heading"}


def _next_item(para: Paragraph, text: str) -> Edit | None:
    """The fact as the next item of the list the paragraph ends its facts with; None when the
    paragraph's last sentence of facts is no 一是/二是 item."""
    markers = runins(para.text)
    if not markers:
        return None
    last = markers[-1]
    end = para.text.find("。", last.end)
    if end < 0:
        end = len(para.text)
    word = int_to_cn(last.number + 1) + last.marker[-1]
    return Edit("span", para.id, end, min(end + 1, len(para.text)), f"；{word}{text}。")


def _after(paragraphs: list[Paragraph], body: set[str]) -> int | None:
    """Where a paragraph of its own goes: after the place's last paragraph of facts."""
    holding = [i for i, p in enumerate(paragraphs) if p.id in body and p.fact_ids]
    return holding[-1] + 1 if holding else None
