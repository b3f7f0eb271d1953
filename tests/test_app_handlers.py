"""The app's handlers on real inputs: offline drafting, chat revisions, history, bad input, KB panel."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from docx import Document

from assistant.ui.handlers import DraftHandlers, Fields
from assistant.ui.intents import title_options
from assistant.ui.panels import KnowledgePanel
from assistant.ui.render import draft_html, first_sourced_paragraph, section_choices
from assistant.ui.services import Services
from assistant.ui.session import Session

PASTE = """我局2023年工作要点（株洲县城市管理和行政执法局）
成绩：
- 查处非法营运黑车300余辆
- 清理“牛皮癣”1.2万处
- 全年清运生活垃圾5.6万吨，道路机械化清扫率达到99%
- 拆除违法建筑2.3万平方米
问题：执法力量不足，基层队伍结构老化
明年：新建公厕3座；完成老旧小区改造12个
"""


@pytest.fixture
def services(settings):
    return Services(settings)


@pytest.fixture
def handlers(services):
    return DraftHandlers(services)


def last(views):
    views = list(views)
    assert views, "a handler must yield at least once"
    return views[-1]


@pytest.fixture
def drafted(handlers):
    view = last(handlers.send(Session(), PASTE, Fields()))
    assert view.draft is not None, view.status
    return view


def body_texts(draft, section_index):
    return [p.text for p in draft.sections[section_index].paragraphs if p.kind == "body"]


def test_paste_drafts_saves_history_and_exports(drafted, services):
    d = drafted.draft
    assert [s.role for s in d.sections if s.heading] == ["achievements", "problems", "plans"]
    for figure in ("300余辆", "1.2万处", "5.6万吨", "99%", "2.3万平方米", "3座", "12个"):
        assert figure in d.text
    assert drafted.fields.period == "2023年" and drafted.fields.next_period == "2024年"
    assert drafted.fields.outline.startswith(d.title)
    chat = drafted.session.chat
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert "已起草" in chat[-1]["content"]
    # persisted: one conversation with the paste, the reply and version 1 of the draft
    history = services.history
    [conv] = history.list_conversations()
    assert conv.id == drafted.session.conversation_id
    assert conv.meta["paste"] == PASTE
    assert [m.role for m in history.messages(conv.id)] == ["user", "assistant"]
    [v1] = history.drafts(conv.id)
    assert v1.text == d.text and v1.data["title"] == d.title
    # downloads: the .docx is the GB/T 9704 export of this draft
    md, docx = map(Path, drafted.exports)
    assert md.read_text(encoding="utf-8").startswith(f"# {d.title}")
    paragraphs = [p.text for p in Document(docx).paragraphs if p.text.strip()]
    assert paragraphs[0] == d.title
    assert any("查处非法营运黑车300余辆" in p for p in paragraphs)


def test_draft_pane_streams_part_by_part_before_the_end(handlers):
    # read each step as the browser would, while the handler runs
    views, chat = [], []
    for view in handlers.send(Session(), PASTE, Fields()):
        views.append(view)
        chat.append(view.session.chat[-1]["content"])
    previews = [v.preview for v in views if v.preview is not None]
    final = views[-1]
    assert final.draft is not None and final.preview is None
    assert len(previews) >= 3, "the pane should show the draft part by part"
    texts = [html.unescape(p) for p in previews]
    # the first part is on the page while the plans part is not written yet...
    early = next(t for t in texts if "一、" in t and "gw-body" in t)
    assert "三、" not in early and "正在起草" in early
    # ...and later previews grow until the last one holds all three parts
    assert "三、" in texts[-1] and len(texts[-1]) > len(early)
    assert any("已写完 1/" in t for t in texts)
    # the chat says how far it got instead of repeating the text
    assert any("已写完" in content for content in chat[1:-1])


def test_send_and_outline_then_draft_give_the_same_draft(handlers):
    sent = last(handlers.send(Session(), PASTE, Fields())).draft
    outlined = handlers.suggest(Session(), PASTE, Fields())
    assert outlined.step == "outline"
    via_outline = last(handlers.draft_outline(outlined.session, outlined.fields))
    assert via_outline.step == "draft"
    assert via_outline.draft.text == sent.text
    assert via_outline.draft.title == sent.title


def test_the_title_field_names_the_draft_both_ways_and_a_bad_one_costs_nothing(handlers):
    title = "某县城市管理局2023年度工作报告"
    fields = Fields(report_title=f" {title}\n")  # typed with a stray space and line break
    sent = last(handlers.send(Session(), PASTE, fields))
    assert sent.draft.title == title and "现将2023年度工作报告如下" in sent.draft.text
    assert sent.fields.report_title == fields.report_title  # the field keeps what the writer typed
    outlined = handlers.suggest(Session(), PASTE, fields)
    via_outline = last(handlers.draft_outline(outlined.session, outlined.fields))
    assert via_outline.draft.text == sent.draft.text
    # a title too long is refused in Chinese, and the draft on screen stays as it was
    refused = last(handlers.send(sent.session, PASTE, Fields(report_title="某局" * 50)))
    assert "标题共 100 字" in refused.session.chat[-1]["content"]
    assert refused.session.draft.text == sent.draft.text


WEIJIAN = """县卫生健康局2024年工作总结
医疗服务方面
全县门急诊服务人次达到86.5万，同比增长6.2%
县人民医院通过三级医院评审
公共卫生方面
65岁以上老年人健康管理率达到72%
问题：基层医疗卫生人才短缺，乡镇卫生院全科医生仅有38名
明年：新建村卫生室12个
"""


def test_the_outline_box_follows_the_chat_and_a_redraft_keeps_its_changes(handlers, services):
    view = last(handlers.send(Session(), WEIJIAN, Fields()))
    gone = next(f.id for f in view.draft.facts if "三级医院" in f.text)
    assert gone in view.fields.outline
    steps = [
        "把“三级医院评审”那句删掉",
        "问题部分再补充一条：公共卫生应急能力有待提升",
        "把标题改为“县卫生健康局2024年度工作报告”",
        "把小标题中的“医疗服务”改成“医疗服务能力”",
    ]
    for message in steps:
        view = last(handlers.send(view.session, message, Fields()))
        assert view.outline is not None, view.session.chat[-1]["content"]
    added, problem = view.draft.facts[-1], next(f for f in view.draft.facts if "人才" in f.text)
    assert f"〔{gone}" not in view.outline and f"、{gone}" not in view.outline
    assert f"〔{problem.id}、{added.id}〕" in view.outline  # the problems part, in order
    assert view.outline.startswith("县卫生健康局2024年度工作报告\n")
    assert "（一）医疗服务能力方面" in view.outline
    # before, 按提纲起草 wrote the outline of the first draft: F02 back, F08 lost, the title
    # and the heading as they were
    again = last(handlers.draft_outline(view.session, Fields(outline=view.outline)))
    text = again.draft.text
    assert again.draft.title == "县卫生健康局2024年度工作报告"
    assert "三级医院" not in text and gone in again.draft.unused_facts
    assert "公共卫生应急能力有待提升" in text and "（一）医疗服务能力方面" in text
    # reopened, the conversation's outline box shows the draft as the chat left it
    reopened = handlers.open_conversation(Session(), again.session.conversation_id)
    assert reopened.fields.outline == again.fields.outline
    # an outline the writer broke is refused, and the box keeps what they typed
    broken = last(handlers.draft_outline(again.session, Fields(outline="随便写的几行字")))
    assert "一级标题" in broken.session.chat[-1]["content"] and broken.outline is None
    assert broken.session.draft.text == text
    # facts added to a draft of another paste are no facts of this one
    other = handlers.suggest(view.session, PASTE, Fields())
    redrafted = last(handlers.draft_outline(other.session, other.fields))
    assert "公共卫生应急能力" not in redrafted.draft.text
    assert len(redrafted.draft.facts) == len(handlers.plan(PASTE, Fields())[0].facts)


def test_a_sub_section_deleted_in_the_chat_then_taken_back(handlers):
    view = last(handlers.send(Session(), WEIJIAN, Fields()))
    before = view.draft.text
    # words besides the place ask for a change within it: no sub-section goes
    asked = last(handlers.send(view.session, "把（一）中的套话删掉", Fields()))
    assert asked.session.draft.text == before and "已删去" not in asked.session.chat[-1]["content"]
    view = last(handlers.send(view.session, "删掉（一）", Fields()))
    reply = view.session.chat[-1]["content"]
    assert "已删去小节“（一）医疗服务方面”" in reply and "重新编号" in reply
    assert "（一）公共卫生方面" in view.draft.text and "门急诊" not in view.draft.text
    assert "医疗服务" not in view.outline and "（一）公共卫生方面" in view.outline
    # a part is refused in the chat, the draft kept
    kept = last(handlers.send(view.session, "把第二部分删掉", Fields()))
    assert "不能整体删去" in kept.session.chat[-1]["content"]
    assert kept.session.draft.text == view.draft.text
    undone = last(handlers.send(kept.session, "撤销", Fields()))
    assert undone.draft.text == before


def test_history_titles_follow_the_draft_and_tell_entries_apart(handlers, services):
    # two drafts with the same title, told apart by their first fact
    titled = "株洲县城市管理和行政执法局2023年工作要点\n" + PASTE.split("\n", 1)[1]
    drafted = last(handlers.send(Session(), titled, Fields()))
    other = last(handlers.send(Session(), titled.replace("300余辆", "310余辆"), Fields()))
    assert other.draft.title == drafted.draft.title
    labels = dict((v, k) for k, v in handlers.conversations())
    first, second = labels[drafted.session.conversation_id], labels[other.session.conversation_id]
    assert first != second
    for label in (first, second):
        title, facts, fact = label.split("\n")
        assert title == drafted.draft.title
        assert "株洲县城市管理和行政执法局" in facts and drafted.draft.period in facts
        assert re.search(r"\d\d:\d\d:\d\d", facts)  # time to the second
    assert "查处非法营运黑车300余辆" in first and "310余辆" in second
    # "换个标题": the list follows the new title
    view = last(handlers.send(drafted.session, "换个标题", drafted.fields))
    assert view.draft.title != drafted.draft.title
    labels = dict((v, k) for k, v in handlers.conversations())
    assert labels[drafted.session.conversation_id].split("\n")[0] == view.draft.title
    [conv] = [
        c for c in services.history.list_conversations() if c.id == view.session.conversation_id
    ]
    assert conv.title == view.draft.title


def test_the_title_a_writer_gives_in_the_chat_is_the_title(handlers):
    """ "把标题改为民政局2025年度工作总结" had been answered with the next stock form."""
    drafted = last(handlers.send(Session(), PASTE, Fields()))
    message = "把标题改为《株洲县城管局2023年度工作总结》"
    view = last(handlers.send(drafted.session, message, drafted.fields))
    assert view.draft.title == "株洲县城管局2023年度工作总结"
    # the parts stay as they were; the opening reports what the title names
    assert view.draft.sections[1:] == drafted.draft.sections[1:]
    assert view.draft.sections[0].text.endswith("现将2023年度工作总结报告如下：")
    # markup typed into a title is shown as text, never run
    view = last(handlers.send(view.session, "标题改成<b>城管</b>工作总结", drafted.fields))
    assert view.draft.title == "<b>城管</b>工作总结"
    page = draft_html(view.draft)
    assert "<b>城管</b>" not in page and "&lt;b&gt;城管&lt;/b&gt;工作总结" in page
    # what is no title: a wish ("更简洁一些" names no 文种) or no words; the next usual form then
    from assistant.ui.intents import given_title, title_options

    assert given_title("把标题改为“县民政局总结”吧") == "县民政局总结"
    assert given_title("标题改为县民政局总结，谢谢") == "县民政局总结"
    for message in ("标题改为更简洁一些", "标题改为！！", "换个标题"):
        assert given_title(message) == "", message
    view = last(handlers.send(view.session, "标题改为更简洁一些", drafted.fields))
    assert view.draft.title in title_options(view.draft)


# the writer's own sub-headings, so that "（二）" names one in the achievements part
PASTE_HEADED = PASTE.replace("成绩：\n", "成绩：\n（一）市容整治\n").replace(
    "- 全年清运", "（二）环境卫生\n- 全年清运"
)


def test_chat_revisions_hit_the_named_section(handlers, services):
    drafted = last(handlers.send(Session(), PASTE_HEADED, Fields()))
    d = drafted.draft
    problems = next(i for i, s in enumerate(d.sections) if s.role == "problems")
    before = [body_texts(d, i) for i in range(len(d.sections))]

    view = last(handlers.send(drafted.session, "把第二部分写得更具体", drafted.fields))
    after = view.draft
    assert body_texts(after, problems) != before[problems]
    assert len("".join(body_texts(after, problems))) > len("".join(before[problems]))
    for i in range(len(d.sections)):
        if i != problems:
            assert body_texts(after, i) == before[i]
    assert "已扩写" in view.session.chat[-1]["content"]
    assert len(services.history.drafts(view.session.conversation_id)) == 2

    # "精简（二）" condenses the body under the achievements part's （二）
    achievements = next(i for i, s in enumerate(after.sections) if s.role == "achievements")
    subs = [p for p in after.sections[achievements].paragraphs if p.kind == "heading"]
    assert len(subs) >= 2 and subs[1].text.startswith("（二）")
    view2 = last(handlers.send(view.session, "精简（二）", drafted.fields))
    assert view2.draft.text != after.text
    assert view2.draft.sections[problems].paragraphs == after.sections[problems].paragraphs
    assert "（二）" in view2.session.chat[-1]["content"]

    # "换个标题" cycles through the usual title forms
    view3 = last(handlers.send(view2.session, "换个标题", drafted.fields))
    assert view3.draft.title != d.title
    assert view3.draft.title in title_options(d)
    # the parts stay as they were; the opening's "现将…报告如下" names the report anew
    assert view3.draft.sections[1:] == view2.draft.sections[1:]
    opening = view3.draft.sections[0].paragraphs[0]
    assert opening.id == view2.draft.sections[0].paragraphs[0].id
    assert opening.fact_ids == view2.draft.sections[0].paragraphs[0].fact_ids


def test_another_title_names_the_plan_as_part_three_does(handlers):
    """医保局: the writer titled the paste "…2026年工作打算" and part three says 打算. 换个标题
    gave "…2026年工作计划" and "…工作思路" over a part headed 打算."""
    paste = (
        "县医疗保障局2025年工作总结和2026年工作打算\n"
        "1. 全县基本医疗保险参保人数达41.3万人，参保率稳定在96.5%以上\n"
        "2. 开展定点医药机构专项检查，检查机构312家，追回违规基金860万元\n"
        "3. 医保经办人员数量偏少，专业能力有待提高\n"
        "4. 明年深化DRG支付方式改革，覆盖全县二级以上定点医院\n"
    )
    view = last(handlers.send(Session(), paste, Fields()))
    plans = next(s for s in view.draft.sections if s.role == "plans")
    assert plans.heading.endswith("2026年工作打算")
    titles = [view.draft.title]
    reports = {}  # title -> what the opening says it reports
    for _ in range(3):
        view = last(handlers.send(view.session, "换个标题", view.fields))
        titles.append(view.draft.title)
        opening = view.draft.sections[0].paragraphs[0].text
        reports[view.draft.title] = opening[opening.index("现将") :]
    # the opening names the report as the title does, with no "…的报告报告如下"
    assert reports["县医疗保障局关于2025年工作情况和2026年工作打算的报告"] == (
        "现将2025年工作情况和2026年工作打算报告如下："
    )
    assert reports["县医疗保障局2025年工作总结"] == "现将2025年工作总结报告如下："
    assert len(set(titles)) == 4, titles
    for title in titles:
        assert "计划" not in title and "思路" not in title, title
    assert sum("2026年工作打算" in t for t in titles) == 3, titles  # 工作总结 alone names none


def test_a_revision_that_changes_nothing_says_so(handlers):
    """市场监管局: problems the writer stated in a clause each, nothing to condense. The chat
    said "已精简" over a part that stayed as it was."""
    paste = (
        "县市场监管局2024年工作总结\n成绩：\n- 新登记经营主体4326户\n- 查办各类案件312件\n"
        "问题：\n- 基层监管力量不足，一线执法人员平均年龄超过50岁\n- 智慧监管平台建设滞后\n"
        "- 部分经营主体诚信意识不强\n计划：\n- 加快智慧监管平台建设\n"
    )
    drafted = last(handlers.send(Session(), paste, Fields()))
    # the first 精简 takes out the part's stock closing line, which says no fact
    closing = "对于这些问题，我们将高度重视"
    assert closing in drafted.draft.text
    condensed = last(handlers.send(drafted.session, "精简第二部分", drafted.fields))
    assert closing not in condensed.draft.text and "已精简" in condensed.session.chat[-1]["content"]
    assert "主要表现在以下几个方面" in condensed.draft.text  # the lead of its sub-headings stays
    view = last(handlers.send(condensed.session, "精简第二部分", drafted.fields))
    assert view.draft.text == condensed.draft.text
    reply = view.session.chat[-1]["content"]
    assert "没有可精简之处，草稿未改动" in reply and "已精简" not in reply


def test_section_buttons(handlers, drafted):
    d = drafted.draft
    targets = dict(section_choices(d))
    plans = next(t for label, t in targets.items() if label.startswith("三、"))
    index = int(plans.split(":")[1])
    view = last(handlers.revise_section(drafted.session, plans, "重写", drafted.fields))
    assert view.draft is not None and "已重写" in view.session.chat[-1]["content"]
    for figure in ("3座", "12个"):
        assert figure in "".join(body_texts(view.draft, index))
    assert view.session.chat[-2]["content"].startswith("重写")


def test_unclear_instruction_asks_where(handlers, drafted):
    view = last(handlers.send(drafted.session, "写好一点", drafted.fields))
    assert "哪一部分" in view.session.chat[-1]["content"]
    assert view.draft is drafted.draft
    # with a section chosen in the side panel the same words become a free instruction there;
    # the offline engine cannot follow one and says so, keeping the draft
    view = last(handlers.send(drafted.session, "写得更有气势", drafted.fields, target="part:1"))
    assert "gw-msg-error" in view.status and "openai" in view.status
    assert view.draft is drafted.draft


@pytest.mark.parametrize(
    ("paste", "words"),
    [
        ("", "没有收到"),
        ("   \n\t  \n", "空白"),
        ("查处非法营运黑车300余辆。" * 16000, "超过"),
    ],
)
def test_bad_paste_keeps_draft_and_history(handlers, drafted, services, paste, words):
    before = services.history.drafts(drafted.session.conversation_id)
    view = last(handlers.send(drafted.session, paste, drafted.fields))
    assert words in html.unescape(view.status) or words in view.session.chat[-1]["content"]
    assert "gw-msg-error" in view.status
    assert view.draft is drafted.draft  # the draft on screen stays
    assert services.history.drafts(drafted.session.conversation_id) == before


def test_huge_paste_is_echoed_short(handlers):
    paste = "查处非法营运黑车300余辆；\n" * 9000
    view = last(handlers.send(Session(), paste, Fields()))
    assert view.draft is None
    assert len(view.session.chat[0]["content"]) < 3000
    assert "超过" in html.unescape(view.status)


def test_markup_in_the_paste_is_taken_out_and_never_runs(handlers):
    paste = PASTE + "- <script>alert('x')</script>整治占道经营<b>45</b>处\n"
    view = last(handlers.send(Session(), paste, Fields()))
    assert view.draft is not None
    # the words and figures are kept, the tags and the script are not a report's text
    assert "整治占道经营45处" in view.draft.text
    assert "<" not in view.draft.text and "alert" not in view.draft.text
    assert any("网页标记" in w for w in view.draft.warnings)
    page = draft_html(view.draft) + handlers.sources(
        view.session, first_sourced_paragraph(view.draft)
    )
    assert "<script>" not in page and "<b>45</b>" not in page
    user = view.session.chat[0]["content"]  # the writer's message as sent, shown as text
    assert "<script>" not in user and "&lt;script&gt;" in user


def test_history_survives_restart_and_reopened_draft_can_be_revised(settings, drafted):
    fresh = DraftHandlers(Services(settings))  # a new process would build exactly this
    [(label, conv_id)] = fresh.conversations()
    assert drafted.draft.title in label
    view = fresh.open_conversation(Session(), conv_id)
    assert view.draft.text == drafted.draft.text
    assert view.fields.period == "2023年"
    assert [m["role"] for m in view.session.chat] == ["user", "assistant"]
    revised = last(fresh.send(view.session, "精简第二部分", view.fields))
    assert revised.draft.text != view.draft.text
    assert len(fresh.services.history.drafts(conv_id)) == 2


def test_sources_and_checks_panels(handlers, drafted):
    d = drafted.draft
    pid = first_sourced_paragraph(d)
    _, para = d.paragraph(pid)
    page = handlers.sources(drafted.session, pid)
    facts = {f.id: f for f in d.facts}
    for fid in para.fact_ids:
        assert html.escape(facts[fid].text) in page
    checks = handlers.checks(drafted.session)
    assert "数字核对" in checks and "结构检查" in checks and "符合率" in checks


def test_outline_button_then_draft_with_edited_outline(handlers):
    view = handlers.suggest(Session(), PASTE, Fields())
    assert view.fields.period == "2023年" and "一、" in view.fields.outline
    edited = view.fields.outline.replace(view.fields.outline.splitlines()[0], "我局2023年工作总结")
    fields = Fields(**{**view.fields.__dict__, "outline": edited})
    result = last(handlers.draft_outline(view.session, fields))
    assert result.draft.title == "我局2023年工作总结"


def test_knowledge_panel_upload_list_search_remove(services, tmp_path):
    panel = KnowledgePanel(services)
    report = tmp_path / "城管局2022年工作总结.txt"
    report.write_text(
        "城管局2022年工作总结\n一、2022年工作开展情况\n（一）市容整治\n"
        "全年清理“牛皮癣”8000余处，<script>alert(1)</script>拆除违章广告120块。\n"
        "二、存在的主要问题\n执法力量不足。\n三、2023年工作计划\n持续开展市容整治。\n",
        encoding="utf-8",
    )
    binary = tmp_path / "照片.pdf"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    seen = []
    status = panel.ingest(
        [str(report), str(binary)], progress=lambda d, t, label: seen.append((d, t))
    )
    text = html.unescape(status)
    assert "导入 1 个文件" in text and "照片.pdf：" in text
    assert str(tmp_path) not in text  # the file is named as uploaded, not by its server path
    rows, choices, _ = panel.documents()
    assert [r[0] for r in rows] == ["城管局2022年工作总结"]
    hits = panel.search("清理牛皮癣", "", 3)
    assert "8000余处" in hits and "<script>" not in hits and "&lt;script&gt;" in hits
    assert "gw-msg-error" in panel.search("   ", "", 3)
    removed = panel.remove(choices[0][1])
    assert "已删除" in removed
    assert panel.documents()[0] == []


def test_evaluate_uploaded_cases(services, tmp_path):
    from assistant.ui.eval_panel import (
        DEV_CASES,
        SUMMARY_METRICS,
        UPLOAD,
        EvaluatePanel,
        case_sets,
        label,
        side_by_side,
    )
    from eval.scoring import LOWER_IS_BETTER

    cases = tmp_path / "two.jsonl"
    lines = DEV_CASES.read_text(encoding="utf-8").splitlines(True)[:2]
    cases.write_text("".join(lines), encoding="utf-8")
    steps = []
    view = EvaluatePanel(services).evaluate(
        UPLOAD, str(cases), "offline", lambda done, total, label: steps.append((done, total))
    )
    assert "完成 2 个用例" in view.note
    assert [row[0] for row in view.summary] == [label(m) for m in SUMMARY_METRICS]
    assert all(row[1] for row in view.summary), "every metric has a one-line explanation"
    # a metric a system cannot be scored on shows "–", never a made-up number
    assert all(isinstance(v, float) or v == "–" for row in view.summary for v in row[2:])
    assert all(isinstance(row[2], float) for row in view.summary if "ROUGE" in row[0])
    assert view.headers == ["指标", "含义", "offline", "naive"]
    # the length score is on 0-1 like the rates, and says so
    length = next(r for r in view.summary if r[0] == label("length_score"))
    assert all(0 <= v <= 1 for v in length[2:]) and "0–1" in length[1]
    # bars grouped by metric, the two systems side by side inside each group
    groups = view.bars.split('class="gw-group"')[1:]
    assert len(groups) == len([m for m in SUMMARY_METRICS if m not in LOWER_IS_BETTER])
    assert all(g.count('class="gw-bar"') == 2 for g in groups)
    assert len(view.case_rows) == 4 and view.case_headers[:2] == ["用例", "系统"]
    assert {row[1] for row in view.case_rows} == {"offline", "naive"}
    case_id = view.case_rows[0][0]
    pair = side_by_side(view.cases, case_id, "offline")
    reference = view.cases[case_id]["reference"]
    assert html.escape(reference[:40]) in pair and "参考稿" in pair and "草稿（offline）" in pair
    assert view.cases[case_id]["offline"].strip()
    assert Path(view.report).read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")
    assert steps and steps[-1][0] == steps[-1][1]  # the progress bar reached its end
    # the dev set is always offered, corpus.jsonl when it was built, then the upload
    paths = [path for _, path in case_sets()]
    assert paths[0] == str(DEV_CASES) and paths[-1] == UPLOAD
    corpus = DEV_CASES.with_name("corpus.jsonl")
    assert (str(corpus) in paths) == corpus.is_file()


def test_evaluate_bad_cases_file(services, tmp_path):
    from assistant.ui.eval_panel import UPLOAD, EvaluatePanel

    bad = tmp_path / "bad.jsonl"
    bad.write_text("这不是 JSON\n", encoding="utf-8")
    view = EvaluatePanel(services).evaluate(UPLOAD, str(bad), "offline")
    assert "gw-msg-error" in view.note and view.summary == [] and view.report is None
    view = EvaluatePanel(services).evaluate(UPLOAD, None, "offline")
    assert "请上传用例文件" in view.note


def test_fields_are_read_from_the_paste_and_hand_edits_are_kept():
    from assistant.ui.prefill import prefill

    titled = "株洲县城市管理和行政执法局2023年工作情况\n" + PASTE.split("\n", 1)[1]
    empty = {"report_title": "", "unit": "", "period": "", "next_period": ""}
    auto = prefill(titled, empty, {})
    # "…2023年工作情况" heads the writer's material: no title of the draft's, so none shown
    assert auto == {
        "report_title": "",
        "unit": "株洲县城市管理和行政执法局",
        "period": "2023年",
        "next_period": "2024年",
    }
    # the writer typed a unit and a period over the reading: those stay, and the next period
    # follows the typed period
    typed = {**auto, "unit": "某某局", "period": "2022年"}
    assert prefill(titled, typed, auto) == {"report_title": "", "next_period": "2023年"}
    # a title line that names the summary is the draft's title, shown in the field; a title
    # typed over it stays, and names the period the fields read
    summary = titled.replace("2023年工作情况", "2023年工作总结及2024年工作思路", 1)
    assert (
        prefill(summary, empty, {})["report_title"]
        == "株洲县城市管理和行政执法局2023年工作总结及2024年工作思路"
    )
    own = {**empty, "report_title": "某某局2021年度工作报告"}
    read = prefill(summary, own, {})
    assert "report_title" not in read and read["period"] == "2021年"
    # a field still as the reading left it follows the paste
    later = titled.replace("2023年", "2021年")
    assert prefill(later, auto, auto)["period"] == "2021年"
    # emptying a field by hand gives it back to the paste
    assert prefill(titled, {**typed, "unit": ""}, auto)["unit"] == "株洲县城市管理和行政执法局"
    # blank text or an instruction while a draft is on screen change nothing
    assert prefill("", empty, {}) == {} and prefill("   ", empty, {}) == {}
    assert prefill("精简（三）", typed, auto, draft=object()) == {}


def test_knowledge_search_ranks_and_highlights_matching_words(services, knowledge_dir):
    panel = KnowledgePanel(services)
    services.kb.ingest([knowledge_dir / "seed004.txt"])
    page = panel.search("清理牛皮癣", "", 3)
    assert "第 1 名" in page and "命中词" in page
    assert '<mark class="gw-hit">' in page
    assert "相关度 1.000" not in page  # no absolute-looking score
    banner = html.unescape(panel.banner())
    assert "共 1 篇文档" in banner and "已建立示例知识库" not in banner


def test_highlight_escapes_markup():
    from assistant.ui.render import highlight

    marked = highlight("<b>清理</b>“牛皮癣”<script>", ["牛皮癣", "<b>"])
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert '<mark class="gw-hit">牛皮癣</mark>' in marked
    assert '<mark class="gw-hit">&lt;b&gt;</mark>' in marked


def test_draft_tab_says_when_an_index_builds(services, handlers, tmp_path):
    assert services.index_notice() == ""
    with services.indexing():
        note = services.index_notice()
        assert "现在就可以起草" in note and "参考范文" in note
        view = last(handlers.send(Session(), PASTE, Fields()))
        assert view.draft is not None and not view.draft.exemplars
        assert "正在建立" in view.session.chat[-1]["content"]
    assert services.index_notice() == ""


def test_unconfigured_llm_backend_is_a_clear_message(handlers, drafted, services):
    fields = Fields(**{**drafted.fields.__dict__, "backend": "openai"})
    before = services.history.drafts(drafted.session.conversation_id)
    view = last(handlers.send(drafted.session, PASTE, fields))
    assert "gw-msg-error" in view.status and "llm.base_url" in view.status
    assert view.draft is drafted.draft
    assert services.history.drafts(drafted.session.conversation_id) == before


def test_sources_show_example_paragraphs_from_the_knowledge_base(services, handlers, knowledge_dir):
    report = services.kb.ingest([knowledge_dir / "seed004.txt"])
    assert report.files == 1
    view = last(handlers.send(Session(), PASTE, Fields()))
    d = view.draft
    assert d.exemplars, "drafting should retrieve examples from the knowledge base"
    para = next(p for s in d.sections for p in s.paragraphs if p.chunk_ids)
    page = handlers.sources(view.session, para.id)
    example = next(e for e in d.exemplars if e["chunk_id"] in para.chunk_ids)
    assert html.escape(example["title"]) in page
    assert html.escape(example["heading_path"]) in page
    assert "参考范文段落（" in page and "没有检索到" not in page


# ------------------------------------------------- what a writer hit in the browser (issue 9)


def test_editing_one_outline_heading_changes_only_its_own_section(handlers):
    """先生成提纲 → edit one （一） heading → 按提纲起草: only that heading's section changes."""
    proposed = handlers.suggest(Session(), PASTE_HEADED, Fields())
    before = last(handlers.draft_outline(proposed.session, proposed.fields)).draft
    lines = proposed.fields.outline.splitlines()
    subs = [i for i, line in enumerate(lines) if line.startswith("（")]
    assert len(subs) >= 2, proposed.fields.outline
    for index in subs:
        heading, ids = lines[index].rsplit(" ", 1)
        edited = [*lines[:index], f"{heading[:3]}改写后的小标题 {ids}", *lines[index + 1 :]]
        fields = Fields(**{**proposed.fields.__dict__, "outline": "\n".join(edited) + "\n"})
        after = last(handlers.draft_outline(proposed.session, fields)).draft
        assert after is not None and "改写后的小标题" in after.text
        # the edited heading's own section alone changes (its heading, and the stock lead and
        # closing that named the old heading's topic), and the opening where it listed that
        # topic; every other paragraph, each other section and the closing, stays byte-identical
        part, start, end = _subsection(after, "改写后的小标题")
        assert [s.text for i, s in enumerate(after.sections) if i not in (0, part)] == [
            s.text for i, s in enumerate(before.sections) if i not in (0, part)
        ], lines[index]
        old_part = before.sections[part].paragraphs
        new_part = after.sections[part].paragraphs
        outside = [j for j in range(len(new_part)) if not start <= j < end]
        assert len(old_part) - (end - start) == len(outside)
        before_rest = [p.text for j, p in enumerate(old_part) if not start <= j < end]
        assert [new_part[j].text for j in outside] == before_rest[: len(outside)], lines[index]
        assert after.title == before.title
        listed = re.compile(r"突出[^，。]*等重点工作，")  # the opening's list of topics alone
        assert listed.sub("", after.sections[0].text) == listed.sub("", before.sections[0].text)


