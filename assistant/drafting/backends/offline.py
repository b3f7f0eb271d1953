"""The offline engine: deterministic 公文 paragraphs from the facts, no model needed.

Sentence patterns come from assistant/data/phrases.yaml (modelled on the corpus); the
facts go in verbatim as 一是/二是 run-in lists, so every figure is the writer's own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.drafting.backends import Backend, Task, ThemeFacts, TokenCallback, register
from assistant.errors import ConfigError, InputError
from assistant.structure import int_to_cn

PHRASES_PATH = Path(__file__).resolve().parents[2] / "data" / "phrases.yaml"
_PIECES = re.compile(r"[^，。；：\n]*[，。；：\n]?")
_TRIM = "。；;，,、：: \t"
SHORT_CLAUSE = 40  # run-in items shorter than this are joined with "；", longer ones with "。"


@lru_cache(maxsize=2)
def load_phrases(path: Path = PHRASES_PATH) -> dict[str, Any]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"句式库 {path} 无法读取：{exc}") from exc


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


def fact_clause(fact: Any, role: str, next_period: str | None) -> str:
    """A fact as a clause for a run-in list: trimmed; a plan loses the time word the part says."""
    text = fact.text.strip().strip(_TRIM)
    if role == "plans" and next_period:
        for word in [next_period, *load_phrases()["plan_leading_words"]]:
            rest = text[len(word) :].lstrip("，, ")
            if text.startswith(word) and len(rest) >= 4:
                text = rest
                break
    return text


def runin_list(clauses: list[str]) -> str:
    """一是…；二是…。 (or with full stops when the items are long)."""
    if len(clauses) == 1:
        return clauses[0] + "。"
    short = all(len(c) < SHORT_CLAUSE and "。" not in c for c in clauses)
    sep = "；" if short else "。"
    items = [f"{int_to_cn(i)}是{c}" for i, c in enumerate(clauses, start=1)]
    return sep.join(items) + "。"


def _subject(task: Task) -> str:
    return task.unit or "我们"


def _theme_label(theme: ThemeFacts) -> str:
    return theme.name or "各项"


class OfflineWriter:
    """Writes one Task's text from its data."""

    def __init__(self, task: Task):
        self.task = task
        self.next_period = task.next_period

    def clauses(self, theme: ThemeFacts) -> list[str]:
        return [fact_clause(f, self.task.role, self.next_period) for f in theme.facts]

    def opening(self) -> str:
        names = [t.name for t in self.task.themes if t.name and t.name != "其他工作"][:3]
        values = {
            "subject": _subject(self.task),
            "period": self.task.period or "",
            "next_period": self.next_period or "下一步",
            "themes": "、".join(names) or "中心工作",
        }
        key = "opening" if self.task.period else "opening_no_period"
        return _pick(key, 0, **values)

    def closing(self) -> str:
        return _pick(
            "closing", 0, subject=_subject(self.task), next_period=self.next_period or "下一步"
        )

    def achievements(self) -> list[str]:
        lines = []
        for i, theme in enumerate(self.task.themes):
            n = i + self.task.position
            if theme.marker:
                lines.append(f"{theme.marker}{theme.heading}")
            if theme.name and theme.name != "其他工作":
                lead = _pick("achievements_lead", n, theme=theme.name)
                close = _pick("achievements_close", n, theme=theme.name)
            else:
                lead, close = _pick("achievements_lead_fallback", n), ""
            lines.append(lead + runin_list(self.clauses(theme)) + close)
        lines.append(_pick("achievements_summary", 0, period=self.task.period or "本期"))
        return lines

    def problems(self) -> list[str]:
        themed = any(t.marker for t in self.task.themes)
        if not themed:
            clauses = [c for t in self.task.themes for c in self.clauses(t)]
            body = _pick("problems_intro", 0) + runin_list(clauses) + _pick("problems_close", 0)
            return [body]
        lines = [_pick("problems_intro_themed", 0)]
        for theme in self.task.themes:
            lines.append(f"{theme.marker}{theme.heading}")
            lines.append(runin_list(self.clauses(theme)))
        lines.append(_pick("problems_close", 0))
        return lines

    def plans(self) -> list[str]:
        values = {"subject": _subject(self.task), "next_period": self.next_period or "下一步"}
        themed = any(t.marker for t in self.task.themes)
        if not themed:
            clauses = [c for t in self.task.themes for c in self.clauses(t)]
            return [_pick("plans_intro_single", 0, **values) + runin_list(clauses)]
        names = [t.name for t in self.task.themes if t.name and t.name != "其他工作"]
        lines = [_pick("plans_intro", 0, themes="、".join(names[:3]) or "重点工作", **values)]
        for i, theme in enumerate(self.task.themes):
            lines.append(f"{theme.marker}{theme.heading}")
            if theme.name and theme.name != "其他工作":
                lead = _pick("plans_lead", i + self.task.position, theme=theme.name)
            else:
                lead = _pick("plans_lead_fallback", i)
            lines.append(lead + runin_list(self.clauses(theme)))
        return lines

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
        if op == "expand":
            lead, close = _pick("expand_lead", 0), _pick("expand_close", 0)
            body = text.rstrip("。")
            return (body if body.startswith(lead) else lead + body) + "，" + close.lstrip("，")
        if op == "condense":
            return self.condense(text)
        if op == "polish":
            return polish(text)
        if op == "rewrite":
            clauses = [c for t in self.task.themes for c in self.clauses(t)]
            if not clauses:
                return polish(text)
            lead = _pick("achievements_lead", self.task.position + 1, theme="这方面工作")
            if self.task.role == "plans":
                lead = _pick("plans_lead_fallback", 0)
            elif self.task.role == "problems":
                lead = _pick("problems_intro", 0)
            return lead + runin_list(clauses)
        raise InputError(f"不认识的修改操作：{op}。")

    def condense(self, text: str) -> str:
        """Keep the sentences that carry facts; drop the framing ones."""
        clauses = [c for t in self.task.themes for c in self.clauses(t)]
        if not clauses:
            return text
        return runin_list(clauses)


def polish(text: str) -> str:
    """Normalise punctuation and spacing the way 公文 expects."""
    cjk = r"[\u4e00-\u9fff“”（）]"
    text = re.sub(rf"(?<={cjk})\s+(?={cjk})", "", text)
    for half, full in ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")):
        text = re.sub(rf"(?<={cjk}){re.escape(half)}", full, text)
    text = re.sub(r"([，；。：])\1+", r"\1", text)
    text = re.sub(r"[，；]。", "。", text)
    return text.strip()


@register
class OfflineBackend(Backend):
    """Deterministic drafting from the facts and the phrase patterns; the default."""

    name = "offline"
    can_repair = False
    uses_prompts = False

    def generate(self, task: Task, on_token: TokenCallback | None = None) -> str:
        writer = OfflineWriter(task)
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
