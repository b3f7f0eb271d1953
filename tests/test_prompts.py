"""Every prompt file loads, declares exactly the variables it uses, and renders."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.prompts import ChatPromptTemplate

from assistant.errors import ConfigError
from assistant.prompts import PROMPTS_DIR, load_prompt, prompt_names

FACTS = [
    {"id": "F01", "text": "查处非法营运黑车300余辆"},
    {"id": "F02", "text": "清除牛皮癣900余处"},
]
SAMPLE = {
    "unit": "株洲县城市管理和行政执法局",
    "period": "2017年",
    "next_period": "2018年",
    "heading": "一、2017年工作开展情况",
    "themes": [{"marker": "（一）", "heading": "聚焦占道经营，市容秩序进一步规范", "facts": FACTS}],
    "exemplars": [{"text": "一是严格网格巡查。按照定人、定点、定时的要求……"}],
    "theme_names": ["市容秩序", "环卫保洁"],
    "section_text": "（一）市容秩序\nWe removed many illegal ads.",
    "violations": ["遗漏了事实 F01：“查处非法营运黑车300余辆”。"],
    "facts": FACTS,
    "text": "一是查处非法营运黑车300余辆；二是清除牛皮癣900余处。",
    "instruction": "语气更正式一些",
}
EXPECTED = {
    "system", "opening", "repair", "section_achievements", "section_problems", "section_plans",
    "revise_expand", "revise_condense", "revise_polish", "revise_rewrite", "revise_free",
}  # fmt: skip


def test_the_prompt_set_is_complete():
    assert EXPECTED <= set(prompt_names())


@pytest.mark.parametrize("name", prompt_names())
def test_every_prompt_renders_with_its_declared_variables(name):
    spec = load_prompt(name)
    assert spec.name == name and spec.description
    assert spec.used_variables() == set(spec.input_variables), "declared and used variables differ"
    assert isinstance(spec.chat_prompt(), ChatPromptTemplate)
    # prompts owned by other modules (e.g. eval_judge) get plain sample strings
    messages = spec.render(**{k: SAMPLE.get(k, f"示例{k}") for k in spec.input_variables})
    assert messages and all(str(m.content).strip() for m in messages)
    text = "\n".join(str(m.content) for m in messages)
    assert "{{" not in text and "{%" not in text
    if name in EXPECTED - {"system"}:  # drafting prompts all share the style rules
        assert isinstance(messages[0], SystemMessage) and isinstance(messages[-1], HumanMessage)
        assert "原样照抄" in str(messages[0].content)  # the shared style rules are included


def test_section_prompt_carries_facts_and_exemplars():
    text = load_prompt("section_achievements").render_text(
        **{k: SAMPLE[k] for k in load_prompt("section_achievements").input_variables}
    )
    assert "[F01] 查处非法营运黑车300余辆" in text
    assert "（一）聚焦占道经营" in text and "【范例1】" in text


def test_a_plan_of_its_own_is_asked_for_as_that_plan():
    # a plan paste is drafted as the plan: its one part has no heading, its themes are 一、二、
    spec = load_prompt("section_plans")
    values = {k: SAMPLE[k] for k in spec.input_variables}
    plan = spec.render_text(
        **values | {"heading": "", "themes": [SAMPLE["themes"][0] | {"marker": "一、"}]}
    )
    assert "请起草这份工作计划的正文" in plan and "第三部分" not in plan
    assert "“一、”“二、”" in plan and "一、聚焦占道经营" in plan
    part = spec.render_text(**values | {"heading": "三、2018年工作计划"})
    assert "请起草第三部分“三、2018年工作计划”的正文" in part and "“（一）”“（二）”" in part


def test_repair_prompt_names_the_violations():
    spec = load_prompt("repair")
    text = spec.render_text(**{k: SAMPLE[k] for k in spec.input_variables})
    assert "遗漏了事实 F01" in text and "We removed many illegal ads." in text


def test_missing_variable_is_a_config_error():
    spec = load_prompt("revise_free")
    values = {k: SAMPLE[k] for k in spec.input_variables if k != "instruction"}
    with pytest.raises(ConfigError, match="instruction"):
        spec.render(**values)


def test_undefined_attribute_is_caught_strictly():
    spec = load_prompt("section_plans")
    values = {k: SAMPLE[k] for k in spec.input_variables}
    values["themes"] = [{"marker": "（一）", "facts": FACTS}]  # no "heading"
    with pytest.raises(ConfigError, match="无法渲染"):
        spec.render(**values)


def test_no_prompt_text_in_python():
    import assistant.drafting.chain as chain
    import assistant.drafting.revision as revise

    for module in (chain, revise):
        source = open(module.__file__, encoding="utf-8").read()
        assert "原样照抄" not in source and "请起草" not in source
    assert PROMPTS_DIR.is_dir()
