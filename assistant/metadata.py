"""Infer a report's title, issuing unit and period; compute the period a plan covers.

Works on whole reports and on short pasted text ("我局2023年上半年…"): every function
returns None (or "") rather than guessing when the text does not say.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from assistant import roles
from assistant.data_files import read_yaml
from assistant.figures import has_figure

_CJK = r"\u4e00-\u9fff"
WORDS_PATH = Path(__file__).resolve().parent / "data" / "metadata.yaml"


@lru_cache(maxsize=1)
def words() -> dict:
    """Unit suffixes and place words (assistant/data/metadata.yaml)."""
    return read_yaml(WORDS_PATH, "元数据词表文件")


_UNIT_SUFFIXES = tuple(words()["unit_suffixes"])
_HEADER_UNIT_SUFFIXES = _UNIT_SUFFIXES + tuple(words()["header_unit_suffixes"])
_PART_OF_YEAR_WORDS = tuple(words()["part_of_year_words"])
_NOT_UNIT_ENDINGS = tuple(words()["not_unit_endings"])
_NOT_NAME_STEMS = tuple(words()["not_name_stems"])
_W = {k: "|".join(v) for k, v in words().items() if isinstance(v, list)}  # regex alternations
_PAST_YEAR_RE = re.compile(_W["past_year_words"])
_DEADLINE_LEAD_RE = re.compile(f"(?:{_W['deadline_leads']})$")
_DEADLINE_FOLLOW_RE = re.compile(f"[，,\\s]*(?:{_W['deadline_leads']})")
_UNIT_LINE_RE = re.compile(
    rf"^[ \t\u3000]*(?P<unit>[{_CJK}*（）()]{{2,30}}?(?:{'|'.join(_UNIT_SUFFIXES)}))"
    rf"(?:[ \t\u3000]*(?:{_W['speaker_titles']})[ \t\u3000{_CJK}]*)?[ \t\u3000]*$",
    re.M,
)
_TITLE_UNIT_RE = re.compile(  # a template's placeholder may open the name: "XX市民政局", "XX镇"
    rf"^(?P<unit>(?:(?:XX|xx|××|某)[{_CJK}*]{{0,20}}?|[{_CJK}*]{{2,20}}?)"
    rf"(?:{_W['title_unit_suffixes']}))"
    rf"(?=[ \t\u3000]*(?:(?:20\d\d|2\d\d|xx|XX|\*)年|{_W['title_unit_followers']}))"
)
_SUBJECT_UNIT_RE = re.compile(rf"(?P<unit>[{_CJK}*]{{1,20}}?(?:{_W['title_unit_suffixes']}))")
_ONE_CHAR_SUFFIXES = frozenset(w for w in words()["title_unit_suffixes"] if len(w) == 1)
_LABEL_UNIT_RE = re.compile(rf"(?:{_W['unit_labels']})\s*[：:]\s*(?P<unit>[{_CJK}*]{{2,30}})")
_PRONOUN_RE = re.compile(f"我({_W['self_suffixes']})")
_COMMON_PLACES = frozenset(words()["common_places"])
_NAME_STOP = set("的在了和与及对把将为是从向到由全本各该我其每这那个上下中")

_YEAR = r"(?P<year>20\d\d|2\d\d)"  # "207年" is an OCR slip for 2017: kept as written
_PART_RE = re.compile(
    _YEAR + r"年(?:度)?(?P<part>上半年|下半年|前三季度|第[一二三四1-4]季度|[一二三四1-4]季度|"
    r"(?P<m1>\d{1,2})[-—–~～至到](?P<m2>\d{1,2})月(?:份)?)"
)
_YEAR_SUMMARY_RE = re.compile(
    _YEAR + r"年(?:度)?(?:全年)?(?:[\u4e00-\u9fff]{0,12}?)" + f"(?:{_W['summary_title_endings']})"
)
# a year named: where what a given title reports starts, when it names no summary ("…片区管理局
# 2022年度工作报告"), and a bare year in a title or a short text
_YEAR_START_RE = re.compile(_YEAR + r"年")
# the period a plan covers, as its title names it: "2025年工作思路", "2023年度工作计划".
# Not "工作要点": a writer's paste headed "2017年工作要点" lists the points of 2017 itself.
_PLAN_TITLE_RE = re.compile(
    r"(?P<year>20\d\d)年(?:度)?(?:全年)?(?:[\u4e00-\u9fff]{0,8}?)(?:工作)?"
    + f"(?:{_W['plan_title_endings']})"
)
_REPORT_DATE_RE = re.compile(r"(?P<year>20\d\d)年\d{1,2}月\d{1,2}日在.{0,30}?会议上")


def _squeeze(line: str) -> str:
    """Remove spaces between Chinese characters ("政 府 工 作 报 告")."""
    return re.sub(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])", "", line).strip(" \t\u3000")


_SALUTATION_RE = re.compile(rf"^(?:{_W['salutations']})[：:，,]?$")
# "——2012年2月29日在…会议上", "----2012年…": a dash bullet ("- 全区参保…") is no such line
_MEETING_LINE_RE = re.compile(r"^[—\-－–]+[ \t\u3000]*(?:19|20)\d\d年|(?:会议|大会)上$")


def is_speech_head(line: str) -> bool:
    """A line of a speech's head that says no work: the meeting it was given at ("——2012年2月
    29日在…会议上"), the speaker ("海拉尔区人民政府区长　　张天喜"), the salutation ("各位代表：")
    or the line that says what the speech is ("现在，我代表区政府向大会作工作报告…")."""
    line = _squeeze(line)
    if line.startswith(tuple(words()["speech_openers"])):
        return True
    return bool(
        _MEETING_LINE_RE.search(line) or _SALUTATION_RE.match(line) or _UNIT_LINE_RE.match(line)
    )


def is_short_title(line: str) -> bool:
    """A short title of words alone, spaced out or not ("政 府 工 作 报 告")."""
    return bool(re.fullmatch(rf"[{_CJK}]{{4,16}}", _squeeze(line)))


def infer_title(text: str, filename: str | None = None) -> str:
    """The report's title: its first short line that is not a date, speaker or greeting line."""
    for raw in text.splitlines()[:12]:
        line = _squeeze(raw)
        if not line:
            continue
        if _SALUTATION_RE.match(line):
            continue
        if len(line) > 60 or line.endswith(("。", "：", ":")):
            break
        if is_speech_head(line):
            continue
        if re.match(r"^(?:一|\(|（|1[、.])", line):
            break
        return line
    if filename:
        return Path(filename).stem
    return ""


