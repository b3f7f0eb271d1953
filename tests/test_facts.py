"""The fact ledger: every paste form, markers, roles with reasons, inference and bad input."""

from __future__ import annotations

import pytest

from assistant.errors import InputError, user_message
from assistant.facts import MAX_FACT_CHARS, MAX_PASTE_CHARS, parse_facts

EXPECTED_TEXTS = [
    "查处非法营运黑车300余辆",
    "组织拆除违法建设1062.1万余平方米",
    "无害化处理率达99%",
]


@pytest.mark.parametrize(
    "paste",
    [
        "- 查处非法营运黑车300余辆\n- 组织拆除违法建设1062.1万余平方米\n- 无害化处理率达99%",
        "• 查处非法营运黑车300余辆\n• 组织拆除违法建设1062.1万余平方米\n• 无害化处理率达99%",
        "1. 查处非法营运黑车300余辆\n2. 组织拆除违法建设1062.1万余平方米\n3. 无害化处理率达99%",
        "1、查处非法营运黑车300余辆；\n2、组织拆除违法建设1062.1万余平方米；\n3、无害化处理率达99%。",
        "（1）查处非法营运黑车300余辆\n（2）组织拆除违法建设1062.1万余平方米\n（3）无害化处理率达99%",
        "查处非法营运黑车300余辆\n\n组织拆除违法建设1062.1万余平方米\n无害化处理率达99%\n",
        "查处非法营运黑车300余辆；组织拆除违法建设1062.1万余平方米；无害化处理率达99%。",
    ],
    ids=["dash", "dot", "1.", "1、", "(1)", "plain", "semicolons"],
)
def test_every_paste_form_gives_the_same_facts(paste):
    ledger = parse_facts(paste)
    assert [f.text for f in ledger.facts] == EXPECTED_TEXTS
    assert [f.id for f in ledger.facts] == ["F01", "F02", "F03"]
    assert [[g.text for g in f.figures] for f in ledger.facts] == [
        ["300余辆"],
        ["1062.1万余平方米"],
        ["99%"],
    ]
    assert all(f.role == "achievements" for f in ledger.facts)


def test_a_decimal_at_the_start_is_not_a_bullet():
    ledger = parse_facts("3.5万元用于环卫设施更新")
    assert ledger.facts[0].text == "3.5万元用于环卫设施更新"


def test_header_markers_set_the_role_of_following_lines():
    paste = "成绩：\n- 查处黑车300余辆\n问题：\n- 执法车辆老化\n下一步：\n- 新建公厕3座\n"
    ledger = parse_facts(paste)
    assert [(f.role, f.role_reason) for f in ledger.facts] == [
        ("achievements", "marker: 成绩"),
        ("problems", "marker: 问题"),
        ("plans", "marker: 下一步"),
    ]


@pytest.mark.parametrize(
    "header,role",
    [
        ("工作情况：", "achievements"),
        ("完成情况：", "achievements"),
        ("成效：", "achievements"),
        ("不足：", "problems"),
        ("打算：", "plans"),
        ("明年：", "plans"),
        ("计划", "plans"),
        ("二、存在的主要问题", "problems"),
        ("三、2024年工作计划", "plans"),
    ],
)
def test_marker_words(header, role):
    ledger = parse_facts(f"{header}\n清理卫生死角120余处")
    assert ledger.facts[0].role == role
    assert ledger.facts[0].role_reason.startswith("marker: ")


def test_inline_marker_applies_to_its_line_only():
    paste = "查处黑车300余辆\n问题：执法力量薄弱\n清理牛皮癣900余处\n"
    roles = [f.role for f in parse_facts(paste).facts]
    assert roles == ["achievements", "problems", "achievements"]
    assert parse_facts(paste).facts[1].text == "执法力量薄弱"


def test_inline_markers_in_one_semicolon_paragraph():
    paste = "成绩：查处黑车300余辆；清理牛皮癣900余处；问题：执法车辆老化；计划：新建公厕3座；改造中转站5个。"
    ledger = parse_facts(paste)
    assert [(f.text, f.role) for f in ledger.facts] == [
        ("查处黑车300余辆", "achievements"),
        ("清理牛皮癣900余处", "achievements"),
        ("执法车辆老化", "problems"),
        ("新建公厕3座", "plans"),
        ("改造中转站5个", "plans"),
    ]


@pytest.mark.parametrize(
    "text,role,cue",
    [
        ("执法力量不足", "problems", "不足"),
        ("环卫设施存在短板", "problems", "短板"),
        ("项目建设进度滞后", "problems", "滞后"),
        ("群众参与度有待提高", "problems", "有待"),
        ("执法装备短缺", "problems", "短缺"),  # an 综合执法局 paste had it among the plans
        ("基层医疗人才缺口较大", "problems", "缺口"),
        ("辖区内停车难问题仍较突出", "problems", "问题仍较突出"),  # a 街道 paste, 2026-12
        ("物业管理水平参差不齐", "problems", "参差不齐"),
        ("部分事项线上办理体验不佳", "problems", "不佳"),  # a 政务服务 paste, 2026-12
        ("基层政务服务人员队伍不稳定", "problems", "不稳定"),
        ("监管力量与市场主体增长不匹配", "problems", "不匹配"),  # it had landed in the plans
        ("部分定点医疗机构违规使用基金问题仍有发生", "problems", "仍有发生"),  # a 医保局 paste
        ("刚性支出持续增加，收支平衡压力大", "problems", "压力大"),  # a 财政局 paste, 2026-12
        ("拟新建停车场2处", "plans", "拟"),
        ("力争垃圾分类覆盖率达到60%", "plans", "力争"),
        ("明年新建公厕3座", "plans", "明年"),
        ("我局将新增泊位500个", "plans", "将"),
    ],
)
def test_cue_words_when_no_marker_and_no_classifier(text, role, cue):
    fact = parse_facts(f"查处黑车300余辆\n{text}", use_classifier=False).facts[1]
    assert (fact.role, fact.role_reason) == (role, f"cue: {cue}")


def test_problems_said_to_stand_out_are_problems_by_the_classifier_too():
    paste = (
        "今年来，我街道完成老旧小区改造12个，惠及居民3400户\n新增口袋公园5个，绿化面积1.2万平方米\n"
        "开展“邻里节”等社区活动86场，参与群众1.5万人次\n调处矛盾纠纷320起，调处成功率98%\n"
        "辖区内停车难问题仍较突出\n物业管理水平参差不齐\n明年计划改造老旧小区8个\n"
        "明年推进“15分钟便民生活圈”建设\n"
    )
    roles = [f.role for f in parse_facts(paste).facts]
    assert roles == ["achievements"] * 4 + ["problems"] * 2 + ["plans"] * 2, roles


def test_a_problem_that_keeps_happening_is_a_problem_between_problems_and_plans():
    # a 医保局 paste of 2026-12, no markers: it had opened the plans, a 一是 of "推进方式改革"
    paste = (
        "追回医保基金1860万元\n异地就医直接结算11.6万人次\n"
        "医保基金监管力量不足，智能监控覆盖面有待扩大\n部分定点医疗机构违规使用基金问题仍有发生\n"
        "2026年继续推进DRG支付方式改革\n加强基金监管，实现智能监控全覆盖\n"
    )
    roles = [f.role for f in parse_facts(paste).facts]
    assert roles == ["achievements"] * 2 + ["problems"] * 2 + ["plans"] * 2, roles


def test_a_pressure_on_the_budget_is_a_problem_not_the_first_plan():
    # a 财政局 paste of 2026-12, no markers: "…收支平衡压力大" had opened the plans as a 一是,
    # its 二是 the first plan ("2025年一般公共预算收入力争增长6%")
    paste = (
        "全年一般公共预算收入完成12.6亿元，同比增长7.3%\n压减一般性支出3200万元\n"
        "清理盘活存量资金1.1亿元\n财政收入增长后劲不足，非税收入占比偏高\n"
        "刚性支出持续增加，收支平衡压力大\n2025年一般公共预算收入力争增长6%\n"
        "深化零基预算改革，全面推进预算管理一体化\n"
    )
    roles = [f.role for f in parse_facts(paste, "某县财政局", "2024年").facts]
    assert roles == ["achievements"] * 3 + ["problems"] * 2 + ["plans"] * 2, roles


def test_a_clause_of_contrast_that_names_a_problem_is_a_problem_of_its_own():
    # a 市场监管局 paste of 2026-12: one achievement, headed "大案要案工作取得新进展"
    paste = "查办案件412件，罚没款560万元，但大案要案偏少\n完成特种设备检验4300台次，但是还需加强\n"
    facts = parse_facts(paste).facts
    assert [(f.role, f.text) for f in facts[:2]] == [
        ("achievements", "查办案件412件，罚没款560万元"),
        ("problems", "大案要案偏少"),
    ]
    assert facts[0].line == facts[1].line == 1
    # a contrast inside an achievement stays with it: "…，但仍实现增长" names no problem
    kept = parse_facts("受疫情影响，客流下降，但全年仍实现旅游收入12亿元").facts
    assert [f.text for f in kept] == ["受疫情影响，客流下降，但全年仍实现旅游收入12亿元"]


def test_an_announcement_run_on_into_its_first_problem_is_dropped():
    # a 团县委 paste of 2026-12: "主要表现在：存在的不足主要是基层团组织活力不足…"
    fact = parse_facts("新建少先队活动阵地15个。存在的不足主要是基层团组织活力不足").facts[1]
    assert (fact.role, fact.text) == ("problems", "基层团组织活力不足")


