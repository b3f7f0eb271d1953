"""The structure parser on the real reports (knowledge/ and ../shared/corpus) and on hard cases."""

from __future__ import annotations

import json

import pytest

from assistant.roles import ROLES, cue_role, heading_role
from assistant.structure import (
    cn_to_int,
    int_to_cn,
    marker_candidates,
    marker_for,
    parse_document,
)


def outline(doc):
    """(heading label, role) of each top-level part."""
    return [(p.heading.label, p.role) for p in doc.parts]


# level-1 parts and roles, read off each cleaned seed report by hand
KNOWLEDGE_PARTS = {
    "seed000.txt": [
        ("一、207年工作开展情况", "achievements"),
        ("二、存在的主要问题", "problems"),
        ("三、208年工作计划", "plans"),
    ],
    "seed001.txt": [
        ("一、2017年工作情况", "achievements"),
        ("二、2018年工作打算", "plans"),
    ],
    "seed002-1.txt": [
        ("一、目标完成情况", "achievements"),
        ("二、工作措施", "achievements"),
        ("三、存在的问题", "problems"),
        ("四、xx年工作重点和努力方向", "plans"),
    ],
    "seed002-2.txt": [
        ("一、主要做法及成效", "achievements"),
        ("二、下一步工作计划", "plans"),
    ],
    "seed003.txt": [
        ("一、主要做法", "achievements"),
        ("二、存在的问题", "problems"),
        ("三、下步工作打算", "plans"),
    ],
    "seed004.txt": [
        ("一、上半年工作情况", "achievements"),
        ("二、下半年工作计划", "plans"),
    ],
}

# number of level-2 headings under each part, counted by reading
KNOWLEDGE_LEVEL2 = {
    "seed000.txt": [6, 6, 6],
    "seed001.txt": [5, 3],
    "seed002-1.txt": [0, 0, 0, 3],
    "seed002-2.txt": [3, 0],
    "seed003.txt": [4, 3, 3],
    "seed004.txt": [5, 0],
}

# 政府工作报告: 回顾 parts are achievements; 安排/任务/政策取向/建议 parts are plans;
# the problems sit inside the 回顾 part ("我们也清醒认识到…"), found as problem spans
CORPUS_PARTS = {
    "gwr_hailar_district_2012.txt": [
        ("一、过去一年工作回顾", "achievements"),
        ("二、2012年政府工作总体要求和目标任务", "plans"),
    ],
    "gwr_hailar_district_2013.txt": [
        ("一、过去一年工作回顾", "achievements"),
        ("二、2013年工作安排", "plans"),
    ],
    "gwr_hailar_district_2014.txt": [
        ("一、2013年工作回顾", "achievements"),
        ("二、2014年工作安排", "plans"),
    ],
    "gwr_hailar_district_2015.txt": [
        ("一、2014年工作回顾", "achievements"),
        ("二、2015年工作安排", "plans"),
    ],
    "gwr_hailar_district_2016.txt": [
        ("一、“十二五”时期和2015年工作回顾", "achievements"),
        ("二、“十三五”经济社会发展的主要目标和任务", "plans"),
        ("三、2016年工作安排", "plans"),
    ],
    "gwr_hailar_district_2017.txt": [
        ("一、2016年工作回顾", "achievements"),
        ("二、2017年工作安排", "plans"),
    ],
    "gwr_hailar_district_2018.txt": [
        ("一、2017年工作回顾", "achievements"),
        ("二、2018年工作安排", "plans"),
    ],
    "gwr_hailar_district_2019.txt": [
        ("一、2018年工作回顾", "achievements"),
        ("二、2019年工作安排", "plans"),
        ("三、加强政府自身建设", "plans"),
    ],
    "gwr_national_2019.txt": [
        ("一、2018年工作回顾", "achievements"),
        ("二、2019年经济社会发展总体要求和政策取向", "plans"),
        ("三、2019年政府工作任务", "plans"),
    ],
    "gwr_national_2023.txt": [
        ("一、过去一年和五年工作回顾", "achievements"),
        ("二、对今年政府工作的建议", "plans"),
    ],
    "gwr_national_2024.txt": [
        ("一、2023年工作回顾", "achievements"),
        ("二、2024年经济社会发展总体要求和政策取向", "plans"),
        ("三、2024年政府工作任务", "plans"),
    ],
    "gwr_national_2025.txt": [
        ("一、2024年工作回顾", "achievements"),
        ("二、2025年经济社会发展总体要求和政策取向", "plans"),
        ("三、2025年政府工作任务", "plans"),
    ],
}