def _subsection(draft, heading: str) -> tuple[int, int, int]:
    """(part index, first and past-last paragraph index) of the sub-section a heading opens."""
    for i, section in enumerate(draft.sections):
        paras = section.paragraphs
        for j, para in enumerate(paras):
            if para.kind == "heading" and heading in para.text:
                end = next(
                    (k for k in range(j + 1, len(paras)) if paras[k].kind == "heading"), None
                )
                closing = len(paras) - 1 if paras and not paras[-1].fact_ids else len(paras)
                return i, j, end if end is not None else closing
    raise AssertionError(f"no sub-section {heading}")


def _scripted_answer(task) -> str:
    """A model that writes each part from its facts and invents one figure in the achievements
    (the guard marks it 〔待核〕, so the draft has fix-ups to keep)."""
    if task.kind in ("opening", "closing"):
        return "现将有关情况报告如下。" if task.kind == "opening" else "我们将继续努力。"
    if task.kind == "repair":
        return task.text
    text = "；".join(f.text for f in task.facts) + "。"
    return text + ("另查处违规行为88起。" if task.role == "achievements" else "")


def test_a_reopened_conversation_keeps_its_record(settings, scripted_model, knowledge_dir):
    scripted_model.when_empty = _scripted_answer
    services = Services(settings)
    services.kb.ingest([knowledge_dir / "seed004.txt"])
    handlers = DraftHandlers(services)
    drafted = last(handlers.send(Session(), PASTE, Fields(backend="scripted")))
    d = drafted.draft
    assert d.fixups and "〔待核〕" in d.text, drafted.status
    assert d.exemplars, "the draft should cite the knowledge base"
    renamed = last(handlers.send(drafted.session, "换个标题", drafted.fields))
    assert renamed.draft.title != d.title
    conv_id = drafted.session.conversation_id

    fresh = DraftHandlers(Services(settings))  # the list as a new page (or process) shows it
    [(label, listed)] = fresh.conversations()
    assert listed == conv_id and label.split("\n")[0] == renamed.draft.title
    view = fresh.open_conversation(Session(), conv_id)
    reopened = view.draft
    assert reopened.text == renamed.draft.text and reopened.title == renamed.draft.title
    assert view.session.paste == PASTE and view.fields.backend == "scripted"
    assert reopened.fixups == d.fixups and reopened.findings == d.findings
    checks = fresh.checks(view.session)
    assert f"{len(d.fixups)} 处自动修正" in checks and "0 处自动修正" not in checks
    assert f"自动修正 {len(d.fixups)} 处" in draft_html(reopened)
    pid = next(p.id for s in d.sections for p in s.paragraphs if p.chunk_ids)
    assert fresh.sources(view.session, pid) == handlers.sources(renamed.session, pid)
    assert "参考范文段落（" in fresh.sources(view.session, pid)


