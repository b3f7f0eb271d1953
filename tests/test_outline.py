"""Outline: writer's headings first, topic groups in paste order named from their facts, text round trip."""

from __future__ import annotations

import re

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.errors import InputError
from assistant.facts import FactLedger, parse_facts
from assistant.figures import find_figures
from assistant.outline import Outline, load_themes, propose_outline
from assistant.outline_text import parse_outline_text
from assistant.topics import content_words

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


def _content_in(heading: str, text: str) -> bool:
    return all(w in text for w in content_words(heading))


def test_topic_groups_keep_the_paste_order_and_are_named_from_their_facts(ledger):
    outline = propose_outline(ledger)
    for part in outline.parts:
        ids = [f.id for f in ledger.by_role(part.role)]
        assert part.fact_ids == ids  # contiguous groups: the writer's order survives
    part = outline.part("achievements")
    assert len(part.themes) >= 2
    for theme in part.themes:
        facts = "".join(ledger.by_id(i).text for i in theme.fact_ids)
        assert theme.heading and not find_figures(theme.heading)
        assert _content_in(theme.heading, facts), theme.heading
        # the name is what the heading is about ("生活垃圾转运" of "转运生活垃圾"), in facts' words
        assert theme.name and _content_in(theme.name, facts) and theme.name in theme.heading


# a natural-resources bureau's facts (written after the 平潭 reports): no 城管 word in them
RESOURCES = """2024年工作总结
- 开展党组理论学习中心组学习12次、专题交流研讨8场
- 召开党组会30次，局务会26次，落实全面从严治党主体责任
- 完成国土空间总体规划报批，完成防灾减灾等9个专项规划编制
- 启动3个片区详细规划编制，国土空间规划实施监督信息系统上线
- 完成耕地保护责任制考核，全年完成耕地恢复面积1915亩
- 完成土地整治项目审计督察整改和耕地占补平衡专项整治
- 空气质量优良天数比例达99.7%，主要流域水质达标
- 完成省级生态环保督察反馈问题整改12项
"""


def test_a_non_city_paste_gets_no_city_management_heading():
    ledger = parse_facts(RESOURCES, period="2024年")
    part = propose_outline(ledger).part("achievements")
    city = {t["name"] for t in load_themes()["themes"]} | {"环境卫生", "执法效能", "其他"}
    for theme in part.themes:
        facts = "".join(ledger.by_id(i).text for i in theme.fact_ids)
        assert _content_in(theme.heading, facts), theme.heading
        assert not any(word in theme.heading for word in city), theme.heading
    # the party-building facts open the part and stay together, before the planning ones
    assert part.themes[0].fact_ids[:2] == ["F01", "F02"]


def test_writer_headings_head_their_facts_in_paste_order():
    paste = """国土空间管制方面
- 完成国土空间总体规划报批，划定生态保护红线面积120平方公里
- 完成9个专项规划编制
要素保障方面
- 保障重点项目用地1500亩
- 完成年度供地任务
（三）生态环境保护
- 空气质量优良天数比例达99.7%
- 完成生态环保督察反馈问题整改12项
"""
    ledger = parse_facts(paste, period="2024年")
    part = propose_outline(ledger).part("achievements")
    assert [(t.heading, t.fact_ids) for t in part.themes] == [
        ("国土空间管制方面", ["F01", "F02"]),
        ("要素保障方面", ["F03", "F04"]),
        ("生态环境保护", ["F05", "F06"]),
    ]


def test_one_writer_heading_theme_per_heading_even_when_it_recurs():
    from assistant.facts import Fact

    facts = [
        Fact("F01", "完成规划编制9个", [], "achievements", "marker", 1),
        Fact("F02", "保障项目用地1500亩", [], "achievements", "marker", 2),
        Fact("F03", "完成规划报批", [], "achievements", "marker", 3),
    ]
    for fact, heading in zip(
        facts, ["（一）规划编制", "要素保障：", "（一）规划编制"], strict=True
    ):
        fact.heading = heading
    part = propose_outline(FactLedger(facts, period="2024年")).part("achievements")
    assert [(t.heading, t.fact_ids) for t in part.themes] == [
        ("规划编制", ["F01", "F03"]),
        ("要素保障", ["F02"]),
    ]


