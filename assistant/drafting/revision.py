"""Revise one part or one paragraph of a draft (扩写/精简/润色/重写/free), keeping each contract.

精简 never makes the text longer and keeps every figure; 扩写 never makes it shorter, keeps
every fact and figure and adds no sentence the draft already has (a 〔待补：…〕 prompt is a
question, not a sentence: it may be asked again); 润色 keeps the same facts, figures and paragraphs; 重写 keeps
every fact. Whatever the backend writes, a result that breaks its operation's contract is not
taken: the text stays as it was and a warning says so. No operation touches another part:
facts are placed again and the guard runs within the target part only, through the
DraftEditor, so paragraph ids stay unique.
"""

from __future__ import annotations

import copy
from typing import Any

from assistant import guard
from assistant.checks import attribute, sentences
from assistant.drafting.backends import ThemeFacts, get_backend
from assistant.drafting.chain import Composer, TokenCallback
from assistant.drafting.editor import DraftEditor, Edit
from assistant.drafting.model import Draft, Paragraph, Section, top_level
from assistant.drafting.ops import OP_LABELS, REVISE_OPS
from assistant.drafting.phrases import load_phrases
from assistant.drafting.split import assign_facts, split_paragraphs
from assistant.errors import InputError
from assistant.facts import FactLedger
from assistant.figures import contains_figure, find_figures, has_figure, normalize
from assistant.outline import Outline, propose_outline
from assistant.settings import Settings, load_settings


def normalise_op(op: str | None, instruction: str | None) -> str:
    op = (op or "").strip()
    if not op and instruction:
        return "free"
    op = REVISE_OPS.get(op, op)
    if op not in OP_LABELS:
        raise InputError(
            f"不认识的修改操作“{op}”。", hint="可选：扩写、精简、润色、重写，或填写修改要求。"
        )
    if op == "free" and not (instruction or "").strip():
        raise InputError("请填写修改要求。")
    return op


def find_target(draft: Draft, target: str | int) -> tuple[int, Section, list[Paragraph]]:
    """A paragraph id ("P03"), a part index, or a part's heading -> (index, part, paragraphs)."""
    for index, section in enumerate(draft.sections):
        for para in section.paragraphs:
            if para.id == target:
                return index, section, [para]
    for index, section in enumerate(draft.sections):
        if target == index or (
            isinstance(target, str) and target and section.heading.startswith(target)
        ):
            return index, section, list(section.paragraphs)
    raise InputError(
        f"草稿里没有找到要修改的位置“{target}”。", hint="请选择一个段落（如 P03）或一个部分的标题。"
    )


