"""Plan against results: plan items, statuses with the numbers compared, draft facts, CLI."""

from __future__ import annotations

import json
import time

import pytest

from assistant.cli import main
from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.plan_facts import add_plan_facts, ledger_paste
from assistant.plan_items import PlanItem, item_name, plans_text, split_items
from assistant.plancheck import check_plan, summary

PLAN = """某某县城市管理局2023年工作计划
一、加强市容环境管理
全年计划投入资金800万元。
一是新建公厕3座，改造公厕5座；二是完成背街小巷整治20条；三是开展“门前三包”专项检查。
二、提升执法水平
一是查处非法营运黑车200辆以上；二是开展执法人员业务培训4期；三是城镇登记失业率控制在4%以内。
三、推进智慧城管
建成数字化城管指挥平台，实现案件网上流转。
"""

FACTS = """某某县城市管理局 2024年
新建公厕3座，改造公厕4座
整治背街小巷25条
查处非法营运黑车300余辆
组织执法人员业务培训4期，培训320人次
城镇登记失业率为3.79%
问题：执法力量不足
明年建成数字化城管指挥平台
"""

REPORT = """某某县城市管理局2023年工作总结
一、2023年工作开展情况
全年清理牛皮癣1.2万处，查处占道经营800起。
二、存在的问题
执法力量不足。
三、2024年工作计划
（一）市容管理。一是新建公厕3座；二是整治背街小巷20条。
（二）执法管理。一是查处非法营运黑车200辆以上；二是开展执法人员业务培训4期。
"""


def _results(plan: str = PLAN, facts: str = FACTS):
    items = split_items(plans_text(plan))
    return items, check_plan(items, parse_facts(facts).facts)


def _by_text(results, start: str):
    return next(r for r in results if r.item.text.startswith(start))


def test_items_are_run_ins_and_headings_with_their_targets():
    items = split_items(plans_text(PLAN))
    texts = [i.text for i in items]
    assert texts[0] == "全年计划投入资金800万元"  # a lead with a target is an item of its own
    assert texts[1] == "一是新建公厕3座，改造公厕5座"
    assert "三是开展“门前三包”专项检查" in texts
    assert texts[-1] == "建成数字化城管指挥平台，实现案件网上流转"
    assert len(items) == 8
    first = items[1]
    assert [f.text for f in first.targets] == ["3座", "5座"]
    assert first.group == "一、加强市容环境管理"


def test_names_and_dates_are_not_targets():
    item = PlanItem("P01", "2023年完成二期工程，围绕“两个中心”新建公厕3座", "", [])
    from assistant.figures import find_figures

    item.figures = find_figures(item.text)
    assert [f.text for f in item.targets] == ["3座"]
    assert item_name(item) == "2023年完成二期工程"


def test_statuses_with_the_numbers_compared():
    _, results = _results()
    short = _by_text(results, "一是新建公厕")
    assert short.status == "partial"
    assert "计划“5座”，实际“4座”（F01），未达到" in short.reason
    exceeded = _by_text(results, "二是完成背街小巷")
    assert exceeded.status == "met"
    assert "计划“20条”，实际“25条”（F02），已超过" in exceeded.reason
    assert [f.text for f in exceeded.evidence] == ["整治背街小巷25条"]
    ceiling = _by_text(results, "三是城镇登记失业率")
    assert ceiling.status == "met"  # "控制在4%以内": 3.79% meets it
    assert "计划“4%”，实际“3.79%”" in ceiling.reason
    assert _by_text(results, "三是开展").status == "missing"
    # this period's plan for next year is not a result of last year's plan
    platform = _by_text(results, "建成数字化城管")
    assert platform.status == "missing"
    assert platform.evidence == []


def test_never_met_on_words_alone_when_the_plan_has_a_figure():
    _, results = _results(facts="新建公厕工作顺利完成\n改造公厕工作全面完成")
    toilets = _by_text(results, "一是新建公厕")
    assert toilets.status == "partial"
    assert "事实中没有对应数字" in toilets.reason
    assert toilets.evidence


def test_only_progress_is_partial():
    plan = "2024年工作计划\n一、重点工作\n一是建成城市污水处理厂二期工程；二是完成老旧小区改造。"
    facts = "城市污水处理厂二期工程进展顺利\n完成老旧小区改造"
    _, results = _results(plan, facts)
    assert _by_text(results, "一是建成").status == "partial"
    assert "进展顺利" in _by_text(results, "一是建成").reason
    assert _by_text(results, "二是完成").status == "met"