CORPUS_LEVEL2 = {
    "gwr_hailar_district_2012.txt": [8, 10],
    "gwr_hailar_district_2013.txt": [0, 4],
    "gwr_hailar_district_2014.txt": [4, 5],
    "gwr_hailar_district_2015.txt": [5, 10],
    "gwr_hailar_district_2016.txt": [4, 0, 8],
    "gwr_hailar_district_2017.txt": [6, 7],
    "gwr_hailar_district_2018.txt": [0, 8],
    "gwr_hailar_district_2019.txt": [6, 6, 5],
    "gwr_national_2019.txt": [0, 0, 10],
    "gwr_national_2023.txt": [10, 8],
    "gwr_national_2024.txt": [0, 0, 10],
    "gwr_national_2025.txt": [0, 0, 10],
}


def _read(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_PARTS))
def test_knowledge_reports_parts_and_roles(knowledge_dir, name):
    doc = parse_document(_read(knowledge_dir / name))
    assert outline(doc) == KNOWLEDGE_PARTS[name]
    assert [_count(p, 2) for p in doc.parts] == KNOWLEDGE_LEVEL2[name]


def _count(part, level):
    return sum(1 for c in part.children if c.heading.level == level)


def test_level3_items_directly_under_parts(knowledge_dir):
    # 篇一 numbers "1.组织领导方面 …" right under 一、 and 二、, with no （一） between
    doc = parse_document(_read(knowledge_dir / "seed002-1.txt"))
    assert [_count(p, 3) for p in doc.parts] == [7, 3, 0, 0]
    assert [c.heading.title for c in doc.parts[1].children] == [
        "加强组织领导,全面落实责任",
        "加强宣传动员,广泛发动群众",
        "严格督促检查,确保整改到位",
    ]
    steps = doc.parts[3].children[1]
    assert [c.heading.label for c in steps.children] == ["1.展开阶段", "2.深化阶段", "3.提高阶段"]


def test_knowledge_catalog_matches_parsed_files(knowledge_dir):
    catalog = json.loads((knowledge_dir / "catalog.json").read_text(encoding="utf-8"))
    seeds = [e["file"] for e in catalog if e["source"].startswith("seeds/")]
    assert sorted(seeds) == sorted(KNOWLEDGE_PARTS)  # department reports: test_departments.py


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_PARTS))
def test_corpus_reports_parts_and_roles(corpus_dir, name):
    doc = parse_document(_read(corpus_dir / name))
    assert outline(doc) == CORPUS_PARTS[name]
    assert [_count(p, 2) for p in doc.parts] == CORPUS_LEVEL2[name]
    # every 政府工作报告 reviews its problems inside the 回顾 part
    review = doc.parts[0]
    spans = [s for s in doc.problem_spans if review.start <= s.start < review.end]
    assert spans, "the problems paragraph inside the review part was not found"
    assert any(w in doc.text[spans[0].start : spans[0].end] for w in ("问题", "困难", "挑战"))


@pytest.mark.corpus
def test_corpus_has_no_false_lower_level_headings(corpus_dir):
    # these reports number nothing below （一）: any level 3/4 heading would be a false one
    for path in sorted(corpus_dir.glob("*.txt")):
        doc = parse_document(_read(path))
        assert [h for h in doc.headings if h.level > 2] == [], path.name


def test_level2_titles_and_positions(knowledge_dir):
    text = _read(knowledge_dir / "seed000.txt")
    doc = parse_document(text)
    part = doc.parts[0]
    assert [c.heading.marker for c in part.children] == [f"({n})" for n in "一二三四五六"]
    first = part.children[1].heading
    assert first.title == "突出“四个重点”,确保工作取得实效"
    assert text[first.start : first.end] == "(二)突出“四个重点”,确保工作取得实效"
    assert first.style == "(一)" and not first.inline
    assert doc.heading_path(first.end + 5) == (
        "一、207年工作开展情况 > (二)突出“四个重点”,确保工作取得实效"
    )


