"""A DraftView as the values of the Draft tab's components, in app.DRAFT_OUTPUTS order."""

from __future__ import annotations

import dataclasses

import gradio as gr

from assistant.ui.render import (
    draft_html,
    first_sourced_paragraph,
    paragraph_choices,
    section_choices,
    sources_html,
)
from assistant.ui.views import DraftView, Fields

N_FIELDS = len(dataclasses.fields(Fields))


def draft_outputs(view: DraftView, drafting, clear_input: bool = False) -> tuple:
    """(session, chat, paper, section, paragraph, sources, checks, status, *fields,
    .md download, .docx download, history, message, send button, outline-draft button,
    outline box);
    gr.skip() leaves a component as it is."""
    d = view.session.draft
    changed = view.draft_changed
    selected = view.selected or first_sourced_paragraph(d)
    fields = dataclasses.astuple(view.fields) if view.fields else (gr.skip(),) * N_FIELDS
    if view.exports is None:
        downloads = (gr.skip(), gr.skip())
    elif not view.exports:  # no draft: hide the buttons
        downloads = (gr.update(visible=False), gr.update(visible=False))
    else:
        downloads = tuple(gr.update(value=path, visible=True) for path in view.exports)
    history = (
        gr.update(choices=drafting.conversations(), value=view.session.conversation_id)
        if view.refresh_history
        else gr.skip()
    )
    if view.preview is not None:
        paper = view.preview
    else:
        paper = draft_html(d, selected) if changed else gr.skip()
    return (
        view.session,
        view.session.chat,
        paper,
        gr.update(choices=section_choices(d), value=None) if changed else gr.skip(),
        gr.update(choices=paragraph_choices(d), value=selected) if changed else gr.skip(),
        sources_html(d, selected) if changed else gr.skip(),
        drafting.checks(view.session) if changed else gr.skip(),
        view.status or gr.skip(),
        *fields,
        *downloads,
        history,
        "" if clear_input else gr.skip(),
        *step_buttons(view.step),
    )


def step_buttons(step: str | None) -> tuple:
    """(发送, 按提纲起草, the outline box): one primary button for the step the writer is at;
    the outline opens when it was just proposed."""
    if step is None:
        return gr.skip(), gr.skip(), gr.skip()
    outline = step == "outline"
    return (
        gr.update(variant="secondary" if outline else "primary"),
        gr.update(variant="primary" if outline else "secondary"),
        gr.update(open=True) if outline else gr.skip(),
    )
