"""The fact ledger: a writer's pasted facts, each with its figures, role and why that role."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from assistant import cleaning, fact_lines, metadata, paste_split, role_model, role_order, roles
from assistant.errors import InputError
from assistant.figures import Figure, ascii_width, find_figures

MAX_PASTE_CHARS = 50_000  # ~150 kB of UTF-8 Chinese; a whole report's facts fit well within
MAX_TITLE_CHARS = 80  # the longest 平潭 title has 41; a paste in the 标题 field is no title
MAX_FACT_CHARS = 600  # one fact longer than this is a pasted document, not a fact
FURNITURE_LISTED = 3  # web-page lines named in the warning; the rest are counted
FURNITURE_LINE_CHARS = 30
MAX_FACTS = 300


@dataclass
class Fact:
    """One pasted fact."""

    id: str
    text: str
    figures: list[Figure]
    role: str
    role_reason: str
    line: int = 0  # 1-based line in the paste
    heading: str = ""  # the writer's own sub-heading the fact was pasted under
    title: bool = False  # a title the writer put over the facts after it, under the heading
    listed: int = 0  # the items of one run-in list of the writer's share a number (0: none)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "role": self.role,
            "role_reason": self.role_reason,
            "figures": [f.text for f in self.figures],
            "line": self.line,
            "heading": self.heading,
            "title": self.title,
            "listed": self.listed,
        }


@dataclass
class FactLedger:
    """All facts of one paste plus the fields inferred from it."""

    facts: list[Fact]
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    warnings: list[str] = field(default_factory=list)
    inferred: dict[str, bool] = field(default_factory=dict)  # field -> inferred from the paste
    title: str | None = None  # the form's 标题, else the paste's first line when it was a title
    title_given: bool = False  # the title is the form's: the draft's title as the writer chose it
    plan_word: str = ""  # the writer's word for the plan in a plans marker ("2025年工作打算")
    part_titles: dict[str, str] = field(default_factory=dict)  # the writer's part headings

    def by_id(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def by_role(self, role: str) -> list[Fact]:
        return [f for f in self.facts if f.role == role]

    @property
    def plan_only(self) -> bool:
        """A paste titled as a plan ("苏平片区管理局2023年度工作计划") whose every fact is a plan:
        its draft is that plan, with no results or problems parts to fill in."""
        return (
            bool(self.facts)
            and metadata.names_a_plan(self.title)
            and all(f.role == "plans" for f in self.facts)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "period": self.period,
            "next_period": self.next_period,
            "title": self.title,
            "title_given": self.title_given,
            "plan_word": self.plan_word,
            "part_titles": dict(self.part_titles),
            "facts": [f.to_dict() for f in self.facts],
            "warnings": list(self.warnings),
        }


_FLAT_HEADING = re.compile(
    r"[ \t\u3000]+(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
)


def title_line(paste: str) -> str | None:
    """The paste's first line when it is a title ("某局2023年工作要点"), not a fact, or the
    first sentence of a paragraph that opens with its title ("县发展和改革局2024年工作总结。今年
    以来…"); a greeting or request before it ("你好，帮我写个总结") is no first line."""
    lines = (line.strip() for line in paste.splitlines() if line.strip())
    first = next((line for line in lines if not fact_lines.is_not_fact(line)), "")
    head, stop, rest = first.partition("。")
    if stop and rest.strip() and _titled(head):
        return head
    # a page flattened into one line: its title, then its parts ("…工作计划 一、2025年…")
    flat = _FLAT_HEADING.split(first, maxsplit=1)[0]
    if flat != first and _titled(flat):
        return flat
    return first if _titled(first) else None


def _titled(first: str) -> bool:
    """Whether a line reads as a title: short, no bullet or inner punctuation, no figure but
    dates, and it names its period or its unit."""
    if (
        not 6 <= len(first) <= 50
        or fact_lines.BULLET.match(first)
        or re.search(r"[，。；;,：:]", first)
    ):
        return False
    figures = find_figures(first)
    dates = [f for f in figures if f.kind == "date"]
    # a title names its period ("2023年工作要点"), or its unit ("区文化和旅游局上半年工作总结");
    # "XX" is a template's name, no figure
    if any(f.kind not in ("date", "masked") for f in figures):
        return False
    if first.endswith(tuple(fact_lines.words()["title_words"])):
        return bool(dates or metadata.infer_unit("", title=first))
    return bool(dates and header_unit(first))


def header_unit(line: str | None) -> str | None:
    """The unit of a header line of unit and period only: "株洲县城市管理和行政执法局 2023年"."""
    if not line:
        return None
    rest = line
    for fig in reversed(find_figures(line)):
        rest = rest[: fig.start] + rest[fig.end :]
    rest = re.sub(r"[\s·|/—-]+|[上下]半年|前三季度|第?[一二三四1-4]季度|全年|年度", "", rest)
    return rest if metadata.names_a_unit_in_header(rest) else None


def _check_size(paste: str) -> None:
    if paste is None or not paste.strip():
        raise InputError(
            "没有收到任何事实。" if not paste else "粘贴的内容只有空白。",
            hint="请粘贴本期工作的要点，每行一条，例如“查处非法营运黑车300余辆”。",
        )
    if len(paste) > MAX_PASTE_CHARS:
        raise InputError(
            f"粘贴内容共 {len(paste)} 字，超过单次起草上限 {MAX_PASTE_CHARS} 字，未作处理。",
            hint="请只粘贴工作要点（不要粘贴整篇文稿），或分几次起草。",
        )


def _check_title(title: str | None) -> str:
    """The form's 标题 as one line; too long a one is refused, as a paste too long is."""
    cleaned = cleaning.clean_title(title)
    if len(cleaned) > MAX_TITLE_CHARS:
        raise InputError(
            f"标题共 {len(cleaned)} 字，超过 {MAX_TITLE_CHARS} 字，未作处理。",
            hint="“标题”一栏只填报告的标题，例如“某局2024年工作总结及2025年工作思路”；不填则按单位和时段生成。",
        )
    return cleaned


def _cue_role(seg: fact_lines.Segment, next_period: str | None) -> tuple[str, str]:
    """The fallback with no classifier: cue words, else achievements."""
    if next_period and next_period in seg.text:
        return "plans", f"cue: {next_period}"
    cue = roles.cue_role(seg.text)
    if cue:
        return cue[0], f"cue: {cue[1]}"
    return "achievements", "default: achievements (no marker or cue)"


def _leading_plan_word(text: str, next_period: str | None) -> str | None:
    if next_period and text.startswith(next_period):
        return next_period
    return roles.leading_plan_cue(text)


def _decide_roles(
    segments: list[fact_lines.Segment],
    period: str | None,
    next_period: str | None,
    model: Any,
) -> list[tuple[str, str]]:
    """(role, reason) of each segment: markers win, then the classifier in paste order, then cues."""
    released = _released_from_results_marker(segments)
    decided = {i: (seg.marker, f"marker: {seg.marker_word}") for i, seg in enumerate(segments)}
    fixed = [None if i in released else seg.marker for i, seg in enumerate(segments)]
    for i, seg in enumerate(segments):
        # a year label ("2025年：…") is a lead word the text has lost; under the results' marker
        # a plan word is weighed in paste order ("拟创设制度23项，已创设19项" is a result)
        lead = None if seg.marker else _leading_plan_word(seg.marker_word + seg.text, next_period)
        if lead:  # "明年新建…", "下一步…": as plain as a marker
            fixed[i], decided[i] = "plans", ("plans", f"cue: {lead}")
    open_ = [i for i, role in enumerate(fixed) if not role]
    if model is None or not open_:
        decided.update({i: _cue_role(segments[i], next_period) for i in open_})
        return [decided[i] for i in range(len(segments))]
    probs: list[dict[str, float]] = [{} for _ in segments]
    found = model.probabilities_many([segments[i].text for i in open_], period, next_period)
    for i, row in zip(open_, found, strict=True):
        probs[i] = row
    path = role_order.decode_in_order(probs, fixed)
    for i in open_:
        role, row = path[i], probs[i]
        order = "" if role == max(row, key=row.get) else ", paste order"
        decided[i] = (role, f"classifier: {role} ({row[role]:.2f}{order})")
    return [decided[i] for i in range(len(segments))]


def _released_from_results_marker(segments: list[fact_lines.Segment]) -> set[int]:
    """The segments a lone results marker does not hold: every one after its first fact. A
    paste whose only marker opens the results ("上半年工作", "成绩：") goes on to its problems and
    plans unmarked (a 卫健委 paste: "…人才短缺问题依然突出", "下半年启动市中医院新院区建设" had
    landed in part one), so they are placed by the classifier in paste order."""
    if {seg.marker for seg in segments} - {None} != {"achievements"}:
        return _plans_after_another_part(segments)
    first = next(i for i, seg in enumerate(segments) if seg.marker)
    return {i for i, seg in enumerate(segments) if i > first and seg.marker}


def _plans_after_another_part(segments: list[fact_lines.Segment]) -> set[int]:
    """The segments a results marker holds only because its scope came back after another
    part's line, that open with a plan's time word: "苏澳片区管理局2025年工作 / … / 不足主要是项目
    储备不足… / 下一步，将聚焦…" (a 片区管理局 paste of 2026-12) had its plans in part one."""
    out, turned = set(), False
    for i, seg in enumerate(segments):
        turned = turned or seg.marker in ("problems", "plans")
        if turned and seg.marker == "achievements":
            if roles.leading_plan_cue(seg.text) in roles.PLAN_TIME_CUES:
                out.add(i)
    return out


def _classifier(settings: Any, kb: Any, exclude_docs: frozenset[str]) -> Any:
    settings = settings or getattr(kb, "settings", None)
    try:
        return role_model.classifier(settings, exclude_docs=exclude_docs, kb=kb)
    except ImportError:  # scikit-learn missing: cue words decide
        return None


def _check_segments(split: fact_lines.Lines) -> None:
    segments = split.segments
    if not segments and split.not_facts:
        raise InputError(
            f"粘贴的内容不是工作事实：{'；'.join(split.not_facts)[:60]}。",
            hint="请粘贴本期工作的要点，每行一条，例如“查处非法营运黑车300余辆”。",
        )
    if not segments:
        raise InputError("粘贴的内容里没有可用的事实（只有分节标记或符号）。")
    if len(segments) > MAX_FACTS:
        raise InputError(
            f"共识别出 {len(segments)} 条事实，超过单次起草上限 {MAX_FACTS} 条，未作处理。",
            hint="请分几次起草，或合并相近的事实。",
        )
    for seg in segments:
        if len(seg.text) > MAX_FACT_CHARS:
            raise InputError(
                f"第 {seg.line} 行有一条 {len(seg.text)} 字的长句，无法拆成单条事实（每条不超过 {MAX_FACT_CHARS} 字）。",
                hint="请用换行、分号或项目符号把它拆成多条要点。",
            )


def _headings_within_role(segments: list[Any], decided: list[tuple[str, str]]) -> list[str]:
    """A writer's sub-heading heads the facts of the role its first fact has. In a paste with
    no part markers the heading line's scope runs on until the next heading, so without this
    the plans after the last achievements heading would be filed under it in part three."""
    first_role: dict[str, str] = {}
    out = []
    for seg, (role, reason) in zip(segments, decided, strict=True):
        heading = seg.heading
        if heading:
            first_role.setdefault(heading, role)
            if first_role[heading] != role and not reason.startswith("marker"):
                heading = ""
        out.append(heading)
    return out


def _listed(lines: list[str], most: int = FURNITURE_LISTED) -> str:
    """Lines for a message, whole ones only: "…；栏" cut a line in two."""
    shown = [
        line if len(line) <= FURNITURE_LINE_CHARS else line[:FURNITURE_LINE_CHARS] + "…"
        for line in lines[:most]
    ]
    more = f"等 {len(lines)} 行" if len(lines) > most else ""
    return "；".join(shown) + more


def _own_part_titles(
    titles: dict[str, str], period: str | None, next_period: str | None
) -> dict[str, str]:
    """The writer's part headings that agree with the draft's periods: "一、2023年工作总结" is
    not the heading of a draft of 2024."""
    said = {"achievements": period, "plans": next_period}

    def agrees(role: str, title: str) -> bool:
        named = metadata.named_period(ascii_width(title))
        return named is None or role not in said or named == said[role]

    return {role: title for role, title in titles.items() if agrees(role, title)}


def _marker_periods(segments: list[fact_lines.Segment]) -> dict[str, str]:
    """The periods the paste's section markers name, by role: "一、2024年工作成效" sets the
    period summed up, "三、2025年工作打算" (or "2025年计划：…") the period planned, and so
    does the year the first marked plan line opens with."""
    out: dict[str, str] = {}
    for seg in segments:
        named = metadata.named_period(ascii_width(seg.marker_word)) if seg.marker else None
        if named and seg.marker not in out:
            out[seg.marker] = named
    # "计划：2026年新建快检室5个": a plan line that opens with its year names the period planned
    # (a 市场监管局 paste had been titled "…工作总结及下一步工作计划", with no year, 2026-12)
    if "plans" not in out:
        years = [
            metadata.leading_year(ascii_width(s.text), s.marker_word)
            for s in segments
            if s.marker == "plans"
        ]
        if years and years[0]:
            out["plans"] = years[0]
    return out


def parse_facts(
    paste: str,
    unit: str | None = None,
    period: str | None = None,
    next_period: str | None = None,
    kb: Any = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    settings: Any = None,
    exclude_docs: frozenset[str] = frozenset(),
    use_classifier: bool = True,
    title: str | None = None,
) -> FactLedger:
    """Parse a pasted block into a FactLedger; raises InputError on unusable input.

    Roles of facts with no marker come from the role classifier (trained on knowledge/ and the
    KB's chunks, less `exclude_docs`); with `use_classifier=False`, or no scikit-learn, from cues.
    A `title` (the form's 标题) is the draft's title; a title line pasted as well is no fact.
    """
    _check_size(paste)
    given_title = _check_title(title)
    cleaned = cleaning.clean_paste(paste)  # a web copy's "标题: …", "发布时间: …" lines
    paste = cleaned.text
    given = {"unit": unit, "period": period, "next_period": next_period}
    title = title_line(paste)
    split = paste_split.split_paste(paste, title)
    # years are read in ASCII ("市粮食和物资储备局２０２５年工作情况" is a title of 2025年)
    written, paste = title, ascii_width(paste)
    title = ascii_width(given_title or title) if given_title or title else title
    segments = split.segments
    if metadata.names_a_plan(title):  # "某局2025年工作计划": every unmarked line is a plan
        segments = [
            s if s.marker else replace(s, marker="plans", marker_word=title) for s in segments
        ]
    _check_segments(split)
    unit = unit or metadata.infer_unit(paste, title=title) or header_unit(title)
    marked = _marker_periods(segments)
    planned = next_period or marked.get("plans")
    period = (
        period
        or marked.get("achievements")
        # the form's title names the period before anything pasted does
        or (given_title and metadata.infer_period("", title=title))
        or metadata.infer_period(paste, title=title)
    )
    if planned and (not period or period == planned) and not given["period"]:
        # "2025年打算" names the period planned; a bare "2025年" found elsewhere is not the one
        # summed up (it was "2025年工作总结及2025年工作计划")
        period = metadata.previous_period(planned) or period
    next_period = planned
    next_period = next_period or (metadata.next_period(period) if period else None)
    found = {"unit": unit, "period": period, "next_period": next_period}
    inferred = {name: not given[name] and bool(found[name]) for name in given}
    model = _classifier(settings, kb, exclude_docs) if use_classifier else None
    decided = _decide_roles(segments, period, next_period, model)
    headings = _headings_within_role(segments, decided)
    facts = []
    for index, (seg, (role, reason), heading) in enumerate(
        zip(segments, decided, headings, strict=True), start=1
    ):
        figures = find_figures(seg.text)
        facts.append(
            Fact(
                f"F{index:02d}",
                seg.text,
                figures,
                role,
                reason,
                seg.line,
                heading,
                seg.title,
                seg.listed,
            )
        )
        if progress:
            progress(index, len(segments))
    plan_word = metadata.marker_plan_word(
        [s.marker_word for s in segments if s.marker == "plans" and s.marker_word != title]
    )
    ledger = FactLedger(
        facts, unit, period, next_period, inferred=inferred, title=title, plan_word=plan_word
    )
    ledger.title_given = bool(given_title)
    ledger.part_titles = _own_part_titles(split.part_titles, period, next_period)
    if written:
        ledger.warnings.append(f"“{written}”一行作为标题，未作为事实。")
    if cleaned.markup:
        ledger.warnings.append("已去除粘贴内容中的网页标记（HTML 标签、脚本），只保留文字。")
    furniture = [line.strip() for line in cleaned.removed_lines if line.strip()]
    if furniture:
        ledger.warnings.append(f"已略去网页信息行：{_listed(furniture)}。")
    if split.repeated:
        said = fact_lines.words()
        items = [said["repeated_item"].format(text=s.text, line=s.line) for s in split.repeated]
        ledger.warnings.append(said["repeated"].format(items="；".join(items)))
    if split.not_facts:
        message = fact_lines.words()["non_fact"]["warning"]
        ledger.warnings.append(message.format(lines="；".join(split.not_facts)))
    bare = [f.id for f in facts if not f.figures]
    if bare and len(bare) == len(facts):
        ledger.warnings.append(
            "所有事实都没有数字，草稿只能作定性表述，建议补充工作量、完成率等数据。"
        )
    elif bare:
        ledger.warnings.append(f"以下事实没有数字，将作定性表述：{'、'.join(bare)}。")
    if not unit:
        ledger.warnings.append("未能从内容中识别单位名称，请填写单位。")
    if not period:
        ledger.warnings.append("未能从内容中识别总结时段（如“2023年”），请填写时段。")
    return ledger
