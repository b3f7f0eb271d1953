"""The outline of a draft as it stands (assistant.drafting.outline_of): the outline a fresh
draft was written from, read back from the draft; after a change in the chat, what the draft
now holds, so that 按提纲起草 writes it again with the change kept."""

from __future__ import annotations

import copy

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.adding import add_fact
from assistant.drafting.chain import draft
from assistant.drafting.deleting import delete_sentence
from assistant.drafting.editor import DraftEditor
from assistant.drafting.outline_of import outline_of
from assistant.facts import parse_facts
from assistant.outline_text import parse_outline_text
from eval.cases import load_cases
from tests.test_deleting import JIAOYU

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
CASES = [
    c for name in ("dev", "corpus") for c in load_cases(ROOT / "eval" / "cases" / f"{name}.jsonl")
]
# a plan of its own (平潭 苏平片区's way): its themes 一、二、 under its own title
PLAN = """某县文化和旅游局2025年工作计划
一、提升公共文化服务水平
新建城市书房3个，开展送戏下乡120场
二、推动文旅融合发展
创建省级旅游休闲街区1个
"""


def _named(outline):
    return [(p.role, t.name, t.heading, t.fact_ids, t.own) for p in outline.parts for t in p.themes]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_fresh_draft_reads_back_as_the_outline_it_was_written_from(case, settings):
    d = draft(DraftRequest(case.input, case.unit, case.period, case.next_period), settings)
    read = outline_of(d)
    assert read.to_text() == d.outline.to_text()
    assert read.title == d.title and _named(read) == _named(d.outline)


def test_a_plan_of_its_own_reads_back_as_its_themes(settings):
    d = draft(DraftRequest(PLAN), settings)
    assert d.outline.plan_only and outline_of(d).to_text() == d.outline.to_text()


def test_what_the_chat_changed_is_the_outline_and_a_redraft_keeps_it(settings):
    d = draft(DraftRequest(JIAOYU), settings)
    gone = next(f.id for f in d.facts if "双减" in f.text)
    d = delete_sentence(d, "双减").draft
    added = add_fact(d, "问题：校舍安全隐患排查整治任务较重")
    d = copy.deepcopy(added.draft)
    DraftEditor(d).retitle("县教育局2025年度工作报告")
    text = outline_of(d).to_text()
    assert text.startswith("县教育局2025年度工作报告\n")
    assert gone not in text and added.fact_id in text.split("二、")[1].split("三、")[0]
    # 按提纲起草 from it: the paste's ledger and the fact the chat added
    ledger = parse_facts(JIAOYU)
    ledger.facts += [f for f in d.facts if f.id == added.fact_id]
    outline = parse_outline_text(text, ledger, base=d.outline)
    again = draft(DraftRequest(JIAOYU, outline=outline), settings, ledger=ledger)
    assert again.title == "县教育局2025年度工作报告" and "现将2025年度工作报告如下" in again.text
    assert "双减" not in again.text and gone in again.unused_facts
    assert "校舍安全隐患排查整治任务较重" in again.text.split("二、")[1].split("三、")[0]
    # the sub-headings the paste gave stay the writer's
    assert "（一）学前教育普惠发展" in again.text and "（三）教师队伍建设" in again.text


# a 财政局 paste of 2026-12, unmarked: its groups are named from their facts
CAIZHENG = """全年一般公共预算收入完成12.6亿元，同比增长7.3%
税收收入占比达到78.5%，收入质量持续提升
争取上级转移支付资金18.2亿元
新增地方政府专项债券额度6.5亿元，支持重点项目21个
民生支出占一般公共预算支出的比重达81.2%
发放各类惠民惠农补贴资金2.36亿元，惠及群众12.8万人
完成预算绩效评价项目136个，涉及资金9.8亿元
压减一般性支出3200万元
清理盘活存量资金1.1亿元
财政收入增长后劲不足，非税收入占比偏高
2025年一般公共预算收入力争增长6%
"""


def test_a_group_that_lost_a_fact_keeps_its_name(settings):
    d = draft(DraftRequest(CAIZHENG, "某县财政局", "2024年"), settings)
    gone = next(f.id for f in d.facts if "压减一般性支出" in f.text)
    [group] = [t for p in d.outline.parts for t in p.themes if gone in t.fact_ids]
    assert group.name and group.heading and not group.own
    d = delete_sentence(d, "压减一般性支出").draft
    [kept] = [t for p in outline_of(d).parts for t in p.themes if t.heading == group.heading]
    assert gone not in kept.fact_ids and (kept.name, kept.own) == (group.name, False)
    # the redraft's opening and framing name it as before, not by its heading's verb
    ledger = parse_facts(CAIZHENG, "某县财政局", "2024年")
    again = draft(
        DraftRequest(
            CAIZHENG, outline=parse_outline_text(outline_of(d).to_text(), ledger, d.outline)
        ),
        settings,
        ledger=ledger,
    )
    opening = again.sections[0].paragraphs[0].text
    bodies = [p.text for s in again.sections for p in s.paragraphs if p.kind == "body"]
    assert group.name in opening and not any("推进" + group.name in b for b in bodies)
