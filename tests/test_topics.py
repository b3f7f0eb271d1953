"""Word weights from the reports (computed once, cached on disk) and contiguous topic groups."""

from __future__ import annotations

import time

import pytest

from assistant import topics


def test_word_weights_are_computed_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(topics, "_IDF", None)
    first = topics.idf()
    cached = list((tmp_path / "zongjie").glob("idf-*.json"))
    assert len(cached) == 1 and first.sentences > 1000
    # a rare topical word weighs more than a common one
    assert first.word("耕地") > first.word("建设")
    monkeypatch.setattr(topics, "_IDF", None)
    start = time.perf_counter()
    again = topics.idf()
    assert time.perf_counter() - start < 1.0  # read back, not recomputed
    assert again.words == first.words and again.sentences == first.sentences
    assert again.terms == first.terms


def test_terms_are_word_runs_that_several_reports_write():
    table = topics.idf()  # of knowledge/ alone: the same on every install
    assert {p.parent.name for p in topics.corpus_paths()} == {"knowledge"}
    # a term of the trade, in several reports; a run of one sentence ("为5名台胞提供") is none
    assert table.term("耕地保护") >= 2 and table.term("中心组学习") >= 2
    assert table.term("台胞提供") < 2 and table.term("规定享受") < 2
    assert table.term("耕地") == 0  # one word is no run


def test_groups_split_where_the_topic_changes():
    facts = [
        "完成耕地保护责任制考核，耕地恢复面积1915亩",
        "开展耕地占补平衡专项整治，新增耕地指标650亩",
        "落实耕地保护田长制，巡查耕地120次",
        "开展党组理论学习中心组学习12次",
        "召开党组会30次，落实党组理论学习制度",
        "党组书记讲党课4次，党员理论学习全覆盖",
    ]
    sims = topics.similarity_matrix([topics.features(f) for f in facts])
    assert topics.contiguous_groups(sims, 2, 3) == [(0, 3), (3, 6)]


def test_content_words_leave_out_stock_words_and_figures():
    words = topics.content_words("强化耕地保护，完成耕地恢复面积1915亩，取得新成效")
    assert "耕地" in words and "保护" in words
    assert not {"强化", "完成", "取得"} & set(words)
    assert not any(ch.isdigit() for w in words for ch in w)


def test_the_time_a_plan_line_names_ties_no_two_plans():
    """金井片区's five plans all say "明年": the word once made them one topic (similarity 0.13 to
    0.30) and one list under "重点抓好以下工作"."""
    plans = ["明年完善社区基层党建体系，深化社区党建联盟", "明年全面巩固深化平安建设"]
    assert "明年" not in topics.content_words(plans[0])
    sims = topics.similarity_matrix([topics.features(p) for p in plans])
    assert sims[0, 1] < 0.1


# Real facts of eval/cases (d000-d004: 城管 reports; dept-*: 平潭 department reports in
# ../shared/departments), in groups of one or two as the outline makes them. Their lone nouns
# once gave "扎实做好公司债券工作", "扎实做好区委书记工作", "扎实做好全面完成工作",
# "扎实做好新型农村工作", "非机动车工作取得新进展", "扎实做好责任书工作".
LONE_NOUN_GROUPS = [
    # alone: beside "筹融资到位资金88.6亿元" the group is 筹融资 (公司债券 is what 10亿元 counts)
    ["区城发集团成功发行公司债券10亿元，票面利率3.06%"],
    ["依法撤除违章建筑共约8000平方米", "受理投诉案件642余起，回复率达100%"],
    ["全县剩余的267万平方米危旧土坯房已全部拆除到位", "拆除铁皮棚32.75万平方米"],
    ["清理各类违规张贴小广告*余张", "锁扣非机动车*余辆，清拖*余辆"],
    ["由区委书记任领导小组组长、区长任常务副组长", "投资30余万元对集贸市场摊区进行改造"],
    [
        "北港微景观提升、仙人井临时停车场等17个项目顺利完工",
        "长江澳、东美、模镜等“一区两点”蓝眼泪业态、基础设施提升改造全面完成",
    ],
    ["补助530万元扶持发展新型农村集体经济村10个", "现有130个村实行“积分制”管理"],
    ["新签、补签“门前三包”责任书*余份", "对规范经营的*家商户授旗表彰"],
    ["对施工工地日常巡查800余次，查处运输车辆“滴、洒、漏”现象60余起"],
    ["共组织3批次80余人次对13户精准扶贫户发放慰问金及慰问品共13772元", "查摆问题22项"],
    ["全年清理海岸线1032万平方米，清运海漂垃圾760吨", "临时救助金88万元"],
    ["科学设置时令瓜果临时销售点*处", "开展党日活动*次，团建活动*次"],
]
# nouns that name a person, a thing counted, money or a document, not a work item
NOT_WORK_NOUNS = [
    "公司债券",
    "违章建筑",
    "土坯房",
    "非机动车",
    "区委书记",
    "全面完成",
    "新型农村",
    "责任书",
    "施工工地",
    "慰问金",
    "救助金",
    "销售点",
    "副组长",
]