def test_progress_in_any_promise_keeps_an_item_partial():
    # the second promise's only result is "进展顺利", though the first is done with a figure
    plan = (
        "2024年工作计划\n一、交通\n加快城市路网建设。完成机场快速路建设。完成西出口道路工程建设。"
    )
    facts = "投资3.3亿元的机场快速路建成通车\n西出口道路工程进展顺利"
    _, results = _results(plan, facts)
    assert results[0].status == "partial"
    assert "进展顺利" in results[0].reason


def test_a_target_met_or_short_names_both_numbers():
    plan = "2024年工作计划\n一、食品安全\n一是完成食品安全监督抽检3500批次。"
    _, results = _results(plan, "完成食品安全监督抽检3612批次")
    assert results[0].status == "met"
    assert "计划“3500批次”，实际“3612批次”（F01），已超过" in results[0].reason
    _, results = _results(plan, "完成食品安全监督抽检3000批次")
    assert results[0].status == "partial"
    assert "计划“3500批次”，实际“3000批次”（F01），未达到" in results[0].reason


def test_one_sentence_of_three_covered_is_partial():
    plan = (
        "2024年工作计划\n一、城市管理\n继续强化“门前三包”责任制。作好城市保洁、冬季清雪等工作。"
        "实施数字化城市管理体系建设。"
    )
    _, results = _results(plan, "“门前三包”责任制全面落实")
    assert results[0].status == "partial"
    assert "只有部分内容有对应事实（33%）" in results[0].reason
    _, results = _results(
        plan, "“门前三包”责任制全面落实\n城市保洁、冬季清雪及时到位\n建成数字化城市管理体系"
    )
    assert results[0].status == "met"


def test_an_entry_of_a_list_is_matched_on_its_own():
    # hailar 2013 review: the road is one of four entries, so it says a small share of the
    # whole phrase's words; its entry says "进展顺利", which the whole phrase ends with
    plan = (
        "2013年工作计划\n一、交通\n六是加快环城道路和城市路网建设，全力推进东、西外环路、"
        "机场快速路等重点道路工程的建设。"
    )
    fact = "红星美凯龙城市商贸综合体、大兴安岭百万平方米棚改、东海写字楼、机场快速路等项目进展顺利"
    _, results = _results(plan, fact)
    assert results[0].status == "partial"
    assert [f.text for f in results[0].evidence] == [fact]
    assert "进展顺利" in results[0].reason


def test_each_fact_figure_answers_one_target():
    # hailar 2017 plan / 2018 review: 178座 answers the target of 178座, not the 11座 beside it
    plan = (
        "2017年工作计划\n一、环保\n全面完成城区内178座10蒸吨及以下的各类燃煤小锅炉淘汰和清洁"
        "能源替代工作,严格11座10蒸吨以上各类燃煤锅炉废气治理。"
    )
    facts = "投资4890万元实施10蒸吨以下燃煤锅炉改造，完成178座燃煤锅炉拆改、25公里供热管线改造"
    _, results = _results(plan, facts)
    answers = {c.target.text: c.actual and c.actual.text for c in results[0].comparisons}
    assert answers == {"178座": "178座", "11座": None}
    assert "计划“178座”，实际“178座”（F01），已达到" in results[0].reason
    assert "11座" not in results[0].reason


def test_a_sum_reached_on_work_under_way_is_partial():
    # hailar 2013 review: the 1.3亿元 is the plan's sum, but the works are only under way
    plan = "2012年工作计划\n一、基础设施\n二是进一步完善城市基础设施，投资1.3亿元实施自来水管网改造工程。"
    facts = "投资12.4亿元的保障性住房、1.3亿元的供水主管网改造等工程进展顺利"
    _, results = _results(plan, facts)
    assert results[0].status == "partial"
    assert "进展顺利" in results[0].reason
    assert "计划“1.3亿元”，实际“1.3亿元”" in results[0].reason


def test_a_reached_target_outweighs_progress_words_of_another_match():
    plan = (
        "2012年工作计划\n一、旅游\n二是继续提高旅游接待能力，全力推进五星级酒店项目的实施，"
        "力争接待床位达到2.5万张。"
    )
    facts = "包商银行培训中心、呼伦贝尔大饭店等五星级酒店主体完工\n旅游接待能力提升，接待床位达到2.5万张"
    _, results = _results(plan, facts)
    assert results[0].status == "met"
    assert "计划“2.5万张”，实际“2.5万张”（F02），已达到" in results[0].reason
    assert "主体完工" not in results[0].reason


