"""Read .txt/.md/.docx/.pdf into cleaned text with title, unit and period; bad files raise DocumentError."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.cleaning import clean_document
from assistant.errors import DocumentError
from assistant.metadata import infer_period, infer_title, infer_unit

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED = (".txt", ".md", ".docx", ".pdf")
# characters a Chinese report is made of: CJK, its punctuation and symbols, ASCII
_PLAUSIBLE_RE = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\u3200-\u33ff\uff00-\uffef"
    r"\u2010-\u206f\u2100-\u218f\u2190-\u21ff\u2460-\u27bf\x20-\x7e\s"
    r"\u00b0\u00b1\u00b7\u00d7\u00f7]"
)


@dataclass(frozen=True)
class LoadedDocument:
    text: str  # cleaned of web-page residue
    title: str
    unit: str | None
    period: str | None
    source: str  # the path as given
    sha256: str  # of the file's bytes: unchanged file, unchanged hash
    format: str  # "txt" | "md" | "docx" | "pdf"
    warnings: tuple[str, ...] = ()  # what was repaired on reading (NUL bytes removed, ...)

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


def load_document(path: str | Path, *, clean: bool = True) -> LoadedDocument:
    """Load one file. Raises DocumentError with a Chinese message the writer can act on."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(
            name,
            f"不支持的文件类型“{suffix or '无扩展名'}”，目前支持 .txt、.md、.docx、.pdf。",
            hint="请把文件另存为 Word（.docx）或文本（.txt）后再导入。",
        )
    if not path.is_file():
        raise DocumentError(name, "找不到这个文件。")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(
            name,
            f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件上限为 {MAX_BYTES // 1024 // 1024} MB。",
            hint="请拆分文件，或只导入报告正文。",
        )
    if size == 0:
        raise DocumentError(name, "文件是空的，没有任何内容。")
    data = path.read_bytes()
    if suffix in (".txt", ".md"):
        text = decode_text(data, name)
        if suffix == ".md":
            text = _strip_markdown(text)
        file_title = None
    elif suffix == ".docx":
        text, file_title = read_docx(path)
    else:
        text, file_title = read_pdf(path)
    text, warnings = strip_nul(text)
    result = clean_document(text) if clean else None
    body = result.text if result else text
    if not body.strip():
        raise DocumentError(name, "文件里没有可用的文字内容。")
    title = file_title or infer_title(body, filename=None) or path.stem
    hint_title = (result.file_titles[0] if result and result.file_titles else None) or title
    return LoadedDocument(
        text=body,
        title=title,
        unit=infer_unit(body, title),
        period=infer_period(body, filename=path.name, title=hint_title),
        source=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=suffix[1:],
        warnings=warnings,
    )


def strip_nul(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove NUL characters (they would end up in the ledger and in Chroma), saying so."""
    count = text.count("\x00")
    if not count:
        return text, ()
    return text.replace("\x00", ""), (f"文件中有 {count} 个空字符（NUL），已删除。",)


# ---------------------------------------------------------------- plain text


def decode_text(data: bytes, name: str = "") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK.

    Binary data is refused by the control-character check; a few NUL bytes in a text file
    are left for load_document to strip with a warning.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16"), name)
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is not None:
            return _checked(wide, name)
        head = data[:8192]
        if head.count(0) > max(2, len(head) // 200):  # a stray NUL is stripped, many are binary
            raise DocumentError(
                name, "这不是文本文件（内容是二进制数据），可能是改了扩展名的其他文件。"
            )
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return _checked(text, name)
    best = _guess(data)
    if best is not None and _plausible(best):
        return _checked(best, name)
    raise DocumentError(
        name,
        "无法识别文件的文字编码，内容无法读取。",
        hint="请用记事本或 WPS 打开后“另存为 UTF-8”再导入。",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: ASCII (digits, newlines) puts its zero bytes on one side."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-le" if odd > 3 * even else "utf-16-be" if even > 3 * odd else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) else None


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    return str(match) if match is not None else None


def _plausible(text: str) -> bool:
    """Text that reads as Chinese/ASCII, not mojibake or control bytes."""
    sample = text[:20000]
    if not sample:
        return True
    good = len(_PLAUSIBLE_RE.findall(sample))
    return good / len(sample) >= 0.9


def _checked(text: str, name: str) -> str:
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(5, len(text[:20000]) // 100):
        raise DocumentError(name, "这不是文本文件（含大量控制字符），可能是改了扩展名的其他文件。")
    return text


def _strip_markdown(text: str) -> str:
    text = re.sub(r"^[ \t]{0,3}#{1,6}[ \t]+", "", text, flags=re.M)
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    return text


# ---------------------------------------------------------------- docx


def read_docx(path: Path) -> tuple[str, str | None]:
    """Paragraphs and tables in order; Word's automatic numbering rendered as written labels."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from assistant.docx_numbering import NumberingRenderer

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(
            str(path),
            "Word 文件已损坏或不是真正的 .docx 文件，无法打开。",
            hint="请用 Word/WPS 打开后重新另存为 .docx。",
        ) from exc
    except Exception as exc:  # lxml errors inside a damaged package
        raise DocumentError(str(path), f"Word 文件无法解析（{type(exc).__name__}）。") from exc
    numbering = NumberingRenderer(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            label = numbering.label(paragraph)
            text = paragraph.text
            if label and not text.startswith(label):
                text = label + text
            lines.append(text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                lines.append("\t".join(dict.fromkeys(c for c in cells if c)))
    title = (document.core_properties.title or "").strip() or None
    return "\n".join(lines), title


# ---------------------------------------------------------------- pdf


def read_pdf(path: Path) -> tuple[str, str | None]:
    """The PDF's text layer, wrapped lines rejoined; no text layer is an error, not an empty file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    name = str(path)
    quiet = logging.getLogger("pypdf")  # its warnings ("EOF marker not found") are ours to say
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(name, "PDF 文件有密码保护，无法读取。", hint="请去掉密码后再导入。")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = None
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise DocumentError(
            name, "PDF 文件已损坏，无法读取。", hint="请重新导出 PDF，或改用 Word/文本版本。"
        ) from exc
    finally:
        quiet.setLevel(level)
    text = "\n".join(_reflow(page) for page in pages)
    if len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text)) < 10:
        raise DocumentError(
            name,
            "这个 PDF 没有文字层（可能是扫描件或图片），读不出文字。",
            hint="请先用 OCR（文字识别）转换，或提供 Word/文本版本。",
        )
    return text, title


_MARKER_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[㈠-㈩]|\d+[、.．](?!\d))"
)


def _reflow(page: str) -> str:
    """Join lines the PDF wrapped at the page edge; keep short lines (headings) on their own."""
    lines = [line.rstrip() for line in page.splitlines()]
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return ""
    full = lengths[len(lengths) * 3 // 4]
    out: list[str] = []
    previous = ""  # the previous physical line, before joining
    for line in lines:
        wrapped = (
            out
            and full >= 20
            and len(previous) >= 0.9 * full
            and previous[-1] not in "。！？；：:;!?”"
            and line.strip()
            and not _MARKER_START_RE.match(line)
        )
        if wrapped:
            out[-1] += line.strip()
        else:
            out.append(line)
        previous = line
    return "\n".join(out)