@pytest.mark.parametrize("role", ["achievements", "problems", "plans"])
def test_a_lone_noun_heading_names_the_work_done_to_it(role):
    from assistant.headings_writer import HeadingWriter

    writer = HeadingWriter(role)
    headings = []
    for group in LONE_NOUN_GROUPS:
        name, heading = writer.name(group)
        text = "".join(group)
        assert heading and all(w in text for w in topics.content_words(heading)), heading
        # the name says the work as the heading does ("公司债券发行" of "发行公司债券")
        assert all(w in text for w in topics.content_words(name)) and name in heading, (
            name,
            heading,
        )
        for noun in NOT_WORK_NOUNS:
            assert f"做好{noun}工作" not in heading and not heading.startswith(noun + "工作")
        headings.append(heading)
    # the verb is the fact's own, after its noun as in "全力做好土地供管工作"
    for done in (
        "公司债券发行",
        "违章建筑撤除",
        "土坯房拆除",
        "非机动车锁扣",
        "集贸市场改造",
        "施工工地巡查",
        "慰问金发放",
        "海岸线清理",
        "销售点设置",
        "责任书补签",
    ):
        assert any(done in h for h in headings), done
    assert any("新型农村集体经济" in h for h in headings)  # a term jieba cut in two, whole
    assert not any("区委书记" in h or "全面完成" in h for h in headings)


def test_a_noun_before_its_verb_is_its_object_only_where_the_fact_says_so():
    from assistant.key_phrases import key_phrases, kind_of

    # the 组织者 signed: no "组织者签订"; 签订 applies to the pledge, not to them
    phrases = [k.text for k in key_phrases(["64个群众性健身娱乐队伍组织者签订“坝坝舞”自律承诺书"])]
    assert "组织者签订" not in phrases
    # a person names no work: "扎实做好组织者工作" read wrong (d000-full, 2026-12)
    assert "组织者" not in phrases
    assert "市容管理" in [k.text for k in key_phrases(["加强市容管理，查处占道经营300起"])]
    assert kind_of(("全面完成",)) == ""  # a verb idiom (jieba flag l) is no topic


def test_no_verb_idiom_or_measure_names_a_group():
    """ "全面推行零基预算改革" (a 财政局 plan) gave "全力做好全面推行零基工作": jieba 0.42.1 tags
    全面推行 as a noun, and the lone noun grew into a "term" with the word after it."""
    from assistant.headings_writer import HeadingWriter
    from assistant.key_phrases import key_phrases, kind_of

    for idiom in ("全面推行", "全面实施", "切实加强", "不断完善"):
        texts = [f"{idiom}零基预算改革", "力争一般公共预算收入增长5%"]
        assert not any(k.text.startswith(idiom) for k in key_phrases(texts)), idiom
        assert idiom not in HeadingWriter("plans").name(texts)[1]
    # the 君山 report: "扎实做好培育出工作" (培育出 tagged a noun), then "…发展壮大工作" (an idiom
    # ending in an adjective) and "…总收入工作" (a measure) as each was ruled out
    junshan = [
        "因地制宜发展“一村一品”，培育出芦洋脐橙、东庠金鲟等特色农产品",
        "持续发展壮大村集体经济，52个村集体经济收入达到10万元以上，总收入911万元",
    ]
    heading = HeadingWriter("achievements").name(junshan)[1]
    assert "集体经济" in heading, heading
    assert kind_of(("发展壮大",)) == "" and kind_of(("总收入",)) == ""
    # "（二）人员伤亡工作稳步推进" over "未发生人员伤亡" (an 应急管理局 paste): what did not happen
    assert kind_of(("人员伤亡",)) == "" and kind_of(("交易额",)) == ""  # a measure (商务局)
    # "扎实做好挽回损失工作" (a 市场监管局 paste): what was recovered is money, no work
    recovered = ["受理投诉举报6800件，为消费者挽回损失320万元", "知识产权质押融资3.5亿元"]
    assert "损失" not in HeadingWriter("achievements").name(recovered)[1]
    assert kind_of(("年度预算",)) == "topic"  # jieba tags 预算 a verb; the idiom is a noun
    # "扎实做好落实政策工作" (a 文旅 report, 2026-12): an idiom of a work word and its object
    assert kind_of(("落实政策",)) == "" and kind_of(("固定资产",)) == "topic"


