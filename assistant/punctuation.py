"""Half-width punctuation in Chinese text made full-width, the way 公文 writes it.

A writer pastes from a spreadsheet, a chat window or an English keyboard ("新登记经营主体4,215户,
同比增长8.6%;"); the draft writes "，" and "；" but leaves the marks that belong to a figure
alone: the thousands comma of "4,215", the point of "8.6%", the colon of "10:30".
"""

from __future__ import annotations

import re

_CJK = r"\u4e00-\u9fff"
_MARKS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF = re.compile(r"[,;:?!]")
# a full stop after Chinese, a per cent sign or a unit, not before a digit or another point
_STOP = re.compile(rf"(?<=[{_CJK}%％”）)])\.(?![\d.])")
_QUOTES = re.compile(rf'"([^"\n]{{0,60}}[{_CJK}][^"\n]{{0,60}})"')  # around Chinese words only


def full_width(text: str) -> str:
    """The text with , ; : ? ! . and straight double quotes written full-width, except inside
    a figure or other ASCII text ("4,215户", "8.6%", "10:30", '<img src="x">')."""
    text = _HALF.sub(_full_mark, text)
    text = _STOP.sub("。", text)
    text = re.sub(r"([，；：。])\1+", r"\1", text)
    return _QUOTES.sub(lambda m: f"“{m.group(1)}”", text)


def _full_mark(m: re.Match) -> str:
    """A mark between two ASCII characters is theirs ("4,215", "10:30", "http://"); any other
    one is the Chinese text's."""
    text, i = m.string, m.start()
    if 0 < i < len(text) - 1 and _ascii(text[i - 1]) and _ascii(text[i + 1]):
        return m.group()
    return _MARKS[m.group()]


def _ascii(ch: str) -> bool:
    return ch.isascii() and ch.isprintable() and not ch.isspace()
