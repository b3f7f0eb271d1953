"""Title, unit and period inference on the real reports and on short pasted text."""

from __future__ import annotations

import json

import pytest

from assistant.metadata import (
    infer_next_period,
    infer_period,
    infer_title,
    infer_unit,
    next_period,
    plan_word,
    report_name,
    writer_title,
)

CATALOG = {
    "seed000.txt": (
        "治理办",
        "2017年",
        "seeds/000_ecd306607753b049.txt",
    ),
    "seed001.txt": (
        "株洲县城市管理和行政执法局",
        "2017年",
        "seeds/001_83c9891a65f16899.txt",
    ),
    # 002 is a page with two reports: neither states its year ("xx年" is masked)
    "seed002-1.txt": ("三星镇", None, "seeds/002_4196b352eb4eaac3.txt"),
    "seed002-2.txt": ("某县", None, "seeds/002_4196b352eb4eaac3.txt"),
    "seed003.txt": ("红花岗区", "2023年", "seeds/003_98e72907ae8982d6.txt"),
    "seed004.txt": (
        "城管局",
        "2023年上半年",
        "seeds/004_2dd3c96ad6cb9ecc.txt",
    ),
}


def test_catalog_records_unit_period_and_source(knowledge_dir):
    catalog = json.loads((knowledge_dir / "catalog.json").read_text(encoding="utf-8"))
    seeds = [e for e in catalog if e["source"].startswith("seeds/")]
    assert {e["file"]: (e["unit"], e["period"], e["source"]) for e in seeds} == CATALOG
    # the department reports are checked in test_departments.py
    assert all(e["source"].startswith(("seeds/", "departments/")) for e in catalog)
    for entry in catalog:
        text = (knowledge_dir / entry["file"]).read_text(encoding="utf-8")
        assert text.splitlines()[0] == entry["title"]
        assert infer_unit(text, entry["title"]) == entry["unit"]
    parts = [e["part"] for e in catalog if e["source"].startswith("seeds/002")]
    assert parts == ["篇一", "篇二"]


@pytest.mark.corpus
def test_government_work_reports(corpus_dir):
    # a report given in year N reviews year N-1
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        year = int(path.stem[-4:])
        assert infer_period(text) == f"{year - 1}年", path.name
        unit = infer_unit(text)
        assert unit in ("国务院", "海拉尔区人民政府", "呼伦贝尔市海拉尔区人民政府"), path.name
    assert infer_title((corpus_dir / "gwr_hailar_district_2012.txt").read_text("utf-8")) == (
        "政府工作报告"
    )


@pytest.mark.parametrize(
    "text,unit,period",
    [
        ("城管局2023年1-10月工作总结", "城管局", "2023年1-10月"),
        ("省司法厅2024年工作总结及2025年工作打算", "省司法厅", "2024年"),  # 2026-12
        ("县委宣传部2024年工作总结", "县委宣传部", "2024年"),
        ("我局2023年上半年查处黑车300余辆", None, "2023年上半年"),
        ("单位：达川区城管局\n查处黑车300余辆", "达川区城管局", None),
        ("2017年", None, "2017年"),
        ("2024年第三季度完成公厕改造", None, "2024年第三季度"),
        ("2024年3季度完成公厕改造", None, "2024年第三季度"),
        ("明年新建公厕3座", None, None),
        ("新增限上商贸企业42家\n2025年计划新增限上商贸企业40家", None, None),  # the plan's year
    ],
)
def test_short_pasted_text(text, unit, period):
    assert infer_unit(text) == unit
    assert infer_period(text) == period


@pytest.mark.parametrize(
    "period,expected",
    [
        ("2017年", "2018年"),
        ("2023年度", "2024年度"),
        ("2023年上半年", "2023年下半年"),
        ("2023年下半年", "2024年上半年"),
        ("2023年第一季度", "2023年第二季度"),
        ("2023年第四季度", "2024年第一季度"),
        ("2023年前三季度", "2023年第四季度"),
        ("2023年1-6月", "2023年7-12月"),
        ("2023年1-10月", "2024年"),
        (None, None),
        ("近年来", None),
    ],
)
def test_next_period(period, expected):
    assert next_period(period) == expected