# ------------------------------------------------- the Draft tab's outputs, by name (issue 9)


def test_a_step_with_everything_sets_every_named_output_and_no_other(handlers, drafted):
    from assistant.ui.outputs import DRAFT_OUTPUTS, draft_outputs
    from assistant.ui.views import DraftView

    full = DraftView(
        drafted.session,
        drafted.fields,
        status="状态",
        exports=drafted.exports,
        refresh_history=True,
        draft_changed=True,
        step="outline",
    )
    assert set(draft_outputs(full, handlers, clear_input=True)) == set(DRAFT_OUTPUTS)
    # a step that changes nothing on the page sets the session and the chat only
    assert set(draft_outputs(DraftView(drafted.session), handlers)) == {"session", "chat"}


def test_every_draft_event_returns_its_own_outputs_by_component(settings):
    """The real app's events, run as Gradio runs them: each step is {component: value}, and
    Gradio places it by component (a component that is not an output of the event fails)."""
    import inspect

    from gradio.blocks import convert_component_dict_to_list

    from app import create_app
    from assistant.ui.outputs import DRAFT_OUTPUTS, FIELD_NAMES

    demo = create_app(settings)
    ui = demo.draft_tab
    fns = {fn.api_name: fn for fn in demo.fns.values()}
    names = ["send", "draft", "outline", "open_conversation", "new_conversation"]
    names += [f"revise_{op}" for op in ("expand", "condense", "polish", "rewrite")]
    for name in names:
        assert [b._id for b in fns[name].outputs] == [getattr(ui, n)._id for n in DRAFT_OUTPUTS]

    def run(name, *args):
        result = fns[name].fn(*args)
        steps = list(result) if inspect.isgenerator(result) else [result]
        for step in steps:
            placed = convert_component_dict_to_list(fns[name].outputs, step)
            assert len(placed) == len(fns[name].outputs)
        return steps[-1]

    fields = [getattr(ui, n).value for n in FIELD_NAMES]  # as the page starts
    outlined = run("outline", Session(), PASTE, *fields)
    assert outlined[ui.outline].startswith("2023年工作总结") and outlined[ui.period] == "2023年"
    assert outlined[ui.outline_box]["open"] and outlined[ui.draft_btn]["variant"] == "primary"
    sent = run("send", Session(), PASTE, *fields, "")
    d = sent[ui.session].draft
    assert html.escape(d.title) in sent[ui.paper] and "数字核对" in sent[ui.checks]
    assert sent[ui.period] == d.period and sent[ui.next_period] == "2024年"
    assert sent[ui.backend] == "offline"
    assert sent[ui.dl_md]["value"].endswith(".md") and sent[ui.dl_docx]["value"].endswith(".docx")
    conv_id = sent[ui.session].conversation_id
    assert sent[ui.history]["value"] == conv_id and sent[ui.send_btn]["variant"] == "primary"
    target = dict(section_choices(d))[next(k for k in dict(section_choices(d)) if "三、" in k)]
    revised = run("revise_condense", sent[ui.session], target, *fields)
    assert "已精简" in revised[ui.chat][-1]["content"]
    retitled = run("send", revised[ui.session], "换个标题", *fields, "")
    new_title = retitled[ui.session].draft.title
    assert new_title != d.title and html.escape(new_title) in retitled[ui.paper]
    labels = dict((v, k) for k, v in retitled[ui.history]["choices"])
    assert labels[conv_id].split("\n")[0] == new_title  # the list shows the new title
    reopened = run("open_conversation", Session(), conv_id)
    assert reopened[ui.session].draft.text == retitled[ui.session].draft.text
    assert reopened[ui.period] == "2023年" and ui.history not in reopened
    new = run("new_conversation", reopened[ui.session])
    assert new[ui.session].draft is None and new[ui.message] == ""
    assert new[ui.dl_md] == {"__type__": "update", "visible": False}
    read = fns["read_fields"].fn(Session(), PASTE, "", "", "", "", {})
    assert read[ui.next_period] == "2024年" and read[ui.auto]["period"] == "2023年"
    # a paste that names no field still returns an update map: gradio failed the event on {}
    unread = fns["read_fields"].fn(Session(), "   ", "", "", "", "", {})
    assert unread == {ui.auto: {}}


