"""Render Word's automatic list numbering ("一、", "（一）", "1.") as the labels a reader sees."""

from __future__ import annotations

from docx.oxml.ns import qn

from assistant.structure import int_to_cn

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_IDEOGRAPH = "〇一二三四五六七八九"


def format_number(value: int, fmt: str) -> str:
    """One counter in a Word numFmt: decimal 3 -> "3", chineseCounting 3 -> "三"."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return int_to_cn(value)
    if fmt == "ideographDigital":
        return "".join(_IDEOGRAPH[int(d)] for d in str(value))
    if fmt == "chineseLegalSimplified":
        return _LEGAL[value] if value < 10 else str(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for n, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while value >= n:
            out, value = out + s, value - n
    return out


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class NumberingRenderer:
    """Keeps Word's list counters while paragraphs are read in order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.document = document
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    int(_val(lvl, "w:start") or 1),
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def _num_pr(self, paragraph):
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = paragraph.style
        while style is not None:  # numbering inherited from the paragraph style
            s_pr = style.element.pPr
            if s_pr is not None and s_pr.numPr is not None:
                return s_pr.numPr
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        """The label Word would show before this paragraph, "" if it is not numbered."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None or not self.nums:
            return ""
        num_id = num_pr.numId.val if num_pr.numId is not None else None
        if num_id is None or str(num_id) == "0" or str(num_id) not in self.nums:
            return ""
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        abstract_id, overrides = self.nums[str(num_id)]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(str(num_id), [None] * 9)
        start = overrides.get(ilvl, levels[ilvl][2])
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return ""
        for level in range(8, -1, -1):
            token = f"%{level + 1}"
            if token in text:
                lfmt, _, lstart = levels.get(level, ("decimal", "", 1))
                value = counters[level] if counters[level] is not None else lstart
                text = text.replace(token, format_number(value, lfmt))
        return text
