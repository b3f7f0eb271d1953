"""The structure checker: hand-made defects one at a time, then the real reports' real defects."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant.cli import main
from assistant.loaders import load_document
from assistant.structure import parse_document
from eval import lint_writing
from eval.lint import COMMON, GB, RULES, lint_text, periods

GOOD = """某县城市管理局2023年工作总结及2024年工作计划
2023年，我局紧紧围绕年度目标任务，扎实推进各项工作。现将有关情况报告如下：
一、2023年工作开展情况
（一）强化队伍建设
一是开展业务培训，组织知识讲座14次。二是完善内控机制，全局累计督查179次。
（二）狠抓规范执法
1.严格网格巡查
劝导占道经营行为8000余起。
2.开展专项治理
（1）清理僵尸车
清理僵尸车18辆。
（2）整治油烟
取缔露天烧烤摊点。
二、存在的主要问题
（一）执法力量不足
一线执法队员流动性大。
（二）设施建设滞后
停车场数量偏少。
三、2024年工作计划
（一）加快项目建设
争取建成3座公厕及5个垃圾中转站改造。
（二）提升保洁质量
确保生活垃圾清运率达98%以上。
"""


def defect(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def failed_rules(text: str, **kw) -> set[str]:
    return {f.rule for f in lint_text(text, **kw).findings}


def test_good_report_passes_every_rule():
    result = lint_text(GOOD)
    assert result.findings == []
    assert result.compliance == 1.0
    assert all(r.applicable for r in result.rules)


def test_every_rule_is_labelled_with_its_basis():
    assert {basis for basis, _ in RULES.values()} == {GB, COMMON}
    assert RULES["heading_levels"][0] == "GB/T 9704-2012 §7.3.3"
    assert RULES["marker_punctuation"][0] == "GB/T 9704-2012 §7.3.3"
    assert RULES["runin_sequence"][0] == "common practice"


def test_skipped_level():
    text = defect("（一）强化队伍建设\n", "")
    text = text.replace("（二）狠抓规范执法\n", "1.狠抓规范执法\n", 1)
    assert "heading_levels" in failed_rules(text)
    finding = next(f for f in lint_text(text).findings if f.rule == "heading_levels")
    assert text[finding.start :].startswith("1.狠抓规范执法")
    assert (finding.line, finding.column) == (text.splitlines().index("1.狠抓规范执法") + 1, 1)


def test_skipped_level_four_under_level_two():
    text = defect("（二）狠抓规范执法\n1.严格网格巡查\n", "（二）狠抓规范执法\n（1）严格网格巡查\n")
    assert "heading_levels" in failed_rules(text)


def test_repeated_number():
    text = defect("（二）设施建设滞后", "（一）设施建设滞后")
    assert failed_rules(text) == {"heading_numbering"}
    finding = lint_text(text).findings[0]
    assert "（二）" in finding.message
    assert finding.line == text.splitlines().index("（一）设施建设滞后") + 1


def test_repeated_number_the_parser_does_not_accept():
    text = defect("（二）提升保洁质量", "（一）加快项目建设\n争取资金。\n（二）提升保洁质量")
    text = text.replace("（一）加快项目建设\n争取资金。", "（二）加快项目建设\n争取资金。", 1)
    # the sections now read （一）（二）（二）: the second （二） is reported
    assert "heading_numbering" in failed_rules(text)


def test_gap_in_numbering():
    text = defect("（二）提升保洁质量", "（三）提升保洁质量")
    assert failed_rules(text) == {"heading_numbering"}


@pytest.mark.parametrize(
    "old, new",
    [
        ("一、2023年工作开展情况", "一．2023年工作开展情况"),
        ("（一）强化队伍建设", "(一)强化队伍建设"),
        ("（一）强化队伍建设", "㈠强化队伍建设"),
        ("1.严格网格巡查", "1、严格网格巡查"),
        ("（一）执法力量不足", "（一）、执法力量不足"),
    ],
)
def test_wrong_punctuation(old, new):
    assert failed_rules(defect(old, new)) == {"marker_punctuation"}


def test_part_out_of_order():
    problems = GOOD[GOOD.index("二、存在的主要问题") : GOOD.index("三、2024年工作计划")]
    plans = GOOD[GOOD.index("三、2024年工作计划") :]
    swapped = GOOD[: GOOD.index("二、存在的主要问题")]
    swapped += plans.replace("三、", "二、", 1) + problems.replace("二、", "三、", 1)
    result = lint_text(swapped)
    assert {f.rule for f in result.findings} == {"parts"}
    assert "顺序" in result.findings[0].message


def test_missing_part():
    text = GOOD[: GOOD.index("二、存在的主要问题")] + GOOD[
        GOOD.index("三、2024年工作计划") :
    ].replace("三、", "二、", 1)
    result = lint_text(text)
    assert {f.rule for f in result.findings} == {"parts"}
    assert "存在的主要问题" in result.findings[0].message


def test_broken_runin_sequence():
    assert failed_rules(defect("二是完善内控机制", "三是完善内控机制")) == {"runin_sequence"}
    assert failed_rules(
        defect("二是完善内控机制", "一是完善内控机制。二是加强宣传。二是严格考核")
    ) == {"runin_sequence"}


def test_runin_before_a_digit_is_still_a_sequence():
    # "一是64个…" (a digit after 是) must not make the "二是" that follows look orphaned
    text = defect("一是开展业务培训，组织知识讲座14次。", "一是64个队伍签订承诺书。")
    assert failed_rules(text) == set()


def test_empty_heading():
    assert failed_rules(defect("停车场数量偏少。\n", "")) == {"empty_heading"}


def test_period_must_match_the_case():
    assert failed_rules(GOOD, period="2022年", next_period="2023年") == {"period"}
    assert failed_rules(GOOD, period="2023年", next_period="2024年") == set()
    # without a given period it is read from the title's two years
    assert failed_rules(defect("三、2024年工作计划", "三、2025年工作计划")) == {"period"}


def test_title_form():
    assert failed_rules(GOOD.split("\n", 1)[1]) == {"title"}
    assert failed_rules(defect("2024年工作计划\n", "2024年工作计划。\n")) == {"title"}


def test_positions_and_json():
    text = defect("（二）设施建设滞后", "（三）设施建设滞后")
    data = lint_text(text).to_json()
    json.dumps(data, ensure_ascii=False)
    finding = data["findings"][0]
    assert text[finding["start"] : finding["end"]].startswith("（三）")
    assert finding["basis"] == "common practice"
    assert data["compliance"] == pytest.approx(1 - 1 / sum(r["applicable"] for r in data["rules"]))


def test_cli_lint_human_and_json(tmp_path, settings, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(defect("（一）强化队伍建设", "(一)强化队伍建设"), encoding="utf-8")
    assert main(["eval", "lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "draft.txt:4:1" in out and "marker_punctuation" in out and "合规率" in out
    assert main(["eval", "lint", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in data["findings"]] == ["marker_punctuation"]


def test_cli_lint_docx(tmp_path, settings, capsys):
    import docx

    document = docx.Document()
    for line in GOOD.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "draft.docx"
    document.save(path)
    assert main(["eval", "lint", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["compliance"] == 1.0


def test_cli_lint_missing_file_is_a_clear_message(tmp_path, settings, capsys):
    assert main(["eval", "lint", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


# ---------------------------------------------------------------- real reports
# Every defect below was checked by reading the report (eval/README.md lists them with reasons).

HALF_L2 = "第二层序号应写作“（{}）”，此处为“({})”"


def _half(*numerals):
    return [("marker_punctuation", HALF_L2.format(n, n)) for n in numerals]


SIX = "一二三四五六"


def _plan(head: str) -> tuple[str, str]:
    return ("plan_in_achievements", f"工作开展情况部分中有计划句（“{head}…”读来是计划）")


SEED_DEFECTS = {
    "000": [
        ("period", "时间不一致：标题写“207年”，应为“2017年”"),
        ("period", "时间不一致：标题写“208年”，应为“2018年”"),
        *_half(*SIX),
        *_half(*SIX),
        *_half(*SIX),
    ],
    "001": [
        (
            "title",
            "标题“务实创新,撸袖快干,全力推进城市管理与市区一体化”中没有文种（如“工作总结”“工作计划”“工作报告”）",
        ),
        ("heading_numbering", "标题“保持高压态势,违建防控进一步压实”缺少序号（应为第4项）"),
        *[
            ("marker_punctuation", f"第二层序号应写作“（{n}）”，此处为“{c}”")
            for n, c in zip("一二三五", "㈠㈡㈢㈤", strict=True)
        ],
        *[
            ("marker_punctuation", f"第二层序号应写作“（{n}）”，此处为“{c}”")
            for n, c in zip("一二三", "㈠㈡㈢", strict=True)
        ],
        *[
            ("marker_punctuation", f"第三层序号应写作“{n}.”，此处为“{n}、”")
            for n in (1, 2, 1, 2, 3, 1, 2, 3, 4)
        ],
        # false: "特别下半年，我们安排了…" was done; 下半年 is a plan time word, and the model
        # rebuilt for the problem cue 压力大 reads it 0.64 (2026-12; it had read under 0.6)
        _plan("特别下半年,我们安排了8"),
    ],
    "002": [
        ("heading_levels", "跳级：1.组织领导方面 是第三层标题，前面缺少第二层标题"),
        ("heading_levels", "跳级：1.加强组织领导,全面落实责任 是第三层标题，前面缺少第二层标题"),
        ("runin_sequence", "“二是”前面没有紧接的“一是”，序列中断或重复"),
        *_half("一", "二", "三"),
        ("heading_numbering", "序号重复或错位：“一、”与前后标题的编号不相接"),
        ("heading_numbering", "序号重复或错位：“(二)”与前后标题的编号不相接"),
        ("heading_numbering", "序号重复或错位：“(三)”与前后标题的编号不相接"),
        ("heading_numbering", "序号重复或错位：“二、”与前后标题的编号不相接"),
    ],
    "003": [
        *[
            ("marker_punctuation", f"第二层序号应写作“（{n}）”，此处为“{n}”")
            for n in "一二三四一二三一二三"
        ],
    ],
    "004": [
        *_half("一", "二", "三", "四", "五"),
        ("parts", "缺少“存在的主要问题”部分"),
        _plan("加快推进*路、*、*路等"),  # "…预计*月底完工": what the half year has yet to do
    ],
}
CORPUS_DEFECTS = {
    # the role model's plan sentences among the achievements (eval/lint_writing.py): a promise
    # closing the problems written inside the review part ("对此，我们将…加以解决") is one;
    # the others are its false findings, 4 in the 1608 achievements sentences of the corpus.
    # 2012's "对此，我们必须高度重视，在今后的工作中…加以解决" reads 0.62 with the model rebuilt
    # for the problem cue 压力大 (2026-12; 0.58 before, 0.61 before that)
    "gwr_hailar_district_2012.txt": [_plan("对此，我们必须高度重视，")],
    "gwr_hailar_district_2013.txt": [_plan("对此，我们将采取有力措施")],
    "gwr_hailar_district_2015.txt": [_plan("对此，我们要高度重视，在")],  # as 2012's (0.65)
    "gwr_hailar_district_2014.txt": [
        _plan("融资和资金争取工作取得新"),  # false: "争取上级资金1.2亿元" was obtained
        _plan("对此，我们将采取有力措施"),
    ],
    "gwr_hailar_district_2018.txt": [
        _plan("积极推动中心城区优先发展"),  # false: "争取到…2.76亿元" was obtained
        _plan("解决经济数据不实和财政收"),  # false: "…为下一步" names what it prepared
    ],
    "gwr_hailar_district_2016.txt": [
        _plan("必须始终坚持市区共建，借"),  # false: a lesson learned ("必须…"), not a plan
        _plan("我们将正视这些困难和不足"),
        *_half("四"),
        # the plans restate a sentence of the achievements word for word
        ("repetition", "“推动国有企业改革，探索发展混合所有制经济…”重复出现2次"),
    ],
    "gwr_hailar_district_2017.txt": [
        (
            "title",
            "标题“—2017年2月11日在海拉尔区第十四届人民代表大会第六次会议上”中没有文种（如“工作总结”“工作计划”“工作报告”）",
        ),
        *_half(*SIX),
        *_half(*"一二三四五六七"),
    ],
}


def _defects(path) -> Counter:
    return Counter((f.rule, f.message) for f in lint_text(load_document(path).text).findings)


@pytest.mark.parametrize("prefix", sorted(SEED_DEFECTS))
def test_seed_reports_report_only_their_real_defects(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    assert _defects(path) == Counter(SEED_DEFECTS[prefix])


@pytest.mark.corpus
def test_corpus_reports_report_only_their_real_defects(corpus_dir):
    paths = sorted(corpus_dir.glob("*.txt"))
    assert len(paths) == 12
    for path in paths:
        assert _defects(path) == Counter(CORPUS_DEFECTS.get(path.name, [])), path.name


# ---------------------------------------------------------------- plans among the achievements


def _sentences_of(doc, role):
    """(start, sentence) of the body sentences of the parts with this role."""
    out = []
    for part in (p for p in doc.parts if p.role == role):
        for m in lint_writing._SENTENCE.finditer(doc.text, part.heading.end, part.end):
            sentence = lint_writing._RUNIN.sub("", m.group().strip())
            if not lint_writing._in_heading(doc, m.start()) and len(sentence) >= 6:
                out.append((m.start(), sentence))
    return out


def test_the_departments_achievements_give_few_false_plan_findings(departments_dir):
    checked = flagged = 0
    for path in sorted(departments_dir.glob("*.txt")):
        result = lint_text(load_document(path).text)
        checked += len(_sentences_of(parse_document(result.text), "achievements"))
        flagged += len(result.rule("plan_in_achievements").findings)
    assert checked > 500
    assert flagged / checked <= 0.01  # measured: 2 of 546 (eval/lint_writing.py)


def test_a_plan_sentence_planted_among_real_achievements_is_found(departments_dir):
    """Each plan-cued sentence of a report's own plans part, put at the end of its
    achievements part, is a finding there and nowhere else."""
    planted = 0
    for path in sorted(departments_dir.glob("*.txt")):
        text = load_document(path).text
        doc = parse_document(text)
        period, next_period = periods(doc, None, None)
        achievements = next((p for p in doc.parts if p.role == "achievements"), None)
        if achievements is None:
            continue
        before = lint_text(text).rule("plan_in_achievements").findings
        for _, sentence in _sentences_of(doc, "plans"):
            if not lint_writing._says_later(sentence, period, next_period):
                continue
            at = len(text[: achievements.end].rstrip("\n"))
            result = lint_text(text[:at] + sentence + "。" + text[at:])
            found = result.rule("plan_in_achievements").findings
            assert len(found) == len(before) + 1, (path.name, sentence)
            assert any(f.excerpt.startswith(sentence[:10]) for f in found), sentence
            planted += 1
    assert planted >= 15  # 22 when measured


PLANS_AMONG = (
    "某局2024年工作总结及2025年工作计划\n一、2024年工作开展情况\n"
    "我局将辖区划分为12个网格，查处违法案件120起。{plan}\n"
    "二、2025年工作计划\n开展电梯安全专项整治。\n"
)


def test_the_role_model_tells_a_plan_from_a_past_将_sentence():
    assert not lint_text(PLANS_AMONG.format(plan="")).rule("plan_in_achievements").findings
    plan = "我局将继续加大执法力度，确保各项目标任务圆满完成。"
    found = lint_text(PLANS_AMONG.format(plan=plan)).rule("plan_in_achievements").findings
    assert [f.excerpt[:6] for f in found] == ["我局将继续加"]


def test_without_the_role_model_the_plan_time_words_decide(tmp_path, monkeypatch):
    monkeypatch.setattr(lint_writing, "MODEL_DIR", tmp_path)  # a folder with no roles.npz
    assert lint_writing.plan_classifier() is None
    plan = "我局将继续加大执法力度，确保各项目标任务圆满完成。"  # no time word: not seen
    assert not lint_text(PLANS_AMONG.format(plan=plan)).rule("plan_in_achievements").findings
    found = lint_text(PLANS_AMONG.format(plan="2025年将开展电梯安全专项整治。"))
    assert [f.message for f in found.rule("plan_in_achievements").findings] == [
        "工作开展情况部分中有计划句（“2025年将”开头）"
    ]
