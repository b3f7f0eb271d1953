"""总结助手 in the browser: `python app.py` serves http://127.0.0.1:7860 (settings.ui).

create_app() builds the Blocks; launch() serves them. Handlers live in assistant/ui/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
from starlette.middleware import Middleware

from assistant.errors import ZongjieError, user_message
from assistant.settings import Settings, load_settings
from assistant.ui import plancheck_panel, tabs
from assistant.ui.handlers import DraftHandlers, DraftView, Fields
from assistant.ui.locale import SHORTCUTS_JS, ChineseLocale
from assistant.ui.outputs import draft_outputs
from assistant.ui.panels import EvaluatePanel, KnowledgePanel
from assistant.ui.prefill import FIELDS, prefill
from assistant.ui.render import checks_html, draft_html, sources_html
from assistant.ui.services import Services
from assistant.ui.session import Session

CSS_PATH = Path(__file__).resolve().parent / "assistant" / "ui" / "app.css"
PLACEHOLDER = (
    "粘贴本期工作要点，每行一条（Ctrl+Enter 发送，Enter 换行），例如：\n"
    "查处非法营运黑车300余辆\n问题：执法力量不足\n明年新建公厕3座\n"
    "起草后可以说：精简（三）、把第二部分写得更具体、换个标题"
)
INDEX_POLL_S = 2.0  # how often the page asks whether an index is still building


# local fonts only: the app must look right with no internet (no web-font downloads)
THEME = gr.themes.Default(
    primary_hue="red",
    neutral_hue="slate",
    font=["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"],
    font_mono=["Consolas", "Noto Sans Mono CJK SC", "monospace"],
)


def _draft_tab(services: Services, backends: list[str]) -> SimpleNamespace:
    llm = services.settings.llm
    ui = SimpleNamespace()
    ui.index_note = gr.HTML(elem_id="gw-index-note", visible=False)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=150, elem_id="gw-sidebar"):
            ui.new_btn = gr.Button("＋ 新建对话", size="sm", elem_id="gw-new")
            ui.history = gr.Radio(label="历史对话", choices=[], elem_id="gw-history")
        with gr.Column(scale=4, min_width=300):
            ui.chat = gr.Chatbot(
                label="对话",
                height=400,
                elem_id="gw-chat",
                buttons=["copy"],
                placeholder="把本期工作要点粘贴到下面，点“发送”（或按 Ctrl+Enter）即可起草。",
                feedback_options=None,
            )
            ui.message = gr.Textbox(
                label="消息",
                show_label=False,
                placeholder=PLACEHOLDER,
                lines=4,
                max_lines=12,
                elem_id="gw-input",
            )
            with gr.Row():
                ui.send_btn = gr.Button("发送", variant="primary", scale=2, elem_id="gw-send")
                ui.suggest_btn = gr.Button("先生成提纲", scale=1, elem_id="gw-suggest")
            ui.status = gr.HTML(elem_id="gw-status")
            with gr.Accordion("起草设置（从要点中自动识别，可修改）", open=True):
                with gr.Row():
                    ui.unit = gr.Textbox(
                        label="单位", placeholder="从要点中识别", elem_id="gw-unit"
                    )
                    ui.period = gr.Textbox(
                        label="总结时段", placeholder="如 2023年", elem_id="gw-period"
                    )
                    ui.next_period = gr.Textbox(
                        label="计划时段", placeholder="如 2024年", elem_id="gw-next"
                    )
                with gr.Row():
                    ui.backend = gr.Dropdown(
                        backends,
                        value=llm.backend if llm.backend in backends else backends[0],
                        label="起草引擎",
                        elem_id="gw-backend",
                    )
                    ui.model = gr.Textbox(
                        label="模型", value=llm.model, placeholder="离线引擎不需要"
                    )
                    ui.k = gr.Slider(
                        0, 10, value=services.settings.retrieval.k, step=1, label="参考范文段落数"
                    )
            with gr.Accordion(
                "提纲（点“先生成提纲”后在这里修改，再按提纲起草）",
                open=False,
                elem_id="gw-outline-box",
            ) as ui.outline_box:
                ui.outline = gr.Textbox(
                    label="提纲（〔F01〕是事实编号）",
                    lines=8,
                    max_lines=20,
                    elem_id="gw-outline",
                )
                ui.draft_btn = gr.Button("按提纲起草", elem_id="gw-draft")
        with gr.Column(scale=5, min_width=380):
            ui.paper = gr.HTML(draft_html(None), elem_id="gw-paper")
            with gr.Row(elem_id="gw-actions"):
                ui.section = gr.Dropdown(
                    [], label="修改哪一部分", scale=3, min_width=140, elem_id="gw-section"
                )
                ui.op_buttons = [
                    gr.Button(op, size="sm", scale=1, min_width=52, elem_id=f"gw-op-{i}")
                    for i, op in enumerate(("扩写", "精简", "润色", "重写"))
                ]
            with gr.Row():
                ui.dl_docx = gr.DownloadButton(
                    "下载 Word（公文格式）", visible=False, elem_id="gw-dl-docx"
                )
                ui.dl_md = gr.DownloadButton("下载 Markdown", visible=False, elem_id="gw-dl-md")
            with gr.Tab("来源"):
                ui.paragraph = gr.Dropdown([], label="选择段落查看来源", elem_id="gw-paragraph")
                ui.sources = gr.HTML(sources_html(None, None), elem_id="gw-sources")
            with gr.Tab("核对与结构检查"):
                ui.checks = gr.HTML(checks_html(None), elem_id="gw-checks")
            with gr.Tab("上期计划落实情况"):
                ui.plancheck = plancheck_panel.build(services, ui.message, ui.unit, ui.period)
    return ui


def create_app(settings: Settings | None = None) -> gr.Blocks:
    """Build the app's Blocks (nothing is started or indexed here)."""
    services = Services(settings or load_settings())
    drafting = DraftHandlers(services)
    knowledge = KnowledgePanel(services)
    evaluate = EvaluatePanel(services)
    backends = drafting.backends()

    with gr.Blocks(title="总结助手") as demo:
        demo.services = services  # for launch() and tests
        session = gr.State(Session())
        auto = gr.State({})  # what the paste reading last put in each field
        timer = gr.Timer(INDEX_POLL_S, active=False)
        gr.Markdown(
            "# 总结助手\n起草工作总结及工作计划：粘贴要点 → 发送（或先生成提纲）→ 逐段修改 → "
            "导出公文格式 Word",
            elem_id="gw-header",
        )
        with gr.Tab("起草", id="draft"):
            d = _draft_tab(services, backends)
        with gr.Tab("知识库", id="kb"):
            kb = tabs.kb_tab()
        with gr.Tab("评估", id="eval"):
            ev = tabs.eval_tab(backends, d.backend.value)
        _wire_draft(demo, d, drafting, session, auto)
        tabs.wire_kb(demo, kb, knowledge, services, d.index_note, timer)
        tabs.wire_eval(ev, evaluate)
        d.plancheck.wire(session)
    return demo