def test_lost_level2_marker_is_recovered(knowledge_dir):
    # 001's fourth level-2 heading lost its "㈣" in the web copy
    doc = parse_document(_read(knowledge_dir / "seed001.txt"))
    level2 = [c.heading for c in doc.parts[0].children]
    assert [h.number for h in level2] == [1, 2, 3, 4, 5]
    lost = level2[3]
    assert lost.missing_marker and lost.marker == ""
    assert lost.title == "保持高压态势,违建防控进一步压实"
    assert [h.marker for h in level2 if not h.missing_marker] == ["㈠", "㈡", "㈢", "㈤"]
    plans = doc.parts[1]
    assert [len(c.children) for c in plans.children] == [2, 3, 4]
    assert plans.children[0].children[0].heading.marker == "1、"


def test_bare_level2_markers_in_003(knowledge_dir):
    doc = parse_document(_read(knowledge_dir / "seed003.txt"))
    titles = [c.heading.title for c in doc.parts[1].children]
    assert titles == [
        "市民素质还需要进一步提高",
        "市政根底设施还需进一步完善",
        "对一些单位难以实行属地管理",
    ]
    assert {c.heading.style for p in doc.parts for c in p.children} == {"一"}


def test_inline_headings_in_004(knowledge_dir):
    text = _read(knowledge_dir / "seed004.txt")
    doc = parse_document(text)
    assert "\n" not in text.strip().split("\n", 1)[1]  # the body is one line: all inline
    heads = [h for h in doc.headings if h.level <= 2]
    assert all(h.inline for h in heads)
    assert heads[1].title == "优化管理,提升市容环境秩序"  # stops at "一是"
    assert doc.parts[1].heading.title == "下半年工作计划"  # not "下半年工作计划一是…"
    # "位列第三、一、三、一名" is an enumeration, not headings
    assert doc.parts[0].heading.marker == "一、"
    assert text[doc.parts[0].start - 1] == "。"


def test_inline_heading_example_from_issue():
    text = (
        "今年以来，我局各项工作成效明显。一、2023年工作开展情况（一）聚焦主责主业推动城市管理提质增效"
        "一是清理牛皮癣3000余处。二是查处黑车300余辆。（二）强化队伍建设。开展培训12次。"
        "二、存在的主要问题执法力量不足，队伍结构有待优化。三、2024年工作计划新建公厕3座。"
    )
    doc = parse_document(text)
    assert outline(doc) == [
        ("一、2023年工作开展情况", "achievements"),
        ("二、存在的主要问题", "problems"),
        ("三、2024年工作计划", "plans"),
    ]
    # the body that ran on from an inline title starts right after it
    assert text[doc.parts[1].heading.end :].startswith("执法力量不足")
    sub = doc.parts[0].children
    assert [c.heading.label for c in sub] == [
        "（一）聚焦主责主业推动城市管理提质增效",
        "（二）强化队伍建设",
    ]
    assert [r.marker for r in doc.runins] == ["一是", "二是"]
    assert text[doc.runins[1].start : doc.runins[1].end] == "二是"


@pytest.mark.parametrize(
    "marker,style",
    [("（一）", "（一）"), ("(一)", "(一)"), ("㈠", "㈠"), ("（一)", "（一)")],
)
def test_level2_parenthesis_variants(marker, style):
    second = marker_for(style, 2) if style != "（一)" else "（二)"
    text = f"一、工作情况\n{marker}强化队伍建设\n开展培训12次。\n{second}狠抓规范执法\n查处案件30起。\n"
    doc = parse_document(text)
    level2 = [h for h in doc.headings if h.level == 2]
    assert [(h.number, h.style, h.title) for h in level2] == [
        (1, style, "强化队伍建设"),
        (2, style, "狠抓规范执法"),
    ]


