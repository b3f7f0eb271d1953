"""One rule, one place: the guard, the structure lint and the eval metrics share no copied line.

Their rules live in assistant/checks.py; a line of code (not an import, a bracket or a
keyword) that two of these files both contain is a rule written twice.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("assistant/guard.py", "eval/lint.py", "eval/lint_writing.py", "eval/metrics.py")
MIN_CHARS = 24  # shorter lines ("return found", "for h in doc.headings:") say too little


def code_lines(path: Path) -> set[str]:
    lines = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"\s+", " ", raw.split("  #")[0]).strip()
        if len(line) < MIN_CHARS or line.startswith(("#", "import ", "from ", '"""', "def ")):
            continue
        lines.add(line)
    return lines


def shared(texts: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    return [
        (a, b, line)
        for (a, la), (b, lb) in itertools.combinations(texts.items(), 2)
        for line in sorted(la & lb)
    ]


def test_guard_lint_and_metrics_share_no_rule_line():
    texts = {name: code_lines(ROOT / name) for name in FILES}
    assert shared(texts) == []


def test_the_scan_sees_a_copied_line(tmp_path):
    rule = "if h.number != last[h.level] + 1 and not h.missing_marker:\n"
    (tmp_path / "a.py").write_text("x = 1\n" + rule, encoding="utf-8")
    (tmp_path / "b.py").write_text("    " + rule, encoding="utf-8")
    texts = {n: code_lines(tmp_path / n) for n in ("a.py", "b.py")}
    assert [line for _, _, line in shared(texts)] == [rule.strip()]
