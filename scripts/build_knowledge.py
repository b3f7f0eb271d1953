"""Build knowledge/ from ../shared/seeds and ../shared/departments: cleaned reports, catalog.json.

Usage: python scripts/build_knowledge.py [--seeds DIR] [--departments DIR] [--out DIR]
A page that holds several reports (篇一/篇二) becomes one file per report. Of the department
pages (archived 平潭 information-disclosure pages) only the reports are taken, not the plans
alone ("…_2023plan.txt"); each entry records its source from SOURCES.tsv.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.cleaning import clean_document, split_collection  # noqa: E402
from assistant.loaders import decode_text  # noqa: E402
from assistant.metadata import (  # noqa: E402
    infer_next_period,
    infer_period,
    infer_title,
    infer_unit,
)

# "pingtan_zyst_2024sum_2025plan" -> key "zyst", year "2024"; a plan alone ends in "2023plan"
_DEPARTMENT_STEM_RE = re.compile(
    r"^[a-z]+_(?P<key>[a-z]+)_(?P<year>\d{4})(?P<kind>sum|report|plan)"
)


def collection_title(page_title: str, label: str) -> str:
    """ "2篇城乡环境大治理工作总结(参考):城乡社区治理工作总结" + 篇一 -> "城乡环境大治理工作总结（篇一）"."""
    title = re.sub(r"^\d+篇", "", page_title)
    title = re.split(r"[:：]", title)[0]
    title = re.sub(r"[（(](?:参考|范文|精选|通用)[)）]", "", title).strip()
    return f"{title}（{label}）"


def file_name(seed: Path, index: int, count: int) -> str:
    """ASCII names ("seed000.txt", "seed002-1.txt") travel through every tool; titles live in the catalog."""
    suffix = f"-{index + 1}" if count > 1 else ""
    return f"seed{seed.name[:3]}{suffix}.txt"


def build(seeds: Path, out: Path, departments: Path | None = None) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    catalog = _seed_entries(seeds, out)
    if departments is not None:
        catalog += _department_entries(departments, out)
    (out / "catalog.json").write_text(
        json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return catalog


def _cleaning_record(result) -> dict:
    return {
        "removed_lines": len(result.removed_lines),
        "joined_page_chunks": result.joined_page_chunks,
        "wrap_spaces_removed": result.wrap_spaces,
        "appendix_cut": result.appendix or None,
    }


def _seed_entries(seeds: Path, out: Path) -> list[dict]:
    catalog: list[dict] = []
    for path in sorted(seeds.glob("*.txt")):
        raw = decode_text(path.read_bytes(), str(path))
        result = clean_document(raw)
        file_title = result.file_titles[0] if result.file_titles else None
        page_title = infer_title(result.text) or path.stem
        pieces = split_collection(result.text)
        for index, (label, text) in enumerate(pieces):
            if label:
                title = collection_title(page_title, label)
                text = f"{title}\n\n{text.strip()}\n"
            else:
                title = page_title
            entry = {
                "file": file_name(path, index, len(pieces)),
                "title": title,
                "unit": infer_unit(text, title),
                "period": infer_period(text, filename=file_title, title=file_title or title),
                "source": f"seeds/{path.name}",
                "part": label or None,
                "cleaning": _cleaning_record(result),
            }
            if label:
                entry["note"] = (
                    f"{path.name} holds {len(pieces)} reports on one page; this is {label}."
                )
            (out / entry["file"]).write_text(text, encoding="utf-8")
            catalog.append(entry)
    return catalog


def department_file_name(stem: str) -> str | None:
    """ "pingtan_zyst_2024sum_2025plan" -> "dept-zyst-2024.txt"; None for a plan alone."""
    m = _DEPARTMENT_STEM_RE.match(stem)
    if not m or m.group("kind") == "plan":
        return None
    return f"dept-{m.group('key')}-{m.group('year')}.txt"


def _department_entries(departments: Path, out: Path) -> list[dict]:
    with (departments / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        sources = {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
    catalog: list[dict] = []
    for path in sorted(departments.glob("*.txt")):
        name = department_file_name(path.stem)
        if name is None:
            continue
        result = clean_document(decode_text(path.read_bytes(), str(path)))
        text = result.text
        title = infer_title(text)
        origin = sources[path.name]
        entry = {
            "file": name,
            "title": title,
            "unit": infer_unit(text, title),
            "period": infer_period(text, title=title),
            "next_period": infer_next_period(text, title=title),
            "source": f"departments/{path.name}",
            "url": result.page_header.get("原文链接") or None,
            "published": result.page_header.get("发布时间") or None,
            "origin": {k: origin[k] for k in ("repo", "path", "commit", "licence")},
            "part": None,
            "cleaning": _cleaning_record(result),
        }
        (out / name).write_text(text, encoding="utf-8")
        catalog.append(entry)
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--departments", type=Path, default=ROOT.parent / "shared" / "departments")
    parser.add_argument("--out", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args(argv)
    for folder, what in ((args.seeds, "种子报告"), (args.departments, "部门报告")):
        if not folder.is_dir():
            print(f"找不到{what}目录：{folder}", file=sys.stderr)
            return 1
    for entry in build(args.seeds, args.out, args.departments):
        print(f"{entry['file']}\t{entry['unit']}\t{entry['period']}\t{entry['source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
