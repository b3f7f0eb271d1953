"""Read a chat message: new facts to draft, or a revision ("精简（三）", "把第二部分写得更具体")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import checks
from assistant.data_files import read_yaml
from assistant.drafting import REVISE_OPS
from assistant.drafting.editor import heading_numbers
from assistant.figures import find_figures
from assistant.metadata import marker_plan_word
from assistant.outline import draft_title
from assistant.roles import FACT_LABELS, ROLE_LABELS
from assistant.structure import CN_DIGITS, cn_to_int
from assistant.ui.render import section_label

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "intents.yaml"


def _load() -> dict[str, Any]:
    return read_yaml(WORDS_PATH, "对话用词表")


_WORDS = _load()
#: revise op -> the words that ask for it (its own word first); tried in this order
OP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (op, (*(w for w, name in REVISE_OPS.items() if name == op), *cues))
    for op, cues in _WORDS["op_cues"].items()
)
TITLE_WORDS: tuple[str, ...] = tuple(_WORDS["title_cues"])
SUBHEADING_WORDS: tuple[str, ...] = tuple(_WORDS["subheading_words"])
_SET_WORDS = "|".join(re.escape(w) for w in _WORDS["title_set_words"])
# the title a writer gives after 改为/改成…: quoted or in 《》, else the rest of its clause
_QUOTED_TITLE_RE = re.compile(rf"(?:{_SET_WORDS}).*?[“\"《「](?P<title>[^“”\"《》「」]+)[”\"》」]")
_PLAIN_TITLE_RE = re.compile(rf"(?:{_SET_WORDS})[：:]?\s*(?P<title>[^，,。！!？?；;\n]+)")
MAX_TITLE_CHARS = 60
_REWORD_WORDS = "|".join(
    re.escape(w) for w in sorted(_WORDS["reword_words"], key=len, reverse=True)
)
_REWORD_ALL = "|".join(re.escape(w) for w in _WORDS["reword_all_words"])
# "把“A”改成“B”", "将“A”统一为B": the old text quoted, the new one quoted or the rest of the line
_REWORD_RE = re.compile(
    rf"[“\"「‘'](?P<old>[^“”\"「」‘’']+)[”\"」’']\s*(?:{_REWORD_ALL})?\s*(?:{_REWORD_WORDS})\s*"
    rf"(?:[“\"「‘'](?P<new>[^“”\"「」‘’']*)[”\"」’'](?:[，,；;]\s*(?P<after>[^“”\"「」\n]{{1,20}}?))?"
    rf"|(?P<plain>[^“”\"「」\n]*?))[。！!]?\s*$"
)
DELETE_WORDS: tuple[str, ...] = tuple(_WORDS["delete_words"])
UNDO_WORDS: tuple[str, ...] = tuple(_WORDS["undo_words"])
MAX_UNDO_CHARS = 16  # "撤销刚才的修改": a request, not a fact that says 撤销
ADD_WORDS: tuple[str, ...] = tuple(_WORDS["add_words"])
_COLON_RE = re.compile(r"[：:]")
_QUOTED_RE = re.compile(r"[“\"「‘'](?P<quoted>[^“”\"「」‘’']+)[”\"」’']")
# ...in the place named before it or after the new text: "把标题中的“2025年”改成“2025年度”"
REWORD_TITLE_WORDS: tuple[str, ...] = tuple(_WORDS["reword_title_words"])
WHOLE_WORDS: tuple[str, ...] = tuple(_WORDS["whole_words"])
WHOLE = "all"  # the target of a revision of every part
MISSING = "missing"  # the place of a rewording that names one the draft does not have
#: role -> the words that name its part: its label, the writer's fact labels, a few more
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (role, (*labels, ROLE_LABELS[role], *_WORDS["part_cues"].get(role, ())))
    for role, labels in FACT_LABELS.items()
)
_OPENING = tuple(_WORDS["frame_cues"]["opening"])
_CLOSING = tuple(_WORDS["frame_cues"]["closing"])
_CN = f"[{CN_DIGITS}]"
_PARA_RE = re.compile(r"(?<![A-Za-z])[Pp]\s*(\d{1,3})(?!\d)")
_SUB_RE = re.compile(rf"[（(]({_CN}{{1,3}})[）)]")
_UNITS = "|".join(re.escape(w) for w in _WORDS["part_units"])
_PART_RE = re.compile(rf"第({_CN}{{1,3}}|\d{{1,2}})(?:个)?(?:{_UNITS})")
_PART_MARK_RE = re.compile(rf"(?<!{_CN})({_CN}{{1,3}})、")


@dataclass(frozen=True)
class Intent:
    """kind: paste | revise | title | reword | delete | add | undo | unclear. target: "part:2",
    "sub:P04" or a paragraph id; for reword, the old text (instruction: the new one); for
    delete, the quoted words of the sentence to delete; for add, the fact (its place: place)."""

    kind: str
    op: str = ""
    target: str = ""
    instruction: str = ""
    label: str = ""
    # a reword's place: "" everywhere, "title", "subheadings", or a target as above
    place: str = ""
    place_label: str = ""


def looks_like_facts(text: str) -> bool:
    """A paste of facts rather than an instruction: several lines, or long with figures."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 3 or (len(text) > 60 and len(find_figures(text)) >= 2)


