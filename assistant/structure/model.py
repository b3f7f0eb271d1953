"""Structure data: headings, run-ins, sections, parsed documents; numerals and marker styles."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.figures import chinese_to_int

CN_DIGITS = "一二三四五六七八九十"
_CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"


@dataclass
class Heading:
    level: int
    number: int
    marker: str  # as written: "（一）", "㈠", "1、"; "" when the marker was lost
    style: str  # normalized form with number one: "一、", "（一）", "(一)", "㈠", "1.", "（1）"
    title: str
    start: int
    end: int  # end of the title
    inline: bool  # not at the start of a line
    missing_marker: bool = False

    @property
    def label(self) -> str:
        return f"{self.marker}{self.title}"


@dataclass
class RunIn:
    number: int
    marker: str  # "一是", "二要"
    start: int
    end: int


@dataclass
class ProblemSpan:
    start: int
    end: int
    cue: str


@dataclass
class Section:
    heading: Heading
    role: str
    start: int
    end: int
    children: list[Section] = field(default_factory=list)
    runins: list[RunIn] = field(default_factory=list)

    def text(self, doc: ParsedDocument | str) -> str:
        source = doc if isinstance(doc, str) else doc.text
        return source[self.start : self.end]

    def body_start(self) -> int:
        return self.heading.end

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedDocument:
    text: str
    title: str
    headings: list[Heading]
    sections: list[Section]
    runins: list[RunIn]
    problem_spans: list[ProblemSpan]
    preamble_end: int

    @property
    def parts(self) -> list[Section]:
        """Top-level parts with their roles (stray lower-level headings before them left out)."""
        if not self.sections:
            return []
        top = min(s.heading.level for s in self.sections)
        return [s for s in self.sections if s.heading.level == top]

    def section_path(self, pos: int) -> list[Section]:
        """Sections containing pos, outermost first."""
        path: list[Section] = []
        level = self.sections
        while True:
            inner = next((s for s in level if s.start <= pos < s.end), None)
            if inner is None:
                return path
            path.append(inner)
            level = inner.children

    def heading_path(self, pos: int, sep: str = " > ") -> str:
        return sep.join(s.heading.label for s in self.section_path(pos))

    def problem_span_at(self, pos: int) -> ProblemSpan | None:
        return next((p for p in self.problem_spans if p.start <= pos < p.end), None)

    def role_at(self, pos: int) -> str:
        """Role of the text at pos: problems inside a problem span, else its section's role."""
        if self.problem_span_at(pos):
            return "problems"
        path = self.section_path(pos)
        return path[-1].role if path else "other"


# ---------------------------------------------------------------- numerals and styles


def cn_to_int(numeral: str) -> int:
    """Value of a marker's Chinese numeral up to 99: "七" 7, "十二" 12, "二十" 20; 0 if none.

    The reading is the figure parser's (assistant.figures.chinese_to_int); a marker only adds
    that two digits without 十 ("一一") are no numeral.
    """
    if len(numeral) > 1 and "十" not in numeral:
        return 0
    return chinese_to_int(numeral) or 0


def int_to_cn(value: int) -> str:
    """Chinese numeral for any count: 7 七, 12 十二, 105 一百零五, 110 一百一十, 20300 二万零三百."""
    if value <= 0:
        return "〇"
    if value >= 10**16:  # beyond 万亿: digits read better than a numeral
        return str(value)
    groups = []  # groups of four digits, lowest first: 万 and 亿 separate them
    while value:
        value, group = divmod(value, 10000)
        groups.append(group)
    out = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        if out and (group < 1000 or groups[index + 1] == 0):
            out += "零"  # a gap before this group: 一万零五
        out += _four_digits(group) + _GROUP_UNITS[index]
    return out[1:] if out.startswith("一十") else out  # 十二, 十二万: no leading 一


_GROUP_UNITS = ("", "万", "亿", "万亿")


def _four_digits(value: int) -> str:
    """1..9999 written with 千百十 and 零 for inner gaps (一千零五, 一百一十)."""
    out, gap = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, value = divmod(value, size)
        if digit:
            out += ("零" if gap and out else "") + CN_DIGITS[digit - 1] + unit
            gap = False
        else:
            gap = True
    return out


def marker_for(style: str, number: int) -> str:
    """Render a marker in the given style: marker_for("（一）", 3) -> "（三）"."""
    if style == "㈠":
        return _CIRCLED[number - 1] if 1 <= number <= 10 else f"（{int_to_cn(number)}）"
    if "一" in style:
        return style.replace("一", int_to_cn(number))
    if "1" in style:
        return style.replace("1", str(number))
    return style


DEFAULT_STYLES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
