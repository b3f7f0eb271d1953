"""Structure data: headings, run-ins, sections, parsed documents; numerals and marker styles."""

from __future__ import annotations

from dataclasses import dataclass, field

CN_DIGITS = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
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
    """Value of a Chinese numeral up to 99: "七" 7, "十二" 12, "二十" 20."""
    if not numeral:
        return 0
    if "十" not in numeral:
        return _CN_VALUE.get(numeral[-1], 0) if len(numeral) == 1 else 0
    tens, _, ones = numeral.partition("十")
    return (_CN_VALUE.get(tens, 0) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)


def int_to_cn(value: int) -> str:
    """Chinese numeral for 1..99."""
    if value <= 10:
        return CN_DIGITS[value - 1] if value > 0 else "〇"
    tens, ones = divmod(value, 10)
    return (CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (CN_DIGITS[ones - 1] if ones else "")


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