def test_a_plan_that_ends_like_a_topic_heads_no_facts():
    # a 商务局 paste of 2026-12: "（一）下一步做好稳外贸稳外资工作" over the plan after it
    ledger = parse_facts(
        "新增限上商贸企业42家\n下一步做好稳外贸稳外资工作\n明年新增限上商贸企业40家"
    )
    assert [(f.role, f.heading) for f in ledger.facts[1:]] == [("plans", ""), ("plans", "")]


def test_the_next_period_is_a_plan_cue():
    ledger = parse_facts("2023年查处黑车300余辆\n2024年新建公厕3座", period="2023年")
    assert ledger.next_period == "2024年"
    assert (ledger.facts[1].role, ledger.facts[1].role_reason) == ("plans", "cue: 2024年")


def test_marker_beats_cue():
    fact = parse_facts("成绩：\n补齐环卫设施短板，新建公厕3座").facts[0]
    assert (fact.role, fact.role_reason) == ("achievements", "marker: 成绩")


WJW_PASTE = """市卫生健康委员会2025年上半年工作总结
{label}
- 新建村卫生室标准化建设42所，乡镇卫生院服务能力达标率96%
- 开展家庭医生签约服务，重点人群签约率78.5%
- 开展医疗机构依法执业专项检查，检查机构312家，立案查处27起
- 引进卫生专业技术人才136名，其中硕士以上48名
- 基层医疗卫生机构人才短缺问题依然突出
- 部分县级医院学科建设相对滞后
- 下半年推进紧密型县域医共体建设，实现县域全覆盖
- 下半年启动市中医院新院区建设
"""


@pytest.mark.parametrize("label", ["上半年工作", "上半年主要工作", "成绩："])
def test_a_lone_results_marker_does_not_hold_the_problems_and_plans_after_it(label):
    """A writer who labels only the results goes on to problems and plans unmarked: those land in
    parts two and three, by the classifier in paste order; the first fact keeps the marker."""
    ledger = parse_facts(WJW_PASTE.format(label=label))
    roles = [f.role for f in ledger.facts]
    assert roles == ["achievements"] * 4 + ["problems"] * 2 + ["plans"] * 2, roles
    assert ledger.facts[0].role_reason.startswith("marker")
    assert ledger.facts[5].role_reason.startswith("classifier")


def test_a_lone_results_marker_over_results_only_keeps_them_results():
    # dept-zfyj-2022-a: "拟创设…" opens with a plan word, but says what was done
    paste = "工作情况：\n1、共开展“专项教育”研讨会14场次\n2、拟创设制度23项，已创设19项\n"
    paste += "3、查摆问题22项，已整改18项\n4、共查办各类违法案件753宗，行政处罚2410.8万元\n"
    assert {f.role for f in parse_facts(paste).facts} == {"achievements"}


def test_default_role_says_why():
    fact = parse_facts("查处黑车300余辆", use_classifier=False).facts[0]
    assert fact.role == "achievements" and fact.role_reason.startswith("default:")


def test_figure_forms_are_kept():
    paste = "投入资金1.8亿多元；建成三座公厕、两个中转站；整治7天；2023年12月完成验收；5-6月开展专项整治；发放资料*余份；总额2,345.67亿元"
    figures = [[g.text for g in f.figures] for f in parse_facts(paste).facts]
    assert figures == [
        ["1.8亿多元"],
        ["三座", "两个"],
        ["7天"],
        ["2023年12月"],
        ["5-6月"],
        ["*余份"],
        ["2,345.67亿元"],
    ]
    masked = parse_facts(paste).facts[5].figures[0]
    assert masked.masked and masked.value is None


def test_unit_and_period_are_inferred_from_a_title_line():
    paste = (
        "株洲县城市管理和行政执法局2023年工作要点\n- 查处黑车300余辆\n- 清除牛皮癣900余处\n"
        + "- 其他工作\n" * 40
    )
    ledger = parse_facts(paste)
    assert (ledger.unit, ledger.period, ledger.next_period) == (
        "株洲县城市管理和行政执法局",
        "2023年",
        "2024年",
    )
    assert ledger.inferred == {"unit": True, "period": True, "next_period": True}
    assert ledger.facts[0].text == "查处黑车300余辆"  # the title is not a fact


def test_given_fields_win_over_inference():
    ledger = parse_facts(
        "我局2023年上半年查处黑车300余辆",
        unit="某县城管局",
        period="2023年1-10月",
        next_period="2024年",
    )
    assert (ledger.unit, ledger.period, ledger.next_period) == (
        "某县城管局",
        "2023年1-10月",
        "2024年",
    )
    assert ledger.inferred == {"unit": False, "period": False, "next_period": False}


@pytest.mark.parametrize("paste", ["", "   \n\t \u3000\n"])
def test_empty_or_blank_paste_is_an_input_error(paste):
    with pytest.raises(InputError) as err:
        parse_facts(paste)
    message = user_message(err.value)
    assert message.startswith("输入有误：") and "请粘贴" in message


def test_markers_only_is_an_input_error():
    with pytest.raises(InputError, match="没有可用的事实"):
        parse_facts("成绩：\n问题：\n计划：\n")


def test_a_200_kb_paste_is_refused_with_the_limit():
    paste = "查处非法营运黑车300余辆\n" * 16_000  # ~ 200 kB as UTF-8
    assert len(paste.encode("utf-8")) > 200_000
    with pytest.raises(InputError) as err:
        parse_facts(paste)
    assert str(MAX_PASTE_CHARS) in str(err.value) and err.value.hint


def test_a_single_very_long_line_is_refused_with_its_line_number():
    line = "城市管理工作" * 200  # 1200 characters, no punctuation to split on
    with pytest.raises(InputError) as err:
        parse_facts("查处黑车300余辆\n" + line)
    assert "第 2 行" in str(err.value) and str(MAX_FACT_CHARS) in str(err.value)


def test_a_long_line_of_sentences_is_split_into_facts():
    line = "。".join(f"第{i}批次清理垃圾{i}0吨" for i in range(1, 20)) + "。"
    ledger = parse_facts(line)
    assert len(ledger.facts) == 19 and ledger.facts[2].text == "第3批次清理垃圾30吨"


def test_facts_without_figures_are_kept_with_a_warning():
    ledger = parse_facts("加强队伍建设\n完善考核机制\n查处黑车300余辆")
    assert len(ledger.facts) == 3
    assert any("F01、F02" in w and "没有数字" in w for w in ledger.warnings)
    all_bare = parse_facts("加强队伍建设\n完善考核机制")
    assert any("所有事实都没有数字" in w for w in all_bare.warnings)


def test_to_dict_is_plain_data():
    data = parse_facts("问题：执法力量不足").to_dict()
    assert data["facts"][0] == {
        "id": "F01",
        "text": "执法力量不足",
        "role": "problems",
        "role_reason": "marker: 问题",
        "figures": [],
        "line": 1,
        "heading": "",
        "title": False,
        "listed": 0,
    }


def test_a_numbered_fact_with_a_problem_word_is_a_fact_not_a_header():
    ledger = parse_facts("一、执法力量不足\n二、查处黑车300余辆", use_classifier=False)
    assert [(f.text, f.role, f.role_reason) for f in ledger.facts] == [
        ("执法力量不足", "problems", "cue: 不足"),
        ("查处黑车300余辆", "achievements", ledger.facts[1].role_reason),
    ]


def test_a_first_line_is_a_title_only_when_it_looks_like_one():
    titled = parse_facts("\n\n某县城管局2023年工作总结\n查处黑车300余辆")
    assert titled.title == "某县城管局2023年工作总结" and len(titled.facts) == 1
    assert any("作为标题" in w for w in titled.warnings)
    # a paragraph that opens with its title sentence (a 发改局 paste of 2026-12: the title was
    # the first 一是, and the opening line the second)
    paragraph = parse_facts(
        "县发展和改革局2024年工作总结。今年以来，我局紧紧围绕县委县政府中心工作，全力稳增长。"
        "全县地区生产总值预计完成286亿元，同比增长5.8%。"
    )
    assert paragraph.title == "县发展和改革局2024年工作总结"
    assert paragraph.unit == "县发展和改革局" and paragraph.period == "2024年"
    assert [f.text[:4] for f in paragraph.facts] == ["今年以来", "全县地区"]
    assert parse_facts("完成2023年工作计划编制。新建公厕3座").title is None
    for first in ("制定垃圾分类工作计划", "完成2023年工作计划编制", "查处黑车300余辆的情况"):
        ledger = parse_facts(f"{first}\n清除牛皮癣900余处")
        assert ledger.title is None and ledger.facts[0].text == first


@pytest.mark.parametrize(
    ("first", "unit", "period"),
    [
        ("株洲县城市管理和行政执法局 2023年", "株洲县城市管理和行政执法局", "2023年"),
        ("某县城管局  2023年上半年", "某县城管局", "2023年上半年"),
    ],
)
def test_a_header_line_of_unit_and_period_is_not_a_fact(first, unit, period):
    ledger = parse_facts(f"{first}\n查处黑车300余辆\n问题：执法力量不足")
    assert ledger.title == first
    assert (ledger.unit, ledger.period) == (unit, period)
    assert [f.text for f in ledger.facts] == ["查处黑车300余辆", "执法力量不足"]
    # a fact that merely mentions a unit and a year stays a fact
    kept = parse_facts("城管局2023年\n清除牛皮癣900余处\n协调市场监管局2023年联合执法12次")
    assert "协调市场监管局2023年联合执法12次" in [f.text for f in kept.facts]


def _rows(paste: str) -> list[tuple[str, str]]:
    return [(f.heading, f.text) for f in parse_facts(paste).facts]