def test_one_problem_gets_no_sub_heading(ledger):
    problems = propose_outline(ledger).part("problems")
    assert len(problems.themes) == 1 and problems.themes[0].heading == ""


def test_an_absent_role_gives_an_empty_part():
    outline = propose_outline(parse_facts("查处黑车300余辆\n清除牛皮癣900余处", period="2023年"))
    assert outline.part("problems").themes == [] and outline.part("plans").themes == []


def test_facts_that_share_nothing_get_no_catch_all():
    ledger = parse_facts(
        "完成年度目标考评\n查处黑车300余辆\n拆除违建20处\n开展科研合作3项\n编写志书1部",
        period="2023年",
    )
    themes = propose_outline(ledger).part("achievements").themes
    text = "".join(f.text for f in ledger.facts)
    for theme in themes:
        assert "其他" not in theme.heading and _content_in(theme.heading, text)


def test_groups_that_nothing_names_are_one_list(settings):
    # an 档案馆 paste of 2026-12: two unnamed groups gave two 一是…二是 lists in a row
    paste = (
        "- 接收进馆档案1.6万卷\n- 完成馆藏档案数字化320万页\n"
        "- 接待查档利用群众4200人次，出具证明材料3100份\n"
        "- 举办“6·9国际档案日”宣传活动，发放宣传资料5000份\n"
    )
    part = propose_outline(parse_facts(paste, unit="县档案馆")).part("achievements")
    assert len(part.themes) == 1 and not part.themes[0].heading
    text = draft(DraftRequest(paste, unit="县档案馆"), settings).text
    assert text.count("一是") == 1 and "四是举办" in text


def test_a_long_part_is_split_into_groups_of_at_most_eight():
    lines = [f"完成第{i}批次道路修补{i + 10}处" for i in range(1, 31)]
    ledger = parse_facts("\n".join(lines), period="2023年")
    part = propose_outline(ledger).part("achievements")
    assert part.fact_ids == [f.id for f in ledger.facts]
    assert all(1 <= len(t.fact_ids) <= 8 for t in part.themes)


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
    lines = propose_outline(ledger).to_text().splitlines()
    # rename the first sub-heading and move F05 under it; drop F08 (poverty aid)
    first = next(i for i, line in enumerate(lines) if line.startswith("（一）"))
    edited = []
    for i, line in enumerate(lines):
        if i == first:
            line = "（一）狠抓市容整治，城市面貌明显改观 〔F01、F02、F05〕"
        else:
            line = re.sub(r"F0[1258]、?", "", line).replace("、〕", "〕").replace("〔〕", "")
        edited.append(line)
    outline = parse_outline_text("\n".join(edited) + "\n", ledger)
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


def test_heading_patterns_add_only_stock_words():
    import re as _re

    from assistant.key_phrases import load_patterns

    for role, spec in load_patterns()["roles"].items():
        shapes = [t for key in spec if key == "two" or key.startswith("one_") for t in spec[key]]
        assert {"two", "one_work", "one_thing", "one_topic"} <= set(spec), role
        fixed = [_re.sub(r"\{\w+\}", "", t) for t in shapes]
        for key in ("verbs", "verbs2", "tails", "tails1"):
            fixed += spec.get(key, [])
        for text in fixed:
            assert content_words(text) == [], (role, text)


# Real facts of eval/cases (dept-shsy-2024-a, dept-nync-2024-b: 平潭 社会事业局 and 农业农村局,
# ../shared/departments) whose headings once read "（三）推进台胞提供，取得新进展", "（四）狠抓台资
# 合资，促进规定享受", "（二）加强党组专题", "（二）深入推进中央", "（三）狠抓行政村居民，加快饮用水
# 工程"; and of d000-full (达川区 治理办): "加强娱乐，提升经营", "狠抓生活".
BAD_SHAPE_FACTS = [
    "开展党组理论学习中心组学习12次、专题交流研讨8场",
    "2次召开党组专题会",
    "已接待就诊台胞146名，并为5名台胞提供住院健保代寄服务",
    "可按照规定享受每床位5—10万元的一次性补助",
    "实验区共有3家台资合资门诊部",
    "明年落实海坛国家级风景名胜区一级保护区海域8600亩的养殖清退任务",
    "争取中央2个亿补助",
    "明年开工建设东庠、屿头、南海等3个离岛饮用水工程，保障离岛25个行政村居民用水",
    "64个群众性健身娱乐队伍组织者签订“坝坝舞”自律承诺书",
    "对全区54个乡镇（街道办）进行非正规垃圾堆放点排查，排查出46个非正规生活垃圾堆放点",
]
# fragments across a word-class boundary, or bare nouns that are no work item
BAD_FRAGMENTS = [
    "台胞提供",
    "规定享受",
    "党组专题，",
    "推进中央",
    "行政村居民",
    "抓生活",
    "加强娱乐",
    "提升经营",
    "台资合资，",
]


