"""Lead lines: a pasted fact that heads the facts after it.

The department reports open a sub-section or a 一是 item with a short line of no figure
("一是推进城乡融合进程。完善60个村庄13个连片发展方案…", "持之以恒调结构、稳增长，产业发展翻开新
篇章。项目建设多点发力…"), and a writer who pastes the facts in order numbers that line like
the facts under it. It is the heading of those facts, not a fact beside them: the outline
starts a group at it and heads the group with it (assistant.outline).

A lead is short, has no figure but dates and no sentence end, opens with a word real headings
open with (`lead_openers`, mined) or ends like a headline (`lead_tails`); a problem lead ends
like a problem (`problem_ends`). The fact after it must be fuller: it carries a figure, or is
half as long again and shares a content word with the lead ("耕地后备资源匮乏" above "受耕地后备
资源匮乏、资金紧张等问题影响，…").
"""

from __future__ import annotations

import re
from typing import Any

from assistant import metadata, roles, topics
from assistant.figures import has_figure
from assistant.key_phrases import load_patterns

LEAD_MAX_CHARS = 24  # the mined leads and headings that head a group are 4 to 24 characters
LEAD_MIN_CHARS = 4
STATEMENT_MAX_CHARS = 20  # a one-clause problem line short enough to be said as a list item
LEAD_CLAUSE_MAX = 12  # a longer clause is a sentence ("推动集团加大对子公司的授权力度")
FULLER = 1.5  # a figure-free follower is at least this many times as long as the lead
# A plan list names figure-free tasks ("深化土地制度改革") as often as it heads others with
# them: 2 of the 4 plan lines that passed the test in eval/cases headed the lines after them.
LEAD_ROLES = ("achievements", "problems")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]")
HEADING_TRAILING = "。；;，,：: "


def _shaped(text: str) -> bool:
    if not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS or _SENTENCE_END.search(text):
        return False
    clauses = re.split(r"[，,]", text)
    if len(clauses) > 2 or any(len(c) > LEAD_CLAUSE_MAX for c in clauses):
        return False
    return "《" not in text and not has_figure(text)


def _worded(text: str, role: str) -> bool:
    data = load_patterns()
    if role == "problems":
        return text.endswith(tuple(data["problem_ends"]))
    # by prefix, not by jieba's first word: jieba cuts "强化食品|安全监管"
    return text.startswith(tuple(data["lead_openers"])) or text.endswith(tuple(data["lead_tails"]))


def _fuller(follower: str, lead: str, role: str, then: str | None = None) -> bool:
    if role != "problems" and has_figure(follower):
        return True
    if len(follower) < FULLER * len(lead):
        return False
    shared = set(topics.content_words(lead)) & set(topics.content_words(follower))
    # a lead's words are often abbreviated below it ("落实耕保制度" over "坚守耕地保护红线"): a
    # longer follower that the figures come right after heads no run of its own
    return bool(shared) or (role != "problems" and then is not None and has_figure(then))


def is_lead(text: str, follower: str | None, role: str, then: str | None = None) -> bool:
    """Whether `text` heads the fact after it (`follower`, None at a part's end; `then`, the
    fact after that)."""
    text = text.strip()
    if role not in LEAD_ROLES or follower is None or not _shaped(text) or not _worded(text, role):
        return False
    return not is_lead_shaped(follower, role) and _fuller(follower.strip(), text, role, then)


def bare_statements(texts: list[str]) -> bool:
    """Whether every line is one short clause with no figure ("项目建设进度不快", "管理方式还需
    改革创新"): problems said so are one run-in list ("主要表现在：一是…；二是…", as the 001
    report has them). A sub-heading over such a line could only repeat it, or add a judgement
    the writer did not make ("项目建设还不够完善")."""
    return bool(texts) and all(
        len(t.strip()) <= STATEMENT_MAX_CHARS
        and not re.search(r"[，,]", t)
        and not _SENTENCE_END.search(t.strip())
        and not has_figure(t)
        for t in texts
    )


def is_lead_shaped(text: str, role: str) -> bool:
    """A line that could head others by its own shape and words (the follower test aside)."""
    text = text.strip()
    return _shaped(text) and _worded(text, role)