def _without_subheadings(text: str) -> str:
    for word in SUBHEADING_WORDS:
        text = text.replace(word, "")
    return text


def asks_for_a_title(text: str) -> bool:
    """Whether a message asks for another title: "换个标题", not "小标题改得…" (sub-headings);
    one that names a part or a paragraph asks about its heading (read_message)."""
    return any(word in _without_subheadings(text) for word in TITLE_WORDS)


def names_the_title(text: str) -> bool:
    """Whether a message speaks of the document's title ("标题太长了"), not its sub-headings."""
    return any(word in _without_subheadings(text) for word in REWORD_TITLE_WORDS)


def given_title(text: str) -> str:
    """The title a message gives ("把标题改为《…》", "标题改成县民政局年度总结"); "" when it gives
    none: nothing with two characters of words ("标题改为！！"), or an unquoted text that names no
    文种 ("标题改为更简洁一些" asks for another form, it is no title)."""
    quoted = _QUOTED_TITLE_RE.search(text)
    found = quoted or _PLAIN_TITLE_RE.search(text)
    title = found.group("title").strip() if found else ""
    if not quoted and not checks.names_a_doc_kind(title):
        return ""
    return title if checks.word_count(title) >= 2 and len(title) <= MAX_TITLE_CHARS else ""


def read_message(text: str, draft: Any, default_target: str = "") -> Intent:
    text = (text or "").strip()
    if draft is None or looks_like_facts(text):
        return Intent("paste")
    if len(text) <= MAX_UNDO_CHARS and any(w in text for w in UNDO_WORDS):
        if not find_figures(text) and not _QUOTED_RE.search(text):
            return Intent("undo", label="撤销")
    if m := _REWORD_RE.search(text):  # the writer's own wording: "把“A”改成“B”"
        new = m.group("new") if m.group("new") is not None else m.group("plain")
        place, place_label = wording_place(text[: m.start()] + (m.group("after") or ""), draft)
        return Intent(
            "reword",
            target=m.group("old"),
            instruction=new.strip(),
            label=m.group("old"),
            place=place,
            place_label=place_label,
        )
    if deleting := _deletion(text, draft):  # "把“双减”那句删掉"
        return deleting
    if adding := _addition(text, draft):  # "问题部分再补充一条：…"
        return adding
    op = next((op for op, words in OP_WORDS if any(w in text for w in words)), "free")
    # "把（二）的标题改短一点" is about a section's heading: not the document's title
    if not _names_a_place(text):
        if asks_for_a_title(text):
            return Intent("title", instruction=given_title(text), label="标题")
        if op == "condense" and names_the_title(text):  # "标题太长了"
            return Intent("title", op=op, label="标题")
    target, label = find_target(text, draft)
    if not target and any(word in text for word in WHOLE_WORDS):  # "全文润色"
        target, label = WHOLE, "全文"
    if not target and default_target:
        target, label = default_target, ""
    if not target:
        return Intent("unclear", op=op, instruction=text)
    return Intent(
        "revise", op=op, target=target, instruction=text if op == "free" else "", label=label
    )


def _deletion(text: str, draft: Any) -> Intent | None:
    """A message that quotes one text and asks for it to go: the sentence saying it, in the
    place the words before the quote name ("删掉第二部分中“…”那句"); with no quote, the
    sub-section or part it names ("删掉（二）", "把第一部分的（三）删掉": target "")."""
    quotes = list(_QUOTED_RE.finditer(text))
    if not any(word in text for word in DELETE_WORDS):
        return None
    if not quotes:
        rest = text
        for word in DELETE_WORDS:
            rest = rest.replace(word, "")
        place, place_label = wording_place(rest, draft)
        if _more_than_a_place(rest):
            return None
        if place.startswith(("sub:", "part:")) or place == MISSING:
            return Intent(
                "delete", target="", label=place_label, place=place, place_label=place_label
            )
        return None
    if len(quotes) != 1:
        return None
    before = text[: quotes[0].start()]
    for word in DELETE_WORDS:
        before = before.replace(word, "")
    place, place_label = wording_place(before, draft)
    quoted = quotes[0].group("quoted")
    return Intent("delete", target=quoted, label=quoted, place=place, place_label=place_label)


def _more_than_a_place(text: str) -> bool:
    """Whether a message says more than a place ("（二）", "第一部分的（三）") and filler."""
    for pattern in (_PARA_RE, _SUB_RE, _PART_RE, _PART_MARK_RE):
        text = pattern.sub("", text)
    for word in sorted(_WORDS["delete_place_words"], key=len, reverse=True):
        text = text.replace(word, "")
    return bool(re.sub(r"[\s，。！!？?、,.]", "", text))