def test_heading_lines_are_no_facts_and_head_the_facts_after_them():
    paste = (
        "国土空间管制方面\n- 完成国土空间总体规划编制\n- 查处违法用地12宗\n"
        "（二）营商环境建设\n1. 办理审批事项100件\n2. 减免费用20万元\n"
        "安全生产工作\n开展安全检查200次\n"
    )
    assert _rows(paste) == [
        ("国土空间管制方面", "完成国土空间总体规划编制"),
        ("国土空间管制方面", "查处违法用地12宗"),
        ("营商环境建设", "办理审批事项100件"),
        ("营商环境建设", "减免费用20万元"),
        ("安全生产工作", "开展安全检查200次"),
    ]
    assert [f.id for f in parse_facts(paste).facts] == ["F01", "F02", "F03", "F04", "F05"]


@pytest.mark.parametrize(
    "paste",
    [
        "加强队伍建设\n完善考核机制\n查处黑车300余辆",  # short plain facts in a row
        "一、执法力量不足\n二、查处黑车300余辆",  # siblings of one numbering style
        "1. 完成年度目标任务\n2. 查处黑车300余辆",
        "- 完成年度目标任务\n- 查处黑车300余辆",
        "查处黑车300余辆\n强化市容管理",  # a heading has facts after it
        # a plan line that ends like a topic but opens with a verb, above one with "二期"
        "完成食品抽检4000批次\n开展电梯安全专项整治\n推进智慧监管平台二期建设",
        # a task after a plan with its time word is the next plan (a 水利局 paste, 2026-12)
        "明年争取水利投资7亿元以上\n推进县城第二水源工程建设\n完成12座小型水库除险加固",
    ],
)
def test_short_facts_are_not_taken_for_headings(paste):
    ledger = parse_facts(paste)
    assert all(f.heading == "" for f in ledger.facts)
    assert len(ledger.facts) == len(paste.splitlines())


def test_a_label_with_facts_after_it_is_a_heading_and_its_facts():
    paste = (
        "国土空间管制方面一是完成国土空间总体规划编制；二是查处违法用地12宗\n"
        "要素保障方面：保障建设用地3000亩；办理林地审批15件\n"
        "其中：市级项目8个\n"
    )
    assert _rows(paste) == [
        ("国土空间管制方面", "完成国土空间总体规划编制"),
        ("国土空间管制方面", "查处违法用地12宗"),
        ("要素保障方面", "保障建设用地3000亩"),
        ("要素保障方面", "办理林地审批15件"),
        ("要素保障方面", "其中：市级项目8个"),
    ]


def test_a_part_marker_ends_the_heading_above_it():
    paste = "一、2024年工作总结\n（一）生态保护\n完成造林3000亩\n二、存在问题\n执法力量不足"
    ledger = parse_facts(paste)
    assert [(f.heading, f.role, f.role_reason) for f in ledger.facts] == [
        ("生态保护", "achievements", "marker: 2024年工作总结"),
        ("", "problems", "marker: 存在问题"),
    ]


def test_a_fact_holding_its_own_list_is_split_into_items():
    paste = (
        "中央环保督察反馈问题整改落实情况：一是完成整改问题5个，二是销号问题3个\n"
        "开展专项整治行动3次，一是整治违法用地12宗；二是拆除违建5000平方米\n"
        "落实河长制：1.建立河长名录120人；2.巡河2000余次"
    )
    assert _rows(paste) == [
        ("中央环保督察反馈问题整改落实情况", "完成整改问题5个"),
        ("中央环保督察反馈问题整改落实情况", "销号问题3个"),
        ("", "开展专项整治行动3次"),
        ("", "整治违法用地12宗"),
        ("", "拆除违建5000平方米"),
        ("落实河长制", "建立河长名录120人"),
        ("落实河长制", "巡河2000余次"),
    ]


def test_leftover_labels_never_stay_in_fact_text():
    paste = "成绩：查处黑车300余辆\n一是计划：新建公厕3座；二是问题：执法车辆老化\n2025年计划：改造中转站5个"
    ledger = parse_facts(paste)
    assert [(f.text, f.role) for f in ledger.facts] == [
        ("查处黑车300余辆", "achievements"),
        ("新建公厕3座", "plans"),
        ("执法车辆老化", "problems"),
        ("改造中转站5个", "plans"),
    ]
    assert not any("：" in f.text for f in ledger.facts)


def test_lines_that_are_no_work_facts_are_left_out_with_a_warning():
    ledger = parse_facts("你好，帮我写个总结\n查处黑车300余辆\n请根据以下材料写一份年度总结")
    assert [f.text for f in ledger.facts] == ["查处黑车300余辆"]
    warning = next(w for w in ledger.warnings if w.startswith("以下内容不是工作事实"))
    assert "你好，帮我写个总结" in warning and "请根据以下材料写一份年度总结" in warning
    with pytest.raises(InputError, match="不是工作事实"):
        parse_facts("你好，帮我写个总结")
    introduced = parse_facts("以下是我的工作要点：\n查处黑车300余辆\n谢谢！", period="2023年")
    assert [f.role_reason.startswith("marker") for f in introduced.facts] == [False]
    assert any("以下是我的工作要点；谢谢" in w for w in introduced.warnings)


def test_a_request_with_a_figure_and_a_greeting_before_the_title_are_no_facts():
    """A writer chats first and asks for a length: "2000字" is no figure of their work, and the
    title after the greeting still names the unit and the period."""
    paste = (
        "你好，帮我写个总结\n县统计局2024年\n完成经济普查入户登记12.6万户\n"
        "请注意字数在2000字左右\n发布统计公报4期\n"
    )
    ledger = parse_facts(paste, use_classifier=False)
    assert [f.text for f in ledger.facts] == ["完成经济普查入户登记12.6万户", "发布统计公报4期"]
    assert (ledger.title, ledger.unit, ledger.period) == ("县统计局2024年", "县统计局", "2024年")
    warning = next(w for w in ledger.warnings if w.startswith("以下内容不是工作事实"))
    assert "请注意字数在2000字左右" in warning
    # a fact that says 字 is still a fact
    assert [f.text for f in parse_facts("完成县志续修30万字\n").facts] == ["完成县志续修30万字"]


@pytest.mark.slow
def test_headings_and_facts_pasted_from_a_department_report(departments_dir):
    """The （一）-level headings of a real report, pasted above their facts, head those facts."""
    import re

    from assistant import structure
    from assistant.cleaning import clean_text
    from assistant.punctuation import full_width

    raw = departments_dir / "pingtan_zyst_2024sum_2025plan.txt"
    text = clean_text(raw.read_text(encoding="utf-8"))
    lines, expected = [], []
    for section in structure.parse_document(text).parts[0].children[:4]:
        lines.append(f"（{structure.int_to_cn(section.heading.number)}）{section.heading.title}")
        body = text[section.heading.end : section.end]
        found = [s.strip() for s in re.split(r"[。；\n]", body) if 8 < len(s) < 80]
        found = [s for s in found if re.search(r"\d", s) and "：" not in s][:3]
        lines += [f"{i}. {s}" for i, s in enumerate(found, 1)]
        # punctuation is written full-width ("工作,当前" -> "工作，当前"), figures as they are
        expected += [(section.heading.title, full_width(s)) for s in found]
    assert len(expected) >= 9
    ledger = parse_facts("\n".join(lines), period="2024年")
    assert [(f.heading, f.text) for f in ledger.facts] == expected
    assert {f.role for f in ledger.facts} == {"achievements"}


def test_a_plain_heading_line_makes_its_plain_siblings_headings_too():
    # 平潭综合实验区农业农村局 2024 (../shared/departments): the writer heads facts with two
    # plain lines; only the first ends like a topic ("…发展"), the second ("…底线") does not
    paste = (
        "加快现代产业发展\n"
        "省级闽台农业融合发展产业园新增台资农业企业7家\n"
        "白沙村、磹角底村获评省级第17批“水乡渔村”休闲渔业基地\n"
        "严守民生安全底线\n"
        "争取国债资金5057万元实施海洋灾害综合防治体系建设项目\n"
        "开工1万亩新建高标准农田建设项目\n"
    )
    rows = _rows(paste)
    assert [h for h, _ in rows] == ["加快现代产业发展"] * 2 + ["严守民生安全底线"] * 2
    assert all(not text.startswith(("加快现代", "严守")) for _, text in rows)
    # without a plain heading in the paste, the same short line stays a fact
    alone = parse_facts("严守民生安全底线\n争取国债资金5057万元实施海洋灾害综合防治体系建设项目")
    assert [f.heading for f in alone.facts] == ["", ""]


# a 卫生健康局 paste written for this test (no 城管 word, not tuned for): two plain lines name
# a field of work by nouns alone; neither ends like a topic ("…能力", "…卫生")
HEALTH_PASTE = (
    "医疗服务能力\n"
    "区医院胸痛中心通过国家级认证，全年开展三四级手术1860台，同比增长21%\n"
    "新增家庭医生签约服务团队12个，重点人群签约率达78.5%\n"
    "公共卫生\n"
    "全年接种疫苗9.6万剂次，适龄儿童免疫规划疫苗接种率保持在95%以上\n"
    "爱国卫生运动深入开展，创建省级卫生村8个\n"
    "基层医疗人才缺口较大，全科医生仅有46名\n"
    "部分村卫生所设备老化，信息化水平不高\n"
    "明年推进区医院二期工程建设，新增床位300张\n"
    "明年实现县域医共体信息系统全覆盖\n"
    "引进和培养全科医生20名\n"
)