def infer_unit(text: str, title: str | None = None) -> str | None:
    """The issuing unit: a unit line, a label, the title's prefix, or the name the text uses."""
    head = text[:1500]
    label = _LABEL_UNIT_RE.search(head)
    if label:
        return label.group("unit")
    for m in _UNIT_LINE_RE.finditer(head):
        unit = _squeeze(m.group("unit"))
        if unit and not unit.endswith(_NOT_UNIT_ENDINGS):
            return unit
    for candidate in filter(None, (title, infer_title(text))):
        m = _TITLE_UNIT_RE.match(_squeeze(candidate))
        if m:
            return m.group("unit")
        m = re.search(rf"国务院|[{_CJK}]{{2,12}}?人民政府", candidate)
        if m:
            return m.group(0)
        m = _TITLE_UNIT_RE.match(re.sub(r"^20\d\d年度?", "", _squeeze(candidate)))
        if m:  # the unit after the title's year: "2024年住建局工作汇报"
            return m.group("unit")
    m = _TITLE_UNIT_RE.match(_squeeze(text.lstrip()[:40]))
    if m:
        return m.group("unit")
    return _unit_after_time_span(text) or _unit_from_pronoun(text)


def time_span_lead(text: str) -> str:
    """The opening clause that names a report's time span ("今年以来", "2024年"), or ""."""
    parts = re.split(r"[，,]", text.strip(), maxsplit=1)
    if len(parts) < 2:
        return ""
    clause = parts[0]
    spans = tuple(words()["opening_time_leads"])
    return clause if clause.endswith(spans) or re.fullmatch(r"20\d\d年度?", clause) else ""


def time_word_subject(text: str, time_words: list[str]) -> bool:
    """Whether a text opens with one of `time_words` ("2025年", "明年") as its subject ("2025年
    是“十四五”规划的收官之年"), not as a plan's time ("2025年新建…")."""
    starts = tuple(words()["time_word_subject_starts"])
    return any(text.startswith(w) and text[len(w) :].startswith(starts) for w in time_words if w)


