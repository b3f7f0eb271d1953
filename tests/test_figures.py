"""The one figure parser (assistant/figures.py) on the forms the drafting issue lists."""

from __future__ import annotations

import pytest

from assistant.figures import contains_figure, figure_keys, find_figures


def only(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


def magnitude(unit: str) -> float:
    """A parser may keep 万/亿 in the unit or fold it into the value; both are fine."""
    return {"万": 1e4, "亿": 1e8}.get(unit[:1], 1.0)


@pytest.mark.parametrize(
    "sentence, surface, value, unit_tail, approx",
    [
        ("截止目前，查处非法营运黑车300余辆。", "300余辆", 300, "辆", "余"),
        ("组织拆除违法建设1062.1万余平方米。", "1062.1万余平方米", 10_621_000, "平方米", "余"),
        ("县财政共投入1.8亿多元用于城乡环境综合整治。", "1.8亿多元", 180_000_000, "元", "多"),
        ("全年完成投资2,345.67亿元。", "2,345.67亿元", 234_567_000_000, "元", ""),
        ("今年新建三座公厕。", "三座", 3, "座", ""),
        ("完成向阳、甘塘坡两个农贸市场的升级改造。", "两个", 2, "个", ""),
        ("人行道7天一轮回清洗。", "7天", 7, "天", ""),
    ],
)
def test_counts_keep_surface_value_unit_and_qualifier(sentence, surface, value, unit_tail, approx):
    fig = only(sentence)
    assert fig.text == surface
    assert sentence[fig.start : fig.end] == surface
    assert fig.kind == "number"
    assert fig.unit.endswith(unit_tail)
    assert fig.value * magnitude(fig.unit) == pytest.approx(value)
    assert fig.approx == approx
    assert not fig.masked


def test_percent():
    fig = only("结案率99%。")
    assert (fig.text, fig.kind, fig.value, fig.unit) == ("99%", "percent", 99.0, "%")


def test_year_month_date():
    fig = only("特别是2023年12月，我局党建工作得到肯定。")
    assert fig.text == "2023年12月"
    assert fig.kind == "date"
    assert not fig.masked


def test_month_range_surface_and_kind():
    fig = only("5-6月开展专项整治。")
    assert fig.text == "5-6月"
    assert fig.kind == "range"


def test_month_range_value_is_lower_bound():
    assert only("5-6月开展专项整治。").value == 5


def test_idiom_sanweiyiti_is_not_a_count():
    assert [f.text for f in find_figures("争取建成3座三位一体公厕。")] == ["3座"]


def test_masked_figure_stays_masked():
    fig = only("新签、补签“门前三包”责任书*余份。")
    assert fig.text == "*余份"
    assert fig.kind == "masked"
    assert fig.masked and fig.value is None
    assert fig.unit == "份"
    assert fig.approx == "余"


def test_numbering_and_ordinals_are_not_figures():
    assert find_figures("一是建立机制。1.完成项目（1）推进改革，位列第三名") == []


def test_key_drops_qualifier_but_text_keeps_it():
    assert figure_keys("查处黑车300余辆") == figure_keys("查处黑车300辆")
    fig = only("查处黑车300余辆")
    assert not contains_figure("查处黑车300辆", fig)
    assert contains_figure("共查处黑车300余辆", fig)
    assert contains_figure("共查处黑车３００余辆", fig)  # full-width digits are the same figure


def test_full_width_figures_are_read_whole_and_kept_as_written():
    # a 粮食和物资储备局 paste of 2026-12 typed in full width: "３２．６万吨" was read as the two
    # figures ３２ and ６万吨 (key 60000吨), and "２０２５年" as a count, so no title was found
    figs = find_figures("全年收购粮食３２．６万吨，应用率达到９０％，３个，５个")
    assert [(f.text, f.key) for f in figs] == [
        ("３２．６万吨", "326000吨"),
        ("９０％", "90%"),
        ("３个", "3个"),
        ("５个", "5个"),
    ]
    assert figure_keys("收购粮食３２．６万吨") == figure_keys("收购粮食32.6万吨")
    (year,) = find_figures("市粮食和物资储备局２０２５年工作情况")
    assert (year.text, year.kind, year.value) == ("２０２５年", "date", 2025.0)


def test_all_forms_in_one_paragraph_in_order():
    text = "查处黑车300余辆，拆除1062.1万余平方米，结案率99%，投入1.8亿多元，新建三座公厕，2023年12月验收，5-6月整治，发放*余份。"
    surfaces = [f.text for f in find_figures(text)]
    assert surfaces == [
        "300余辆",
        "1062.1万余平方米",
        "99%",
        "1.8亿多元",
        "三座",
        "2023年12月",
        "5-6月",
        "*余份",
    ]


@pytest.mark.parametrize(
    ("text", "figure"),
    [("实现普职比6.8", "6.8"), ("普职比要达到8.5", "8.5"), ("3", "3")],
)
def test_a_bare_number_that_ends_the_text_is_a_figure(text, figure):
    # "" is in every string: the numbering test once took the text's end for a "、" after it,
    # and the guard then put 〔待核〕 over the writer's own 8.5 (平潭 社会事业局 2024)
    assert [f.text for f in find_figures(text)] == [figure]
    assert find_figures("（3）开展") == [] and find_figures("3、") == []


@pytest.mark.parametrize(
    ("text", "noun", "counted"),
    [
        ("开园以来累计销售额约50亿元", "销售额", True),  # past its approximation word
        ("至目前累计混改6家，注册资金6.88亿元", "注册资金", True),
        (
            "区国资系统共获评2021年度实验区“五星级党组织”15个",
            "五星级党组织",
            True,
        ),  # past the quote
        ("新签、补签“门前三包”责任书*余份", "责任书", True),  # a masked figure counts too
        ("已完成*处公共停车场建设", "停车场建设", False),  # the figure is before: the work done
        ("2024年农业生产稳中有升", "农业生产", False),  # a date counts nothing
        ("完成粮食播种面积5.5万亩", "粮食播种", False),  # 面积 is what is counted
    ],
)
def test_counted_at_tells_what_a_figure_counts(text, noun, counted):
    from assistant.figures import counted_at

    assert counted_at(text, text.index(noun) + len(noun)) is counted
