"""Each revise operation keeps its contract, on every dev case and every part (offline engine).

精简 never longer and keeps every figure; 扩写 grows, keeps every figure and fact, repeats no
sentence of another part and regroups an achievements paragraph as 做法 + 成效 from its facts'
own clauses (or asks in a 〔待补：…〕 prompt); 润色 keeps facts, figures and paragraph count; 重写 keeps every fact of the part; no
operation touches another part; paragraph ids stay unique.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.checks import attribute, sentences
from assistant.drafting import DraftRequest
from assistant.drafting.backends import offline_revise
from assistant.drafting.chain import draft
from assistant.drafting.ops import revise_words
from assistant.drafting.revision import revise
from assistant.facts import parse_facts
from assistant.figures import find_figures, normalize
from eval.cases import load_cases
from eval.lint import lint_text

DEV = load_cases(Path(__file__).resolve().parents[1] / "eval" / "cases" / "dev.jsonl")
OPS = ("精简", "扩写", "润色", "重写")
PROMPT = "〔待补："


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
        _check_expand(before, after, index)
    elif op == "润色":
        assert _claims(_body(new)) == _claims(_body(old))
        assert sorted(new.fact_ids) == sorted(old.fact_ids)
        count = sum(p.kind == "body" for p in old.paragraphs)
        assert sum(p.kind == "body" for p in new.paragraphs) == count
    else:  # 重写
        assert set(old.fact_ids) <= set(new.fact_ids)


def _regroup_leads() -> tuple[str, ...]:
    forms = [f["text"] for kind in revise_words()["regroup"].values() for f in kind]
    return tuple(text.split("{")[0] for text in forms)


def _check_expand(before, after, index):
    """扩写 adds substance or asks for it, keeps every figure and fact, says nothing twice;
    an achievements paragraph is regrouped from its facts' own clauses (做法 + 成效)."""
    old, new = before.sections[index], after.sections[index]
    assert len(_body(new)) > len(_body(old))
    assert all(f in _body(new) for f in _claims(_body(old)))
    assert not lint_text(after.text).rule("repetition").findings
    outside = {
        normalize(s)
        for j, section in enumerate(after.sections)
        if j != index
        for s in _sentences(section)
        if len(s) >= 8
    }
    said_again = [s for s in _sentences(new) if normalize(s) in outside and "〔" not in s]
    assert said_again == [], "扩写 repeated a sentence of another part"
    by_id = {f.id: f for f in after.facts}
    for para in new.paragraphs:
        if para.kind != "body":
            continue
        assert PROMPT in para.text or any(lead in para.text for lead in _regroup_leads()), para.text
        if old.role != "achievements" or not para.fact_ids:
            continue
        assert any(lead in para.text for lead in _regroup_leads()), para.text
        for fid in para.fact_ids:  # the facts' own words, clause by clause
            for clause in re.split(r"[，,；;。]", by_id[fid].text):
                assert normalize(clause.strip()) in normalize(para.text), (clause, para.text)


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


CORPUS = load_cases(Path(__file__).resolve().parents[1] / "eval" / "cases" / "corpus.jsonl")


def _case_facts(*starts: str) -> list:
    """Facts of the committed cases (real report wording), as the ledger reads them."""
    texts = [
        next(f.text for c in DEV + CORPUS for f in c.facts if f.text.startswith(s)) for s in starts
    ]
    return parse_facts("\n".join(texts)).facts


def test_expand_regroups_a_paragraph_as_methods_then_results():
    facts = _case_facts("印发《文物保护总体规划》", "建立专题协调会议制度")
    lead, tail = "我们扎实推进文物工作。", "通过以上工作，文物工作扎实有序推进。"
    text = f"{lead}一是{facts[0].text}；二是{facts[1].text}。{tail}"
    out = offline_revise.expand(text, facts, "achievements")
    assert out.startswith(lead + "在做法上，") and out.endswith(tail)
    results = out.index("从成效看")
    for method in ("印发《文物保护总体规划》", "建立专题协调会议制度", "牵头组织召开"):
        assert out.index(method) < results
    assert out.index("全省最早完成第四次文物普查") > results
    assert "一是" not in out and "〔待补：成效数据〕" in out  # no result figure: it asks for one
    assert attribute(out, facts) == [f.id for f in facts]