def revise(
    draft: Draft,
    op: str,
    target: str | int,
    instruction: str | None = None,
    *,
    settings: Settings | None = None,
    kb: Any = None,
    on_token: TokenCallback = None,
    backend: str | None = None,
) -> Draft:
    """A new Draft with the target revised and guarded; the given draft is left as it was."""
    settings = settings or load_settings()
    op = normalise_op(op, instruction)
    new = copy.deepcopy(draft)
    index, section, paras = find_target(new, target)
    if not any(p.kind == "body" for p in paras) or (len(paras) == 1 and paras[0].kind != "body"):
        raise InputError("只能修改正文段落或整个部分；标题和〔待补〕占位请直接编辑。")
    engine = get_backend(backend or new.backend, settings)
    ledger = FactLedger(new.facts, new.unit, new.period, new.next_period)
    outline = new.outline if isinstance(new.outline, Outline) else propose_outline(ledger)
    composer = Composer(ledger, outline, engine, kb, 0, on_token, draft=new)
    editor = DraftEditor(new)
    by_id = {f.id: f for f in new.facts}
    part_facts = [by_id[i] for i in dict.fromkeys(section.fact_ids) if i in by_id]
    targets = {p.id for p in paras}
    seen = _sentences_outside(new, targets)
    new.fixups = []
    label = OP_LABELS[op]
    if len(paras) == 1 or not engine.uses_prompts:  # paragraph by paragraph
        edits = []
        body = [p for p in paras if p.kind == "body"]
        stock = [p for p in body if _stock_paragraph(p, paras)] if op == "condense" else []
        if len(body) > 1 and stock:  # 精简 a part: its stock paragraphs go first, alone
            body, edits = [], [Edit("remove", p.id) for p in stock]
        for para in body:
            facts = [by_id[i] for i in para.fact_ids if i in by_id]
            result = _run(composer, engine, op, instruction, section, index, [para], on_token)
            text = "".join(line.strip() for line in result.strip().splitlines())
            text, broken = keep_contract(op, para.text, text, facts, seen)
            if broken:
                new.warnings.append(f"{label}{para.id}：{broken}，保留原文。")
            edits.append(Edit("text", para.id, text=text))
            seen |= _sentence_keys(text)  # the next paragraph does not say it again
        editor.apply(edits)
    else:  # a whole part through the model, sub-headings included
        result = _run(composer, engine, op, instruction, section, index, paras, on_token)
        _revise_part(new, editor, section, result, op, part_facts, seen)
    assign_facts(section.paragraphs, part_facts)  # only this part: the others are as they were
    _guard_part(new, editor, index, part_facts)
    new.backend = engine.name
    new.warnings += composer.warnings  # e.g. a looping model was stopped
    placed = set(new.where_used())
    new.unused_facts = [f.id for f in new.facts if f.id not in placed]
    return new


def _stock_paragraph(para: Paragraph, paras: list[Paragraph]) -> bool:
    """A paragraph that says no fact, no figure and asks nothing: stock framing ("回顾2025年
    工作，…得益于全体干部职工的齐心协力。"), not the lead of a list ("…重点抓好以下工作：") nor
    of the sub-headings right after it ("…主要表现在以下几个方面。")."""
    text = para.text.strip()
    at = paras.index(para)
    leads = at + 1 < len(paras) and paras[at + 1].kind == "heading"
    return not (
        para.fact_ids
        or has_figure(text)
        or guard.PLACEHOLDER_PREFIX in text
        or text.endswith(("：", ":"))
        or leads
    )


def _revise_part(
    new: Draft,
    editor: DraftEditor,
    section: Section,
    result: str,
    op: str,
    facts: list[Any],
    seen: set[str],
) -> None:
    before = "\n".join(p.text for p in section.paragraphs if p.kind == "body")
    top = top_level(section.heading, section.role)
    blocks, renumbered = split_paragraphs(result, section.heading, section.heading, top)
    after = "\n".join(text for kind, text, _ in blocks if kind == "body")
    _, broken = keep_contract(op, before, after, facts, seen)
    count = sum(1 for p in section.paragraphs if p.kind == "body")
    if not broken and op == "polish" and count != sum(1 for k, _, _ in blocks if k == "body"):
        broken = "段落数变了"
    if broken:
        new.warnings.append(f"{OP_LABELS[op]}“{section.heading}”：{broken}，保留原文。")
        return
    chunk_ids = next((p.chunk_ids for p in section.paragraphs if p.chunk_ids), [])
    editor.replace_paragraphs(section, editor.blocks(blocks, chunk_ids))
    new.fixups = renumbered


def _sentences_outside(draft: Draft, targets: set[str]) -> set[str]:
    return {
        key
        for sec in draft.sections
        for p in sec.paragraphs
        if p.id not in targets
        for key in _sentence_keys(p.text)
    }


def _sentence_keys(text: str) -> set[str]:
    """Sentences a revision may not say again; a 〔待补：…〕 prompt is a question, not one."""
    return {normalize(s) for s in _split(text) if len(s) >= 8 and guard.PLACEHOLDER_PREFIX not in s}


def _split(text: str) -> list[str]:
    return [s.strip() for s in sentences(text) if s.strip()]


