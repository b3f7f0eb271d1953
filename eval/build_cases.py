"""Build eval/cases/dev.jsonl and eval/cases/corpus.jsonl: `python -m eval.build_cases`.

dev.jsonl: the five seed reports (城管 and 治理办). corpus.jsonl: the department reports in
knowledge/, two cases each, their facts chosen by rule in eval/corpus_specs.py.

Facts are curated by hand in eval/case_specs.py (each a short line a writer would paste, with
figures copied verbatim from the report). The script takes the reference from the cleaned text in knowledge/
(falling back to ../shared/seeds), cuts slice cases out of it, writes the paste in the case's
style (with or without 成绩：/问题：/计划： markers) and checks every fact against the reference:
each figure verbatim, and carried by one paragraph (`checks.carries`). A fact that fails stops the build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import checks
from assistant.cleaning import clean_text, split_collection
from assistant.figures import contains_figure, find_figures
from eval.case_specs import SPECS, A, L, P, Spec
from eval.cases import Case, Fact, write_cases
from eval.corpus_specs import CorpusSpec, build_specs

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = Path(__file__).resolve().parent / "cases" / "dev.jsonl"
CORPUS_OUT = OUT.with_name("corpus.jsonl")

_MARKERS = {
    "1.": {A: "成绩：", P: "问题：", L: "计划："},
    "•": {A: "成效：", P: "不足：", L: "下一步："},
    "1、": {A: "工作情况：", P: "问题：", L: "下一步："},
    "（1）": {A: "成效：", P: "问题：", L: "打算："},
    "-": {A: "完成情况：", P: "问题：", L: "计划："},
    "plain": {A: "成绩：", P: "问题：", L: "计划："},
}


def _bullet(style: str, n: int) -> str:
    return {"1.": f"{n}. ", "•": "• ", "1、": f"{n}、", "（1）": f"（{n}）", "-": "- "}.get(
        style, ""
    )


def make_paste(spec: Spec) -> str:
    """The facts as the writer pastes them, in the case's bullet style, with or without markers."""
    if spec.style == "semicolon":
        return "；".join(text for _, text in spec.facts) + "。"
    lines: list[str] = []
    if spec.marked:
        for role in (A, P, L):
            texts = [text for r, text in spec.facts if r == role]
            if not texts:
                continue
            lines.append(_MARKERS[spec.style][role])
            lines += [_bullet(spec.style, n) + text for n, text in enumerate(texts, 1)]
    else:
        lines = [_bullet(spec.style, n) + text for n, (_, text) in enumerate(spec.facts, 1)]
    return "\n".join(lines) + "\n"


def make_corpus_paste(spec: CorpusSpec) -> str:
    """A corpus case's paste: make_paste's layout, with the writer's sub-heading lines when the
    case carries them (the reference's （一） headings, bare or with their marker)."""
    if not spec.marked:
        lines = [_bullet(spec.style, n) + f.text for n, f in enumerate(spec.facts, 1)]
        return "\n".join(lines) + "\n"
    lines: list[str] = []
    for role in (A, P, L):
        facts = [f for f in spec.facts if f.role == role]
        if not facts:
            continue
        lines.append(_MARKERS[spec.style][role])
        heading = None
        for n, fact in enumerate(facts, 1):
            if spec.headings and fact.heading and fact.heading != heading:
                heading = fact.heading
                lines.append(heading if spec.headings == "marker" else _bare(heading))
            lines.append(_bullet(spec.style, n) + fact.text)
    return "\n".join(lines) + "\n"


def _bare(label: str) -> str:
    """ "（一）坚持党建引领，从严治党纵深发展" -> "坚持党建引领，从严治党纵深发展"."""
    from assistant.structure import marker_candidates

    found = [c for c in marker_candidates(label) if c.start == 0]
    return label[found[0].end :].strip() if found else label


def build_corpus() -> tuple[list[Case], list[str]]:
    """The corpus cases, each fact checked against its reference as dev facts are."""
    cases, errors = [], []
    for spec in build_specs():
        for fact in spec.facts:
            for problem in check_fact(fact.text, spec.reference):
                errors.append(f"{spec.id} [{fact.role}] {fact.text}: {problem}")
        extra = {"source": spec.source, "marked": spec.marked, "note": spec.note}
        if spec.headings:
            extra["subheadings"] = spec.headings
        cases.append(
            Case(
                id=spec.id,
                title=spec.title,
                unit=spec.unit,
                period=spec.period,
                next_period=spec.next_period,
                input=make_corpus_paste(spec),
                facts=tuple(Fact(f.text, f.role) for f in spec.facts),
                reference=spec.reference,
                extra=extra,
            )
        )
    return cases, errors


