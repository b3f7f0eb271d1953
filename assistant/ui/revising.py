"""Revisions of the current draft: per-section buttons, chat instructions, another title."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from assistant.drafting import REVISE_OPS
from assistant.drafting.adding import add_fact
from assistant.drafting.deleting import delete_sentence
from assistant.drafting.deleting_sections import HINT, delete_subsection
from assistant.drafting.editor import DraftEditor, WordingPlace
from assistant.drafting.outline_of import outline_of
from assistant.drafting.revision import revise
from assistant.drafting.rewording import reword
from assistant.errors import InputError, user_message
from assistant.ui import render
from assistant.ui.intents import MISSING, WHOLE, Intent, plan_word_of, title_options
from assistant.ui.session import Session, restore_draft, stream_call
from assistant.ui.views import OP_LABELS, DraftView, Fields, chat_echo, error_view, fail

# a shorter title is shorter by a word at least: "2025年度" back to "2025年" shortens nothing
MIN_SHORTER = 3


class RevisingMixin:
    """Part of DraftHandlers: needs settings_for, _kb, _say and _finish from it."""

    def revise_section(
        self, session: Session, target: str, op: str, fields: Fields
    ) -> Iterator[DraftView]:
        """A per-section button: 扩写/精简/润色/重写 on the selected part or sub-heading."""
        session = copy.copy(session)
        session.chat = list(session.chat)
        if session.draft is None:
            yield error_view(session, InputError("还没有稿件可以修改。"))
            return
        if not target:
            yield error_view(session, InputError("请先选择要修改的部分。"))
            return
        op = REVISE_OPS.get(op, op)
        label = (
            dict((v, k) for k, v in render.section_choices(session.draft))
            .get(target, target)
            .strip()
        )
        yield from self._revise(
            session,
            Intent("revise", op=op, target=target, label=label),
            fields,
            echo=f"{OP_LABELS.get(op, op)}：{label}",
        )

    def _revise(
        self, session: Session, intent: Intent, fields: Fields, echo: str
    ) -> Iterator[DraftView]:
        self._say(session, "user", chat_echo(echo), raw=echo)
        session.chat.append({"role": "assistant", "content": "正在修改……"})
        yield DraftView(session)
        current = session.draft
        settings, kb = self.settings_for(fields), self._kb()
        try:
            for target in self._targets(current, intent.target):
                result = None
                work = lambda on_token, _part, _restart, d=current, t=target: revise(  # noqa: E731
                    d,
                    intent.op,
                    t,
                    intent.instruction or None,
                    settings=settings,
                    kb=kb,
                    on_token=on_token,
                    backend=fields.backend or None,
                )
                for step in stream_call(work):
                    if not step.done:
                        content = render.md_text(step.text)
                        session.chat[-1] = {"role": "assistant", "content": content}
                        yield DraftView(session)
                    result = step.result
                current = result
        except Exception as exc:
            message = fail(exc)
            session.chat[-1] = {"role": "assistant", "content": render.md_text(message)}
            if session.conversation_id:
                self.services.history.add_message(
                    session.conversation_id, "assistant", session.chat[-1]["content"]
                )
            yield DraftView(session, status=render.message_html(message, "error"))
            return
        unchanged = session.draft is not None and current.text == session.draft.text
        session.draft = current
        op_label = OP_LABELS.get(intent.op, "修改")
        plain = f"已{op_label}“{intent.label or intent.target}”。"
        if unchanged:  # say so: "已精简" over a part that stayed as it was is not to be trusted
            plain = f"“{intent.label or intent.target}”没有可{op_label}之处，草稿未改动。"
        if current.fixups:
            plain += f"数字核对自动修正 {len(current.fixups)} 处，见“核对”。"
        reply = render.md_text(plain)
        session.chat[-1] = {"role": "assistant", "content": reply}
        try:
            exports, _ = self._finish(session, f"{op_label} {intent.label or intent.target}")
            self.services.history.add_message(session.conversation_id, "assistant", reply)
        except Exception as exc:
            yield error_view(session, exc, draft_changed=True)
            return
        first = self._targets(current, intent.target)[0]
        yield DraftView(
            session,
            status=render.message_html(plain, "ok"),
            exports=exports,
            draft_changed=True,
            outline=outline_of(current).to_text(),
            refresh_history=True,  # the entry moves to the top with its new time
            selected=first if isinstance(first, str) else None,
        )

    @staticmethod
    def _targets(d, target: str) -> list[str | int]:
        """A UI target -> what drafting.revise accepts: part indexes or paragraph ids."""
        if target == WHOLE:  # every part with text of its own; a 〔待补〕 part is left as it is
            parts = [
                i for i, s in enumerate(d.sections) if any(p.kind == "body" for p in s.paragraphs)
            ]
            if not parts:
                raise InputError("稿件中还没有正文段落可以修改。")
            return parts
        if target.startswith("part:"):
            return [int(target[5:])]
        if target.startswith("sub:"):
            heading_id, ids, inside = target[4:], [], False
            for section in d.sections:
                for para in section.paragraphs:
                    if para.id == heading_id:
                        inside = True
                    elif inside and para.kind == "heading":
                        inside = False
                    elif inside and para.kind == "body":
                        ids.append(para.id)
                inside = False
            if not ids:
                raise InputError("这个小标题下面没有正文段落可以修改。")
            return ids
        return [target]

    def _reword(self, session: Session, message: str, intent: Intent) -> DraftView:
        """The writer's own wording, everywhere the draft says the old one ("把“A”改成“B”") or
        in the place named ("把标题中的…"); refused, the draft as it was, where a figure would
        be lost or made up."""
        old, new = intent.target, intent.instruction

        def change(d, place: WordingPlace) -> tuple[Any, str, str]:
            changed, count = reword(d, old, new, place)
            where = f"{place.label}中的" if place.label else ""
            return changed, f"已把{where}“{old}”改为“{new}”，共 {count} 处。", f"改“{old}”"

        return self._placed_change(session, message, intent, change)

    def _delete(self, session: Session, message: str, intent: Intent) -> DraftView:
        """The sentence that says the quoted words, deleted ("把“双减”那句删掉"); refused, the
        draft as it was, where it is not found once or its sub-section would be left empty."""

        if not intent.target:  # no quote: the sub-section the message names
            return self._placed_change(session, message, intent, self._section_deleted(intent))

        def change(d, place: WordingPlace) -> tuple[Any, str, str]:
            done = delete_sentence(d, intent.target, place)
            plain = f"已删去{done.paragraph_id}中的“{done.sentence.rstrip('；;。')}”"
            if done.dropped:
                plain += f"，事实{'、'.join(done.dropped)}已不在稿件中（见“未用上的事实”）"
            return done.draft, plain + "。", f"删“{intent.target}”"

        return self._placed_change(session, message, intent, change)

    @staticmethod
    def _section_deleted(intent: Intent):
        """The change that deletes the sub-section the intent names ("删掉（二）"); a part
        is refused: a 工作总结 keeps its three parts."""

        def change(d, place: WordingPlace) -> tuple[Any, str, str]:
            if not intent.place.startswith("sub:"):
                raise InputError(
                    f"{intent.place_label}是报告的一个部分，不能整体删去，草稿未改动。", hint=HINT
                )
            done = delete_subsection(d, intent.place[4:])
            plain = f"已删去小节“{done.sentence}”，后面的小节已重新编号"
            if done.dropped:
                plain += f"，事实{'、'.join(done.dropped)}已不在稿件中（见“未用上的事实”）"
            return done.draft, plain + "。", f"删小节“{done.sentence}”"

        return change

    def _add(self, session: Session, message: str, intent: Intent) -> DraftView:
        """A fact the writer adds ("问题部分再补充一条：…"): a new fact of the draft, said in the
        place named (else the part of its role); refused, the draft as it was, where a figure
        would not match."""

        def change(d, place: WordingPlace) -> tuple[Any, str, str]:
            done = add_fact(d, intent.instruction, place)
            plain = f"已在{done.where}补充事实{done.fact_id}（{done.paragraph_id}）。"
            return done.draft, plain, f"补充{done.fact_id}"

        return self._placed_change(session, message, intent, change)

    def _placed_change(self, session: Session, message: str, intent: Intent, change) -> DraftView:
        """A change of the writer's in the place the message names: (new draft, reply, version
        note) from `change`, or its refusal said in the chat, the draft as it was."""
        self._say(session, "user", chat_echo(message), raw=message)
        try:
            place = self._wording_place(session.draft, intent)
            changed, plain, note = change(session.draft, place)
        except InputError as exc:  # said in the chat too: the reply to what the writer asked
            self._say(session, "assistant", render.md_text(user_message(exc)))
            return error_view(session, exc)
        session.draft = changed
        return self._changed(session, plain, note)

    def _undo(self, session: Session, message: str) -> DraftView:
        """The last change taken back ("撤销"): the version before it is the draft again, saved
        as a new version, so that the history keeps every one and a second 撤销 goes one
        further back."""
        self._say(session, "user", chat_echo(message), raw=message)
        try:
            cid = session.conversation_id
            versions = self.services.history.drafts(cid) if cid else []
        except Exception as exc:
            return error_view(session, exc)
        target = undo_target(versions)
        restored = restore_draft(target.data) if target is not None else None
        if restored is None:
            self._say(session, "assistant", "没有可以撤销的修改，草稿未改动。")
            return DraftView(session)
        session.draft = restored
        plain = f"已撤销上一次修改，稿件恢复为第 {target.version} 版。"
        return self._changed(session, plain, UNDO_NOTE.format(target.version))

    @classmethod
    def _wording_place(cls, d, intent: Intent) -> WordingPlace:
        """A reword intent's place -> the DraftEditor's: the title, the sub-headings, a part
        (its heading and paragraphs), a sub-section (its heading and body) or a paragraph."""
        place, label = intent.place, intent.place_label
        if not place:
            return WordingPlace()
        if place == MISSING:
            raise InputError(
                f"稿件中没有“{label}”，草稿未改动。", hint="请对照右侧稿件的标题和段落编号。"
            )
        if place == "title":
            return WordingPlace(True, frozenset(), frozenset(), label)
        if place == "subheadings":
            ids = frozenset(p.id for s in d.sections for p in s.paragraphs if p.kind == "heading")
            return WordingPlace(False, frozenset(), ids, label)
        if place.startswith("part:"):
            index = int(place[5:])
            ids = frozenset(p.id for p in d.sections[index].paragraphs)
            return WordingPlace(False, frozenset({index}), ids, label)
        if place.startswith("sub:"):
            try:
                body = cls._targets(d, place)
            except InputError:  # a sub-heading with no body: the heading alone
                body = []
            return WordingPlace(False, frozenset(), frozenset([place[4:], *body]), label)
        return WordingPlace(False, frozenset(), frozenset({place}), label)

    def _changed(self, session: Session, plain: str, label: str) -> DraftView:
        """A draft changed in the chat: the reply said and kept, the new version saved."""
        reply = render.md_text(plain)
        session.chat.append({"role": "assistant", "content": reply})
        try:
            exports, _ = self._finish(session, label)
            self.services.history.add_message(session.conversation_id, "assistant", reply)
        except Exception as exc:
            return error_view(session, exc, draft_changed=True)
        return DraftView(
            session,
            status=render.message_html(plain, "ok"),
            exports=exports,
            draft_changed=True,
            refresh_history=True,  # the entry moves up; its title may be new
            # 按提纲起草 keeps what the chat deleted, added and renamed
            outline=outline_of(session.draft).to_text(),
        )

    def _retitle(self, session: Session, message: str, given: str = "", op: str = "") -> DraftView:
        """Another title: the one the writer gave ("把标题改为…"), a shorter usual form ("标题太长
        了"), else the next usual form."""
        self._say(session, "user", chat_echo(message), raw=message)
        options = title_options(session.draft)
        current = session.draft.title
        if op == "condense" and not given:
            # a title that drops the plan would not name a plans part the draft has
            plan = plan_word_of(session.draft) if _has_plans(session.draft) else ""
            shorter = [t for t in options if len(t) <= len(current) - MIN_SHORTER and plan in t]
            if not shorter:
                kept = "包含工作计划的" if plan and plan in current else ""
                self._say(
                    session,
                    "assistant",
                    f"《{current}》已是{kept}常用写法中最短的一种，标题未改动。"
                    "如需别的写法，请说“把标题改为……”。",
                )
                return DraftView(session)
            given = max(shorter, key=len)  # the least shortening: say it again for shorter
        if not given and not [t for t in options if t != current]:
            self._say(session, "assistant", "请在提纲第一行直接写出想要的标题，再点“按提纲起草”。")
            return DraftView(session)
        # the form after the current one, so that each is offered once before any comes back
        # (the writer's own title is often one of them: counting turns skipped one)
        at = options.index(current) + 1 if current in options else 0
        new = copy.deepcopy(session.draft)
        DraftEditor(new).retitle(given or options[at % len(options)])
        session.draft = new
        plain = f"标题改为《{new.title}》。" + (
            "" if given else "再说一次“换个标题”可以换另一种写法。"
        )
        return self._changed(session, plain, "换标题")


UNDO_NOTE = "撤销：恢复第{}版"  # the note of a version an undo saved, with the version it restored
_UNDO_NOTE_RE = re.compile(re.escape(UNDO_NOTE).replace(r"\{\}", r"(\d+)"))


def undo_target(versions: list) -> Any:
    """The version an undo restores: the one before the current, or, when the current is an
    undo's, the one before the version it restored; None at the first."""
    if not versions:
        return None
    last = versions[-1]
    undone = _UNDO_NOTE_RE.fullmatch(last.note)
    base = int(undone.group(1)) if undone else last.version
    return next((v for v in versions if v.version == base - 1), None)


def _has_plans(d) -> bool:
    """Whether the draft has plans of its own text, not only a 〔待补〕 placeholder."""
    return any(
        p.kind == "body"
        for s in d.sections
        if s.role == "plans" and s.heading
        for p in s.paragraphs
    )