def test_title_skips_date_and_speaker_lines():
    text = "—2017年2月11日在某区人民代表大会上\n\n某区人民政府区长 张三\n\n关于2016年工作的报告\n\n各位代表：\n"
    assert infer_title(text) == "关于2016年工作的报告"
    assert (
        infer_title(
            "全年查处黑车300余辆，清理牛皮癣3000余处，群众满意度明显提升，取得良好成效。", "a.txt"
        )
        == "a"
    )


@pytest.mark.parametrize(
    "text",
    ["查处黑车300余辆\n力争2024年底完成公厕3座", "计划2024年新建公厕3座\n查处黑车120辆"],
)
def test_a_deadline_year_is_not_the_period(text):
    assert infer_period(text) is None


@pytest.mark.parametrize(
    "title,period,planned",
    [
        ("城管局2023年工作总结及2024年工作计划", "2023年", "2024年"),
        ("某局2024年工作总结及2025年工作思路", "2024年", "2025年"),
        ("某局2023年度工作计划", "2022年", "2023年"),  # a plan alone: written the year before
        ("城管局2023年上半年工作总结及下半年工作计划", "2023年上半年", "2023年下半年"),
        ("城管局2017年工作总结", "2017年", "2018年"),
        ("工作总结", None, None),
    ],
)
def test_period_and_planned_period_from_the_title(title, period, planned):
    assert infer_period("", title=title) == period
    assert infer_next_period("", title=title) == planned


def test_unit_before_a_spaced_year_in_the_title():
    title = "平潭综合实验区农业农村局 2024年工作总结及2025年工作思路"
    assert infer_unit(title + "\n\n全年完成任务。", title) == "平潭综合实验区农业农村局"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # a one-paragraph report longer than a short paste opens with the year it sums up
        ("2024年，县交通运输局全力推进交通基础设施建设，全年完成投资15.3亿元。" * 8, "2024年"),
        ("2023年以来，我局坚持稳中求进，" + "完成各项任务。" * 40, "2023年"),
        # a paste that opens by planning its year does not sum it up
        ("2025年，我局将加快推进G205改线工程建设。" + "完成各项任务。" * 40, None),
    ],
)
def test_a_text_that_opens_with_its_year(text, period):
    assert infer_period(text) == period


@pytest.mark.parametrize(
    ("title", "unit"), [("XX镇2024年工作总结", "XX镇"), ("某镇2024年工作总结", "某镇")]
)
def test_a_templates_placeholder_unit_of_one_character(title, unit):
    # a 乡镇 template of 2026-12: "XX镇" gave no unit, and the draft said "我们"
    assert infer_unit("", title=title) == unit


@pytest.mark.parametrize(
    ("title", "unit", "period", "planned", "own"),
    [
        # the writer's title names the draft: it stays, with its own words (思路, 工作总结 alone)
        (
            "平潭综合实验区农业农村局2024年工作总结及2025年工作思路",
            "平潭综合实验区农业农村局",
            "2024年",
            "2025年",
            True,
        ),
        ("某县市场监管局 2024年工作总结", "某县市场监管局", "2024年", "2025年", True),
        # a report's title that names its results 工作情况 and its plan (a 统计局 paste, 2026-12)
        ("市统计局2025年工作情况和2026年工作打算", "市统计局", "2025年", "2026年", True),
        # the year first: the opening had said "现将2025年县民政局工作总结…报告如下" (2026-12)
        ("2025年县民政局工作总结和2026年工作打算", "县民政局", "2025年", "2026年", True),
        # a plan alone, another period, another unit or another plan year: not the draft's name
        ("某局2025年工作计划", "某局", "2024年", "2025年", False),
        ("某局2023年工作总结", "某局", "2024年", "2025年", False),
        ("某局2024年工作总结", "某县财政局", "2024年", "2025年", False),
        ("某局2024年工作总结及2026年工作计划", "某局", "2024年", "2025年", False),
        (None, "某局", "2024年", "2025年", False),
        # a title of the writer's material, not of a 总结
        ("某局2024年工作情况", "某局", "2024年", "2025年", False),
    ],
)
def test_the_writers_title_names_the_draft_only_when_it_says_what_the_draft_is(
    title, unit, period, planned, own
):
    expected = title.replace(" ", "") if own else None
    assert writer_title(title, unit, period, planned) == expected
    name = expected.replace(unit, "", 1) if own else None  # the title's name, its unit aside
    named = report_name(title, unit, period, planned)
    assert named == (name if own else f"{period}工作总结及{planned}工作计划")
    # the writer's word for the plan, as the draft's title has it ("三、下步打算", 2026-12)
    worded = report_name(title, unit, period, planned, "打算")
    assert worded == (name if own else f"{period}工作总结及{planned}工作打算")
    assert report_name(None, None, None, None, "打算") == "工作总结及下一步工作打算"


