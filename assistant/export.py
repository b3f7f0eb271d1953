"""Export a draft as .md, .txt or .docx; the .docx follows GB/T 9704-2012 body conventions.

Layout of the .docx (GB/T 9704-2012):
- A4, text block 156 mm x 225 mm: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (§5.2.1).
- Title 方正小标宋简体 二号 (22 pt), centred; level-1 headings 黑体, level-2 楷体_GB2312,
  level-3 仿宋_GB2312 bold, body 仿宋_GB2312 三号 (16 pt) (§7.3.1, §7.3.3).
- Fixed line spacing 28.95 pt: 22 lines fill the 225 mm block (225 mm / 22 = 28.99 pt; 28.95 pt
  is the largest whole-twip value that keeps 22 lines on the page) (§5.2.2).
- First-line indent 2 characters; body justified.
- Page numbers "— 1 —": 4号半角宋体, odd pages right, even pages left, one character in (§7.5).
Each font is listed in the font table with a commonly installed alternative (w:altName), so a
machine without 方正小标宋简体 shows 宋体 (SimSun) instead of a random face.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.structure import parse_document

TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# font -> alternative Word uses when the font is not installed
FONT_ALTERNATIVES = {
    TITLE_FONT: "宋体",
    HEADING1_FONT: "SimHei",
    HEADING2_FONT: "楷体",
    BODY_FONT: "仿宋",
    PAGE_NUMBER_FONT: "SimSun",
}

TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
LINE_PITCH_TWIPS = 579  # 28.95 pt, see module docstring
FIRST_LINE_CHARS = 2

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# page-number line sits 7 mm below the text block (§7.5): 35 - 7 - one 14 pt line (about 5 mm)
FOOTER_DISTANCE_MM = 23
HEADER_DISTANCE_MM = 15

SUPPORTED_SUFFIXES = (".md", ".txt", ".docx")
_TRAILING_PUNCT = "。：:；;，,"


@dataclass(frozen=True)
class Block:
    """One output paragraph: kind is title | h1 | h2 | body; `lead` is a run-in heading (levels 3-4)."""

    kind: str
    text: str
    lead: str = ""
    lead_level: int = 0


def export_draft(text: str, path: str | Path, *, title: str | None = None) -> Path:
    """Write `text` to `path` as .md, .txt or .docx (chosen by the suffix); returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"不支持导出为“{path.suffix or '无扩展名'}”格式。",
            hint="请使用 .docx、.md 或 .txt。",
        )
    if not text or not text.strip():
        raise InputError("稿件是空的，没有可导出的内容。", hint="请先起草稿件再导出。")
    blocks = draft_blocks(text, title=title)
    if suffix == ".docx":
        data = _docx_bytes(blocks)
    elif suffix == ".md":
        data = _markdown(blocks).encode("utf-8")
    else:
        data = _plain(blocks).encode("utf-8")
    _write_atomic(path, data)
    return path


def draft_blocks(text: str, *, title: str | None = None) -> list[Block]:
    """Split a draft into output paragraphs, using the project's structure parser for headings.

    Level-1 and level-2 headings get paragraphs of their own (their fonts differ from the body);
    a level-3/4 heading written inline stays at the start of its paragraph as a run-in lead.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    doc = parse_document(text)
    blocks: list[Block] = []
    doc_title = (title or "").strip() or (doc.title or "").strip()
    if doc_title:
        blocks.append(Block("title", doc_title))

    title_lines = {doc_title, (doc.title or "").strip()} - {""}
    headings = sorted(doc.headings, key=lambda h: h.start)
    first = True
    for line_start, line in _lines(text):
        line_end = line_start + len(line)
        if not line.strip():
            continue
        if first and line.strip() in title_lines:
            first = False
            continue  # the title line is already the title block
        first = False
        in_line = [h for h in headings if line_start <= h.start < line_end]
        blocks.extend(_split_line(text, line_start, line_end, in_line))
    return blocks


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _split_line(text: str, start: int, end: int, headings) -> list[Block]:
    """Cut one line at its level-1/2 headings; keep a leading level-3/4 heading as a run-in lead."""
    out: list[Block] = []
    pos = start
    pending_lead: tuple[str, int] | None = None
    for h in headings:
        if h.level in (1, 2):
            _append_body(out, text[pos : h.start], pending_lead)
            pending_lead = None
            h_end = min(h.end, end)
            kind = "h1" if h.level == 1 else "h2"
            # a heading on its own line takes no closing punctuation ("（二）环卫保洁。正文…")
            out.append(Block(kind, text[h.start : h_end].strip().rstrip(_TRAILING_PUNCT)))
            pos = _extend_punct(text, h_end, end)
        elif h.level in (3, 4) and not text[pos : h.start].strip():
            h_end = _extend_punct(text, min(h.end, end), end)
            if text[h_end:end].strip():
                pending_lead = (text[h.start : h_end].strip(), h.level)
                pos = h_end
    _append_body(out, text[pos:end], pending_lead)
    return out


def _extend_punct(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in _TRAILING_PUNCT:
        pos += 1
    return pos


def _append_body(out: list[Block], segment: str, lead: tuple[str, int] | None) -> None:
    segment = segment.strip()
    if lead:
        out.append(Block("body", segment, lead=lead[0], lead_level=lead[1]))
    elif segment:
        out.append(Block("body", segment))


# ---------------------------------------------------------------- plain text and Markdown


def _plain(blocks: list[Block]) -> str:
    lines = []
    for b in blocks:
        lines.append(b.lead + b.text)
        if b.kind == "title":
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_escape(text: str) -> str:
    """Escape Markdown syntax so a pasted '*' or '<script>' stays literal text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "title":
            parts.append(f"# {_md_escape(b.text)}")
        elif b.kind == "h1":
            parts.append(f"## {_md_escape(b.text)}")
        elif b.kind == "h2":
            parts.append(f"### {_md_escape(b.text)}")
        elif b.lead:
            parts.append(f"**{_md_escape(b.lead)}**{_md_escape(b.text)}")
        else:
            parts.append(_md_escape(b.text))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- .docx


