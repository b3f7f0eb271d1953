"""Drafting backends: one small interface and a registry. Adding a backend is one class.

A backend gets a typed request (backends/base.py: FrameTask, SectionTask, ReviseTask,
RepairTask; the rendered prompt messages plus the same content as plain data) and returns the
text, calling on_token with each piece as it is produced. LLM backends use the messages; the
offline engine uses the data. Backend modules import base.py, never this package.
"""

from __future__ import annotations

from assistant.drafting.backends.base import (  # noqa: F401  (the interface, re-exported)
    _REGISTRY,
    DEFAULT_FALLBACK,
    TASK_TYPES,
    Backend,
    Fallback,
    FrameTask,
    RepairTask,
    ReviseTask,
    SectionTask,
    Task,
    ThemeFacts,
    TokenCallback,
    register,
)
from assistant.errors import ConfigError
from assistant.settings import Settings


def _load_builtin() -> None:
    # imported here so that the registry fills without importing optional dependencies
    from assistant.drafting.backends import llamacpp, offline, openai  # noqa: F401


def backend_names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def get_backend(name: str | None, settings: Settings) -> Backend:
    _load_builtin()
    name = name or settings.llm.backend or DEFAULT_FALLBACK.name
    if name not in _REGISTRY:
        raise ConfigError(
            f"没有名为 {name} 的起草引擎。",
            hint=f"可选：{'、'.join(sorted(_REGISTRY))}。",
        )
    return _REGISTRY[name](settings)


def fallback_backend(backend: Backend) -> Backend:
    """The backend that writes a task again when `backend`'s output is stopped or empty (the
    registry's property `Backend.fallback`: callers never name one)."""
    if backend.fallback.name == backend.name:
        return backend
    return get_backend(backend.fallback.name, backend.settings)
