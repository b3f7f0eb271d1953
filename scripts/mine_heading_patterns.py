"""Mine the shapes of real （一）-level headings, by part role: `python scripts/mine_heading_patterns.py`.

Reads the reports of knowledge/ and, when present, ../shared/corpus and ../shared/departments
(cleaned with assistant.cleaning), takes every level-2 heading with the role of its part
(assistant.structure), and prints per role: the clause shapes ("V+X" one clause, "V+X，V+Y",
"V+X，Y+tail"), the clause-opening verbs, the closing phrases and the last content words
of X ("建设", "治理": the work_heads and object_heads) with their counts. The
patterns in assistant/data/heading_patterns.yaml were chosen from this output; `--check`
exits 1 when a verb or tail of that file is never seen in the reports.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import topics  # noqa: E402
from assistant.cleaning import clean_text  # noqa: E402
from assistant.figures import find_figures  # noqa: E402
from assistant.key_phrases import load_patterns  # noqa: E402
from assistant.structure import parse_document  # noqa: E402


def report_paths() -> list[Path]:
    return topics.corpus_paths()


def headings_by_role() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for path in report_paths():
        doc = parse_document(clean_text(path.read_text(encoding="utf-8")))
        for part in doc.parts:
            for child in part.children:
                title = child.heading.title.strip().rstrip("。")
                if child.heading.level == 2 and 4 <= len(title) <= 30:
                    out[part.role].append(title)
    return out


def runin_leads() -> list[str]:
    """The short figure-free clause a run-in item opens with ("一是推进城乡融合进程。完善…"):
    a heading written inline, as the department reports write their sub-sections."""
    leads = []
    for path in report_paths():
        text = clean_text(path.read_text(encoding="utf-8"))
        for runin in parse_document(text).runins:
            m = re.match(r"([^。；;！？!?]{4,24})。", text[runin.end : runin.end + 40])
            if m and not find_figures(m.group(1)):
                leads.append(m.group(1))
    return leads


def lead_openers(minimum: int = 3) -> Counter:
    """First words of the level-2 headings and run-in leads, seen at least `minimum` times."""
    titles = [t for ts in headings_by_role().values() for t in ts] + runin_leads()
    firsts = Counter(topics.cut(t)[0] for t in titles if topics.cut(t))
    return Counter({w: n for w, n in firsts.items() if n >= minimum and len(w) >= 2})


def clause_head(clause: str) -> str:
    """The last content word of a clause, closing stock words aside ("耕地保护取得新成效" -> 保护)."""
    words = [w for w in topics.cut(clause) if topics.is_content(w)]
    return words[-1] if words else ""


def clause_shape(clause: str) -> tuple[str, str, str]:
    """(shape, opening verb, closing stock phrase) of one heading clause."""
    words = topics.cut(clause)
    verb = words[0] if words and topics.word_flag(words[0]).startswith("v") else ""
    tail = ""
    for n in (3, 2, 1):  # the longest run of stock words that closes the clause
        end = words[-n:]
        if len(words) > n and all(not topics.is_content(w) for w in end):
            tail = "".join(end)
            break
    return ("V+X" if verb else "X") + ("+tail" if tail else ""), verb, tail


def mine() -> dict[str, dict[str, Counter]]:
    result: dict[str, dict[str, Counter]] = {}
    for role, titles in headings_by_role().items():
        shapes, verbs, tails, heads = Counter(), Counter(), Counter(), Counter()
        for title in titles:
            clauses = [c for c in re.split(r"[，,；;]", title) if c]
            shape = []
            for clause in clauses[:2]:
                kind, verb, tail = clause_shape(clause)
                shape.append(kind)
                if verb:
                    verbs[verb] += 1
                if tail:
                    tails[tail] += 1
                if clause_head(clause):
                    heads[clause_head(clause)] += 1
            shapes["，".join(shape)] += 1
        result[role] = {"headings": Counter({"": len(titles)}), "shapes": shapes}
        result[role] |= {"verbs": verbs, "tails": tails, "heads": heads}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on unseen verbs or tails")
    args = parser.parse_args(argv)
    mined = mine()
    for role, counts in mined.items():
        print(f"== {role}: {counts['headings']['']} headings")
        for key in ("shapes", "verbs", "tails", "heads"):
            top = "  ".join(f"{k}×{n}" for k, n in counts[key].most_common(20))
            print(f"  {key}: {top}")
    openers = lead_openers()
    print("== lead openers:", "  ".join(f"{k}×{n}" for k, n in openers.most_common()))
    unseen = [
        f"lead_openers: {w}" for w in load_patterns().get("lead_openers", []) if w not in openers
    ]
    for role, spec in load_patterns()["roles"].items():
        seen = mined.get(role, {})
        for key in ("verbs", "verbs2", "tails", "tails1"):
            for word in spec.get(key, []):
                pool = seen.get("verbs" if key.startswith("verb") else "tails", Counter())
                if not any(word in k or k in word for k in pool):
                    unseen.append(f"{role}.{key}: {word}")
    if unseen:
        print("not seen in the reports' headings:", "、".join(unseen))
    return 1 if args.check and unseen else 0


if __name__ == "__main__":
    raise SystemExit(main())
