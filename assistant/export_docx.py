"""The .docx writer: GB/T 9704-2012 page setup and body styles for a draft's blocks.

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

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

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


def docx_bytes(blocks) -> bytes:
    """A .docx of export.Block paragraphs (kind title | h1 | h2 | body, with run-in leads)."""

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

    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    _fixed_line_spacing(fmt)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _fixed_line_spacing(fmt) -> None:

    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _set_fonts(r_pr, east_asian: str, latin: str = LATIN_FONT) -> None:

    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _register_fonts(document) -> None:
    """List each font with its alternative in the font table (Word's substitution hint)."""

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
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

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_block(document, block) -> None:

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

    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), font)
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    return run


def _set_first_line_chars(paragraph) -> None:
    """firstLineChars keeps the indent at 2 characters even if the writer changes the font size."""

    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(FIRST_LINE_CHARS * 100))


def _set_outline_level(paragraph, level: int) -> None:
    """Outline level makes headings show in Word's navigation pane without heading styles."""

    p_pr = paragraph._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    p_pr.append(outline)


def _add_page_numbers(document) -> None:
    """Odd pages: number on the right; even pages: on the left; one character in (GB/T 9704 §7.5)."""

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

    run = paragraph.add_run(text)
    _set_fonts(run._element.get_or_add_rPr(), PAGE_NUMBER_FONT, latin=PAGE_NUMBER_FONT)
    run.font.size = Pt(PAGE_NUMBER_PT)
    return run


def _page_field(paragraph) -> None:
    """A PAGE field (begin / instrText / separate / cached value / end), as Word writes it."""

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
