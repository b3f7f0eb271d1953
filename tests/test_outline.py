"""Outline: themes from the lexicon, headings written from the facts, editable text round trip."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.figures import find_figures
from assistant.outline import Outline, load_themes, parse_outline_text, propose_outline

PASTE = """成绩：
- 强制拆除不规范户外广告200处，清除牛皮癣900余处
- 规范占道经营摊点120处
- 全年转运生活垃圾3万余吨，新建公厕3座
- 垃圾无害化处理率达100%
- 组织拆除违法建设1062.1万余平方米
- 开展业务培训14次
- 局党委中心学习15次
- 帮扶贫困户147户
问题：
- 执法力量不足
计划：
- 新建停车泊位500个
- 改造垃圾中转站5个
"""


@pytest.fixture
def ledger():
    return parse_facts(PASTE, unit="某县城管局", period="2023年", next_period="2024年")


def test_three_parts_with_period_headings(ledger):
    outline = propose_outline(ledger)
    assert outline.title == "某县城管局2023年工作总结及2024年工作计划"
    assert [(p.role, p.heading) for p in outline.parts] == [
        ("achievements", "2023年工作开展情况"),
        ("problems", "存在的主要问题"),
        ("plans", "2024年工作计划"),
    ]
    assert sorted(outline.fact_ids) == sorted(f.id for f in ledger.facts)


def test_facts_are_grouped_by_theme_with_headings_from_their_facts(ledger):
    part = propose_outline(ledger).part("achievements")
    by_name = {t.name: t for t in part.themes}
    assert by_name["市容秩序"].fact_ids == ["F01", "F02"]
    assert by_name["环卫保洁"].fact_ids == ["F03", "F04"]
    assert by_name["队伍建设"].fact_ids == ["F06", "F07"]
    assert "户外广告" in by_name["市容秩序"].heading or "占道经营" in by_name["市容秩序"].heading
    assert "业务培训" in by_name["队伍建设"].heading or "党建工作" in by_name["队伍建设"].heading
    for theme in part.themes:
        assert theme.heading and not find_figures(theme.heading)


def test_one_problem_gets_no_sub_heading(ledger):
    problems = propose_outline(ledger).part("problems")
    assert len(problems.themes) == 1 and problems.themes[0].heading == ""


def test_an_absent_role_gives_an_empty_part():
    outline = propose_outline(parse_facts("查处黑车300余辆\n清除牛皮癣900余处", period="2023年"))
    assert outline.part("problems").themes == [] and outline.part("plans").themes == []


def test_unmatched_facts_go_to_the_fallback_theme_last():
    ledger = parse_facts(
        "完成年度目标考评\n查处黑车300余辆\n拆除违建20处\n开展科研合作3项\n编写志书1部",
        period="2023年",
    )
    themes = propose_outline(ledger).part("achievements").themes
    assert themes[-1].name == load_themes()["fallback"]["name"]


def test_text_round_trip(ledger):
    outline = propose_outline(ledger)
    back = parse_outline_text(outline.to_text(), ledger)
    assert back.to_dict() == {
        **outline.to_dict(),
        "parts": [
            {**p, "themes": [{**t, "name": ""} for t in p["themes"]]}
            for p in outline.to_dict()["parts"]
        ],
    }


def test_edited_outline_moves_renames_and_drops_facts(ledger):
    text = propose_outline(ledger).to_text()
    lines = text.splitlines()
    # rename the first sub-heading, drop F08 (poverty aid), move F05 under the first theme
    first = next(i for i, line in enumerate(lines) if line.startswith("（一）"))
    lines[first] = "（一）狠抓市容整治，城市面貌明显改观 〔F01、F02、F05〕"
    edited = (
        "\n".join(
            line.replace("F08", "").replace("〔F05〕", "")
            for i, line in enumerate(lines)
            if i == first or "〔F05〕" != line.strip()[-5:]
        )
        + "\n"
    )
    outline = parse_outline_text(edited, ledger)
    part = outline.part("achievements")
    assert part.themes[0].heading == "狠抓市容整治，城市面貌明显改观"
    assert part.themes[0].fact_ids == ["F01", "F02", "F05"]
    assert "F08" not in outline.fact_ids and outline.fact_ids.count("F05") == 1


def test_serialisable(ledger):
    outline = propose_outline(ledger)
    assert Outline.from_dict(outline.to_dict()) == outline


@pytest.mark.parametrize("text", ["", "  \n", "随便写的一段话，没有编号"])
def test_unusable_outline_text(ledger, text):
    with pytest.raises(InputError):
        parse_outline_text(text, ledger)
