"""The one figure parser: numbers with their units and qualifiers, as they appear in 公文.

A figure keeps its verbatim surface (`text`, what the guard looks for in a draft) and a
normalised `key` (value and unit, qualifiers dropped) used to trace a figure back to a fact.
Masked figures (`*余份`, `xx年`) stay masked. List numbering (`1.`, `1、`, `（1）`) and
ordinals (`第一`) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.data_files import read_yaml

# Measure words and units, longest first so "平方公里" wins over "平方".
_UNITS = sorted(
    """
    平方公里 平方千米 平方米 立方米 万平方米 公顷 千米 公里 厘米 毫米 米 亩 m² m³ km ㎡
    千瓦时 千瓦 兆瓦 万千瓦 吨 公斤 千克 斤 升
    万元 亿元 元 美元
    小时 分钟 秒 天 日 周 个月 月份 月 年度 年 季度 课时 学时
    人次 台次 辆次 架次 户次 件次 批次 人 名 位 户 家 个 座 辆 台 架 艘 处 项 条 件 起 份 张 块 盏 株 棵 只 头 篇
    期 幅 批 所 栋 间 套 宗 杆 枪 轮 次 场 组 支 种 类 部 册 本 页 床 口 眼 根 片 段 片区 网格 村 乡镇 倍 个百分点 百分点 岁 度
    %
    """.split(),
    key=len,
    reverse=True,
)
# A lone 一 is a figure only with a concrete measure word ("一座中转站"), not "一个较为科学的体系".
_UNITS_FOR_LONE_ONE = set("座 辆 台 架 艘 处 名 家 所 栋 套 宗 盏 株 棵 只 吨 亩 元".split())
# Chinese numerals need a measure word; these are words, not counts ("十分", "一体化" never match).
WORDS_PATH = Path(__file__).resolve().parent / "data" / "figure_words.yaml"


@lru_cache(maxsize=1)
def words() -> dict:
    """The qualifier words of figures (assistant/data/figure_words.yaml)."""
    return read_yaml(WORDS_PATH, "数字词表文件")


_NOT_CN = ("%", "m²", "m³", "km", "㎡", *words()["not_after_chinese_numeral"])
_CN_UNITS = [u for u in _UNITS if u not in _NOT_CN]

_MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}
_APPROX_SUFFIX = tuple(words()["approx_suffix"])
_APPROX_PRE_MAG = tuple(words()["approx_before_magnitude"])
_APPROX_TRAILING = tuple(words()["approx_trailing"])
_APPROX_PREFIX = tuple(words()["approx_prefix"])
LOOSE = frozenset(words()["loose"])  # "about" qualifiers: 左右, 约

# full width to ASCII, one character for one; "，" stays the Chinese comma between clauses
# when figures are read ("３个，５个" is two figures), and is a thousands separator only to
# `normalize` ("１，２００" is 1200)
_READ_WIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MASK = r"\*+(?:\s?\.\s?\*+)?|[xX]{2}|×{2}"
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"
_RANGE_SEP = r"\s?[-—–~～至到]\s?"


def _alt(items) -> str:
    return "|".join(re.escape(w) for w in items)


_MAG = f"(?:{_alt(sorted(_MAGNITUDE, key=len, reverse=True))})"  # longest first: 万亿 before 万


_UNIT_RE = rf"(?:{_alt(_UNITS)})(?:/(?:{_alt(_UNITS)}))?"
_TRAIL_RE = rf"(?:{_alt(_APPROX_TRAILING)})?"

_KEY_DROPPED = re.compile(_alt(words()["key_dropped"]))

_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|20\d|{_MASK})年"
    rf"(?:(?P<m>\d{{1,2}}|{_MASK})(?:{_RANGE_SEP}(?P<m2>\d{{1,2}}|{_MASK}))?月份?"
    rf"(?:(?P<d>\d{{1,2}}|{_MASK})日)?)?"
    rf"|(?P<m_only>\d{{1,2}}|{_MASK})(?:{_RANGE_SEP}(?P<m_only2>\d{{1,2}}|{_MASK}))?月份?"
    rf"(?:(?P<d_only>\d{{1,2}}|{_MASK})日)?"
)
_ARABIC = re.compile(
    rf"(?P<num>{_NUM}|{_MASK})"
    rf"(?:{_RANGE_SEP}(?P<num2>{_NUM}|{_MASK}))?"
    rf"(?P<pre>{_alt(_APPROX_PRE_MAG)})?(?P<mag>{_MAG})?(?P<approx>{_alt(_APPROX_SUFFIX)})?"
    rf"(?P<unit>{_UNIT_RE})?(?P<trail>{_TRAIL_RE})"
)
_CHINESE = re.compile(
    rf"(?P<num>{_CN_NUM})(?P<approx>{_alt(_APPROX_PRE_MAG)})?"
    rf"(?P<unit>{_alt(_CN_UNITS)})(?P<trail>{_TRAIL_RE})"
)


@dataclass(frozen=True)
class Figure:
    """One figure found in a text."""

    text: str
    start: int
    end: int
    kind: str  # number | percent | date | range | masked
    value: float | None
    unit: str
    approx: str
    masked: bool

    @property
    def key(self) -> str:
        """Value and unit without qualifiers: "300余辆" and "300辆" share the key "300辆"."""
        if self.masked or self.value is None or self.kind in ("date", "range"):
            return _KEY_DROPPED.sub("", normalize(self.text))
        return f"{_fmt(self.value)}{self.unit}"


def ascii_width(text: str) -> str:
    """Full-width digits and marks as ASCII, one character for one ("２０２５年" -> "2025年"): how
    the period and the title's year are read; a fact's figures stay as written."""
    return text.translate(_READ_WIDTH)


def normalize(text: str) -> str:
    """Full-width digits to ASCII, no thousands separators, one dash for ranges."""
    text = ascii_width(text).replace("，", ",")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s?[—–~～至到]\s?(?=[\d*])", "-", text)


def _fmt(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def chinese_to_int(text: str) -> int | None:
    """Parse Chinese numerals such as 三, 十二, 两千三百, 一万五千."""
    if not text or any(
        c not in _CN_DIGITS and c not in _CN_SMALL and c not in _CN_BIG for c in text
    ):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[char]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _CN_BIG[char] if total else section * _CN_BIG[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def _is_masked(text: str | None) -> bool:
    return bool(text) and not re.search(r"\d", text)


def _value(num: str, mag: str | None) -> float | None:
    if _is_masked(num):
        return None
    value = float(normalize(num))
    return value * _MAGNITUDE[mag] if mag else value


def _is_numbering(text: str, start: int, end: int) -> bool:
    """List numbering and ordinals are structure, not figures."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    # ("" is in every string: a bare number that ends the text, "普职比6.8", is a figure)
    if before == "第":
        return True
    if before and after and before in "（(" and after in "）)":
        return True
    if after and (after in "、" or (after in ".．" and not after2.isdigit())):
        return True
    return False


