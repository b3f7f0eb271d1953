"""Lead lines and a fact's own heading clause: the writer's words head the facts under them.

The pastes are lines of real department reports (平潭综合实验区农业农村局 2024, 自然资源与生态
环境局 2024, 君山片区 2022; ../shared/departments) and of the seed reports, numbered as a writer
pastes them: the lead line numbered like the facts under it.
"""

from __future__ import annotations

import pytest

from assistant import checks, lead_lines
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.facts import parse_facts
from assistant.outline import propose_outline

NYNC = """成绩：
1. 推进城乡融合进程
2. 完善60个村庄13个连片发展方案，192个建制村完成新一轮村庄分类
3. 持续做好30个“千万工程”美丽宜居村庄建设,24个农村建设品质提升项目有序实施
4. 补助530万元扶持发展新型农村集体经济村10个，建设景村融合相关农村产业项目11个
5. 加快现代产业发展
6. 累计完成改造塑胶渔排4.94万㎡、替换泡沫浮球15万粒、建设深水大网箱7口
7. 完成60个提水式海水养殖尾水整治，整治率100%
8. 成功消灭3条劣V类水体
计划：
1. 10年内实现全区村庄数量累计减少50%以上
2. 深化土地制度改革
3. 打造完成1-2条田间马拉松旅游路线
"""

PROBLEMS = """成绩：
1. 全年查处占道经营1200起，拆除违法建设3.5万平方米
2. 新建公厕12座，改造垃圾中转站5个
3. 开展业务培训14次
4. 帮扶贫困户147户
问题：
1. 城乡配套设施功能不完善，停车场、公用娱乐休闲场所严重不足
2. 现有执法保障力量不够，高学历和专业技术人员缺乏
3. 流动商贩管理成效不易巩固，反弹性强
"""


@pytest.mark.parametrize(
    ("line", "follower", "role"),
    [
        (
            "推进城乡融合进程",
            "完善60个村庄13个连片发展方案，192个建制村完成新一轮村庄分类",
            "achievements",
        ),
        (
            "持之以恒调结构、稳增长，产业发展翻开新篇章",
            "谋划重点项目8个，13个重点项目顺利开工",
            "achievements",
        ),
        (
            "环境质量提升存在难点",
            "空气环境质量持续改善空间不足，养虾场养殖尾水无法稳定达标",
            "problems",
        ),
    ],
)
def test_a_lead_line_of_a_real_report_is_a_lead(line, follower, role):
    assert lead_lines.is_lead(line, follower, role)


@pytest.mark.parametrize(
    ("line", "follower", "role"),
    [
        # a fact: no heading's opening word, proper nouns, a completion
        ("完成了共和、双桂村百村容貌整治", "全镇累计清理垃圾1200吨", "achievements"),
        # a clause too long for a heading: a sentence
        (
            "推动集团加大对子公司的授权力度，具体业务重心下沉",
            "全年计划盘活资产18亿元",
            "achievements",
        ),
        # a plan list names figure-free tasks as often as it heads others with them
        ("深化土地制度改革", "每年打造2-3个闽台精致农业示范点", "plans"),
        # the line after it is no fuller: two facts side by side
        ("加强队伍建设", "完善考核机制", "achievements"),
        # the last line of a part heads nothing
        ("推进城乡融合进程", None, "achievements"),
    ],
)
def test_a_fact_is_not_taken_for_a_lead(line, follower, role):
    assert not lead_lines.is_lead(line, follower, role)


def test_a_lead_abbreviated_above_a_fuller_line_heads_the_figures_after_it():
    # 平潭 综合执法与应急管理局 2022: "耕保" of the lead is "耕地保护" below it; the figures
    # come in the line after that, so the short line heads them both
    line, follower = (
        "强化卫片执法，落实耕保制度",
        "始终坚守耕地保护红线，积极与资源生态局、各片区加强工作协作",
    )
    then = "共核查卫片图斑1067宗，梳理出违法图斑292宗，已处置243宗"
    assert not lead_lines.is_lead(line, follower, "achievements")
    assert lead_lines.is_lead(line, follower, "achievements", then)
    assert not lead_lines.is_lead(line, follower, "achievements", "加强队伍建设")