def test_a_plain_line_of_nouns_heads_the_facts_after_it():
    ledger = parse_facts(HEALTH_PASTE, "某区卫生健康局", "2024年")
    texts = [f.text for f in ledger.facts]
    assert "医疗服务能力" not in texts and "公共卫生" not in texts  # headings, not facts
    assert [f.heading for f in ledger.facts[:4]] == ["医疗服务能力"] * 2 + ["公共卫生"] * 2
    # the lines after them state a problem or a plan: facts, though short and plain
    by_text = {f.text: f for f in ledger.facts}
    for text in ("部分村卫生所设备老化，信息化水平不高", "明年实现县域医共体信息系统全覆盖"):
        assert by_text[text].heading == ""
    assert by_text["部分村卫生所设备老化，信息化水平不高"].role == "problems"
    assert by_text["基层医疗人才缺口较大，全科医生仅有46名"].role == "problems"
    # a line that opens with a verb is a fact ("完善考核机制"), and so is a noun run with a verb
    for paste in ("完善考核机制\n查处黑车300余辆", "爱国卫生运动深入开展\n创建省级卫生村8个"):
        assert [f.heading for f in parse_facts(paste).facts] == ["", ""]


def test_the_period_comes_from_the_section_markers_that_name_it():
    # a 教育局 paste (written for this test) too long for a bare year to be taken as its period
    paste = (
        "一、2024年工作成效\n新建改扩建中小学校5所，新增学位3600个\n"
        "新开办公办幼儿园3所，普惠性幼儿园覆盖率达92%\n"
        "高考本科上线率达68.3%，较上年提高2.1个百分点\n组织教师全员培训1.2万人次\n"
        "义务教育优质均衡发展县创建通过省级评估\n开展校园安全隐患排查4轮，整改隐患136处\n"
        "二、存在问题\n城区学校大班额问题仍然突出\n乡村教师结构性缺编，音体美教师不足\n"
        "三、2025年工作打算\n加快推进第三实验小学建设，确保秋季开学投用\n实施县域高中振兴计划\n"
        "深化“双减”工作，课后服务覆盖率保持100%\n"
    )
    assert len(paste) > 200
    ledger = parse_facts(paste, "某县教育局")
    assert (ledger.period, ledger.next_period) == ("2024年", "2025年")
    assert not any("时段" in w for w in ledger.warnings)


def test_the_year_a_marked_plan_line_opens_with_is_the_period_planned():
    """A 市场监管局 paste (written for this test) said its year only in its plan line: the draft
    was titled "…工作总结及下一步工作计划", with no year."""
    paste = (
        "今年以来，县市场监督管理局围绕优化营商环境和守牢安全底线，各项工作取得新进展。\n"
        "新登记各类市场主体2860户，其中企业712户，同比增长9.4%\n"
        "查处各类违法案件156件，罚没款213.5万元\n开展特种设备安全检查420台次，整改隐患37处\n"
        "处理投诉举报2318件，为消费者挽回经济损失86.2万元\n食品抽检1520批次，合格率98.6%\n"
        "问题：基层执法人员偏少，专业检测能力不足\n计划：2026年新建快检室5个，完成食品抽检1600批次\n"
    )
    assert len(paste) > 200  # no bare year is read from a text this long
    ledger = parse_facts(paste, use_classifier=False)
    assert (ledger.period, ledger.next_period) == ("2025年", "2026年")
    # a deadline, a span or a part of the year is no period planned
    for line in (
        "计划：2027年底前建成快检室5个",
        "计划：2023年以来累计建成的快检室全部投用",
        "下半年打算：2025年新建快检室5个",
        "计划：2026年3月前建成快检室5个",
    ):
        ledger = parse_facts(paste.replace("计划：2026年新建快检室5个，", line + "，"))
        assert ledger.next_period is None, line


def test_a_label_of_nouns_heads_its_facts():
    # a 文化和旅游局 paste (written for this test): "文物保护：" ends like no topic word
    ledger = parse_facts(
        "文化惠民方面：开展送戏下乡演出120场；新建城市书房4个\n"
        "文物保护：完成县级以上文物保护单位安全巡查240次，修缮古民居3处\n"
    )
    rows = [(f.heading, f.text) for f in ledger.facts]
    assert rows[-1] == ("文物保护", "完成县级以上文物保护单位安全巡查240次，修缮古民居3处")
    assert all("：" not in text for _, text in rows)


def test_a_paragraph_splits_where_a_plan_or_a_contrast_begins():
    # a 统计局 paragraph (written for this test), under 200 characters, roles mixed
    ledger = parse_facts(
        "我局完成统计执法检查企业62家，立案查处统计违法案件5起；但基层统计力量薄弱，"
        "乡镇统计员流动性大；部分企业统计台账不规范。明年我们将做好经济普查数据发布，"
        "完成统计调查项目23项。",
        use_classifier=False,
    )
    rows = [(f.role, f.text) for f in ledger.facts]
    assert rows[1:] == [
        ("problems", "基层统计力量薄弱，乡镇统计员流动性大"),
        ("problems", "部分企业统计台账不规范"),
        ("plans", "明年我们将做好经济普查数据发布，完成统计调查项目23项"),
    ]


# a 片区管理局 paste in the shape of the 平潭 web copies (written for this test): sub-headings
# run inline with their facts, and the part markers are labels on the same lines
INLINE_PASTE = (
    "2024年苏澳片区工作情况：（一）项目建设提速增效。全年实施重点项目32个，完成投资18.6亿元，"
    "完成率108%。（二）乡村振兴扎实推进。建成美丽乡村示范村5个，村集体经济收入全部超过20万元。"
    "（三）社会治理持续加强。化解矛盾纠纷216起，调解成功率98.2%。\n"
    "存在问题：项目储备不足，产业支撑较弱。\n"
    "2025年计划：（一）抓项目促投资，全年计划实施项目35个，完成投资20亿元。（二）抓乡村振兴，"
    "新建示范村3个。\n"
)


def test_sub_headings_inline_with_their_facts_head_them():
    ledger = parse_facts(INLINE_PASTE, "平潭综合实验区苏澳片区管理局")
    rows = [(f.role, f.heading, f.text) for f in ledger.facts]
    assert rows == [
        ("achievements", "项目建设提速增效", "全年实施重点项目32个，完成投资18.6亿元，完成率108%"),
        ("achievements", "乡村振兴扎实推进", "建成美丽乡村示范村5个，村集体经济收入全部超过20万元"),
        ("achievements", "社会治理持续加强", "化解矛盾纠纷216起，调解成功率98.2%"),
        ("problems", "", "项目储备不足，产业支撑较弱"),  # a part marker ends the heading above
        ("plans", "抓项目促投资", "全年计划实施项目35个，完成投资20亿元"),
        ("plans", "抓乡村振兴", "新建示范村3个"),
    ]
    assert ledger.period == "2024年" and ledger.next_period == "2025年"


def test_a_line_of_sentences_each_with_its_figure_is_a_fact_each():
    ledger = parse_facts("全年新建公厕3座。改造农贸市场4个。清运垃圾5万吨。\n完成道路亮化12公里")
    assert [f.text for f in ledger.facts] == [
        "全年新建公厕3座",
        "改造农贸市场4个",
        "清运垃圾5万吨",
        "完成道路亮化12公里",
    ]
    # a sentence of detail with no figure stays with its fact
    kept = parse_facts("全年新建公厕3座。群众满意度明显提升。\n完成道路亮化12公里")
    assert kept.facts[0].text == "全年新建公厕3座。群众满意度明显提升"


def test_a_template_titled_paste_with_titled_items():
    # a 民政局 paste (written for this test): "XX" stands for the city in the title, the part
    # marker names its period, and each numbered item opens with its own title sentence
    paste = (
        "XX市民政局2023年工作总结和2024年工作思路\n"
        "一、2023年主要工作\n"
        "1.兜底保障。全年发放城乡低保金2.8亿元，特困供养金6500万元；临时救助1.2万人次。\n"
        "2.养老服务。新建社区居家养老服务中心18个，一是完成适老化改造1200户，二是培训养老护理员860人次。\n"
        "二、存在的问题\n养老服务供给不足，农村养老设施利用率低\n"
        "三、2024年工作思路\n1.持续提升兜底保障水平，低保标准提高5%。\n"
    )
    ledger = parse_facts(paste)
    assert ledger.title == "XX市民政局2023年工作总结和2024年工作思路"
    assert (ledger.unit, ledger.period, ledger.next_period) == ("XX市民政局", "2023年", "2024年")
    rows = [(f.role, f.heading, f.text) for f in ledger.facts]
    assert rows[:5] == [
        ("achievements", "兜底保障", "全年发放城乡低保金2.8亿元，特困供养金6500万元"),
        ("achievements", "兜底保障", "临时救助1.2万人次"),
        ("achievements", "养老服务", "新建社区居家养老服务中心18个"),
        ("achievements", "养老服务", "完成适老化改造1200户"),
        ("achievements", "养老服务", "培训养老护理员860人次"),
    ]
    assert rows[5][0] == "problems" and rows[6][0] == "plans"
    # a numbered line whose first sentence is a fact keeps it
    assert [f.text for f in parse_facts("1.完成道路亮化12公里。群众满意度明显提升。").facts] == [
        "完成道路亮化12公里。群众满意度明显提升"
    ]


def test_a_web_copy_paste_loses_its_page_lines_and_keeps_its_line_numbers():
    # a 市场监管局 page copied with its header and an English keyboard's punctuation (written
    # for this test)
    paste = (
        "标题: 某区市场监督管理局2025年上半年工作总结\n"
        "发布时间: 2025-07-10\n"
        "一、上半年工作开展情况\n"
        "(1)新登记经营主体4,215户,同比增长8.6%;\n"
        '(2)"个体工商户转企业"32户.\n'
        "二、存在问题\n"
        "基层所人员老化,年龄结构不合理;检验检测能力不足.\n"
    )
    ledger = parse_facts(paste)
    assert ledger.title == "某区市场监督管理局2025年上半年工作总结"
    assert (ledger.unit, ledger.period) == ("某区市场监督管理局", "2025年上半年")
    assert any("发布时间: 2025-07-10" in w for w in ledger.warnings)
    rows = [(f.line, f.text) for f in ledger.facts]
    assert rows == [
        (4, "新登记经营主体4,215户，同比增长8.6%"),  # the figure's comma stays
        (5, "“个体工商户转企业”32户"),
        (7, "基层所人员老化，年龄结构不合理"),
        (7, "检验检测能力不足"),
    ]
    assert not any("2025-07-10" in f.text or "10" == f.text for f in ledger.facts)


