"""Revise one part or one paragraph of a draft (扩写/精简/润色/重写/free); the guard runs after."""

from __future__ import annotations

import copy
from typing import Any

from assistant.drafting import REVISE_OPS
from assistant.drafting.backends import ThemeFacts, get_backend
from assistant.drafting.chain import Composer, TokenCallback
from assistant.drafting.model import Draft, Paragraph, Section
from assistant.drafting.split import assign_facts
from assistant.errors import InputError
from assistant.facts import FactLedger
from assistant.outline import Outline, propose_outline
from assistant.settings import Settings, load_settings

_LABEL = {v: k for k, v in REVISE_OPS.items()}


def normalise_op(op: str | None, instruction: str | None) -> str:
    op = (op or "").strip()
    if not op and instruction:
        return "free"
    op = REVISE_OPS.get(op, op)
    if op not in _LABEL:
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
    composer = Composer(ledger, outline, engine, kb, 0, on_token)
    composer.count = max(int(p.id[1:]) for s in new.sections for p in s.paragraphs)
    new.fixups = []
    if len(paras) == 1 or not engine.uses_prompts:  # paragraph by paragraph
        for para in [p for p in paras if p.kind == "body"]:
            result = _run(composer, engine, op, instruction, section, index, [para], on_token)
            para.text = "".join(line.strip() for line in result.strip().splitlines())
    else:  # a whole part through the model, sub-headings included
        result = _run(composer, engine, op, instruction, section, index, paras, on_token)
        chunk_ids = next((p.chunk_ids for p in paras if p.chunk_ids), [])
        section.paragraphs, new.fixups = composer.paragraphs(
            result, section.heading, chunk_ids, composer.expected
        )
    # facts the target carried must still be there: re-place across the whole draft
    for sec in new.sections:
        assign_facts(sec.paragraphs, composer.expected)
    new.backend = engine.name
    new.warnings = list(new.warnings) + composer.warnings  # e.g. a looping model was stopped
    return composer.finish(new)


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
        themes=[ThemeFacts("", "", "", facts)],
        text=text,
        op=op,
        instruction=instruction or "",
        position=index + 1,
    )
    # watched like a draft's parts: a looping model is stopped and the text stays as it was
    answer = composer.generate(task, section.heading or "开头导语", restart=False)
    return text if answer is None else answer