def runs(facts: list[Any], role: str) -> list[tuple[Any | None, list[Any]]]:
    """The part's facts cut before each lead: (lead or None, the run's facts, lead first)."""
    out: list[tuple[Any | None, list[Any]]] = []
    for i, fact in enumerate(facts):
        follower = facts[i + 1].text if i + 1 < len(facts) else None
        then = facts[i + 2].text if i + 2 < len(facts) else None
        if is_lead(fact.text, follower, role, then):
            out.append((fact, [fact]))
        elif out:
            out[-1][1].append(fact)
        else:
            out.append((None, [fact]))
    return out


def opens_part(facts: list[Any], role: str) -> bool:
    """Whether the part's first fact is its opening line: in the results, one that sums up the
    time span with no figure ("今年以来，县民政局认真落实各项民生政策，兜底保障作用进一步发挥");
    in the plans, one whose subject is the year planned ("2023年是…开局之年")."""
    if len(facts) < 3:
        return False
    first = facts[0].text
    if role == "plans":
        year = re.match(r"\d{4}年", first)
        return metadata.time_word_subject(first, [year.group(0) if year else "", "明年"])
    return role == "achievements" and metadata.is_opening_sentence(first)


def opens_problems(text: str) -> bool:
    """Whether a line is the writer's own opening of the problems ("我们也清醒认识到在实际工作中
    还存在不少困难和问题"): no figure, an intro word, a problem word at its end."""
    data = load_patterns()
    text = text.strip().rstrip(HEADING_TRAILING)
    return (
        bool(text)
        and not has_figure(text)
        and any(w in text for w in data["own_problems_intro_words"])
        and text.endswith(tuple(data["own_problems_intro_ends"]))
    )


def as_heading(text: str) -> str:
    """A lead line as the sub-heading it becomes: no closing punctuation."""
    return text.strip().rstrip(HEADING_TRAILING)


def states(heading: str, fact_text: str) -> bool:
    """Whether a sub-heading is the fact itself (a lead line the outline made the heading)."""
    return bool(heading) and as_heading(heading) == as_heading(fact_text)


def topic(lead: str) -> str:
    """What a lead line is about, for the opening and framing sentences: its first clause
    without the opening verb ("加快现代产业发展" -> "现代产业发展")."""
    first = re.split(r"[，,、]", lead.strip())[0]
    opener = next((w for w in load_patterns()["lead_openers"] if first.startswith(w)), "")
    return first[len(opener) :] if opener and len(first) - len(opener) >= 2 else first


def opening_clause(text: str, role: str) -> str:
    """A fact's first clause when it reads as the fact's heading and more follows it: the
    reports head a one-fact sub-section so ("城乡配套设施功能不完善，停车场…严重不足" ->
    城乡配套设施功能不完善; "明年围绕重点抓整治，切实解决…" -> 围绕重点抓整治). "" if not."""
    body = text.strip()
    cue = roles.leading_plan_cue(body) if role == "plans" else None
    if cue:
        body = body[len(cue) :].lstrip("，, ")
    parts = re.split(r"[，,；;。：:]", body, maxsplit=1)
    if len(parts) < 2 or len(parts[1].strip()) < LEAD_MIN_CHARS:
        return ""
    first = parts[0].strip()
    return first if _shaped(first) and _worded(first, role) else ""


def own_statement(text: str) -> str:
    """A problem said in one short clause ("城市管理相关法律法规不够健全"): the line itself, as
    the heading a writer gives it; "" if not."""
    text = as_heading(text)
    worded = len(text) >= LEAD_MIN_CHARS and _worded(text, "problems")
    return text if worded and bare_statements([text]) else ""


def after_heading(text: str, heading: str, role: str) -> str:
    """The rest of a fact whose opening clause is its theme's heading: the body says only what
    the heading does not ("停车场、公用娱乐休闲场所严重不足"); the fact itself otherwise."""
    if not heading or opening_clause(text, role) != heading:
        return text
    rest = text[text.index(heading) + len(heading) :]
    return rest.lstrip("，,；;。：: ") or text