def test_key_phrases_never_cross_a_verb_or_name_a_bare_noun():
    from assistant.key_phrases import key_phrases

    phrases = {k.text: k.kind for f in BAD_SHAPE_FACTS for k in key_phrases([f])}
    assert phrases.get("中心组学习") == "work" and phrases.get("养殖清退") == "work"
    assert phrases.get("离岛饮用水工程") == "thing"
    for bad in (
        "台胞提供",
        "规定享受",
        "党组专题",
        "中央",
        "行政村居民",
        "生活",
        "娱乐",
        "台资合资",
    ):
        assert bad not in phrases, bad


@pytest.mark.parametrize("role", ["achievements", "plans"])
def test_no_heading_of_a_known_bad_shape_from_real_facts(role):
    from assistant.headings_writer import HeadingWriter

    writer = HeadingWriter(role)
    headings = []
    for i in range(0, len(BAD_SHAPE_FACTS), 2):  # groups of two facts, as the outline makes
        group = BAD_SHAPE_FACTS[i : i + 2]
        name, heading = writer.name(group)
        if heading:
            assert _content_in(heading, "".join(group)), heading
            assert name and name in heading
            headings.append(heading)
    assert len(headings) >= 2
    for heading in headings:
        assert not any(bad in heading for bad in BAD_FRAGMENTS), heading
    assert len(set(headings)) == len(headings)


# Real facts of dept-gzj-2022 (平潭 国有资产管理局, ../shared/departments), once headed "扎实做好
# 公司债券发行工作" and "扎实做好注册资金工作": the nouns their figures count
COUNTED_GROUPS = [
    (
        [
            "区属国企筹融资到位资金88.6亿元（含专项债29.5亿元）",
            "区城发集团成功发行公司债券10亿元，票面利率3.06%",
        ],
        "筹融资",
    ),
    # all measures: the whole one, not 党建品牌 of it or the quoted 党组织
    (["区国资系统共获评2021年度实验区“五星级党组织”15个，党建品牌示范点4个"], "党建品牌示范点"),
]


@pytest.mark.parametrize(("texts", "best"), COUNTED_GROUPS)
def test_a_noun_written_only_before_its_figure_heads_no_group_that_has_a_work_item(texts, best):
    from assistant.key_phrases import key_phrases

    phrases = key_phrases(texts)
    assert phrases[0].text == best, [(k.text, round(k.score, 1)) for k in phrases]
    # the group's measure ("公司债券10亿元") is still a phrase, ranked after the work item
    assert len(phrases) >= 2


# dept-gzj-2022 plans (平潭 国有资产管理局): a group once headed "持续推进工程建设，扎实推进督促
# 检查", 工程建设 being one of the five fields its fact lists (the 城管 lexicon names it too)
LISTED_PLANS = [
    "明年区属国企有些产业项目专业性强，在人才建设方面要不拘一格",
    "明年紧扣选人用人、工程建设、招投标、产权转让、资产出租等重点领域，加强督促检查",
]


def test_one_thing_of_a_listed_three_heads_no_group():
    from assistant.key_phrases import key_phrases, only_listed

    assert only_listed("工程建设", LISTED_PLANS) and only_listed("招投标", LISTED_PLANS)
    assert not only_listed("督促检查", LISTED_PLANS)
    # two things listed are the fact's own topics ("接待台湾同胞研学活动、专家学者学术交流")
    assert not only_listed("研学活动", ["接待台湾同胞研学活动、专家学者学术交流17场次"])
    ranked = [k.text for k in key_phrases(LISTED_PLANS)]
    assert ranked.index("督促检查") < ranked.index("工程建设")
    from assistant.headings_writer import HeadingWriter
    from assistant.theme_lexicon import lexicon_phrases

    facts = parse_facts("\n".join(LISTED_PLANS)).facts
    preferred = lexicon_phrases(facts, load_themes())
    assert "工程建设" not in preferred  # the 城管 lexicon's name for 工程 is no heading here
    heading = HeadingWriter("plans").name(LISTED_PLANS, preferred)[1]
    assert "督促检查" in heading and "工程建设" not in heading, heading


