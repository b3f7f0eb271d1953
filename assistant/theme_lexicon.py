"""The optional domain lexicon (assistant/data/themes.yaml): theme names, keywords and heading
patterns of one trade (city management). It names a group of facts only when it matches the
group strongly and its heading's content words are all in the group's facts; the outline
(assistant.outline) asks it first and names every other group from the group's own words.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant import topics
from assistant.data_files import read_yaml
from assistant.facts import Fact
from assistant.key_phrases import only_listed

THEMES_PATH = Path(__file__).resolve().parent / "data" / "themes.yaml"
STRONG_MATCH = 3  # matched keyword characters for the lexicon to count ("垃圾" is not)
LEXICON_WEIGHT = 4.0  # a strong lexicon match weighs about as much as one rare shared word


@lru_cache(maxsize=4)
def load_themes(path: Path = THEMES_PATH) -> dict[str, Any]:
    return read_yaml(path, "主题词表")


def _match(fact: Fact, theme: dict[str, Any]) -> tuple[int, list[str]]:
    """Score (matched keyword length) and the heading names of the matched keywords."""
    words = [w for w in theme.get("keywords", {}) if w in fact.text]
    words = [w for w in words if not any(w != o and w in o for o in words)]  # 广告 inside 户外广告
    names = [theme["keywords"][w] for w in words]
    return sum(len(w) for w in words), names


def lexicon_theme(fact: Fact, lexicon: dict[str, Any]) -> tuple[str, int, list[str]]:
    """The domain lexicon's best theme for a fact: (name, score, focus names)."""
    best: tuple[str, int, list[str]] = ("", 0, [])
    for theme in lexicon.get("themes", []):
        score, names = _match(fact, theme)
        if score > best[1]:
            best = (theme["name"], score, names)
    return best


def _grounded(heading: str, text: str) -> bool:
    """Every content word of the heading is in the text (stock words aside)."""
    return all(w in text for w in topics.content_words(heading))


def lexicon_heading(facts: list[Fact], role: str, lexicon: dict[str, Any]) -> tuple[str, str]:
    """(name, heading) from the lexicon when it matches the group strongly and its heading's
    content words are all in the group's facts; ("", "") otherwise."""
    matches = [lexicon_theme(f, lexicon) for f in facts]
    names = Counter(m[0] for m in matches if m[1] >= STRONG_MATCH)
    if not names:
        return "", ""
    name, count = names.most_common(1)[0]
    if count * 3 < len(facts) * 2:
        return "", ""
    theme = next(t for t in lexicon["themes"] if t["name"] == name)
    focus = [n for m in matches if m[0] == name for n in m[2]]
    heading = _heading(theme["headings"][role], focus)
    text = "".join(f.text for f in facts)
    return (name, heading) if _grounded(heading, text) else ("", "")


def lexicon_phrases(facts: list[Fact], lexicon: dict[str, Any]) -> tuple[str, ...]:
    """The lexicon's names for the group's strongly matched keywords that its facts spell out
    verbatim ("占道经营", "户外广告"), most frequent first."""
    text = "".join(f.text for f in facts)
    texts = [f.text for f in facts]
    names = Counter(
        n
        for f in facts
        for n in lexicon_theme(f, lexicon)[2]
        if len(n) >= 3 and n in text and not only_listed(n, texts)  # not one of a list's things
    )
    return tuple(n for n, _ in names.most_common(2))


def _heading(pattern: str, focus_names: list[str]) -> str:
    focus = [name for name, _ in Counter(focus_names).most_common(2)]
    if "{focus}" in pattern and not focus:
        return re.sub(r"[^，]*\{focus\}[^，]*，?", "", pattern).strip("，")
    return pattern.replace("{focus}", "和".join(focus))
