"""Remove web-page residue from copied reports; a clean report's text passes through unchanged.

General rules, each guarded so that ordinary report text cannot trigger it:
- boilerplate lines (site names, 浏览次数, 上一篇/下一篇, comments, page markers,
  upload/download blocks, copyright/ICP) are dropped whole;
- page-chunk numbers ("2、" opening each scraped page, splitting words) are removed and the
  pieces rejoined, only when they count 1, 2, 3… through the text and mostly cut sentences;
- PDF line-wrap spaces between Chinese characters are removed, only when they are dense;
- a document appended after the report (a 党课 lecture) is cut;
- the header block of an archived web page ("标题: …", "原文链接: …" down to "==== 正文 ====")
  is dropped and its title kept as the first line; only a block that ends in the 正文 rule counts.
Masked figures (*, xx) and OCR slips (207年) are never touched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# whole lines that are web-page furniture, never report text
_BOILERPLATE_LINE_RES = [
    re.compile(p)
    for p in (
        r"本\s*文\s*由.{0,40}?收\s*集\s*整\s*理",
        r"浏览次数\s*[:：]",
        r"^\s*(?:更新时间|发布时间|发布日期|来源|作者)\s*[:：].{0,80}$",
        r"^\s*(?:上一篇|下一篇|上一页|下一页)\s*[:：]",
        r"^\s*网友评论",
        r"^\s*(?:相关公文|相关文章|相关资源|相关搜索|猜你喜欢|推荐阅读|热门推荐|展开阅读全文|资源描述)\s*$",
        r"^\s*推荐访问\s*[:：]",
        r"^\s*当前位置\s*[:：]",
        r"(?i)copyright|ICP备|ICP证",
        r"^\s*收藏\s*分享",
        r"上传人\s*[:：]|文档编号\s*[:：]|上传时间\s*[:：]",
        r"^\s*下载\s*相关\s*举报\s*$",
        r"_第\s*\d+\s*页\s*$",
        r"^\s*第\s*\d+\s*页\s*/\s*共\s*\d+\s*页\s*$",
        r"亲\s*[,，]\s*该文档总共\s*\d+\s*页",
        r"到这儿已超出免费预览范围",
        r"由会员分享.{0,80}(?:在线阅读|搜索)",
        r"^\s*\S{2,80}\.(?:doc|docx|pdf|wps|txt)\s*$",
        r"^\s*字体\s*[\[【]",
    )
]

# words that also occur in report sentences: furniture only on a line that is not a sentence
_WEAK_LINE_RES = [
    re.compile(p)
    for p in (r"评论功能已关闭|发表评论|我要评论|查看评论", r"版权所有|经营许可证编号|网站地图")
]

# the archived page header: "key: value" lines, a links note, then the 正文 rule
_HEADER_RULE_RE = re.compile(r"^\s*={3,}\s*正\s*文\s*={3,}\s*$")
_HEADER_LINE_RE = re.compile(
    r"^\s*(?P<key>标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|来源|索引号|主题分类)"
    r"\s*[:：]\s*(?P<value>.*?)\s*$"
    r"|^\s*页面链接与图片详见"
)
_HEADER_SCAN = 20  # the rule comes within the first lines of the page

_PAGE_CHUNK_RE = re.compile(r"^[ \t\u3000]*(\d{1,3})、")
_SENTENCE_END = '。！？；：!?;:…”’"」』）)'
_CJK = r"\u4e00-\u9fff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】"
# a space with Chinese on one side and Chinese (or a figure) on the other
# a space before a part's or a sub-section's number ("…工作计划 一、2025年工作开展情况 （一）…")
# is where a page flattened into one line had its line breaks: the structure parser reads the
# heading inline there, and would not once the space is gone ("…计划一、2025年…")
_BEFORE_HEADING = r"(?![一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
_WRAP_SPACE_RE = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \u3000]+{_BEFORE_HEADING}(?=[{_CJK}{_CJK_PUNCT}*\d])"
    rf"|(?<=[{_CJK}{_CJK_PUNCT}*\d,;:])[ \u3000]+{_BEFORE_HEADING}(?=[{_CJK}{_CJK_PUNCT}])"
)
# what a wrap space looks like when it is measured: a single space between Chinese characters
_WRAP_PROBE_RE = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}]) (?=[{_CJK}{_CJK_PUNCT}])")
_WRAP_DENSITY = 0.008  # wrap spaces per character above which the text is a PDF copy
# a second document appended after the report
_APPENDIX_RE = re.compile(r"(?:^|(?<=[。！？\n]))[ \t\u3000]*(?:专题)?党课\s*[：:]", re.M)
_SPEECH_RE = re.compile(r"同志们|今天|给大家|和大家|与大家|我围绕|我讲")
_COLLECTION_RE = re.compile(r"(?:^|(?<=[\s。！？]))篇([一二三四五六七八九十])(?=\s)")
# Markdown, as a writer copies it from a markdown editor or a chat tool: "## 标题", "**就业创业**",
# "> 引文", "| 项目 | 完成 |" (a table row, read as a spreadsheet row), "|---|---|", "---"
_MD_HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t]*")
_MD_QUOTE_RE = re.compile(r"^[ \t]*>[ \t]?")
_MD_STRONG_RE = re.compile(r"\*\*([^*，。；\n]{1,30}?)\*\*|__([^_，。；\n]{1,30}?)__")
# a paste is markdown when a line opens with a heading mark or a bold run ("**一、主要成绩**",
# "1. **就业创业**：…"); a masked name ("智慧**”平台…大美**”") is no emphasis
_MD_LINE_RE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|(?:(?:[-*+]|\d{1,3}[.、])[ \t]*)?\*\*[^*]+\*\*)")
_MD_RULE_RE = re.compile(
    r"^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$"
)
_MD_ROW_RE = re.compile(r"^[ \t]*\|(.+)\|[ \t]*$")
_TRAILING_PAGE_COUNT_RE = re.compile(r"(?<=[。！？”])[ \t\u3000]+\d{1,3}[ \t\u3000]*$", re.M)


@dataclass
class CleanResult:
    text: str
    removed_lines: list[str] = field(default_factory=list)
    joined_page_chunks: int = 0
    wrap_spaces: int = 0
    appendix: str = ""  # first words of a cut appended document
    file_titles: list[str] = field(default_factory=list)  # titles seen in filename lines
    page_header: dict[str, str] = field(default_factory=dict)  # an archived page's header fields
    markup: int = 0  # HTML tags taken out of a paste (its words kept, a script's dropped)

    @property
    def changed(self) -> bool:
        return bool(
            self.removed_lines or self.joined_page_chunks or self.wrap_spaces or self.appendix
        )


def clean_text(text: str) -> str:
    """Text with web-page residue removed."""
    return clean_document(text).text


def clean_document(text: str) -> CleanResult:
    """Clean a copied report and say what was removed."""
    result = CleanResult(text="")
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = _strip_page_header(text.split("\n"), result)
    lines = _drop_boilerplate(lines, result)
    lines = _join_page_chunks(lines, result)
    text = "\n".join(lines)
    text = _remove_wrap_spaces(text, result)
    text = _cut_appendix(text, result)
    text = _split_title_line(text, result)
    result.text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return result


def is_markdown(lines: list[str]) -> bool:
    """A heading mark or a bold run on some line, or a table's rule ("|---|---|": a table
    copied from a chat or a markdown editor, whose rows are then cells, not facts)."""
    return any(_MD_LINE_RE.match(line) or "|" in line and _MD_RULE_RE.match(line) for line in lines)


def plain_markdown(line: str) -> str:
    """A line of a markdown paste without its marks ("## 一、主要成绩" -> "一、主要成绩",
    "**就业创业**：…" -> "就业创业：…"; a table row's cells split by tabs); a rule line is blank.
    Masked figures ("*余份") and "* " bullets stay: only a short paired "**" is emphasis."""
    if _MD_RULE_RE.match(line):
        return ""
    row = _MD_ROW_RE.match(line)
    if row:
        line = "\t".join(cell.strip() for cell in row.group(1).split("|"))
    line = _MD_QUOTE_RE.sub("", _MD_HEADING_RE.sub("", line))
    return _MD_STRONG_RE.sub(lambda m: m.group(1) or m.group(2), line)


# A paste of a page's source: the tags go, the words stay ("<b>45</b>处" -> "45处"); what a
# script or a style holds is no text of the page
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_SOURCE_SPACE_RE = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\xa0]+|[ \t\xa0]+(?=[{_CJK}{_CJK_PUNCT}])"
)
_HTML_CODE_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def strip_markup(text: str) -> tuple[str, int]:
    """(text without HTML tags, how many were taken out). Entities are read and the layout
    spaces by Chinese text dropped only where the text had tags, so a writer's own "&" stays as
    written; line breaks stay put, so messages can still name the writer's lines."""
    found = len(_HTML_TAG_RE.findall(text))
    if not found:
        return text, 0
    text = _HTML_CODE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = html.unescape(_HTML_TAG_RE.sub("", text))
    # a page's source spaces for layout ("改造&nbsp;18公里"); Chinese has none between words
    return _SOURCE_SPACE_RE.sub("", text), found


def clean_title(text: str | None) -> str:
    """A title typed in the form's 标题 field as one line of words: markup out, no gaps."""
    plain, _ = strip_markup(text or "")
    return re.sub(r"\s+", "", plain.replace("\ufeff", ""))


def clean_paste(text: str) -> CleanResult:
    """A writer's paste with the furniture of the page it was copied from blanked out: an
    archived page's header ("标题: …" gives the title line, "发布时间: …"; with or without its
    正文 rule), boilerplate lines, PDF wrap spaces. Every line keeps its place, so a message
    can still name the writer's line numbers; numbered lines and appendices stay as written."""
    result = CleanResult(text="")
    text, result.markup = strip_markup(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.replace("\ufeff", "").split("\n")
    if is_markdown(lines):
        lines = [plain_markdown(line) for line in lines]
    rows = _header_block(lines, result, rule_needed=False)
    title = result.page_header.get("标题", "")
    for i in range(rows):
        if lines[i].strip():
            result.removed_lines.append(lines[i])
        lines[i] = ""
    if title:
        lines[0] = title
    for i, line in enumerate(lines):
        if _furniture(line):
            result.removed_lines.append(line)
            lines[i] = ""
    result.text = _remove_wrap_spaces("\n".join(lines), result)
    return result


def _header_block(lines: list[str], result: CleanResult, rule_needed: bool = True) -> int:
    """How many first lines an archived page's header takes ("key: value" lines down to its
    正文 rule; without `rule_needed`, also a run of such lines holding a 标题 with no rule);
    its fields go into `result.page_header`. 0 for no header."""
    rule = next(
        (i for i, line in enumerate(lines[:_HEADER_SCAN]) if _HEADER_RULE_RE.match(line)), None
    )
    if rule is not None:
        head, rows = lines[:rule], rule + 1
    elif not rule_needed:
        rows = 0
        for line in lines[:_HEADER_SCAN]:
            if line.strip() and not _HEADER_LINE_RE.match(line):
                break
            rows += 1
        head = lines[:rows]
    else:
        return 0
    matches = [_HEADER_LINE_RE.match(line) for line in head if line.strip()]
    if not matches or not all(matches):
        return 0  # something else above the rule: not a page header, keep everything
    fields = {m.group("key"): m.group("value") for m in matches if m.group("key")}
    if rule is None and "标题" not in fields:
        return 0  # "来源：…" alone is a boilerplate line, not a page header
    result.page_header = fields
    return rows


def _strip_page_header(lines: list[str], result: CleanResult) -> list[str]:
    """Drop an archived page's header block; its 标题 value becomes the first line."""
    rows = _header_block(lines, result)
    if not rows:
        return lines
    result.removed_lines.extend(lines[:rows])
    title = result.page_header.get("标题", "")
    body = lines[rows:]
    if not title:
        return body
    result.file_titles.append(title)
    return [title, ""] + body


def _furniture(line: str) -> bool:
    """A line of web-page furniture: short, and a boilerplate pattern (a long line is report
    text whatever words it holds)."""
    stripped = line.strip()
    weak = (
        stripped
        and stripped[-1] not in "。；;！!？?"
        and any(r.search(line) for r in _WEAK_LINE_RES)
    )
    return len(stripped) <= 120 and bool(weak or any(r.search(line) for r in _BOILERPLATE_LINE_RES))


def _drop_boilerplate(lines: list[str], result: CleanResult) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if _furniture(line):
            result.removed_lines.append(line)
            title = re.search(r"《([^》]{4,80}?)\.(?:doc|docx|pdf)》", line) or re.match(
                r"^\s*(\S{4,80}?)\.(?:doc|docx|pdf|wps)\s*$", line
            )
            if title:
                result.file_titles.append(title.group(1))
            continue
        kept.append(line)
    return kept


def _join_page_chunks(lines: list[str], result: CleanResult) -> list[str]:
    """Remove "N、" page-chunk numbers counting 1, 2, 3… that mostly cut sentences."""
    numbered = [
        (i, int(m.group(1))) for i, line in enumerate(lines) if (m := _PAGE_CHUNK_RE.match(line))
    ]
    run: list[int] = []
    expected = 1
    for i, n in numbered:
        if n == expected:
            run.append(i)
            expected += 1
    if len(run) < 3:
        return lines
    cuts = 0
    for i in run[1:]:
        prev = next((lines[j].rstrip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        # a scraped page is long and stops mid-sentence; a short unpunctuated line is a list item
        if len(prev.strip()) >= 60 and prev[-1] not in _SENTENCE_END:
            cuts += 1
    if cuts * 2 < len(run) - 1:
        return lines  # numbered items that end their sentences: a real list
    run_set = set(run)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in run_set:
            body = _PAGE_CHUNK_RE.sub("", line, count=1)
            if i != run[0] and out:
                while out and not out[-1].strip():
                    out.pop()
                out[-1] = out[-1].rstrip() + body
            else:
                out.append(body)
            result.joined_page_chunks += 1
        else:
            out.append(line)
    joined = "\n".join(out)
    joined = _TRAILING_PAGE_COUNT_RE.sub("", joined)
    return joined.split("\n")


def _remove_wrap_spaces(text: str, result: CleanResult) -> str:
    probes = len(_WRAP_PROBE_RE.findall(text))
    cjk = len(re.findall(rf"[{_CJK}]", text))
    if not cjk or probes / cjk < _WRAP_DENSITY:
        return text
    new, count = _WRAP_SPACE_RE.subn("", text)
    result.wrap_spaces = count
    return new


def _cut_appendix(text: str, result: CleanResult) -> str:
    for m in _APPENDIX_RE.finditer(text):
        # a lecture addresses its audience; a report line "党课：全年讲党课12次" does not
        opening = text[m.end() : m.end() + 200]
        if m.start() > len(text) * 0.4 and _SPEECH_RE.search(opening):
            result.appendix = text[m.start() : m.start() + 30].strip()
            return text[: m.start()].rstrip()
    return text


def _split_title_line(text: str, result: CleanResult) -> str:
    """Put a report title that runs into the first paragraph on its own line."""
    stripped = text.lstrip()
    for title in result.file_titles:
        for candidate in (title, re.sub(r"(?:范文|模板|参考|\(.*?\))$", "", title)):
            if len(candidate) >= 6 and stripped.startswith(candidate):
                rest = stripped[len(candidate) :]
                if rest and rest[0] != "\n":
                    return candidate + "\n" + rest.lstrip(" \u3000")
    first, sep, rest = stripped.partition("\n")
    m = re.match(rf"^(\S{{4,40}}?(?:总结|报告|计划|安排|汇报))[ \u3000]+(?=[{_CJK}])", first)
    if result.changed and m:
        return m.group(1) + "\n" + first[m.end() :] + sep + rest
    return text


def split_collection(text: str) -> list[tuple[str, str]]:
    """Split a page holding several reports marked 篇一/篇二…: [(label, text)], else [("", text)]."""
    marks = list(_COLLECTION_RE.finditer(text))
    numbers = [m.group(1) for m in marks]
    if len(marks) < 2 or numbers != list("一二三四五六七八九十"[: len(marks)]):
        return [("", text)]
    pieces = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        pieces.append((f"篇{m.group(1)}", text[m.end() : end].strip()))
    return pieces
