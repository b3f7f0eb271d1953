"""The guard's steps in the chain: each part as it finishes, then the whole draft.

A part with violations gets one repair round through the model (when the backend can
repair), then the deterministic fix-up; the last pass over the whole draft catches what
only shows across parts (a fact written twice). Mixed into chain.Composer.
"""

from __future__ import annotations

from typing import Any

from assistant import guard
from assistant.drafting.editor import DraftEditor
from assistant.drafting.model import Draft, Fixup, Section
from assistant.drafting.phrases import load_phrases

#: part role -> prompt file of its section (prompts/)
SECTION_PROMPTS = {
    "achievements": "section_achievements",
    "problems": "section_problems",
    "plans": "section_plans",
}
_INSERT_TARGETS = ("achievements", "plans")  # where guard.fixup puts a fact without its part


class GuardSteps:
    """Needs from the host: ledger, outline, backend, by_id, expected, placed, findings,
    task(), variables(), paragraphs(), generate()."""

    ledger: Any
    outline: Any
    backend: Any
    by_id: dict[str, Any]
    expected: list[Any]
    placed: set[str]
    findings: list[str]

    def repair_section(self, section: Section, own: list[guard.Violation]) -> list[Fixup]:
        """One round through the model for one part, naming its violations."""
        theme_ids = self._part_ids(section.role)
        named = [v.fact_id for v in own if v.fact_id]
        facts = [self.by_id[i] for i in dict.fromkeys(theme_ids + named) if i in self.by_id]
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
        text = self.generate(task, section.heading, stream=False, restart=False)
        if text is None:  # the model looped: the fix-up repairs the part as it was
            return []
        chunk_ids = next((p.chunk_ids for p in section.paragraphs if p.chunk_ids), [])
        section.paragraphs, renumbered = self.paragraphs(
            text, section.heading, chunk_ids, self.expected, section.role
        )
        return [
            Fixup(
                "model_repair",
                f"“{section.heading}”未通过校核（{len(own)}处），已请模型按校核意见修改一次。",
                section.heading,
            ),
            *renumbered,
        ]

    def _part_ids(self, role: str) -> list[str]:
        part = self.outline.part(role)
        return [i for t in part.themes for i in t.fact_ids] if part else []

    def _own(self, section: Section, violations: list[guard.Violation]) -> list[guard.Violation]:
        ids = {p.id for p in section.paragraphs}
        part = set(self._part_ids(section.role))
        return [
            v
            for v in violations
            if v.paragraph_id in ids
            or (v.fact_id and (v.fact_id in part or self.by_id[v.fact_id].role == section.role))
        ]

    def repair(self, draft: Draft, violations: list[guard.Violation]) -> list[Fixup]:
        """One round through the model for each part with violations."""
        changes: list[Fixup] = []
        for section in draft.sections:
            own = self._own(section, violations) if section.role in SECTION_PROMPTS else []
            if own:
                changes.extend(self.repair_section(section, own))
        return changes

    def _fixup(self, draft: Draft, violations: list[guard.Violation]) -> list[Fixup]:
        phrases = load_phrases()
        edits = guard.fixes(
            draft, violations, self.ledger.facts, phrases["inserted_fact"], phrases["placeholder"]
        )
        return DraftEditor(draft).apply(edits)  # the draft's own counter: no id twice

    def settle(self, draft: Draft, section: Section) -> list[Fixup]:
        """The guard on a part just finished, against the draft so far; returns its fix-ups."""
        roles = {s.role for s in draft.sections}
        can_place = bool(roles & set(_INSERT_TARGETS))
        expected = [
            f for f in self.expected if f.id in self.placed and (f.role in roles or can_place)
        ]
        violations = guard.check(draft, expected, self.ledger.facts)
        if not violations:
            return []
        told = guard.told(violations)
        self.findings.extend(v.message for v in told if v.message not in self.findings)
        changes: list[Fixup] = []
        own = self._own(section, told) if section.role in SECTION_PROMPTS else []
        if own and self.backend.can_repair:
            changes.extend(self.repair_section(section, own))
            violations = guard.check(draft, expected, self.ledger.facts)
        if violations:
            changes.extend(self._fixup(draft, violations))
        return changes

    def finish(self, draft: Draft, repair: bool = True) -> Draft:
        """Guard the whole draft: check, a repair round (if asked and the backend can), fix-up,
        then record what is left and which facts went unused."""
        violations = guard.check(draft, self.expected, self.ledger.facts)
        told = guard.told(violations)
        draft.findings = [v.message for v in told]
        if told and repair and self.backend.can_repair:
            draft.fixups.extend(self.repair(draft, told))
            violations = guard.check(draft, self.expected, self.ledger.facts)
        if violations:
            draft.fixups.extend(self._fixup(draft, violations))
            remaining = guard.check(draft, self.expected, self.ledger.facts)
            draft.findings += [f"修正后仍存在：{v.message}" for v in guard.told(remaining)]
        placed = set(draft.where_used())
        draft.unused_facts = [f.id for f in self.ledger.facts if f.id not in placed]
        return draft
