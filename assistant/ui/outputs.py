"""A DraftView as new values for the Draft tab's components, each by its name.

DRAFT_OUTPUTS names every component a Draft-tab step may change; the tab (ui/draft_tab.py) has
a component under each of these names, and an event's outputs are that list. draft_outputs()
returns {name: value} for the components that change; a name left out keeps its component as
it is. Nothing here depends on an order.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import gradio as gr

from assistant.ui.render import (
    draft_html,
    first_sourced_paragraph,
    paragraph_choices,
    section_choices,
    sources_html,
)
from assistant.ui.views import DraftView, Fields

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Fields))
DRAFT_OUTPUTS: tuple[str, ...] = (
    "session",
    "chat",
    "paper",
    "section",
    "paragraph",
    "sources",
    "checks",
    "status",
    *FIELD_NAMES,
    "dl_md",
    "dl_docx",
    "history",
    "message",
    "send_btn",
    "draft_btn",
    "outline_box",
)


def fields_of(values: dict[str, Any]) -> Fields:
    """The side fields from {name: value}, by name."""
    return Fields(**{name: values[name] for name in FIELD_NAMES})


def draft_outputs(view: DraftView, drafting, clear_input: bool = False) -> dict[str, Any]:
    """{component name: new value} after a step (names from DRAFT_OUTPUTS)."""
    out: dict[str, Any] = {"session": view.session, "chat": view.session.chat}
    if view.draft_changed:
        out.update(_draft_panes(view, drafting))
    if view.preview is not None:
        out["paper"] = view.preview
    if view.status:
        out["status"] = view.status
    if view.fields:
        out.update({name: getattr(view.fields, name) for name in FIELD_NAMES})
    if view.outline is not None:
        out["outline"] = view.outline
    out.update(_downloads(view.exports))
    if view.refresh_history:
        out["history"] = gr.update(
            choices=drafting.conversations(), value=view.session.conversation_id
        )
    if clear_input:
        out["message"] = ""
    out.update(step_buttons(view.step))
    return out


def _draft_panes(view: DraftView, drafting) -> dict[str, Any]:
    """The draft, its part and paragraph pickers, the sources and the checks."""
    d = view.session.draft
    selected = view.selected or first_sourced_paragraph(d)
    return {
        "paper": draft_html(d, selected),
        "section": gr.update(choices=section_choices(d), value=None),
        "paragraph": gr.update(choices=paragraph_choices(d), value=selected),
        "sources": sources_html(d, selected),
        "checks": drafting.checks(view.session),
    }


def _downloads(exports: tuple[str, ...] | None) -> dict[str, Any]:
    """(.md, .docx) paths shown as downloads; () hides the buttons; None leaves them."""
    if exports is None:
        return {}
    if not exports:  # no draft
        return {"dl_md": gr.update(visible=False), "dl_docx": gr.update(visible=False)}
    md, docx = exports
    return {
        "dl_md": gr.update(value=md, visible=True),
        "dl_docx": gr.update(value=docx, visible=True),
    }


def step_buttons(step: str | None) -> dict[str, Any]:
    """One primary button for the step the writer is at (发送, or 按提纲起草 after 生成提纲);
    the outline box opens when an outline was just proposed."""
    if step is None:
        return {}
    outline = step == "outline"
    out = {
        "send_btn": gr.update(variant="secondary" if outline else "primary"),
        "draft_btn": gr.update(variant="primary" if outline else "secondary"),
    }
    if outline:
        out["outline_box"] = gr.update(open=True)
    return out