def is_opening_sentence(text: str) -> bool:
    """A report's opening line: it names the time span first and carries no figure ("今年以来，
    县民政局认真落实各项民生政策…"); the figures follow it as facts of their own."""
    return not has_figure(text) and bool(time_span_lead(text))


def _unit_after_time_span(text: str) -> str | None:
    """ "今年以来，县民政局认真落实…" -> 县民政局: the unit an opening sentence names first."""
    first = text.strip().split("\n", 1)[0]
    lead = time_span_lead(first)
    if not lead:
        return None
    rest = first[len(lead) + 1 :]
    m = _SUBJECT_UNIT_RE.match(rest)  # the first suffix ends the name...
    unit = m.group("unit") if m else ""
    if unit and rest[len(unit) : len(unit) + 1] in _ONE_CHAR_SUFFIXES:
        unit = rest[: len(unit) + 1]  # ...unless a suffix follows it: "区人社局", not "区人社"
    return unit if unit and unit[0] not in _NAME_STOP else None


def _unit_from_pronoun(text: str) -> str | None:
    """ "我区…红花岗区…" -> 红花岗区: the most used proper name with the suffix the text calls itself."""
    pronouns = Counter(_PRONOUN_RE.findall(text))
    if not pronouns:
        return None
    suffix = pronouns.most_common(1)[0][0]
    names: Counter[str] = Counter()
    for m in re.finditer(re.escape(suffix), text):
        for size in (2, 3, 4):
            start = m.start() - size
            if start < 0:
                break
            stem = text[start : m.start()]
            if not re.fullmatch(rf"[{_CJK}*]+", stem) or stem[0] in _NAME_STOP:
                continue
            if stem[-1] in _NAME_STOP or stem in _NOT_NAME_STEMS:
                continue
            names[stem + suffix] += 1
    names = Counter(
        {
            n: c
            for n, c in names.items()
            if c >= 2 and not any(n.endswith(place) for place in _COMMON_PLACES)
        }
    )
    if not names:
        # an anonymized copy names itself "某县"
        return f"某{suffix}" if f"某{suffix}" in text else None
    best = max(names.values())
    return max((n for n, c in names.items() if c == best), key=len)


def infer_period(text: str, filename: str | None = None, title: str | None = None) -> str | None:
    """The period a report sums up: "2017年", "2023年上半年", "2023年1-10月"; None if unsaid."""
    named = [s for s in (title, filename and Path(filename).stem) if s]
    sources = named + ([text[:3000]] if text else [])
    for source in sources:
        m = _PART_RE.search(source)
        if m:
            return _format_part(m)
    for source in sources:
        m = _YEAR_SUMMARY_RE.search(source)
        if m:
            return f"{m.group('year')}年"
    # a government work report: "过去一年工作回顾" in a report given in year N covers N-1
    date = _REPORT_DATE_RE.search(text[:600])
    if date and _PAST_YEAR_RE.search(text[:5000]):
        return f"{int(date.group('year')) - 1}年"
    # a plan alone ("2023年工作计划") is written at the end of the year before it
    for source in named:
        m = _PLAN_TITLE_RE.search(source)
        if m:
            return f"{int(m.group('year')) - 1}年"
    # a text that opens with its year ("2024年，县交通运输局全力推进…") sums that year up,
    # unless its first sentence plans it ("2025年，我局将…")
    opening = re.match(_YEAR + r"年(?:以来)?[，,]", text.lstrip()) if text else None
    if opening and not named:
        first = re.split(r"[。！？\n]", text.lstrip(), maxsplit=1)[0]
        cue = roles.cue_role(first)
        if not cue or cue[0] != "plans":
            return f"{opening.group('year')}年"
    # a bare year: only from the title or file name, or from a short pasted text
    for source in named + ([text] if len(text) < 200 else []):
        for m in _YEAR_START_RE.finditer(source):
            # "力争2024年底完成" names a deadline, not the period summed up
            if re.match(r"[底前内初中末起]|之前|以前", source[m.end() : m.end() + 2]):
                continue
            if _DEADLINE_LEAD_RE.search(source[max(0, m.start() - 3) : m.start()]):
                continue
            if _DEADLINE_FOLLOW_RE.match(source, m.end()):
                continue  # "2025年计划新增…" names the plan's year (a 商务局 paste, 2026-12)
            return f"{m.group('year')}年"
    return None


