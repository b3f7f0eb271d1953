"""Level and number of each heading in a Draft, read by the structure parser over the whole text.

A heading line parsed alone is not enough: the parser accepts "（三）" only after "（一）（二）".
"""

from __future__ import annotations

from typing import Any

from assistant.structure import parse_document


def heading_index(draft: Any) -> dict[str, tuple[int, int]]:
    """Heading paragraph id, or "part:<i>" for a part heading -> (level, number)."""
    if draft is None:
        return {}
    doc = parse_document(draft.text)
    found = [(draft.text[h.start : h.end].strip(), h.level, h.number) for h in doc.headings]
    index: dict[str, tuple[int, int]] = {}
    cursor = 0

    def match(line: str) -> tuple[int, int] | None:
        nonlocal cursor
        line = line.strip()
        for i in range(cursor, len(found)):
            label, level, number = found[i]
            if label and (line.startswith(label) or label.startswith(line)):
                cursor = i + 1
                return level, number
        return None

    for s_index, section in enumerate(draft.sections):
        if section.heading and (hit := match(section.heading)):
            index[f"part:{s_index}"] = hit
        for para in section.paragraphs:
            if para.kind == "heading" and (hit := match(para.text)):
                index[para.id] = hit
    return index