def test_the_other_tabs_events_return_their_own_outputs_by_component(settings, tmp_path):
    from gradio.blocks import convert_component_dict_to_list

    from app import create_app
    from assistant.ui.eval_panel import UPLOAD

    demo = create_app(settings)
    kb, ev = demo.kb_tab, demo.eval_tab
    fns = {fn.api_name: fn for fn in demo.fns.values()}

    def run(name, *args):
        step = fns[name].fn(*args)
        assert len(convert_component_dict_to_list(fns[name].outputs, step)) == len(
            fns[name].outputs
        )
        return step

    docs = run("documents")
    assert docs[kb.remove_doc]["choices"] == [] and "gw-msg" in docs[kb.state]
    tick = run("on_tick")  # no index building: the notice hides, the table refreshes
    assert tick[demo.draft_tab.index_note]["visible"] is False and kb.docs in tick
    bad = tmp_path / "bad.jsonl"
    bad.write_text("这不是 JSON\n", encoding="utf-8")
    result = run("evaluate", UPLOAD, str(bad), "offline")
    assert "gw-msg-error" in result[ev.status] and result[ev.report] is None
    assert result[ev.texts] == {"texts": {}, "system": "offline"}


@pytest.mark.parametrize(
    ("message", "op", "role"),
    [
        ("压缩一下第三大项", "condense", "plans"),
        ("把存在问题写得更详细", "expand", "problems"),
        ("重写工作开展情况", "rewrite", "achievements"),
        ("明年的打算顺一顺", "polish", "plans"),
        ("扩写下半年工作", "expand", "plans"),
        ("开头太长", "condense", "opening"),
        ("结束语写得简洁些", "condense", "closing"),
    ],
)
def test_chat_words_come_from_the_word_files(drafted, message, op, role):
    """The op, part and frame words of intents.yaml, with the op names of revise.yaml and the
    role labels of roles.yaml, name the operation and the part."""
    from assistant.drafting import REVISE_OPS
    from assistant.ui.intents import OP_WORDS, read_message

    d = drafted.draft
    assert {name for name, _ in OP_WORDS} == set(REVISE_OPS.values()) - {"free"}
    assert all(REVISE_OPS[words[0]] == name for name, words in OP_WORDS)
    intent = read_message(message, d)
    assert (intent.kind, intent.op) == ("revise", op)
    index = int(intent.target.removeprefix("part:"))
    where = {0: "opening", len(d.sections) - 1: "closing"}
    assert where.get(index, d.sections[index].role) == role


