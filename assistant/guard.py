"""The guard, pure: `check` lists what is wrong with a draft, `fixes` says how to mend it.

Every figure comes from the facts, every fact is placed once, numbering is sound. `check`
returns violations (named in the repair prompt); `fixes` returns edits that repair what is
left without a model: restore a figure's verbatim form, insert a missing fact's sentence,
replace an unsourced figure with 〔待核〕, put 〔待补：…〕 where a part is empty. Neither
changes the draft; the DraftEditor applies the edits (`fixup` does both). The rules
themselves live in assistant.checks, shared with the structure lint and the eval metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant import checks
from assistant.checks import attribute, carries, fact_score
from assistant.drafting.editor import DraftEditor, Edit
from assistant.drafting.model import Draft, Fixup, Paragraph, Section
from assistant.drafting.split import heading_above
from assistant.figures import Figure, contains_figure, find_figures
from assistant.structure import parse_document
from assistant.structure.markers import marker_candidates

UNVERIFIED = "〔待核〕"
PLACEHOLDER_PREFIX = "〔待补："
_INSERT_TARGETS = ("achievements", "plans")  # where a fact whose part is missing goes


@dataclass
class Violation:
    # unsourced_figure | missing_figure | missing_fact | duplicate_fact | numbering | empty_part,
    # or shared_wording: a paragraph holds a fact's id only because its own facts share the
    # fact's words ("创建“美丽庭院”示范户860户" and the plan "深化美丽庭院创建"); the id goes, and
    # the writer is not told of a repeat that is not there
    kind: str
    message: str  # Chinese; goes into the repair prompt and the writer's report
    fact_id: str = ""
    figure: str = ""
    paragraph_id: str = ""
    section: str = ""


def figure_scopes(draft: Draft, facts: list[Any]) -> tuple[set[str], set[str]]:
    """(keys for the title and opening, keys for everything else): see checks.figure_scopes."""
    return checks.figure_scopes(facts, draft.period, draft.next_period, draft.unit, draft.title)


def _is_opening(draft: Draft, section: Section) -> bool:
    return bool(draft.sections) and section is draft.sections[0] and not section.heading


def _names(draft: Draft) -> tuple[str | None, ...]:
    return (draft.unit, draft.title)


def _fact_texts(facts: list[Any]) -> list[str]:
    return [f.text for f in facts]


def check_numbering(text: str, sources: tuple[str, ...] | list[str] = ()) -> list[Violation]:
    """一、→（一）→1.→（1）: no level skipped, numbers continuous under each parent.

    A marker that stands in a source text as written (a pasted "(1)…" kept in a fact) is the
    writer's own wording, not the draft's numbering.
    """
    doc = parse_document(text)
    own = checks.verbatim_headings(doc, sources)
    found = []
    for problem in checks.numbering_problems(doc):
        h = problem.heading
        if h.start in own:
            continue
        where = f"“{h.label[:20]}”"
        if problem.kind == "skipped_level":
            message = f"标题{where}跳过了上一级标题（第{problem.expected}级）。"
        elif problem.kind == "missing_marker":
            message = f"标题{where}缺少序号。"
        else:
            kind = "重复" if h.number < problem.expected else "跳号"
            message = f"标题{where}序号{kind}，应为第{problem.expected}个。"
        found.append(Violation("numbering", message))
    return found


def check(draft: Draft, expected: list[Any], all_facts: list[Any]) -> list[Violation]:
    """Every violation in the draft. `expected`: facts the outline places; `all_facts`: the ledger."""
    found: list[Violation] = []
    frame, body = figure_scopes(draft, all_facts)
    names = _names(draft)
    for fig in checks.unsourced(draft.title, frame):
        found.append(
            Violation(
                "unsourced_figure", f"标题中的数字“{fig.text}”在材料中找不到。", figure=fig.text
            )
        )
    places: dict[str, list[Paragraph]] = {}
    for section in draft.sections:
        allowed = frame if _is_opening(draft, section) else body
        for fig in checks.unsourced(section.heading, allowed, names):
            found.append(
                Violation(
                    "unsourced_figure",
                    f"标题“{section.heading}”中的数字“{fig.text}”在材料中找不到。",
                    figure=fig.text,
                    section=section.heading,
                )
            )
        for para in section.paragraphs:
            for fig in checks.unsourced(para.text, allowed, names):
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
        repeated = len(paras) > 1 and _repeats(draft, fact, all_facts)
        found.extend(_placement(fact, paras, repeated))
    found.extend(check_numbering(draft.text, _fact_texts(all_facts)))
    return found


def told(violations: list[Violation]) -> list[Violation]:
    """The violations the writer is told of (findings) and a model is asked to repair."""
    return [v for v in violations if v.kind != "shared_wording"]


def _placement(fact: Any, paras: list[Paragraph], repeated: bool) -> list[Violation]:
    if not paras:
        return [
            Violation("missing_fact", f"遗漏了事实 {fact.id}：“{fact.text}”。", fact_id=fact.id)
        ]
    found = []
    if len(paras) > 1:
        ids = "、".join(p.id for p in paras)
        kind = "duplicate_fact" if repeated else "shared_wording"
        found.append(Violation(kind, f"事实 {fact.id} 重复出现在 {ids}。", fact_id=fact.id))
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
    return found


# ------------------------------------------------------------------ fixes (edits, no model)


def _unverified(para: Paragraph, allowed: set[str], section: str, names: tuple) -> list[Edit]:
    return [
        Edit(
            "span",
            para.id,
            fig.start,
            fig.end,
            UNVERIFIED,
            fixup=Fixup(
                "unsourced_figure",
                f"“{fig.text}”在材料中找不到，已改为{UNVERIFIED}，请核实。",
                section,
                "",
                fig.text,
                UNVERIFIED,
            ),
        )
        for fig in checks.unsourced(para.text, allowed, names)
    ]


def _restore_figure(para: Paragraph, fig: Figure, section: str, fact_id: str) -> Edit | None:
    """The draft wrote a fact's figure in another form ("300辆" for "300余辆"): put it back."""
    for other in find_figures(para.text):
        if other.key == fig.key and other.text != fig.text:
            message = f"事实 {fact_id} 的数字“{other.text}”已按材料改回“{fig.text}”。"
            return Edit(
                "span",
                para.id,
                other.start,
                other.end,
                fig.text,
                fixup=Fixup("restored_figure", message, section, fact_id, other.text, fig.text),
            )
    return None


