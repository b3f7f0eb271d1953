"""The outline: facts grouped into themes under the three parts, editable as plain text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant import roles, structure
from assistant.errors import ConfigError, InputError
from assistant.facts import Fact, FactLedger

THEMES_PATH = Path(__file__).resolve().parent / "data" / "themes.yaml"
PART_ROLES = ("achievements", "problems", "plans")
MAX_THEMES = 6  # more sub-headings than this reads as a list, so singletons go to the fallback
# a part with fewer facts is one paragraph of 一是/二是 without （一） sub-headings
MIN_FACTS_FOR_SUBHEADINGS = {"achievements": 4, "problems": 6, "plans": 5}
_CN = "零一二三四五六七八九"
_IDS = re.compile(r"\bF\d{2,3}\b")
_ID_GROUP = re.compile(r"\s*〔(?:F\d{2,3}[、，,\s]*)+〕\s*$")


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (heading numbers)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


@dataclass
class OutlineTheme:
    """A （一）… sub-heading and the facts under it; heading "" means no sub-heading."""

    name: str
    heading: str
    fact_ids: list[str] = field(default_factory=list)


@dataclass
class OutlinePart:
    """A level-1 part: 一、…工作开展情况 / 二、存在的主要问题 / 三、…工作计划."""

    role: str
    heading: str
    themes: list[OutlineTheme] = field(default_factory=list)

    @property
    def fact_ids(self) -> list[str]:
        return [fid for theme in self.themes for fid in theme.fact_ids]


@dataclass
class Outline:
    title: str
    parts: list[OutlinePart]

    @property
    def fact_ids(self) -> list[str]:
        return [fid for part in self.parts for fid in part.fact_ids]

    def part(self, role: str) -> OutlinePart | None:
        return next((p for p in self.parts if p.role == role), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outline:
        parts = [
            OutlinePart(p["role"], p["heading"], [OutlineTheme(**t) for t in p.get("themes", [])])
            for p in data["parts"]
        ]
        return cls(data.get("title", ""), parts)

    def to_text(self) -> str:
        """Editable text: numbered headings, each followed by its fact ids in 〔〕."""
        lines = [self.title, ""]
        for i, part in enumerate(self.parts, start=1):
            lines.append(f"{cn_number(i)}、{part.heading}")
            sub = 0
            for theme in part.themes:
                ids = f"〔{'、'.join(theme.fact_ids)}〕" if theme.fact_ids else ""
                if theme.heading:
                    sub += 1
                    lines.append(f"（{cn_number(sub)}）{theme.heading} {ids}".rstrip())
                elif ids:
                    lines.append(ids)
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES_PATH) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"主题词表 {path} 无法读取：{exc}") from exc
    return data


def _match(fact: Fact, theme: dict[str, Any]) -> tuple[int, list[str]]:
    """Score (matched keyword length) and the heading names of the matched keywords."""
    words = [w for w in theme.get("keywords", {}) if w in fact.text]
    words = [w for w in words if not any(w != o and w in o for o in words)]  # 广告 inside 户外广告
    names = [theme["keywords"][w] for w in words]
    return sum(len(w) for w in words), names


def _theme_of(fact: Fact, themes: list[dict[str, Any]]) -> tuple[str, list[str]]:
    best = ("", 0, [])
    for theme in themes:
        score, names = _match(fact, theme)
        if score > best[1]:
            best = (theme["name"], score, names)
    return best[0], best[2]


def _heading(pattern: str, focus_names: list[str]) -> str:
    focus = [name for name, _ in Counter(focus_names).most_common(2)]
    if "{focus}" in pattern and not focus:
        return re.sub(r"[^，]*\{focus\}[^，]*，?", "", pattern).strip("，")
    return pattern.replace("{focus}", "和".join(focus))


def _group(facts: list[Fact], role: str, lexicon: dict[str, Any]) -> list[OutlineTheme]:
    themes = lexicon["themes"]
    fallback = lexicon["fallback"]["name"]
    scores = {f.id: {t["name"]: _match(f, t) for t in themes} for f in facts}
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        name, _ = _theme_of(fact, themes)
        groups.setdefault(name or fallback, []).append(fact)
    limit = max(3, min(MAX_THEMES, (2 * len(facts) + 2) // 3))
    # too many sub-headings read as a list: fold the weakest singletons into a related theme
    singles = sorted(
        (n for n, fs in groups.items() if len(fs) == 1 and n != fallback),
        key=lambda n: scores[groups[n][0].id][n][0],
    )
    while len(groups) > limit and singles:
        name = singles.pop(0)
        fact = groups.pop(name)[0]
        kept = [
            (scores[fact.id][n][0], n) for n in groups if n != fallback and n in scores[fact.id]
        ]
        best = max((s for s in kept if s[0] > 0), default=(0, fallback))[1]
        groups.setdefault(best, []).append(fact)
    if fallback in groups:  # the catch-all goes last
        groups[fallback] = groups.pop(fallback)
    by_name = {t["name"]: t for t in themes}
    result = []
    for name, group in groups.items():
        pattern = by_name.get(name, lexicon["fallback"])["headings"][role]
        focus = [word for f in group for word in scores[f.id].get(name, (0, []))[1]]
        result.append(OutlineTheme(name, _heading(pattern, focus), [f.id for f in group]))
    return result


def part_headings(period: str | None, next_period: str | None) -> dict[str, str]:
    return {
        "achievements": f"{period or ''}工作开展情况",
        "problems": "存在的主要问题",
        "plans": f"{next_period}工作计划" if next_period else "下一步工作计划",
    }


def draft_title(unit: str | None, period: str | None, next_period: str | None) -> str:
    return f"{unit or ''}{period or ''}工作总结及{next_period or '下一步'}工作计划"


def propose_outline(ledger: FactLedger, themes_path: Path = THEMES_PATH) -> Outline:
    """Three parts; facts grouped by theme; sub-headings only where a part has 2+ themes."""
    lexicon = load_themes(themes_path)
    headings = part_headings(ledger.period, ledger.next_period)
    parts = []
    for role in PART_ROLES:
        facts = ledger.by_role(role)
        themes = _group(facts, role, lexicon) if facts else []
        if facts and (len(themes) == 1 or len(facts) < MIN_FACTS_FOR_SUBHEADINGS[role]):
            themes = [
                OutlineTheme(themes[0].name if len(themes) == 1 else "", "", [f.id for f in facts])
            ]
        parts.append(OutlinePart(role, headings[role], themes))
    return Outline(draft_title(ledger.unit, ledger.period, ledger.next_period), parts)


def parse_outline_text(text: str, ledger: FactLedger) -> Outline:
    """Read an outline back from its (edited) text; fact ids the writer removed become unused."""
    if not text or not text.strip():
        raise InputError("提纲是空的。", hint="可以直接采用系统建议的提纲，或在其基础上修改。")
    known = {f.id for f in ledger.facts}
    doc = structure.parse_document(text)
    starts = {h.start: h for h in doc.headings if not h.inline}
    title, parts, offset = "", [], 0
    for line in text.splitlines(keepends=True):
        start = offset + len(line) - len(line.lstrip())
        offset += len(line)
        body = line.strip()
        if not body:
            continue
        heading = starts.get(start)
        ids = [i for i in _IDS.findall(body) if i in known]
        if heading is not None and heading.level == 1:
            clean = _ID_GROUP.sub("", heading.title).strip()
            role = roles.heading_role(clean)
            parts.append(OutlinePart(role if role in PART_ROLES else "achievements", clean))
            if ids:
                parts[-1].themes.append(OutlineTheme("", "", ids))
        elif heading is not None and parts:
            parts[-1].themes.append(OutlineTheme("", _ID_GROUP.sub("", heading.title).strip(), ids))
        elif ids and parts:
            parts[-1].themes.append(OutlineTheme("", "", ids))
        elif not parts and not title:
            title = body
    if not parts:
        raise InputError(
            "提纲里没有找到“一、”这样的一级标题。", hint="请保留“一、”“二、”“三、”的编号。"
        )
    return Outline(title, parts)
