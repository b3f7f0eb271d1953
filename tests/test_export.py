"""Export: .md/.txt text, and .docx page setup and styles read back; checked by `gongwen check`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from assistant.errors import InputError, user_message
from assistant.export import export_draft
from assistant.structure import parse_document

DRAFT = """株洲县城市管理和行政执法局2023年工作总结及2024年工作计划

2023年，在县委、县政府的坚强领导下，我局紧紧围绕中心工作，现将有关情况报告如下。
一、2023年工作开展情况
（一）市容秩序持续改善
一是查处非法营运黑车300余辆；二是清理“牛皮癣”1.2万处，发放*余份宣传资料。
（二）环卫保洁提质增效。全年清运生活垃圾5.6万吨，道路机械化清扫率达到99%。
1.推进公厕建设。新建公厕3座。
二、存在的主要问题
执法力量不足，基层队伍结构老化。
三、2024年工作计划
（一）深化控违拆违
明年新建公厕3座，力争完成改造任务。<script>alert(1)</script>
"""

# the margin rules follow a provincial convention (2.8/2.8/2.7/2.7 cm), not GB/T 9704-2012 §5.2
MARGIN_RULES = {"CHK-C001", "CHK-C002", "CHK-C003", "CHK-C011"}
_FINDING = re.compile(r"^\s*\[(P[0-2])\]\s+(CHK-[A-Z0-9]+)")


def _east_asian(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _gongwen() -> list[str]:
    exe = Path(sys.executable).with_name("gongwen")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("gongwen")
    if not found:
        pytest.fail("gongwen (PyPI gongwen-skill, in the dev extra) is not installed")
    return [found]


def gongwen_findings(path: Path) -> list[tuple[str, str]]:
    """Run `gongwen check -t summary FILE` and return (severity, rule id) per finding."""
    result = subprocess.run(
        [*_gongwen(), "check", "-t", "summary", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "检查完成" in result.stdout, result.stdout
    return [m.groups() for line in result.stdout.splitlines() if (m := _FINDING.match(line))]


def _body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


def test_docx_page_setup_follows_gbt9704(tmp_path):
    path = export_draft(DRAFT, tmp_path / "draft.docx")
    section = Document(path).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.top_margin.mm == pytest.approx(37, abs=0.05)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.05)
    assert section.left_margin.mm == pytest.approx(28, abs=0.05)
    assert section.right_margin.mm == pytest.approx(26, abs=0.05)
    block_w = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    block_h = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert (block_w, block_h) == (pytest.approx(156, abs=0.1), pytest.approx(225, abs=0.1))


def test_docx_fonts_sizes_and_spacing(tmp_path):
    doc = Document(export_draft(DRAFT, tmp_path / "draft.docx"))
    paragraphs = _body_paragraphs(doc)
    texts = [p.text for p in paragraphs]
    title = paragraphs[0]
    assert title.text == "株洲县城市管理和行政执法局2023年工作总结及2024年工作计划"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {_east_asian(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size.pt for r in title.runs} == {22.0}

    by_text = {p.text: p for p in paragraphs}
    for heading in ("一、2023年工作开展情况", "二、存在的主要问题", "三、2024年工作计划"):
        assert {_east_asian(r) for r in by_text[heading].runs} == {"黑体"}
    # the inline level-2 heading gets a paragraph of its own, without the closing 。
    assert "（二）环卫保洁提质增效" in texts
    assert "全年清运生活垃圾5.6万吨，道路机械化清扫率达到99%。" in texts
    for heading in ("（一）市容秩序持续改善", "（二）环卫保洁提质增效", "（一）深化控违拆违"):
        assert {_east_asian(r) for r in by_text[heading].runs} == {"楷体_GB2312"}

    # a run-in level-3 heading stays at the start of its paragraph, in bold 仿宋
    lead = by_text["1.推进公厕建设。新建公厕3座。"]
    assert [(r.text, r.bold) for r in lead.runs] == [
        ("1.推进公厕建设。", True),
        ("新建公厕3座。", False),
    ]

    body = by_text["执法力量不足，基层队伍结构老化。"]
    assert {_east_asian(r) for r in body.runs} == {"仿宋_GB2312"}
    assert {r.font.size.pt for r in body.runs} == {16.0}
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    for p in paragraphs[1:]:
        fmt = p.paragraph_format
        assert fmt.first_line_indent.pt == pytest.approx(32)  # two 16 pt characters
        assert p._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing.pt == pytest.approx(28.95)
    # figures and pasted markup survive verbatim as text
    assert "一是查处非法营运黑车300余辆；二是清理“牛皮癣”1.2万处，发放*余份宣传资料。" in texts
    assert any("<script>alert(1)</script>" in t for t in texts)


def test_docx_footer_has_page_numbers_on_both_sides(tmp_path):
    doc = Document(export_draft(DRAFT, tmp_path / "draft.docx"))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        [para] = footer.paragraphs
        assert para.alignment == align
        xml = para._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert para.text == "— 1 —"
        assert {_east_asian(r) for r in para.runs} == {"宋体"}
        assert {r.font.size.pt for r in para.runs} == {14.0}


def test_docx_font_table_names_fallbacks(tmp_path):
    path = export_draft(DRAFT, tmp_path / "draft.docx")
    import zipfile

    with zipfile.ZipFile(path) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', table)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', table)


def test_gongwen_check_reports_only_the_margin_rules(tmp_path):
    path = export_draft(DRAFT, tmp_path / "draft.docx")
    p0 = {rule for severity, rule in gongwen_findings(path) if severity == "P0"}
    assert p0 - MARGIN_RULES == set()


def test_gongwen_check_on_seed_reports(tmp_path, seeds_dir):
    """Long real reports (inline headings, run-in lists) export without a P0 finding."""
    checked = 0
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        title = parse_document(text).title
        path = export_draft(text, tmp_path / f"{seed.stem}.docx", title=title or "工作总结")
        p0 = {rule for severity, rule in gongwen_findings(path) if severity == "P0"}
        assert p0 - MARGIN_RULES == set(), seed.name
        checked += 1
    assert checked == 5


def test_gongwen_check_catches_a_plain_document(tmp_path):
    """The check is live: a document in Word's default fonts gets body and title P0 findings."""
    doc = Document()
    doc.add_paragraph("某局2023年工作总结")
    for line in DRAFT.splitlines()[2:]:
        doc.add_paragraph(line)
    path = tmp_path / "plain.docx"
    doc.save(path)
    p0 = {rule for severity, rule in gongwen_findings(path) if severity == "P0"}
    assert "CHK-C004" in p0  # body font