def _docx_bytes(blocks: list[Block]) -> bytes:
    import io

    from docx import Document

    document = Document()
    _setup_page(document)
    _setup_default_style(document)
    _register_fonts(document)
    for b in blocks:
        _add_block(document, b)
    _add_page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup_page(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _setup_default_style(document) -> None:
    """Normal = body text, so paragraphs a writer adds in Word come out right too."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    _fixed_line_spacing(fmt)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _fixed_line_spacing(fmt) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _set_fonts(r_pr, east_asian: str, latin: str = LATIN_FONT) -> None:
    from docx.oxml.ns import qn

    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _register_fonts(document) -> None:
    """List each font with its alternative in the font table (Word's substitution hint)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    from docx.oxml import parse_xml

    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FONT_ALTERNATIVES.items():
        if name in known:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_name = OxmlElement("w:altName")
        alt_name.set(qn("w:val"), alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "roman" if name in (BODY_FONT, TITLE_FONT) else "modern")
        for child in (alt_name, charset, family):
            font.append(child)
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_block(document, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    _fixed_line_spacing(fmt)
    if block.kind == "title":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, block.text, TITLE_FONT, TITLE_PT)
        document.add_paragraph()  # one blank line between title and body
        return
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(BODY_PT * FIRST_LINE_CHARS)
    _set_first_line_chars(paragraph)
    if block.kind == "h1":
        _set_outline_level(paragraph, 0)
        _run(paragraph, block.text, HEADING1_FONT, BODY_PT)
    elif block.kind == "h2":
        _set_outline_level(paragraph, 1)
        _run(paragraph, block.text, HEADING2_FONT, BODY_PT)
    else:
        if block.lead:
            _run(paragraph, block.lead, BODY_FONT, BODY_PT, bold=block.lead_level == 3)
        if block.text:
            _run(paragraph, block.text, BODY_FONT, BODY_PT)


def _run(paragraph, text: str, font: str, size_pt: float, *, bold: bool = False):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), font)
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    return run


def _set_first_line_chars(paragraph) -> None:
    """firstLineChars keeps the indent at 2 characters even if the writer changes the font size."""
    from docx.oxml.ns import qn

    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(FIRST_LINE_CHARS * 100))


def _set_outline_level(paragraph, level: int) -> None:
    """Outline level makes headings show in Word's navigation pane without heading styles."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    p_pr.append(outline)


def _add_page_numbers(document) -> None:
    """Odd pages: number on the right; even pages: on the left; one character in (GB/T 9704 §7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        _page_run(paragraph, "— ")
        _page_field(paragraph)
        _page_run(paragraph, " —")


def _page_run(paragraph, text: str):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), PAGE_NUMBER_FONT, latin=PAGE_NUMBER_FONT)
    run.font.size = Pt(PAGE_NUMBER_PT)
    return run


def _page_field(paragraph) -> None:
    """A PAGE field (begin / instrText / separate / cached value / end), as Word writes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld_char(kind: str):
        run = _page_run(paragraph, "")
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._element.append(element)

    fld_char("begin")
    instr_run = _page_run(paragraph, "")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._element.append(instr)
    fld_char("separate")
    _page_run(paragraph, "1")
    fld_char("end")


# ---------------------------------------------------------------- writing


def _write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file so a failed export never leaves half a file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_UMASK)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(
            f"无法写入文件 {path}：{exc.strerror or exc}。", hint="请检查路径和写入权限。"
        ) from exc


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# read once at import: os.umask is process-wide, so never toggle it while threads write files
_UMASK = _read_umask()
