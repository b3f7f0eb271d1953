"""Per-browser-session state, draft (de)serialisation for history, and token streaming."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from assistant.drafting.model import Draft, Fixup, Section
from assistant.drafting.serial import draft_from_dict
from assistant.outline import Outline

T = TypeVar("T")


@dataclass
class Session:
    """What one browser tab is working on; kept in gr.State, mirrored to History."""

    conversation_id: str | None = None
    draft: Draft | None = None
    paste: str = ""
    chat: list[dict[str, str]] = field(default_factory=list)


def draft_payload(draft: Draft) -> dict[str, Any]:
    """The JSON kept with each draft version: the draft and the outline it followed."""
    data = draft.to_dict()
    if isinstance(draft.outline, Outline):
        data["outline"] = draft.outline.to_dict()
    return data


def restore_draft(data: dict[str, Any]) -> Draft | None:
    """Rebuild a Draft from draft_payload() so a reopened conversation can be revised again
    (the one reader of a draft's JSON, assistant.drafting.serial: fix-ups, id counter and all)."""
    if not data or "sections" not in data:
        return None
    return draft_from_dict(data)


_DONE = object()


@dataclass
class Step:
    """One streaming step: the text so far, the sections finished so far, and at the end the result."""

    text: str
    parts: list[tuple[Section, list[Fixup]]]
    tail: str  # text written since the last finished section (the part being written now)
    result: Any = None
    done: bool = False
    notes: list[str] = field(default_factory=list)  # why the part being written started again


@dataclass(frozen=True)
class _Restart:
    text: str


def stream_call(
    work: Callable[..., T],
    chunk_chars: int = 80,
) -> Iterator[Step]:
    """Run work(on_token, on_part, on_restart) in a thread; yield a Step as it streams, then the
    last Step.

    on_part(section, fixups): a section is finished. on_restart(warning): the part being written
    starts again (the model was stopped), so its text so far is dropped and the warning kept.
    A step is yielded for every finished section, whenever the token queue runs dry, and every
    `chunk_chars` characters of a backlog, so a fast engine still shows its progress part by
    part. Exceptions from `work` are re-raised here.
    """
    events: queue.Queue = queue.Queue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(
                events.put,
                lambda s, f: events.put((s, list(f))),
                lambda warning: events.put(_Restart(warning)),
            )
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc
        finally:
            events.put(_DONE)

    threading.Thread(target=run, daemon=True, name="zongjie-stream").start()
    text, mark, pending = "", 0, 0
    parts: list[tuple[Section, list[Fixup]]] = []
    notes: list[str] = []
    while (item := events.get()) is not _DONE:
        if isinstance(item, tuple):
            parts.append(item)
            mark, pending, notes = len(text), 0, []
            yield Step(text, list(parts), "")
            continue
        if isinstance(item, _Restart):
            mark, pending = len(text), 0
            notes.append(item.text)
            yield Step(text, list(parts), "", notes=list(notes))
            continue
        text += item
        pending += len(item)
        if pending >= chunk_chars or events.empty():
            pending = 0
            yield Step(text, list(parts), text[mark:], notes=list(notes))
    if "error" in outcome:
        raise outcome["error"]
    yield Step(text, parts, text[mark:], outcome["value"], done=True)
