"""The guard: every figure comes from the facts, every fact is placed once, numbering is sound.

`check` lists violations (named in the repair prompt); `fixup` then repairs what is left
without a model: restore a figure's verbatim form, insert a missing fact's sentence,
replace an unsourced figure with 〔待核〕, put 〔待补：…〕 where a part is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.drafting.model import Draft, Fixup, Paragraph, Section
from assistant.figures import Figure, contains_figure, figure_keys, find_figures, normalize
from assistant.structure import parse_document

UNVERIFIED = "〔待核〕"
PLACEHOLDER_PREFIX = "〔待补："
PLACED = 0.6  # share of a fact's character pairs a paragraph must contain to carry the fact
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9*]")


@dataclass
class Violation:
    kind: str  # unsourced_figure | missing_figure | missing_fact | duplicate_fact | numbering | empty_part
    message: str  # Chinese; goes into the repair prompt and the writer's report
    fact_id: str = ""
    figure: str = ""
    paragraph_id: str = ""
    section: str = ""


def char_pairs(text: str) -> set[str]:
    chars = "".join(_WORD.findall(normalize(text)))
    return {chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set())


def fact_score(text_pairs: set[str], fact: Any) -> float:
    pairs = char_pairs(fact.text)
    return len(pairs & text_pairs) / len(pairs) if pairs else 0.0


def carries(text: str, fact: Any, text_pairs: set[str] | None = None) -> bool:
    """Whether a paragraph carries a fact: most of its wording, or all its figures and some."""
    text_pairs = char_pairs(text) if text_pairs is None else text_pairs
    score = fact_score(text_pairs, fact)
    if score >= PLACED:
        return True
    return (
        bool(fact.figures) and score >= 0.3 and all(contains_figure(text, f) for f in fact.figures)
    )


def attribute(text: str, facts: list[Any]) -> list[str]:
    """Ids of the facts a paragraph carries."""
    text_pairs = char_pairs(text)
    return [f.id for f in facts if carries(text, f, text_pairs)]


def allowed_keys(facts: list[Any], *context: str | None) -> set[str]:
    """Figure keys a draft may contain: the facts', and the period's and next period's."""
    keys: set[str] = set()
    for fact in facts:
        keys |= {f.key for f in fact.figures}
    for text in context:
        keys |= figure_keys(text or "")
    return keys


def figure_scopes(draft: Draft, facts: list[Any]) -> tuple[set[str], set[str]]:
    """(keys for the title and opening, keys for everything else).

    The unit's and title's figures ("5个街道联合执法队") may stand in the title and the opening
    only; elsewhere the unit counts only where it is written out in full (see `unsourced`), so a
    model's "完成5个项目" is not excused by the unit's 5.
    """
    body = allowed_keys(facts, draft.period, draft.next_period)
    return body | allowed_keys([], draft.unit, draft.title), body


def _is_opening(draft: Draft, section: Section) -> bool:
    return bool(draft.sections) and section is draft.sections[0] and not section.heading


def unsourced(
    text: str, allowed: set[str], facts: list[Any], names: tuple[str | None, ...] = ()
) -> list[Figure]:
    """Figures in text that neither match an allowed key nor appear verbatim in a fact.

    Figures inside a verbatim occurrence of one of `names` (the unit, the title) are part of
    that name, not a claim.
    """
    spans = [
        (m.start(), m.end())
        for name in names
        if name and find_figures(name)
        for m in re.finditer(re.escape(name), text)
    ]
    result = []
    for fig in find_figures(text):
        if fig.key in allowed or any(a <= fig.start and fig.end <= b for a, b in spans):
            continue
        if any(normalize(fig.text) in normalize(f.text) for f in facts):
            continue
        result.append(fig)
    return result


def _body(section: Section) -> list[Paragraph]:
    return [p for p in section.paragraphs if p.kind == "body"]


def check_numbering(text: str) -> list[Violation]:
    """一、→（一）→1.→（1）: no level skipped, numbers continuous under each parent."""
    doc = parse_document(text)
    found: list[Violation] = []
    last = {1: 0, 2: 0, 3: 0, 4: 0}
    level = 0
    for h in doc.headings:
        where = f"“{h.label[:20]}”"
        if h.missing_marker:
            found.append(Violation("numbering", f"标题{where}缺少序号。"))
        if h.level > level + 1:
            found.append(
                Violation("numbering", f"标题{where}跳过了上一级标题（第{level + 1}级）。")
            )
        if h.number != last[h.level] + 1:
            kind = "重复" if h.number <= last[h.level] else "跳号"
            found.append(
                Violation("numbering", f"标题{where}序号{kind}，应为第{last[h.level] + 1}个。")
            )
        last[h.level] = h.number
        for deeper in range(h.level + 1, 5):
            last[deeper] = 0
        level = h.level
    return found