def test_each_lead_heads_the_facts_after_it_in_paste_order():
    ledger = parse_facts(NYNC, unit="平潭综合实验区农业农村局", period="2024年")
    part = propose_outline(ledger).part("achievements")
    texts = {f.id: f.text for f in ledger.facts}
    assert [t.heading for t in part.themes] == ["推进城乡融合进程", "加快现代产业发展"]
    assert [texts[i][:6] for i in part.themes[1].fact_ids] == [
        "加快现代产业",
        "累计完成改造",
        "完成60个提",
        "成功消灭3条",
    ]
    # the plans part keeps its figure-free task as a task
    plans = propose_outline(ledger).part("plans")
    assert any(texts[i] == "深化土地制度改革" for t in plans.themes for i in t.fact_ids)


def test_a_lead_is_the_heading_once_and_the_ledger_knows_where(settings):
    result = draft(DraftRequest(NYNC, unit="平潭综合实验区农业农村局", period="2024年"), settings)
    text = result.text
    assert "（一）推进城乡融合进程\n" in text and "（二）加快现代产业发展\n" in text
    assert text.count("推进城乡融合进程") == 1  # not said again as a sentence of the body
    assert result.unused_facts == []
    assert not [f for f in result.findings if "遗漏" in f]
    lead = next(f for f in result.facts if f.text == "推进城乡融合进程")
    held = [p for s in result.sections for p in s.paragraphs if lead.id in p.fact_ids]
    assert [p.kind for p in held] == ["heading"]
    # the opening names the themes by what they are about, not by their verbs
    assert "突出城乡融合进程、现代产业发展" in text


def test_a_problem_is_headed_by_its_own_thesis_and_not_said_twice(settings):
    result = draft(DraftRequest(PROBLEMS, unit="某县城管局", period="2023年"), settings)
    text = result.text
    assert "（一）城乡配套设施功能不完善\n停车场、公用娱乐休闲场所严重不足。" in text
    assert "（二）现有执法保障力量不够\n高学历和专业技术人员缺乏。" in text
    assert text.count("城乡配套设施功能不完善") == 1
    assert result.unused_facts == [] and not result.fixups
    # the eval's coverage rule reads the heading and the body under it together
    for fact in result.facts:
        assert checks.locate(text, fact)[1] is not None, fact.text


def test_a_problem_without_a_thesis_clause_is_not_headed_by_itself():
    # "依然存在" states no problem by its ending: the clause is a sentence, not a heading
    assert lead_lines.opening_clause("食品安全风险隐患依然存在，部分商户屡禁不止", "problems") == ""
    assert lead_lines.own_statement("食品安全风险隐患依然存在") == ""
    assert (
        lead_lines.opening_clause("城市管理相关法律法规不够健全", "problems") == ""
    )  # nothing after it
    assert (
        lead_lines.opening_clause("明年围绕重点抓整治，切实解决城区交通秩序混乱问题", "plans")
        == "围绕重点抓整治"
    )


def test_an_edited_lead_heading_puts_the_lead_back_into_the_body(settings):
    """The writer renames the heading: the lead line is a fact of the body again, never lost."""
    request = DraftRequest(NYNC, unit="平潭综合实验区农业农村局", period="2024年")
    outline = propose_outline(parse_facts(NYNC, unit=request.unit, period=request.period))
    edited = outline.to_text().replace("（一）推进城乡融合进程", "（一）城乡融合取得新进展")
    result = draft(
        DraftRequest(request.paste, request.unit, request.period, outline=edited), settings
    )
    text = result.text
    assert "（一）城乡融合取得新进展" in text
    assert "推进城乡融合进程" in text.split("（一）城乡融合取得新进展", 1)[1]
    assert result.unused_facts == []


def test_a_lead_jieba_cuts_oddly_is_still_a_lead(settings):
    """A 市场监管局 paste (not tuned for): jieba cuts "强化食品|安全监管", the opener still counts."""
    paste = (
        "一、工作成效\n1. 强化食品安全监管\n"
        "2. 全年检查食品生产经营单位3260家次，立案查处食品违法案件86起\n"
        "3. 完成食品安全抽检2150批次，合格率98.6%\n4. 优化营商环境\n"
        "5. 新登记各类市场主体5120户，同比增长12.3%\n6. 企业开办时间压缩至1个工作日\n"
    )
    text = draft(DraftRequest(paste, unit="某区市场监督管理局", period="2024年"), settings).text
    assert "（一）强化食品安全监管\n一是全年检查食品生产经营单位3260家次" in text
    assert "（二）优化营商环境\n" in text
    assert "突出食品安全监管、营商环境等重点工作" in text