def test_asking_about_the_sub_headings_leaves_the_title_alone(handlers):
    """An 审计局 writer asked "把第一部分的小标题改得更有审计特色" in the browser (2026-12), and the
    draft's title was replaced: 小标题改 holds 标题改. Now it is a free instruction on part one,
    which the offline engine declines in Chinese, the draft as it was."""
    from assistant.ui.intents import read_message

    paste = (
        "县审计局2025年工作总结\n全年完成审计项目32个，查出违规金额1.86亿元\n"
        "对12个乡镇开展党政主要领导干部经济责任审计\n完成政府投资项目结算审计86个，审减金额5260万元\n"
        "督促整改问题231个，整改率92.6%\n2026年计划完成审计项目35个"
    )
    view = last(handlers.send(Session(), paste, Fields()))
    d = view.draft
    message = "把第一部分的小标题改得更有审计特色"
    intent = read_message(message, d)
    assert (intent.kind, intent.op, intent.target) == ("revise", "free", "part:1")
    after = last(handlers.send(view.session, message, Fields()))
    assert after.draft.title == d.title == "县审计局2025年工作总结"
    assert after.draft.text == d.text
    assert "离线引擎不能按自由指令修改" in after.status
    assert read_message("换个标题", d).kind == "title"  # the title is still one message away
    # a message that names a section asks about its heading, not the title; this draft has no
    # （二）, so it asks where
    assert read_message("把（二）的标题改短一点", d).kind == "unclear"


