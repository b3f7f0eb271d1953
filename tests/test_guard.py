"""The guard: catches each violation, one repair round through the model, then the fix-up."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from assistant import guard
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.phrases import load_phrases
from assistant.figures import find_figures

PASTE = """成绩：
- 查处非法营运黑车300余辆
- 组织拆除违法建设1062.1万余平方米
- 清除牛皮癣900余处，拆除户外广告200处
问题：
- 执法力量不足
计划：
- 新建公厕3座
"""


@pytest.fixture
def clean(settings):
    return draft(
        DraftRequest(PASTE, unit="某县城管局", period="2023年", next_period="2024年"), settings
    )


def _check(d):
    expected = [f for f in d.facts if f.id in d.outline.fact_ids]
    return guard.check(d, expected, d.facts)


def _para_with(d, fact_id):
    return next(p for s in d.sections for p in s.paragraphs if fact_id in p.fact_ids)


def _fix(d, violations):
    phrases = load_phrases()
    return guard.fixup(d, violations, d.facts, phrases["inserted_fact"], phrases["placeholder"])


def test_offline_draft_is_clean(clean):
    assert _check(clean) == [] and clean.findings == [] and clean.fixups == []


def test_unsourced_figure_is_caught_and_marked_for_checking(clean):
    d = copy.deepcopy(clean)
    para = _para_with(d, "F01")
    para.text += "全年共出动执法人员5000人次。"
    violations = _check(d)
    assert [(v.kind, v.figure) for v in violations] == [("unsourced_figure", "5000人次")]
    fixes = _fix(d, violations)
    assert "5000人次" not in d.text and "出动执法人员〔待核〕" in d.text
    assert [(f.kind, f.before, f.after) for f in fixes] == [
        ("unsourced_figure", "5000人次", "〔待核〕")
    ]
    assert _check(d) == []


def test_period_and_numbering_are_not_unsourced(clean):
    d = copy.deepcopy(clean)
    _para_with(d, "F01").text += "2024年将继续巩固。"
    assert _check(d) == []


def test_reworded_figure_is_restored_verbatim(clean):
    d = copy.deepcopy(clean)
    para = _para_with(d, "F01")
    para.text = para.text.replace("300余辆", "300辆")
    violations = _check(d)
    assert [(v.kind, v.fact_id, v.figure) for v in violations] == [
        ("missing_figure", "F01", "300余辆")
    ]
    fixes = _fix(d, violations)
    assert [(f.kind, f.before, f.after) for f in fixes] == [("restored_figure", "300辆", "300余辆")]
    assert "查处非法营运黑车300余辆" in d.text and _check(d) == []


def test_missing_fact_is_inserted_in_its_part(clean):
    d = copy.deepcopy(clean)
    para = _para_with(d, "F02")
    para.text = para.text.replace("组织拆除违法建设1062.1万余平方米", "持续开展拆违工作")
    para.fact_ids.remove("F02")
    violations = _check(d)
    assert [(v.kind, v.fact_id) for v in violations] == [("missing_fact", "F02")]
    fixes = _fix(d, violations)
    assert fixes[0].kind == "inserted_fact" and fixes[0].section.startswith("一、")
    assert "组织拆除违法建设1062.1万余平方米。" in d.sections[1].text
    assert _check(d) == []


def test_duplicate_fact_is_reported(clean):
    d = copy.deepcopy(clean)
    para = _para_with(d, "F05")
    para.text += "同时查处非法营运黑车300余辆。"
    para.fact_ids.append("F01")
    violations = _check(d)
    assert [(v.kind, v.fact_id) for v in violations] == [("duplicate_fact", "F01")]
    fixes = _fix(d, violations)
    assert [(f.kind, f.before) for f in fixes] == [
        ("removed_duplicate", "同时查处非法营运黑车300余辆。")
    ]
    assert d.text.count("查处非法营运黑车300余辆") == 1 and "新建公厕3座" in d.text
    assert _check(d) == []


def test_stray_numbering_in_a_paragraph_is_removed(clean):
    d = copy.deepcopy(clean)
    para = _para_with(d, "F01")
    para.text += "1.不要重复，2.保持简洁。"  # what a small model writes
    violations = _check(d)
    assert [v.kind for v in violations] == ["numbering"]
    fixes = _fix(d, violations)
    assert [f.kind for f in fixes] == ["renumbered"] and "不要重复" in d.text
    assert _check(d) == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("一、甲\n（一）乙\n（三）丙\n二、丁\n", "跳号"),
        ("一、甲\n1.乙\n二、丁\n", "跳过了上一级"),
        ("一、甲\n（一）乙\n（二）丙\n二、丁\n（一）戊\n", None),
        ("一、甲\n（一）乙\n1.子\n2.丑\n（二）丙\n（1）寅\n", "跳过了上一级"),
    ],
)
def test_numbering(text, kind):
    messages = [v.message for v in guard.check_numbering(text)]
    if kind is None:
        assert messages == []
    else:
        assert any(kind in m for m in messages), messages


def test_empty_part_gets_a_placeholder_never_content(settings):
    d = draft(DraftRequest("查处非法营运黑车300余辆\n清除牛皮癣900余处", period="2023年"), settings)
    problems = next(s for s in d.sections if s.role == "problems")
    plans = next(s for s in d.sections if s.role == "plans")
    assert problems.paragraphs[0].kind == "placeholder" and problems.paragraphs[0].text.startswith(
        "〔待补："
    )
    assert plans.paragraphs[0].text.startswith("〔待补：")
    assert not find_figures(problems.text.replace(problems.heading, ""))
    # a part emptied later is filled by the fix-up
    problems.paragraphs.clear()
    violations = _check(d)
    assert [v.kind for v in violations] == ["empty_part"]
    assert [f.kind for f in _fix(d, violations)] == ["placeholder"]
    assert "〔待补：存在的主要问题" in d.text


def test_repair_round_names_violations_then_fixup(settings, scripted_model):
    scripted_model.enqueue(
        "Opening words.",
        # achievements: F01 reworded, F02 missing, an invented figure
        "（一）市容\n一是查处非法营运黑车300辆；二是清除牛皮癣900余处，拆除户外广告200处，另查处违规行为88起。",
        # the repair round comes as the part finishes; its answer still invents a figure, drops F02
        "（一）市容\n（三）执法\n一是查处非法营运黑车300余辆；二是清除牛皮癣900余处，拆除户外广告200处，共出动77人次。",
        "一是执法力量不足。",
        "一是新建公厕3座。",
    )
    result = draft(
        DraftRequest(PASTE, period="2023年", next_period="2024年", backend="scripted"),
        settings,
    )
    repair = scripted_model.tasks("repair")[0]
    assert repair.prompt == "repair" and repair.messages, (
        "the repair prompt is rendered from prompts/repair.yaml"
    )
    prompt_text = "\n".join(str(m.content) for m in repair.messages)
    assert "遗漏了事实 F02" in prompt_text and "“88起”" in prompt_text and "300余辆" in prompt_text
    kinds = [f.kind for f in result.fixups]
    assert kinds[0] == "model_repair"
    assert "renumbered" in kinds and "unsourced_figure" in kinds and "inserted_fact" in kinds
    assert "（二）执法" in result.text and "（三）" not in result.text
    assert "77人次" not in result.text and "〔待核〕" in result.text
    assert "组织拆除违法建设1062.1万余平方米" in result.text
    assert any("88起" in f for f in result.findings)
    assert result.unused_facts == []
    assert _check(result) == []


def test_a_model_paragraph_with_a_reworded_figure_is_mended_not_written_twice(
    settings, scripted_model
):
    """The one coverage rule reads figures by key: the model's "300辆" still carries the fact
    "查处非法营运黑车300余辆", so the guard restores the figure instead of inserting the fact."""
    bodies = {
        "opening": "2023年，某县城管局扎实推进各项工作。现将有关情况报告如下：",
        "achievements": "一是查处非法营运黑车300辆；二是组织拆除违法建设1062.1万余平方米；"
        "三是清除牛皮癣900余处，拆除户外广告200处。",
        "problems": "一是执法力量不足。",
        "plans": "一是新建公厕3座。",
        "closing": "2024年，我们将继续努力。",
    }
    scripted_model.when_empty = lambda task: (
        task.text if task.kind == "repair" else bodies.get(task.kind) or bodies[task.role]
    )
    request = DraftRequest(
        PASTE, unit="某县城管局", period="2023年", next_period="2024年", backend="scripted"
    )
    d = draft(request, settings)
    kinds = [f.kind for f in d.fixups]
    assert "restored_figure" in kinds and "inserted_fact" not in kinds, kinds
    assert d.text.count("查处非法营运黑车300余辆") == 1 and "300辆" not in d.text
    assert _check(d) == []


def test_a_short_plan_said_without_its_time_word_is_not_missing(settings):
    # a 城管 paste of 2026-12: the plans part said "…重点抓好以下工作：再建3座" for "明年再建3座",
    # and the guard, reading half the fact's wording gone with 明年, added it again after it
    d = draft(DraftRequest("城管局2025年\n新建公厕5座\n明年再建3座\n"), settings)
    plans = next(s for s in d.sections if s.role == "plans").text
    assert plans.count("再建3座") == 1, plans
    assert not [f for f in d.fixups if "遗漏" in f.message], d.fixups


def test_an_inserted_fact_ends_as_a_sentence(clean):
    # the 司法局 paste's plan "2026年，我们将重点做好以下工作：" went back in as "…工作：。"
    d = copy.deepcopy(clean)
    fact = next(f for f in d.facts if f.id == "F05")
    d.facts[d.facts.index(fact)] = dataclasses.replace(fact, text="新建公厕3座：")
    para = _para_with(d, "F05")
    para.text = para.text.replace("新建公厕3座", "推进厕所建设")
    para.fact_ids.remove("F05")
    fixes = _fix(d, _check(d))
    assert [f.after for f in fixes if f.kind == "inserted_fact"] == ["新建公厕3座。"]


def test_a_plan_split_over_its_heading_is_not_taken_for_a_problem_that_shares_its_words(
    settings,
):
    # a 医保局 paste of 2026-12: the plan "加强基金监管，实现智能监控全覆盖" was written as the
    # heading "（二）加强基金监管" over "实现智能监控全覆盖。"; the problem "医保基金监管力量不足，
    # 智能监控覆盖面有待扩大" shares its words, and the guard dropped the plan's body as a repeat
    paste = (
        "成绩：\n- 追回医保基金1860万元\n- 异地就医直接结算11.6万人次\n"
        "问题：\n- 医保基金监管力量不足，智能监控覆盖面有待扩大\n"
        "计划：\n- 推进DRG支付方式改革，覆盖所有二级以上医院\n"
        "- 加强基金监管，实现智能监控全覆盖\n- 深化医保经办服务，打造“15分钟医保服务圈”\n"
    )
    d = draft(DraftRequest(paste, unit="某区医疗保障局", period="2025年"), settings)
    plans = next(s for s in d.sections if s.role == "plans").text
    assert "实现智能监控全覆盖" in plans, plans
    assert not [f for f in d.fixups if f.kind == "removed_duplicate"], d.fixups


def test_a_fact_whose_words_another_fact_shares_is_no_repeat_the_writer_is_told_of(settings):
    # a 妇联 paste of 2026-12: the achievement "创建“美丽庭院”示范户860户" carries the words of the
    # plan "深化美丽庭院创建", so its paragraph held the plan's id too; the 核对 panel then said
    # "事实 F05 重复出现在 P03、P07。" of a draft that says the plan once
    paste = (
        "成绩：\n- 组织技能培训班18期，培训农村妇女1260人次\n- 创建“美丽庭院”示范户860户、示范村12个\n"
        "不足：基层妇联组织活力不够\n打算：继续实施巾帼创业行动；深化美丽庭院创建\n"
    )
    d = draft(DraftRequest(paste, unit="县妇联", period="2025年"), settings)
    plan = next(f for f in d.facts if f.text == "深化美丽庭院创建")
    holders = [p for s in d.sections for p in s.paragraphs if plan.id in p.fact_ids]
    assert [p.text.count("深化美丽庭院创建") for p in holders] == [1], holders
    assert d.findings == [] and d.fixups == [], (d.findings, d.fixups)
    # the guard still sees the shared words, and only drops the id
    part = next(s for s in d.sections if s.role == "achievements")
    achievement = next(p for p in part.paragraphs if "美丽庭院" in p.text)
    achievement.fact_ids.append(plan.id)
    violations = _check(d)
    assert [v.kind for v in violations] == ["shared_wording"] and guard.told(violations) == []
    _fix(d, violations)
    assert plan.id not in achievement.fact_ids and "美丽庭院" in achievement.text
