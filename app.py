"""总结助手 in the browser: `python app.py` serves http://127.0.0.1:7860 (settings.ui).

create_app() builds the Blocks; launch() serves them. Handlers live in assistant/ui/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gradio as gr

from assistant.errors import ZongjieError, user_message
from assistant.settings import Settings, load_settings
from assistant.ui.handlers import DraftHandlers, DraftView, Fields
from assistant.ui.outputs import draft_outputs
from assistant.ui.panels import DEV_CASES, DOC_COLUMNS, EvaluatePanel, KnowledgePanel, role_choices
from assistant.ui.render import checks_html, draft_html, sources_html
from assistant.ui.services import Services
from assistant.ui.session import Session

CSS_PATH = Path(__file__).resolve().parent / "assistant" / "ui" / "app.css"
PLACEHOLDER = (
    "粘贴本期工作要点，每行一条，例如：\n"
    "查处非法营运黑车300余辆\n问题：执法力量不足\n明年新建公厕3座\n"
    "起草后可以说：精简（三）、把第二部分写得更具体、换个标题"
)


# local fonts only: the app must look right with no internet (no web-font downloads)
THEME = gr.themes.Default(
    primary_hue="red",
    neutral_hue="slate",
    font=["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"],
    font_mono=["Consolas", "Noto Sans Mono CJK SC", "monospace"],
)


def create_app(settings: Settings | None = None) -> gr.Blocks:
    """Build the app's Blocks (nothing is started or indexed here)."""
    services = Services(settings or load_settings())
    drafting = DraftHandlers(services)
    knowledge = KnowledgePanel(services)
    evaluate = EvaluatePanel(services)
    llm = services.settings.llm
    backends = drafting.backends()

    with gr.Blocks(title="总结助手") as demo:
        demo.services = services  # for launch() and tests
        session = gr.State(Session())
        gr.Markdown(
            "# 总结助手\n起草工作总结及工作计划：粘贴要点 → 生成提纲 → 起草 → 逐段修改 → 导出公文格式 Word",
            elem_id="gw-header",
        )
        with gr.Tab("起草", id="draft"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=1, min_width=200, elem_id="gw-sidebar"):
                    new_btn = gr.Button("＋ 新建对话", size="sm", elem_id="gw-new")
                    history = gr.Radio(label="历史对话", choices=[], elem_id="gw-history")
                with gr.Column(scale=4, min_width=360):
                    chat = gr.Chatbot(
                        label="对话",
                        height=430,
                        elem_id="gw-chat",
                        buttons=["copy"],
                        placeholder="把本期工作要点粘贴到下面，点“发送”即可起草。",
                        feedback_options=None,
                    )
                    message = gr.Textbox(
                        label="消息",
                        show_label=False,
                        placeholder=PLACEHOLDER,
                        lines=4,
                        max_lines=12,
                        elem_id="gw-input",
                    )
                    with gr.Row():
                        send_btn = gr.Button("发送", variant="primary", elem_id="gw-send")
                        suggest_btn = gr.Button("生成提纲", elem_id="gw-suggest")
                    status = gr.HTML(elem_id="gw-status")
                    with gr.Accordion("起草设置", open=True):
                        with gr.Row():
                            unit = gr.Textbox(
                                label="单位", placeholder="从要点中识别", elem_id="gw-unit"
                            )
                            period = gr.Textbox(
                                label="总结时段", placeholder="如 2023年", elem_id="gw-period"
                            )
                            next_period = gr.Textbox(
                                label="计划时段", placeholder="如 2024年", elem_id="gw-next"
                            )
                        with gr.Row():
                            backend = gr.Dropdown(
                                backends,
                                value=llm.backend if llm.backend in backends else backends[0],
                                label="起草引擎",
                                elem_id="gw-backend",
                            )
                            model = gr.Textbox(
                                label="模型", value=llm.model, placeholder="离线引擎不需要"
                            )
                            k = gr.Slider(
                                0,
                                10,
                                value=services.settings.retrieval.k,
                                step=1,
                                label="参考范文段落数",
                            )
                        outline = gr.Textbox(
                            label="提纲（可修改；〔F01〕是事实编号）",
                            lines=8,
                            max_lines=20,
                            elem_id="gw-outline",
                        )
                        draft_btn = gr.Button("按提纲起草", variant="primary", elem_id="gw-draft")
                with gr.Column(scale=5, min_width=420):
                    paper = gr.HTML(draft_html(None), elem_id="gw-paper")
                    with gr.Row(elem_id="gw-actions"):
                        section = gr.Dropdown(
                            [], label="修改哪一部分", scale=3, elem_id="gw-section"
                        )
                        op_buttons = [
                            gr.Button(op, size="sm", scale=1, elem_id=f"gw-op-{i}")
                            for i, op in enumerate(("扩写", "精简", "润色", "重写"))
                        ]
                    with gr.Row():
                        dl_docx = gr.DownloadButton(
                            "下载 Word（公文格式）", visible=False, elem_id="gw-dl-docx"
                        )
                        dl_md = gr.DownloadButton(
                            "下载 Markdown", visible=False, elem_id="gw-dl-md"
                        )
                    with gr.Tab("来源"):
                        paragraph = gr.Dropdown(
                            [], label="选择段落查看来源", elem_id="gw-paragraph"
                        )
                        sources = gr.HTML(sources_html(None, None), elem_id="gw-sources")
                    with gr.Tab("核对与结构检查"):
                        checks = gr.HTML(checks_html(None), elem_id="gw-checks")

        with gr.Tab("知识库", id="kb"):
            kb_state = gr.HTML(elem_id="gw-kb-state")
            with gr.Row():
                with gr.Column(scale=2):
                    files = gr.File(
                        label="上传往年总结（txt、md、docx、pdf，可多选）",
                        file_count="multiple",
                        file_types=[".txt", ".md", ".docx", ".pdf"],
                        type="filepath",
                        elem_id="gw-upload",
                    )
                    ingest_btn = gr.Button("导入知识库", variant="primary", elem_id="gw-ingest")
                    kb_status = gr.HTML(elem_id="gw-kb-status")
                with gr.Column(scale=3):
                    query = gr.Textbox(
                        label="检索试用", placeholder="如：清理牛皮癣", elem_id="gw-query"
                    )
                    with gr.Row():
                        role = gr.Dropdown(role_choices(), value="", label="部分")
                        hits_k = gr.Slider(1, 20, value=5, step=1, label="条数")
                        search_btn = gr.Button("检索", elem_id="gw-search")
                    hits = gr.HTML(elem_id="gw-hits")
            docs = gr.Dataframe(
                headers=DOC_COLUMNS, interactive=False, wrap=True, elem_id="gw-docs"
            )
            with gr.Row():
                remove_doc = gr.Dropdown([], label="删除文档", scale=3)
                remove_btn = gr.Button("删除", variant="stop", scale=1)

        with gr.Tab("评估", id="eval"):
            with gr.Row():
                cases = gr.File(label="上传用例（JSONL）", file_types=[".jsonl"], type="filepath")
                with gr.Column():
                    use_dev = gr.Checkbox(
                        True, label=f"使用开发集 {DEV_CASES.relative_to(DEV_CASES.parents[2])}"
                    )
                    eval_backend = gr.Dropdown(backends, value=backend.value, label="被测引擎")
                    eval_btn = gr.Button("运行评估", variant="primary", elem_id="gw-eval")
            eval_status = gr.HTML()
            summary = gr.Dataframe(headers=["指标", "被测引擎", "naive"], interactive=False)
            with gr.Row():
                bars = gr.BarPlot(
                    x="指标",
                    y="得分",
                    color="系统",
                    title="各指标平均分（0–1）",
                    x_label_angle=-40,
                    y_lim=[0, 1],
                    sort=None,
                )
                per_case = gr.BarPlot(
                    x="用例",
                    y="ROUGE-L F1",
                    color="系统",
                    title="各用例 ROUGE-L F1",
                    x_label_angle=-40,
                    sort=None,
                )
            report_file = gr.File(label="评估报告 report.html")

        # ---------------------------------------------------------------- wiring
        field_inputs = [unit, period, next_period, backend, model, k, outline]
        outputs = [
            session,
            chat,
            paper,
            section,
            paragraph,
            sources,
            checks,
            status,
            *field_inputs,
            dl_md,
            dl_docx,
            history,
            message,
        ]

        def emit(view: DraftView, clear: bool = False):
            return draft_outputs(view, drafting, clear_input=clear)

        def stream(views, clear_first: bool = False):
            for i, view in enumerate(views):
                yield emit(view, clear=clear_first and i == 0)

        def on_send(state, text, *args):
            *values, target = args
            yield from stream(
                drafting.send(state, text, Fields(*values), target or ""), clear_first=True
            )

        def on_draft(state, *values):
            yield from stream(drafting.draft_outline(state, Fields(*values)))

        def on_suggest(state, text, *values):
            return emit(drafting.suggest(state, text, Fields(*values)))

        def on_op(op):
            def run(state, target, *values):
                yield from stream(drafting.revise_section(state, target, op, Fields(*values)))

            return run

        def on_paragraph(state, pid):
            return draft_html(state.draft, pid), sources_html(state.draft, pid)

        def on_open(state, conv_id):
            if not conv_id or conv_id == state.conversation_id:
                return emit(DraftView(state))
            return emit(drafting.open_conversation(state, conv_id))

        def on_new(state):
            return emit(drafting.new_conversation(state), clear=True)

        send_btn.click(
            on_send,
            [session, message, *field_inputs, section],
            outputs,
            api_name="send",
            concurrency_limit=None,
        )
        message.submit(
            on_send,
            [session, message, *field_inputs, section],
            outputs,
            api_visibility="private",
            concurrency_limit=None,
        )
        draft_btn.click(
            on_draft, [session, *field_inputs], outputs, api_name="draft", concurrency_limit=None
        )
        suggest_btn.click(
            on_suggest,
            [session, message, *field_inputs],
            outputs,
            api_name="outline",
            concurrency_limit=None,
        )
        for button, op, name in zip(
            op_buttons,
            ("扩写", "精简", "润色", "重写"),
            ("expand", "condense", "polish", "rewrite"),
            strict=True,
        ):
            button.click(
                on_op(op),
                [session, section, *field_inputs],
                outputs,
                api_name=f"revise_{name}",
                concurrency_limit=None,
            )
        paragraph.input(on_paragraph, [session, paragraph], [paper, sources], api_name="sources")
        history.input(on_open, [session, history], outputs, api_name="open_conversation")
        new_btn.click(on_new, [session], outputs, api_name="new_conversation")

        def refresh_docs():
            rows, choices, state = knowledge.documents()
            return rows, gr.update(choices=choices, value=None), state

        def on_ingest(paths, progress=gr.Progress()):
            return knowledge.ingest(
                paths, lambda done, total, label: progress((done, total), desc=label)
            )

        doc_outputs = [docs, remove_doc, kb_state]
        ingest_btn.click(on_ingest, [files], [kb_status], api_name="ingest").then(
            refresh_docs, None, doc_outputs, api_visibility="private"
        ).then(lambda: None, None, files, api_visibility="private")
        remove_btn.click(
            knowledge.remove, [remove_doc], [kb_status], api_name="remove_document"
        ).then(refresh_docs, None, doc_outputs, api_visibility="private")
        search_btn.click(knowledge.search, [query, role, hits_k], [hits], api_name="search")
        query.submit(knowledge.search, [query, role, hits_k], [hits], api_visibility="private")

        def on_eval(upload, dev, engine, progress=gr.Progress()):
            note, rows, bar_rows, case_rows, report = evaluate.run(
                upload,
                dev,
                engine,
                lambda done, total, label: progress((done, total), desc=label or "评分"),
            )
            import pandas as pd

            headers = evaluate.summary_headers(engine)
            return (
                note,
                gr.update(value=rows, headers=headers),
                pd.DataFrame(bar_rows),
                pd.DataFrame(case_rows),
                report,
            )

        eval_btn.click(
            on_eval,
            [cases, use_dev, eval_backend],
            [eval_status, summary, bars, per_case, report_file],
            api_name="evaluate",
        )

        demo.load(
            lambda: gr.update(choices=drafting.conversations()),
            None,
            history,
            api_name="conversations",
        )
        demo.load(refresh_docs, None, doc_outputs, api_name="documents")
    return demo


def launch(demo: gr.Blocks, *, build_index: bool = True, **kwargs):
    """Serve the app on settings.ui host/port (127.0.0.1:7860 by default), with optional auth."""
    settings = demo.services.settings
    demo.services.warm_up()
    if build_index:
        demo.services.start_builtin_index()
    ui = settings.ui
    options = {
        "server_name": ui.host or "127.0.0.1",
        "server_port": ui.port,
        "css_paths": [CSS_PATH],
        "theme": THEME,
        "auth": (ui.username, ui.password) if ui.username and ui.password else None,
        "show_error": False,
        "footer_links": [],
    }
    options.update(kwargs)
    return demo.queue(default_concurrency_limit=None).launch(**options)


def main() -> int:
    try:
        settings = load_settings()
        demo = create_app(settings)
    except ZongjieError as exc:  # bad settings or an unusable data directory: say why, exit 1
        print(user_message(exc), file=sys.stderr)
        return 1
    print(f"总结助手：http://{settings.ui.host or '127.0.0.1'}:{settings.ui.port}", flush=True)
    launch(demo)
    return 0


if __name__ == "__main__":
    sys.exit(main())