def test_a_problem_of_a_lone_noun_is_headed_by_the_facts_own_problem_clause():
    from assistant.headings_writer import HeadingWriter

    writer = HeadingWriter("problems")
    facts = [  # d000-full (达川区 治理办) and dept-zyst-2024-a (平潭 自然资源与生态环境局)
        ["城乡配套设施功能不完善，停车场、公用娱乐休闲场所严重不足", "现有执法保障力量不够"],
        ["土地市场低迷，土地难以供应，完成土地出让收入任务难度大"],
    ]
    headings = [writer.name(group)[1] for group in facts]
    # not "停车场工作还不够完善": the writer's clause, verbatim, with no figure
    assert headings == ["停车场、公用娱乐休闲场所严重不足", "完成土地出让收入任务难度大"]
    # a measure ("容量") is no part of the theme's name
    name, heading = HeadingWriter("problems").name(["农贸市场容量偏小，安全隐患严重"])
    assert heading == "农贸市场容量偏小" and name == "农贸市场"
    # a clause too long for a heading is not used; nor is a clause in another part
    long = "区属国企资产总量、营收、利润等重要经济指标还偏小"
    assert HeadingWriter("problems").name([long + "，市场开拓力度不强"])[1] != long
    assert HeadingWriter("achievements").name(["农贸市场容量偏小"])[1] != "农贸市场容量偏小"


def test_a_writers_heading_is_named_by_its_subject_not_by_how_it_went():
    # "三、下步打算" paste of 2026-12: the opening said "突出农业生产稳中有升…等重点工作"
    from assistant.writer_headings import theme_name

    assert theme_name("农业生产稳中有升") == "农业生产"
    assert theme_name("经济运行稳中向好") == "经济运行"
    assert theme_name("乡村建设扎实推进") == "乡村建设"
    assert theme_name("人居环境整治") == "人居环境整治"
    # a 县教育局 paste of 2026-12: "突出学前教育、义务教育优质、教师队伍建设等重点工作"
    assert theme_name("义务教育优质均衡") == "义务教育"
    assert theme_name("市场秩序规范有序") == "市场秩序"
    assert theme_name("优质服务") == "优质服务"  # a state word that opens the name stays


def test_a_stock_work_word_closes_a_work_item_of_the_noun_before_it():
    # a 政务服务 paste of 2026-12 got "扎实做好工作日工作": 服务 is a stock word, so "政务服务"
    # was no phrase, and a measure of time named the group
    from assistant.headings_writer import HeadingWriter
    from assistant.key_phrases import key_phrases

    texts = [
        "全年受理政务服务事项86万件，办结率99.8%",
        "工程建设项目审批时间压缩至60个工作日以内",
        "12345热线受理诉求23万件，按时办结率98.6%",
    ]
    assert key_phrases(texts)[0].text == "政务服务"
    heading = HeadingWriter("achievements").name(texts)[1]
    assert "政务服务" in heading and "工作日" not in heading
    # not a work item cut from a longer noun: "卫生院服务" of "卫生院服务能力达标率"
    phrases = [k.text for k in key_phrases(["乡镇卫生院服务能力达标率96%"])]
    assert not any(p.endswith("卫生院服务") for p in phrases), phrases


def test_a_word_jieba_cut_across_the_facts_own_words_names_no_group():
    # a 大数据局 paste of 2026-12: "建成区级政务云平台" (建成 + 区级) was cut 建成区 + 级, and the
    # group was headed "扎实做好建成区工作"
    from assistant.headings_writer import HeadingWriter
    from assistant.key_phrases import key_phrases

    facts = ["建成区级政务云平台，承载业务系统126个", "归集政务数据2.8亿条，开放数据集320个"]
    assert "建成区" not in [k.text for k in key_phrases(facts)]
    assert "建成区" not in HeadingWriter("achievements").name(facts)[1]
    # a rare word that the text does not run on from is a word: "景观灯" of "…景观灯320余盏"
    assert "景观灯" in [k.text for k in key_phrases(["新装道路景观灯320余盏"])]