def test_marker_punctuation_is_kept_for_the_lint():
    text = "一.工作情况\n全年完成任务。\n二，存在问题\n力量不足。\n三、工作计划\n1、新建公厕\n2.改造市场\n（1）完成选址\n"
    doc = parse_document(text)
    assert [(h.level, h.marker, h.style) for h in doc.headings] == [
        (1, "一.", "一."),
        (1, "二，", "一，"),
        (1, "三、", "一、"),
        (3, "1、", "1、"),
        (3, "2.", "1."),
        (4, "（1）", "（1）"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "一、工作情况\n全年投入资金1.8亿元，1、2月份完成前期工作。\n",
        "一、工作情况\n1-4月份，完成维修。3.5万平方米已完工。\n",
        "一、工作情况\n我县在*个载体中分别位列第三、一、三、一名。\n",
        "一、工作情况\n推动一、二、三产业融合发展。第一、第二季度完成。\n",
        "一、工作情况\n一年来，我镇环境明显改善。一些问题得到解决。\n",
        "一、工作情况\n2023年12月1日起施行，12.5%的增长。\n",
    ],
)
def test_no_false_headings(text):
    doc = parse_document(text)
    assert [(h.level, h.marker) for h in doc.headings] == [(1, "一、")]


def test_page_chunk_numbers_in_a_raw_copy_are_not_headings(seeds_dir):
    # the raw 003 has "2、" … "12、" opening each scraped page, cutting sentences
    doc = parse_document((seeds_dir / "003_98e72907ae8982d6.txt").read_text(encoding="utf-8"))
    level3 = [h.marker for h in doc.headings if h.level == 3]
    assert level3 == ["1、"]  # only the first chunk, which starts a line after a short one
    assert [p.heading.label for p in doc.parts] == [
        "一、主要做法",
        "二、存在的问题",
        "三、下步工作打算",
    ]


def test_runin_lists_and_word_false_positives():
    text = (
        "一、工作情况\n统一是基础。一是开展培训。二是完善机制。三是抓好党务。进一步要求各单位。\n"
    )
    doc = parse_document(text)
    assert [r.marker for r in doc.runins] == ["一是", "二是", "三是"]
    assert doc.parts[0].runins == doc.runins
    lone = parse_document("我们统一思想，一是基础。这是唯一是非标准。\n")
    assert lone.runins == []


def test_problem_span_inside_achievements_part():
    text = (
        "一、2023年工作情况\n全年清理牛皮癣3000余处，查处黑车300余辆，群众满意度明显提升。"
        "但也存在一些问题：一是执法力量不足；二是设施建设滞后。\n"
        "二、2024年工作计划\n新建公厕3座。\n"
    )
    doc = parse_document(text)
    (span,) = doc.problem_spans
    assert text[span.start :].startswith("但也存在一些问题")
    assert text[span.start : span.end].endswith("二是设施建设滞后。")
    assert doc.role_at(span.start + 3) == "problems"
    assert doc.role_at(text.index("清理")) == "achievements"
    assert doc.role_at(text.index("新建")) == "plans"


def test_problem_span_inside_plans_stops_before_the_plans(knowledge_dir):
    text = _read(knowledge_dir / "seed002-2.txt")
    doc = parse_document(text)
    (span,) = doc.problem_spans
    found = text[span.start : span.end]
    assert found.startswith("我县整治工作尽管取得一些成绩,但也存在着一些问题")
    assert found.endswith("城乡环境综合整治依然任重道远。")
    assert doc.role_at(text.index("下一步,我县将")) == "plans"


def test_problem_span_in_001_achievements(knowledge_dir):
    text = _read(knowledge_dir / "seed001.txt")
    doc = parse_document(text)
    (span,) = doc.problem_spans
    assert "还存在一定的差距,主要表现在" in text[span.start : span.end]
    assert doc.section_path(span.start)[0].role == "achievements"


def test_heading_roles():
    assert heading_role("2017年工作开展情况") == "achievements"
    assert heading_role("主要做法及成效") == "achievements"
    assert heading_role("存在的主要问题") == "problems"
    assert heading_role("存在问题及下一步打算") == "problems"
    assert heading_role("2018年工作打算") == "plans"
    assert heading_role("xx年工作重点和努力方向") == "plans"
    assert heading_role("目标完成情况") == "achievements"
    assert heading_role("指导思想") == "other"
    assert set(ROLES) == {"achievements", "problems", "plans", "other"}