def test_markdown_and_text(tmp_path):
    md = export_draft(DRAFT, tmp_path / "draft.md").read_text(encoding="utf-8")
    assert md.startswith("# 株洲县城市管理和行政执法局2023年工作总结及2024年工作计划\n")
    assert "\n## 一、2023年工作开展情况\n" in md
    assert "\n### （一）市容秩序持续改善\n" in md
    assert "\n**1.推进公厕建设。**新建公厕3座。\n" in md
    assert r"发放\*余份" in md  # a masked figure stays literal, not emphasis
    assert r"\<script\>" in md
    txt = export_draft(DRAFT, tmp_path / "draft.txt").read_text(encoding="utf-8")
    assert txt.splitlines()[0] == "株洲县城市管理和行政执法局2023年工作总结及2024年工作计划"
    assert "（二）环卫保洁提质增效" in txt and "查处非法营运黑车300余辆" in txt


def test_explicit_title_is_used_once(tmp_path):
    body = "\n".join(DRAFT.splitlines()[2:])
    doc = Document(export_draft(body, tmp_path / "t.docx", title="关于2023年工作的总结"))
    paragraphs = _body_paragraphs(doc)
    assert paragraphs[0].text == "关于2023年工作的总结"
    assert sum(p.text == "关于2023年工作的总结" for p in paragraphs) == 1


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [("draft.pdf", DRAFT, "不支持"), ("draft.docx", "  \n\t ", "空"), ("draft.md", "", "空")],
)
def test_bad_requests_are_input_errors(tmp_path, name, text, words):
    with pytest.raises(InputError) as info:
        export_draft(text, tmp_path / name)
    assert words in user_message(info.value)
    assert not (tmp_path / name).exists()


def test_unwritable_target_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError) as info:
        export_draft(DRAFT, blocker / "draft.docx")
    assert "无法写入" in user_message(info.value)