@lru_cache(maxsize=4096)
def _find(src: str) -> tuple[Figure, ...]:
    # read with full-width digits and marks as ASCII ("３２．６万吨" is 32.6万吨, one figure),
    # the figure's text as written; the width table maps one character to one, so positions hold
    text = ascii_width(src)
    found: list[Figure] = []
    taken = [False] * (len(text) + 1)

    def add(fig: Figure) -> None:
        if any(taken[fig.start : fig.end]):
            return
        for i in range(fig.start, fig.end):
            taken[i] = True
        found.append(fig)

    for m in _DATE.finditer(text):
        if m.start() and text[m.start() - 1].isdigit():
            continue
        masked = any(_is_masked(g) for g in m.groups() if g)
        ranged = bool(m.group("m2") or m.group("m_only2"))
        year = m.group("y")
        month = m.group("m_only")
        if masked:
            value = None
        elif year:
            value = float(year)
        else:  # a month, or a month range: its lower bound
            value = float(month) if month else None
        add(
            Figure(
                src[m.start() : m.end()],
                m.start(),
                m.end(),
                "masked" if masked else ("range" if ranged and not year else "date"),
                value,
                "年" if year else "月",
                "",
                masked,
            )
        )

    for m in _ARABIC.finditer(text):
        start, end = m.start(), m.end()
        if start and (text[start - 1].isascii() and text[start - 1].isalnum()):
            continue  # part of a code such as G318 or ISO9001
        if (
            not m.group("unit")
            and not m.group("mag")
            and not m.group("approx")
            and not m.group("num2")
        ):
            if _is_numbering(text, start, end):
                continue
        masked = _is_masked(m.group("num")) or _is_masked(m.group("num2"))
        unit = m.group("unit") or ""
        approx = m.group("pre") or m.group("approx") or m.group("trail") or ""
        prefix = _prefix(text, start)
        kind = (
            "masked"
            if masked
            else "percent"
            if unit == "%"
            else "range"
            if m.group("num2")
            else "number"
        )
        add(
            Figure(
                src[m.start() : m.end()],
                start,
                end,
                kind,
                _value(m.group("num"), m.group("mag")),
                unit,
                approx or prefix,
                masked,
            )
        )

    for m in _CHINESE.finditer(text):
        num, unit = m.group("num"), m.group("unit")
        if (
            not re.search(r"[一二两三四五六七八九十〇零]", num)
            or text[m.start() - 1 : m.start()] == "第"
        ):
            continue
        if text.startswith("一体", m.end()):
            continue  # 三位一体, 五位一体: idioms, not counts
        if num == "一" and unit not in _UNITS_FOR_LONE_ONE:
            continue
        value = chinese_to_int(num)
        if value is None:
            continue
        approx = m.group("approx") or m.group("trail") or _prefix(text, m.start())
        add(
            Figure(
                src[m.start() : m.end()],
                m.start(),
                m.end(),
                "number",
                float(value),
                unit,
                approx,
                False,
            )
        )

    return tuple(sorted(found, key=lambda f: f.start))


def _prefix(text: str, start: int) -> str:
    for word in _APPROX_PREFIX:
        if text[max(0, start - len(word)) : start] == word:
            return word
    return ""


def find_figures(text: str) -> list[Figure]:
    """All figures in `text`, in order of position."""
    return list(_find(text or ""))


def counted_at(text: str, at: int) -> bool:
    """Whether a figure other than a date follows `text[:at]` at once, past its approximation
    word and a closing quote ("销售额约50亿元" at 销售额's end, "“五星级党组织”15个"): the words
    before `at` name what is counted."""
    at += len(text[at:]) - len(text[at:].lstrip('”’"」』》'))
    return any(
        f.kind != "date" and f.start - len(_prefix(text, f.start)) == at for f in _find(text or "")
    )


def has_figure(text: str) -> bool:
    """Whether `text` holds a figure other than a date ("2024年" alone counts nothing)."""
    return any(f.kind != "date" for f in _find(text or ""))


def figure_keys(text: str) -> set[str]:
    return {fig.key for fig in _find(text or "")}


def contains_figure(text: str, figure: Figure) -> bool:
    """Whether `figure` appears verbatim (modulo full-width digits) in `text`."""
    return figure.text in text or normalize(figure.text) in normalize(text)