def test_a_work_word_before_its_figure_is_the_work_not_a_measure():
    # "开展职业技能培训4200人次" counts the people trained: 培训 is what was done (a 人社局 paste)
    from assistant.key_phrases import key_phrases

    texts = ["开展职业技能培训4200人次，新增技能人才980人", "城乡居民养老保险参保28.6万人"]
    assert key_phrases(texts)[0].text == "职业技能培训"


def test_a_stock_work_verb_with_no_object_closes_a_work_item():
    """An 审计局 paste (2026-12) was headed "扎实推进政府投资": jieba tags 审计 a verb, and a
    verb closed no phrase unless other reports wrote it too. A work verb of the stock list with
    no object after it names the work ("经济责任审计"); with one, it is done to it."""
    from assistant.key_phrases import key_phrases

    def kinds(text):
        return {k.text: k.kind for k in key_phrases([text])}

    assert kinds("对12个乡镇开展党政主要领导干部经济责任审计").get("经济责任审计") == "work"
    assert kinds("组织专项审计3次").get("专项审计") == "work"  # a figure is no object
    assert "专项审计" not in kinds("年内专项审计扶贫资金2.3亿元")  # 扶贫资金 is what it audits
    audits = [
        "全年完成审计项目32个，查出违规金额1.86亿元",
        "开展县本级预算执行和其他财政收支审计，揭示问题47个",
        "对12个乡镇开展党政主要领导干部经济责任审计",
        "完成政府投资项目结算审计86个，审减金额5260万元",
    ]
    assert key_phrases(audits)[0].text.endswith("审计")


def test_no_phrase_stops_inside_a_work_item_the_reports_write():
    # d002-county (某县 城乡环境大治理): "全力推进城乡环境综合，取得新进展", 综合整治 cut in two
    from assistant.key_phrases import key_phrases

    phrases = [k.text for k in key_phrases(["深入开展城乡环境综合整治，清理垃圾1200吨"])]
    assert phrases[0] == "环境综合整治" and "城乡环境综合" not in phrases


@pytest.mark.parametrize(
    ("fact", "bad"),
    [
        # real facts of the 国资, 自然资源 and 社会事业 cases (../shared/departments), once headed
        # "加快推进计划投资", "扎实做好具体内容工作", "扎实做好保有量工作", "全力做好医学博士工作"
        ("计划投资建设项目203项，年度计划投资总额114.92亿元", "计划投资"),
        ("明确全年14个方面59项具体内容", "具体内容"),
        ("全年完成耕地恢复面积1915亩，耕地保有量超出考核面积306亩", "保有量"),
        ("明年利用现有6名台籍医学博士、硕士坐诊优势", "医学博士"),
    ],
)
def test_a_plan_word_a_measure_or_a_person_names_no_group(fact, bad):
    from assistant.key_phrases import key_phrases

    assert not any(k.text.endswith(bad) for k in key_phrases([fact]))


def test_a_lone_phrase_takes_a_plain_pattern_with_a_verb_that_suits_it():
    from assistant.headings_writer import HeadingWriter
    from assistant.key_phrases import load_patterns

    fact = BAD_SHAPE_FACTS[7]  # only 离岛饮用水工程 names work here
    assert HeadingWriter("plans").name([fact]) == ("离岛饮用水工程", "加快推进离岛饮用水工程")
    # an achievement's heading has the reports' measure-and-result shape, its result a stock
    # tail; 加强/强化 take only work items of their kind: never "加强离岛饮用水工程"
    tails = tuple(load_patterns()["roles"]["achievements"]["tails1"])
    for count in range(4):
        writer = HeadingWriter("achievements", count=count)
        heading = writer.name([fact])[1]
        assert not heading.startswith(("加强", "强化", "狠抓")), heading
        measure, result = heading.split("，")
        assert measure.endswith("离岛饮用水工程") and result in tails, heading


