"""Drafting backends: one small interface and a registry. Adding a backend is one class.

A backend gets a Task (the rendered prompt messages plus the same content as plain data)
and returns the text, calling on_token with each piece as it is produced. LLM backends use
the messages; the offline engine uses the data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import ConfigError
from assistant.settings import Settings

TokenCallback = Callable[[str], None]


@dataclass
class ThemeFacts:
    """A sub-heading (may be "") and the facts under it."""

    name: str
    heading: str
    marker: str  # "（一）" or "" when the part has no sub-headings
    facts: list[Any]  # facts.Fact


@dataclass
class Task:
    """One model call: a part of the draft, a repair or a revise operation."""

    kind: str  # opening | section | closing | repair | revise
    prompt: str  # name of the prompt file used for `messages`
    messages: list[Any]  # LangChain messages rendered from prompts/
    role: str = "other"
    heading: str = ""
    themes: list[ThemeFacts] = field(default_factory=list)
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    exemplars: list[Any] = field(default_factory=list)  # kb Hits
    text: str = ""  # repair/revise: the text to change
    op: str = ""  # revise: expand | condense | polish | rewrite | free
    instruction: str = ""
    violations: list[str] = field(default_factory=list)
    position: int = 0  # index of this part in the draft (varies the offline patterns)
    # the offline engine's framing sentences taken from exemplars: sentence, source, chunk_id, title
    borrowed: list[dict] = field(default_factory=list)
    deadline: float | None = None  # time.monotonic() by which the call must end (part budget)

    def seconds_left(self, default: float) -> float:
        """`default` (e.g. llm.timeout), or less when the part's budget ends sooner."""
        if self.deadline is None:
            return default
        return max(1.0, min(default, self.deadline - time.monotonic()))

    @property
    def facts(self) -> list[Any]:
        return [fact for theme in self.themes for fact in theme.facts]


class Backend:
    """Base class: subclasses set `name` and implement `generate`."""

    name = ""
    #: whether a repair round through the model is worth trying (the offline engine says no)
    can_repair = True
    #: whether generate reads task.messages (rendered from prompts/); the offline engine does not
    uses_prompts = True

    def __init__(self, settings: Settings):
        self.settings = settings

    def generate(self, task: Task, on_token: TokenCallback | None = None) -> str:
        raise NotImplementedError


_REGISTRY: dict[str, type[Backend]] = {}


def register(cls: type[Backend]) -> type[Backend]:
    """Class decorator: make a backend available under cls.name."""
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtin() -> None:
    # imported here so that the registry fills without importing optional dependencies
    from assistant.drafting.backends import llamacpp, offline, openai  # noqa: F401


def backend_names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def get_backend(name: str | None, settings: Settings) -> Backend:
    _load_builtin()
    name = name or settings.llm.backend or "offline"
    if name not in _REGISTRY:
        raise ConfigError(
            f"没有名为 {name} 的起草引擎。",
            hint=f"可选：{'、'.join(sorted(_REGISTRY))}。",
        )
    return _REGISTRY[name](settings)
