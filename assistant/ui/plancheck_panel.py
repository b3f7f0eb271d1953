"""The Draft tab's "上期计划落实情况" panel: last period's plan items against the writer's facts.

build() creates the components inside the caller's layout; wire(session) connects them once the
session state exists. Everything shown from the documents is escaped: HTML in a plan or a fact
is shown as text.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.errors import InputError, ZongjieError, user_message
from assistant.plancheck import STATUS_LABELS, ItemResult, summary
from assistant.ui.render import esc, message_html

DEFAULT_PLAN = "（默认）知识库中同单位上一时段的文档"
# inline styles: app.css belongs to the app's layout; this panel keeps its look to itself
_STATUS_STYLE = {"met": "#1b7f3b", "partial": "#b26a00", "missing": "#b3261e"}
_CELL = 'style="border-top:1px solid #ddd;padding:4px 6px;vertical-align:top"'


def results_html(results: list[ItemResult], source_label: str) -> str:
    """One row per plan item: status, item, evidence and the reason with the numbers compared."""
    counts = summary(results)
    head = "，".join(f"{STATUS_LABELS[s]} {n} 项" for s, n in counts.items())
    rows = []
    for r in results:
        evidence = "<br>".join(f"{esc(f.id)}：{esc(f.text)}" for f in r.evidence[:3]) or "—"
        color = _STATUS_STYLE[r.status]
        rows.append(
            f'<tr class="gw-plan-{r.status}"><td {_CELL}><b style="color:{color}">'
            f"{esc(r.label)}</b></td><td {_CELL}>{esc(r.item.text)}</td>"
            f"<td {_CELL}>{evidence}</td><td {_CELL}>{esc(r.reason)}</td></tr>"
        )
    return (
        f'<div class="gw-plancheck"><p>上期计划：{esc(source_label)}（{len(results)} 项：{head}）</p>'
        '<table class="gw-plan-table" style="border-collapse:collapse;font-size:14px"><thead><tr><th>状态</th><th>计划项</th><th>本期事实</th>'
        f"<th>理由</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def todo_line(item_text: str) -> str:
    """The 〔待补：…〕 line the writer adds to the facts for an item with no result."""
    from assistant.figures import find_figures
    from assistant.plan_items import PlanItem, item_name

    name = item_name(PlanItem("P", item_text, "", find_figures(item_text)))
    return f"〔待补：上期计划“{name}”的完成情况〕"


class PlanCheckPanel:
    def __init__(self, services: Any, message: Any, unit: Any, period: Any):
        self.services = services
        self.inputs = (message, unit, period)
        self.message = message
        self.plan = gr.Dropdown(
            [DEFAULT_PLAN],
            value=DEFAULT_PLAN,
            label="上期计划（知识库文档）",
            elem_id="gw-plan-doc",
        )
        self.upload = gr.File(
            label="或上传上期计划文件（txt / md / docx / pdf）",
            file_types=[".txt", ".md", ".docx", ".pdf"],
            elem_id="gw-plan-file",
        )
        self.run_btn = gr.Button("核对上期计划落实情况", elem_id="gw-plan-run")
        self.table = gr.HTML(elem_id="gw-plan-table")
        self.pick = gr.Dropdown([], label="未见成果的计划项", elem_id="gw-plan-pick")
        self.add_btn = gr.Button("把所选项作为〔待补〕加入要点", elem_id="gw-plan-add")

    def wire(self, session: Any) -> None:
        self.plan.focus(self.choices, None, self.plan)
        self.run_btn.click(
            self.run, [session, *self.inputs, self.plan, self.upload], [self.table, self.pick]
        )
        self.add_btn.click(self.add, [session, self.message, self.pick], self.message)

    def choices(self):
        docs = [] if self.services.kb.is_empty else self.services.kb.list_documents()
        labels = [DEFAULT_PLAN] + [
            f"{d.title}（{d.unit or '单位未知'} {d.period or ''}）｜{d.doc_id}" for d in docs
        ]
        return gr.update(choices=labels)

    def run(self, session, message, unit, period, plan, upload, progress=gr.Progress()):
        try:
            results, label = self._check(session, message, unit, period, plan, upload, progress)
        except ZongjieError as exc:
            return message_html(user_message(exc), "error"), gr.update(choices=[], value=None)
        missing = [r.item.text for r in results if r.status == "missing"]
        pick = gr.update(choices=missing, value=missing[0] if missing else None)
        return results_html(results, label), pick

    def _check(self, session, message, unit, period, plan, upload, progress):
        from assistant.facts import parse_facts
        from assistant.plan_items import kb_plans_text, load_plan, previous_document, split_items
        from assistant.plancheck import check_plan

        paste = (message or "").strip() or getattr(session, "paste", "")
        ledger = parse_facts(paste, unit or None, period or None)
        if upload:
            source = load_plan(upload if isinstance(upload, str) else upload.name)
        elif plan and plan != DEFAULT_PLAN:
            source = kb_plans_text(self.services.kb, plan.rsplit("｜", 1)[-1])
        else:
            try:
                doc = previous_document(self.services.kb, ledger.unit, ledger.period)
            except InputError as exc:
                raise InputError(
                    exc.message, hint="请在上方选择上期文档，或上传上期计划文件。"
                ) from exc
            source = kb_plans_text(self.services.kb, doc.doc_id)
        items = split_items(source.text)

        def tick(done: int, total: int) -> None:
            if done % 20 == 0 or done == total:
                progress(done / total, desc=f"核对计划项 {done}/{total}")

        return check_plan(items, ledger.facts, progress=tick), source.label

    @staticmethod
    def add(session: Any, message: str, picked: str | None) -> str:
        """Append the item's 〔待补〕 line to the facts box (refilled with the sent paste)."""
        text = (message or "").strip() or getattr(session, "paste", "")
        if not picked:
            return text
        line = todo_line(picked)
        return f"{text.rstrip()}\n{line}" if text.strip() else line


def build(services: Any, message: Any, unit: Any, period: Any) -> PlanCheckPanel:
    return PlanCheckPanel(services, message, unit, period)
