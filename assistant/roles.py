"""Role names and the cue words that assign them: one place for these words.

Two kinds of cues:
- heading cues decide the role of a report part from its heading ("二、存在的主要问题" -> problems);
- fact cues decide the role of a single pasted fact or sentence ("执法力量不足" -> problems).
"""

from __future__ import annotations

import re

ROLES: tuple[str, ...] = ("achievements", "problems", "plans", "other")

ROLE_LABELS: dict[str, str] = {
    "achievements": "工作开展情况",
    "problems": "存在的主要问题",
    "plans": "下一步工作计划",
    "other": "其他",
}

#: words in a part's heading that give its role
HEADING_CUES: dict[str, tuple[str, ...]] = {
    "achievements": (
        "工作情况",
        "开展情况",
        "完成情况",
        "进展情况",
        "推进情况",
        "落实情况",
        "执行情况",
        "成效",
        "成绩",
        "成果",
        "回顾",
        "主要做法",
        "做法",
        "工作措施",
        "主要工作",
        "工作总结",
        "亮点",
        "取得",
    ),
    "problems": (
        "问题",
        "不足",
        "短板",
        "差距",
        "困难",
        "挑战",
        "薄弱环节",
        "教训",
    ),
    "plans": (
        "计划",
        "思路",
        "打算",
        "安排",
        "下一步",
        "下步",
        "工作重点",
        "重点工作",
        "努力方向",
        "工作任务",
        "目标任务",
        "主要目标",
        "总体要求",
        "政策取向",
        "工作的建议",
        "工作建议",
        "展望",
        "设想",
        "工作要点",
    ),
}

#: cue words in a sentence or pasted fact that mark it as a problem (longer cues first, so
#: the cue reported is the most specific one: "较大差距" before "差距")
PROBLEM_FACT_CUES: tuple[str, ...] = (
    "不足",
    "短板",
    "滞后",
    "有待",
    "薄弱",
    "欠缺",
    "难以",
    "缺乏",
    "不够",
    "不到位",
    "不完善",
    "不健全",
    "不平衡",
    "不充分",
    "不明显",
    "不稳固",
    "不牢固",
    "不扎实",
    "不规范",
    "不均衡",
    "不协调",
    "不快",
    "不高",
    "不强",
    "不大",
    "不优",
    "偏少",
    "偏小",
    "偏低",
    "偏弱",
    "尚未",
    "仍需",
    "还需",
    "亟待",
    "亟需",
    "较大差距",
    "差距",
    "存在",
)

# a problem word that a verb says was dealt with is an achievement or a plan: "补齐设施短板",
# "克服县级财政薄弱的困难", "收入差距继续缩小", "认真整改存在的问题", "拆除不规范户外广告".
# A noun cue ("短板") may sit a few characters after its verb; a predicate cue ("不稳固")
# only right after it, so "乱搭乱建整治成果还不稳固" stays a problem.
_REMEDY_VERBS = (
    r"(?:补齐|补上|弥补|克服|破解|突破|化解|解决|整改|缩小|消除|改变|扭转|拆除|清理|取缔|"
    r"查处|整治|加强|强化|面对|针对|应对)"
)
_NOUN_CUES = frozenset({"不足", "短板", "薄弱", "差距", "较大差距", "存在", "滞后", "欠缺"})
_REMEDY_NEAR_RE = re.compile(_REMEDY_VERBS + r"[^，,。；;：:！!？?]{0,12}$")
_REMEDY_RIGHT_BEFORE_RE = re.compile(_REMEDY_VERBS + r"$")
_REMEDY_AFTER_RE = re.compile(
    r"[^，,。；;：:]{0,6}?(?:缩小|收窄|减少|下降|改善|补齐|补充|解决|消除|化解)"
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
PLAN_TIME_CUES: tuple[str, ...] = (
    "下一步",
    "下步",
    "明年",
    "下半年",
    "下一年",
    "今后",
    "来年",
)

#: verbs that mark a fact as a plan when they lead it
PLAN_VERB_CUES: tuple[str, ...] = ("将", "拟", "计划", "力争", "争取", "预计", "准备", "要")

#: explicit labels a writer types before a fact: "问题：执法力量不足", "计划：新建公厕3座"
FACT_LABELS: dict[str, tuple[str, ...]] = {
    "problems": ("问题", "不足", "短板", "困难", "存在问题"),
    "plans": ("计划", "打算", "安排", "下一步", "下步", "明年", "目标", "思路"),
    "achievements": ("成绩", "成效", "做法", "完成", "工作情况", "亮点"),
}

_LABEL_RE = re.compile(r"^\s*[【\[]?(?P<label>[\u4e00-\u9fff]{1,5})[】\]]?\s*[：:]")
# "拟/计划/力争" lead a plan; "将" does only after a subject ("我局将") or before a verb
# of intent ("将继续", "将新建"): "将辖区划分为…" describes what was done
_PLAN_VERB_RE = re.compile(
    r"(?:^|[，,；;。\s]|[我们局办区县市镇委府队所站])(?P<cue>拟|计划|力争|争取|预计|准备)"
    r"|(?:我[们局办区县市镇委]|[局办委队所站])(?P<subject_cue>将)"
    r"|(?P<verb_cue>将)(?=继续|进一步|加快|全面|着力|持续|重点|大力|积极|于|在\d|新建|启动|"
    r"开展|推进|完成|实施|建设|加大|强化|深化|组织|做好|抓好|坚持|围绕|不断|逐步|切实|力争)"
)
_YEAR_PLAN_RE = re.compile(r"(?P<cue>20\d\d年(?:底|内|前)?(?:将|要|计划|力争|争取))")


def heading_role(title: str) -> str:
    """Role of a report part from its heading title; the earliest cue wins, else "other"."""
    best: tuple[int, str] | None = None
    for role, cues in HEADING_CUES.items():
        for cue in cues:
            pos = title.find(cue)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, role)
    return best[1] if best else "other"


def heading_cue(title: str) -> str | None:
    """The heading cue word found in a title (for explanations), or None."""
    for cues in HEADING_CUES.values():
        for cue in cues:
            if cue in title:
                return cue
    return None


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
_WEAK_LEADING_PLAN_CUES = frozenset({"争取", "预计"})


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