def test_a_plan_of_its_own_is_revised_through_the_chat(handlers):
    # a plan paste is drafted as the plan (its themes 一、二、 in one part with no heading); the
    # chat names its themes by number and its body by the page's label "计划正文"
    from tests.test_drafting_offline import PLAN_PASTE

    view = last(handlers.send(Session(), PLAN_PASTE, Fields()))
    d = view.draft
    assert [s.role for s in d.sections] == ["plans", "other"]
    assert [label for label, _ in section_choices(d)][:2] == [
        "计划正文",
        "　一、推进学前教育普惠发展",
    ]
    from assistant.ui.intents import read_message

    second = read_message("精简第二部分", d)
    assert second.kind == "revise" and second.label == "二、加强教师队伍建设"
    body = read_message("润色计划正文", d)
    assert (body.kind, body.target) == ("revise", "part:0")
    after = last(handlers.send(view.session, "精简第二部分", Fields())).draft
    heads = [line for line in after.text.splitlines() if re.match("[一二三]、", line)]
    assert heads == ["一、推进学前教育普惠发展", "二、加强教师队伍建设", "三、深化“双减”"]
    assert "（一）" not in after.text and after.unused_facts == []


def test_a_rewritten_outline_heading_takes_its_section_with_it(handlers):
    """供销社: 先生成提纲 proposed "（一）扎实做好服务中心工作"; the writer wrote "加强为农服务体系建设"
    over the same facts, and the draft still said "我们把服务中心作为重点工作来抓…通过以上工作，
    服务中心工作扎实有序推进" under it."""
    paste = (
        "县供销社2025年工作总结\n全系统实现销售总额18.6亿元，同比增长7.2%\n"
        "新建为农服务中心3个，农资配送网点总数达到126个\n开展土地托管服务面积4.3万亩\n"
        "农产品电商销售额突破2亿元\n"
    )
    proposed = handlers.suggest(Session(), paste, Fields())
    outline = proposed.fields.outline
    first = next(line for line in outline.splitlines() if line.startswith("（一）"))
    heading = first.rsplit(" ", 1)[0][3:]
    edited = outline.replace(heading, "加强为农服务体系建设")
    fields = Fields(**{**proposed.fields.__dict__, "outline": edited})
    draft = last(handlers.draft_outline(proposed.session, fields)).draft
    part, start, end = _subsection(draft, "加强为农服务体系建设")
    body = "".join(p.text for p in draft.sections[part].paragraphs[start + 1 : end])
    # the writer's heading says what the facts are about: their list, no stock sentence
    assert body.startswith("一是全系统实现销售总额18.6亿元") and body.endswith("达到126个。"), body


