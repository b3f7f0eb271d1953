"""What the Draft tab's controls do. Gradio-free: ui/outputs.py maps a DraftView onto the components.

Every handler catches errors and turns them into the writer's message with
assistant.errors.user_message; the session's draft, the knowledge base and history stay as they were.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import re
import uuid
from collections.abc import Iterator

from assistant.drafting import DraftRequest
from assistant.drafting.backends import backend_names
from assistant.drafting.chain import draft
from assistant.drafting.outline_of import outline_of
from assistant.errors import InputError
from assistant.export import export_draft
from assistant.facts import parse_facts
from assistant.outline import propose_outline
from assistant.outline_text import parse_outline_text
from assistant.ui import render
from assistant.ui.intents import Intent, read_message
from assistant.ui.revising import RevisingMixin
from assistant.ui.services import Services
from assistant.ui.session import Session, draft_payload, restore_draft, stream_call
from assistant.ui.views import DraftView, Fields, chat_echo, clean, error_view, fail

log = logging.getLogger("zongjie.app")


class DraftHandlers(RevisingMixin):
    def __init__(self, services: Services):
        self.services = services

    # ------------------------------------------------------------ helpers

    def settings_for(self, fields: Fields):
        settings = self.services.settings
        if fields.model and fields.model.strip():
            llm = dataclasses.replace(settings.llm, model=fields.model.strip())
            settings = dataclasses.replace(settings, llm=llm)
        return settings

    def backends(self) -> list[str]:
        return backend_names()

    def _kb(self):
        if self.services.index_building:  # drafting must not wait minutes for the first index
            return None
        try:
            return self.services.kb
        except Exception as exc:  # drafting still works without examples
            log.warning("knowledge base unavailable: %s", exc)
            return None

    def _exports(self, session: Session) -> tuple[str, ...]:
        d = session.draft
        if d is None:
            return ()
        # one folder per conversation, rewritten at each version (Gradio serves a copy)
        folder = self.services.export_dir / (session.conversation_id or uuid.uuid4().hex)
        for old in folder.glob("*"):
            old.unlink(missing_ok=True)
        name = re.sub(r'[\\/:*?"<>|\s]+', "", d.title or "")[:40] or "工作总结"
        md = export_draft(d.text, folder / f"{name}.md")
        docx = export_draft(d.text, folder / f"{name}.docx")
        return str(md), str(docx)

    def _finish(self, session: Session, note: str) -> tuple[tuple[str, str] | None, bool]:
        """Save the new draft version to history; returns (exports, history changed)."""
        d = session.draft
        history = self.services.history
        created = False
        if session.conversation_id is None:
            conv = history.create_conversation(d.title or "新的总结")
            session.conversation_id = conv.id
            created = True
        history.save_draft(session.conversation_id, d.text, draft_payload(d), note=note)
        if d.title:  # the list shows the draft's current title (also after 换个标题)
            history.update_conversation(session.conversation_id, title=d.title)
        return self._exports(session), created

    def _say(self, session: Session, role: str, markdown: str, raw: str | None = None) -> None:
        session.chat.append({"role": role, "content": markdown})
        if session.conversation_id:
            self.services.history.add_message(
                session.conversation_id, role, raw if raw is not None else markdown
            )

    # ------------------------------------------------------------ outline

    def suggest(self, session: Session, paste: str, fields: Fields) -> DraftView:
        """生成提纲: fill unit/period/next period from the paste and propose an outline to edit."""
        session = copy.copy(session)
        try:
            ledger, outline = self.plan(paste, fields)
        except Exception as exc:
            return error_view(session, exc)
        session.paste = paste
        new = dataclasses.replace(
            fields,
            unit=ledger.unit or "",
            period=ledger.period or "",
            next_period=ledger.next_period or "",
            outline=outline.to_text(),
        )
        note = f"识别出 {len(ledger.facts)} 条事实，已生成提纲。可修改提纲后点“按提纲起草”。"
        if ledger.warnings:
            note += "\n" + "\n".join(ledger.warnings)
        return DraftView(
            session, fields=new, status=render.message_html(note, "ok"), step="outline"
        )

    def plan(self, paste: str, fields: Fields, outline_text: str | None = None, draft=None):
        """The one pipeline's first half, for 生成提纲 and 发送 alike: (ledger, outline). With
        the `draft` on screen (按提纲起草), the facts the writer added to it in the chat count."""
        ledger = _ledger(paste, fields, self.services.settings)
        ledger.facts += _added_in_chat(ledger, draft)
        proposed = propose_outline(ledger)
        edited = (outline_text or "").strip()
        # an outline left as proposed is the proposal itself: its text does not keep everything
        if edited and edited != proposed.to_text().strip():
            return ledger, parse_outline_text(edited, ledger, base=proposed)
        return ledger, proposed

    # ------------------------------------------------------------ chat

    def send(
        self, session: Session, message: str, fields: Fields, target: str = ""
    ) -> Iterator[DraftView]:
        """A chat message: new facts are drafted; anything else revises the current draft."""
        session = copy.copy(session)
        session.chat = list(session.chat)
        message = message or ""
        if not message.strip():
            empty = "输入的内容只有空白（空格、换行）。" if message else "没有收到内容。"
            hint = "请粘贴工作要点（每行一条），或输入修改意见，如“精简（三）”。"
            yield error_view(session, InputError(empty, hint=hint))
            return
        intent = read_message(message, session.draft, default_target="")
        if intent.kind == "paste":
            yield from self._draft(session, message, fields, outline_text=None, echo=True)
        elif intent.kind == "title":
            yield self._retitle(session, message, given=intent.instruction, op=intent.op)
        elif intent.kind == "reword":
            yield self._reword(session, message, intent)
        elif intent.kind == "delete":
            yield self._delete(session, message, intent)
        elif intent.kind == "add":
            yield self._add(session, message, intent)
        elif intent.kind == "undo":
            yield self._undo(session, message)
        elif intent.kind == "unclear" and not target:
            self._say(session, "user", chat_echo(message), raw=message)
            self._say(
                session,
                "assistant",
                "请说明要修改哪一部分，例如“精简（三）”“把第二部分写得更具体”“润色P05”"
                "“精简全文”“把“……”那句删掉”，或在右侧选中一部分后再发送修改意见。",
            )
            yield DraftView(session)
        else:
            if intent.kind == "unclear":
                intent = Intent(
                    "revise", op=intent.op, target=target, instruction=intent.instruction
                )
            yield from self._revise(session, intent, fields, echo=message)

    def draft_outline(self, session: Session, fields: Fields) -> Iterator[DraftView]:
        """The 按提纲起草 button: redraft the last paste with the (edited) outline and fields."""
        session = copy.copy(session)
        session.chat = list(session.chat)
        if not session.paste.strip():
            hint = "请先在对话框粘贴要点并发送，或点“生成提纲”。"
            yield error_view(session, InputError("还没有粘贴工作要点。", hint=hint))
            return
        yield from self._draft(
            session, session.paste, fields, outline_text=fields.outline, echo=False, on_screen=True
        )

    def _draft(
        self,
        session: Session,
        paste: str,
        fields: Fields,
        outline_text: str | None,
        echo: bool,
        on_screen: bool = False,
    ) -> Iterator[DraftView]:
        """Both ways to draft: 发送 (outline proposed here) and 按提纲起草 (the edited outline).

        Both go through plan(), so an outline left as proposed gives the same draft as 发送.
        """
        if echo:
            session.chat.append({"role": "user", "content": chat_echo(paste)})
        session.chat.append({"role": "assistant", "content": "正在起草……"})
        yield DraftView(session, status=render.message_html("正在起草……"))
        try:
            ledger, outline = self.plan(
                paste, fields, outline_text, session.draft if on_screen else None
            )
            result = yield from self._compose(session, paste, fields, ledger, outline)
        except Exception as exc:
            message = fail(exc)
            session.chat[-1] = {"role": "assistant", "content": render.md_text(message)}
            # the pane goes back to the draft it showed before
            yield DraftView(
                session, status=render.message_html(message, "error"), draft_changed=True
            )
            return
        session.draft, session.paste = result, paste
        yield self._save(session, result, paste, ledger, fields, echo)

    def _compose(self, session: Session, paste: str, fields: Fields, ledger, outline):
        """Write the draft, yielding the pane part by part; returns the finished draft."""
        request = DraftRequest(
            paste,
            unit=ledger.unit,
            period=ledger.period,
            next_period=ledger.next_period,
            backend=fields.backend or None,
            k=int(fields.k),
            outline=outline,
            title=clean(fields.report_title),
        )
        settings, kb = self.settings_for(fields), self._kb()
        total = len(outline.parts) + 2  # opening, parts, closing

        def work(on_token, on_part, on_restart):
            def on_event(event) -> None:  # a stopped model: the part starts again offline
                if event.kind == "part_restart":
                    on_restart(event.text)

            return draft(
                request, settings, kb, on_token, ledger=ledger, on_part=on_part, on_event=on_event
            )

        for step in stream_call(work):
            if step.done:
                return step.result
            done = len(step.parts)
            session.chat[-1] = {
                "role": "assistant",
                "content": f"正在起草……（已写完 {done}/{total} 部分）",
            }
            preview = render.preview_html(outline.title, step.parts, step.tail, total, step.notes)
            yield DraftView(session, preview=preview)
        return None

    def _save(self, session: Session, result, paste: str, ledger, fields: Fields, echo: bool):
        """The finished draft: fields as drafted, the chat's summary, history, downloads."""
        new_fields = dataclasses.replace(
            fields,
            unit=result.unit or "",
            period=result.period or "",
            next_period=result.next_period or "",
            outline=outline_of(result).to_text(),
        )
        summary = self._summary(result)
        session.chat[-1] = {"role": "assistant", "content": summary}
        first = ledger.facts[0].text if ledger.facts else ""
        try:
            exports, _ = self._finish(session, "起草")
            history = self.services.history
            if echo:
                history.add_message(session.conversation_id, "user", paste)
            history.add_message(session.conversation_id, "assistant", summary)
            history.update_conversation(
                session.conversation_id,
                meta={"paste": paste, "first_fact": first, **dataclasses.asdict(new_fields)},
            )
        except Exception as exc:
            return error_view(session, exc, fields=new_fields, draft_changed=True)
        return DraftView(
            session,
            fields=new_fields,
            status=render.message_html("已起草，可在右侧查看来源与核对结果。", "ok"),
            exports=exports,
            refresh_history=True,
            draft_changed=True,
            step="draft",
        )

    def _summary(self, d) -> str:
        bodies = sum(1 for s in d.sections for p in s.paragraphs if p.kind == "body")
        used = len(d.facts) - len(d.unused_facts)
        lines = [
            f"已起草《{render.md_text(d.title)}》：{bodies} 段，用上 {used}/{len(d.facts)} 条事实。"
        ]
        if d.fixups:
            lines.append(f"数字核对：自动修正 {len(d.fixups)} 处（见“核对”）。")
        else:
            lines.append("数字核对：稿中数字均来自您提供的事实。")
        if d.unused_facts:
            lines.append(f"未用上的事实：{'、'.join(d.unused_facts)}。")
        if getattr(d, "fallbacks", None):  # the model looped or ran out of time on these parts
            names = "、".join(render.md_text(f) for f in d.fallbacks)
            lines.append(f"模型输出异常，以下部分已改由离线引擎撰写：{names}。")
        if not d.exemplars:
            building = "示例知识库正在建立，" if self.services.index_building else ""
            lines.append(f"{building}本次没有引用参考范文。")
        lines.append(
            "可以接着说“精简（三）”“把第二部分写得更具体”“换个标题”“把‘原文’改成‘新说法’”，"
            "或用右侧按钮修改某一部分。"
        )
        return "\n".join(lines)

    # ------------------------------------------------------------ history

    def conversations(self) -> list[tuple[str, str]]:
        try:
            items = self.services.history.list_conversations()
        except Exception as exc:
            log.warning("history unavailable: %s", fail(exc))
            return []
        return [(render.history_label(c), c.id) for c in items]

    def new_conversation(self, session: Session) -> DraftView:
        return DraftView(
            Session(),
            fields=Fields(
                backend=self.services.settings.llm.backend, k=self.services.settings.retrieval.k
            ),
            draft_changed=True,
            exports=(),
            refresh_history=True,
            status=render.message_html("已新建对话，请粘贴工作要点。"),
        )

    def open_conversation(self, session: Session, conversation_id: str) -> DraftView:
        if not conversation_id:
            return DraftView(session)
        try:
            history = self.services.history
            conv = history.get_conversation(conversation_id)
            latest = history.latest_draft(conversation_id)
            chat = [
                {"role": m.role, "content": chat_echo(m.content) if m.role == "user" else m.content}
                for m in history.messages(conversation_id)
            ]
        except Exception as exc:
            return error_view(session, exc)
        meta = conv.meta
        fields = Fields(
            **{f.name: meta[f.name] for f in dataclasses.fields(Fields) if f.name in meta}
        )
        shown = restore_draft(latest.data) if latest else None
        if shown is not None:  # the outline of the draft as the chat left it, not as first drafted
            fields.outline = outline_of(shown).to_text()
        restored = Session(
            conversation_id=conversation_id,
            draft=shown,
            paste=meta.get("paste", ""),
            chat=chat,
        )
        return DraftView(
            restored,
            fields=fields,
            status=render.message_html(f"已打开“{conv.title}”。", "ok"),
            exports=self._exports(restored),
            draft_changed=True,
        )

    # ------------------------------------------------------------ panels

    def sources(self, session: Session, paragraph_id: str | None) -> str:
        try:
            return render.sources_html(session.draft, paragraph_id)
        except Exception as exc:
            return render.message_html(fail(exc), "error")

    def checks(self, session: Session) -> str:
        d = session.draft
        if d is None:
            return render.checks_html(None)
        try:
            from eval.lint import lint_text

            lint = lint_text(d.text, period=d.period, next_period=d.next_period)
        except Exception as exc:
            return render.checks_html(d) + render.message_html(fail(exc), "error")
        return render.checks_html(d, lint)


__all__ = ["DraftHandlers", "DraftView", "Fields", "fail"]


def _added_in_chat(ledger, d) -> list:
    """The facts the writer added in the chat to `d`, a draft of this very paste: its facts
    after the paste's, which are the same ones (none when `d` was drafted from another)."""
    if d is None:
        return []
    n = len(ledger.facts)
    if [(f.id, f.text) for f in d.facts[:n]] != [(f.id, f.text) for f in ledger.facts]:
        return []
    return list(d.facts[n:])


def _ledger(paste: str, fields: Fields, settings=None):
    """The fact ledger for the side fields; roles from the classifier trained on knowledge/
    (not the uploads, so an upload does not retrain it before the next draft)."""
    return parse_facts(
        paste,
        clean(fields.unit),
        clean(fields.period),
        clean(fields.next_period),
        kb=None,
        settings=settings,
        title=clean(fields.report_title),
    )