def test_expand_keeps_the_reach_of_a_work_with_it():
    """ "覆盖学校420所" says how far the check went: it stays with 开展…检查, not among the
    results of the other facts, where it would read as the reach of the cases handled."""
    facts = parse_facts(
        "完成食品抽检3612批次，不合格率1.8%\n查办食品安全案件215件，罚没款460万元\n"
        "开展校园食品安全专项检查，覆盖学校420所"
    ).facts
    text = "".join(f"{n}是{f.text}；" for n, f in zip("一二三", facts, strict=True))
    out = offline_revise.expand(text, facts, "achievements")
    assert "开展校园食品安全专项检查，覆盖学校420所" in out
    assert out.index("覆盖学校420所") < out.index("从成效看")


def test_expand_asks_for_the_methods_when_the_facts_give_only_results():
    facts = _case_facts("共建垃圾收集池225个", "购置机动垃圾运输车20台")
    text = f"一是{facts[0].text}；二是{facts[1].text}。"
    out = offline_revise.expand(text, facts, "achievements")
    assert out.startswith("从成效看，" + facts[0].text)
    assert "〔待补：具体做法、同比变化" in out  # figures, but no way of working and no comparison
    assert offline_revise.expand(out, facts, "achievements") == out  # asked once, not twice


def test_expand_regroups_the_achievements_of_every_dev_case(settings):
    for case, before in _drafts(DEV, settings):
        index = next(i for i, s in enumerate(before.sections) if s.role == "achievements")
        after = revise(before, "扩写", index, settings=settings)
        assert not after.warnings or all("保留原文" not in w for w in after.warnings), case.id
        paras = [p for p in after.sections[index].paragraphs if p.kind == "body" and p.fact_ids]
        assert paras, case.id
        for para in paras:
            assert any(lead in para.text for lead in _regroup_leads()), (case.id, para.text)
            if "在做法上" not in para.text and "通过" not in para.text.split("从成效看")[0]:
                assert "〔待补：具体做法" in para.text, (case.id, para.text)


def test_condensing_a_part_takes_its_stock_paragraphs_first(settings):
    """ "第一部分再精简一些" (a 县教育局 paste, 2026-12) had stripped the 一是/二是 of the writer's
    list and left "回顾2025年工作，…齐心协力。", which says no fact, where it was."""
    from tests.test_deleting import JIAOYU

    d = draft(DraftRequest(JIAOYU), settings)
    part = next(i for i, s in enumerate(d.sections) if s.role == "achievements")
    before = [p.text for p in d.sections[part].paragraphs]
    summary = next(t for t in before if t.startswith("回顾"))
    once = revise(d, "精简", part, settings=settings)
    assert [p.text for p in once.sections[part].paragraphs] == [t for t in before if t != summary]
    twice = revise(once, "精简", part, settings=settings)  # then the list's markers
    texts = [p.text for p in twice.sections[part].paragraphs]
    assert not any("一是" in t for t in texts) and len("".join(texts)) < len("".join(before))
    for fig in find_figures("".join(before)):
        assert fig.kind == "date" or fig.text in "".join(texts)  # "回顾2025年" is gone
    # a lead of the sub-headings after it is no stock to drop: the plans' "…以下几个方面的工作。"
    plans = next(i for i, s in enumerate(d.sections) if s.role == "plans")
    lead = d.sections[plans].paragraphs[0].text
    assert lead.endswith("重点抓好以下几个方面的工作。")
    assert revise(d, "精简", plans, settings=settings).sections[plans].paragraphs[0].text == lead
