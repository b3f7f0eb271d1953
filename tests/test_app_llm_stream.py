"""The draft pane streams an LLM backend too: the real SmolLM2 model through the `llamacpp`
backend, read step by step from the app's handlers as the browser reads them.

SmolLM2 writes English, so the guard rewrites most of it; what is checked here is the pane:
the model's words show up while its part is still being written, and the parts land in order.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.ui.handlers import DraftHandlers, Fields
from assistant.ui.services import Services
from assistant.ui.session import Session

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PASTE = """某县城管局2023年工作要点
成绩：
- 查处非法营运黑车300余辆
- 清除牛皮癣900余处
问题：
- 执法力量不足
计划：
- 新建公厕3座
"""


def llm_handlers(settings, gguf, **llm_fields) -> DraftHandlers:
    """The app's handlers over the real SmolLM2 model through the `llamacpp` backend."""
    llm = replace(
        settings.llm,
        backend="llamacpp",
        model_path=str(gguf),
        temperature=0.0,
        timeout=300,
        max_retries=0,
        **llm_fields,
    )
    return DraftHandlers(Services(replace(settings, llm=llm)))


def test_draft_pane_streams_an_llm_backend(settings, smollm2_gguf):
    # a few tokens per part: enough to see them arrive one by one, short enough to stay quick
    handlers = llm_handlers(settings, smollm2_gguf, max_tokens=16)
    previews, view = [], None
    for view in handlers.send(Session(), PASTE, Fields(backend="llamacpp")):
        if view.preview is not None:
            previews.append(view.preview)
    assert view is not None and view.draft is not None and view.preview is None
    assert view.draft.backend == "llamacpp"
    done = [int(re.search(r"已写完 (\d+)/(\d+)", p).group(1)) for p in previews]
    total = int(re.search(r"已写完 \d+/(\d+)", previews[0]).group(1))
    # the parts land one after another, and the last preview has all but the closing
    assert done == sorted(done) and done[0] == 0 and done[-1] >= total - 1
    # the part being written is on the page while the model writes it: several token steps
    # inside one part (same count of finished parts, growing text)
    by_part: dict[int, list[int]] = {}
    for count, page in zip(done, previews, strict=True):
        if "gw-streaming" in page:
            by_part.setdefault(count, []).append(len(page))
    assert any(len(sizes) >= 3 and sizes == sorted(sizes) for sizes in by_part.values()), by_part


def test_a_stopped_model_part_is_dropped_from_the_pane_and_named(settings, smollm2_gguf):
    """With room to loop, SmolLM2 reads its prompt back; the chain stops that part and writes it
    offline. The pane drops the model's words for it and shows why; the chat names the part."""
    handlers = llm_handlers(settings, smollm2_gguf, max_tokens=1024, part_timeout=8.0)
    previews, chat, view = [], [], None
    for view in handlers.send(Session(), PASTE, Fields(backend="llamacpp")):
        chat.append(view.session.chat[-1]["content"])
        if view.preview is not None:
            previews.append(view.preview)
    assert view is not None and view.draft is not None
    assert view.draft.fallbacks, "SmolLM2 with 1024 tokens should have been stopped somewhere"
    noted = [p for p in previews if 'class="gw-fixnote"' in p and "离线引擎" in p]
    assert noted, "the pane should say that a part is written again offline"
    assert "改由离线引擎撰写" in chat[-1]
    assert "不写任何数字" not in view.draft.text  # the echoed prompt is not in the draft


def test_a_whole_draft_revision_runs_part_by_part_through_an_llm_backend(settings, smollm2_gguf):
    """ "精简全文" with a real model: each part is revised in turn and guarded, so the figures of
    every fact are still there, however the English-only model wrote."""
    handlers = llm_handlers(settings, smollm2_gguf, max_tokens=24)
    fields = Fields(backend="llamacpp")
    views = list(handlers.send(Session(), PASTE, fields))
    drafted = views[-1].draft
    views = list(handlers.send(views[-1].session, "精简全文", fields))
    after = views[-1].session.draft
    reply = views[-1].session.chat[-1]["content"]
    assert "全文" in reply and "哪一部分" not in reply, reply
    for fact in drafted.facts:
        for figure in fact.figures:
            assert figure.text in after.text, (figure.text, after.text)
    assert [s.heading for s in after.sections] == [s.heading for s in drafted.sections]