def _insert_fact(draft: Draft, fact: Any, pattern: str) -> Edit:
    index = next((i for i, s in enumerate(draft.sections) if s.role == fact.role), None)
    if index is None:
        index = next(i for i, s in enumerate(draft.sections) if s.role in _INSERT_TARGETS)
    section = draft.sections[index]
    text = pattern.format(fact=fact.text.rstrip("。；;，,：:、 "))
    message = f"草稿遗漏了事实 {fact.id}，已把原文补入“{section.heading}”。"
    return Edit(
        "insert",
        section=index,
        text=text,
        fact_ids=[fact.id],
        fixup=Fixup("inserted_fact", message, section.heading, fact.id, "", text),
    )


def _holders(draft: Draft, fact: Any) -> list[tuple[Section, Paragraph]]:
    """The paragraphs that hold a fact's id, the one that says it best first."""
    holders = [(s, p) for s in draft.sections for p in s.paragraphs if fact.id in p.fact_ids]
    holders.sort(
        key=lambda sp: (bool(sp[0].heading), _held_score(sp[0], sp[1], fact)), reverse=True
    )
    return holders


def _repeated_sentences(para: Paragraph, fact: Any, others: list[Any]) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a paragraph that say the fact again: they carry it and
    no other fact."""
    held = [f for f in others if f.id in para.fact_ids]
    out, offset = [], 0
    for sentence in checks.sentences(para.text):
        start, offset = offset, offset + len(sentence)
        if _said_by(sentence, held):
            # a sentence of a longer fact the paragraph holds ("其一，法治政府建设。完成…"
            # under the plan "深化法治政府建设") is that fact's text, no repeat to drop
            continue
        if sentence and carries(sentence, fact) and not attribute(sentence, others):
            out.append((start, offset))
    return out


def _repeats(draft: Draft, fact: Any, facts: list[Any]) -> bool:
    """Whether a fact held twice is written twice: a paragraph other than the best one has a
    sentence that says it and no other fact."""
    others = [f for f in facts if f.id != fact.id]
    return any(_repeated_sentences(p, fact, others) for _, p in _holders(draft, fact)[1:])


def _drop_repeat(draft: Draft, fact: Any) -> list[Edit]:
    """A fact held twice: keep the best match; elsewhere drop the id, and the sentences that
    say only it.

    The opening and the closing (parts without a heading) frame the report: they lose the
    fact's id, never a sentence.
    """
    others = [f for f in draft.facts if f.id != fact.id]
    edits = []
    for section, para in _holders(draft, fact)[1:]:
        edits.append(Edit("drop_fact", para.id, fact_ids=[fact.id]))
        if not section.heading:
            continue
        for start, end in _repeated_sentences(para, fact, others):
            sentence = para.text[start:end]
            message = f"事实 {fact.id} 重复出现，已删去重复的一处。"
            fix = Fixup("removed_duplicate", message, section.heading, fact.id, sentence, "")
            edits.append(Edit("span", para.id, start, end, "", fixup=fix))
    return edits


def _held_score(section: Section, para: Paragraph, fact: Any) -> float:
    """How well a paragraph says a fact, read after its sub-heading where it is the first body
    under one: "（二）加强基金监管 / 实现智能监控全覆盖。" says that plan whole, better than a
    problem that shares its words ("…基金监管力量不足，智能监控覆盖面有待扩大")."""
    alone = fact_score(para.text, fact)
    above = heading_above(section.paragraphs).get(para.id, "")
    return max(alone, fact_score(f"{above}，{para.text}", fact)) if above else alone


def _said_by(sentence: str, facts: list[Any]) -> bool:
    """Whether a sentence (its run-in marker aside) is written word for word in one of the facts."""
    words = sentence.strip()
    first = next(iter(marker_candidates(words[:4])), None)
    if first is not None and first.kind == "runin" and first.start == 0:
        words = words[first.end :]
    words = words.strip("。；;，, ")
    return bool(words) and any(words in f.text for f in facts)


def _stray_numbering(draft: Draft, sources: list[str]) -> list[Edit]:
    """Heading markers inside body paragraphs break the numbering: drop the marker, keep the words."""
    edits = []
    for section in draft.sections:
        for para in section.paragraphs:
            if para.kind != "body":
                continue
            doc = parse_document(para.text)
            own = checks.verbatim_headings(doc, sources)
            headings = [h for h in doc.headings if h.marker and h.start not in own]
            if not headings:
                continue
            after = para.text
            for h in sorted(headings, key=lambda h: h.start, reverse=True):
                after = after[: h.start] + after[h.start + len(h.marker) :]
            markers = "、".join(f"“{h.marker}”" for h in headings)
            message = f"正文中的序号{markers}与标题层次冲突，已删去。"
            fix = Fixup("renumbered", message, section.heading, "", para.text, after)
            for i, h in enumerate(headings):
                end = h.start + len(h.marker)
                edits.append(Edit("span", para.id, h.start, end, "", fixup=fix if i == 0 else None))
    return edits


def fixes(
    draft: Draft,
    violations: list[Violation],
    ledger_facts: list[Any],
    insert_pattern: str,
    placeholders: dict[str, str],
) -> list[Edit]:
    """The edits that repair the violations without a model; the draft is not changed."""
    edits: list[Edit] = []
    by_id = {f.id: f for f in ledger_facts}
    paras = {p.id: (s, p) for s in draft.sections for p in s.paragraphs}
    missing: list[str] = []
    for v in violations:
        if v.kind == "missing_figure" and v.paragraph_id in paras:
            section, para = paras[v.paragraph_id]
            fig = next(f for f in by_id[v.fact_id].figures if f.text == v.figure)
            edit = _restore_figure(para, fig, section.heading, v.fact_id)
            if edit:
                edits.append(edit)
            elif v.fact_id not in missing:
                missing.append(v.fact_id)
                edits.append(Edit("drop_fact", para.id, fact_ids=[v.fact_id]))
        elif v.kind == "missing_fact" and v.fact_id not in missing:
            missing.append(v.fact_id)
        elif v.kind in ("duplicate_fact", "shared_wording"):
            edits.extend(_drop_repeat(draft, by_id[v.fact_id]))
    frame, body = figure_scopes(draft, ledger_facts)
    for section in draft.sections:
        allowed = frame if _is_opening(draft, section) else body
        for para in section.paragraphs:
            edits.extend(_unverified(para, allowed, section.heading, _names(draft)))
    if any(v.kind == "numbering" for v in violations):
        edits.extend(_stray_numbering(draft, _fact_texts(ledger_facts)))
    inserts = [_insert_fact(draft, by_id[fid], insert_pattern) for fid in missing]
    filled = {e.section for e in inserts}
    for index, section in enumerate(draft.sections):
        if (
            section.role in placeholders
            and index not in filled
            and not any(p.kind in ("body", "placeholder") for p in section.paragraphs)
        ):
            text = placeholders[section.role]
            message = f"“{section.heading}”没有内容，已插入{text[:8]}…占位。"
            fix = Fixup("placeholder", message, section.heading, "", "", text)
            inserts.append(Edit("insert", section=index, text=text, kind="placeholder", fixup=fix))
    return edits + inserts


def fixup(
    draft: Draft,
    violations: list[Violation],
    ledger_facts: list[Any],
    insert_pattern: str,
    placeholders: dict[str, str],
) -> list[Fixup]:
    """`fixes`, applied by the DraftEditor; returns what changed, for the writer."""
    edits = fixes(draft, violations, ledger_facts, insert_pattern, placeholders)
    return DraftEditor(draft).apply(edits)


def new_violations(draft: Draft, result: Draft, dropped=(), added=()) -> list[str]:
    """What the guard says of `result` that it did not say of `draft`: what a change of the
    writer's broke. The facts checked are the ones `draft` uses, less `dropped` (deleted by the
    writer), plus `added` (given by the writer)."""
    placed = set(draft.where_used())
    expected = [f for f in draft.facts if f.id in placed]
    before = {v.message for v in told(check(draft, expected, draft.facts))}
    kept = [f for f in expected if f.id not in set(dropped)] + list(added)
    return [v.message for v in told(check(result, kept, result.facts)) if v.message not in before]
