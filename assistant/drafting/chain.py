"""The drafting chain, per part: exemplars -> prompt (prompts/) -> model -> guard.

After all parts: one repair round through the model for parts with violations, then the
deterministic fix-up. Every paragraph keeps the fact ids and exemplar chunk ids it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant import guard
from assistant.drafting.backends import Backend, Task, ThemeFacts, get_backend
from assistant.drafting.backends.offline import load_phrases
from assistant.drafting.model import Draft, DraftRequest, Fixup, Paragraph, Section
from assistant.drafting.split import assign_facts, split_paragraphs
from assistant.errors import ZongjieError
from assistant.facts import FactLedger, parse_facts
from assistant.outline import Outline, parse_outline_text, propose_outline
from assistant.prompts import load_prompt
from assistant.settings import Settings
from assistant.structure import DEFAULT_STYLES, int_to_cn, marker_for

TokenCallback = Callable[[str], None] | None
PartCallback = Callable[[Section, list[Fixup]], None] | None
EXEMPLAR_CHARS = 300  # of each exemplar shown to the model
_PROMPT = {
    "achievements": "section_achievements",
    "problems": "section_problems",
    "plans": "section_plans",
}


def resolve_outline(outline: Any, ledger: FactLedger) -> Outline:
    if outline is None:
        return propose_outline(ledger)
    if isinstance(outline, Outline):
        return outline
    if isinstance(outline, dict):
        return Outline.from_dict(outline)
    return parse_outline_text(str(outline), ledger)


def _hit_dict(hit: Any) -> dict[str, Any]:
    return {
        "chunk_id": hit.chunk_id,
        "doc_id": hit.doc_id,
        "title": hit.title,
        "heading_path": hit.heading_path,
        "role": hit.role,
        "score": round(float(hit.score), 4),
        "text": hit.text[:EXEMPLAR_CHARS],
    }


class Composer:
    """Builds one Draft: holds the ledger, outline, backend and the running paragraph count."""

    def __init__(
        self,
        ledger: FactLedger,
        outline: Outline,
        backend: Backend,
        kb: Any,
        k: int,
        on_token: TokenCallback,
    ):
        self.ledger, self.outline, self.backend = ledger, outline, backend
        self.kb, self.k, self.on_token = kb, k, on_token
        self.by_id = {f.id: f for f in ledger.facts}
        self.expected = [self.by_id[i] for i in outline.fact_ids if i in self.by_id]
        self.count = 0
        self.warnings: list[str] = []
        self.exemplars: dict[str, dict] = {}

    # -- helpers
    def emit(self, text: str) -> None:
        if self.on_token and text:
            self.on_token(text)

    def next_id(self) -> str:
        self.count += 1
        return f"P{self.count:02d}"

    def retrieve(self, role: str, query: str) -> list[Any]:
        if self.kb is None or self.k <= 0:
            return []
        try:
            hits = self.kb.search(query[:500], k=self.k, role=role)
        except ZongjieError as exc:
            self.warnings.append(f"知识库检索失败，本部分未使用范例：{exc}")
            return []
        for hit in hits:
            self.exemplars.setdefault(hit.chunk_id, _hit_dict(hit))
        return hits

    def variables(self, **extra: Any) -> dict[str, Any]:
        values = {
            "unit": self.ledger.unit,
            "period": self.ledger.period,
            "next_period": self.ledger.next_period,
        }
        values.update(extra)
        return values

    def task(self, kind: str, prompt: str, variables: dict[str, Any], **fields: Any) -> Task:
        spec = load_prompt(prompt)
        wanted = {k: v for k, v in variables.items() if k in spec.input_variables}
        messages = spec.render(**wanted) if self.backend.uses_prompts else []
        return Task(
            kind,
            prompt,
            messages,
            unit=self.ledger.unit,
            period=self.ledger.period,
            next_period=self.ledger.next_period,
            **fields,
        )

    def themes(self, part) -> list[ThemeFacts]:
        result, sub = [], 0
        for theme in part.themes:
            facts = [self.by_id[i] for i in theme.fact_ids if i in self.by_id]
            if not facts:  # a sub-heading with no facts would invite invented content
                if theme.heading:
                    self.warnings.append(f"提纲中的小标题“{theme.heading}”下没有事实，已略去。")
                continue
            marker = ""
            if theme.heading:
                sub += 1
                marker = marker_for(DEFAULT_STYLES[2], sub)
            result.append(ThemeFacts(theme.name, theme.heading, marker, facts))
        return result

    def paragraphs(
        self, text: str, heading: str, chunk_ids: list[str], facts: list[Any]
    ) -> tuple[list[Paragraph], list[Fixup]]:
        blocks, fixups = split_paragraphs(text, heading, heading)
        paras = [
            Paragraph(self.next_id(), line, [], list(chunk_ids) if kind == "body" else [], kind)
            for kind, line, _ in blocks
        ]
        assign_facts(paras, facts)
        return paras, fixups

    # -- parts
    def opening(self) -> Section:
        names = [
            t.name
            for p in self.outline.parts
            if p.role == "achievements"
            for t in p.themes
            if t.name
        ]
        variables = self.variables(theme_names=names or ["中心工作"])
        task = self.task(
            "opening", "opening", variables, themes=[ThemeFacts(n, "", "", []) for n in names]
        )
        text = self.backend.generate(task, self.on_token).strip()
        self.emit("\n")
        return Section(
            "", "other", [Paragraph(self.next_id(), " ".join(text.split("\n")), [], [], "body")]
        )

    def part(self, index: int, part) -> tuple[Section, list[Fixup]]:
        heading = f"{int_to_cn(index + 1)}、{part.heading}"
        self.emit(heading + "\n")
        themes = self.themes(part)
        facts = [f for t in themes for f in t.facts]
        if not facts:  # never invent a part: a short placeholder instead
            text = load_phrases()["placeholder"][part.role]
            self.emit(text + "\n")
            return Section(
                heading, part.role, [Paragraph(self.next_id(), text, [], [], "placeholder")]
            ), []
        hits = self.retrieve(part.role, part.heading + " " + "；".join(f.text for f in facts[:6]))
        variables = self.variables(
            heading=heading,
            themes=[
                {
                    "marker": t.marker,
                    "heading": t.heading,
                    "facts": [{"id": f.id, "text": f.text} for f in t.facts],
                }
                for t in themes
            ],
            exemplars=[{"text": h.text[:EXEMPLAR_CHARS]} for h in hits],
        )
        task = self.task(
            "section",
            _PROMPT[part.role],
            variables,
            role=part.role,
            heading=heading,
            themes=themes,
            exemplars=hits,
            position=index,
        )
        text = self.backend.generate(task, self.on_token)
        self.emit("\n")
        paras, fixups = self.paragraphs(text, heading, [h.chunk_id for h in hits], self.expected)
        return Section(heading, part.role, paras), fixups

    def closing(self) -> Section:
        task = Task(
            "closing",
            "",
            [],
            unit=self.ledger.unit,
            period=self.ledger.period,
            next_period=self.ledger.next_period,
        )
        # the closing is one fixed pattern (no facts): written offline for every backend
        from assistant.drafting.backends.offline import OfflineWriter

        text = OfflineWriter(task).closing()
        self.emit(text + "\n")
        return Section("", "other", [Paragraph(self.next_id(), text, [], [], "body")])

    # -- guard
    def repair(self, draft: Draft, violations: list[guard.Violation]) -> list[Fixup]:
        """One round through the model for each part with violations; the violations are named."""
        changes: list[Fixup] = []
        for section in draft.sections:
            if section.role not in _PROMPT:
                continue
            ids = {p.id for p in section.paragraphs}
            own = [
                v
                for v in violations
                if v.paragraph_id in ids
                or (v.fact_id and self.by_id[v.fact_id].role == section.role)
            ]
            if not own:
                continue
            facts = [
                self.by_id[i]
                for t in self.outline.part(section.role).themes
                for i in t.fact_ids
                if i in self.by_id
            ]
            body = "\n".join(p.text for p in section.paragraphs)
            variables = {
                "section_text": body,
                "violations": [v.message for v in own],
                "facts": [{"id": f.id, "text": f.text} for f in facts],
            }
            task = self.task(
                "repair",
                "repair",
                self.variables(**variables),
                role=section.role,
                heading=section.heading,
                text=body,
                violations=variables["violations"],
            )
            text = self.backend.generate(task, None)
            chunk_ids = next((p.chunk_ids for p in section.paragraphs if p.chunk_ids), [])
            section.paragraphs, renumbered = self.paragraphs(
                text, section.heading, chunk_ids, self.expected
            )
            changes.append(
                Fixup(
                    "model_repair",
                    f"“{section.heading}”未通过校核（{len(own)}处），已请模型按校核意见修改一次。",
                    section.heading,
                )
            )
            changes.extend(renumbered)
        return changes

    def finish(self, draft: Draft) -> Draft:
        """Guard: check, one repair round if the backend can, fix-up, then record what is left."""
        violations = guard.check(draft, self.expected, self.ledger.facts)
        draft.findings = [v.message for v in violations]
        if violations and self.backend.can_repair:
            draft.fixups.extend(self.repair(draft, violations))
            violations = guard.check(draft, self.expected, self.ledger.facts)
        if violations:
            phrases = load_phrases()
            draft.fixups.extend(
                guard.fixup(
                    draft,
                    violations,
                    self.ledger.facts,
                    phrases["inserted_fact"],
                    phrases["placeholder"],
                )
            )
            remaining = guard.check(draft, self.expected, self.ledger.facts)
            draft.findings += [f"修正后仍存在：{v.message}" for v in remaining]
        placed = set(draft.where_used())
        draft.unused_facts = [f.id for f in self.ledger.facts if f.id not in placed]
        return draft


def draft(
    request: DraftRequest,
    settings: Settings,
    kb: Any = None,
    on_token: TokenCallback = None,
    ledger: FactLedger | None = None,
    on_part: PartCallback = None,
) -> Draft:
    """Draft the whole report from the pasted facts.

    on_part(section, fixups) is called as each section (opening, parts, closing) is finished, so a
    UI can show finished parts while later ones stream; the guard's final pass comes after.
    """
    ledger = ledger or parse_facts(
        request.paste, request.unit, request.period, request.next_period, kb=kb
    )
    outline = resolve_outline(request.outline, ledger)
    backend = get_backend(request.backend, settings)
    k = request.k if request.k is not None else settings.retrieval.k
    composer = Composer(ledger, outline, backend, kb, k, on_token)
    result = Draft(
        outline.title,
        [],
        ledger.facts,
        ledger.unit,
        ledger.period,
        ledger.next_period,
        backend.name,
        outline=outline,
    )
    composer.emit(outline.title + "\n\n")

    def finished(section: Section, fixups: list[Fixup]) -> None:
        result.sections.append(section)
        result.fixups.extend(fixups)
        if on_part:
            on_part(section, fixups)

    finished(composer.opening(), [])
    for index, part in enumerate(outline.parts):
        finished(*composer.part(index, part))
    finished(composer.closing(), [])
    composer.finish(result)
    result.warnings = list(ledger.warnings) + composer.warnings
    result.exemplars = list(composer.exemplars.values())
    return result
