"""The Draft tab's 上期计划落实情况 panel: its handlers on real files and a real (empty) KB."""

from __future__ import annotations

import gradio as gr
import pytest
from test_plancheck import FACTS, PLAN

from assistant.ui.plancheck_panel import DEFAULT_PLAN, PlanCheckPanel
from assistant.ui.services import Services
from assistant.ui.session import Session


def _silent(*args, **kwargs) -> None:
    return None


@pytest.fixture
def panel(settings):
    with gr.Blocks():
        message, unit, period = gr.Textbox(), gr.Textbox(), gr.Textbox()
        return PlanCheckPanel(Services(settings), message, unit, period)


def test_uploaded_plan_rows_with_status_evidence_and_escaped_html(panel, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.replace("专项检查", "专项检查<script>x</script>"), encoding="utf-8")
    html, pick = panel.run(Session(), FACTS, "", "", DEFAULT_PLAN, str(plan), progress=_silent)
    assert "（8 项：已落实 4 项，部分落实 1 项，未见成果 3 项）" in html
    assert "计划“5座”，实际“4座”（F01），未达到" in html
    assert "F02：整治背街小巷25条" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert pick["choices"][0] == "全年计划投入资金800万元"
    assert len(pick["choices"]) == 3


def test_add_puts_a_todo_line_into_the_facts(panel):
    picked = "三是开展“门前三包”专项检查"
    sent = Session(paste=FACTS)
    text = panel.add(sent, "", picked)  # the box was cleared when the paste was sent
    assert text.startswith(FACTS.strip())
    assert text.endswith("\n〔待补：上期计划“开展“门前三包”专项检查”的完成情况〕")
    assert panel.add(sent, "新建公厕3座", None) == "新建公厕3座"


def test_no_previous_document_says_so_and_offers_the_picker(panel):
    html, pick = panel.run(Session(), FACTS, "", "", DEFAULT_PLAN, None, progress=_silent)
    assert "知识库里没有“某某县城市管理局”上一时段" in html
    assert "请在上方选择上期文档，或上传上期计划文件" in html
    assert pick["choices"] == []
