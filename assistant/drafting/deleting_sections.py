"""The writer's deletion of a whole sub-section ("删掉（二）", "把第一部分的（三）删掉"): its
heading and body leave the draft, through the DraftEditor.

The sub-headings after it are numbered again (（三） -> （二）); the facts it carried are no
longer the draft's (Draft.unused_facts names them); a framing sentence that listed its name
among others ("突出A、B、C等重点工作") lists the others. The part's own closing sentence
("回顾2024年工作，…") stays with the part. A part is never deleted, nor its only sub-section:
a 工作总结 keeps its three parts.
"""

from __future__ import annotations

import copy
import re

from assistant import guard
from assistant.drafting.deleting import Deleted
from assistant.drafting.editor import DraftEditor, Edit
from assistant.drafting.model import Draft, Paragraph, Section, top_level
from assistant.drafting.phrases import load_phrases
from assistant.errors import InputError
from assistant.fact_lines import strip_marker
from assistant.structure import int_to_cn
from assistant.structure.markers import marker_candidates

HINT = "可以删去其中的一句（如：把“……”那句删掉），或在提纲中调整后点“按提纲起草”。"


def delete_subsection(draft: Draft, heading_id: str) -> Deleted:
    """A new Draft without the sub-section headed by paragraph `heading_id`."""
    found = draft.paragraph(heading_id)
    if found is None or found[1].kind != "heading":
        raise InputError("稿件中没有这个小节，草稿未改动。", hint=HINT)
    section, heading = found
    level = top_level(section.heading, section.role)
    siblings = [p for p in section.paragraphs if p.kind == "heading" and p.level == level]
    if heading.level != level:
        raise InputError(
            f"“{heading.text}”是小节中的一层，只能整节删去“（一）”这一级的小节，草稿未改动。",
            hint=HINT,
        )
    if len(siblings) == 1:
        raise InputError(
            f"“{heading.text}”是{section.heading or '这一部分'}唯一的小节，删去后这一部分就没有内容了，草稿未改动。",
            hint=HINT,
        )
    gone = _span(section, heading, level)
    result = copy.deepcopy(draft)
    editor = DraftEditor(result)
    index = draft.sections.index(section)
    kept_section = result.sections[index]
    ids = {p.id for p in gone}
    elsewhere = {f for p in _paragraphs(result) if p.id not in ids for f in p.fact_ids}
    dropped: list[str] = []
    for para in gone:
        lost = [f for f in para.fact_ids if f not in elsewhere and f not in dropped]
        if lost:
            editor.drop_facts(para.id, lost)
            dropped += lost
    edits = [Edit("remove", p.id) for p in gone]
    edits += _renumbered(kept_section, heading, level)
    name = _theme_name(draft, heading)
    if name:
        edits += _unlisted(result, ids, name)
    editor.apply(edits)
    broken = guard.new_violations(draft, result, dropped=dropped)
    if broken:
        raise InputError("这样删会使数字与要点不符，草稿未改动：" + "".join(broken))
    return Deleted(result, heading.text, heading.id, dropped)


def _span(section: Section, heading: Paragraph, level: int) -> list[Paragraph]:
    """The heading and its body: up to the next heading of its level or above; the last
    sub-section's body ends with its last fact, the part's closing sentence after it kept."""
    paras = section.paragraphs
    i = paras.index(heading)
    j = next(
        (
            k
            for k in range(i + 1, len(paras))
            if paras[k].kind == "heading" and paras[k].level <= level
        ),
        len(paras),
    )
    if j == len(paras):
        carrying = [k for k in range(i + 1, j) if paras[k].fact_ids]
        j = (
            carrying[-1] + 1
            if carrying
            else i + 1 + (i + 1 < j and paras[i + 1].kind == "placeholder")
        )
    return paras[i:j]


def _renumbered(section: Section, heading: Paragraph, level: int) -> list[Edit]:
    """The sub-headings after the deleted one, each a number lower (（三） -> （二））."""
    edits, after = [], False
    for para in section.paragraphs:
        if para.kind != "heading" or para.level != level:
            continue
        if para.id == heading.id:
            after = True
            continue
        if not after:
            continue
        marker = next((c for c in marker_candidates(para.text) if c.start == 0), None)
        if marker is None or marker.number < 2:
            continue
        lower = marker.number - 1
        old_digits = str(marker.number)
        if old_digits in marker.marker:
            word = marker.marker.replace(old_digits, str(lower), 1)
        else:
            word = marker.marker.replace(int_to_cn(marker.number), int_to_cn(lower), 1)
        edits.append(Edit("span", para.id, marker.start, marker.end, word))
    return edits


def _theme_name(draft: Draft, heading: Paragraph) -> str:
    """The name the outline gave the deleted sub-section's group (what framing lists)."""
    outline, title = draft.outline, strip_marker(heading.text)
    for part in getattr(outline, "parts", []):
        for theme in part.themes:
            if theme.heading == title:
                return theme.name
    return ""


def _list_leads() -> list[str]:
    """What the phrase file writes before a list of names: "突出{themes}" -> 突出."""
    leads: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            leads.update(re.findall(r"([\u4e00-\u9fff]{1,2})\{themes\}", value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(load_phrases())
    return sorted(leads)


def _unlisted(draft: Draft, removed: set[str], name: str) -> list[Edit]:
    """Framing that lists the name among others ("突出A、B、C等重点工作") lists the others; a
    paragraph that carries a fact is the writer's and keeps its words."""
    item = re.escape(name)
    leads = "|".join(re.escape(lead) for lead in _list_leads()) or "(?!)"
    # a later item goes with the 、 before it, the first with the 、 after it
    pattern = re.compile(rf"(?P<x>、{item})(?=[、等，,])|(?:{leads})(?P<y>{item}、)")
    edits = []
    for p in _paragraphs(draft):
        if p.id in removed or p.kind != "body" or p.fact_ids:
            continue
        for m in pattern.finditer(p.text):
            group = "x" if m.group("x") else "y"
            edits.append(Edit("span", p.id, m.start(group), m.end(group), ""))
    return edits


def _paragraphs(draft: Draft) -> list[Paragraph]:
    return [p for s in draft.sections for p in s.paragraphs]
