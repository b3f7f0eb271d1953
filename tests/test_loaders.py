"""Loading .txt/.md/.docx/.pdf, and a clear Chinese DocumentError for every kind of bad file."""

from __future__ import annotations

import os
import zipfile

import pytest
from fixtures.makers import (
    make_docx_without_numbering_part,
    make_image_only_pdf,
    make_numbered_docx,
    make_text_pdf,
)
from test_structure import outline

from assistant.errors import DocumentError, user_message
from assistant.loaders import MAX_BYTES, load_document
from assistant.structure import parse_document

REPORT = (
    "城管局2023年工作总结\n"
    "一、2023年工作开展情况\n"
    "（一）聚焦主责主业\n"
    "全年清理牛皮癣3000余处，查处非法营运黑车300余辆。\n"
    "二、存在的主要问题\n"
    "执法力量不足，设施建设滞后。\n"
    "三、2024年工作计划\n"
    "新建公厕3座。\n"
)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""), ("utf-16", b"")],
)
def test_text_encodings_are_detected(tmp_path, encoding, prefix):
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + REPORT.encode(encoding))
    doc = load_document(path)
    assert doc.text == REPORT
    assert doc.format == "txt"
    assert doc.title == "城管局2023年工作总结"
    assert doc.unit == "城管局" and doc.period == "2023年"


def test_real_seed_in_gbk_reads_like_utf8(tmp_path, seeds_dir):
    source = seeds_dir / "000_ecd306607753b049.txt"
    text = source.read_text(encoding="utf-8")
    gbk = tmp_path / "seed_gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    a, b = load_document(source), load_document(gbk)
    assert a.text == b.text
    assert a.sha256 != b.sha256  # the hash is of the bytes
    assert (a.title, a.unit, a.period) == (
        "治理办2017年工作总结及2018年工作计划",
        "治理办",
        "2017年",
    )
    assert "浏览次数" not in a.text  # cleaned on load


def test_unchanged_file_keeps_its_hash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    first = load_document(path)
    path.write_text(REPORT, encoding="utf-8")
    assert load_document(path).sha256 == first.sha256
    assert first.doc_id == first.sha256[:16]


def test_markdown_headings_become_report_headings(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "# 城管局2023年工作总结\n\n## 一、工作情况\n\n**全年**查处黑车300余辆。\n", "utf-8"
    )
    doc = load_document(path)
    assert doc.text == "城管局2023年工作总结\n\n一、工作情况\n\n全年查处黑车300余辆。\n"
    assert outline(parse_document(doc.text)) == [("一、工作情况", "achievements")]


def test_docx_keeps_headings_and_automatic_numbering(tmp_path):
    items = [
        (None, "城管局2023年工作总结"),
        (0, "2023年工作开展情况"),
        (1, "聚焦主责主业"),
        (2, "清理牛皮癣3000余处。"),
        (2, "查处黑车300余辆。"),
        (1, "强化队伍建设"),
        (0, "存在的主要问题"),
        (None, "执法力量不足。"),
        (0, "下一步工作计划"),
        (1, "新建公厕3座"),
    ]
    path = make_numbered_docx(tmp_path / "report.docx", items, heading_levels=(1, 6, 8))
    doc = load_document(path)
    assert doc.format == "docx"
    assert doc.text.splitlines() == [
        "城管局2023年工作总结",
        "一、2023年工作开展情况",
        "（一）聚焦主责主业",
        "1.清理牛皮癣3000余处。",
        "2.查处黑车300余辆。",
        "（二）强化队伍建设",
        "二、存在的主要问题",
        "执法力量不足。",
        "三、下一步工作计划",
        "（一）新建公厕3座",
    ]
    parsed = parse_document(doc.text)
    assert outline(parsed) == [
        ("一、2023年工作开展情况", "achievements"),
        ("二、存在的主要问题", "problems"),
        ("三、下一步工作计划", "plans"),
    ]


def test_docx_without_numbering_and_with_typed_labels(tmp_path):
    path = make_docx_without_numbering_part(
        tmp_path / "plain.docx",
        ["株洲县城市管理和行政执法局", "一、2017年工作情况", "全年督查179次。"],
    )
    doc = load_document(path)
    assert doc.text.splitlines() == [
        "株洲县城市管理和行政执法局",
        "一、2017年工作情况",
        "全年督查179次。",
    ]
    assert doc.unit == "株洲县城市管理和行政执法局"


def test_pdf_text_layer_with_wrapped_lines(tmp_path):
    lines = [
        "城管局2023年上半年工作总结",
        "一、上半年工作情况",
        "今年以来，我局认真贯彻落实上级部署，持续开展市容",
        "环境整治，查处黑车300余辆，清理牛皮癣3000余处，",
        "拆除违法建设20处。",
        "二、下半年工作计划",
        "新建公厕3座。",
    ]
    doc = load_document(make_text_pdf(tmp_path / "report.pdf", lines))
    assert doc.format == "pdf"
    assert doc.text.splitlines() == [
        "城管局2023年上半年工作总结",
        "一、上半年工作情况",
        "今年以来，我局认真贯彻落实上级部署，持续开展市容环境整治，查处黑车300余辆，"
        "清理牛皮癣3000余处，拆除违法建设20处。",
        "二、下半年工作计划",
        "新建公厕3座。",
    ]
    assert doc.period == "2023年上半年"


def _error(path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        load_document(path)
    err = info.value
    assert err.path == str(path)
    assert _cjk(err.message)
    assert user_message(err).startswith("文件无法读取：")
    return err


def test_pdf_without_text_layer(tmp_path):
    err = _error(make_image_only_pdf(tmp_path / "scan.pdf"))
    assert "没有文字层" in err.message and "OCR" in err.hint


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "空的" in _error(path).message


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n  \n\u3000\n", encoding="utf-8")
    assert "没有可用的文字" in _error(path).message


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "二进制" in _error(path).message


def test_undecodable_encoding(tmp_path):
    path = tmp_path / "weird.txt"
    # bytes that are neither UTF-8 nor GB18030 and read as nothing sensible in any code page
    path.write_bytes(bytes([0xFF, 0x80, 0xFE, 0x81, 0xFF, 0x30, 0x80]) * 200)
    err = _error(path)
    assert "编码" in err.message and "UTF-8" in err.hint


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    assert "Word" in _error(path).message


def test_docx_zip_without_document_part(tmp_path):
    path = tmp_path / "hollow.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert "Word" in _error(path).message


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n%%EOF garbage")
    assert "PDF" in _error(path).message


def test_file_over_the_size_cap(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # a sparse 50 MB file: nothing is written to disk
        handle.truncate(50 * 1024 * 1024)
    assert os.path.getsize(path) > MAX_BYTES
    err = _error(path)
    assert "50.0 MB" in err.message and "20 MB" in err.message


def test_unsupported_extension(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    err = _error(path)
    assert ".xlsx" in err.message and ".docx" in err.message


def test_missing_file(tmp_path):
    assert "找不到" in _error(tmp_path / "nothing.txt").message


def test_report_symbols_are_plausible_text(tmp_path):
    text = "一、工作情况\n■ Ⅰ号干道完工，新增绿地3.5㎡，气温-5℃，完成率±2%。\n㈠强化队伍建设\n① 开展培训\n"
    path = tmp_path / "symbols.txt"
    path.write_bytes(text.encode("gb18030"))
    assert load_document(path).text == text
