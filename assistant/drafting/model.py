"""Plain data for drafting: the request, the draft and its parts (all JSON-serialisable)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class DraftRequest:
    """What the writer asks for: the pasted facts and optional fields."""

    paste: str
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    backend: str | None = None  # None: settings.llm.backend
    k: int | None = None  # exemplars per section; None: settings.retrieval.k
    outline: Any = None  # an accepted or edited Outline (or its text); None: propose one
    # knowledge/ files the role classifier must not have read (an eval case's own reference)
    exclude_docs: frozenset[str] = frozenset()
    title: str | None = None  # the form's 标题; None: the pasted title or one of unit and period


@dataclass
class Paragraph:
    """One block of the draft: a sub-heading line, a body paragraph or a placeholder."""

    id: str
    text: str
    fact_ids: list[str] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)
    kind: str = "body"  # body | heading | placeholder
    level: int = 0  # a heading's level (2 "（一）", 3 "1.", 4 "（1）"); 0 for body text


def top_level(part_heading: str, role: str) -> int:
    """The level a part's sub-headings start at: （一） under "一、…", 一、 in a plan of its own
    (its one plans part has no heading)."""
    return 1 if role == "plans" and not part_heading else 2


@dataclass
class Section:
    """A level-1 part (一、…), the title-less opening or closing, or a plan's own body (a plans
    part with no heading, its themes 一、二、)."""

    heading: str
    role: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def plan_body(self) -> bool:
        return top_level(self.heading, self.role) == 1

    @property
    def text(self) -> str:
        lines = [self.heading] if self.heading else []
        return "\n".join(lines + [p.text for p in self.paragraphs])

    @property
    def fact_ids(self) -> list[str]:
        return [fid for p in self.paragraphs for fid in p.fact_ids]


@dataclass
class Fixup:
    """One change the guard made without the model, told to the writer."""

    kind: str  # inserted_fact | unsourced_figure | renumbered | placeholder
    message: str
    section: str = ""
    fact_id: str = ""
    before: str = ""
    after: str = ""


@dataclass
class Draft:
    """A whole draft with its provenance."""

    title: str
    sections: list[Section]
    facts: list[Any]  # facts.Fact
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    backend: str = "offline"
    unused_facts: list[str] = field(default_factory=list)
    fixups: list[Fixup] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # what the guard saw (before fix-up)
    warnings: list[str] = field(default_factory=list)  # about the input, e.g. facts without figures
    exemplars: list[dict] = field(default_factory=list)  # hits used, by chunk_id
    outline: Any = None
    # parts the offline engine wrote because the model's output was stopped (see warnings)
    fallbacks: list[str] = field(default_factory=list)
    # the highest paragraph number handed out (assistant.drafting.editor): an id is never reused
    last_id: int = 0

    @property
    def text(self) -> str:
        parts = [self.title, ""] if self.title else []
        parts += [s.text for s in self.sections if s.text]
        return "\n".join(parts).strip() + "\n"

    def paragraph(self, paragraph_id: str) -> tuple[Section, Paragraph] | None:
        for section in self.sections:
            for para in section.paragraphs:
                if para.id == paragraph_id:
                    return section, para
        return None

    def where_used(self) -> dict[str, list[str]]:
        """fact id -> ids of the paragraphs that carry it."""
        used: dict[str, list[str]] = {}
        for section in self.sections:
            for para in section.paragraphs:
                for fid in para.fact_ids:
                    used.setdefault(fid, []).append(para.id)
        return used

    def to_dict(self) -> dict:
        used = self.where_used()
        heading_of = {p.id: s.heading for s in self.sections for p in s.paragraphs}
        facts = []
        for fact in self.facts:
            item = fact.to_dict()
            item["used_in"] = used.get(fact.id, [])
            item["section"] = heading_of.get(used[fact.id][0], "") if used.get(fact.id) else ""
            facts.append(item)
        return {
            "text": self.text,
            "title": self.title,
            "unit": self.unit,
            "period": self.period,
            "next_period": self.next_period,
            "backend": self.backend,
            "sections": [asdict(s) for s in self.sections],
            "facts": facts,
            "unused_facts": list(self.unused_facts),
            "fixups": [asdict(f) for f in self.fixups],
            "findings": list(self.findings),
            "warnings": list(self.warnings),
            "exemplars": list(self.exemplars),
            "fallbacks": list(self.fallbacks),
            "last_id": self.last_id,
            "outline": self.outline.to_dict() if hasattr(self.outline, "to_dict") else None,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)


@dataclass
class DraftEvent:
    """One step of a draft as it is written, for a pane that shows it part by part.

    kind:
      "start"        text: the title (before any part)
      "part_start"   index, heading: a part begins (index: its place in Draft.sections,
                     0 the opening, then 一、二、三…, last the closing; heading "" for those two)
      "token"        index, text: a piece of the part's body as the backend writes it
      "part_restart" index, text: the model's output was stopped (a loop, its prompt read
                     back, or llm.part_timeout); the part starts again with the offline engine,
                     so drop what "token" gave for it. text: the warning shown to the writer
      "part_done"    index, heading, section, fixups: the part as it stands after the guard
                     (one repair round, then the deterministic fix-up), with those fix-ups
      "done"         draft: the final Draft (a later part's fix-up may still touch an earlier
                     part, e.g. a fact written twice, so this is the one to keep)
    """

    kind: str
    index: int = -1
    heading: str = ""
    text: str = ""
    section: Section | None = None
    fixups: list[Fixup] = field(default_factory=list)
    draft: Draft | None = None
