"""Export a draft as .md, .txt or .docx; the GB/T 9704 .docx layout lives in assistant.export_docx."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.structure import parse_document

SUPPORTED_SUFFIXES = (".md", ".txt", ".docx")
_TRAILING_PUNCT = "。：:；;，,"


@dataclass(frozen=True)
class Block:
    """One output paragraph: kind is title | h1 | h2 | body; `lead` is a run-in heading (levels 3-4)."""

    kind: str
    text: str
    lead: str = ""
    lead_level: int = 0


def export_draft(
    text: str, path: str | Path, *, title: str | None = None, within: str | Path | None = None
) -> Path:
    """Write `text` to `path` as .md, .txt or .docx (chosen by the suffix); returns the path.

    With `within`, a path that resolves outside that folder (../, an absolute name, a link)
    is refused: a file name built from a title never lands anywhere else.
    """
    if "\x00" in str(path):
        raise InputError("导出文件名中含有空字符（NUL），无法写入。")
    path = Path(path)
    if within is not None and not path.resolve().is_relative_to(Path(within).resolve()):
        raise InputError(f"拒绝写入导出目录之外的文件：{path}。")
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
        from assistant.export_docx import docx_bytes  # python-docx loads only when needed

        data = docx_bytes(blocks)
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
