"""The 知识库 and 评估 tabs: their components and wiring (the handlers are in panels.py and
eval_panel.py; app.py puts the tabs together). An event's function returns {component: value},
so what it returns never depends on the order of its outputs."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from assistant.ui import eval_panel
from assistant.ui.panels import DOC_COLUMNS, EvaluatePanel, KnowledgePanel, role_choices
from assistant.ui.render import message_html
from assistant.ui.services import Services


def kb_tab() -> SimpleNamespace:
    ui = SimpleNamespace()
    ui.state = gr.HTML(elem_id="gw-kb-state")
    with gr.Row():
        with gr.Column(scale=2):
            ui.files = gr.File(
                label="上传往年总结（txt、md、docx、pdf，可多选）",
                file_count="multiple",
                file_types=[".txt", ".md", ".docx", ".pdf"],
                type="filepath",
                elem_id="gw-upload",
            )
            ui.ingest_btn = gr.Button("导入知识库", variant="primary", elem_id="gw-ingest")
            ui.status = gr.HTML(elem_id="gw-kb-status")
        with gr.Column(scale=3):
            ui.query = gr.Textbox(
                label="检索试用", placeholder="如：清理牛皮癣", elem_id="gw-query"
            )
            with gr.Row():
                ui.role = gr.Dropdown(role_choices(), value="", label="部分", elem_id="gw-role")
                ui.hits_k = gr.Slider(1, 20, value=5, step=1, label="条数")
                ui.search_btn = gr.Button("检索", elem_id="gw-search")
            ui.hits = gr.HTML(elem_id="gw-hits")
    ui.docs = gr.Dataframe(
        headers=DOC_COLUMNS,
        interactive=False,
        wrap=True,
        column_widths=["26%", "17%", "9%", "8%", "22%", "18%"],
        elem_id="gw-docs",
    )
    with gr.Row():
        ui.remove_doc = gr.Dropdown([], label="删除文档", scale=3, elem_id="gw-remove-doc")
        ui.remove_btn = gr.Button("删除", variant="stop", scale=1)
    return ui


def eval_tab(backends: list[str], backend: str) -> SimpleNamespace:
    ui = SimpleNamespace()
    sets = eval_panel.case_sets()
    with gr.Row():
        with gr.Column():
            ui.case_set = gr.Dropdown(sets, value=sets[0][1], label="用例集", elem_id="gw-case-set")
            ui.cases = gr.File(
                label="上传用例（JSONL，选“上传的用例文件”时使用）",
                file_types=[".jsonl"],
                type="filepath",
                elem_id="gw-cases",
            )
        with gr.Column():
            ui.backend = gr.Dropdown(
                backends, value=backend, label="被测引擎", elem_id="gw-eval-backend"
            )
            ui.run_btn = gr.Button("运行评估", variant="primary", elem_id="gw-eval")
    ui.status = gr.HTML(elem_id="gw-eval-status")
    ui.summary = gr.Dataframe(
        headers=["指标", "含义", backend, "naive"],
        interactive=False,
        wrap=True,
        column_widths=["16%", "52%", "16%", "16%"],
        elem_id="gw-eval-summary",
    )
    ui.bars = gr.HTML(elem_id="gw-eval-bars")
    gr.Markdown("各用例得分：点表头排序；点一行，在下方并排查看该用例的草稿与参考稿。")
    ui.per_case = gr.Dataframe(interactive=False, wrap=True, elem_id="gw-eval-cases")
    ui.pair = gr.HTML(eval_panel.side_by_side({}, None, ""), elem_id="gw-eval-pair")
    ui.report = gr.File(label="评估报告 report.html", elem_id="gw-eval-report")
    ui.texts = gr.State({})
    return ui


def wire_kb(demo, kb, knowledge: KnowledgePanel, services: Services, index_note, timer) -> None:
    def refresh_docs():
        rows, choices, state = knowledge.documents()
        return {
            kb.docs: rows,
            kb.remove_doc: gr.update(choices=choices, value=None),
            kb.state: state,
        }

    def notice():
        text = services.index_notice()
        return gr.update(value=message_html(text, "warn"), visible=bool(text))

    def on_tick():
        """While an index builds: the 起草 notice and the 知识库 banner; when done, the table."""
        if services.index_building:
            return {
                index_note: notice(),
                kb.state: knowledge.banner(),
                timer: gr.Timer(active=True),
            }
        return {index_note: notice(), **refresh_docs(), timer: gr.Timer(active=False)}

    def on_ingest(paths, progress=gr.Progress()):
        return knowledge.ingest(
            paths, lambda done, total, label: progress((done, total), desc=label, unit="片段")
        )

    doc_outputs = [kb.docs, kb.remove_doc, kb.state]
    tick_outputs = [index_note, *doc_outputs, timer]
    timer.tick(on_tick, None, tick_outputs, api_visibility="private", show_progress="hidden")
    # an upload builds an index too: poll while it runs, so the 起草 tab says so
    kb.ingest_btn.click(
        lambda: gr.Timer(active=True), None, timer, api_visibility="private", queue=False
    )
    kb.ingest_btn.click(on_ingest, [kb.files], [kb.status], api_name="ingest").then(
        refresh_docs, None, doc_outputs, api_visibility="private"
    ).then(lambda: None, None, kb.files, api_visibility="private")
    kb.remove_btn.click(
        knowledge.remove, [kb.remove_doc], [kb.status], api_name="remove_document"
    ).then(refresh_docs, None, doc_outputs, api_visibility="private")
    search_inputs = [kb.query, kb.role, kb.hits_k]
    kb.search_btn.click(knowledge.search, search_inputs, [kb.hits], api_name="search")
    kb.query.submit(knowledge.search, search_inputs, [kb.hits], api_visibility="private")
    demo.load(refresh_docs, None, doc_outputs, api_name="documents")
    demo.load(
        lambda: {index_note: notice(), timer: gr.Timer(active=services.index_building)},
        None,
        [index_note, timer],
        api_visibility="private",
    )


def wire_eval(ev, evaluate: EvaluatePanel) -> None:
    def on_eval(choice, upload, engine, progress=gr.Progress()):
        view = evaluate.evaluate(
            choice,
            upload,
            engine,
            lambda done, total, label: progress((done, total), desc=label or "评分", unit="篇"),
        )
        import pandas as pd

        first = next(iter(view.cases), None)
        return {
            ev.status: view.note,
            ev.summary: gr.update(value=view.summary, headers=view.headers),
            ev.bars: view.bars,
            ev.per_case: pd.DataFrame(view.case_rows, columns=view.case_headers),
            ev.report: view.report,
            ev.texts: {"texts": view.cases, "system": engine or "offline"},
            ev.pair: eval_panel.side_by_side(view.cases, first, engine or "offline"),
        }

    def on_case(texts, evt: gr.SelectData):
        row = getattr(evt, "row_value", None) or []
        case_id, system = (row[0], row[1]) if len(row) > 1 else (None, "")
        return eval_panel.side_by_side(texts.get("texts", {}), case_id, system)

    ev.run_btn.click(
        on_eval,
        [ev.case_set, ev.cases, ev.backend],
        [ev.status, ev.summary, ev.bars, ev.per_case, ev.report, ev.texts, ev.pair],
        api_name="evaluate",
    )
    ev.per_case.select(on_case, [ev.texts], [ev.pair], api_visibility="private")