def test_a_short_problem_between_problems_and_plans_is_a_problem():
    # an 综合执法局 paste (written for this test), roles by the shipped classifier in paste order
    ledger = parse_facts(
        "- 查处违法建设案件126起，拆除违建面积3.8万平方米\n- 受理12345热线投诉2860件，办结率100%\n"
        "- 执法队伍年轻化程度不够\n- 执法装备短缺\n- 2025年力争“两违”存量削减20%\n"
        "- 推进智慧执法平台二期建设\n",
        "某区综合执法局",
        "2024年",
    )
    assert [f.role for f in ledger.facts] == ["achievements"] * 2 + ["problems"] * 2 + ["plans"] * 2


# a 人社局 paste of 2026-12: unnumbered part lines, the plans one naming its year
RENSHE_PASTE = (
    "XX县人力资源和社会保障局2024年工作总结\n"
    "一、就业创业\n1. 城镇新增就业3260人，完成年度目标的108.7%\n"
    "2. 发放创业担保贷款1.35亿元，扶持创业1120人\n"
    "二、社会保险\n1. 全年发放失业保险金2860万元\n"
    "存在问题\n1. 就业结构性矛盾依然突出，技能人才供给不足\n2. 基金收支平衡压力加大\n"
    "2025年打算\n1. 力争城镇新增就业3300人以上\n2. 推进全民参保计划，新增参保2000人\n"
    "3. 深化根治欠薪，确保欠薪案件动态清零\n"
)


@pytest.mark.parametrize("line", ["2025年打算", "2025年工作打算", "明年工作计划", "下一步工作打算"])
def test_a_plain_line_that_names_the_period_before_a_marker_word_is_a_marker(line):
    ledger = parse_facts(f"成绩：\n完成造林3000亩\n{line}\n新建公厕3座\n推进垃圾分类")
    assert [f.role for f in ledger.facts] == ["achievements", "plans", "plans"]
    assert ledger.facts[1].role_reason == f"marker: {line}"


def test_a_heading_line_with_no_fact_under_it_is_kept():
    # "2. 基金收支平衡压力加大" above "2025年打算" was read as a heading over no fact, and lost
    ledger = parse_facts(RENSHE_PASTE)
    texts = {f.text: f.role for f in ledger.facts}
    assert texts["基金收支平衡压力加大"] == "problems"
    assert texts["力争城镇新增就业3300人以上"] == "plans"
    assert len(ledger.facts) == 8
    # a writer's heading with nothing under it stays, as its own heading
    ledger = parse_facts("就业方面\n- 新增就业300人\n社保方面\n医保方面\n- 参保2万人")
    assert [(f.heading, f.text) for f in ledger.facts] == [
        ("就业方面", "新增就业300人"),
        ("社保方面", "社保方面"),
        ("医保方面", "参保2万人"),
    ]


def test_a_numbered_heading_under_a_cn_heading_is_an_item_title_not_dropped():
    # the draft has two heading levels; the writer's third ("1. 占道整治") was dropped
    paste = (
        "（一）市容管理\n1. 占道整治\n- 查处占道经营300起\n- 新建便民摊区3处\n"
        "2. 违建治理\n- 拆除违建1.2万平方米\n"
    )
    ledger = parse_facts(paste, "某县城管局", "2024年")
    assert [(f.heading, f.text, f.title) for f in ledger.facts] == [
        ("市容管理", "占道整治", True),
        ("市容管理", "查处占道经营300起", False),
        ("市容管理", "新建便民摊区3处", False),
        ("市容管理", "违建治理", True),
        ("市容管理", "拆除违建1.2万平方米", False),
    ]


def test_a_one_paragraph_report_turns_to_its_problems_and_plans_where_it_says_so():
    # a 交通运输局 paste of 2026-12: the last 一是 item ran on into the problems and the plans
    paste = (
        "2024年，县交通运输局全力推进交通基础设施建设，全年完成交通固定资产投资15.3亿元，同比增长9.1%。"
        "一是重点项目加快推进。国道G205改线工程完成路基工程量的85%，新增二级公路28公里。"
        "二是运输服务持续优化。新开通城乡公交线路6条，全年完成客运量320万人次。"
        "同时，也存在一些问题：项目建设资金缺口较大，农村公路养护资金不足。"
        "2025年，我局将加快推进G205改线工程建设，力争年底主线贯通；计划完成农村公路提质改造100公里。"
    )
    ledger = parse_facts(paste, "XX县交通运输局")
    assert ledger.period == "2024年" and ledger.next_period == "2025年"
    roles_of = [(f.role, f.text[:8]) for f in ledger.facts]
    assert roles_of[-3:] == [
        ("problems", "项目建设资金缺口"),
        ("plans", "2025年，我局"),
        ("plans", "计划完成农村公路"),
    ]
    assert all(role == "achievements" for role, _ in roles_of[:-3])
    assert not any("也存在一些问题" in f.text for f in ledger.facts)


def test_a_plain_line_that_names_the_problems_is_their_marker():
    # a 司法局 paste of 2026-12: "存在的问题" (no colon) was drafted as the problem "一是存在的问题"
    paste = "成绩：\n办理公证事项2100件\n存在的问题\n基层司法所人员力量薄弱\n下一步工作打算\n年内创建5个枫桥式司法所"
    ledger = parse_facts(paste)
    assert [(f.role, f.text) for f in ledger.facts] == [
        ("achievements", "办理公证事项2100件"),
        ("problems", "基层司法所人员力量薄弱"),
        ("plans", "年内创建5个枫桥式司法所"),
    ]
    # a plain line that names no problem heads the facts of its part
    ledger = parse_facts("重点工作\n- 办理公证事项2100件\n- 调解纠纷4360件")
    assert {f.heading for f in ledger.facts} == {"重点工作"}


def test_the_period_planned_by_a_marker_is_not_the_period_summed_up():
    # "2025年打算" named the plans; the bare "2025年" it holds was read as the period summed up too
    ledger = parse_facts("成绩：\n新建公厕3座\n2025年打算\n新建公厕5座")
    assert (ledger.period, ledger.next_period) == ("2024年", "2025年")
    ledger = parse_facts("成绩：\n新建公厕3座\n2024年下半年计划\n新建公厕5座")
    assert (ledger.period, ledger.next_period) == ("2024年上半年", "2024年下半年")
    # what the writer typed wins
    ledger = parse_facts("成绩：\n新建公厕3座\n2025年打算\n新建公厕5座", period="2025年上半年")
    assert ledger.period == "2025年上半年"


def test_a_paste_titled_as_a_plan_is_all_plans_unless_a_marker_says_otherwise():
    # a 商务局 paste of 2026-12: its first section of the 2025 plan was drafted as 2024 results
    paste = (
        "XX县商务局2025年工作计划\n一、促进消费扩容提质\n"
        "1. 开展“家电以旧换新”促消费活动10场以上\n2. 培育夜间经济集聚区2个\n"
        "二、稳外贸稳外资\n1. 力争外贸进出口总额增长8%\n存在问题：\n外贸主体偏少\n"
    )
    ledger = parse_facts(paste)
    assert [f.role for f in ledger.facts] == ["plans", "plans", "plans", "problems"]
    assert ledger.facts[0].role_reason == "marker: XX县商务局2025年工作计划"
    assert (ledger.period, ledger.next_period) == ("2024年", "2025年")
    # a summary and plan, or a year's points, is not
    for title in ("某局2024年工作总结及2025年工作计划", "某局2024年工作要点"):
        ledger = parse_facts(f"{title}\n查处黑车300余辆\n新建公厕3座")
        assert [f.role for f in ledger.facts] == ["achievements", "achievements"], title


def test_the_page_lines_left_out_are_named_whole_and_counted(departments_dir):
    # the 苏平片区 page has nine: the warning cut the fifth in two ("…；栏。")
    paste = (departments_dir / "pingtan_suping_2023plan.txt").read_text(encoding="utf-8")
    warning = next(w for w in parse_facts(paste).warnings if w.startswith("已略去网页信息行"))
    assert warning.endswith("等 9 行。")
    assert "发布时间: 2023-01-03 09:37；文号: 无" in warning and "栏" not in warning


def test_a_web_copys_inline_part_markers_set_the_roles(departments_dir):
    # 平潭 旅游与文化体育局 2024: "…4A级旅游景区。一、2024年工作总结（一）…" and "…良好形象。二、
    # 2025年工作思路深入贯彻…" run inline; the plans were read as more results
    paste = (departments_dir / "pingtan_lwtj_2024sum_2025plan.txt").read_text(encoding="utf-8")
    ledger = parse_facts(paste)
    plans = [f for f in ledger.facts if f.role == "plans"]
    assert plans and all(f.role_reason == "marker: 2025年工作思路" for f in plans)
    assert plans[0].text.startswith("深入贯彻落实习近平总书记在福建考察时的重要讲话精神")
    assert not any(f.text.startswith(("2025年工作思路", "2024年工作总结")) for f in ledger.facts)
    assert any(f.role_reason == "marker: 2024年工作总结" for f in ledger.facts)


