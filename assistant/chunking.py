"""Turn a parsed report into Chunk records: paragraphs or items under a heading, with role and path."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from assistant.loaders import LoadedDocument
from assistant.metadata import infer_period, infer_title, infer_unit
from assistant.structure import ParsedDocument, parse_document

MIN_CHARS = 80
MAX_CHARS = 600
_SPACE = " \t\u3000\xa0\r\n"
_STRIP = _SPACE + "。，,：:；;、"


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # stable: hash of doc_id, position and text
    doc_id: str
    text: str
    embed_text: str  # heading path, then the text
    title: str
    unit: str | None
    period: str | None
    role: str
    heading_path: str  # "一、2017年工作开展情况 > （二）突出四个重点"
    position: int  # order of the chunk in its document
    start: int  # character offsets in the document text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Piece:
    start: int
    end: int
    path: str
    role: str


def chunk_document(
    document: LoadedDocument | str,
    meta: dict[str, Any] | None = None,
    *,
    parsed: ParsedDocument | None = None,
) -> list[Chunk]:
    """Chunks of one document. meta may give doc_id, title, unit, period (overriding inference)."""
    meta = dict(meta or {})
    if isinstance(document, LoadedDocument):
        text = document.text
        meta.setdefault("doc_id", document.doc_id)
        meta.setdefault("title", document.title)
        meta.setdefault("unit", document.unit)
        meta.setdefault("period", document.period)
    else:
        text = document
    if "doc_id" not in meta:
        meta["doc_id"] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    title = meta.get("title") or infer_title(text)
    unit = meta["unit"] if "unit" in meta else infer_unit(text, title)
    period = meta["period"] if "period" in meta else infer_period(text, title=title)
    doc = parsed or parse_document(text)
    pieces = _merge(_pieces(doc))
    chunks = []
    for position, piece in enumerate(pieces):
        body = text[piece.start : piece.end]
        embed = f"{piece.path}\n{body}" if piece.path else body
        digest = hashlib.sha256(f"{meta['doc_id']}|{position}|{body}".encode()).hexdigest()
        chunks.append(
            Chunk(
                chunk_id=digest[:24],
                doc_id=meta["doc_id"],
                text=body,
                embed_text=embed,
                title=title,
                unit=unit,
                period=period,
                role=piece.role,
                heading_path=piece.path,
                position=position,
                start=piece.start,
                end=piece.end,
            )
        )
    return chunks


def _pieces(doc: ParsedDocument) -> list[_Piece]:
    text = doc.text
    # level-1/2 titles live in the heading path; numbered items (1. （1）) keep their label
    titles = {h.start: h.end for h in doc.headings if h.level <= 2}
    cuts = {0, len(text)}
    for h in doc.headings:
        cuts.add(h.start)
        if h.level <= 2:
            cuts.add(h.end)
    for span in doc.problem_spans:
        cuts.update((span.start, span.end))
    runin_starts = [r.start for r in doc.runins]
    bounds = sorted(cuts)
    pieces: list[_Piece] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if titles.get(a) == b:
            continue  # a heading's title lives in the heading path
        for start, end in _paragraphs(text, a, b):
            for s, e in _split_long(text, start, end, runin_starts):
                s, e = _trim(text, s, e)
                if e > s:
                    pieces.append(_Piece(s, e, doc.heading_path(s), doc.role_at(s)))
    return pieces


def _paragraphs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans = []
    start = a
    for m in re.finditer(r"\n", text[a:b]):
        spans.append((start, a + m.start()))
        start = a + m.end()
    spans.append((start, b))
    return spans


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _SPACE:
        e -= 1
    return s, e


def _split_long(text: str, start: int, end: int, runins: list[int]) -> list[tuple[int, int]]:
    """Split a long paragraph at its 一是/二是 items, then at sentence ends."""
    if end - start <= MAX_CHARS:
        return [(start, end)]
    points = [p for p in runins if start < p < end]
    spans = []
    edges = [start, *points, end]
    for s, e in zip(edges, edges[1:], strict=False):
        spans.extend(_split_sentences(text, s, e))
    # a lead-in shorter than MIN_CHARS ("按照部署，") joins the first item
    if len(spans) > 1 and spans[0][1] - spans[0][0] < MIN_CHARS:
        spans[1] = (spans[0][0], spans[1][1])
        spans.pop(0)
    return spans


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_CHARS:
        return [(start, end)]
    spans = []
    s = start
    last_stop = None
    for m in re.finditer(r"[。！？；;]", text[start:end]):
        stop = start + m.end()
        if stop - s > MAX_CHARS and last_stop and last_stop > s:
            spans.append((s, last_stop))
            s = last_stop
        last_stop = stop
    if end - s > MAX_CHARS and last_stop and last_stop > s and end - last_stop > 0:
        spans.append((s, last_stop))
        s = last_stop
    spans.append((s, end))
    return spans


def _joined_path(a: str, b: str) -> str | None:
    """The path two neighbouring pieces share when joined: the same heading, or sibling items."""
    if a == b:
        return a
    pa, pb = a.split(" > "), b.split(" > ")
    common = 0
    while common < min(len(pa), len(pb)) and pa[common] == pb[common]:
        common += 1
    if common and common >= len(pa) - 1 and common >= len(pb) - 1:
        return " > ".join(pa[:common])
    return None


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Join short pieces with their neighbours under the same heading (or sibling items) and role."""
    merged: list[_Piece] = []
    for piece in pieces:
        prev = merged[-1] if merged else None
        path = _joined_path(prev.path, piece.path) if prev is not None else None
        if (
            prev is not None
            and path is not None
            and prev.role == piece.role
            and (prev.end - prev.start < MIN_CHARS or piece.end - piece.start < MIN_CHARS)
            and piece.end - prev.start <= MAX_CHARS
        ):
            prev.end, prev.path = piece.end, path
        else:
            merged.append(_Piece(piece.start, piece.end, piece.path, piece.role))
    return merged
