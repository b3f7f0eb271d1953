"""What a Draft-tab step returns (DraftView), the side fields, and the one error-to-message turn."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from assistant.drafting import REVISE_OPS
from assistant.errors import ZongjieError, user_message
from assistant.ui import render
from assistant.ui.session import Session

log = logging.getLogger("zongjie.app")
ECHO_CHARS = 1500  # a long paste is echoed in the chat shortened
OP_LABELS = {v: k for k, v in REVISE_OPS.items()}


@dataclass
class Fields:
    """The side fields of the Draft tab."""

    report_title: str = ""  # the 标题 field; empty: the pasted title, or one of unit and period
    unit: str = ""
    period: str = ""
    next_period: str = ""
    backend: str = "offline"
    model: str = ""
    k: int = 4
    outline: str = ""


@dataclass
class DraftView:
    """Everything the Draft tab shows after a step; None means 'leave as it is'."""

    session: Session
    fields: Fields | None = None
    status: str = ""
    status_kind: str = "info"
    exports: tuple[str, ...] | None = None  # (.md path, .docx path); () hides the downloads
    refresh_history: bool = False
    draft_changed: bool = False
    selected: str | None = None
    preview: str | None = None  # the draft pane while a draft streams
    # the outline box after a change in the chat: the outline of the draft as it now stands
    outline: str | None = None
    step: str | None = None  # "outline": 按提纲起草 is the next step; "draft": 发送 is

    @property
    def draft(self):
        return self.session.draft


def fail(exc: BaseException) -> str:
    """The one place the app turns an exception into the writer's message."""
    if isinstance(exc, ZongjieError):  # expected: bad input, settings, a backend down
        log.info("%s: %s", type(exc).__name__, exc)
    else:  # a bug: keep the traceback for the maintainers
        log.error("handler failed", exc_info=exc)
    return user_message(exc)


def error_view(session: Session, exc: BaseException, **changes: Any) -> DraftView:
    """The step that tells the writer what went wrong; the draft and history stay as they were."""
    return DraftView(session, status=render.message_html(fail(exc), "error"), **changes)


def clean(value: Any) -> str | None:
    value = ("" if value is None else str(value)).strip()
    return value or None


def chat_echo(text: str) -> str:
    if len(text) > ECHO_CHARS:
        text = text[:ECHO_CHARS] + f"\n……（共 {len(text)} 字，此处只显示开头）"
    return render.md_text(text)
