"""Plan items: last period's plans part, split at its headings and 一是/二是 items.

The plans come from a knowledge-base document (its plans chunks, rebuilt with their heading
path), a file the writer uploads, or pasted text. The structure parser finds the parts, headings
and run-ins; this module only decides which spans are items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import metadata, structure
from assistant.errors import DocumentError, InputError
from assistant.figures import Figure, find_figures
from assistant.roles import heading_role
from assistant.structure import ParsedDocument, Section

MAX_ITEMS = 1000
MAX_ITEM_CHARS = 600  # as a chunk (chunking.MAX_CHARS): longer is several promises
GROUP_CHARS = 200
_SPACE = " \t\u3000\xa0\r\n"
_STRIP = _SPACE + "。，,：:；;、"
_MIN_ITEM_CHARS = 8
_SENTENCE_ENDS = tuple("。！？!?；;：:…")


@dataclass
class PlanItem:
    """One promise of the plan: its text, the heading path above it, and its figures."""

    id: str
    text: str
    group: str  # heading path, "二、2013年工作安排 > （一）加快产业发展"
    figures: list[Figure] = field(default_factory=list)

    @property
    def targets(self) -> list[Figure]:
        """Figures that are quantities to reach (dates and bare numbers are not targets)."""
        return [f for f in self.figures if is_target(f)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item": self.text,
            "group": self.group,
            "figures": [f.text for f in self.figures],
        }


@dataclass
class PlanSource:
    """Where the plan came from, for messages and the UI."""

    text: str  # the plans text the items were split from
    label: str  # document title or file name
    doc_id: str | None = None
    unit: str | None = None
    period: str | None = None


# ---------------------------------------------------------------- finding the plans text


def plans_text(text: str, label: str = "该文档") -> str:
    """The text to take plan items from: a report with a plans part as it is (split_items keeps
    to that part, with its heading path), a document that is a plan as a whole less its title."""
    if not text or not text.strip():
        raise InputError(f"{label}是空的，没有可核对的计划。")
    doc = structure.parse_document(text)
    parts = [p for p in doc.parts if p.role == "plans"]
    if parts:
        return text
    title = doc.title or metadata.infer_title(text)
    if heading_role(title or "") == "plans" and not _has_review_part(doc):
        # "2023年工作计划" / "工作要点": the whole document is the plan, less its title line
        first, _, rest = text.strip().partition("\n")
        return rest if title and first.strip() == title.strip() and rest.strip() else text
    raise InputError(
        f"{label}里没有找到“工作计划”部分（如“三、下一步工作计划”“二、2024年工作安排”）。",
        hint="请选择含有工作计划的文档，或上传一份工作计划文件。",
    )


def _has_review_part(doc: ParsedDocument) -> bool:
    return any(p.role in ("achievements", "problems") for p in doc.parts)


def kb_plans_text(kb: Any, doc_id: str) -> PlanSource:
    """The plans part of a knowledge-base document, rebuilt from its chunks and heading paths."""
    docs = {d.doc_id: d for d in kb.list_documents()}
    info = docs[kb.resolve_id(doc_id)]
    if info.source and Path(info.source).is_file():
        from assistant.loaders import load_document

        try:  # the file as ingested keeps every heading; chunks keep only their paths
            text = plans_text(load_document(info.source).text, f"《{info.title}》")
            return PlanSource(text, info.title, info.doc_id, info.unit, info.period)
        except DocumentError:
            pass  # moved or unreadable since: rebuild from the chunks
    chunks = sorted(
        (c for c in kb.ledger.chunks.values() if c.doc_id == info.doc_id and c.role == "plans"),
        key=lambda c: c.position,
    )
    if not chunks:
        raise InputError(
            f"知识库文档《{info.title}》里没有“工作计划”部分。",
            hint="请选择含有工作计划的文档，或上传一份工作计划文件。",
        )
    lines: list[str] = []
    shown: list[str] = []
    for chunk in chunks:
        path = chunk.heading_path.split(" > ") if chunk.heading_path else []
        common = 0
        while common < min(len(path), len(shown)) and path[common] == shown[common]:
            common += 1
        lines.extend(path[common:])  # headings the previous chunk did not open
        shown = path
        lines.append(chunk.text)
    return PlanSource("\n".join(lines), info.title, info.doc_id, info.unit, info.period)


def previous_document(kb: Any, unit: str | None, period: str | None) -> Any:
    """The knowledge-base document of the same unit whose next period is this period."""
    if not unit or not period:
        raise InputError(
            "未能确定单位和总结时段，无法找到上期计划。",
            hint="请填写单位和时段，或用 --plan 指定上期文档编号或计划文件。",
        )
    for doc in reversed(kb.list_documents()):
        same_unit = doc.unit and (doc.unit in unit or unit in doc.unit)
        if same_unit and metadata.next_period(doc.period) == period:
            return doc
    raise InputError(
        f"知识库里没有“{unit}”上一时段（{period}之前）的文档。",
        hint="请用 --plan 指定上期文档编号（zongjie kb list）或上传上期计划文件。",
    )


def load_plan(spec: str, kb: Any = None) -> PlanSource:
    """A plan given as a file path or a knowledge-base document id."""
    path = Path(spec)
    if kb is None or path.exists():
        from assistant.loaders import load_document

        loaded = load_document(path)
        return PlanSource(
            plans_text(loaded.text, f"文件 {path.name} "),
            loaded.title,
            None,
            loaded.unit,
            loaded.period,
        )
    return kb_plans_text(kb, spec)


# ---------------------------------------------------------------- items


def split_items(text: str) -> list[PlanItem]:
    """Items of the plans parts (of the whole text when none is marked as plans): each 一是/二是
    item, else each paragraph of a lowest heading."""
    doc = structure.parse_document(text)
    spans: list[tuple[int, int, str]] = []
    plans = [p for p in doc.parts if p.role == "plans"]
    if doc.sections:
        if not plans:
            _preamble_spans(doc, doc.sections[0].start, spans)
        for section in plans or doc.sections:
            _section_spans(doc, section, spans)
    else:
        _paragraph_spans(doc, 0, len(text), spans)
    items = []
    for start, end, group in spans:
        span = text[start:end].strip(_STRIP)
        # with no heading at all (a web copy on one line) sentences are the only structure
        for body in [span] if doc.sections else _sentence_groups(span):
            if len(body) < _MIN_ITEM_CHARS or body.endswith(("：", ":")):
                continue
            items.append(PlanItem(f"P{len(items) + 1:02d}", body, group, find_figures(body)))
    if len(items) > MAX_ITEMS:
        raise InputError(f"计划共拆出 {len(items)} 项，超过上限 {MAX_ITEMS} 项，未作处理。")
    return items


def _preamble_spans(doc: ParsedDocument, end: int, out: list) -> None:
    """Before the first heading: an introduction, except run-in items and targets (a plans
    part rebuilt from knowledge-base chunks may start with "一是…" under a lost heading)."""
    runins = [r.start for r in doc.runins if r.start < end]
    _paragraph_spans(doc, 0, runins[0] if runins else end, out, lead_only=True)
    for a, b in zip(runins, [*runins[1:], end], strict=False):
        out.append((a, b, ""))


def _sentence_groups(body: str) -> list[str]:
    """A long paragraph is cut at sentence ends into groups of at most GROUP_CHARS."""
    if len(body) <= MAX_ITEM_CHARS:
        return [body]
    groups: list[str] = []
    for sentence in re.findall(r"[^。！？!?]+[。！？!?]*", body):
        if groups and len(groups[-1]) + len(sentence) <= GROUP_CHARS:
            groups[-1] += sentence
        else:
            groups.append(sentence)
    return [g.strip(_STRIP) for g in groups]


def _section_spans(doc: ParsedDocument, section: Section, out: list) -> None:
    body_end = section.children[0].start if section.children else section.end
    if section.runins:
        # "全年计划投资12.7亿元，实施重点商贸流通项目17个。一是…": a lead with targets is an item
        _paragraph_spans(doc, section.heading.end, section.runins[0].start, out, lead_only=True)
        edges = [r.start for r in section.runins] + [body_end]
        for a, b in zip(edges, edges[1:], strict=False):
            out.append((a, b, doc.heading_path(a)))
    elif section.children:
        _paragraph_spans(doc, section.heading.end, body_end, out, lead_only=True)
    elif section.heading.level == 1:
        _paragraph_spans(doc, section.heading.end, body_end, out)
    else:
        _heading_item(doc, section, body_end, out)
    for child in section.children:
        _section_spans(doc, child, out)


def _heading_item(doc: ParsedDocument, section: Section, end: int, out: list) -> None:
    """A lowest heading without run-ins: one item, or one per paragraph when it has several."""
    paragraphs = _paragraphs(doc.text, section.heading.end, end)
    if len(paragraphs) <= 1:
        out.append((section.heading.start, end, doc.heading_path(section.heading.start)))
        return
    for a, b in paragraphs:
        out.append((a, b, doc.heading_path(a)))


def _paragraph_spans(
    doc: ParsedDocument, start: int, end: int, out: list, lead_only: bool = False
) -> None:
    """Paragraphs outside any run-in list; a lead-in before sub-headings counts only with figures."""
    for a, b in _paragraphs(doc.text, start, end):
        if lead_only and not _has_targets(doc.text[a:b]):
            continue
        out.append((a, b, doc.heading_path(a)))


def is_target(fig: Figure) -> bool:
    """A quantity to reach. Chinese numerals are left out: in plans they are mostly names
    ("二期工程", "两个中心", "四次全会"), and a unit-less number is not a quantity."""
    return (
        fig.kind in ("number", "percent")
        and bool(fig.unit)
        and fig.value is not None
        and any(c.isdigit() for c in fig.text)
    )


def _has_targets(text: str) -> bool:
    return any(is_target(f) for f in find_figures(text))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines as paragraphs; a line that stops mid-sentence (a web copy's link, a PDF line
    break, a run-in title such as "稳步推进旧城区改造") runs on into the next one."""
    spans: list[tuple[int, int]] = []
    open_start = None
    for m in re.finditer(r"[^\n]+", text[start:end]):
        a, b = start + m.start(), start + m.end()
        line = text[a:b].strip(_SPACE)
        if not line.strip(_STRIP):
            continue
        if open_start is None:
            open_start = a
        if line.endswith(_SENTENCE_ENDS):
            spans.append((open_start, b))
            open_start = None
    if open_start is not None:
        spans.append((open_start, end))
    return spans


def item_name(item: PlanItem, limit: int = 30) -> str:
    """A short name for an item without its targets (the plan's figures are not results):
    the first clause, run-in marker dropped."""
    text = re.sub(r"^[一二三四五六七八九十]+[是要]", "", item.text)
    for fig in reversed([f for f in find_figures(text) if is_target(f)]):
        text = text[: fig.start] + text[fig.end :]
    clause = re.split(r"[。；;，,：:]", text, maxsplit=1)[0].strip(_STRIP)
    return clause if len(clause) <= limit else clause[:limit] + "…"