def test_the_writers_own_wording_goes_everywhere_the_draft_says_the_old(handlers, services):
    """ "把“A”改成“B”" had been read as unclear (the app asked which part); a heading or a
    phrase the writer wants worded otherwise is changed where it stands, checked like any change."""
    from assistant.ui.intents import read_message

    drafted = last(handlers.send(Session(), PASTE, Fields()))
    heading = next(
        p.text for s in drafted.draft.sections for p in s.paragraphs if p.kind == "heading"
    )
    old = heading[3:7]  # four characters of the first sub-heading, after its （一）
    message = f"把“{old}”改成“市容秩序”"
    intent = read_message(message, drafted.draft)
    assert (intent.kind, intent.target, intent.instruction) == ("reword", old, "市容秩序")
    view = last(handlers.send(drafted.session, message, drafted.fields))
    assert old not in view.draft.text and "市容秩序" in view.draft.text
    before = [(p.id, p.fact_ids) for s in drafted.draft.sections for p in s.paragraphs]
    assert [(p.id, p.fact_ids) for s in view.draft.sections for p in s.paragraphs] == before
    assert "已把" in view.session.chat[-1]["content"] and not view.draft.findings
    versions = services.history.drafts(view.session.conversation_id)
    assert len(versions) == 2 and versions[-1].text == view.draft.text
    # a figure changed, or wording that is not there: refused, said why, the draft as it was
    figure = drafted.draft.facts[0].figures[0].text
    refusals = ((f"把“{figure}”改成“9999个”", "数字"), ("把“不在稿中”改成“x”", "没有找到"))
    for message, reason in refusals:
        refused = last(handlers.send(view.session, message, drafted.fields))
        assert refused.session.draft.text == view.draft.text
        assert reason in refused.session.chat[-1]["content"], refused.session.chat[-1]
    assert len(services.history.drafts(view.session.conversation_id)) == 2


def test_a_wording_change_stays_in_the_place_the_writer_names(handlers, services):
    """ "把标题中的“2025年”改成“2025年度”" had changed every 2025年 of a 统计局 draft, the
    opening and the part headings too: a named place (标题, 第二部分, a sub-heading) is the
    only one changed."""
    paste = (
        "1. 2025年完成全国经济普查入户登记，覆盖单位3200家\n2. 编印统计年鉴600册\n"
        "3. 开展统计执法检查12次\n问题：基层统计人员不足\n"
        "计划：推进统计数字化，建成数据平台1个\n"
    )
    fields = Fields(unit="县统计局", period="2025年", next_period="2026年")
    drafted = last(handlers.send(Session(), paste, fields))
    before = drafted.draft
    assert "2025年" in before.title and "2025年" in before.sections[1].heading
    view = last(handlers.send(drafted.session, "把标题中的“2025年”改成“2025年度”", fields))
    after = view.draft
    assert after.title == before.title.replace("2025年", "2025年度")
    assert [s.heading for s in after.sections] == [s.heading for s in before.sections]
    assert [p.text for s in after.sections for p in s.paragraphs] == [
        p.text for s in before.sections for p in s.paragraphs
    ]
    assert "已把标题中的“2025年”改为“2025年度”，共 1 处" in view.session.chat[-1]["content"]
    # a part: its heading and paragraphs, not the plans' 坚持问题导向
    problems = next(i for i, s in enumerate(after.sections) if s.role == "problems")
    view = last(handlers.send(view.session, "把第二部分的“问题”改成“短板”", fields))
    for i, (old, new) in enumerate(zip(after.sections, view.draft.sections, strict=True)):
        old_text = old.heading + "".join(p.text for p in old.paragraphs)
        new_text = new.heading + "".join(p.text for p in new.paragraphs)
        assert new_text == (old_text.replace("问题", "短板") if i == problems else old_text)
    assert "问题" in after.sections[problems].heading and view.draft.title == after.title
    # wording that is not in the place named: said so, nothing changed or saved
    versions = len(services.history.drafts(view.session.conversation_id))
    refused = last(handlers.send(view.session, "把标题中的“统计执法”改成“执法”", fields))
    assert refused.session.draft.text == view.draft.text
    assert "标题中没有找到“统计执法”" in refused.session.chat[-1]["content"]
    # a place the draft does not have: said so, not changed everywhere instead
    for message, place in (
        ("把第五部分的“问题”改成“短板”", "第五部分"),
        ("把P99中的“问题”改成“短板”", "P99"),
    ):
        refused = last(handlers.send(view.session, message, fields))
        assert refused.session.draft.text == view.draft.text
        assert f"稿件中没有“{place}”" in refused.session.chat[-1]["content"]
    assert len(services.history.drafts(view.session.conversation_id)) == versions


def test_the_place_of_a_wording_change_is_read_from_the_message(handlers):
    """Before the quote or after the new text; the sub-headings are not the title."""
    from assistant.ui.intents import read_message

    draft = last(handlers.send(Session(), PASTE_HEADED, Fields())).draft
    cases = {
        "把“2023年”改成“2023年度”": "",
        "把标题里的“2023年”改成“2023年度”": "title",
        "把“2023年”改成“2023年度”，只改标题": "title",
        "把小标题中的“整治”改为“治理”": "subheadings",
        "把第三部分的“新建”改成“建设”": "part:",
        "把P02中的“清理”改成“整治”": "P02",
    }
    for message, place in cases.items():
        intent = read_message(message, draft)
        assert intent.kind == "reword" and intent.place.startswith(place), (message, intent)
        assert bool(intent.place) == bool(place), (message, intent)
    subs = read_message("把小标题中的“整治”改为“治理”", draft)
    assert (subs.target, subs.instruction) == ("整治", "治理")
    assert read_message("把“2023年”改成“2023年度”，谢谢", draft).instruction == "2023年度"


def test_a_wording_change_in_the_sub_headings_leaves_the_body(handlers):
    drafted = last(handlers.send(Session(), PASTE_HEADED, Fields()))
    paras = [p for s in drafted.draft.sections for p in s.paragraphs]
    assert any("整治" in p.text for p in paras if p.kind == "heading")
    assert any("整治" in p.text for p in paras if p.kind != "heading")  # the opening's
    view = last(handlers.send(drafted.session, "把小标题中的“整治”改为“治理”", drafted.fields))
    for old, new in zip(paras, [p for s in view.draft.sections for p in s.paragraphs], strict=True):
        changed = old.text.replace("整治", "治理") if old.kind == "heading" else old.text
        assert new.text == changed
    assert view.draft.title == drafted.draft.title


SHICHANG = (
    "新登记各类市场主体2860户，其中企业712户，同比增长9.4%\n"
    "推行“一业一证”改革，办理时限压缩至3个工作日\n"
    "查处各类违法案件156件，罚没款213.5万元\n"
    "开展特种设备安全检查420台次，整改隐患37处\n"
    "处理投诉举报2318件，为消费者挽回经济损失86.2万元\n"
)
SHICHANG_FIELDS = Fields(unit="县市场监督管理局", period="2025年", next_period="2026年")


def test_a_title_too_long_gets_a_shorter_form_that_still_names_the_plan(handlers):
    """ "标题太长了" had been answered "请说明要修改哪一部分". A shorter usual form is taken only
    where it still names what the draft holds: no "工作总结" over a draft with a plans part."""
    only_results = last(handlers.send(Session(), SHICHANG, SHICHANG_FIELDS))
    title = only_results.draft.title
    view = last(handlers.send(only_results.session, "标题太长了", SHICHANG_FIELDS))
    assert len(view.draft.title) < len(title) and view.draft.title.startswith("县市场监督管理局")
    assert view.draft.sections[1:] == only_results.draft.sections[1:]
    # the opening had gone on reporting "2025年工作总结及2026年工作计划" under the new title
    assert view.draft.sections[0].text.endswith("现将2025年工作总结报告如下：")
    assert f"标题改为《{view.draft.title}》" in view.session.chat[-1]["content"]
    with_plans = SHICHANG + "计划：2026年新建快检室5个，完成食品抽检1600批次\n"
    drafted = last(handlers.send(Session(), with_plans, SHICHANG_FIELDS))
    kept = last(handlers.send(drafted.session, "标题短一点", SHICHANG_FIELDS))
    assert kept.session.draft.title == drafted.draft.title
    assert "包含工作计划的常用写法中最短" in kept.session.chat[-1]["content"]
    # the writer's own "2025年度" is not undone as a shorter form
    message = "把标题中的“2025年”改成“2025年度”"
    own = last(handlers.send(kept.session, message, SHICHANG_FIELDS)).session
    assert "2025年度" in own.draft.title
    assert last(handlers.send(own, "标题太长了", SHICHANG_FIELDS)).draft.title == own.draft.title


