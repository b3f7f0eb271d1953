"""The writer's own sub-headings: the heading a fact was pasted under, the name a framing
sentence gives its theme, and whether a theme's heading is the writer's words at all."""

from __future__ import annotations

import re
from typing import Any

from assistant import lead_lines, structure, topics
from assistant.key_phrases import load_patterns

MIN_NAME_CHARS = 4  # a writer's headline is named by its subject when it has one: "社会治理"


def writer_heading(fact: Any) -> str:
    """The writer's own sub-heading the fact was pasted under, numbering stripped."""
    raw = (getattr(fact, "heading", "") or "").strip()
    if not raw:
        return ""
    doc = structure.parse_document(raw)
    first = doc.headings[0] if doc.headings else None
    title = first.title if first is not None and first.start == 0 else raw
    return title.strip().rstrip("：:。；;，, ").strip()


def theme_name(heading: str) -> str:
    """A short name for the theme of a writer's heading, as the framing sentences say it
    ("国土空间管制方面" -> 国土空间管制, "社会治理持续加强" -> 社会治理, "严格落实耕地保护责任" ->
    落实耕地保护责任)."""
    first = re.split(r"[，,；;]", heading)[0]
    suffix = next((w for w in load_patterns()["heading_name_suffixes"] if first.endswith(w)), "")
    first = first[: len(first) - len(suffix)] or first
    subject = topics.noun_run(first)
    words = list(topics.cut(subject))
    while len(words) > 1 and words[-1] in load_patterns()["state_words"]:
        words.pop()
    if len("".join(words)) >= MIN_NAME_CHARS:
        subject = "".join(words)
    return subject if len(subject) >= MIN_NAME_CHARS else lead_lines.topic(first)


def writers_words(theme: Any, facts: dict[str, Any], leads: bool = True) -> bool:
    """Whether the theme's heading is the writer's own words: a heading pasted above its facts
    or (with `leads`) a pasted lead line. A framing sentence does not restate such a heading."""
    held = [facts[i] for i in theme.fact_ids if i in facts]
    return bool(theme.heading) and any(
        writer_heading(f) == theme.heading or leads and lead_lines.states(theme.heading, f.text)
        for f in held
    )