def test_fact_cue_roles():
    assert cue_role("问题：执法力量不足") == ("problems", "问题")
    assert cue_role("执法力量不足") == ("problems", "不足")
    assert cue_role("明年新建公厕3座") == ("plans", "明年")
    assert cue_role("下半年拟改造农贸市场2个") == ("plans", "下半年")
    assert cue_role("我局将新建停车场2处") == ("plans", "将")
    assert cue_role("查处非法营运黑车300余辆") is None
    # "将…划分为" describes what was done, not a plan
    assert cue_role("将辖区划分为若干网格单元") is None


# problem sentences from the seed reports and the corpus, with the cue that must catch each
PROBLEM_SENTENCES = [
    ("项目建设进度不快", "不快"),
    ("乱搭乱建整治成果还不稳固", "不稳固"),
    ("我国经济持续回升向好的基础还不稳固", "不稳固"),
    ("城市精细化、标准化管理程度还不高", "不高"),
    ("科技创新能力还不强", "不强"),
    ("现有执法保障力量不够", "不够"),
    ("政府职能转变还不到位", "不到位"),
    ("各乡镇发展不平衡", "不平衡"),
    ("城乡配套设施功能不完善", "不完善"),
    ("停车场数量偏少", "偏少"),
    ("农贸市场容量偏小", "偏小"),
    ("营商环境与市场主体期待还有较大差距", "较大差距"),
    ("集聚辐射承载能力仍需增强", "仍需"),
    ("城市管理水平还需提高", "还需"),
    ("产业支撑能力亟待增强", "亟待"),
]

# achievement sentences from the same reports that contain "不…" or a problem word put right
ACHIEVEMENT_SENTENCES = [
    "不断提升城市管理水平",
    "城市管理水平不断提升",
    "不折不扣落实惠民政策",
    "确保党中央决策部署不折不扣落实到位",
    "毫不松懈巩固拓展脱贫攻坚成果",
    "积极申请财政资金,购入专业化保洁器械*多台,补齐设施短板",
    "城乡居民收入差距继续缩小",
    "全年强制拆除不规范、陈旧户外广告200处",
    "克服县级财政薄弱的困难,今年我县财政共投入1.8亿多元用于城乡环境综合整治工作",
    "认真整改存在的问题",
    "城市短板得到有效补充",
    "着力减税降费、补短板调结构",
    "过去的一年，面对发展活力不足，我们沉着应对",
]


@pytest.mark.parametrize("sentence,cue", PROBLEM_SENTENCES)
def test_problem_cue_words(sentence, cue):
    assert cue_role(sentence) == ("problems", cue)


@pytest.mark.parametrize("sentence", ACHIEVEMENT_SENTENCES)
def test_achievements_are_not_problems(sentence):
    assert cue_role(sentence) is None


def test_cue_sentences_are_real(knowledge_dir, corpus_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(knowledge_dir.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    everything = "\n".join(texts)
    for sentence in [s for s, _ in PROBLEM_SENTENCES] + ACHIEVEMENT_SENTENCES:
        assert sentence in everything, sentence


def test_numerals():
    assert [cn_to_int(s) for s in ("一", "十", "十二", "二十", "二十三")] == [1, 10, 12, 20, 23]
    assert [int_to_cn(n) for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]
    assert marker_for("（一）", 12) == "（十二）" and marker_for("1.", 3) == "3."
    assert marker_for("㈠", 4) == "㈣"


def test_empty_and_plain_text():
    doc = parse_document("")
    assert doc.parts == [] and doc.headings == [] and doc.role_at(0) == "other"
    doc = parse_document("全年查处黑车300余辆。\n")
    assert doc.parts == [] and doc.preamble_end == len(doc.text)


def test_runin_before_a_figure():
    doc = parse_document("一、工作情况\n一是新建64个垃圾池。二是*余名保洁员上岗。\n")
    assert [r.marker for r in doc.runins] == ["一是", "二是"]


def test_marker_candidates_include_rejected_markers():
    text = "一、工作情况\n全年投入1.8亿元。\n（三）跳号的标题\n"
    kinds = [(c.kind, c.number, c.marker) for c in marker_candidates(text)]
    assert ("l1", 1, "一、") in kinds and ("l2", 3, "（三）") in kinds
    assert not any(c.marker.startswith("1.") for c in marker_candidates(text))
    doc = parse_document(text)
    assert [h.marker for h in doc.headings] == ["一、"]  # （三） does not continue the numbering