def _wire_draft(demo, d, drafting: DraftHandlers, session, auto) -> None:
    field_inputs = [d.unit, d.period, d.next_period, d.backend, d.model, d.k, d.outline]
    outputs = [
        session,
        d.chat,
        d.paper,
        d.section,
        d.paragraph,
        d.sources,
        d.checks,
        d.status,
        *field_inputs,
        d.dl_md,
        d.dl_docx,
        d.history,
        d.message,
        d.send_btn,
        d.draft_btn,
        d.outline_box,
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

    def on_prefill(state, text, unit, period, next_period, auto):
        current = {"unit": unit, "period": period, "next_period": next_period}
        found = prefill(text, current, auto, state.draft)
        values = tuple(found.get(n, gr.skip()) for n in FIELDS)
        return (*values, {**(auto or {}), **found} if found else gr.skip())

    def remember(*values):  # the fields as a draft or a reopened conversation left them
        return dict(zip(FIELDS, values, strict=True))

    send_inputs = [session, d.message, *field_inputs, d.section]
    d.send_btn.click(on_send, send_inputs, outputs, api_name="send", concurrency_limit=None)
    d.message.submit(
        on_send, send_inputs, outputs, api_visibility="private", concurrency_limit=None
    )
    d.draft_btn.click(
        on_draft, [session, *field_inputs], outputs, api_name="draft", concurrency_limit=None
    )
    d.suggest_btn.click(
        on_suggest,
        [session, d.message, *field_inputs],
        outputs,
        api_name="outline",
        concurrency_limit=None,
    )
    names = ("expand", "condense", "polish", "rewrite")
    for button, op, name in zip(d.op_buttons, ("扩写", "精简", "润色", "重写"), names, strict=True):
        button.click(
            on_op(op),
            [session, d.section, *field_inputs],
            outputs,
            api_name=f"revise_{name}",
            concurrency_limit=None,
        )
    # fields read from the paste as the writer types or pastes (any change of the box, not only
    # keys); while one reading runs, only the latest change is read next
    boxes = [d.unit, d.period, d.next_period]
    d.message.change(
        on_prefill,
        [session, d.message, *boxes, auto],
        [*boxes, auto],
        api_name="read_fields",
        trigger_mode="always_last",
        show_progress="hidden",
        concurrency_limit=None,
    )
    d.paragraph.input(
        on_paragraph, [session, d.paragraph], [d.paper, d.sources], api_name="sources"
    )
    d.history.input(on_open, [session, d.history], outputs, api_name="open_conversation").then(
        remember, boxes, auto, api_visibility="private", queue=False
    )
    d.new_btn.click(on_new, [session], outputs, api_name="new_conversation").then(
        remember, boxes, auto, api_visibility="private", queue=False
    )
    demo.load(
        lambda: gr.update(choices=drafting.conversations()),
        None,
        d.history,
        api_name="conversations",
    )


def launch(demo: gr.Blocks, *, build_index: bool = True, **kwargs):
    """Serve the app on settings.ui host/port (127.0.0.1:7860 by default), with optional auth.

    The page is served first; the warm-up and the built-in index start right after, so they
    do not slow the start-up (they compete for the same two cores).
    """
    settings = demo.services.settings
    ui = settings.ui
    options = {
        "server_name": ui.host or "127.0.0.1",
        "server_port": ui.port,
        "css_paths": [CSS_PATH],
        "theme": THEME,
        "js": SHORTCUTS_JS,
        "auth": (ui.username, ui.password) if ui.username and ui.password else None,
        "show_error": False,
        "footer_links": [],
        # Gradio's own strings in Chinese under any browser language (assistant/ui/locale.py)
        "app_kwargs": {"middleware": [Middleware(ChineseLocale)]},
    }
    options.update(kwargs)
    block = not options.get("prevent_thread_lock")
    served = demo.queue(default_concurrency_limit=None).launch(
        **{**options, "prevent_thread_lock": True}
    )
    demo.services.warm_up()
    if build_index:
        demo.services.start_builtin_index()
    if block:
        demo.block_thread()
    return served


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
