"""The drafting chain, per part: exemplars -> prompt (prompts/) -> model -> guard.

Each part is guarded as it finishes: one repair round through the model if it has
violations, then the deterministic fix-up; a last check runs over the whole draft. Model
output that loops, reads its prompt back or runs past llm.part_timeout is stopped and that
part is written by the backend's fallback (`Backend.fallback`, the registry's default: the
engine that needs no model; assistant.drafting.degenerate). Every paragraph keeps
the fact ids and exemplar chunk ids it came from. `on_event` gets DraftEvents part by part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant import lead_lines, metadata
from assistant.drafting.backends import (
    TASK_TYPES,
    Backend,
    Task,
    ThemeFacts,
    fallback_backend,
    get_backend,
)
from assistant.drafting.backends.offline_clauses import TRIM
from assistant.drafting.checking import SECTION_PROMPTS, GuardSteps
from assistant.drafting.degenerate import Verdict, watched_generate
from assistant.drafting.editor import DraftEditor
from assistant.drafting.model import (
    Draft,
    DraftEvent,
    DraftRequest,
    Fixup,
    Paragraph,
    Section,
    top_level,
)
from assistant.drafting.phrases import load_phrases
from assistant.drafting.split import assign_facts, split_paragraphs
from assistant.errors import ZongjieError
from assistant.facts import FactLedger, parse_facts
from assistant.outline import Outline, propose_outline
from assistant.outline_text import parse_outline_text
from assistant.prompts import load_prompt
from assistant.settings import Settings
from assistant.structure import DEFAULT_STYLES, int_to_cn, marker_for

TokenCallback = Callable[[str], None] | None
EventCallback = Callable[[DraftEvent], None] | None
PartCallback = Callable[[Section, list[Fixup]], None] | None
EXEMPLAR_CHARS = 300  # of each exemplar shown to the model
# of the exemplar query: the part heading and its first facts; the query embedding's cost
# grows with its length (500 characters took 4x the time of 120 on the dev machine)
QUERY_CHARS = 120


def resolve_outline(outline: Any, ledger: FactLedger) -> Outline:
    if outline is None:
        return propose_outline(ledger)
    if isinstance(outline, Outline):
        return outline
    if isinstance(outline, dict):
        return Outline.from_dict(outline)
    # the groups the writer kept keep their names, so an edit changes only what was edited
    return parse_outline_text(str(outline), ledger, base=propose_outline(ledger))


def _own_opening(outline: Outline, by_id: dict[str, Any]) -> Any:
    """The writer's own opening line, if the results open with one under no heading ("今年以来，
    在县委、县政府的坚强领导下，我局…取得新成效"): the draft opens with it, as the reports open
    with theirs, not with a stock opening that says the same again before it. None otherwise:
    for a plan, which has no opening, and for the first sentence of a pasted paragraph, which
    stays with the rest of it ("今年以来，全市经济运行总体平稳。全年地区生产总值…")."""
    part = None if outline.plan_only else outline.part("achievements")
    if part is None or not part.themes or part.themes[0].heading:
        return None
    facts = [by_id[i] for t in part.themes for i in t.fact_ids if i in by_id]
    first = facts[0] if part.themes[0].fact_ids and facts else None
    if first is None or len(facts) < 2 or not metadata.is_opening_sentence(first.text):
        return None
    return None if first.line and facts[1].line == first.line else first


PREFACE_MAX = 4  # lines an opening says in one sentence; more are the part's own facts


def _preface(outline: Outline, by_id: dict[str, Any]) -> list[Any]:
    """The writer's figure-free lines before the first sub-heading of the results ("奋勇攻坚，
    创造“君山速度”；团结拼搏，展现“君山精神”…", dept-junshan-2022): what the reports say in
    their opening paragraph, before 一、, so the draft's opening says them in place of its stock
    words. [] when a figure or an opening line of the writer's own is among them, when they are
    too many for one sentence, or when no headed theme follows them (then they are the part's
    facts, not its preface)."""
    part = None if outline.plan_only else outline.part("achievements")
    if part is None or len(part.themes) < 2 or part.themes[0].heading:
        return []
    if not part.themes[1].heading:
        return []
    facts = [by_id[i] for i in part.themes[0].fact_ids if i in by_id]
    if not facts or len(facts) > PREFACE_MAX:
        return []
    if any(f.figures or metadata.is_opening_sentence(f.text) for f in facts):
        return []
    return facts


def _hit_dict(hit: Any) -> dict[str, Any]:
    return {
        "chunk_id": hit.chunk_id,
        "doc_id": hit.doc_id,
        "title": hit.title,
        "heading_path": hit.heading_path,
        "role": hit.role,
        "score": round(float(hit.score), 4),
        "text": hit.text[:EXEMPLAR_CHARS],
    }


class Composer(GuardSteps):
    """Builds one Draft: holds the ledger, outline and backend; every paragraph it makes gets
    its id from the DraftEditor of the draft it builds (one counter, `Draft.last_id`)."""

    def __init__(
        self,
        ledger: FactLedger,
        outline: Outline,
        backend: Backend,
        kb: Any,
        k: int,
        on_token: TokenCallback,
        on_event: EventCallback = None,
        draft: Draft | None = None,
    ):
        self.ledger, self.outline, self.backend = ledger, outline, backend
        self.draft = draft if draft is not None else Draft("", [], ledger.facts)
        self.editor = DraftEditor(self.draft)
        self.kb, self.k, self.on_token, self.on_event = kb, k, on_token, on_event
        self.by_id = {f.id: f for f in ledger.facts}
        self.expected = [self.by_id[i] for i in outline.fact_ids if i in self.by_id]
        self.own_opening = _own_opening(outline, self.by_id)
        self.preface = [] if self.own_opening is not None else _preface(outline, self.by_id)
        self.warnings: list[str] = []
        self.findings: list[str] = []  # what the guard saw in each part, before fix-up
        self.exemplars: dict[str, dict] = {}
        self.index = -1  # the part being written: its place in Draft.sections
        self.placed: set[str] = set()  # ids of the facts the parts written so far carry
        self._stand_in: Backend | None = None
        self.fallbacks: list[str] = []  # parts the fallback backend wrote instead of the model

    # -- helpers
    def say(self, text: str) -> None:
        """Text for the plain token stream only (titles, headings, line breaks)."""
        if self.on_token and text:
            self.on_token(text)

    def emit(self, text: str) -> None:
        """A piece of the current part's body: the token stream and a "token" event."""
        if text:
            self.say(text)
            self.event("token", text=text)

    def event(self, kind: str, **fields: Any) -> None:
        if self.on_event:
            self.on_event(DraftEvent(kind, self.index, **fields))

    def begin(self, heading: str = "") -> None:
        self.index += 1
        self.event("part_start", heading=heading)

    def generate(
        self, task: Task, label: str, stream: bool = True, restart: bool = True
    ) -> str | None:
        """The backend's text for one task; None when the model's output was stopped.

        restart: the fallback backend writes the part again (a part of a new draft); otherwise
        it keeps the text as it was (a repair or a revision).
        """
        on_token = self.emit if stream else None
        if not self.backend.uses_prompts:  # no model, no prompt: nothing to watch
            return self.backend.generate(task, on_token)
        text, verdict = watched_generate(self.backend, task, on_token)
        if verdict is None:
            return text
        self.stopped(label, verdict, restart)
        return None

    def stopped(self, label: str, verdict: Verdict, restart: bool) -> None:
        if restart:
            title = self.backend.fallback.title
            warning = f"“{label}”：模型{verdict.message}，已停止，这一部分改由{title}撰写。"
            self.fallbacks.append(label)
            self.say(f"\n〔{warning}〕\n")
            self.event("part_restart", text=warning)
        else:
            warning = f"“{label}”的修改：模型{verdict.message}，已停止，保留修改前的文字。"
        self.warnings.append(warning)

    def stand_in(self, task: Task) -> str:
        """The fallback backend's text for a task the model failed (it reads the plain data)."""
        if self._stand_in is None:
            self._stand_in = fallback_backend(self.backend)
        return self._stand_in.generate(task, self.emit)

    @property
    def count(self) -> int:
        """The highest paragraph number handed out so far (the editor's counter)."""
        return self.draft.last_id

    def next_id(self) -> str:
        return self.editor.new_id()

    def retrieve(self, role: str, query: str) -> list[Any]:
        if self.kb is None or self.k <= 0:
            return []
        try:
            hits = self.kb.search(query[:QUERY_CHARS], k=self.k, role=role)
        except ZongjieError as exc:
            self.warnings.append(f"知识库检索失败，本部分未使用范例：{exc}")
            return []
        for hit in hits:
            self.exemplars.setdefault(hit.chunk_id, _hit_dict(hit))
        return hits

    def variables(self, **extra: Any) -> dict[str, Any]:
        values = {
            "unit": self.ledger.unit,
            "period": self.ledger.period,
            "next_period": self.ledger.next_period,
        }
        values.update(extra)
        return values

    def task(self, kind: str, prompt: str, variables: dict[str, Any], **fields: Any) -> Task:
        spec = load_prompt(prompt)
        wanted = {k: v for k, v in variables.items() if k in spec.input_variables}
        messages = spec.render(**wanted) if self.backend.uses_prompts else []
        return TASK_TYPES[kind](
            kind=kind,
            prompt=prompt,
            messages=messages,
            unit=self.ledger.unit,
            period=self.ledger.period,
            next_period=self.ledger.next_period,
            **fields,
        )

    def themes(self, part) -> list[ThemeFacts]:
        result, sub = [], 0
        for theme in part.themes:
            facts = [self.by_id[i] for i in theme.fact_ids if i in self.by_id]
            # said in the opening
            facts = [f for f in facts if f is not self.own_opening and f not in self.preface]
            stated = [f for f in facts if lead_lines.states(theme.heading, f.text)]
            if stated and len(stated) < len(facts):  # a lead line is the heading, not a sentence
                facts = [f for f in facts if f not in stated]
            if not facts:  # a sub-heading with no facts would invite invented content
                if theme.heading:
                    self.warnings.append(f"提纲中的小标题“{theme.heading}”下没有事实，已略去。")
                continue
            marker = ""
            if theme.heading:
                sub += 1  # a plan of its own numbers its themes 一、二、 (GB/T 9704 level 1)
                marker = marker_for(DEFAULT_STYLES[1 if not part.heading else 2], sub)
            result.append(ThemeFacts(theme.name, theme.heading, marker, facts, theme.own))
        return result

    def paragraphs(
        self, text: str, heading: str, chunk_ids: list[str], facts: list[Any], role: str = ""
    ) -> tuple[list[Paragraph], list[Fixup]]:
        blocks, fixups = split_paragraphs(text, heading, heading, top_level(heading, role))
        paras = self.editor.blocks(blocks, chunk_ids)  # sub-headings keep their level
        assign_facts(paras, facts)
        return paras, fixups

    # -- parts
    def opening(self) -> Section:
        named = [
            ThemeFacts(t.name, "", "", [], t.own)
            for p in self.outline.parts
            if p.role == "achievements"
            for t in p.themes
            if t.name
        ]
        ledger = self.ledger
        report = metadata.report_name(
            self.outline.title,
            ledger.unit,
            ledger.period,
            ledger.next_period,
            ledger.plan_word or "计划",
            # the outline's title is the writer's, the pasted one the draft takes, or one made
            # of unit and periods: each names what the opening reports as it stands
            given=True,
        )
        self.begin()
        own = self.own_opening
        if own is not None:  # the writer's own opening line, as written, and the fixed sentence
            text = load_phrases()["opening_own"].format(
                own=own.text.strip().rstrip(TRIM) + "。", report=report
            )
            self.emit(text)
            self.placed.add(own.id)
            para = self.editor.paragraph(text)
            assign_facts([para], [own])
            self.say("\n")
            return Section("", "other", [para])
        if self.preface:  # the writer's preface in the frame of the stock opening
            return self.opening_with_preface(report)
        variables = self.variables(
            theme_names=[t.name for t in named] or ["中心工作"], report=report
        )
        task = self.task("opening", "opening", variables, themes=named, report=report)
        text = self.generate(task, "开头导语")
        text = (self.stand_in(task) if text is None else text).strip()
        self.say("\n")
        return Section("", "other", [self.editor.paragraph(" ".join(text.split("\n")))])

    def opening_with_preface(self, report: str) -> Section:
        period = self.ledger.period
        text = load_phrases()["opening_preface" if period else "opening_preface_no_period"].format(
            period=period,
            subject=self.ledger.unit or "我们",
            preface="；".join(f.text.strip().rstrip(TRIM) for f in self.preface),
            report=report,
        )
        self.emit(text)
        self.placed.update(f.id for f in self.preface)
        para = self.editor.paragraph(text)
        assign_facts([para], self.preface)
        self.say("\n")
        return Section("", "other", [para])

    def part(self, index: int, part) -> tuple[Section, list[Fixup]]:
        heading = f"{int_to_cn(index + 1)}、{part.heading}" if part.heading else ""
        self.begin(heading)
        if heading:
            self.say(heading + "\n")
        themes = self.themes(part)
        facts = [f for t in themes for f in t.facts]
        self.placed.update(f.id for f in facts)
        if not facts:  # never invent a part: a short placeholder instead
            text = load_phrases()["placeholder"][part.role]
            self.emit(text)
            self.say("\n")
            return Section(heading, part.role, [self.editor.paragraph(text, "placeholder")]), []
        hits = self.retrieve(part.role, part.heading + " " + "；".join(f.text for f in facts[:6]))
        variables = self.variables(
            heading=heading,
            themes=[
                {
                    "marker": t.marker,
                    "heading": t.heading,
                    "facts": [{"id": f.id, "text": f.text} for f in t.facts],
                }
                for t in themes
            ],
            exemplars=[{"text": h.text[:EXEMPLAR_CHARS]} for h in hits],
        )
        task = self.task(
            "section",
            SECTION_PROMPTS[part.role],
            variables,
            role=part.role,
            heading=heading,
            themes=themes,
            exemplars=hits,
            position=index,
            opened_with=self.own_opening.text if self.own_opening is not None else "",
        )
        text = self.generate(task, heading)
        text = self.stand_in(task) if text is None else text
        for item in task.borrowed:  # framing sentences taken from exemplars, named by exemplar
            self.exemplars.get(item["chunk_id"], {}).setdefault("borrowed", []).append(item)
        self.say("\n")
        chunk_ids = [h.chunk_id for h in hits]
        paras, fixups = self.paragraphs(text, heading, chunk_ids, self.expected, part.role)
        return Section(heading, part.role, paras), fixups

    def closing(self) -> Section:
        """The closing, a task of the chosen backend like every other part (no facts in it)."""
        task = self.task("closing", "closing", self.variables())
        self.begin()
        text = self.generate(task, "结束语")
        text = (self.stand_in(task) if not (text or "").strip() else text).strip()
        self.say("\n")
        return Section("", "other", [self.editor.paragraph(" ".join(text.split("\n")))])