def check(draft: Draft, expected: list[Any], all_facts: list[Any]) -> list[Violation]:
    """Every violation in the draft. `expected`: facts the outline places; `all_facts`: the ledger."""
    found: list[Violation] = []
    frame, body = figure_scopes(draft, all_facts)
    names = (draft.unit, draft.title)
    for fig in unsourced(draft.title, frame, all_facts):
        found.append(
            Violation(
                "unsourced_figure", f"标题中的数字“{fig.text}”在材料中找不到。", figure=fig.text
            )
        )
    places: dict[str, list[Paragraph]] = {}
    for section in draft.sections:
        allowed = frame if _is_opening(draft, section) else body
        for fig in unsourced(section.heading, allowed, all_facts, names):
            found.append(
                Violation(
                    "unsourced_figure",
                    f"标题“{section.heading}”中的数字“{fig.text}”在材料中找不到。",
                    figure=fig.text,
                    section=section.heading,
                )
            )
        for para in section.paragraphs:
            for fig in unsourced(para.text, allowed, all_facts, names):
                found.append(
                    Violation(
                        "unsourced_figure",
                        f"数字“{fig.text}”在材料中找不到，不得自行编写。",
                        figure=fig.text,
                        paragraph_id=para.id,
                        section=section.heading,
                    )
                )
            for fid in para.fact_ids:
                places.setdefault(fid, []).append(para)
        if section.role in ("achievements", "problems", "plans") and not section.paragraphs:
            found.append(
                Violation(
                    "empty_part", f"“{section.heading}”部分没有内容。", section=section.heading
                )
            )
    for fact in expected:
        paras = places.get(fact.id, [])
        if not paras:
            found.append(
                Violation("missing_fact", f"遗漏了事实 {fact.id}：“{fact.text}”。", fact_id=fact.id)
            )
            continue
        if len(paras) > 1:
            ids = "、".join(p.id for p in paras)
            found.append(
                Violation("duplicate_fact", f"事实 {fact.id} 重复出现在 {ids}。", fact_id=fact.id)
            )
        for fig in fact.figures:
            if not any(contains_figure(p.text, fig) for p in paras):
                found.append(
                    Violation(
                        "missing_figure",
                        f"事实 {fact.id} 的数字“{fig.text}”没有原样写出。",
                        fact_id=fact.id,
                        figure=fig.text,
                        paragraph_id=paras[0].id,
                    )
                )
    found.extend(check_numbering(draft.text))
    return found


# ------------------------------------------------------------------ deterministic fix-up


def _replace_unsourced(
    para: Paragraph,
    allowed: set[str],
    facts: list[Any],
    section: str,
    names: tuple[str | None, ...] = (),
) -> list[Fixup]:
    figs = unsourced(para.text, allowed, facts, names)
    if not figs:
        return []
    text = para.text
    for fig in sorted(figs, key=lambda f: f.start, reverse=True):
        text = text[: fig.start] + UNVERIFIED + text[fig.end :]
    fixups = [
        Fixup(
            "unsourced_figure",
            f"“{fig.text}”在材料中找不到，已改为{UNVERIFIED}，请核实。",
            section,
            "",
            fig.text,
            UNVERIFIED,
        )
        for fig in figs
    ]
    para.text = text
    return fixups


def _restore_figure(para: Paragraph, fig: Figure, section: str, fact_id: str) -> Fixup | None:
    """The draft wrote a fact's figure in another form ("300辆" for "300余辆"): put it back."""
    for other in find_figures(para.text):
        if other.key == fig.key and other.text != fig.text:
            para.text = para.text[: other.start] + fig.text + para.text[other.end :]
            return Fixup(
                "restored_figure",
                f"事实 {fact_id} 的数字“{other.text}”已按材料改回“{fig.text}”。",
                section,
                fact_id,
                other.text,
                fig.text,
            )
    return None


def _insert_fact(draft: Draft, fact: Any, pattern: str, next_id: str) -> Fixup:
    section = next((s for s in draft.sections if s.role == fact.role), None)
    section = section or next(s for s in draft.sections if s.role in ("achievements", "plans"))
    para = Paragraph(
        next_id, pattern.format(fact=fact.text.rstrip("。；;，, ")), [fact.id], [], "body"
    )
    body = section.paragraphs
    if len(body) == 1 and body[0].kind == "placeholder":
        body.clear()
    tail = len(body)
    if body and body[-1].kind == "body" and not body[-1].fact_ids:
        tail -= 1  # keep a closing sentence last
    body.insert(tail, para)
    return Fixup(
        "inserted_fact",
        f"草稿遗漏了事实 {fact.id}，已把原文补入“{section.heading}”。",
        section.heading,
        fact.id,
        "",
        para.text,
    )


_SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")


def _drop_repeat(draft: Draft, fact: Any) -> list[Fixup]:
    """A fact written twice: keep the first, drop later sentences that carry only that fact."""
    holders = [(s, p) for s in draft.sections for p in s.paragraphs if fact.id in p.fact_ids]
    holders.sort(key=lambda sp: fact_score(char_pairs(sp[1].text), fact), reverse=True)
    others = [f for f in draft.facts if f.id != fact.id]
    changes = []
    for section, para in holders[1:]:  # keep the best match, drop sentences repeating it elsewhere
        kept = []
        for sentence in _SENTENCE.findall(para.text):
            if sentence and carries(sentence, fact) and not attribute(sentence, others):
                changes.append(
                    Fixup(
                        "removed_duplicate",
                        f"事实 {fact.id} 重复出现，已删去重复的一处。",
                        section.heading,
                        fact.id,
                        sentence,
                        "",
                    )
                )
                continue
            kept.append(sentence)
        text = "".join(kept).strip()
        para.text = text[:-1] + "。" if text.endswith(("；", "，")) else text
        para.fact_ids = [i for i in para.fact_ids if i != fact.id]
        if not para.text:
            section.paragraphs.remove(para)
    return changes


def _strip_stray_numbering(draft: Draft) -> list[Fixup]:
    """Heading markers inside body paragraphs break the numbering: drop the marker, keep the words."""
    changes = []
    for section in draft.sections:
        for para in section.paragraphs:
            if para.kind != "body":
                continue
            headings = [h for h in parse_document(para.text).headings if h.marker]
            if not headings:
                continue
            before = para.text
            for h in sorted(headings, key=lambda h: h.start, reverse=True):
                para.text = para.text[: h.start] + para.text[h.start + len(h.marker) :]
            markers = "、".join(f"“{h.marker}”" for h in headings)
            changes.append(
                Fixup(
                    "renumbered",
                    f"正文中的序号{markers}与标题层次冲突，已删去。",
                    section.heading,
                    "",
                    before,
                    para.text,
                )
            )
    return changes


def fixup(
    draft: Draft,
    violations: list[Violation],
    ledger_facts: list[Any],
    insert_pattern: str,
    placeholders: dict[str, str],
) -> list[Fixup]:
    """Repair what is left without a model; returns what changed, for the writer."""
    changes: list[Fixup] = []
    by_id = {f.id: f for f in ledger_facts}
    paras = {p.id: (s, p) for s in draft.sections for p in s.paragraphs}
    missing: list[str] = []
    for v in violations:
        if v.kind == "missing_figure" and v.paragraph_id in paras:
            section, para = paras[v.paragraph_id]
            fig = next(f for f in by_id[v.fact_id].figures if f.text == v.figure)
            fix = _restore_figure(para, fig, section.heading, v.fact_id)
            if fix:
                changes.append(fix)
            elif v.fact_id not in missing:
                missing.append(v.fact_id)
                para.fact_ids = [i for i in para.fact_ids if i != v.fact_id]
        elif v.kind == "missing_fact" and v.fact_id not in missing:
            missing.append(v.fact_id)
    frame, body = figure_scopes(draft, ledger_facts)
    names = (draft.unit, draft.title)
    for section in draft.sections:
        allowed = frame if _is_opening(draft, section) else body
        for para in section.paragraphs:
            changes.extend(
                _replace_unsourced(para, allowed, ledger_facts, section.heading, names)
            )
    for v in violations:
        if v.kind == "duplicate_fact":
            changes.extend(_drop_repeat(draft, by_id[v.fact_id]))
    if check_numbering(draft.text):
        changes.extend(_strip_stray_numbering(draft))
    count = sum(len(s.paragraphs) for s in draft.sections)
    for fid in missing:
        count += 1
        changes.append(_insert_fact(draft, by_id[fid], insert_pattern, f"P{count:02d}"))
    for section in draft.sections:
        if (
            section.role in placeholders
            and not _body(section)
            and not any(p.kind == "placeholder" for p in section.paragraphs)
        ):
            count += 1
            text = placeholders[section.role]
            section.paragraphs.append(Paragraph(f"P{count:02d}", text, [], [], "placeholder"))
            changes.append(
                Fixup(
                    "placeholder",
                    f"“{section.heading}”没有内容，已插入{text[:8]}…占位。",
                    section.heading,
                    "",
                    "",
                    text,
                )
            )
    return changes
