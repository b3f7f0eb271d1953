"""A Draft back from its JSON (Draft.to_dict, `zongjie draft --json`, a history version)."""

from __future__ import annotations

from typing import Any

from assistant.drafting.model import Draft, Fixup, Paragraph, Section
from assistant.errors import InputError
from assistant.facts import Fact
from assistant.figures import find_figures
from assistant.outline import Outline

_PARAGRAPH_FIELDS = ("id", "text", "fact_ids", "chunk_ids", "kind", "level")
_FIXUP_FIELDS = ("kind", "message", "section", "fact_id", "before", "after")


def draft_from_dict(data: dict[str, Any]) -> Draft:
    """Rebuild a Draft so that it can be revised again; a bad file is an InputError."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise InputError(
            "这不是一份草稿的 JSON（缺少 sections）。", hint="请用 zongjie draft --json 生成。"
        )
    try:
        facts = [
            Fact(
                f["id"],
                f["text"],
                find_figures(f["text"]),
                f.get("role", "other"),
                f.get("role_reason", ""),
                f.get("line", 0),
                f.get("heading", ""),
                bool(f.get("title", False)),
                int(f.get("listed", 0)),
            )
            for f in data.get("facts", [])
        ]
        sections = [
            Section(
                s["heading"],
                s["role"],
                [
                    Paragraph(**{k: p[k] for k in _PARAGRAPH_FIELDS if k in p})
                    for p in s.get("paragraphs", [])
                ],
            )
            for s in data["sections"]
        ]
        fixups = [
            Fixup(**{k: f[k] for k in _FIXUP_FIELDS if k in f}) for f in data.get("fixups", [])
        ]
    except (KeyError, TypeError) as exc:
        raise InputError(
            f"草稿 JSON 不完整：缺少 {exc}。", hint="请用 zongjie draft --json 生成。"
        ) from exc
    outline = Outline.from_dict(data["outline"]) if data.get("outline") else None
    return Draft(
        title=data.get("title", ""),
        sections=sections,
        facts=facts,
        unit=data.get("unit"),
        period=data.get("period"),
        next_period=data.get("next_period"),
        backend=data.get("backend", "offline"),
        unused_facts=list(data.get("unused_facts", [])),
        fixups=fixups,
        findings=list(data.get("findings", [])),
        warnings=list(data.get("warnings", [])),
        exemplars=list(data.get("exemplars", [])),
        outline=outline,
        fallbacks=list(data.get("fallbacks", [])),
        last_id=int(data.get("last_id", 0) or 0),
    )