def test_a_writer_heading_does_not_carry_into_the_plans_of_an_unmarked_paste():
    # unmarked: the heading line's scope runs on, but the plans after it are not under it
    paste = (
        "农业农村局2024年工作情况\n加快现代产业发展\n"
        "新增台资农业企业7家、闽台农业产业项目5个\n"
        "创建省级美丽休闲乡村1个\n"
        "完成粮食播种面积5.5265万亩\n"
        "明年落实海域8600亩的养殖清退任务\n"
        "明年开展玉井等10座水库安全鉴定\n"
    )
    ledger = parse_facts(paste, unit="平潭综合实验区农业农村局", period="2024年")
    plans = ledger.by_role("plans")
    assert [f.text[:4] for f in plans] == ["明年落实", "明年开展"]
    assert all(f.heading == "" for f in plans)
    assert all(f.heading == "加快现代产业发展" for f in ledger.by_role("achievements"))
    outline = propose_outline(ledger)
    assert all(t.heading != "加快现代产业发展" for t in outline.part("plans").themes)
    # the writer's heading stays, even as the part's only one: its words are the writer's
    assert [t.heading for t in outline.part("achievements").themes] == ["加快现代产业发展"]


def test_the_writers_only_heading_of_a_part_stays_in_the_draft(settings):
    # 平潭 自然资源与生态环境局 2024: the writer pastes one （一） title of part one and its facts
    paste = (
        "成效：\n（一）坚持规划引领，要素保障精准集约\n"
        "- 持续推进编制各类规划共计18项，完成8个组团控规\n- 完成162个村庄规划批复\n"
        "问题：\n- 耕地后备资源匮乏，耕地恢复工作推进难度大\n"
    )
    ledger = parse_facts(paste)
    part = propose_outline(ledger).part("achievements")
    assert [t.heading for t in part.themes] == ["坚持规划引领，要素保障精准集约"]
    text = draft(DraftRequest(paste, unit="平潭综合实验区自然资源与生态环境局"), settings).text
    assert "（一）坚持规划引领，要素保障精准集约\n" in text
    # a lone group the outline named itself is still no sub-heading
    plain = propose_outline(parse_facts("成效：\n- 完成162个村庄规划批复\n- 编制各类规划共计18项"))
    assert [t.heading for t in plain.part("achievements").themes] == [""]


def test_a_facts_own_clause_heads_that_fact_alone():
    # a 教育局 plans list (written for this test): the first and last plans open with a
    # heading clause, the middle one is too short to name a group of its own
    ledger = parse_facts(
        "三、2025年工作打算\n"
        "1、加快推进第三实验小学建设，确保秋季开学投用\n"
        "2、实施县域高中振兴计划\n"
        "3、深化“双减”工作，课后服务覆盖率保持100%\n"
        "4、加强教师队伍建设，新招聘教师120名\n",
        "某县教育局",
        "2024年",
    )
    themes = propose_outline(ledger).part("plans").themes
    assert [i for t in themes for i in t.fact_ids] == [f.id for f in ledger.facts]
    for theme in themes:
        facts = [ledger.by_id(i).text for i in theme.fact_ids]
        assert _content_in(theme.heading, "".join(facts)), theme.heading
        if len(facts) > 1:  # not "加快推进第三实验小学建设" over 县域高中 as well
            assert not facts[0].startswith(theme.heading), theme.heading
    third = next(t for t in themes if "F03" in t.fact_ids)
    assert third.heading == "深化“双减”工作" and third.name == "“双减”工作"  # no opening verb