def test_an_inline_heading_that_runs_into_its_first_item_ends_there():
    # 平潭 社会事业局 2024: "（一）突出党建引领，激发担当作为一是持续加强思想政治建设。…" was
    # headed by the whole first sentence
    paste = (
        "一、工作成效（一）突出党建引领，激发担当作为一是持续加强思想政治建设。开展中心组学习12次。"
        "二是深化模范机关建设。开展专题党课6场。（二）提升服务品质，厚植民生福祉一是硬件短板加快补齐。"
        "新建学校3所。二是服务质量稳步提升。新增床位200张。"
    )
    ledger = parse_facts(paste, "某局", "2024年")
    assert {f.heading for f in ledger.facts} == {
        "突出党建引领，激发担当作为",
        "提升服务品质，厚植民生福祉",
    }
    assert ledger.facts[0].text.startswith("持续加强思想政治建设")


def test_a_table_copied_from_a_spreadsheet_is_a_fact_per_row():
    # a 住建局 paste of 2026-12: the cells kept their tabs, and the header row was a fact
    paste = (
        "住建局2024年重点工作完成情况\n项目\t年度目标\t完成情况\n"
        "保障性住房建设\t新建1200套\t完成1260套\n老旧小区改造\t35个\t完成35个，惠及居民8600户\n"
        "存在问题：部分老旧小区改造资金缺口较大\n"
    )
    ledger = parse_facts(paste, "XX县住房和城乡建设局")
    assert [f.text for f in ledger.facts] == [
        "保障性住房建设，新建1200套，完成1260套",
        "老旧小区改造，年度目标35个，完成35个，惠及居民8600户",  # a bare figure names its column
        "部分老旧小区改造资金缺口较大",
    ]
    assert [f.line for f in ledger.facts] == [3, 4, 5]
    assert any("表头 项目／年度目标／完成情况" in w for w in ledger.warnings)
    assert not any("\t" in f.text for f in ledger.facts)
    # a word processor's "1.\t…" list is numbered lines, no table
    listed = parse_facts("1.\t查处黑车300辆\n2.\t新建公厕3座")
    assert [f.text for f in listed.facts] == ["查处黑车300辆", "新建公厕3座"]


def test_bracketed_labels_are_markers_or_headings_without_their_brackets():
    # an 教育局 paste of 2026-12: "【主要成绩】" became the heading "（一）【主要成绩】", and the
    # last problem, above "【下步打算】", was filed under the plans
    paste = (
        "【主要成绩】\n• 新建改扩建中小学校4所\n• 招聘补充教师236名\n【存在不足】\n"
        "• 城区学校大班额问题仍然存在\n• 农村学校教师结构性缺编\n【下步打算】\n• 开工建设第三实验小学\n"
    )
    ledger = parse_facts(paste, "XX县教育局", "2024年")
    assert [(f.role, f.heading) for f in ledger.facts] == [
        ("achievements", ""),
        ("achievements", ""),
        ("problems", ""),
        ("problems", ""),
        ("plans", ""),
    ]
    topics = parse_facts("【文物保护】\n• 完成文物普查点位320处\n• 修缮古民居5座", "某局", "2024年")
    assert {f.heading for f in topics.facts} == {"文物保护"}


def test_a_clause_that_only_announces_the_problems_is_their_marker():
    # a 民政局 paste of 2026-12: "但也存在一些问题，…" was drafted "一是也存在一些问题，养老服务…"
    ledger = parse_facts(
        "全年发放城乡低保金8650万元\n"
        "但也存在一些问题，养老服务专业人才缺乏，部分敬老院设施老化\n"
        "社会救助信息化水平还不高\n"
        "人才队伍建设存在问题，结构老化\n"
    )
    texts = [(f.role, f.text) for f in ledger.facts]
    assert texts[1] == ("problems", "养老服务专业人才缺乏，部分敬老院设施老化")
    assert texts[2][0] == "problems"
    # a clause with a subject of its own states the problem, and stays
    assert texts[3] == ("problems", "人才队伍建设存在问题，结构老化")


def test_a_plain_line_that_names_a_periods_work_is_a_marker_not_a_heading():
    # a 统计局 paste of 2026-12 opened "县统计局上半年工作" (no colon): it headed all the results
    ledger = parse_facts(
        "县统计局上半年工作\n- 完成经济普查登记，登记法人单位3260个\n"
        "- 编印《统计月报》6期\n下半年打算：\n- 做好经济普查数据汇总\n"
    )
    assert [f.role for f in ledger.facts] == ["achievements", "achievements", "plans"]
    assert all(not f.heading for f in ledger.facts)
    assert ledger.unit == "县统计局"


@pytest.mark.parametrize(
    ("line", "role", "text"),
    [
        (
            "当前面临的困难和问题：一是有效需求不足，民间投资增长乏力",
            "problems",
            "有效需求不足，民间投资增长乏力",
        ),
        ("2025年工作安排：一是抓好项目谋划储备", "plans", "抓好项目谋划储备"),
        # a clause that names a topic is the problem itself, whatever word it opens with
        ("有效需求不足，民间投资增长乏力", "problems", "有效需求不足，民间投资增长乏力"),
    ],
)
def test_a_label_that_names_a_part_is_its_marker_and_no_clause_is_lost(line, role, text):
    ledger = parse_facts("全年完成投资712亿元\n" + line + "\n")
    fact = ledger.facts[1]
    assert (fact.role, fact.text, fact.heading) == (role, text, "")


ZHUJIAN_PASTE = """2024年住建局工作汇报
今年以来我局重点抓了以下几项工作：
一是城市更新。完成老旧小区改造32个，惠及居民5600户；加装电梯46部。
二是住房保障。筹集保障性租赁住房1200套，发放住房租赁补贴860万元。
目前存在的问题主要是：房地产市场仍处于调整期，商品房销售面积同比下降12%；部分老旧小区改造后长效管理机制不健全。
下一步，我们将重点做好以下工作：继续推进城市更新行动，计划改造老旧小区40个；加快保障性住房建设。
"""


def test_a_report_of_titled_items_and_introduced_lists():
    # a 住建局 paste of 2026-12: the introduction was a heading, each item's title ran into its
    # first fact ("一是城市更新。完成…"), and "目前存在的问题主要是：" and "我们将重点做好以下
    # 工作：" were drafted as parts of the first problem and the first plan
    ledger = parse_facts(ZHUJIAN_PASTE)
    assert ledger.title == "2024年住建局工作汇报" and ledger.unit == "住建局"
    facts = [(f.role, f.heading, f.text) for f in ledger.facts]
    assert facts[:3] == [
        ("achievements", "城市更新", "完成老旧小区改造32个，惠及居民5600户"),
        ("achievements", "城市更新", "加装电梯46部"),
        ("achievements", "住房保障", "筹集保障性租赁住房1200套，发放住房租赁补贴860万元"),
    ]
    assert [t for r, _, t in facts if r == "problems"] == [
        "房地产市场仍处于调整期，商品房销售面积同比下降12%",
        "部分老旧小区改造后长效管理机制不健全",
    ]
    assert [t for r, _, t in facts if r == "plans"] == [
        "继续推进城市更新行动，计划改造老旧小区40个",
        "加快保障性住房建设",
    ]
    assert any("以下几项工作" in w for w in ledger.warnings)  # the writer is told it was left out


def test_a_title_with_its_unit_and_no_year_is_the_title():
    ledger = parse_facts("区文化和旅游局上半年工作总结\n接待游客386.5万人次\n")
    assert ledger.title == "区文化和旅游局上半年工作总结" and ledger.unit == "区文化和旅游局"
    assert [f.text for f in ledger.facts] == ["接待游客386.5万人次"]
    # a short line with no unit and no year is a fact, as before
    assert parse_facts("加强队伍建设工作情况\n接待游客386.5万人次\n").title is None


def test_a_line_that_introduces_the_plans_or_problems_is_their_marker():
    ledger = parse_facts(
        "全年查处案件5起\n存在的主要问题有以下几点：\n执法力量不足\n"
        "2025年，我镇将重点抓好以下工作：\n（一）抓招商促发展，力争签约项目15个以上\n"
        "（二）抓治理促和谐，深化网格化管理\n"
    )
    assert [(f.role, f.role_reason) for f in ledger.facts][1:] == [
        ("problems", "marker: 存在的主要问题有以下几点"),
        ("plans", "marker: 2025年，我镇将重点抓好以下工作"),
        ("plans", "marker: 2025年，我镇将重点抓好以下工作"),
    ]
    assert not ledger.warnings or all("不是工作事实" not in w for w in ledger.warnings)


def test_a_paragraph_that_ends_by_introducing_the_report_is_the_writers_text():
    # the 国资局 web copy's opening paragraph ends "…现将有关情况报告如下：": it was dropped whole
    # as an introduction in a first version of the rule
    line = "2022年以来，实验区国资系统在区党工委管委会的坚强领导下，稳步推动各项工作。现将有关情况报告如下："
    ledger = parse_facts(line + "\n全年完成投资122.88亿元\n")
    assert ledger.facts[0].text.startswith("2022年以来，实验区国资系统")
    assert not any("不是工作事实" in w for w in ledger.warnings)


@pytest.mark.parametrize(
    "paste",
    [
        "查处案件5起\n执法力量不足\n人员短板\n",
        "查处案件5起\n二、执法力量不足\n三、明年计划\n新建公厕3座\n",
        "查处案件5起\n二、存在的不足和困难\n执法力量不足\n三、下步工作打算\n新建公厕3座\n",
    ],
)
def test_a_short_problem_line_is_a_fact_and_a_line_that_names_the_part_is_its_marker(paste):
    # "二、存在的不足和困难" (a 市场监管局 paste of 2026-12) was a sub-heading of the results; a
    # first fix made every short line ending in 不足 a marker, and "执法力量不足" vanished
    ledger = parse_facts(paste, "某局", "2024年")
    texts = [(f.role, f.text, f.heading) for f in ledger.facts]
    assert ("problems", "执法力量不足", "") in texts
    assert all("存在的不足和困难" not in t for _, t, h in texts for t in (t, h))