JUNSHAN = """1、奋勇攻坚，创造“君山速度”
2、团结拼搏，展现“君山精神”
3、持之以恒调结构、稳增长，产业发展翻开新篇章
4、谋划重点项目8个，13个重点项目顺利开工，7个重点项目建成投产
5、全年农作物总产量40461吨，其中粮食作物8178吨
6、全面系统优生态、美环境，镇村面貌呈现新变化
7、32个行政村累计铺设管道166公里，新建污水处理站及提升泵站39座
"""


def test_lines_before_the_first_lead_open_the_part_under_no_heading(settings):
    # 君山片区 2022: the report says its slogans before the first headline, in its opening
    # paragraph, and so does the draft
    ledger = parse_facts(JUNSHAN, unit="平潭综合实验区君山片区管理局", period="2022年")
    part = propose_outline(ledger).part("achievements")
    assert [t.heading for t in part.themes] == [
        "",
        "持之以恒调结构、稳增长，产业发展翻开新篇章",
        "全面系统优生态、美环境，镇村面貌呈现新变化",
    ]
    assert part.themes[0].fact_ids == ["F01", "F02"]
    text = draft(
        DraftRequest(JUNSHAN, unit="平潭综合实验区君山片区管理局", period="2022年"), settings
    ).text
    opening, body = text.split("\n一、", 1)
    assert "奋勇攻坚，创造“君山速度”；团结拼搏，展现“君山精神”" in opening
    assert body.index("（一）持之以恒") < body.index("谋划重点项目8个")


def test_problems_said_as_bare_statements_are_one_list_with_no_judgement_added(settings):
    # 001: "主要表现在项目建设进度不快,城市管理力度还有待进一步提高,管理方式还需改革创新"
    paste = "问题：\n- 项目建设进度不快\n- 城市管理力度还有待进一步提高\n- 管理方式还需改革创新\n"
    assert lead_lines.bare_statements(["项目建设进度不快", "管理方式还需改革创新"])
    assert not lead_lines.bare_statements(["城乡配套设施功能不完善，停车场严重不足"])
    part = propose_outline(parse_facts(paste)).part("problems")
    assert [t.heading for t in part.themes] == [""]
    text = draft(
        DraftRequest(paste, unit="株洲县城市管理和行政执法局", period="2017年"), settings
    ).text
    assert (
        "一是项目建设进度不快；二是城市管理力度还有待进一步提高；三是管理方式还需改革创新" in text
    )
    assert "不够完善" not in text and "成效不明显" not in text


def test_each_problem_heads_itself_and_a_bare_one_asks_for_its_manifestations(settings):
    """d000's six problems, as its reference heads them: the writer's own clause heads each;
    a problem said in one clause is its heading, and what it looks like is the writer's to add.
    No heading states another problem than its own ("流动商贩管理成效不明显" over 法律法规)."""
    paste = PROBLEMS + "4. 城市管理相关法律法规不够健全\n5. 各乡镇发展不平衡\n"
    part = propose_outline(parse_facts(paste)).part("problems")
    assert [t.heading for t in part.themes] == [
        "城乡配套设施功能不完善",
        "现有执法保障力量不够",
        "流动商贩管理成效不易巩固",
        "城市管理相关法律法规不够健全",
        "各乡镇发展不平衡",
    ]
    result = draft(DraftRequest(paste, unit="某县城管局", period="2023年"), settings)
    assert "（三）流动商贩管理成效不易巩固\n反弹性强。" in result.text
    assert "（五）各乡镇发展不平衡\n〔待补：各乡镇发展不平衡的具体内容〕" in result.text
    assert result.unused_facts == []


def test_problems_one_of_which_has_no_heading_of_its_own_are_one_list(settings):
    """A heading over two problems would state one of them or a judgement of our own
    ("坟墓整治还不够完善" over "农村风貌提升…"): a problem with no clause to head it makes the
    part one run-in list."""
    paste = (
        "问题：\n- 坟墓整治的任务还十分繁重，存在不足\n- 食品安全风险隐患依然存在，部分商户屡禁不止"
        "\n- 乱搭乱建整治成果还不稳固\n"
    )
    part = propose_outline(parse_facts(paste)).part("problems")
    assert [t.heading for t in part.themes] == [""]
    text = draft(DraftRequest(paste, unit="某县城管局", period="2018年"), settings).text
    assert "一是坟墓整治的任务还十分繁重，存在不足；二是食品安全风险隐患依然存在" in text
    assert "还不够完善" not in text and "成效不明显" not in text