def test_a_forecast_is_not_a_target():
    plan = "2024年工作计划\n一、就业\n稳就业促增收。预计今年高校毕业生超过1170万人，要强化青年就业政策举措。"
    facts = "成绩：出台青年就业政策举措，高校毕业生就业保持稳定"
    _, results = _results(plan, facts)
    assert results[0].comparisons == []
    assert results[0].status == "met"


def test_a_sum_of_investment_counts_only_for_the_same_thing():
    # "投资3.1亿元" names its project in the next phrase; a district's total investment in
    # 棚户区改造 is another quantity, so the target stays without a figure
    plan = "2024年工作计划\n一、教育\n加大教育投入，投资3.1亿元，实施桃李中学扩建工程。"
    other = "棚户区改造累计完成投资485.36亿元\n桃李中学扩建工程全面完工"
    _, results = _results(plan, other)
    assert results[0].status == "partial"
    assert results[0].comparisons[0].actual is None
    same = "投资3.5亿元，实施桃李中学扩建工程，已全面完工"
    _, results = _results(plan, same)
    assert results[0].status == "met"
    assert "计划“3.1亿元”，实际“3.5亿元”" in results[0].reason


def test_a_shared_name_matches_however_jieba_cuts_it():
    plan = "2025年工作计划\n一、生态\n大力发展绿色低碳经济。"
    facts = "成绩：绿色低碳发展水平持续提升\n成绩：新能源汽车年产量突破1300万辆"
    _, results = _results(plan, facts)
    assert results[0].status == "met"
    assert [f.text for f in results[0].evidence] == ["绿色低碳发展水平持续提升"]
    # a stock adverb in common is no topic
    plan = "2025年工作计划\n一、港澳\n坚定不移贯彻“一国两制”方针。"
    _, results = _results(plan, "成绩：坚定不移全面深化改革扩大开放")
    assert results[0].status == "missing"


def test_to_dict_is_the_json_record():
    _, results = _results()
    record = _by_text(results, "一是新建公厕").to_dict()
    assert set(record) == {"item", "figures", "status", "evidence", "reason"}
    assert record["figures"] == ["3座", "5座"]
    assert summary(results) == {"met": 4, "partial": 1, "missing": 3}


def test_a_document_without_plans_is_a_clear_message():
    with pytest.raises(InputError, match="没有找到“工作计划”部分"):
        plans_text(
            "某局2023年工作总结\n一、工作开展情况\n清理牛皮癣1.2万处。\n二、存在的问题\n人手不足。"
        )
    with pytest.raises(InputError, match="空的"):
        plans_text("   ")


def test_a_report_gives_only_its_plans_part():
    items = split_items(plans_text(REPORT))
    assert [i.text[:6] for i in items] == [
        "一是新建公厕",
        "二是整治背街",
        "一是查处非法",
        "二是开展执法",
    ]
    assert all("三、2024年工作计划" in i.group for i in items)


def test_flat_text_is_split_at_sentences():
    body = "。".join(f"推进第{n}项重点工作，确保年内完成建设任务并投入使用" for n in range(1, 40))
    items = split_items(plans_text(f"某局2024年工作计划\n{body}。"))
    assert len(items) > 5
    assert all(len(i.text) <= 200 for i in items)


def test_html_in_the_plan_stays_text():
    plan = "2024年工作计划\n一、重点工作\n新建<b>公厕</b>3座<script>x</script>，整治背街小巷。"
    items = split_items(plans_text(plan))
    assert "<b>公厕</b>3座<script>x</script>" in items[0].text  # kept verbatim; the UI escapes it


def test_draft_facts_are_off_by_default_and_use_the_writers_figures():
    items = split_items(plans_text(PLAN))
    ledger = parse_facts(FACTS)
    results = check_plan(items, ledger.facts)
    before = [(f.id, f.text) for f in ledger.facts]
    assert add_plan_facts(ledger, results) == []
    assert [(f.id, f.text) for f in ledger.facts] == before
    changed = add_plan_facts(ledger, results, achievements=True, problems=True)
    alley = ledger.by_id("F02")
    assert alley.text == "整治背街小巷25条，超额完成上期计划确定的目标任务"
    assert [f.text for f in alley.figures] == ["25条"]  # the writer's figure, never the plan's 20条
    problems = [f for f in changed if f.role == "problems"]
    assert [f.text for f in problems] == [
        "上期计划中“全年计划投入资金”尚未见到成果，需进一步推进〔待核〕",
        "上期计划中“开展“门前三包”专项检查”尚未见到成果，需进一步推进〔待核〕",
        "上期计划中“建成数字化城管指挥平台”尚未见到成果，需进一步推进〔待核〕",
    ]
    assert all(not f.figures for f in problems)  # no plan figure becomes a fact
    # the paste for `zongjie draft -` parses back to the same facts and roles
    again = parse_facts(ledger_paste(ledger))
    assert [(f.text, f.role) for f in again.facts] == [(f.text, f.role) for f in ledger.facts]