def test_a_list_led_by_its_period_has_no_heading_of_it():
    ledger = parse_facts(
        "完成抽检2100批次\n三、下步工作打算\n下半年，一是开展食品安全专项行动；二是推进个转企300户\n"
    )
    assert [(f.role, f.heading, f.text) for f in ledger.facts][1:] == [
        ("plans", "", "开展食品安全专项行动"),
        ("plans", "", "推进个转企300户"),
    ]


def _unsaid(paste: str) -> list[str]:
    """Runs of 6+ characters of a paste's lines that reach no fact, heading, title, marker
    reason or note: what a reading rule would have lost without a word."""
    import re

    from assistant.fact_lines import header_role

    ledger = parse_facts(paste)
    parts = [ledger.title or "", *ledger.warnings]
    parts += [f.text + f.heading + f.role_reason for f in ledger.facts]
    said = re.sub(r"[^\u4e00-\u9fff0-9]", "", "".join(parts))
    lost = []
    for line in paste.splitlines():
        if header_role(line):  # "三、下步工作打算": the part itself
            continue
        line = re.sub(r"[一二三四五六七八九十]+是", "，", line)  # run-in markers are the draft's
        for run in re.findall(r"[\u4e00-\u9fff0-9]{6,}", line):
            run = re.sub(r"^(?:但是|但|然而|不过|同时|此外|另外)", "", run)  # dropped conjunctions
            if run not in said:
                lost.append(run)
    return lost


