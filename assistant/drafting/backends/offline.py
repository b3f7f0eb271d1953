"""The offline engine: deterministic 公文 paragraphs from the facts, no model needed.

The facts go in verbatim as 一是/二是 run-in lists, so every figure is the writer's own. A
theme's lead and closing sentence are borrowed from the retrieved exemplars of the same role
and topic when one fits (assistant/drafting/framing.py: no figure, no proper noun), else taken
from assistant/data/phrases.yaml (modelled on the corpus). No framing sentence is said twice
in one draft; each borrowed one is recorded in task.borrowed with its exemplar.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import lead_lines, metadata, topics
from assistant.drafting import framing
from assistant.drafting.backends import offline_revise
from assistant.drafting.backends.base import Backend, Task, ThemeFacts, TokenCallback, register
from assistant.drafting.backends.offline_clauses import TRIM as _TRIM
from assistant.drafting.backends.offline_clauses import (
    body_paragraphs,
    fact_clause,
    fold_titles,
    join_continuations,
    runin_list,
)
from assistant.drafting.phrases import PHRASES_PATH, load_phrases  # noqa: F401  (one loader)
from assistant.errors import InputError
from assistant.key_phrases import is_term
from assistant.punctuation import full_width

_PIECES = re.compile(r"[^，。；：\n]*[，。；：\n]?")
# mean fact length under which a theme's facts read as list items that need a lead sentence;
# the 平潭 department reports' sentence-long facts (28-35 characters on average) go without
LIST_ITEM_CHARS = 25


def emit(text: str, on_token: TokenCallback | None) -> str:
    """Stream text in clause-sized pieces (what a model's stream looks like to the UI)."""
    if on_token:
        for piece in _PIECES.findall(text):
            if piece:
                on_token(piece)
    return text


def _pick(key: str, index: int, **values: str) -> str:
    variants = load_phrases()[key]
    pattern = variants[index % len(variants)] if isinstance(variants, list) else variants
    return pattern.format(**values)


def _is_lead_in(theme: ThemeFacts, role: str) -> bool:
    """Lines the writer put before the part's first heading: the part's lead-in, said as one
    sentence, not items of a 一是 list. In the achievements, figure-free lines ("奋勇攻坚，创造
    “君山速度”" …) or the facts of one pasted paragraph ("今年以来，全市经济运行总体平稳。全年地区
    生产总值…增长5.6%；固定资产投资增长6.1%"); in the plans, which are a list however short
    they are worded, only whole sentences ("2025年是“十四五”规划的收官之年…。区社会事业局将…")."""
    if theme.heading or len(theme.facts) < 2:
        return False
    if role == "achievements":
        one_paragraph = len({getattr(f, "line", 0) for f in theme.facts}) == 1
        return one_paragraph or not any(getattr(f, "figures", None) for f in theme.facts)
    return not _listlike(theme)


def _lead_in(clauses: list[str]) -> str:
    """The lead-in's clauses joined by "；", an opening sentence ("今年以来，…稳中有进") by "。"."""
    out = ""
    for clause in clauses:
        clause = clause.rstrip(_TRIM)
        out += clause + ("。" if metadata.is_opening_sentence(clause) else "；")
    return out[:-1] + "。"


def _listlike(theme: ThemeFacts) -> bool:
    """Facts short enough to read as list items (the dev pastes' bullets), not sentences."""
    facts = theme.facts
    return bool(facts) and sum(len(f.text) for f in facts) / len(facts) < LIST_ITEM_CHARS


def _said_by_half(theme: ThemeFacts) -> bool:
    """Whether a sentence naming the theme speaks for its facts: a phrase of the facts that at
    least half of them say, or a name none says (a domain lexicon's, "市容秩序", given where
    most facts match it)."""
    words = topics.cut(theme.name)  # "违法案件查处" is said by "查处各类违法案件"
    said = sum(all(w in f.text for w in words) for f in theme.facts)
    return not said or said * 2 >= len(theme.facts)


def _subject(task: Task) -> str:
    return task.unit or "我们"


def _named_again(task: Task) -> str:
    """The unit once an earlier part has named it: "我局将坚持…", as the reports write their
    plans ("208年,我办将坚持……"; "下一步，我县将按照……"), not its full name a third time. A
    plan's first part opens the draft (no opening before it) and names the unit in full."""
    first = task.kind == "section" and getattr(task, "position", 0) == 0
    return _subject(task) if first else self_reference(task.unit)


def self_reference(unit: str | None) -> str:
    """How the writer's unit names itself: 某某局 -> 我局, 某某办公室 -> 我办; else 我们."""
    table = load_phrases()["self_reference_by_suffix"]
    for suffix, word in table.items():
        if unit and unit.endswith(suffix):
            return word
    return "我们"


def _headed_by_itself(theme: ThemeFacts, role: str) -> bool:
    """A one-fact theme whose heading is the fact's opening clause: no stock sentence between."""
    if len(theme.facts) != 1:
        return False
    text = theme.facts[0].text
    return lead_lines.after_heading(text, theme.heading, role) != text


def _sayable_names(themes: list[ThemeFacts], most: int = 3) -> list[str]:
    """The themes' names that a sentence can list ("突出项目建设、乡村振兴等重点工作"): a writer's
    heading that opens with a verb ("抓项目促投资") is no name to list; one word ("就业", which
    jieba tags a verb) or a term other reports write too ("就业创业") is."""
    return [t.name for t in themes if t.name and (not t.own or _listable(t.name))][:most]


def _listable(name: str) -> bool:
    if topics.noun_run(name) or len(topics.cut(name)) == 1:
        return True
    return is_term(name)


def _own_problems_intro(themes: list[ThemeFacts]) -> tuple[str, list[ThemeFacts]]:
    """The writer's own opening line of the problems, if the part's first fact is one, and the
    themes without it; ("", themes) otherwise (or when it is all its theme holds)."""
    first = themes[0].facts[0] if themes and themes[0].facts else None
    text = first.text.strip().rstrip(_TRIM) if first is not None else ""
    if not text or getattr(first, "figures", None) or len(themes[0].facts) < 2:
        return "", themes
    if not lead_lines.opens_problems(text):
        return "", themes
    return text, [replace(themes[0], facts=themes[0].facts[1:]), *themes[1:]]


def _own_plans_lead_in(themes: list[ThemeFacts]) -> tuple[str, list[ThemeFacts]]:
    """The writer's opening line of the plans ("2025年是“十四五”规划的收官之年…"), when the
    outline set it apart (assistant.lead_lines.opens_part), and the themes after it."""
    first = themes[0] if themes else None
    facts = [f for t in themes for f in t.facts]
    if first is None or first.heading or len(first.facts) != 1 or len(themes) < 2:
        return "", themes
    if not lead_lines.opens_part(facts, "plans"):
        return "", themes
    return first.facts[0].text.strip(), themes[1:]


class OfflineWriter:
    """Writes one Task's text from its data; `used` holds the framing sentences the draft has
    already said, so that none is said twice."""

    def __init__(self, task: Task, used: set[str] | None = None):
        self.task = task
        self.next_period = task.next_period
        self.used = used if used is not None else set()
        exemplars = getattr(task, "exemplars", None)  # a part's; the opening has none
        self.pool = framing.candidates(exemplars) if exemplars else []
        # the writer's facts already say the time span ("今年以来，县民政局…"): no stock sentence
        # says it again ("年初以来，我们坚持问题导向…")
        texts = [f.text for t in getattr(task, "themes", []) for f in t.facts]
        texts.append(getattr(task, "opened_with", ""))  # the draft's opening, the writer's line
        self.span_said = any(metadata.time_span_lead(t) for t in texts)

    def clauses(
        self, theme: ThemeFacts, intro_says_when: bool = True, listed: bool = True
    ) -> list[str]:
        """The theme's facts as clauses; a plan keeps its time word ("2024年…") unless the
        paragraph opens with the part's own ("2024年，…将…"), and its subject ("团县委将…")
        unless it is the writer's own lead-in paragraph (not `listed`)."""
        when = self.next_period if intro_says_when else None
        unit = self.task.unit if listed else None
        said = [fact_clause(f, self.task.role, when, unit) for f in theme.facts]
        clauses = join_continuations(fold_titles(theme.facts, said))
        if len(clauses) == 1:  # a heading that is the fact's opening clause is not said twice
            clauses = [lead_lines.after_heading(clauses[0], theme.heading, self.task.role)]
        return clauses

    def fresh(self, key: str, index: int, **values: str) -> str:
        """The first variant of `key` from `index` on that the draft has not said yet; "" if none."""
        variants = load_phrases()[key]
        variants = variants if isinstance(variants, list) else [variants]
        if self.span_said and key.startswith("achievements_lead"):
            variants = [v for v in variants if not metadata.time_span_lead(v)] or variants
        for step in range(len(variants)):
            text = variants[(index + step) % len(variants)].format(**values)
            if text not in self.used:
                self.used.add(text)
                return text
        return ""

    def framing(self, kind: str, theme: ThemeFacts, key: str, index: int) -> str:
        """A lead or closing sentence: borrowed from an exemplar when one fits, else the phrase file.

        Only for a theme of short list items: facts written as whole sentences already say
        what they are about, and a stock sentence before them only thins the text.
        """
        if not theme.name or not _listlike(theme) or _headed_by_itself(theme, self.task.role):
            return ""
        if theme.own:  # the writer's own heading says what the facts are about: not restated
            return ""
        facts_text = "".join(f.text for f in theme.facts) + (self.task.unit or "")
        item = framing.best(self.pool, kind, facts_text, self.used)
        if item is None:
            # "我们把机动车处罚作为重点工作来抓" before six facts, one of them on 机动车, would say
            # the theme is that one
            return self.fresh(key, index, theme=theme.name) if _said_by_half(theme) else ""
        own = self_reference(self.task.unit)
        text = framing.with_unit(item.text, load_phrases()["self_references"], own)
        self.used.update({item.text, text})
        self.task.borrowed.append(
            {"sentence": text, "source": item.text, "chunk_id": item.chunk_id, "title": item.title}
        )
        return text

    def opening(self) -> str:
        names = _sayable_names(self.task.themes)
        values = {
            "subject": _subject(self.task),
            "period": self.task.period or "",
            "next_period": self.next_period or "下一步",
            "themes": "、".join(names),
            "report": getattr(self.task, "report", "") or "",
        }
        key = "opening" if self.task.period else "opening_no_period"
        return self.fresh(key if names else key + "_unnamed", 0, **values)

    def closing(self) -> str:
        return self.fresh(
            "closing", 0, subject=_named_again(self.task), next_period=self.next_period or "下一步"
        )

    def themed_lines(
        self, theme: ThemeFacts, lead: str, close: str = "", own: bool = False
    ) -> list[str]:
        """The theme's heading line and paragraphs; `own`: the writer's own lines before the
        part's headings, said as written (their subject kept: "县教育局将继续…")."""
        lines = [f"{theme.marker}{theme.heading}"] if theme.marker else []
        if theme.marker and all(lead_lines.states(theme.heading, f.text) for f in theme.facts):
            # the writer's heading had no fact under it: nothing to say but what is missing
            return lines + [load_phrases()["empty_heading"].format(heading=theme.heading)]
        themes = self.task.themes  # a preface: the first of several, before their headings
        preface = len(themes) > 1 and theme is themes[0] and _is_lead_in(theme, self.task.role)
        listed = not (preface or own)
        # the writer's own lead-in lines come before the part's intro: their time word stays
        clauses = self.clauses(theme, intro_says_when=not (theme.marker or own), listed=listed)
        body = [_lead_in(clauses)] if preface else body_paragraphs(clauses)
        body[0] = lead + body[0]
        body[-1] = body[-1] + close
        return lines + body

    def achievements(self) -> list[str]:
        lines = []
        for i, theme in enumerate(self.task.themes):
            n = i + self.task.position
            if theme.name:
                lead = self.framing("lead", theme, "achievements_lead", n)
                close = self.framing("close", theme, "achievements_close", n)
            elif not any(t.name or t.heading for t in self.task.themes[:i]):
                # facts the writer put before their first heading, or after the part's opening
                # line: nothing came before them that they are "其他" to
                lead, close = "", ""
            else:
                lead, close = self.fresh("achievements_lead_fallback", n), ""
            lines += self.themed_lines(theme, lead, close)
        if any(_listlike(t) for t in self.task.themes):  # sentence-long facts sum themselves up
            lines.append(self.fresh("achievements_summary", 0, period=self.task.period or "本期"))
        return [line for line in lines if line]

    def problems(self) -> list[str]:
        themed = any(t.marker for t in self.task.themes)
        own, themes = _own_problems_intro(self.task.themes)
        intro = "problems_intro_own" if own else "problems_intro"
        if not themed:
            clauses = [c for t in themes for c in self.clauses(t)]
            body = body_paragraphs(clauses)
            body[0] = self.fresh(intro, 0, own=own) + body[0]
            body[-1] += self.fresh("problems_close", 0)
            return body
        lines = [self.fresh(intro + "_themed" if own else "problems_intro_themed", 0, own=own)]
        for theme in themes:
            lines += self.themed_lines(theme, "")
        lines.append(self.fresh("problems_close", 0))
        return [line for line in lines if line]

    def plans(self) -> list[str]:
        values = {"subject": _named_again(self.task), "next_period": self.next_period or "下一步"}
        own, themes = _own_plans_lead_in(self.task.themes)
        opening = [own.rstrip(_TRIM) + "。"] if own else []
        themed = any(t.marker for t in themes)
        if not themed:
            clauses = [c for t in themes for c in self.clauses(t)]
            body = body_paragraphs(clauses)
            body[0] = self.fresh("plans_intro_single", 0, **values) + body[0]
            return opening + body
        names = _sayable_names(themes)
        intro = "plans_intro" if names else "plans_intro_unnamed"
        # the writer's own lines before the first heading ("苏平片区将继续按照…") say what the
        # plans rest on: they come first, and the stock line only leads into the list
        preface = themes[0] if not themes[0].marker else None
        if preface and values["next_period"] in "".join(f.text for f in preface.facts):
            values["next_period"] = ""  # "2026年计划完成…。为此，重点抓好…": the year said once
        lead_in = self.fresh(
            "plans_intro_after_own" if preface else intro, 0, themes="、".join(names), **values
        )
        if preface:
            own_lines = self.themed_lines(preface, "", own=True)
            lines = opening + own_lines[:-1] + [own_lines[-1] + lead_in]
        else:
            lines = opening + [lead_in]
        for i, theme in enumerate(themes):
            if theme is preface:
                continue
            n = i + self.task.position
            if theme.name:
                lead = self.framing("lead", theme, "plans_lead", n)
            else:
                lead = self.fresh("plans_lead_fallback", i) if i else ""
            lines += self.themed_lines(theme, lead)
        return [line for line in lines if line]

    def section(self) -> str:
        if not self.task.facts:
            return load_phrases()["placeholder"][self.task.role]
        writer = {"achievements": self.achievements, "problems": self.problems, "plans": self.plans}
        return "\n".join(writer[self.task.role]())

    # -- revise operations on one paragraph (task.text), facts in task.themes
    def revise(self) -> str:
        text = self.task.text.strip()
        op = self.task.op
        if op == "free":
            raise InputError(
                "离线引擎不能按自由指令修改。",
                hint="请选择扩写、精简、润色或重写，或改用模型后端（openai 或 llamacpp）。",
            )
        if op == "expand":  # no stock sentence: what is missing is asked for (offline_revise)
            return offline_revise.expand(text, self.task.facts, self.task.role)
        if op == "condense":
            return offline_revise.condense(text, self.task.facts)
        if op == "polish":
            return polish(text)
        if op == "rewrite":
            clauses = [c for t in self.task.themes for c in self.clauses(t)]
            names = [t.name for t in self.task.themes if t.name]
            if self.task.role == "plans":
                lead = _pick("plans_lead_fallback", 0)
            elif self.task.role == "problems":
                lead = _pick("problems_intro", 0)
            elif names:
                lead = _pick("achievements_lead", self.task.position + 1, theme=names[0])
            else:  # a stock lead with no topic to name ("不断加大这方面工作工作力度") says nothing
                return polish(text)
            return lead + runin_list(clauses) if clauses else polish(text)
        raise InputError(f"不认识的修改操作：{op}。")


def polish(text: str) -> str:
    """Normalise punctuation and spacing the way 公文 expects."""
    cjk = r"[\u4e00-\u9fff“”（）]"
    text = full_width(re.sub(rf"(?<={cjk})\s+(?={cjk})", "", text))
    text = re.sub(r"[，；]。", "。", text)
    return text.strip()


@register
class OfflineBackend(Backend):
    """Deterministic drafting from the facts and the phrase patterns; the default."""

    name = "offline"
    can_repair = False
    uses_prompts = False

    def __init__(self, settings):
        super().__init__(settings)
        self.used: set[str] = set()  # framing sentences said in the current draft

    def generate(self, task: Task, on_token: TokenCallback | None = None) -> str:
        if task.kind == "opening":  # a draft starts with its opening: a fresh set
            self.used = set()
        writer = OfflineWriter(task, self.used)
        if task.kind == "opening":
            text = writer.opening()
        elif task.kind == "closing":
            text = writer.closing()
        elif task.kind == "section":
            text = writer.section()
        elif task.kind == "revise":
            text = writer.revise()
        else:  # repair: the offline engine leaves it to the deterministic fix-up
            text = task.text
        return emit(text, on_token)
