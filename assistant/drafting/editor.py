"""The DraftEditor: the only code that changes a draft.

It hands out paragraph ids from one counter kept on the draft (`Draft.last_id`, so an id is
never handed out twice, even after the paragraph that had it is dropped), keeps each heading
paragraph's level, each paragraph's fact and exemplar ids, and applies `Edit`s. The composer,
revision and the guard's fixes (assistant.guard.fixes) all go through it.

Edits are applied as a set, so their order does not matter: span edits refer to a
paragraph's text as it was before any of them, and of two overlapping spans the one that
starts first (the longer at a tie) wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant import metadata
from assistant.drafting.model import Draft, Fixup, Paragraph, Section
from assistant.drafting.phrases import load_phrases

_CLOSE = "。"


@dataclass
class Edit:
    """One change to a draft.

    op:
      "span"        paragraph_id, start, end, text: replace that span of the paragraph's text
      "text"        paragraph_id, text: the paragraph's whole new text
      "drop_fact"   paragraph_id, fact_ids: the paragraph no longer carries these facts
      "remove"      paragraph_id: drop the paragraph
      "insert"      section, text, kind, fact_ids: a new paragraph in draft.sections[section],
                    before a closing sentence that carries no fact (or at `position`)
    """

    op: str
    paragraph_id: str = ""
    start: int = 0
    end: int = 0
    text: str = ""
    section: int = -1
    position: int | None = None
    kind: str = "body"
    level: int = 0
    fact_ids: list[str] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)
    fixup: Fixup | None = None  # what to tell the writer when the edit is applied


@dataclass(frozen=True)
class WordingPlace:
    """Where a wording change applies (replace_wording): the title or not, the part headings
    and the paragraphs named (None: all of them)."""

    title: bool = True
    part_headings: frozenset[int] | None = None  # indexes into draft.sections
    paragraphs: frozenset[str] | None = None  # paragraph ids
    label: str = ""  # how the writer named it ("标题", "第二部分"); "" for everywhere


def paragraph_number(paragraph_id: str) -> int:
    digits = paragraph_id[1:]
    return int(digits) if paragraph_id[:1] == "P" and digits.isdigit() else 0


class DraftEditor:
    """Changes one Draft; every new paragraph gets its id here."""

    def __init__(self, draft: Draft):
        self.draft = draft

    # -- ids and new paragraphs
    def highest(self) -> int:
        used = [paragraph_number(p.id) for s in self.draft.sections for p in s.paragraphs]
        return max([self.draft.last_id, *used])

    def new_id(self) -> str:
        self.draft.last_id = self.highest() + 1
        return f"P{self.draft.last_id:02d}"

    def paragraph(
        self,
        text: str,
        kind: str = "body",
        level: int = 0,
        fact_ids: Iterable[str] = (),
        chunk_ids: Iterable[str] = (),
    ) -> Paragraph:
        return Paragraph(self.new_id(), text, list(fact_ids), list(chunk_ids), kind, level)

    def blocks(
        self, blocks: Iterable[tuple[str, str, int]], chunk_ids: Iterable[str] = ()
    ) -> list[Paragraph]:
        """Paragraphs for (kind, text, level) blocks (drafting.split); bodies keep the exemplars."""
        chunks = list(chunk_ids)
        return [
            self.paragraph(text, kind, level, (), chunks if kind == "body" else ())
            for kind, text, level in blocks
        ]

    def retitle(self, title: str) -> None:
        """The draft's title ("换个标题"); its parts stay as they are, but for the opening's
        "现将…报告如下", which names the report as the title does."""
        self.draft.title = title
        d = self.draft
        if not d.sections or d.sections[0].heading:
            return  # a plan of its own has no opening
        plan = metadata.marker_plan_word([s.heading for s in d.sections if s.role == "plans"])
        # the title is the writer's choice (typed, or one they picked): the opening names it
        name = metadata.report_name(
            title, d.unit, d.period, d.next_period, plan or "计划", given=True
        )
        # the sentence every opening ends with, as the phrase file writes it: "现将{report}报告如下："
        before, after = load_phrases()["opening_own"].split("{own}", 1)[1].split("{report}", 1)
        said = re.compile(re.escape(before) + r"(?P<name>[^，。；：]+?)" + re.escape(after))
        self.apply(
            Edit("span", p.id, m.start("name"), m.end("name"), name)
            for p in d.sections[0].paragraphs
            for m in said.finditer(p.text)
        )

    def replace_wording(self, old: str, new: str, place: WordingPlace | None = None) -> int:
        """Every place the draft says `old` says `new`: everywhere, or only in `place` (the
        title, some parts' headings, some paragraphs); returns how many places changed.
        Paragraphs keep their ids and facts."""
        place = place or WordingPlace()
        count = 0
        if place.title:  # the title only: the writer named it
            count = self.draft.title.count(old)
            self.draft.title = self.draft.title.replace(old, new)
        edits = []
        for index, section in enumerate(self.draft.sections):
            if place.part_headings is None or index in place.part_headings:
                count += section.heading.count(old)
                section.heading = section.heading.replace(old, new)
            for para in section.paragraphs:
                if place.paragraphs is not None and para.id not in place.paragraphs:
                    continue
                at = para.text.find(old)
                while at >= 0:
                    edits.append(Edit("span", para.id, at, at + len(old), new))
                    at = para.text.find(old, at + len(old))
        self.apply(edits)
        return count + len(edits)

    def add_facts(self, facts: list) -> None:
        """New facts of the draft's ledger: the writer added them in the chat."""
        self.draft.facts = [*self.draft.facts, *facts]

    def carry(self, paragraph_id: str, fact_ids: list[str]) -> None:
        """The paragraph carries these facts too: its text now says them."""
        para = self.draft.paragraph(paragraph_id)
        if para is not None:
            para[1].fact_ids = [
                *para[1].fact_ids,
                *(i for i in fact_ids if i not in para[1].fact_ids),
            ]

    def drop_facts(self, paragraph_id: str, fact_ids: list[str]) -> None:
        """The paragraph no longer carries these facts, and the draft uses them nowhere: the
        writer deleted what said them (assistant.drafting.deleting)."""
        self.apply([Edit("drop_fact", paragraph_id, fact_ids=list(fact_ids))])
        unused = self.draft.unused_facts
        self.draft.unused_facts = [*unused, *(i for i in fact_ids if i not in unused)]

    # -- whole parts
    def add_section(self, section: Section) -> Section:
        """Append a part whose paragraphs were made by this editor."""
        self.draft.sections.append(section)
        self.draft.last_id = self.highest()  # ids the part brought in count from now on
        return section

    def replace_paragraphs(self, section: Section, paragraphs: list[Paragraph]) -> None:
        section.paragraphs = paragraphs
        self.draft.last_id = self.highest()

    # -- edits
    def apply(self, edits: Iterable[Edit]) -> list[Fixup]:
        """Apply a set of edits; returns the fix-ups of those applied, in the order given."""
        edits = list(edits)
        applied: set[int] = set()
        where = {p.id: (s, p) for s in self.draft.sections for p in s.paragraphs}
        spans: dict[str, list[tuple[int, Edit]]] = {}
        for i, edit in enumerate(edits):
            if edit.paragraph_id and edit.paragraph_id not in where and edit.op != "insert":
                continue  # the paragraph is gone: nothing to change
            if edit.op == "span":
                spans.setdefault(edit.paragraph_id, []).append((i, edit))
            elif edit.op == "text":
                where[edit.paragraph_id][1].text = edit.text
                applied.add(i)
        for pid, items in spans.items():
            applied |= _apply_spans(where[pid][1], items)
        removed: set[str] = set()
        for i, edit in enumerate(edits):
            if edit.op == "drop_fact":
                para = where[edit.paragraph_id][1]
                para.fact_ids = [f for f in para.fact_ids if f not in edit.fact_ids]
                applied.add(i)
            elif edit.op == "remove":
                removed.add(edit.paragraph_id)
                applied.add(i)
        for section in self.draft.sections:
            section.paragraphs = [
                p for p in section.paragraphs if p.id not in removed and p.text.strip()
            ]
        for i, edit in enumerate(edits):
            if edit.op == "insert" and 0 <= edit.section < len(self.draft.sections):
                self._insert(self.draft.sections[edit.section], edit)
                applied.add(i)
        return [e.fixup for i, e in enumerate(edits) if i in applied and e.fixup]

    def _insert(self, section: Section, edit: Edit) -> None:
        body = section.paragraphs
        if edit.kind == "body" and all(p.kind == "placeholder" for p in body):
            body.clear()  # a fact fills the part: its 〔待补〕 goes
        at = edit.position
        if at is None:
            at = len(body)
            if edit.kind == "body" and body and body[-1].kind == "body" and not body[-1].fact_ids:
                at -= 1  # keep a closing sentence last
        para = self.paragraph(edit.text, edit.kind, edit.level, edit.fact_ids, edit.chunk_ids)
        body.insert(max(0, min(at, len(body))), para)


def _apply_spans(para: Paragraph, items: list[tuple[int, Edit]]) -> set[int]:
    """Replace spans of the paragraph's original text; overlapping later spans are skipped."""
    items = sorted(items, key=lambda ie: (ie[1].start, -ie[1].end, ie[0]))
    chosen: list[tuple[int, Edit]] = []
    reach = -1
    for i, edit in items:
        if edit.start < reach or edit.start == edit.end == reach:
            continue
        chosen.append((i, edit))
        reach = max(reach, edit.end)
    text, deleted = para.text, False
    for _, edit in reversed(chosen):
        text = text[: edit.start] + edit.text + text[edit.end :]
        deleted = deleted or not edit.text
    text = text.strip()
    if deleted and text.endswith(("；", "，", ";", ",")):
        text = text[:-1] + _CLOSE  # a sentence cut after it: the paragraph still ends properly
    para.text = text
    return {i for i, _ in chosen}


def heading_numbers(draft: Draft | None) -> dict[str, tuple[int, int]]:
    """(level, number) of each heading, read from the draft model (never by re-parsing its text):
    "part:<i>" for the heading of draft.sections[i], a paragraph id for a sub-heading.

    A part heading is level 1, numbered among the parts that have one; a sub-heading keeps the
    level the editor gave it (`Paragraph.level`) and is numbered under its part and parent.
    """
    if draft is None:
        return {}
    index: dict[str, tuple[int, int]] = {}
    part = 0
    for s_index, section in enumerate(draft.sections):
        if section.heading:
            part += 1
            index[f"part:{s_index}"] = (1, part)
        counters = {1: part, 2: 0, 3: 0, 4: 0}
        top = 1 if section.plan_body else 2  # a plan of its own numbers its themes 一、二、
        for para in section.paragraphs:
            if para.kind != "heading":
                continue
            level = min(max(para.level or 2, top), 4)
            counters[level] += 1
            for deeper in range(level + 1, 5):
                counters[deeper] = 0
            index[para.id] = (level, counters[level])
        part = counters[1]
    return index
