"""Sub-headings named from their own facts: key phrases (assistant.key_phrases) put into mined
公文 heading patterns.

The patterns (assistant/data/heading_patterns.yaml) are typed by the kind of phrase and add only
stock words (assistant/data/stock_words.yaml), so every content word of a heading is in its facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import topics
from assistant.key_phrases import KeyPhrase, first_said, key_phrases, kind_of, load_patterns

SECOND_SHARE = 0.2  # a second clause only for a phrase nearly as strong as the first
COVER_SHARE = 0.5  # a first phrase said by no more of the group's facts than this needs a second
TASK_LEAD = 0.4
LONE_SHARE = 0.5  # a lone noun yields to a work item, a thing or an object half as strong
MIN_CLAUSE, MAX_CLAUSE = 6, 16  # a problem clause short enough for a heading


def pick_two(
    phrases: list[KeyPhrase], used: frozenset[str] = frozenset()
) -> tuple[KeyPhrase | None, KeyPhrase | None]:
    """The best phrase (one no earlier heading led with, when there is one) and the best one
    sharing no word with it, if it is nearly as strong."""
    fresh = [k for k in phrases if k.text not in used] or phrases
    if not fresh:
        return None, None
    tasks = [k for k in fresh if k.task]
    first = tasks[0] if tasks and tasks[0].score >= TASK_LEAD * fresh[0].score else fresh[0]
    if first.kind == "topic" and len(first.words) == 1:
        # "扎实做好区委书记工作" reads wrong: the group's work, thing or object goes first
        done = [
            k for k in fresh if k.kind in ("work", "object") and k.score >= LONE_SHARE * first.score
        ]
        first = done[0] if done else first
    if first.kind in ("topic", "object"):
        return first, None  # a noun term takes the plain "做好…工作", never a second clause
    for other in phrases:
        if other.kind in ("topic", "object"):
            continue
        if other is first or set(other.words) & set(first.words):
            continue
        if other.text in first.text or first.text in other.text or other.text in used:
            continue  # an earlier heading said it: "扎实推进交流研讨" then "…，稳步推进交流研讨"
        if other.score >= SECOND_SHARE * first.score:
            return first, other
        break
    return first, None


def covering_second(
    first: KeyPhrase, phrases: list[KeyPhrase], texts: list[str], used: frozenset[str]
) -> KeyPhrase | None:
    """A phrase of the facts the first one leaves out, when the first is said by no more than
    half of them: "持续推进特种设备安全检查" alone had headed 违法案件 and 特种设备 facts (a
    市场监管局 paste, 2026-12)."""
    said = [t for t in texts if _said_by(first, [t])]
    if len(said) > COVER_SHARE * len(texts):
        return None
    rest = [t for t in texts if t not in said]
    best, best_key = None, (0, 0)
    for other in phrases:
        if other.kind == "topic" or set(other.words) & set(first.words) or other.text in used:
            continue
        if other.text in first.text or first.text in other.text:
            continue
        # the phrase most of the rest say, the one said first of those ("政府采购项目" before
        # "评价项目" of the last fact)
        key = (_said_by(other, rest), -_first_fact(other, texts))
        if key[0] and (best is None or key > best_key):
            best, best_key = other, key
    return best


def _said_by(phrase: KeyPhrase, texts: list[str]) -> int:
    """How many of the texts say the phrase (as the key phrases count it, or as written)."""
    written = phrase.written or phrase.text
    return sum(1 for t in texts if phrase.text in t or written in t)


def _first_fact(phrase: KeyPhrase, texts: list[str]) -> int:
    """The first fact that says the phrase, as written."""
    return first_said(phrase.written or phrase.text, texts)[0]


def _fits(verb: str, phrase: KeyPhrase) -> bool:
    """A verb of the 推进 family takes anything; another only the work items of its kind."""
    fits = load_patterns()["verb_fits"]
    if verb not in fits:
        return True
    last = phrase.words[-1]
    return phrase.kind == "work" and any(last.endswith(w) for w in fits[verb])


def _problem_clause(clause: str, spec: dict) -> bool:
    clause = clause.strip()
    if not MIN_CLAUSE <= len(clause) <= MAX_CLAUSE or re.search(r"[0-9０-９%％]", clause):
        return False
    return not clause.startswith(tuple(spec["not_first"])) and clause.endswith(
        tuple(spec["problem_ends"])
    )


def problem_clause(noun: str, texts: list[str]) -> str:
    """The fact's own short clause that states a problem of the noun ("停车场、公用娱乐休闲场所
    严重不足", "农贸市场容量偏小"), or the end of a longer clause from the noun on ("经济指标还
    偏小"): a writer heads a problem by the problem, not by "停车场工作还不够完善". "" when no
    clause of the facts is one."""
    spec = load_patterns()
    clauses = [c.strip() for text in texts for c in re.split(r"[，,；;。：:]", text)]
    for clause in clauses:
        if noun in clause and _problem_clause(clause, spec):
            return clause
    for (
        clause
    ) in clauses:  # a long clause from the noun on: "…重要经济指标还偏小" -> 经济指标还偏小
        tail = clause[clause.index(noun) :] if noun in clause else ""
        if tail and _problem_clause(tail, spec):
            return tail
    return ""


@dataclass
class HeadingWriter:
    """Writes the sub-headings of one part, varying verbs and patterns from one to the next."""

    role: str
    used: set[str] = field(default_factory=set)  # verbs, tails and lead phrases said
    headings: set[str] = field(default_factory=set)
    count: int = 0

    def _choose(self, options: list[str], phrase: KeyPhrase) -> str:
        fitting = [o for o in options if _fits(o, phrase)] or options
        fresh = [o for o in fitting if o not in self.used] or fitting
        choice = fresh[self.count % len(fresh)]
        self.used.add(choice)
        return choice

    def name(
        self, texts: list[str], preferred: tuple[str, ...] = (), own: str = ""
    ) -> tuple[str, str]:
        """(theme name, heading) for a group of fact texts; ("", "") when nothing names it
        (the outline then puts the group under its neighbour's heading).

        `preferred`: phrases of a domain lexicon found verbatim in the facts; they go first
        when they are a work item or a thing. `own`: the group's own heading clause, if it has
        one (assistant.lead_lines.opening_clause).
        """
        phrases = key_phrases(texts)
        if own and own not in self.headings:  # a one-fact group headed by its own first clause
            self.headings.add(own)
            self.count += 1
            return (phrases[0].written or phrases[0].text) if phrases else own, own
        if preferred:
            top = phrases[0].score if phrases else 1.0
            lead = []
            for p in preferred:
                words = topics.cut(p)
                if kind_of(words) in ("work", "thing"):
                    lead.append(KeyPhrase(p, words, top * 2, kind_of(words)))
            phrases = lead + [k for k in phrases if k.text not in preferred]
        for _ in range(3):  # an earlier heading of the part said this: the next phrase
            first, second = pick_two(phrases, frozenset(self.used))
            if first is None:
                return "", ""
            if second is None and self.role != "problems" and first.kind in ("work", "thing"):
                second = covering_second(first, phrases, texts, frozenset(self.used))
                if second and _first_fact(second, texts) < _first_fact(first, texts):
                    first, second = second, first  # in the order the facts say them
            heading = self._write(first, second)
            if self.role == "problems" and second is None and first.kind in ("topic", "object"):
                heading = problem_clause(first.written or first.text, texts) or heading
            if heading not in self.headings:
                break
            phrases = [k for k in phrases if k is not first]
        else:
            return "", ""
        self.used.update(k.text for k in (first, second) if k is not None)
        self.headings.add(heading)
        self.count += 1
        return first.text, heading

    def _write(self, first: KeyPhrase, second: KeyPhrase | None) -> str:
        spec = load_patterns()["roles"][self.role]
        templates = spec["two"] if second else spec["one_" + first.kind]
        template = templates[self.count % len(templates)]
        values = {"a": first.text, "b": second.text if second else ""}
        if "{verb}" in template:
            values["verb"] = self._choose(spec["verbs"], first)
        if "{verb2}" in template and second:
            values["verb2"] = self._choose(spec.get("verbs2") or spec["verbs"], second)
        for slot in ("tail", "tail1"):
            if "{" + slot + "}" in template:
                values[slot] = self._choose(spec[slot.replace("tail", "tails")], first)
        return template.format(**values)