@pytest.mark.parametrize(
    ("title", "unit", "name"),
    [
        # 平潭 titles the rules above do not take as a pasted title's: typed in 标题, they are
        (
            "平潭综合实验区君山片区管理局2022年度工作报告",
            "平潭综合实验区君山片区管理局",
            "2022年度工作",
        ),
        (
            "平潭综合实验区国有资产管理局关于2022年度国资国企监管工作情况的报告",
            "平潭综合实验区国有资产管理局",
            "2022年度国资国企监管工作情况",
        ),
        ("某局关于城乡环境整治工作的报告", "某局", "城乡环境整治工作"),
        ("三星镇 城乡环境综合治理工作总结", "三星镇", "城乡环境综合治理工作总结"),
    ],
)
def test_a_title_the_writer_gives_is_the_drafts_as_it_stands(title, unit, name):
    assert writer_title(title, unit, "2022年", "2023年") is None
    assert writer_title(title, unit, "2022年", "2023年", given=True) == title.replace(" ", "")
    # the opening says "现将{name}报告如下" with no second 报告 and no 关于
    assert report_name(title, unit, "2022年", "2023年", given=True) == name
    assert writer_title("  ", unit, "2022年", "2023年", given=True) is None


def test_a_report_title_is_reported_without_its_own_word_report():
    # "现将2025年工作情况和2026年工作计划的报告报告如下" read twice 报告
    title = "县统计局关于2025年工作情况和2026年工作计划的报告"
    named = report_name(title, "县统计局", "2025年", "2026年")
    assert named == "2025年工作情况和2026年工作计划"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "今年以来，县民政局认真落实各项民生政策，兜底保障作用进一步发挥。\n全年发放低保金8650万元",
            "县民政局",
        ),
        ("2024年，县卫生健康委员会全面推进健康县城建设。", "县卫生健康委员会"),
        # the leadership line names no unit of the writer's
        ("今年以来，在县委、县政府的坚强领导下，全县财政收入稳步增长。", None),
    ],
)
def test_the_unit_an_opening_sentence_names_after_its_time_span(text, unit):
    assert infer_unit(text) == unit


def test_a_committee_heads_its_title():
    assert (
        infer_unit("", title="县卫生健康委员会2024年工作总结及2025年工作打算") == "县卫生健康委员会"
    )


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("某局2024年工作总结及2025年工作思路", "思路"),
        ("某局2024年工作总结暨2025年工作打算", "打算"),
        ("某局2024年工作总结", ""),
        (None, ""),
    ],
)
def test_how_a_title_names_its_plan(title, word):
    assert plan_word(title) == word


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("区档案馆2024年工作总结\n接收进馆档案1.2万卷", "区档案馆"),
        ("县残联2024年工作总结\n办理残疾人证300本", "县残联"),
        ("今年以来，县总工会深入开展劳动竞赛12场", "县总工会"),
        ("今年，区人社局在就业、社保、人才方面做了大量工作", "区人社局"),  # not 区人社
        ("上半年，县统计局扎实开展统计调查", "县统计局"),
        ("举办招聘会15场，提供岗位4600个", None),  # an event, no unit
        ("召开座谈会3次，参会120人", None),
    ],
)
def test_units_of_every_kind_of_office(text, unit):
    # 2026-12: an 档案馆 paste was drafted with "我们" as its unit
    assert infer_unit(text) == unit