def draft(
    request: DraftRequest,
    settings: Settings,
    kb: Any = None,
    on_token: TokenCallback = None,
    ledger: FactLedger | None = None,
    on_part: PartCallback = None,
    on_event: EventCallback = None,
) -> Draft:
    """Draft the whole report from the pasted facts.

    on_token gets the plain text stream (title, headings, bodies). on_part(section, fixups) is
    called as each section (opening, parts, closing) is finished and guarded, so a UI can show
    finished parts while later ones stream; on_event gets the finer DraftEvents (model.py).
    A last guard pass over the whole draft comes after; the returned Draft is the final one.
    """
    ledger = ledger or parse_facts(
        request.paste,
        request.unit,
        request.period,
        request.next_period,
        kb=kb,
        settings=settings,
        exclude_docs=request.exclude_docs,
        title=request.title,
    )
    outline = resolve_outline(request.outline, ledger)
    backend = get_backend(request.backend, settings)
    k = request.k if request.k is not None else settings.retrieval.k
    result = Draft(
        outline.title,
        [],
        ledger.facts,
        ledger.unit,
        ledger.period,
        ledger.next_period,
        backend.name,
        outline=outline,
    )
    composer = Composer(ledger, outline, backend, kb, k, on_token, on_event, draft=result)
    composer.event("start", text=outline.title)
    composer.say(outline.title + "\n\n")

    def finished(section: Section, fixups: list[Fixup]) -> None:
        result.sections.append(section)
        fixups = fixups + composer.settle(result, section)
        result.fixups.extend(fixups)
        composer.event("part_done", heading=section.heading, section=section, fixups=fixups)
        if on_part:
            on_part(section, fixups)

    if not outline.plan_only:  # a plan opens with its own lead-in ("2025年，我局将…")
        finished(composer.opening(), [])
    for index, part in enumerate(outline.parts):
        finished(*composer.part(index, part))
    finished(composer.closing(), [])
    composer.finish(result, repair=False)
    result.findings = composer.findings + [m for m in result.findings if m not in composer.findings]
    result.warnings = list(ledger.warnings) + composer.warnings
    result.exemplars = list(composer.exemplars.values())
    result.fallbacks = list(composer.fallbacks)
    composer.event("done", draft=result)
    return result