def test_a_revision_of_the_whole_draft_goes_part_by_part(handlers, services):
    """ "精简全文" had been answered "请说明要修改哪一部分": every part with text of its own is
    revised, its facts and figures kept; a 〔待补〕 part stays as it is."""
    from assistant.ui.intents import read_message

    paste = SHICHANG + "问题：基层执法人员偏少，专业检测能力不足\n"
    drafted = last(handlers.send(Session(), paste, SHICHANG_FIELDS))
    for message in ("精简全文", "全文润色", "通篇再精炼些", "把全文精简一下"):
        intent = read_message(message, drafted.draft)
        assert (intent.kind, intent.target) == ("revise", "all"), (message, intent)
    view = last(handlers.send(drafted.session, "精简全文", SHICHANG_FIELDS))
    before, after = drafted.draft, view.draft
    assert "已精简“全文”" in view.session.chat[-1]["content"]
    changed = [
        i
        for i, (a, b) in enumerate(zip(before.sections, after.sections, strict=True))
        if [p.text for p in a.paragraphs] != [p.text for p in b.paragraphs]
    ]
    assert len(changed) >= 2, after.text  # more than one part was condensed
    assert len(after.text) < len(before.text)
    for section_before, section_after in zip(before.sections, after.sections, strict=True):
        if all(p.kind == "placeholder" for p in section_before.paragraphs):
            assert section_after.paragraphs == section_before.paragraphs
    for fact in before.facts:
        for figure in fact.figures:
            assert figure.text in after.text
    assert not after.findings
    assert len(services.history.drafts(view.session.conversation_id)) == 2


def test_a_writers_own_short_title_is_not_said_to_name_the_plan(handlers):
    paste = "县财政局2025年工作总结\n" + SHICHANG + "计划：2026年新建快检室5个\n"
    drafted = last(handlers.send(Session(), paste, Fields()))
    assert drafted.draft.title == "县财政局2025年工作总结"
    kept = last(handlers.send(drafted.session, "标题太长了", Fields()))
    reply = kept.session.chat[-1]["content"]
    assert "常用写法中最短" in reply and "包含工作计划" not in reply, reply
    assert kept.session.draft.title == drafted.draft.title


def test_the_sentence_a_writer_quotes_is_deleted_in_the_chat(handlers, services):
    """ "把“双减”那句删掉" had been answered "请说明要修改哪一部分" (a 县教育局 paste on the CLI,
    2026-12): the sentence goes, its fact is named as no longer used, a version is kept."""
    from assistant.ui.intents import read_message
    from assistant.ui.render import checks_html
    from tests.test_deleting import JIAOYU

    drafted = last(handlers.send(Session(), JIAOYU, Fields()))
    d = drafted.draft
    intent = read_message("把“双减”那句删掉", d)
    assert (intent.kind, intent.target, intent.place) == ("delete", "双减", "")
    named = read_message("删掉问题部分中“音体美”这一条", d)
    assert named.kind == "delete" and named.place.startswith("part:")
    assert read_message("把“双减”改成“课后服务”", d).kind == "reword"  # a rewording still
    view = last(handlers.send(drafted.session, "把“双减”那句删掉", drafted.fields))
    assert "双减" not in view.draft.text and "双减" in d.text
    gone = next(f.id for f in d.facts if "双减" in f.text)
    reply = view.session.chat[-1]["content"]
    assert "已删去" in reply and gone in reply and gone in view.draft.unused_facts
    assert f"<b>{gone}</b>" in checks_html(view.draft)  # under 未用上的事实
    versions = services.history.drafts(view.session.conversation_id)
    assert len(versions) == 2 and versions[-1].text == view.draft.text
    # a quote found twice, or in no sentence: asked again, the draft and history as they were
    for message, reason in (("删除“学位”", "有 2 处"), ("删掉“<script>x</script>”", "没有找到")):
        refused = last(handlers.send(view.session, message, drafted.fields))
        assert refused.session.draft.text == view.draft.text
        assert reason in refused.session.chat[-1]["content"]
        assert "<script>" not in refused.session.chat[-1]["content"]
    assert len(services.history.drafts(view.session.conversation_id)) == 2


def test_a_fact_the_writer_adds_in_the_chat_is_drafted_where_named(handlers, services):
    """ "问题部分再补充一条：…" had been refused "离线引擎不能按自由指令修改" (a 县教育局 paste on the
    CLI, 2026-12): the fact is the draft's, in the place named or the part of its label."""
    from assistant.ui.intents import read_message
    from tests.test_deleting import JIAOYU

    drafted = last(handlers.send(Session(), JIAOYU, Fields()))
    d = drafted.draft
    intent = read_message("问题部分再补充一条：教师待遇保障不够，优秀教师流失", d)
    assert (intent.kind, intent.instruction) == ("add", "教师待遇保障不够，优秀教师流失")
    assert (
        intent.place == f"part:{next(i for i, s in enumerate(d.sections) if s.role == 'problems')}"
    )
    assert read_message("计划：明年新增公办学位1500个", d).kind == "add"  # a fact label
    assert read_message("把标题改为：县教育局2025年度工作总结", d).kind == "title"
    view = last(
        handlers.send(drafted.session, "问题部分再补充一条：教师待遇保障不够", drafted.fields)
    )
    assert "三是教师待遇保障不够。" in view.draft.text
    assert "已在“二、存在的问题”补充事实F10" in view.session.chat[-1]["content"]
    assert len(services.history.drafts(view.session.conversation_id)) == 2
    view = last(handlers.send(view.session, "计划：明年新增公办学位1500个", drafted.fields))
    assert "新增公办学位1500个。" in view.draft.text and not view.draft.findings
    # a place the draft does not have: said so, nothing added
    refused = last(handlers.send(view.session, "第五部分补充：新建食堂6个", drafted.fields))
    assert refused.session.draft.text == view.draft.text
    assert "第五部分" in refused.session.chat[-1]["content"]
    assert len(services.history.drafts(view.session.conversation_id)) == 3


def test_undo_takes_the_changes_back_one_by_one_and_keeps_every_version(handlers, services):
    """A deletion in the chat had no way back but the history list: "撤销" restores the version
    before the last change, saved as a version of its own; again, one further back."""
    from assistant.ui.intents import read_message
    from tests.test_deleting import JIAOYU

    drafted = last(handlers.send(Session(), JIAOYU, Fields()))
    first = drafted.draft
    assert read_message("撤销刚才的修改", first).kind == "undo"
    assert read_message("撤销违法广告许可3件", first).kind != "undo"  # a fact with a figure
    view = last(handlers.send(drafted.session, "撤销", drafted.fields))
    assert "没有可以撤销的修改" in view.session.chat[-1]["content"]
    deleted = last(handlers.send(view.session, "把“双减”那句删掉", drafted.fields))
    retitled = last(handlers.send(deleted.session, "换个标题", drafted.fields))
    assert retitled.draft.title != first.title and "双减" not in retitled.draft.text
    back = last(handlers.send(retitled.session, "撤销", drafted.fields))
    assert back.draft.text == deleted.draft.text and "第 2 版" in back.session.chat[-1]["content"]
    back = last(handlers.send(back.session, "撤销", drafted.fields))
    assert back.draft.text == first.text and back.draft.unused_facts == first.unused_facts
    # the restored draft is a whole one: it can be revised again
    again = last(handlers.send(back.session, "把“双减”那句删掉", drafted.fields))
    assert "双减" not in again.draft.text
    notes = [v.note for v in services.history.drafts(again.session.conversation_id)]
    assert len(notes) == 6 and notes[3:5] == ["撤销：恢复第2版", "撤销：恢复第1版"]
    none_left = last(handlers.send(back.session, "撤销", drafted.fields))
    assert none_left.draft is not None