def test_a_500_item_plan_stays_fast_with_progress():
    lines = [
        f"新建第{n}号公厕{n % 7 + 1}座，整治第{n}号背街小巷{n % 5 + 2}条。" for n in range(1, 501)
    ]
    items = split_items(plans_text("某局2024年工作计划\n" + "\n".join(lines)))
    assert len(items) == 500
    facts = parse_facts("\n".join(f"新建第{n}号公厕{n % 7 + 1}座" for n in range(1, 41))).facts
    seen = []
    start = time.perf_counter()
    results = check_plan(items, facts, progress=lambda done, total: seen.append((done, total)))
    assert time.perf_counter() - start < 5
    assert seen[-1] == (500, 500) and len(seen) == 500
    assert sum(r.status != "missing" for r in results) >= 40


# ---------------------------------------------------------------- CLI


@pytest.fixture
def files(tmp_path, settings):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    facts = tmp_path / "facts.txt"
    facts.write_text(FACTS, encoding="utf-8")
    return plan, facts


def test_cli_json_list(capsys, files):
    plan, facts = files
    assert main(["plancheck", str(facts), "--plan", str(plan), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in data][:3] == ["missing", "partial", "met"]
    assert set(data[0]) == {"item", "figures", "status", "evidence", "reason"}


def test_cli_text_and_draft_paste(capsys, files):
    plan, facts = files
    assert main(["plancheck", str(facts), "--plan", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "[部分落实] 一是新建公厕3座，改造公厕5座" in out
    assert "计划“5座”，实际“4座”" in out
    argv = ["plancheck", str(facts), "--plan", str(plan), "--add-problems"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "问题：上期计划中“开展“门前三包”专项检查”尚未见到成果" in captured.out
    assert "[未见成果]" in captured.err  # the check itself goes to stderr then


def test_cli_bad_input_is_one_chinese_message(capsys, files, tmp_path):
    plan, facts = files
    assert main(["plancheck", str(facts), "--plan", str(tmp_path / "nope.txt")]) == 1
    assert "找不到这个文件" in capsys.readouterr().err
    summary_only = tmp_path / "summary.txt"
    summary_only.write_text("某局2023年工作总结\n一、工作开展情况\n清理牛皮癣1.2万处。\n", "utf-8")
    assert main(["plancheck", str(facts), "--plan", str(summary_only)]) == 1
    assert "没有找到“工作计划”部分" in capsys.readouterr().err
    # no previous document of this unit in an empty knowledge base: say so, name --plan
    assert main(["plancheck", str(facts)]) == 1
    err = capsys.readouterr().err
    assert "知识库里没有“某某县城市管理局”上一时段" in err and "--plan" in err


@pytest.mark.slow
def test_cli_default_plan_is_last_periods_kb_document(capsys, files, tmp_path):
    _, facts = files
    report = tmp_path / "report2023.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert main(["ingest", "--quiet", str(report)]) == 0
    capsys.readouterr()
    assert main(["plancheck", str(facts), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["item"] for r in data] == [
        "一是新建公厕3座",
        "二是整治背街小巷20条",
        "一是查处非法营运黑车200辆以上",
        "二是开展执法人员业务培训4期",
    ]
    assert [r["status"] for r in data] == ["met", "met", "met", "met"]
    # the ingested file is gone: the plans part is rebuilt from the knowledge base's chunks
    report.unlink()
    assert main(["plancheck", str(facts), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert [(r["item"], r["status"]) for r in again] == [(r["item"], r["status"]) for r in data]
    # or picked by its document id (a prefix will do, as for kb remove)
    assert main(["kb", "list", "--json"]) == 0
    doc_id = json.loads(capsys.readouterr().out)[0]["doc_id"]
    assert main(["plancheck", str(facts), "--plan", doc_id[:8], "--json"]) == 0
    picked = json.loads(capsys.readouterr().out)
    assert [r["item"] for r in picked] == [r["item"] for r in data]