def test_a_work_word_before_a_measure_names_the_work_the_measure_counts():
    # the 自然资源与生态环境局 report (dept-zyst-2024-a, 2026-12): these two groups had no key
    # phrase (面积 after 处置 read as its object), so they joined the 党组会 group before them
    # and were headed "强化党组会专题学习，稳步推进交流研讨"
    from assistant.headings_writer import HeadingWriter
    from assistant.key_phrases import key_phrases

    land = [
        "发放《开、竣工履约提醒通知书》24份，召开约谈警醒会议2场（次）",
        "完成批而未供土地处置面积1810亩，处置率30.7%，完成闲置土地处置面积398亩、处置率36.30%",
    ]
    assert "土地处置" in HeadingWriter("achievements").name(land)[1]
    farmland = ["全年完成耕地恢复面积1915亩，完成比例111%", "建成后可新增耕地指标约650亩"]
    assert "耕地恢复" in HeadingWriter("achievements").name(farmland)[1]
    # a thing after the work word is what the work was done to, not its measure: no "实际开放"
    # (of a 社会事业 plan) and no "专项审计" (an 审计局 paste)
    assert "实际开放" not in [k.text for k in key_phrases(["争取实现实际开放床位达200张"])]
    assert "专项审计" not in [k.text for k in key_phrases(["专项审计扶贫资金1.2亿元"])]


def test_no_two_headings_of_a_part_lead_with_or_add_the_same_phrase():
    # dept-zyst-2024-a (2026-12): "（一）扎实推进交流研讨，…" then "（二）强化党组会专题学习，
    # 稳步推进交流研讨": the second clause said the first heading's phrase again
    from assistant.headings_writer import HeadingWriter

    writer = HeadingWriter("achievements")
    first = writer.name(["开展党组理论学习中心组学习12次、专题交流研讨8场40人次"])[1]
    second = writer.name(
        ["党组会专题学习3次，中心组专题学习5次，交流研讨1次，开展宣讲5场次", "召开党组会30次"]
    )[1]
    assert "交流研讨" in first and "党组会专题学习" in second
    assert "交流研讨" not in second, second


def test_a_work_item_jieba_tags_a_person_name_still_names_its_group():
    # a 市场监管局 paste of 2026-12: jieba tags 安全检查 nr, so "开展特种设备安全检查460台次"
    # gave no work item and three facts were headed "扎实做好特种设备工作"
    from assistant.headings_writer import HeadingWriter

    facts = ["查办各类违法案件286件，罚没款312万元", "开展特种设备安全检查460台次，整改隐患52处"]
    assert "特种设备安全检查" in HeadingWriter("achievements").name(facts)[1]


def test_a_heading_whose_phrase_most_facts_do_not_say_names_a_second_one():
    # a 市场监管局 paste of 2026-12: "持续推进特种设备安全检查，取得新进展" headed a 违法案件
    # fact too; both are named, in the order the facts say them
    from assistant.headings_writer import HeadingWriter

    facts = ["查处各类违法案件156件，罚没款213.5万元", "开展特种设备安全检查420台次，整改隐患37处"]
    heading = HeadingWriter("achievements").name(facts)[1]
    assert "违法案件查处" in heading and "特种设备安全检查" in heading, heading
    assert heading.index("违法案件") < heading.index("特种设备"), heading
    # a phrase most of the facts say still heads them alone
    facts.append("开展电梯安全检查210台次")
    facts.append("开展锅炉安全检查86台次")
    assert "违法案件" not in HeadingWriter("achievements").name(facts)[1]


def test_a_market_regulators_checks_are_work_items():
    # "食品抽检1520批次" gave no phrase, and its group joined the one before (2026-12)
    from assistant.key_phrases import key_phrases

    assert "食品抽检" in [k.text for k in key_phrases(["食品抽检1520批次，合格率98.6%"])]


def test_a_verb_the_reports_write_as_a_noun_stays_in_its_term():
    # a 财政局 paste of 2026-12: jieba tags 采购 v, so "完成政府采购项目326个" gave no phrase
    from assistant.key_phrases import key_phrases

    phrases = [k.text for k in key_phrases(["完成政府采购项目326个，节约资金5600万元"])]
    assert "政府采购项目" in phrases, phrases


def test_a_verb_jieba_tags_a_noun_opens_no_phrase():
    # a 财政局 paste of 2026-12: "评价项目资金8.2亿元" (funds of the projects evaluated) gave
    # "稳步推进评价项目" beside its 财会监督 heading
    from assistant.headings_writer import HeadingWriter

    facts = [
        "完成政府采购项目326个，节约资金5600万元",
        "开展财会监督检查12次，整改问题43个",
        "预算绩效管理实现县直部门全覆盖，评价项目资金8.2亿元",
    ]
    heading = HeadingWriter("achievements").name(facts)[1]
    assert "评价项目" not in heading and "政府采购项目" in heading, heading
