"""The writer's deletion ("把“双减”那句删掉"): the one sentence, or item of a 一是/二是 list,
that says the quoted words leaves the draft, through the DraftEditor.

The list stays a list: the items after it are numbered again (三是 -> 二是), and an item left
alone loses its marker; the sentence before it ends with "。" where the deleted one did. The
facts the sentence carried are no longer the draft's (Draft.unused_facts names them), and the
guard checks the rest as every change is checked: nothing else may lose a figure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from assistant import checks, guard
from assistant.drafting.editor import DraftEditor, Edit, WordingPlace
from assistant.drafting.model import Draft, Paragraph, Section
from assistant.errors import InputError
from assistant.structure import int_to_cn
from assistant.structure.markers import marker_candidates, runin_blocked

EXAMPLE = "例如：把“课后服务参与率”那句删掉。"
_ENDS = "。；;！？!?"  # where a sentence or a list item ends
_STARTS = _ENDS + "：:"  # where one begins: "主要表现在：一是…"


@dataclass
class Deleted:
    draft: Draft
    sentence: str  # what was deleted, as the draft said it
    paragraph_id: str
    dropped: list[str]  # ids of the facts the draft no longer carries


def delete_sentence(draft: Draft, quoted: str, place: WordingPlace | None = None) -> Deleted:
    """A new Draft without the sentence that says `quoted` (in `place`, if given)."""
    quoted = (quoted or "").strip()
    if not quoted:
        raise InputError("请用引号标出要删去的那句话中的几个字。", hint=EXAMPLE)
    where = f"{place.label}中" if place and place.label else "稿件中"
    hits = _hits(draft, quoted, place)
    if not hits:
        raise InputError(
            f"{where}正文没有找到“{quoted}”。", hint="请从稿件正文中复制原文，放在引号里。"
        )
    if len(hits) > 1:
        raise InputError(
            f"{where}有 {len(hits)} 处“{quoted}”，不知要删哪一句，草稿未改动。",
            hint="请多引几个字，或说明在哪一部分，如“删掉第二部分中“……”那句”。",
        )
    index, para, at = hits[0]
    section = draft.sections[index]
    start, end = _sentence(para.text, at, at + len(quoted))
    if not para.text[:start].strip() and not para.text[end:].strip() and _alone(section, para):
        raise InputError(
            f"删去“{para.text[start:end]}”后，所在小节就没有内容了，草稿未改动。",
            hint="如要删去整个小节，请说“删掉（二）”这样的小节序号。",
        )
    result = copy.deepcopy(draft)
    editor = DraftEditor(result)
    target = next(p for p in result.sections[index].paragraphs if p.id == para.id)
    editor.apply(_edits(result.sections[index], target, start, end))
    dropped = _dropped(result, target, para.fact_ids)
    if dropped:
        editor.drop_facts(target.id, dropped)
    broken = guard.new_violations(draft, result, dropped=dropped)
    if broken:
        raise InputError("这样删会使数字与要点不符，草稿未改动：" + "".join(broken))
    return Deleted(result, para.text[start:end], para.id, dropped)


def _hits(
    draft: Draft, quoted: str, place: WordingPlace | None
) -> list[tuple[int, Paragraph, int]]:
    out = []
    for index, section in enumerate(draft.sections):
        if place and place.part_headings and index not in place.part_headings:
            continue
        for para in section.paragraphs:
            if para.kind == "heading":
                continue
            if place and place.paragraphs is not None and para.id not in place.paragraphs:
                continue
            at = para.text.find(quoted)
            while at >= 0:
                out.append((index, para, at))
                at = para.text.find(quoted, at + len(quoted))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence or list item holding text[start:end], its end mark included."""
    begin = max(text.rfind(ch, 0, start) for ch in _STARTS) + 1
    stops = [i for i in (text.find(ch, end) for ch in _ENDS) if i >= 0]
    return begin, (min(stops) + 1 if stops else len(text))


def _alone(section: Section, para: Paragraph) -> bool:
    """Whether the paragraph is all the body between the headings around it."""
    paras = section.paragraphs
    i = paras.index(para)
    before = paras[i - 1] if i > 0 else None
    after = paras[i + 1] if i + 1 < len(paras) else None
    heading_before = (
        before is None and section.heading or before is not None and before.kind == "heading"
    )
    return bool(heading_before) and (after is None or after.kind == "heading")


def runins(text: str) -> list:
    """The 一是/二是 markers that open a sentence or list item of the text."""
    return [
        c
        for c in marker_candidates(text)
        if c.kind == "runin"
        and not runin_blocked(text, c.start)
        and (c.start == 0 or text[c.start - 1] in _STARTS)
    ]


def _edits(section: Section, para: Paragraph, start: int, end: int) -> list[Edit]:
    """The deletion, the end mark it leaves to the sentence before, the list renumbered (in the
    paragraphs of the sub-section, where a list runs on from one to the next)."""
    text = para.text
    edits = [Edit("span", para.id, start, end, "")]
    if text[end - 1 : end] not in "；;" and text[:start].endswith(("；", ";")):
        edits.append(Edit("span", para.id, start - 1, start, "。"))  # the list ends there now
    markers = [(p, m) for p in _subsection(section, para) for m in runins(p.text)]
    gone = [i for i, (p, m) in enumerate(markers) if p is para and start <= m.start < end]
    if not gone:
        return edits
    # the list the deleted item was in: from its 一是 to the next 一是
    first = max((i for i, (_, m) in enumerate(markers[: gone[0] + 1]) if m.number == 1), default=0)
    last = next(
        (i for i in range(gone[0] + 1, len(markers)) if markers[i][1].number == 1), len(markers)
    )
    kept = [markers[i] for i in range(first, last) if i not in gone]
    for number, (p, m) in enumerate(kept, 1):
        word = "" if len(kept) == 1 else int_to_cn(number) + m.marker[-1]
        if word != m.marker:
            edits.append(Edit("span", p.id, m.start, m.end, word))
    return edits


def _subsection(section: Section, para: Paragraph) -> list[Paragraph]:
    """The body paragraphs between the headings around `para`."""
    paras = section.paragraphs
    i = j = paras.index(para)
    while i > 0 and paras[i - 1].kind != "heading":
        i -= 1
    while j + 1 < len(paras) and paras[j + 1].kind != "heading":
        j += 1
    return [p for p in paras[i : j + 1] if p.kind != "heading"]


def _dropped(draft: Draft, para: Paragraph, had: list[str]) -> list[str]:
    """Ids of the facts the paragraph carried and carries no longer."""
    by_id = {f.id: f for f in draft.facts}
    return [i for i in had if i in by_id and not checks.carries(para.text, by_id[i])]