def named_period(text: str) -> str | None:
    """The period a short line names ("三、2025年工作打算" -> "2025年", "2023年上半年工作成效"
    -> "2023年上半年"); None when it names no year."""
    m = _PART_RE.search(text)
    if m:
        return _format_part(m)
    m = re.search(_YEAR + "年", text)
    return f"{m.group('year')}年" if m else None


def leading_year(text: str, marker_word: str = "") -> str | None:
    """The year a line opens with ("2026年新建快检室5个" -> "2026年"); None when it opens with
    none, with a deadline or a span ("2027年底前建成", "2023年以来累计"), or names a part of the
    year, in the line or its marker word ("2025年下半年完成…", "下半年打算：")."""
    m = re.match(_YEAR + r"年(?!底|前|内|初|中|末|起|以来|之前|以前)", text.lstrip())
    if not m:
        return None
    head = text.lstrip()[m.end() : m.end() + 6]
    if any(w in marker_word or w in head for w in _PART_OF_YEAR_WORDS):
        return None
    return f"{m.group('year')}年"


def names_a_plan(title: str | None) -> bool:
    """Whether a title names a plan and no summary ("某局2025年工作计划", not "…工作总结及2025年
    工作思路" and not "2023年工作要点", the points of 2023 itself)."""
    return bool(title and _PLAN_TITLE_RE.search(title) and not _YEAR_SUMMARY_RE.search(title))


def writer_title(
    title: str | None,
    unit: str | None,
    period: str | None,
    next_period: str | None,
    given: bool = False,
) -> str | None:
    """The writer's pasted title as the draft's, when it names what the draft is: a summary of
    its period ("…2024年工作总结及2025年工作思路", "…2024年工作总结"), by its unit, and no other
    plan period; "…2025年工作情况和2026年工作打算" too. None otherwise (a bare plan title, a title
    the fields contradict, a title of material rather than of a summary: "…2023年工作情况").
    A title `given` in the form's 标题 field is the draft's as it stands: the writer chose it."""
    title = re.sub(r"[ \t\u3000]+", "", title or "")  # "某局 2024年工作总结": a title has no gaps
    if given:
        return title or None
    summary = _YEAR_SUMMARY_RE.search(title)
    if not title or not summary or not period or period not in title:
        return None
    plan = _PLAN_TITLE_RE.search(title, summary.end())
    if not plan and not summary.group(0).endswith(tuple(words()["own_title_endings"])):
        # "…2023年工作情况" heads the writer's material; the draft is a 总结. With its plan
        # after it ("…2025年工作情况和2026年工作打算") it is a report's title, as 统计局s write
        return None
    if unit and unit not in title:
        return None
    if plan and next_period and not next_period.startswith(f"{plan.group('year')}年"):
        return None
    return title


def plan_word(title: str | None) -> str:
    """How a title names its plan ("…及2025年工作思路" -> 思路), "" when it names none."""
    summary = _YEAR_SUMMARY_RE.search(title or "")
    plan = _PLAN_TITLE_RE.search(title or "", summary.end() if summary else 0)
    return next(
        (w for w in words()["plan_title_endings"] if plan and plan.group(0).endswith(w)), ""
    )


def names_a_unit_in_header(name: str) -> bool:
    """Whether the rest of a header line of unit and period ends like a unit's name."""
    return 2 <= len(name) <= 30 and name.endswith(_HEADER_UNIT_SUFFIXES)


def marker_plan_word(markers: list[str]) -> str:
    """The writer's word for the plan in a plans marker ("三、2025年工作打算", "下步打算" ->
    打算), from the first marker that has one; "" when none has ("明年", "下一步")."""
    ends = words()["plan_title_endings"]
    for marker in markers:
        found = next((w for w in ends if marker.rstrip("：:").endswith(w)), "")
        if found:
            return found
    return ""