def source_text(seed: str, part: str = "") -> tuple[str, Path]:
    """The cleaned seed report: knowledge/ (via its catalog.json) if built, else the raw seed cleaned."""
    catalog = KNOWLEDGE / "catalog.json"
    if catalog.is_file():
        for entry in json.loads(catalog.read_text(encoding="utf-8")):
            if (
                Path(entry["source"]).name.startswith(f"{seed}_")
                and (entry.get("part") or "") == part
            ):
                path = KNOWLEDGE / entry["file"]
                return path.read_text(encoding="utf-8"), path
    for path in sorted(SEEDS.glob(f"{seed}_*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        pieces = dict(split_collection(text))
        return (pieces[part] if part else text), path
    raise FileNotFoundError(f"no seed report {seed}_* in {KNOWLEDGE} or {SEEDS}")


def _find(text: str, anchor: str, start: int = 0) -> int:
    pos = text.find(anchor, start)
    if pos < 0:  # the cleaned text may use full-width brackets where the raw seed has ASCII
        alt = anchor.replace("(", "（").replace(")", "）")
        pos = text.find(alt, start)
    if pos < 0:
        raise ValueError(f"anchor {anchor!r} not found")
    return pos


def cut_reference(text: str, segments: tuple[tuple[str, str], ...]) -> str:
    """The pieces between each (start, end) anchor, joined by line breaks; the whole text if none."""
    if not segments:
        return text.strip()
    pieces, cursor = [], 0
    for start_anchor, end_anchor in segments:
        start = _find(text, start_anchor, cursor)
        end = _find(text, end_anchor, start + 1) if end_anchor else len(text)
        pieces.append(text[start:end].strip())
        cursor = end
    return "\n".join(pieces)


def check_fact(text: str, reference: str) -> list[str]:
    """Why a fact does not come from the reference (empty when it does)."""
    problems = [
        f"figure {f.text} not in reference"
        for f in find_figures(text)
        if not contains_figure(reference, f)
    ]
    share, start = checks.locate(reference, text)  # the guard's and the metrics' one rule
    if start is None:
        problems.append(f"only {share:.0%} of its wording found in one paragraph")
    return problems


def build(specs: tuple[Spec, ...] = SPECS) -> tuple[list[Case], list[str]]:
    cases, errors = [], []
    for spec in specs:
        text, path = source_text(spec.seed, spec.part)
        try:
            reference = cut_reference(text, spec.segments)
        except ValueError as exc:
            errors.append(f"{spec.id}: {exc} in {path.name}")
            continue
        for role, fact in spec.facts:
            for problem in check_fact(fact, reference):
                errors.append(f"{spec.id} [{role}] {fact}: {problem}")
        where = "seeds" if path.parent == SEEDS else "knowledge"
        extra = {
            "source": f"{where}/{path.name}",
            "seed": spec.seed + (f" {spec.part}" if spec.part else ""),
            "marked": spec.marked,
        }
        if spec.note:
            extra["note"] = spec.note
        cases.append(
            Case(
                id=spec.id,
                title=spec.title,
                unit=spec.unit,
                period=spec.period,
                next_period=spec.next_period,
                input=make_paste(spec),
                facts=tuple(Fact(text, role) for role, text in spec.facts),
                reference=reference,
                extra=extra,
            )
        )
    return cases, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT), help="where dev.jsonl goes")
    parser.add_argument("--corpus-out", default=str(CORPUS_OUT), help="where corpus.jsonl goes")
    parser.add_argument("--set", choices=("dev", "corpus", "all"), default="all")
    parser.add_argument("--check", action="store_true", help="only check the facts, write nothing")
    args = parser.parse_args(argv)
    built = []
    if args.set in ("dev", "all"):
        built.append((build(), args.out))
    if args.set in ("corpus", "all"):
        built.append((build_corpus(), args.corpus_out))
    errors = [e for (_, errs), _ in built for e in errs]
    for error in errors:
        print("FACT CHECK:", error, file=sys.stderr)
    if errors:
        return 1
    for (cases, _), out in built:
        if not args.check:
            write_cases(cases, out)
            print(f"wrote {len(cases)} cases to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