def test_the_outline_knows_which_headings_are_the_writers_words():
    from tests.test_facts import HEALTH_PASTE

    plans = "明年新建社区卫生服务站5个\n明年开展健康村镇创建10个\n明年完成家庭医生签约培训200人次\n"
    ledger = parse_facts(HEALTH_PASTE + plans, "某区卫生健康局", "2024年")
    proposed = propose_outline(ledger)
    flags = {t.heading: t.own for p in proposed.parts for t in p.themes if t.heading}
    mine = {h for h, own in flags.items() if own}
    assert mine == {"医疗服务能力", "公共卫生"}  # pasted; the plans' headings are the outline's
    assert len(flags) > len(mine)
    # read back from its text: a kept group keeps its flag while its heading stays; a heading
    # the writer rewrote is theirs, its stock lead and closing gone with the old name (a 供销社
    # outline's "加强为农服务体系建设" had kept "我们把服务中心作为重点工作来抓" under it)
    generated = [h for h, own in flags.items() if not own]
    text = (
        proposed.to_text().replace("公共卫生", "公共卫生服务").replace(generated[0], "改写的标题")
    )
    edited = parse_outline_text(text, ledger, base=proposed)
    again = {t.heading: t.own for p in edited.parts for t in p.themes if t.heading}
    assert again["公共卫生服务"] is True and again["改写的标题"] is True
    assert all(again[h] is False for h in generated[1:])
    renamed = next(t for p in edited.parts for t in p.themes if t.heading == "改写的标题")
    assert renamed.name == "改写的标题"
    # facts regrouped under a heading the proposal did not have: the writer's words
    plan_ids = "、".join(f.id for f in ledger.by_role("plans"))
    head = text[: text.index("三、")]
    regrouped = f"{head}三、2025年工作计划\n（一）我的新标题 〔{plan_ids}〕\n"
    fresh = parse_outline_text(regrouped, ledger, base=proposed)
    [theme] = fresh.part("plans").themes
    assert theme.heading == "我的新标题" and theme.fact_ids and theme.own


def test_a_run_in_list_of_the_writer_stays_one_list_after_its_lead(settings):
    """A 发改委 paragraph pasted as it was written: the lead sentence, then the writer's own
    一是/二是/三是. Topic groups had cut the list in two under made-up headings ("扎实做好生产总值
    工作" over 一是), renumbering the writer's items."""
    paste = (
        "省发展改革委2025年上半年工作总结\n"
        "上半年，全省地区生产总值同比增长5.6%，高于全国0.3个百分点。一是扩大有效投资，省重点项目"
        "完成投资3260亿元；二是促进消费回升，社会消费品零售总额增长6.1%；三是推进营商环境改革，"
        "新增经营主体28.6万户。\n"
    )
    ledger = parse_facts(paste, use_classifier=False)
    assert [f.listed for f in ledger.facts][0] == 0
    assert len({f.listed for f in ledger.facts[1:]}) == 1 and ledger.facts[1].listed
    part = propose_outline(ledger).part("achievements")
    assert [t.fact_ids for t in part.themes] == [["F01"], ["F02", "F03", "F04"]]
    assert all(not t.heading for t in part.themes)
    text = draft(DraftRequest(paste), settings).text
    assert "上半年，全省地区生产总值同比增长5.6%，高于全国0.3个百分点。\n一是扩大有效投资" in text
    assert "二是促进消费回升" in text and "三是推进营商环境改革" in text and "（一）" not in text


def test_a_short_plan_list_is_not_headed_by_one_plan_of_several():
    """金井片区's five plans share no topic: a group headed "扎实做好时间节点工作" held 征迁,
    民生, 平安建设 and 宗旨意识 under the words of one of them. They are one plan list."""
    paste = (
        "计划：\n- 明年完善社区基层党建体系，深化社区党建联盟\n"
        "- 明年严格按照时间节点推进征迁工作，确保项目征迁任务赶前清零、无障碍推进建设\n"
        "- 明年坚持以人民为中心发展思想，按照“保基本、兜底线、促公平”的要求\n"
        "- 明年全面巩固深化平安建设\n- 明年牢固树立宗旨意识，坚持“四下基层”和“一线工作法”\n"
    )
    part = propose_outline(parse_facts(paste, use_classifier=False)).part("plans")
    assert [t.heading for t in part.themes] == [""]
    assert part.themes[0].fact_ids == ["F01", "F02", "F03", "F04", "F05"]
    # a group its heading speaks for keeps its heading (农业农村局: 养殖清退, 渔排升级改造)
    fishing = (
        "计划：\n- 明年落实一级保护区海域8600亩的养殖清退任务\n"
        "- 明年持续推进2万余口传统养殖渔排升级改造\n- 争取中央2个亿补助\n"
        "- 明年开工建设3个离岛饮用水工程\n- 明年开展10座水库安全鉴定\n"
    )
    headed = propose_outline(parse_facts(fishing, use_classifier=False)).part("plans")
    assert len(headed.themes) >= 2 and all(t.heading for t in headed.themes)