def _eval_inputs() -> list[str]:
    import json
    from pathlib import Path

    cases = Path(__file__).resolve().parents[1] / "eval" / "cases"
    return [
        json.loads(line)["input"]
        for name in ("dev.jsonl", "corpus.jsonl")
        for line in (cases / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


SHORT_LINES_PASTE = "查处案件5起\n二、执法力量不足\n人员短板\n三、明年计划\n新建公厕3座\n"


@pytest.mark.parametrize("paste", [RENSHE_PASTE, ZHUJIAN_PASTE, SHORT_LINES_PASTE, *_eval_inputs()])
def test_every_pasted_line_reaches_the_ledger(paste):
    # "执法力量不足" vanished as a "marker" in a first version of a rule of this stop: nothing
    # the writer pasted may be dropped silently
    assert _unsaid(paste) == []


def test_short_topic_labels_of_one_paste_head_their_lines_alike():
    # a 林业局 paste of 2026-12: "森林防火：" headed its line, but "林长制：", "有害生物防治：" and
    # "林下经济：" (words jieba does not tag as a noun run) were drafted "一是林长制：落实…"
    ledger = parse_facts(
        "林业局2024年工作总结\n全年完成植树造林2.3万亩\n森林防火：全年未发生重大森林火灾\n"
        "林长制：落实县乡村三级林长1260名\n有害生物防治：完成松材线虫病疫木除治12万株\n"
        "林下经济：发展林下种植面积1.2万亩\n问题：护林员年龄偏大\n打算：新造林2万亩\n"
    )
    assert [(f.heading, f.text) for f in ledger.facts][1:5] == [
        ("森林防火", "全年未发生重大森林火灾"),
        ("林长制", "落实县乡村三级林长1260名"),
        ("有害生物防治", "完成松材线虫病疫木除治12万株"),
        ("林下经济", "发展林下种植面积1.2万亩"),
    ]
    assert [(f.role, f.heading) for f in ledger.facts][5:] == [("problems", ""), ("plans", "")]


def test_a_paste_with_its_own_words_for_the_parts():
    # a 司法局 paste of 2026-12: "工作要点回顾" titled it, "短板弱项" and "来年思路" named the parts;
    # all three were sub-headings, and the opening listed "司法局工作要点回顾" as a key task
    ledger = parse_facts(
        "司法局工作要点回顾\n• 全年办理法律援助案件1260件\n短板弱项\n• 公共法律服务网络不够健全\n"
        "• 人员短板\n来年思路\n• 推进公共法律服务实体平台全覆盖\n"
    )
    assert ledger.title == "司法局工作要点回顾" and ledger.unit == "司法局"
    assert [(f.role, f.heading, f.text) for f in ledger.facts] == [
        ("achievements", "", "全年办理法律援助案件1260件"),
        ("problems", "", "公共法律服务网络不够健全"),
        ("problems", "", "人员短板"),  # a terse problem, not a marker
        ("plans", "", "推进公共法律服务实体平台全覆盖"),
    ]


def test_a_page_flattened_into_one_line_keeps_its_title_and_parts():
    # a 住建局 paste of 2026-12, a page whose line breaks had become spaces: the wrap-space rule
    # glued "…工作计划 一、2025年…" into "…工作计划一、2025年…", so the title and part one's
    # marker were one fact, "存在的问题" was "一是存在的问题", and the guard then cut the plans'
    # opening sentence as a second copy of that fact
    paste = (
        "县住房和城乡建设局2025年工作总结及2026年工作计划 一、2025年工作开展情况 "
        "（一）城市更新扎实推进。一是实施老旧小区改造项目23个；二是新建改造城市燃气管网42公里。"
        "（二）住房保障稳步提升。筹集保障性租赁住房450套。 二、存在的问题 "
        "一是城市基础设施历史欠账较多，资金缺口较大；二是建筑业企业规模偏小。 "
        "三、2026年工作计划 （一）持续推进城市更新，计划改造老旧小区18个。"
    )
    ledger = parse_facts(paste)
    assert ledger.title == "县住房和城乡建设局2025年工作总结及2026年工作计划"
    assert [(f.role, f.heading, f.text) for f in ledger.facts] == [
        ("achievements", "城市更新扎实推进", "实施老旧小区改造项目23个"),
        ("achievements", "城市更新扎实推进", "新建改造城市燃气管网42公里"),
        ("achievements", "住房保障稳步提升", "筹集保障性租赁住房450套"),
        ("problems", "", "城市基础设施历史欠账较多，资金缺口较大"),
        ("problems", "", "建筑业企业规模偏小"),
        ("plans", "持续推进城市更新", "计划改造老旧小区18个"),
    ]


def test_a_bulleted_line_over_deeper_bullets_heads_them():
    # a 数据局 paste of 2026-12: "◆ 数字政府建设" over "  - …143个" lines was drafted as the
    # fact "一是数字政府建设"; a bullet is no heading, but a line the next ones sit under is
    paste = (
        "市数据局2025年工作总结\n◆ 数字政府建设\n  - 政务云平台承载业务系统143个\n"
        "  - 归集政务数据12.6亿条\n◆ 一网通办\n\t- 上线主题服务28项\n"
        "- 新增5G基站1260个\n  - 其中农村基站320个\n"
    )
    rows = [(f.heading, f.text) for f in parse_facts(paste).facts]
    assert rows[:3] == [
        ("数字政府建设", "政务云平台承载业务系统143个"),
        ("数字政府建设", "归集政务数据12.6亿条"),
        ("一网通办", "上线主题服务28项"),
    ]
    # a line with a figure over its detail stays a fact
    assert [text for _, text in rows[3:]] == ["新增5G基站1260个", "其中农村基站320个"]


def test_a_documents_signature_is_no_fact():
    # a 统计局 paste of 2026-12 closed with its 落款: "三是县统计局；四是2025年12月20日"
    ledger = parse_facts(
        "县统计局2025年工作总结\n开展统计执法检查，检查企业45家\n三、下步打算\n"
        "完善统计监测预警机制\n\n县统计局\n2025年12月20日\n"
    )
    assert [(f.role, f.text) for f in ledger.facts] == [
        ("achievements", "开展统计执法检查，检查企业45家"),
        ("plans", "完善统计监测预警机制"),
    ]
    assert any("落款 县统计局 2025年12月20日" in w for w in ledger.warnings)
    # a date alone closes a paste too; a dated fact stays a fact
    ledger = parse_facts("县统计局2025年工作总结\n发布普查公报4期\n2025年12月20日\n")
    assert [f.text for f in ledger.facts] == ["发布普查公报4期"]
    ledger = parse_facts("县统计局2025年工作总结\n发布普查公报4期\n2025年12月20日完成年报\n")
    assert [f.text for f in ledger.facts][-1] == "2025年12月20日完成年报"


def test_a_tables_row_number_column_is_no_fact():
    # a 残联 table of 2026-12: "一是序号1，残疾人基本康复服务，为2860名…"
    ledger = parse_facts(
        "县残联2025年工作总结\n序号\t工作内容\t完成情况\n"
        "1\t残疾人基本康复服务\t为2860名持证残疾人提供基本康复服务，覆盖率92%\n"
        "2\t辅助器具适配\t适配辅助器具1130件\n"
    )
    assert [f.text for f in ledger.facts] == [
        "残疾人基本康复服务，为2860名持证残疾人提供基本康复服务，覆盖率92%",
        "辅助器具适配，适配辅助器具1130件",
    ]


@pytest.mark.parametrize(
    "marker", ["三、下半年工作思路和举措", "三、下步工作措施", "三、2026年目标任务"]
)
def test_a_plans_part_headed_by_its_measures_or_tasks(marker):
    # a 街道办 paste of 2026-12: "三、下半年工作思路和举措" was read as a （三） heading under the
    # problems, and the plans part was drafted as 〔待补：下一步工作计划〕
    ledger = parse_facts(
        "XX街道办事处2025年上半年工作总结\n一、上半年工作完成情况\n新增就业岗位680个\n"
        f"二、困难和问题\n招商引资项目落地慢\n{marker}\n深入开展城市环境综合整治\n"
    )
    assert [(f.role, f.heading) for f in ledger.facts] == [
        ("achievements", ""),
        ("problems", ""),
        ("plans", ""),
    ]


def test_a_fact_pasted_twice_is_drafted_once_and_the_writer_told():
    ledger = parse_facts("城管局2025年\n查处违法建设120处\n查处违法建设120处。\n新建公厕5座\n")
    assert [f.text for f in ledger.facts] == ["查处违法建设120处", "新建公厕5座"]
    assert any("查处违法建设120处（第3行）" in w for w in ledger.warnings), ledger.warnings
    # a short line may stand under two headings
    ledger = parse_facts(
        "执法方面\n- 加强宣传\n- 查处案件12起\n服务方面\n- 加强宣传\n- 发放资料300份\n"
    )
    assert [(f.heading, f.text) for f in ledger.facts if f.text == "加强宣传"] == [
        ("执法方面", "加强宣传"),
        ("服务方面", "加强宣传"),
    ]


def test_a_chat_apps_emoji_and_symbols_are_bullets():
    # a paste copied from a chat of 2026-12 was drafted "三是🙂 清理小广告3万张"
    ledger = parse_facts("城管局2025年\n✅ 查处违法建设120处\n🙂 清理小广告3万张\n★ 新建公厕5座\n")
    assert [f.text for f in ledger.facts] == ["查处违法建设120处", "清理小广告3万张", "新建公厕5座"]


def test_an_office_named_in_the_title_is_the_unit():
    # a 县委办 paste of 2026-12: "未能从内容中识别单位名称", and the draft said 我们 throughout
    assert parse_facts("县委办公室2025年工作总结\n起草各类文稿320余篇\n").unit == "县委办公室"


def test_one_paragraph_runs_on_into_its_problems_and_its_plans_list():
    # a 司法局 paste of 2026-12, one paragraph: "一是重点做好以下工作" was a plan, the guard then
    # added "2026年，我们将重点做好以下工作：。", and a problem kept its "主要是"
    ledger = parse_facts(
        "2025年，县司法局扎实推进法治政府建设。主要做了以下工作：一是全面推进依法行政，审查规范性"
        "文件23件；二是加强人民调解，调解矛盾纠纷2300余件。但也存在一些问题，主要是基层司法所人员"
        "不足，部分司法所仅有1名工作人员。2026年，我们将重点做好以下工作：一是推进“八五”普法总结"
        "验收；二是新建村（社区）法律服务工作室20个。"
    )
    rows = [(f.role, f.text) for f in ledger.facts]
    assert rows[-3:] == [
        ("problems", "基层司法所人员不足，部分司法所仅有1名工作人员"),
        ("plans", "推进“八五”普法总结验收"),
        ("plans", "新建村（社区）法律服务工作室20个"),
    ]


def test_an_opening_run_on_into_the_first_figure_with_a_comma_is_a_line_of_its_own():
    # a 退役军人事务局 paste of 2026-12, one paragraph: its opening was item 一是 with the
    # first figure ("一是今年以来，区退役军人事务局坚持…作为中心任务，全年接收…186人")
    paste = (
        "今年以来，区退役军人事务局坚持把服务退役军人作为中心任务，全年接收安置退役士兵186人，"
        "安置率100%；发放各类优抚金3860万元；走访慰问重点优抚对象1400人次"
    )
    texts = [f.text for f in parse_facts(paste).facts]
    assert texts[:2] == [
        "今年以来，区退役军人事务局坚持把服务退役军人作为中心任务",
        "全年接收安置退役士兵186人，安置率100%",
    ], texts
    # a clause of its own is needed after the time span: "今年以来，新建公厕3座" is one fact
    assert [f.text for f in parse_facts("今年以来，新建公厕3座；改造中转站5个").facts][0] == (
        "今年以来，新建公厕3座"
    )


def test_a_markdown_heading_that_names_the_results_marks_them_as_the_later_ones_do():
    # a 气象局 paste of 2026-12: "### 工作成效" headed its facts as the topic "（一）工作成效"
    paste = (
        "## 市气象局2025年工作总结\n### 工作成效\n- 发布预警信号128期\n- 新建自动气象站32个\n"
        "### 存在不足\n- 基层台站业务人员短缺\n### 2026年打算\n- 新建天气雷达1部\n"
    )
    facts = parse_facts(paste).facts
    assert [(f.role, f.heading) for f in facts] == [
        ("achievements", ""),
        ("achievements", ""),
        ("problems", ""),
        ("plans", ""),
    ], [(f.role, f.heading) for f in facts]
    # a topic line stays a topic where no other part is marked
    alone = parse_facts("工作成效\n- 发布预警信号128期\n- 新建自动气象站32个\n").facts
    assert alone[0].heading == "工作成效"


def test_a_paste_typed_in_full_width_names_its_title_unit_and_periods():
    # a 粮食和物资储备局 paste of 2026-12: no title, unit or period was found, and its title
    # line was drafted as item 一是
    paste = (
        "市粮食和物资储备局２０２５年工作情况\n●全年收购粮食３２．６万吨\n"
        "●完成地方储备粮轮换４．２万吨\n２０２６年打算：\n●推进智慧粮库建设\n"
    )
    ledger = parse_facts(paste)
    assert (ledger.unit, ledger.period, ledger.next_period) == (
        "市粮食和物资储备局",
        "2025年",
        "2026年",
    )
    assert ledger.title == "市粮食和物资储备局2025年工作情况"
    assert [f.text for f in ledger.facts][:2] == [
        "全年收购粮食３２．６万吨",
        "完成地方储备粮轮换４．２万吨",
    ]
    assert any("“市粮食和物资储备局２０２５年工作情况”一行作为标题" in w for w in ledger.warnings)


def test_a_work_report_pasted_whole_keeps_its_own_headings_and_drops_its_speech_head():
    # the corpus's 海拉尔区 2012 政府工作报告 pasted whole (2026-12): "政 府 工 作 报 告", the
    # meeting, "区长 张天喜" and "各位代表" were headings of the plans, and its own
    # "（一）经济增长进一步加快，综合实力显著提高。2011年，…" paragraphs were regrouped
    paste = (
        "政 府 工 作 报 告\n——2012年2月29日在海拉尔区第十三届人民代表大会第六次会议上\n"
        "海拉尔区人民政府区长　　张天喜\n各位代表：\n"
        "现在，我代表区政府向大会作工作报告，请予审议。\n一、过去一年工作回顾\n"
        "（一）经济增长进一步加快，综合实力显著提高。2011年，地区生产总值完成198.5亿元，"
        "同比增长22.3%。财政总收入完成29亿元。\n"
        "（二）项目带动成效凸显，工业经济增势强劲。全年实施工业重点项目38个。\n"
        "二、存在的问题\n一是经济总量偏小；二是财政收支矛盾突出。\n"
    )
    ledger = parse_facts(paste)
    assert [(f.role, f.heading, f.text) for f in ledger.facts] == [
        (
            "achievements",
            "经济增长进一步加快，综合实力显著提高",
            "2011年，地区生产总值完成198.5亿元，同比增长22.3%",
        ),
        ("achievements", "经济增长进一步加快，综合实力显著提高", "财政总收入完成29亿元"),
        ("achievements", "项目带动成效凸显，工业经济增势强劲", "全年实施工业重点项目38个"),
        ("problems", "", "经济总量偏小"),
        ("problems", "", "财政收支矛盾突出"),
    ], [(f.role, f.heading, f.text) for f in ledger.facts]
    said = next(w for w in ledger.warnings if "不是工作事实" in w)
    assert "政府工作报告" in said and "各位代表" in said and "张天喜" in said
    assert not said.endswith("。。")
    # a dash bullet is no meeting line, nor a fact that opens the paste
    bullets = parse_facts("- 全区参保人数52.3万人\n- 异地就医结算11.6万人次\n").facts
    assert [f.text for f in bullets] == ["全区参保人数52.3万人", "异地就医结算11.6万人次"]
    # a first sentence with a figure is a fact, not a heading
    counted = parse_facts("（一）改造老旧小区28个。惠及居民4260户。\n（二）新建公厕3座。\n").facts
    assert [f.heading for f in counted] == ["", "", ""], [(f.heading, f.text) for f in counted]


def test_a_topic_label_ends_where_the_paste_turns_to_its_problems_and_plans():
    # a 片区管理局 paste of 2026-12: the label "民生方面，…" headed the problem after it (drafted
    # "（一）民生方面" in part two), and the plan "下一步，将聚焦…" stayed in part one under the
    # paste's first line, a results marker
    paste = (
        "苏澳片区管理局2025年工作\n全年完成固定资产投资18.6亿元，增长9.2%\n"
        "农业方面，新建高标准农田3200亩。\n民生方面，新增就业岗位860个，新建农村公厕18座。\n"
        "不足主要是项目储备不足，土地要素制约明显。\n下一步，将聚焦项目建设，力争固定资产投资增长10%以上。\n"
    )
    facts = parse_facts(paste).facts
    assert [(f.role, f.heading) for f in facts] == [
        ("achievements", ""),
        ("achievements", "农业方面"),
        ("achievements", "民生方面"),
        ("problems", ""),
        ("plans", ""),
    ], [(f.role, f.heading, f.text) for f in facts]


def test_a_clause_that_says_the_problems_are_seen_announces_them():
    # a 生态环境厅 paste of 2026-12: "主要表现在：也要看到，部分地区臭氧污染问题凸显…"
    paste = "查处环境违法案件1380起\n同时也要看到，部分地区臭氧污染问题凸显，基层环境监管能力不足\n"
    facts = parse_facts(paste).facts
    assert [(f.role, f.text) for f in facts][1] == (
        "problems",
        "部分地区臭氧污染问题凸显，基层环境监管能力不足",
    )
