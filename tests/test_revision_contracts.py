"""Each revise operation keeps its contract, on every dev case and every part (offline engine).

精简 never longer and keeps every figure; 扩写 keeps every sentence and repeats none the draft
has; 润色 keeps facts, figures and paragraph count; 重写 keeps every fact of the part; no
operation touches another part; paragraph ids stay unique.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.checks import sentences
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.revision import revise
from assistant.figures import find_figures, normalize
from eval.cases import load_cases
from eval.lint import lint_text

DEV = load_cases(Path(__file__).resolve().parents[1] / "eval" / "cases" / "dev.jsonl")
OPS = ("精简", "扩写", "润色", "重写")


def _claims(text: str) -> list[str]:
    return sorted(f.text for f in find_figures(text) if f.kind != "date")


def _body(section) -> str:
    return "".join(p.text for p in section.paragraphs if p.kind == "body")


def _sentences(section) -> list[str]:
    return [s for p in section.paragraphs if p.kind == "body" for s in sentences(p.text)]


def _check_contract(op, before, after, index):
    old, new = before.sections[index], after.sections[index]
    for j, (a, b) in enumerate(zip(before.sections, after.sections, strict=True)):
        if j != index:
            assert asdict(a) == asdict(b), f"{op} on part {index} changed part {j}"
    ids = [p.id for s in after.sections for p in s.paragraphs]
    assert len(ids) == len(set(ids))
    assert set(old.fact_ids) <= set(new.fact_ids) or op == "精简", (op, old.fact_ids, new.fact_ids)
    if op == "精简":
        assert len(_body(new)) <= len(_body(old))
        assert all(f in _body(new) for f in _claims(_body(old)))
    elif op == "扩写":
        kept = normalize(_body(new))
        assert all(normalize(s) in kept for s in _sentences(old)), "扩写 dropped a sentence"
        assert len(_body(new)) >= len(_body(old))
        assert not lint_text(after.text).rule("repetition").findings
    elif op == "润色":
        assert _claims(_body(new)) == _claims(_body(old))
        assert sorted(new.fact_ids) == sorted(old.fact_ids)
        count = sum(p.kind == "body" for p in old.paragraphs)
        assert sum(p.kind == "body" for p in new.paragraphs) == count
    else:  # 重写
        assert set(old.fact_ids) <= set(new.fact_ids)


def _drafts(cases, settings):
    for case in cases:
        request = DraftRequest(
            case.input, unit=case.unit, period=case.period, next_period=case.next_period
        )
        yield case, draft(request, settings)


def _run(cases, settings):
    checked = 0
    for case, before in _drafts(cases, settings):
        assert not lint_text(before.text).rule("repetition").findings, case.id
        for index, section in enumerate(before.sections):
            if not any(p.kind == "body" for p in section.paragraphs):
                continue
            for op in OPS:
                after = revise(before, op, index, settings=settings)
                _check_contract(op, before, after, index)
                checked += 1
    return checked


def test_contracts_on_two_cases(settings):
    assert _run(DEV[:2], settings) >= 2 * 4 * 4


@pytest.mark.slow
def test_contracts_on_every_dev_case_and_part(settings):
    assert _run(DEV, settings) >= len(DEV) * 4 * 4