def _addition(text: str, draft: Any) -> Intent | None:
    """A message that gives a fact to add after a colon: "第二部分补充：…" (its place named
    before the colon), "问题：…" (a fact label: the part of that role)."""
    colon = _COLON_RE.search(text)
    if colon is None or "\n" in text or not text[colon.end() :].strip():
        return None
    head, fact = text[: colon.start()], text[colon.end() :].strip()
    label_role = next((role for role, labels in FACT_LABELS.items() if head.strip() in labels), "")
    if not label_role and not any(word in head for word in ADD_WORDS):
        return None
    for word in ADD_WORDS:
        head = head.replace(word, "")
    place, place_label = wording_place(head, draft)
    if not place and label_role:
        index = next((i for i, s in enumerate(draft.sections) if s.role == label_role), None)
        if index is not None:
            place, place_label = f"part:{index}", f"“{section_label(draft.sections[index], index)}”"
    return Intent("add", instruction=fact, label="补充", place=place, place_label=place_label)


def wording_place(text: str, draft: Any) -> tuple[str, str]:
    """The place a wording change names, (place, label): a part, a sub-section or a paragraph
    (find_target), the sub-headings, the title; ("", "") for everywhere."""
    target, label = find_target(text, draft)
    if target:  # a heading is quoted in the reply: "已把“（二）…”中的“A”改为…"
        return target, label if target == label else f"“{label}”"
    if named := _named_place(text):  # "第五部分" of a draft with four: not everywhere instead
        return MISSING, named
    if any(word in text for word in SUBHEADING_WORDS):
        return "subheadings", "小标题"
    if names_the_title(text):
        return "title", "标题"
    return "", ""


def _names_a_place(text: str) -> bool:
    """Whether a message names a paragraph, a sub-section or a part by its number."""
    return bool(_named_place(text))


def _named_place(text: str) -> str:
    """The paragraph, sub-section or part a message names by its number, as written ("P99",
    "（九）", "第五部分"); "" when it names none."""
    for pattern in (_PARA_RE, _SUB_RE, _PART_RE, _PART_MARK_RE):
        if m := pattern.search(text):
            return m.group(0)
    return ""


def _number(token: str) -> int:
    return int(token) if token.isdigit() else cn_to_int(token)


def find_target(text: str, draft: Any) -> tuple[str, str]:
    """The place in `draft` a message names -> (target, label); ("", "") when none is named."""
    sections = draft.sections
    if m := _PARA_RE.search(text):
        pid = f"P{int(m.group(1)):02d}"
        if draft.paragraph(pid):
            return pid, pid
    numbers = heading_numbers(draft)
    part_index = None
    if m := _PART_RE.search(text) or _PART_MARK_RE.search(text):
        wanted = (1, _number(m.group(1)))
        part_index = next(
            (i for i in range(len(sections)) if numbers.get(f"part:{i}") == wanted), None
        )
        # a plan of its own: its 一、二、 are the headings of its themes, in its one part
        own = [p for s in sections if not s.heading for p in s.paragraphs if p.kind == "heading"]
        theme = next((p for p in own if numbers.get(p.id) == wanted), None)
        if part_index is None and theme is not None:
            return f"sub:{theme.id}", theme.text
    if part_index is None:
        for role, words in ROLE_WORDS:
            if any(w in text for w in words):
                part_index = next(
                    (
                        i
                        for i, s in enumerate(sections)
                        if s.role == role and (s.heading or s.plan_body)
                    ),
                    None,
                )
                break
    if m := _SUB_RE.search(text):
        wanted = (2, cn_to_int(m.group(1)))
        candidates = [part_index] if part_index is not None else range(len(sections))
        for i in candidates:
            for para in sections[i].paragraphs:
                if para.kind == "heading" and numbers.get(para.id) == wanted:
                    return f"sub:{para.id}", para.text
    if (
        part_index is None
        and any(w in text for w in _OPENING)
        and sections
        and not sections[0].heading
    ):
        part_index = 0
    if (
        part_index is None
        and any(w in text for w in _CLOSING)
        and sections
        and not sections[-1].heading
    ):
        part_index = len(sections) - 1
    if part_index is not None:
        return f"part:{part_index}", section_label(sections[part_index], part_index)
    return "", ""


def title_options(draft: Any) -> list[str]:
    """Usual title forms for a 工作总结 (with the plan) built from the draft's unit and periods,
    each naming the plan by the word its plans part is headed with ("三、2026年工作打算" ->
    打算): a title saying 计划 over a part saying 打算 reads as two documents."""
    unit, period, nxt = draft.unit or "", draft.period or "", draft.next_period or ""
    plan = plan_word_of(draft)
    forms = [
        f.format(
            unit=unit,
            period=period,
            next_period=nxt or _WORDS["unknown_next_period"],
            plan=plan,
        )
        for f in _WORDS["title_forms"]
    ]
    return list(dict.fromkeys([draft_title(unit, period, nxt, plan), *forms]))


def plan_word_of(draft: Any) -> str:
    """The word the draft's plans part heading names the plan by; 计划 when it names none."""
    headings = [s.heading for s in draft.sections if s.role == "plans" and s.heading]
    return marker_plan_word(headings) or "计划"
