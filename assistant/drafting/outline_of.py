"""The outline of a draft as it stands: after the chat deleted, added, retitled or reworded.

The outline box and 按提纲起草 read the draft's outline. The outline the draft was written from
(`Draft.outline`) no longer says what the draft holds once the writer has changed it in the
chat, so the outline is read back from the draft itself: its title, its parts, the sub-headings
of each part's top level and the facts under each, in order; the groups are named as an
outline the writer edited is (`outline_text.name_themes`), from the one the draft was written
from.
"""

from __future__ import annotations

from assistant.drafting.model import Draft, Section, top_level
from assistant.fact_lines import strip_marker
from assistant.outline import Outline, OutlinePart, OutlineTheme
from assistant.outline_text import name_themes


def outline_of(draft: Draft) -> Outline:
    """The draft's outline as it stands (what 按提纲起草 would write it from again)."""
    seen: set[str] = set()
    # the opening's facts (the writer's own opening line, the slogans before the first
    # sub-heading) open the results, where the outline had them before the opening took them
    opening = [
        fid
        for s in draft.sections
        if s.role == "other"
        for fid in s.fact_ids
        if not (fid in seen or seen.add(fid))
    ]
    parts = [_part(s, seen) for s in draft.sections if s.role != "other"]
    results = next((p for p in parts if p.role == "achievements"), None)
    if opening and results is not None:
        results.themes.insert(0, OutlineTheme("", "", opening))
    base = draft.outline if isinstance(draft.outline, Outline) else None
    name_themes(parts, base)
    return Outline(draft.title, parts)


def _part(section: Section, seen: set[str]) -> OutlinePart:
    heading = strip_marker(section.heading)
    part = OutlinePart(section.role, heading)
    level = top_level(heading, section.role)
    theme: OutlineTheme | None = None
    for para in section.paragraphs:
        new = [fid for fid in para.fact_ids if fid not in seen]
        seen.update(new)
        if para.kind == "heading" and para.level == level:
            # a heading line of the writer's paste is a fact of its group
            theme = OutlineTheme("", strip_marker(para.text), new)
            part.themes.append(theme)
        elif new and theme is None:  # facts before the first sub-heading: no heading
            theme = OutlineTheme("", "", new)
            part.themes.append(theme)
        elif new:
            theme.fact_ids += new
    return part
