"""Role names and the cue words that assign them: one place for these words (data/roles.yaml).

Two kinds of cues:
- heading cues decide the role of a report part from its heading ("二、存在的主要问题" -> problems);
- fact cues decide the role of a single pasted fact or sentence ("执法力量不足" -> problems).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.data_files import read_yaml

ROLES: tuple[str, ...] = ("achievements", "problems", "plans", "other")
WORDS_PATH = Path(__file__).resolve().parent / "data" / "roles.yaml"


def _load() -> dict[str, Any]:
    return read_yaml(WORDS_PATH, "角色词表")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


_WORDS = _load()

ROLE_LABELS: dict[str, str] = dict(_WORDS["role_labels"])

#: words in a part's heading that give its role
HEADING_CUES: dict[str, tuple[str, ...]] = {
    role: tuple(cues) for role, cues in _WORDS["heading_cues"].items()
}

#: cue words in a sentence or pasted fact that mark it as a problem (longer cues first, so
#: the cue reported is the most specific one: "较大差距" before "差距")
PROBLEM_FACT_CUES: tuple[str, ...] = tuple(_WORDS["problem_fact_cues"])

# a problem word that a verb says was dealt with is an achievement or a plan: "补齐设施短板",
# "克服县级财政薄弱的困难", "收入差距继续缩小", "认真整改存在的问题", "拆除不规范户外广告".
# A noun cue ("短板") may sit a few characters after its verb; a predicate cue ("不稳固")
# only right after it, so "乱搭乱建整治成果还不稳固" stays a problem.
_REMEDY_VERBS = f"(?:{_alternation(_WORDS['remedy_verbs'])})"
_NOUN_CUES = frozenset(_WORDS["problem_noun_cues"])
_REMEDY_NEAR_RE = re.compile(_REMEDY_VERBS + r"[^，,。；;：:！!？?]{0,12}$")
_REMEDY_RIGHT_BEFORE_RE = re.compile(_REMEDY_VERBS + r"$")
_REMEDY_AFTER_RE = re.compile(
    rf"[^，,。；;：:]{{0,6}}?(?:{_alternation(_WORDS['remedy_after_verbs'])})"
)


def _problem_cue(text: str) -> str | None:
    """The first problem cue in text that no remedy verb around it cancels."""
    for cue in PROBLEM_FACT_CUES:
        start = text.find(cue)
        while start >= 0:
            before = text[max(0, start - 16) : start]
            remedy = _REMEDY_NEAR_RE if cue in _NOUN_CUES else _REMEDY_RIGHT_BEFORE_RE
            remedied = (
                remedy.search(before)
                or (cue == "短板" and before.endswith("补"))  # "补短板"
                or _REMEDY_AFTER_RE.match(text, start + len(cue))
            )
            if not remedied:
                return cue
            start = text.find(cue, start + 1)
    return None


#: time words that mark a fact as a plan wherever they appear
PLAN_TIME_CUES: tuple[str, ...] = tuple(_WORDS["plan_time_cues"])

#: verbs that mark a fact as a plan when they lead it
PLAN_VERB_CUES: tuple[str, ...] = tuple(_WORDS["plan_verb_cues"])

#: explicit labels a writer types before a fact: "问题：执法力量不足", "计划：新建公厕3座"
FACT_LABELS: dict[str, tuple[str, ...]] = {
    role: tuple(labels) for role, labels in _WORDS["fact_labels"].items()
}

_LABEL_RE = re.compile(r"^\s*[【\[]?(?P<label>[\u4e00-\u9fff]{1,5})[】\]]?\s*[：:]")
# lead verbs ("拟/计划/力争") mark a plan after a clause break or a subject; "将" does only
# after a subject ("我局将") or before a verb of intent ("将继续", "将新建"): "将辖区划分为…"
# describes what was done
_PLAN_VERB_RE = re.compile(
    rf"(?:^|[，,；;。\s]|[{_WORDS['plan_subject_chars']}])"
    rf"(?P<cue>{_alternation(_WORDS['plan_lead_verbs'])})"
    rf"|(?:{_alternation(_WORDS['plan_subjects_of_jiang'])})(?P<subject_cue>将)"
    rf"|(?P<verb_cue>将)(?=在\d|{_alternation(_WORDS['plan_intent_after_jiang'])})"
)
_YEAR_PLAN_RE = re.compile(
    rf"(?P<cue>20\d\d年(?:底|内|前)?(?:{_alternation(_WORDS['plan_after_year'])}))"
)


def heading_role(title: str) -> str:
    """Role of a report part from its heading title; the earliest cue wins, else "other"."""
    best: tuple[int, str] | None = None
    for role, cues in HEADING_CUES.items():
        for cue in cues:
            pos = title.find(cue)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, role)
    return best[1] if best else "other"


def cue_role(text: str) -> tuple[str, str] | None:
    """Role suggested by cue words in one fact or sentence: (role, cue) or None.

    Order: an explicit label ("问题：…"), then plan time words, then problem words,
    then plan verbs. Achievements have no cue: a plain fact with figures is an achievement
    by default, which the caller decides.
    """
    match = _LABEL_RE.match(text)
    if match:
        label = match.group("label")
        for role, labels in FACT_LABELS.items():
            if label in labels:
                return role, label
    for cue in PLAN_TIME_CUES:
        if cue in text:
            return "plans", cue
    problem = _problem_cue(text)
    if problem:
        return "problems", problem
    year = _YEAR_PLAN_RE.search(text)
    if year:
        return "plans", year.group("cue")
    verb = _PLAN_VERB_RE.search(text)
    if verb:
        return "plans", verb.group("cue") or verb.group("subject_cue") or verb.group("verb_cue")
    return None


#: plan verbs that, opening a fact, can still describe what was done ("争取资金5057万元")
_WEAK_LEADING_PLAN_CUES = frozenset(_WORDS["weak_leading_plan_cues"])


def leading_plan_cue(text: str) -> str | None:
    """A plan word that opens a fact ("明年新建…", "拟…", "我局将…"): as plain as a marker."""
    for cue in PLAN_TIME_CUES:
        if text.startswith(cue):
            return cue
    year = _YEAR_PLAN_RE.match(text)
    if year:
        return year.group("cue")
    verb = _PLAN_VERB_RE.match(text)
    if verb:
        cue = verb.group("cue") or verb.group("subject_cue") or verb.group("verb_cue")
        return None if cue in _WEAK_LEADING_PLAN_CUES else cue
    return None
