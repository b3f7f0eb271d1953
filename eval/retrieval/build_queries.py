"""Build eval/retrieval/queries.jsonl: fact sentences from the corpus, rewritten as a writer pastes them.

Deterministic: the same documents give the same file. Sources are the sample corpus
(knowledge/) and ../shared/corpus (read, never copied). For each chunk of each document the
first clause group that carries a figure (assistant.figures, the one figure parser) becomes a
query after these rewriting rules:

1. cut the sentence into clauses at ，；：、 and keep the clause with the figure, joined with the
   clause before it when that clause is too short to name the thing counted;
2. drop leading discourse markers and subjects (截至目前、同时、一是、我局、全年共 …), the
   particles 了 and 的, the dressing words of report prose (进一步、全面、扎实、积极、持续、
   切实、大力 …), and a trailing 等;
3. problems (clauses with a problem cue word from assistant.roles) get the prefix 问题：, plans the prefix 计划: what writers type before such facts.

The gold answer is the source chunk, located by source file plus `span` (the clause text as
it stands in the document), so it survives re-chunking: a hit is gold when it comes from that
file and contains the span. Spans found in more than one chunk are dropped as ambiguous.

Run: .venv/bin/python -m eval.retrieval.build_queries
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

from assistant import roles
from assistant.data_files import read_yaml

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = Path(__file__).resolve().parent / "queries.jsonl"

PER_DOC = 12
MIN_LEN, MAX_LEN = 8, 34
_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_CLAUSE = re.compile(r"[^，,：:、]+")
WORDS_PATH = roles.WORDS_PATH.parent / "query_words.yaml"


@lru_cache(maxsize=1)
def _words() -> dict:
    """The words a rewrite drops (assistant/data/query_words.yaml)."""
    return read_yaml(WORDS_PATH, "查询改写词表")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


# numbering (一是, （一）, 1.) is grammar; the words around it are data
_LEADING = re.compile(
    rf"^(?:{_alt(_words()['leading'])}|"
    r"[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、．]|"
    rf"{_alt(_words()['leading_subjects'])})+"
)
_TRAILING = re.compile(rf"(?:{_alt(_words()['trailing'])})$")
# report prose dresses terse facts up with these; a writer's bullet leaves them out
_DRESSING = re.compile(_alt(_words()["dressing"]))


def documents() -> list[tuple[str, Path, dict]]:
    """(source label, path, metadata) for the knowledge files and the shared corpus."""
    catalog = json.loads((KNOWLEDGE / "catalog.json").read_text(encoding="utf-8"))
    docs = [
        (f"knowledge/{e['file']}", KNOWLEDGE / e["file"], {"title": e["title"]})
        for e in catalog
        if (KNOWLEDGE / e["file"]).exists()
    ]
    if CORPUS.is_dir():
        docs += [(f"corpus/{p.name}", p, {}) for p in sorted(CORPUS.glob("*.txt"))]
    return docs


def _has_figure(text: str) -> bool:
    """A written-out count with digits ("300余辆", "6.1%"), not "两个中心" or a quoted slogan."""
    from assistant.figures import find_figures

    return any(
        f.kind in ("number", "percent", "range") and re.search(r"\d", f.text) and f.unit
        for f in find_figures(text)
    )


def rewrite(clause: str, role: str) -> str:
    """A clause as a writer would paste it (rules 2 and 3 above)."""
    text = clause.strip().strip("“”\"' ")
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip("，, ")
    text = _TRAILING.sub("", _DRESSING.sub("", text.replace("了", ""))).strip()
    if role == "problems":
        text = "问题：" + text
    elif role == "plans" and not text.startswith(_plan_openers()):
        text = "计划" + text
    return text


@lru_cache(maxsize=1)
def _plan_openers() -> tuple[str, ...]:
    """Openers of a plan fact (plan_fact_openers in assistant/data/roles.yaml)."""
    return tuple(read_yaml(roles.WORDS_PATH, "角色词表")["plan_fact_openers"])


def _is_fact(clause: str, role: str) -> bool:
    """A figure for achievements and plans; a problem cue word (assistant.roles) for problems."""
    if role == "problems":
        from assistant.roles import PROBLEM_FACT_CUES

        return any(cue in clause for cue in PROBLEM_FACT_CUES if cue != "存在")
    return _has_figure(clause)


def candidates(text: str, role: str = "achievements"):
    """Spans: a fact clause, with its short predecessor when needed."""
    for sentence in _SENTENCE.finditer(text):
        clauses = [m.group(0).strip() for m in _CLAUSE.finditer(sentence.group(0))]
        clauses = [c for c in clauses if c]
        for i, clause in enumerate(clauses):
            if not _is_fact(clause, role):
                continue
            span = clause
            if len(_LEADING.sub("", clause)) < MIN_LEN and i > 0:
                joined = f"{clauses[i - 1]}，{clause}"
                if joined in sentence.group(0):
                    span = joined
                else:
                    continue
            yield span


def build() -> list[dict]:
    from assistant.chunking import chunk_document
    from assistant.loaders import load_document

    rows: list[dict] = []
    chunked = [
        (source, chunk_document(load_document(path), meta)) for source, path, meta in documents()
    ]
    texts = [c.text for _, chunks in chunked for c in chunks]
    for source, chunks in chunked:
        taken = 0
        # spread the queries over the document: every n-th chunk first, then the rest
        step = max(1, len(chunks) // PER_DOC)
        order = list(range(0, len(chunks), step)) + [i for i in range(len(chunks)) if i % step]
        for i in order:
            if taken >= PER_DOC:
                break
            chunk = chunks[i]
            for span in candidates(chunk.text, chunk.role):
                query = rewrite(span.replace("，", " ", 1) if "，" in span else span, chunk.role)
                plain = query.removeprefix("问题：").removeprefix("计划")
                if not (MIN_LEN <= len(plain) <= MAX_LEN):
                    continue
                if sum(span in t for t in texts) != 1:
                    continue  # ambiguous: the span is in more than one chunk
                rows.append(
                    {
                        "id": f"q{len(rows) + 1:03d}",
                        "query": query,
                        "source": source,
                        "span": span,
                        "role": chunk.role,
                        "heading_path": chunk.heading_path,
                        "chunk_id": chunk.chunk_id,  # informational: chunking may change
                    }
                )
                taken += 1
                break
    return rows


def main() -> int:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} queries -> {OUT.relative_to(ROOT)}")
    return 0 if len(rows) >= 150 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
