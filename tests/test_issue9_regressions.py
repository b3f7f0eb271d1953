"""What a writer hit in the browser (issue 9), each as a regression test, and the one rule the
guard and the eval share for an invented figure."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from assistant import checks, guard
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.phrases import load_phrases
from assistant.drafting.revision import revise
from assistant.facts import Fact, parse_facts
from assistant.figures import find_figures
from assistant.outline import propose_outline
from eval.cases import load_cases
from eval.lint import lint_text
from eval.metrics import figure_metrics

DEV = load_cases(Path(__file__).resolve().parents[1] / "eval" / "cases" / "dev.jsonl")

# a market-regulation paste, as the writer tried it
MARKET = """成绩：
- 受理消费者投诉举报5120件，办结率98%
- 检查电梯1200台，整改隐患86处
- 开展食品安全抽检3000批次
问题：
- 基层执法力量不足
计划：
2025年计划：开展电梯安全专项整治。
- 新建智慧监管平台1个
"""
OPENING_TAIL = "现将2024年工作总结及2025年工作计划报告如下："


@pytest.fixture
def market(settings):
    request = DraftRequest(MARKET, unit="某区市场监督管理局", period="2024年", next_period="2025年")
    return draft(request, settings)


def _fix(d):
    expected = [f for f in d.facts if f.id in d.outline.fact_ids]
    violations = guard.check(d, expected, d.facts)
    phrases = load_phrases()
    fixes = guard.fixup(d, violations, d.facts, phrases["inserted_fact"], phrases["placeholder"])
    return violations, fixes


def _part(d, role):
    return next(i for i, s in enumerate(d.sections) if s.role == role)


def test_a_year_is_no_evidence_that_a_text_carries_a_fact(market):
    text = "2025年计划：开展电梯安全专项整治。"  # a fact whose only figure is its year
    plan = Fact("F09", text, find_figures(text), "plans", "label")
    opening = market.sections[0].paragraphs[0].text
    assert OPENING_TAIL in opening
    # the opening shares the year and "计划": a year is no wording, "计划" one pair of many
    assert 0 < checks.fact_score(OPENING_TAIL, plan) < checks.COVERED / 2
    assert not checks.carries(OPENING_TAIL, plan) and not checks.carries(opening, plan)
    assert checks.carries("2025年，开展电梯安全专项整治。", plan)


def test_the_guard_never_deletes_the_opening(market):
    d = copy.deepcopy(market)
    plan = next(f for f in d.facts if "电梯安全专项整治" in f.text)
    opening = d.sections[0].paragraphs[0]
    before = opening.text
    opening.fact_ids.append(plan.id)  # what a re-placement across the whole draft did
    violations, fixes = _fix(d)
    # the opening does not say the plan: the id it was given is bookkeeping, dropped untold
    assert [v.kind for v in violations] == ["shared_wording"] and guard.told(violations) == []
    assert d.sections[0].paragraphs[0].text == before and OPENING_TAIL in d.text
    assert not [f for f in fixes if f.kind == "removed_duplicate"]
    assert d.where_used()[plan.id] != [opening.id]


def test_a_plan_year_is_not_an_invented_figure(market):
    d = copy.deepcopy(market)
    plans = d.sections[_part(d, "plans")]
    plans.paragraphs[0].text = "2025年，我局将开展电梯安全专项整治。" + plans.paragraphs[0].text
    violations, _ = _fix(d)
    assert not [v for v in violations if v.kind == "unsourced_figure"]
    assert "〔待核〕" not in d.text


def test_polish_of_part_two_leaves_the_other_parts_alone(market, settings):
    index = _part(market, "problems")
    after = revise(market, "润色", index, settings=settings)
    for j, (a, b) in enumerate(zip(market.sections, after.sections, strict=True)):
        if j != index:
            assert a == b, f"润色 of part two changed part {j}"
    assert "计划：" not in after.text and not lint_text(after.text).rule("raw_label").findings
    assert not [f for f in after.fixups if f.kind in ("removed_duplicate", "inserted_fact")]


def test_a_pasted_list_number_is_not_heading_numbering():
    text = "一、工作情况\n开展食品安全抽检，(1)粮食制品1200批次；(2)乳制品800批次。\n二、计划\n"
    fact = "开展食品安全抽检，(1)粮食制品1200批次；(2)乳制品800批次"
    assert guard.check_numbering(text)  # read alone, "(1)" is a level-4 heading after 一、
    assert guard.check_numbering(text, [fact]) == []  # it is the writer's own wording


def test_condense_of_the_plans_keeps_the_lead_and_gets_no_longer(market, settings):
    index = _part(market, "plans")
    before = market.sections[index]
    after = revise(market, "精简", index, settings=settings).sections[index]
    assert len(after.text) <= len(before.text)
    lead = before.paragraphs[0].text.split("：")[0]
    assert lead in after.text
    for fact in market.facts:
        if fact.role == "plans":
            assert after.text.count(fact.text.split("：")[-1].rstrip("。")) <= 1


def test_expand_adds_no_stock_sentence_and_repeats_nothing(market, settings):
    d = market
    for index, section in enumerate(market.sections):
        if any(p.kind == "body" for p in section.paragraphs):
            d = revise(d, "扩写", index, settings=settings)
    assert "高标准谋划" not in d.text and "落地落实" not in d.text
    assert not lint_text(d.text).rule("repetition").findings
    assert "〔待补：" in d.sections[_part(d, "achievements")].text
    assert OPENING_TAIL in d.sections[0].text  # 扩写 on the opening keeps its last sentence


def test_both_buttons_give_the_same_draft(settings):
    ledger = parse_facts(MARKET, "某区市场监督管理局", "2024年", "2025年")
    send = draft(DraftRequest(MARKET, "某区市场监督管理局", "2024年", "2025年"), settings)
    outline = propose_outline(ledger)
    from_outline = draft(
        DraftRequest(MARKET, "某区市场监督管理局", "2024年", "2025年", outline=outline), settings
    )
    assert send.text == from_outline.text
    plans = send.sections[_part(send, "plans")].text
    assert "5120件" not in plans  # the 2024 results stay out of the 2025 plans


def test_the_lint_sees_what_the_broken_drafts_looked_like():
    stock = "我们坚持高标准谋划、高质量推进，有力推动了各项工作落地落实。"
    broken = (
        "某局2024年工作总结及2025年工作计划\n\n现将2024年工作总结及2025年工作计划报告如下：\n"
        "一、2024年工作开展情况\n"
        + "".join(f"一是完成检查{n}次。{stock}\n" for n in (10, 20, 30))
        + "2025年将开展电梯安全专项整治。\n"
        "二、存在的主要问题\n基层执法力量不足。\n"
        "三、2025年工作计划\n2025年计划：开展电梯安全专项整治。\n"
    )
    result = lint_text(broken)
    assert result.rule("repetition").findings
    assert [f.excerpt for f in result.rule("raw_label").findings] == ["2025年计划："]
    assert [f.excerpt[:4] for f in result.rule("plan_in_achievements").findings] == ["2025"]
    assert result.compliance < 1.0


def _with_invented(d):
    """Two figures no fact has, in the body, and the unit's name in the opening."""
    d = copy.deepcopy(d)
    body = next(p for s in d.sections if s.heading for p in s.paragraphs if p.fact_ids)
    body.text += "全年另开展专项检查4321次，覆盖率达87.5%。"
    return d


@pytest.mark.parametrize("case", DEV, ids=lambda c: c.id)
def test_eval_and_guard_agree_on_invented_figures(case, settings):
    request = DraftRequest(
        case.input, unit=case.unit, period=case.period, next_period=case.next_period
    )
    for d in (draft(request, settings), _with_invented(draft(request, settings))):
        expected = [f for f in d.facts if f.id in d.outline.fact_ids]
        by_guard = sorted(
            v.figure for v in guard.check(d, expected, d.facts) if v.kind == "unsourced_figure"
        )
        by_eval = sorted(f["text"] for f in figure_metrics(d.text, case)["fabricated_figure_list"])
        assert by_guard == by_eval
    assert by_guard == ["4321次", "87.5%"]
