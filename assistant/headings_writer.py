"""Sub-headings named from their own facts: key phrases put into mined 公文 heading patterns.

A key phrase is a run of noun-like jieba words copied verbatim from one fact ("耕地保护",
"执法办案"), scored by its word weights (assistant.topics) and by how many of the group's
facts hold it. The patterns (assistant/data/heading_patterns.yaml) add only stock words
(assistant/data/stock_words.yaml), so every content word of a heading is in its facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant import topics
from assistant.errors import ConfigError

PATTERNS_PATH = Path(__file__).resolve().parent / "data" / "heading_patterns.yaml"
# jieba POS flags a key phrase may hold: nouns, verbal nouns, idioms, abbreviations; person,
# place and organisation names (nr/ns/nt) and numbers never go into a heading
# idioms (i, l: 真抓实干) are framing, not topics
_HEAD_FLAGS = frozenset({"n", "vn", "nz", "nl", "ng", "an", "j"})
COMMON_VERB_IDF = 6.5  # a verb closes a compound ("耕地保护") only if reports use it often
# a word the reports hardly use is a name (仙人井, 北港) more often than a topic
KNOWN_WORD_IDF = 7.5
MAX_PHRASE_CHARS = 7
IDF_CAP = 6.5
TASK_FACTOR = 1.6
TASK_LEAD = 0.4
MIN_SINGLE_IDF = 3.0  # alone, a word in every other sentence ("建设", "生活") names nothing
SINGLE_FACTOR = 0.7  # one two-character word ("营运", "案件") says less than a compound
COMPOUND_FACTOR = 0.62  # "耕地保护" beats "耕地" when as many facts hold it


@lru_cache(maxsize=2)
def load_patterns(path: Path = PATTERNS_PATH) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"标题句式库 {path} 无法读取：{exc}") from exc


def _topical(word: str) -> bool:
    return topics.is_content(word) and topics.idf().word(word) <= KNOWN_WORD_IDF


def _units_of(text: str) -> dict[str, tuple[str, ...]]:
    """Candidate phrases of one fact -> their words: single noun-like words, and two adjacent
    words forming a compound ("耕地"+"保护", "执法"+"办案") copied as written."""
    words = topics.cut(text)
    flags = [topics.word_flag(w) for w in words]
    out: dict[str, tuple[str, ...]] = {}
    for i, (word, flag) in enumerate(zip(words, flags, strict=True)):
        if flag not in _HEAD_FLAGS or not _topical(word):
            continue
        if len(word) <= MAX_PHRASE_CHARS and topics.idf().word(word) >= MIN_SINGLE_IDF:
            out.setdefault(word, (word,))
        if i + 1 < len(words):
            nxt, nflag = words[i + 1], flags[i + 1]
            pair = word + nxt
            tail_ok = nflag in _HEAD_FLAGS or (
                nflag == "v" and topics.idf().word(nxt) <= COMMON_VERB_IDF
            )
            if tail_ok and _topical(nxt) and len(pair) <= MAX_PHRASE_CHARS:
                out.setdefault(pair, (word, nxt))
    return out


@dataclass
class KeyPhrase:
    text: str
    words: tuple[str, ...]
    score: float
    task: bool = False  # ends in a verbal noun or verb: names work done ("耕地保护", "执法办案")


def key_phrases(texts: list[str]) -> list[KeyPhrase]:
    """The group's key phrases, best first: shared by many of its facts, topical words.

    Word weights are capped: the rarest words (names of one project) are specific, not topical.
    """
    table = topics.idf()
    found: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for phrase, words in _units_of(text).items():
            found.setdefault(phrase, words)
    scored = []
    for phrase, words in found.items():
        holders = sum(1 for t in texts if phrase in t)
        # squared: a topical word shared by two facts beats a common one shared by three
        weight = sum(min(table.word(w), IDF_CAP) for w in words) ** 2
        factor = COMPOUND_FACTOR**2 if len(words) > 1 else SINGLE_FACTOR
        task = topics.word_flag(words[-1]) in ("vn", "v")
        factor *= TASK_FACTOR if task else 1.0  # a heading names work, not a thing
        scored.append(KeyPhrase(phrase, words, weight * factor * holders, task))
    scored.sort(key=lambda k: (-k.score, k.text))
    return scored


def pick_two(phrases: list[KeyPhrase]) -> tuple[KeyPhrase | None, KeyPhrase | None]:
    """The best phrase and the best one sharing no word with it."""
    if not phrases:
        return None, None
    # a heading names work: the best task phrase leads unless a thing far outweighs it
    tasks = [k for k in phrases if k.task]
    first = tasks[0] if tasks and tasks[0].score >= TASK_LEAD * phrases[0].score else phrases[0]
    for other in phrases[1:]:
        if set(other.words) & set(first.words) or not (other.task or len(other.words) > 1):
            continue  # a lone thing ("国土", "施工") makes no second clause
        if other.text in first.text or first.text in other.text:
            continue
        return first, other
    return first, None


@dataclass
class HeadingWriter:
    """Writes the sub-headings of one part, varying verbs and patterns from one to the next."""

    role: str
    used: set[str] = field(default_factory=set)
    count: int = 0

    def _choose(self, options: list[str]) -> str:
        fresh = [o for o in options if o not in self.used] or options
        choice = fresh[self.count % len(fresh)]
        self.used.add(choice)
        return choice

    def name(self, texts: list[str], preferred: tuple[str, ...] = ()) -> tuple[str, str]:
        """(theme name, heading) for a group of fact texts; ("", "") when nothing names it.

        `preferred`: phrases of a domain lexicon found verbatim in the facts; they go first.
        """
        phrases = key_phrases(texts)
        if preferred:
            top = phrases[0].score if phrases else 1.0
            lead = [KeyPhrase(p, tuple(topics.content_words(p)), top * 2, True) for p in preferred]
            phrases = lead + [k for k in phrases if k.text not in preferred]
        first, second = pick_two(phrases)
        if first is None:
            return "", ""
        spec = load_patterns()["roles"][self.role]
        values = {"a": first.text, "b": second.text if second else ""}
        templates = spec["two"] if second else spec["one"]
        template = templates[self.count % len(templates)]
        for slot in ("verb", "verb2"):
            if "{" + slot + "}" in template:
                values[slot] = self._choose(
                    spec.get(slot.replace("verb", "verbs")) or spec["verbs"]
                )
        for slot in ("tail", "tail1"):
            if "{" + slot + "}" in template:
                values[slot] = self._choose(spec[slot.replace("tail", "tails")])
        self.count += 1
        return first.text, template.format(**values)
