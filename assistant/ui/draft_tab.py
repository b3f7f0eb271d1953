"""The 起草 tab: its components, each under the name ui/outputs.py gives it, and its wiring.

build() lays the tab out in small builders; wire() connects the controls to DraftHandlers.
Every draft event has the same outputs, the components named in DRAFT_OUTPUTS, and returns
{component: value} for those that change, so neither side depends on an order.
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from assistant.drafting import REVISE_OPS
from assistant.ui import plancheck_panel
from assistant.ui.handlers import DraftHandlers
from assistant.ui.outputs import DRAFT_OUTPUTS, FIELD_NAMES, draft_outputs, fields_of
from assistant.ui.prefill import FIELDS as READ_FIELDS
from assistant.ui.prefill import prefill
from assistant.ui.render import checks_html, draft_html, sources_html
from assistant.ui.services import Services
from assistant.ui.session import Session
from assistant.ui.views import DraftView, Fields

PLACEHOLDER = (
    "粘贴本期工作要点，每行一条（Ctrl+Enter 发送，Enter 换行），例如：\n"
    "查处非法营运黑车300余辆\n问题：执法力量不足\n明年新建公厕3座\n"
    "起草后可以说：精简（三）、把第二部分写得更具体、换个标题"
)
# a button for each operation on the part picked beside them (a free instruction goes by chat)
BUTTON_OPS = tuple(word for word, name in REVISE_OPS.items() if name != "free")


def build(services: Services, backends: list[str]) -> SimpleNamespace:
    """The tab's components (inside the caller's gr.Tab), by name."""
    ui = SimpleNamespace(session=gr.State(Session()), auto=gr.State({}))  # auto: last reading
    ui.index_note = gr.HTML(elem_id="gw-index-note", visible=False)
    with gr.Row(equal_height=False):
        # wide enough for an entry's title to wrap into two or three lines, not eight
        with gr.Column(scale=2, min_width=200, elem_id="gw-sidebar"):
            ui.new_btn = gr.Button("＋ 新建对话", size="sm", elem_id="gw-new")
            ui.history = gr.Radio(label="历史对话", choices=[], elem_id="gw-history")
        with gr.Column(scale=4, min_width=300):
            _chat(ui)
            _settings(ui, services, backends)
            _outline(ui)
        with gr.Column(scale=5, min_width=380):
            _paper(ui, services)
    return ui


def _chat(ui: SimpleNamespace) -> None:
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


def _settings(ui: SimpleNamespace, services: Services, backends: list[str]) -> None:
    llm = services.settings.llm
    with gr.Accordion("起草设置（从要点中自动识别，可修改）", open=True):
        ui.report_title = gr.Textbox(
            label="标题",
            placeholder="不填则按单位和时段生成，如 某局2024年工作总结及2025年工作思路",
            elem_id="gw-title",
        )
        with gr.Row():
            ui.unit = gr.Textbox(label="单位", placeholder="从要点中识别", elem_id="gw-unit")
            ui.period = gr.Textbox(label="总结时段", placeholder="如 2023年", elem_id="gw-period")
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
            ui.model = gr.Textbox(label="模型", value=llm.model, placeholder="离线引擎不需要")
            ui.k = gr.Slider(
                0, 10, value=services.settings.retrieval.k, step=1, label="参考范文段落数"
            )


def _outline(ui: SimpleNamespace) -> None:
    with gr.Accordion(
        "提纲（点“先生成提纲”后在这里修改，再按提纲起草）", open=False, elem_id="gw-outline-box"
    ) as ui.outline_box:
        ui.outline = gr.Textbox(
            label="提纲（〔F01〕是事实编号）", lines=8, max_lines=20, elem_id="gw-outline"
        )
        ui.draft_btn = gr.Button("按提纲起草", elem_id="gw-draft")


def _paper(ui: SimpleNamespace, services: Services) -> None:
    ui.paper = gr.HTML(draft_html(None), elem_id="gw-paper")
    with gr.Row(elem_id="gw-actions"):
        ui.section = gr.Dropdown(
            [], label="修改哪一部分", scale=3, min_width=120, elem_id="gw-section"
        )
        ui.op_buttons = {
            op: gr.Button(op, size="sm", scale=1, min_width=48, elem_id=f"gw-op-{i}")
            for i, op in enumerate(BUTTON_OPS)
        }
    with gr.Row():
        ui.dl_docx = gr.DownloadButton("下载 Word（公文格式）", visible=False, elem_id="gw-dl-docx")
        ui.dl_md = gr.DownloadButton("下载 Markdown", visible=False, elem_id="gw-dl-md")
    with gr.Tab("来源"):
        ui.paragraph = gr.Dropdown([], label="选择段落查看来源", elem_id="gw-paragraph")
        ui.sources = gr.HTML(sources_html(None, None), elem_id="gw-sources")
    with gr.Tab("核对与结构检查"):
        ui.checks = gr.HTML(checks_html(None), elem_id="gw-checks")
    with gr.Tab("上期计划落实情况"):
        ui.plancheck = plancheck_panel.build(services, ui.message, ui.unit, ui.period)


# ------------------------------------------------------------------ wiring


def by_component(ui: SimpleNamespace, values: dict) -> dict:
    """{name: value} -> {component: value}, what Gradio matches to an event's outputs."""
    return {getattr(ui, name): value for name, value in values.items()}


