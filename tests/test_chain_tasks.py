"""The chain and its backends: one typed request per kind of call, the closing written by the
chosen backend like every other part, and no concrete backend known to the generic code."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.drafting import DraftRequest, backends
from assistant.drafting.backends import (
    DEFAULT_FALLBACK,
    TASK_TYPES,
    Backend,
    Fallback,
    FrameTask,
    RepairTask,
    ReviseTask,
    SectionTask,
)
from assistant.drafting.chain import draft
from assistant.drafting.phrases import load_phrases

sys.path.insert(0, str(Path(__file__).parent))
from test_import_graph import graph  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

PASTE = "成绩：\n- 查处非法营运黑车300余辆\n问题：\n- 执法力量不足\n计划：\n- 新建公厕3座\n"
CLOSING = "2024年，我们将继续努力，确保各项目标任务圆满完成。"


def test_each_kind_of_call_has_its_own_small_request():
    assert TASK_TYPES == {
        "opening": FrameTask,
        "closing": FrameTask,
        "section": SectionTask,
        "revise": ReviseTask,
        "repair": RepairTask,
    }
    assert not hasattr(FrameTask(), "exemplars") and not hasattr(SectionTask(), "op")
    assert not hasattr(RepairTask(), "themes") and ReviseTask(op="expand").op == "expand"


def test_the_closing_is_a_task_of_the_chosen_backend(settings, scripted_model):
    scripted_model.enqueue(
        "2023年，我局围绕中心工作开展各项工作。现将2023年工作总结及2024年工作计划报告如下：",
        "一是查处非法营运黑车300余辆。",
        "一是执法力量不足。",
        "一是新建公厕3座。",
        CLOSING,
    )
    request = DraftRequest(PASTE, period="2023年", next_period="2024年", backend="scripted")
    result = draft(request, settings)
    (closing,) = scripted_model.tasks("closing")
    assert isinstance(closing, FrameTask) and closing.prompt == "closing" and closing.messages
    assert "结束语" in str(closing.messages[-1].content)
    assert result.sections[-1].paragraphs[0].text == CLOSING


def test_the_offline_engine_writes_the_closing_when_the_backend_is_offline(settings):
    result = draft(DraftRequest(PASTE, period="2023年", next_period="2024年"), settings)
    pattern = load_phrases()["closing"]
    pattern = pattern[0] if isinstance(pattern, list) else pattern
    assert result.sections[-1].paragraphs[0].text.endswith(pattern[-12:])


def test_an_empty_closing_from_the_model_is_written_offline(settings, scripted_model):
    request = DraftRequest(PASTE, period="2023年", next_period="2024年", backend="scripted")
    scripted_model.when_empty = lambda task: ""  # a model that says nothing
    result = draft(request, settings)
    assert result.sections[-1].paragraphs[0].text.strip()


def test_the_generic_drafting_code_knows_no_concrete_backend():
    concrete = {
        "assistant.drafting.backends.offline",
        "assistant.drafting.backends.openai",
        "assistant.drafting.backends.llamacpp",
        "assistant.drafting.backends.offline_revise",
    }
    edges = graph()
    for module in (
        "assistant.drafting.chain",
        "assistant.drafting.checking",
        "assistant.drafting.revision",
        "assistant.guard",
    ):
        assert not edges[module] & concrete, module


def test_the_fallback_is_a_property_of_the_registry(settings, scripted_model, monkeypatch):
    """A backend names its fallback (the registry's default unless it says otherwise); the
    chain asks for it and writes a failed part with it, naming it in the warning."""

    class Spare(Backend):
        name = "spare"
        uses_prompts = False

        def generate(self, task, on_token=None):
            return "备用引擎写的结束语。" if task.kind == "closing" else "备用引擎写的一段。"

    assert Backend.fallback == DEFAULT_FALLBACK
    assert backends.get_backend(DEFAULT_FALLBACK.name, settings).fallback == DEFAULT_FALLBACK
    monkeypatch.setitem(backends._REGISTRY, "spare", Spare)
    monkeypatch.setattr(backends._REGISTRY["scripted"], "fallback", Fallback("spare", "备用引擎"))
    scripted_model.when_empty = lambda task: ""  # the model says nothing
    request = DraftRequest(PASTE, period="2023年", next_period="2024年", backend="scripted")
    result = draft(request, settings)
    assert result.sections[-1].paragraphs[0].text == "备用引擎写的结束语。"
    engine = backends.fallback_backend(backends.get_backend("scripted", settings))
    assert isinstance(engine, Spare)
    offline = backends.get_backend(DEFAULT_FALLBACK.name, settings)
    assert backends.fallback_backend(offline) is offline  # its own fallback: no second engine


def test_the_chain_names_no_backend():
    names = backends.backend_names()
    source = (ROOT / "assistant/drafting/chain.py").read_text(encoding="utf-8")
    assert [n for n in names if f'"{n}"' in source or f"'{n}'" in source] == []
    assert "离线" not in source  # the warning takes the fallback's own title