def report_name(
    title: str | None,
    unit: str | None,
    period: str | None,
    next_period: str | None,
    plan: str = "计划",
    given: bool = False,
) -> str:
    """What the opening reports ("现将…报告如下"): the title's name after its unit when the title
    is the writer's ("2024年工作总结及2025年工作思路"; any title `given`, as writer_title), else
    the usual one with the writer's word for the plan (`plan`, of a marker "三、下步打算"), as the
    draft's title has it."""
    own = writer_title(title, unit, period, next_period, given)
    if own:
        summary = _YEAR_SUMMARY_RE.search(own) or _YEAR_START_RE.search(own)
        name = own[summary.start() :] if summary else own
        # "关于2025年工作情况和2026年工作计划的报告": the opening reports the 情况和计划, not "…的报告报告"
        for ending in words()["report_title_endings"]:
            if name.endswith(ending) and len(name) > len(ending):
                name = name[: -len(ending)]
                break
        # "2025年县民政局工作总结和…": the unit after the year is no part of the name
        name = name.replace(unit, "", 1) if unit and name != unit else name
        # "某局关于2022年度国资国企监管工作情况的报告": what is reported follows 关于
        lead = next((w for w in words()["report_title_leads"] if name.startswith(w)), "")
        return name[len(lead) :] or name
    if not period:
        return f"工作总结及下一步工作{plan}"
    return f"{period}工作总结及{next_period or '下一步'}工作{plan}"


def infer_next_period(
    text: str, filename: str | None = None, title: str | None = None
) -> str | None:
    """The period the plan part covers: as the title names it ("…及2025年工作思路"), else the
    period after the one summed up."""
    for source in (s for s in (title, filename and Path(filename).stem) if s):
        m = _PLAN_TITLE_RE.search(source)
        if m:
            return f"{m.group('year')}年"
    return next_period(infer_period(text, filename=filename, title=title))


def _format_part(m: re.Match) -> str:
    year, part = m.group("year"), m.group("part")
    if m.group("m1"):
        return f"{year}年{int(m.group('m1'))}-{int(m.group('m2'))}月"
    part = part.replace("1季度", "一季度").replace("2季度", "二季度")
    part = part.replace("3季度", "三季度").replace("4季度", "四季度")
    if part[0] in "一二三四":
        part = "第" + part
    return f"{year}年{part}"


_QUARTERS = "一二三四"


def previous_period(period: str | None) -> str | None:
    """The period summed up before a planned one: 2025年 -> 2024年, 2024年下半年 -> 上半年;
    None where none plainly comes before it (a quarter, a range of months)."""
    m = re.match(r"(20\d\d)年", period or "")
    if not m:
        return None
    year = int(m.group(1))
    halves = [f"{year - 1}年下半年", f"{year}年上半年"]  # of the form next_period reads
    whole = [f"{year - 1}年度", f"{year - 1}年"]
    return next((p for p in whole + halves if next_period(p) == period), None)


def next_period(period: str | None) -> str | None:
    """The period a plan covers after the given one: 2017年 -> 2018年, 上半年 -> 下半年."""
    if not period:
        return None
    m = re.fullmatch(r"(20\d\d)年(度)?", period)
    if m:
        return f"{int(m.group(1)) + 1}年{m.group(2) or ''}"
    m = re.fullmatch(r"(20\d\d)年(上半年|下半年)", period)
    if m:
        year = int(m.group(1))
        return f"{year}年下半年" if m.group(2) == "上半年" else f"{year + 1}年上半年"
    m = re.fullmatch(r"(20\d\d)年第([一二三四])季度", period)
    if m:
        year, q = int(m.group(1)), _QUARTERS.index(m.group(2))
        return f"{year}年第{_QUARTERS[q + 1]}季度" if q < 3 else f"{year + 1}年第一季度"
    m = re.fullmatch(r"(20\d\d)年前三季度", period)
    if m:
        return f"{m.group(1)}年第四季度"
    m = re.fullmatch(r"(20\d\d)年(\d{1,2})-(\d{1,2})月", period)
    if m:
        year, last = int(m.group(1)), int(m.group(3))
        # late in the year the plan is for next year; earlier it covers the rest of this one
        if last >= 10:
            return f"{year + 1}年"
        return f"{year}年{last + 1}-12月"
    return None
