"""Turn a model's section text into paragraphs: heading lines renumbered, facts attributed."""

from __future__ import annotations

import re
from typing import Any

from assistant import lead_lines
from assistant.checks import carries, carries_under, fact_score
from assistant.drafting.model import Fixup, Paragraph
from assistant.fact_lines import strip_marker
from assistant.structure import DEFAULT_STYLES, marker_for, parse_document

_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s*|[*_]{2}|>\s*)|[*_]{2}\s*$")
REPEATED = 0.9  # share of a fact's wording two paragraphs must both have to count as a repeat
HEADING_BODY_SPLIT = 12  # a heading line with this much more text carries a body paragraph too


def _clean_lines(text: str, part_heading: str) -> list[str]:
    lines = []
    for raw in text.replace("\r", "").split("\n"):
        line = _MARKDOWN.sub("", raw).replace("**", "").strip()
        if not line:
            continue
        if part_heading and (line == part_heading or line.endswith(part_heading)):
            continue  # the model repeated the part's own heading
        lines.append(line)
    return lines


def split_paragraphs(
    text: str, part_heading: str, section_name: str, top: int = 2
) -> tuple[list[tuple[str, str, int]], list[Fixup]]:
    """Lines as (kind, text, level); sub-headings renumbered （一）… under the part (`top` 1:
    a plan of its own, whose themes are its 一、 headings)."""
    lines = _clean_lines(text, part_heading)
    joined = "\n".join(lines)
    doc = parse_document(joined)
    at_line_start = {h.start: h for h in doc.headings if not h.inline}
    blocks: list[tuple[str, str, int, Any]] = []
    offset = 0
    for line in lines:
        heading = at_line_start.get(offset)
        offset += len(line) + 1
        if heading is None:
            blocks.append(("body", line, 0, None))
            continue
        title_len = heading.end - heading.start
        rest = line[title_len:].lstrip("。.，, ")
        if len(rest) > HEADING_BODY_SPLIT:
            blocks.append(("heading", line[:title_len], heading.level, heading))
            blocks.append(("body", rest, 0, None))
        else:
            blocks.append(("heading", line, heading.level, heading))
    # sub-headings sit below the part: the shallowest level used becomes （一）
    levels = sorted({lvl for kind, _, lvl, _ in blocks if kind == "heading"})
    remap = {lvl: min(i + top, 4) for i, lvl in enumerate(levels)}
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    fixups: list[Fixup] = []
    result: list[tuple[str, str, int]] = []
    for kind, line, level, heading in blocks:
        if kind != "heading":
            result.append((kind, line, 0))
            continue
        new_level = remap[level]
        counters[new_level] += 1
        for deeper in range(new_level + 1, 5):
            counters[deeper] = 0
        marker = marker_for(DEFAULT_STYLES[new_level], counters[new_level])
        body = line[len(heading.marker) :].lstrip() if heading.marker else line
        new_line = marker + body
        if new_line != line:
            fixups.append(
                Fixup(
                    "renumbered",
                    f"标题序号“{heading.marker}”已按层次改为“{marker}”。",
                    section_name,
                    "",
                    line,
                    new_line,
                )
            )
        result.append(("heading", new_line, new_level))
    return result, fixups


def assign_facts(paragraphs: list[Paragraph], facts: list[Any]) -> None:
    """Set each paragraph's fact_ids: a fact goes to the body paragraph where most of its
    wording and figures are. One no body carries goes to a sub-heading that is the fact itself
    (a lead line the outline made the heading, assistant.lead_lines), else to the first body
    under a sub-heading that says its opening clause, the two read together."""
    bodies = [p for p in paragraphs if p.kind == "body"]
    headings = [p for p in paragraphs if p.kind == "heading"]
    for para in bodies + headings:
        para.fact_ids = []
    under = heading_above(paragraphs)
    for fact in facts:
        holders = [i for i, p in enumerate(bodies) if carries(p.text, fact)]
        stated = next((h for h in headings if lead_lines.states(_title(h.text), fact.text)), None)
        if not holders and stated is not None:
            stated.fact_ids.append(fact.id)
            continue
        if not holders:
            holders = [
                i for i, p in enumerate(bodies) if carries_under(p.text, under.get(p.id, ""), fact)
            ]
        if not holders:
            continue
        if len(holders) > 1:  # a real repeat has all the wording and figures twice; else the best
            strong = [
                i
                for i in holders
                if fact_score(bodies[i].text, fact) >= REPEATED
                and _has_figures(bodies[i].text, fact)
            ]
            holders = (
                strong
                if len(strong) > 1
                else [max(holders, key=lambda i: fact_score(bodies[i].text, fact))]
            )
        for i in holders:
            bodies[i].fact_ids.append(fact.id)


def heading_above(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Paragraph id -> title of the sub-heading right above it (the first body under one)."""
    out, above = {}, ""
    for para in paragraphs:
        if para.kind == "heading":
            above = _title(para.text)
        elif above:
            out[para.id], above = above, ""
    return out


def _title(heading_line: str) -> str:
    """A sub-heading line's title, its marker ("（三）") taken off."""
    return strip_marker(heading_line.strip())


def _has_figures(text: str, fact: Any) -> bool:
    from assistant.figures import contains_figure

    return all(contains_figure(text, f) for f in fact.figures)
