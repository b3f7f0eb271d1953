"""The outline a writer edits, read back: its text's parts, sub-headings and fact ids.

The text (`Outline.to_text`) carries no theme names; a group that keeps its facts keeps its
name from the proposal the writer edited (`base`), so an edit of one heading changes no other.
A plan of its own (`Outline.plan_only`) is read as its title and its 一、 themes.
"""

from __future__ import annotations

import re

from assistant import roles, structure, writer_headings
from assistant.errors import InputError
from assistant.facts import FactLedger
from assistant.outline import PART_ROLES, Outline, OutlinePart, OutlineTheme

_IDS = re.compile(r"\bF\d{2,3}\b")
_ID_GROUP = re.compile(r"\s*〔(?:F\d{2,3}[、，,\s]*)+〕\s*$")


def parse_outline_text(text: str, ledger: FactLedger, base: Outline | None = None) -> Outline:
    """Read an outline back from its (edited) text; fact ids the writer removed become unused.

    The text carries no theme names (what the opening and a part's framing name a group by);
    a group that keeps its facts keeps its name from `base` (the proposal the writer edited), so
    an edit of one heading changes no other part; another writer's heading is named from itself.
    """
    if not text or not text.strip():
        raise InputError("提纲是空的。", hint="可以直接采用系统建议的提纲，或在其基础上修改。")
    known = {f.id for f in ledger.facts}
    if base is not None and base.plan_only:
        return _parse_plan_outline(text, known, base)
    doc = structure.parse_document(text)
    starts = {h.start: h for h in doc.headings if not h.inline}
    title, parts, offset = "", [], 0
    for line in text.splitlines(keepends=True):
        start = offset + len(line) - len(line.lstrip())
        offset += len(line)
        body = line.strip()
        if not body:
            continue
        heading = starts.get(start)
        ids = [i for i in _IDS.findall(body) if i in known]
        if heading is not None and heading.level == 1:
            clean = _ID_GROUP.sub("", heading.title).strip()
            role = roles.heading_role(clean)
            parts.append(OutlinePart(role if role in PART_ROLES else "achievements", clean))
            if ids:
                parts[-1].themes.append(OutlineTheme("", "", ids))
        elif heading is not None and parts:
            parts[-1].themes.append(OutlineTheme("", _ID_GROUP.sub("", heading.title).strip(), ids))
        elif ids and parts:
            parts[-1].themes.append(OutlineTheme("", "", ids))
        elif not parts and not title:
            title = body
    if not parts:
        raise InputError(
            "提纲里没有找到“一、”这样的一级标题。", hint="请保留“一、”“二、”“三、”的编号。"
        )
    name_themes(parts, base)
    return Outline(title, parts)


def _parse_plan_outline(text: str, known: set[str], base: Outline) -> Outline:
    """A plan's outline read back: its title, then its themes ("一、提升党建引领工作质效 〔F01〕")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0] if lines and not _IDS.search(lines[0]) else ""
    part = OutlinePart("plans", "")
    for line in lines[1:] if title else lines:
        ids = [i for i in _IDS.findall(line) if i in known]
        heading = structure.parse_document(line).headings
        if heading and heading[0].start == 0:
            part.themes.append(OutlineTheme("", _ID_GROUP.sub("", heading[0].title).strip(), ids))
        elif ids:
            part.themes.append(OutlineTheme("", "", ids))
    if not part.themes:
        raise InputError("提纲里没有找到任何事实编号。", hint="请保留〔F01〕这样的事实编号。")
    parts = [part]
    name_themes(parts, base)
    return Outline(title or base.title, parts)


def name_themes(parts: list[OutlinePart], base: Outline | None) -> None:
    names = {
        tuple(t.fact_ids): t.name for p in (base.parts if base else []) for t in p.themes if t.name
    }
    based = [t for p in (base.parts if base else []) for t in p.themes]
    own_by_ids = {tuple(t.fact_ids): t.own for t in based}
    own_by_heading = {t.heading: t.own for t in based}
    heading_by_ids = {tuple(t.fact_ids): t.heading for t in based}
    name_by_heading = {t.heading: t.name for t in based if t.heading and t.name}
    for theme in (t for p in parts for t in p.themes):
        ids = tuple(theme.fact_ids)
        # a group kept as proposed keeps its name and framing; one whose heading the writer
        # rewrote is theirs ("加强为农服务体系建设" over the facts proposed as "扎实做好服务中心
        # 工作" had kept "我们把服务中心作为重点工作来抓" under it), as is a regrouped one under
        # a heading the proposal did not have
        edited = ids in heading_by_ids and theme.heading != heading_by_ids[ids]
        own = edited or own_by_ids.get(ids, own_by_heading.get(theme.heading, True))
        theme.own = bool(theme.heading) and base is not None and own
        if base is not None and not theme.fact_ids:
            theme.name = ""  # a heading the writer added with no facts is dropped: no name
        elif base is not None:
            # a heading kept over fewer or other facts (one deleted in the chat) keeps its
            # name: "预算绩效评价项目", not "推进预算绩效评价项目" read off the heading
            kept = None if edited else names.get(ids) or name_by_heading.get(theme.heading)
            theme.name = kept or (
                writer_headings.theme_name(theme.heading) if theme.heading else ""
            )