def wire(demo: gr.Blocks, ui: SimpleNamespace, drafting: DraftHandlers) -> None:
    ui.outputs = [getattr(ui, name) for name in DRAFT_OUTPUTS]
    ui.field_inputs = [getattr(ui, name) for name in FIELD_NAMES]
    _wire_drafting(ui, drafting)
    _wire_revising(ui, drafting)
    _wire_conversations(demo, ui, drafting)
    _wire_reading(ui)
    ui.plancheck.wire(ui.session)


def _emit(ui: SimpleNamespace, drafting: DraftHandlers, view: DraftView, clear: bool = False):
    return by_component(ui, draft_outputs(view, drafting, clear_input=clear))


def _stream(ui, drafting, views, clear_first: bool = False):
    for i, view in enumerate(views):
        yield _emit(ui, drafting, view, clear=clear_first and i == 0)


def _fields(values) -> Fields:
    return fields_of(dict(zip(FIELD_NAMES, values, strict=True)))


def _wire_drafting(ui: SimpleNamespace, drafting: DraftHandlers) -> None:
    def on_send(state, text, *args):
        *values, target = args
        views = drafting.send(state, text, _fields(values), target or "")
        yield from _stream(ui, drafting, views, clear_first=True)

    def on_draft(state, *values):
        yield from _stream(ui, drafting, drafting.draft_outline(state, _fields(values)))

    def on_suggest(state, text, *values):
        return _emit(ui, drafting, drafting.suggest(state, text, _fields(values)))

    send_inputs = [ui.session, ui.message, *ui.field_inputs, ui.section]
    common = {"outputs": ui.outputs, "concurrency_limit": None}
    ui.send_btn.click(on_send, send_inputs, api_name="send", **common)
    ui.message.submit(on_send, send_inputs, api_visibility="private", **common)
    ui.draft_btn.click(on_draft, [ui.session, *ui.field_inputs], api_name="draft", **common)
    ui.suggest_btn.click(
        on_suggest, [ui.session, ui.message, *ui.field_inputs], api_name="outline", **common
    )


def _wire_revising(ui: SimpleNamespace, drafting: DraftHandlers) -> None:
    def on_op(op: str):
        def run(state, target, *values):
            views = drafting.revise_section(state, target, op, _fields(values))
            yield from _stream(ui, drafting, views)

        return run

    def on_paragraph(state, pid):
        return {ui.paper: draft_html(state.draft, pid), ui.sources: sources_html(state.draft, pid)}

    for op, button in ui.op_buttons.items():
        button.click(
            on_op(op),
            [ui.session, ui.section, *ui.field_inputs],
            ui.outputs,
            api_name=f"revise_{REVISE_OPS[op]}",
            concurrency_limit=None,
        )
    ui.paragraph.input(
        on_paragraph, [ui.session, ui.paragraph], [ui.paper, ui.sources], api_name="sources"
    )


def _wire_conversations(demo: gr.Blocks, ui: SimpleNamespace, drafting: DraftHandlers) -> None:
    def on_open(state, conv_id):
        if not conv_id or conv_id == state.conversation_id:
            return _emit(ui, drafting, DraftView(state))
        return _emit(ui, drafting, drafting.open_conversation(state, conv_id))

    def on_new(state):
        return _emit(ui, drafting, drafting.new_conversation(state), clear=True)

    def remember(*values):  # the fields as a draft or a reopened conversation left them
        return dict(zip(READ_FIELDS, values, strict=True))

    boxes = [getattr(ui, name) for name in READ_FIELDS]
    ui.history.input(
        on_open, [ui.session, ui.history], ui.outputs, api_name="open_conversation"
    ).then(remember, boxes, ui.auto, api_visibility="private", queue=False)
    ui.new_btn.click(on_new, [ui.session], ui.outputs, api_name="new_conversation").then(
        remember, boxes, ui.auto, api_visibility="private", queue=False
    )
    demo.load(
        lambda: gr.update(choices=drafting.conversations()),
        None,
        ui.history,
        api_name="conversations",
    )


def _wire_reading(ui: SimpleNamespace) -> None:
    """Fields read from the paste as the writer types or pastes (any change of the box, not
    only keys); while one reading runs, only the latest change is read next."""

    def on_prefill(state, text, *args):
        *values, auto = args
        current = dict(zip(READ_FIELDS, values, strict=True))
        found = prefill(text, current, auto, state.draft)
        if not found:  # an empty dict is no update map to gradio: it fails the event
            return {ui.auto: auto or {}}
        return {**by_component(ui, found), ui.auto: {**(auto or {}), **found}}

    boxes = [getattr(ui, name) for name in READ_FIELDS]
    ui.message.change(
        on_prefill,
        [ui.session, ui.message, *boxes, ui.auto],
        [*boxes, ui.auto],
        api_name="read_fields",
        trigger_mode="always_last",
        show_progress="hidden",
        concurrency_limit=None,
    )
