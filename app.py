"""总结助手 in the browser: `python app.py` serves http://127.0.0.1:7860 (settings.ui).

create_app() puts the tabs together (each tab's builders and wiring live in assistant/ui/:
draft_tab.py, tabs.py); launch() serves them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gradio as gr
from starlette.middleware import Middleware

from assistant.errors import ZongjieError, user_message
from assistant.settings import Settings, load_settings
from assistant.ui import draft_tab, tabs
from assistant.ui.handlers import DraftHandlers
from assistant.ui.locale import SHORTCUTS_JS, ChineseLocale
from assistant.ui.panels import EvaluatePanel, KnowledgePanel
from assistant.ui.services import Services

CSS_PATH = Path(__file__).resolve().parent / "assistant" / "ui" / "app.css"
INDEX_POLL_S = 2.0  # how often the page asks whether an index is still building
HEADER = (
    "# 总结助手\n起草工作总结及工作计划：粘贴要点 → 发送（或先生成提纲）→ 逐段修改 → "
    "导出公文格式 Word"
)


# local fonts only: the app must look right with no internet (no web-font downloads)
THEME = gr.themes.Default(
    primary_hue="red",
    neutral_hue="slate",
    font=["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"],
    font_mono=["Consolas", "Noto Sans Mono CJK SC", "monospace"],
)


def create_app(settings: Settings | None = None) -> gr.Blocks:
    """Build the app's Blocks (nothing is started or indexed here).

    The tabs' components are kept on the Blocks by name (demo.draft_tab, demo.kb_tab,
    demo.eval_tab) for tests; demo.services is what launch() starts.
    """
    services = Services(settings or load_settings())
    drafting = DraftHandlers(services)
    backends = drafting.backends()
    with gr.Blocks(title="总结助手") as demo:
        demo.services = services
        timer = gr.Timer(INDEX_POLL_S, active=False)
        gr.Markdown(HEADER, elem_id="gw-header")
        with gr.Tab("起草", id="draft"):
            demo.draft_tab = draft_tab.build(services, backends)
        with gr.Tab("知识库", id="kb"):
            demo.kb_tab = tabs.kb_tab()
        with gr.Tab("评估", id="eval"):
            demo.eval_tab = tabs.eval_tab(backends, demo.draft_tab.backend.value)
        draft_tab.wire(demo, demo.draft_tab, drafting)
        knowledge = KnowledgePanel(services)
        tabs.wire_kb(demo, demo.kb_tab, knowledge, services, demo.draft_tab.index_note, timer)
        tabs.wire_eval(demo.eval_tab, EvaluatePanel(services))
    return demo


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
