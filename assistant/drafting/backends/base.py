"""What a backend is given and what it is: typed requests, the Backend class, the registry.

One small request type per kind of call, each with the rendered prompt messages (LLM backends
read those) and the same content as plain data (the offline engine reads that):
FrameTask (the opening or the closing), SectionTask (one part), ReviseTask (扩写/精简/… on a
paragraph or a part), RepairTask (one round naming a part's violations). The registry lives
here so that a backend module imports only this one, never the package that loads it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.settings import Settings

TokenCallback = Callable[[str], None]


@dataclass
class ThemeFacts:
    """A sub-heading (may be "") and the facts under it."""

    name: str
    heading: str
    marker: str  # "（一）" or "" when the part has no sub-headings
    facts: list[Any]  # facts.Fact
    own: bool = False  # the heading is the writer's own words (pasted above its facts, a lead)


@dataclass(kw_only=True)
class Task:
    """One model call: what every request has."""

    kind: str = "call"  # opening | closing | section | revise | repair (| judge, for eval)
    prompt: str = ""  # name of the prompt file used for `messages`
    messages: list[Any] = field(default_factory=list)  # LangChain messages from prompts/
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    deadline: float | None = None  # time.monotonic() by which the call must end (part budget)

    def seconds_left(self, default: float) -> float:
        """`default` (e.g. llm.timeout), or less when the part's budget ends sooner."""
        if self.deadline is None:
            return default
        return max(1.0, min(default, self.deadline - time.monotonic()))


@dataclass(kw_only=True)
class FrameTask(Task):
    """The opening (kind "opening", with the achievements' theme names) or the closing."""

    kind: str = "opening"
    themes: list[ThemeFacts] = field(default_factory=list)
    report: str = ""  # what the opening reports: "2024年工作总结及2025年工作思路"
    role: str = "other"
    position: int = 0

    @property
    def facts(self) -> list[Any]:
        return []


class _FactsOfThemes:
    """The facts a task's text carries: those of its themes, in order."""

    themes: list[ThemeFacts]

    @property
    def facts(self) -> list[Any]:
        return [fact for theme in self.themes for fact in theme.facts]


@dataclass(kw_only=True)
class SectionTask(_FactsOfThemes, Task):
    """One part of the draft from its facts, grouped by theme, with its exemplars."""

    kind: str = "section"
    role: str = "other"
    heading: str = ""
    themes: list[ThemeFacts] = field(default_factory=list)
    exemplars: list[Any] = field(default_factory=list)  # kb Hits
    position: int = 0  # index of this part in the draft (varies the offline patterns)
    # the offline engine's framing sentences taken from exemplars: sentence, source, chunk_id, title
    borrowed: list[dict] = field(default_factory=list)
    # the writer's own line the draft opens with ("今年以来，县民政局…"): said once, not again
    opened_with: str = ""


@dataclass(kw_only=True)
class ReviseTask(_FactsOfThemes, Task):
    """扩写/精简/润色/重写/a free instruction on `text` (a paragraph or a whole part)."""

    kind: str = "revise"
    role: str = "other"
    heading: str = ""
    text: str = ""
    op: str = ""  # expand | condense | polish | rewrite | free
    instruction: str = ""
    themes: list[ThemeFacts] = field(default_factory=list)  # the facts the text carries
    position: int = 0


@dataclass(kw_only=True)
class RepairTask(Task):
    """One round through the model for a part that failed the guard."""

    kind: str = "repair"
    role: str = "other"
    heading: str = ""
    text: str = ""
    violations: list[str] = field(default_factory=list)


#: kind -> its request type (Composer.task builds by kind)
TASK_TYPES: dict[str, type[Task]] = {
    "opening": FrameTask,
    "closing": FrameTask,
    "section": SectionTask,
    "revise": ReviseTask,
    "repair": RepairTask,
}


@dataclass(frozen=True)
class Fallback:
    """The backend whose text stands in for a task whose output was stopped or empty."""

    name: str  # its registry name
    title: str  # how the writer's warning names it


#: the registry's default fallback: the engine that needs no model (it reads the plain data)
DEFAULT_FALLBACK = Fallback("offline", "离线引擎")


class Backend:
    """Base class: subclasses set `name` and implement `generate`."""

    name = ""
    #: who writes a task again when this backend's output is stopped or empty
    fallback: Fallback = DEFAULT_FALLBACK
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