def keep_contract(op: str, old: str, new: str, facts: list[Any], seen: set[str]) -> tuple[str, str]:
    """(the text to keep, what was wrong with the backend's text or "")."""
    own = {normalize(s) for s in _split(old)}
    kept = [s for s in _split(new) if normalize(s) in own or normalize(s) not in seen]
    new = "".join(kept)  # a sentence said elsewhere in the draft is not said again
    if not new.strip():
        return old, "没有得到新的文字"
    # a result must keep; a year or period of a lead sentence may go (the facts keep theirs)
    lost = [f.text for f in find_figures(old) if f.kind != "date" and not contains_figure(new, f)]
    carried = set(attribute(old, facts))
    dropped = carried - set(attribute(new, facts))
    if op == "condense" and len(new) > len(old):
        return old, "精简后反而变长"
    if op in ("condense", "polish", "rewrite", "expand") and lost:
        return old, f"丢失了数字“{lost[0]}”"
    if op in ("polish", "rewrite", "expand") and dropped:
        return old, f"丢失了事实 {sorted(dropped)[0]}"
    if op == "polish" and sorted(f.text for f in find_figures(new)) != sorted(
        f.text for f in find_figures(old)
    ):
        return old, "数字有增减"
    if op == "expand" and len(new) < len(old):
        return old, "扩写后反而变短"
    return new, ""


def _guard_part(new: Draft, editor: DraftEditor, index: int, part_facts: list[Any]) -> None:
    """The guard on the revised part only: its violations, and only edits inside it."""
    section = new.sections[index]
    ids = {p.id for p in section.paragraphs}
    part_ids = {f.id for f in part_facts}
    violations = [
        v
        for v in guard.check(new, part_facts, new.facts)
        if v.paragraph_id in ids
        or v.fact_id in part_ids
        or v.section == section.heading
        or v.kind == "numbering"
    ]
    phrases = load_phrases()
    edits = [
        e
        for e in guard.fixes(
            new, violations, new.facts, phrases["inserted_fact"], phrases["placeholder"]
        )
        if (e.op == "insert" and e.section == index) or (e.op != "insert" and e.paragraph_id in ids)
    ]
    new.findings = [v.message for v in guard.told(violations)]
    new.fixups.extend(editor.apply(edits))
    ids = {p.id for p in section.paragraphs}
    remaining = [
        v
        for v in guard.check(new, part_facts, new.facts)
        if v.paragraph_id in ids or v.fact_id in part_ids
    ]
    new.findings += [f"修正后仍存在：{v.message}" for v in guard.told(remaining)]


def _theme_of(outline: Any, role: str, facts: list[Any]) -> tuple[str, int]:
    """(name, index in its part) of the outline's theme that holds the paragraph's first fact,
    ("", 0) if none: what a rewritten lead names ("围绕维护职工权益，…"), not "这方面工作", each
    theme of a part with a lead of its own."""
    part = outline.part(role) if facts else None
    for i, theme in enumerate(part.themes if part else []):
        if facts[0].id in theme.fact_ids:
            return theme.name, i
    return "", 0


def _run(
    composer: Composer,
    engine: Any,
    op: str,
    instruction: str | None,
    section: Section,
    index: int,
    paras: list[Paragraph],
    on_token: TokenCallback,
) -> str:
    by_id = {f.id: f for f in composer.ledger.facts}
    facts = [by_id[i] for p in paras for i in p.fact_ids if i in by_id]
    text = "\n".join(p.text for p in paras)
    name, nth = _theme_of(composer.outline, section.role, facts)
    variables = composer.variables(
        text=text,
        facts=[{"id": f.id, "text": f.text} for f in facts],
        instruction=instruction or "",
    )
    task = composer.task(
        "revise",
        f"revise_{op}",
        variables,
        role=section.role,
        heading=section.heading,
        themes=[ThemeFacts(name, "", "", facts)],
        text=text,
        op=op,
        instruction=instruction or "",
        position=index + 1 + nth,
    )
    # watched like a draft's parts: a looping model is stopped and the text stays as it was
    answer = composer.generate(task, section.heading or "开头导语", restart=False)
    return text if answer is None else answer
