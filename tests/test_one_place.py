"""One rule, one place: the guard, the structure lint and the eval metrics share no copied line.

Their rules live in assistant/checks.py; a line of code (not an import, a bracket or a
keyword) that two of these files both contain is a rule written twice.

Words are data: the app's code (app.py, assistant/ui/) holds no Chinese word list; its words
are in YAML under assistant/data/ (intents.yaml, revise.yaml, roles.yaml).
"""

from __future__ import annotations

import ast
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


# a Chinese word: CJK characters only, as a word list or an alternation in a pattern holds them
_WORD = re.compile(r"^[\u4e00-\u9fff]{1,12}$")
_ALTERNATION = re.compile(r"[\u4e00-\u9fff]+\|[\u4e00-\u9fff]+")
# a table's column headers are shown, never matched against text
_LABELS = re.compile(r"headers?$|columns?$", re.IGNORECASE)
# names whose Chinese is grammar or quoted text, not a word list (keep this short):
GRAMMAR = {
    "_GROUP_UNITS",  # structure/model.py: 万, 亿, 万亿 separate the digit groups of a numeral
    "_MARKER_RE",  # structure/markers.py: 一是/一要 is run-in numbering, like 一、 and （一）
    "segments",  # eval/case_specs.py: verbatim slices of a source report that a case keeps
}


def word_lists(path: Path) -> list[tuple[int, object]]:
    """(line, words) for each literal list, tuple or set of two or more Chinese words, and
    each string with a regex alternation of Chinese words ("部分|大项"), outside headers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def shown(node: ast.AST) -> bool:  # inside a `headers=` argument, a *_COLUMNS name, ...
        while node in parents:
            node = parents[node]
            names = [getattr(node, "name", None), getattr(node, "arg", None)]
            targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
            names += [getattr(t, "id", None) or getattr(t, "attr", None) for t in targets]
            if any(n and (_LABELS.search(n) or n in GRAMMAR) for n in names):
                return True
        return False

    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            words = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and _WORD.match(e.value)
            ]
            if len(words) >= 2 and not shown(node):
                found.append((node.lineno, words))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _ALTERNATION.search(node.value) and not shown(node):
                found.append((node.lineno, node.value))
    return found


def test_no_chinese_word_list_in_the_app_code():
    files = [ROOT / "app.py", *sorted((ROOT / "assistant" / "ui").glob("*.py"))]
    found = {str(p.relative_to(ROOT)): hits for p in files if (hits := word_lists(p))}
    assert found == {}


# Phrase patterns not yet moved to YAML: how many alternations each file still holds. A count
# may only go down; a file not named here may hold none. (Issue 9: their words go to YAML next.)
PENDING_PATTERNS = {
    "assistant/cleaning.py": 10,
    "assistant/cli/draft.py": 1,
    "assistant/drafting/framing.py": 1,
    "assistant/facts.py": 1,
    "assistant/metadata.py": 5,  # period grammar (上半年, 第一季度), speech lines
    "assistant/roles.py": 1,
    "assistant/structure/sections.py": 3,
}


def package_modules() -> list[Path]:
    return [p for folder in ("assistant", "eval") for p in sorted((ROOT / folder).rglob("*.py"))]


def test_no_chinese_word_list_in_the_package_code():
    found = {
        str(p.relative_to(ROOT)): hits
        for p in package_modules()
        if (hits := [(line, w) for line, w in word_lists(p) if isinstance(w, list)])
    }
    assert found == {}


def test_phrase_patterns_in_python_only_go_down():
    counts = {
        str(p.relative_to(ROOT)): n
        for p in package_modules()
        if (n := sum(isinstance(w, str) for _, w in word_lists(p)))
    }
    over = {f: n for f, n in counts.items() if n > PENDING_PATTERNS.get(f, 0)}
    assert over == {}


def test_the_word_list_scan_sees_lists_and_patterns_but_not_headers(tmp_path):
    code = tmp_path / "intents.py"
    code.write_text(
        'TITLE_WORDS = ("换个标题", "改标题")\n'
        'OPS = {"condense": ["精简", "压缩"]}\n'
        'import re\nPART = re.compile(r"第(一|二)(?:部分|大项)")\n'
        'DOC_COLUMNS = ["标题", "单位"]\n'
        'def case_headers():\n    return ["用例", "系统"]\n'
        'view = dict(headers=["指标", "含义"], note="完成")\n'
        'ONE = ("精简", "P05")\n'
        '_GROUP_UNITS = ("", "万", "亿")\n'
        'x = f(segments=(("区整脏治乱", "二创新载体"),))\n'
        'RUN_IN = re.compile(r"一(是|要)")\n'
        '_MARKER_RE = re.compile(r"一(是|要)")\n',
        encoding="utf-8",
    )
    assert [line for line, _ in word_lists(code)] == [1, 2, 4, 12]


# "a text covers a fact" has one definition: assistant/checks.py (carries, fact_score, locate)
COVERAGE_DEFS = re.compile(
    r"^\s*(?:def\s+(?:carries|covers|fact_score|fact_share|locate_fact|locate|coverage)\b"
    r"|(?:COVERAGE_THRESHOLD|PLACED|COVERED)\s*=)",
    re.M,
)


def test_fact_coverage_is_defined_once():
    found = sorted(
        str(path.relative_to(ROOT))
        for folder in ("assistant", "eval")
        for path in (ROOT / folder).rglob("*.py")
        if COVERAGE_DEFS.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["assistant/checks.py"]
    # the metric and the case builder call it; the LCS serves ROUGE-L alone
    assert "checks.locate(" in (ROOT / "eval/metrics.py").read_text(encoding="utf-8")
    assert "checks.locate(" in (ROOT / "eval/build_cases.py").read_text(encoding="utf-8")
    users = sorted(
        str(path.relative_to(ROOT))
        for folder in ("assistant", "eval")
        for path in (ROOT / folder).rglob("*.py")
        if "lcs_length(" in path.read_text(encoding="utf-8")
    )
    assert users == ["eval/lcs.py"]


def test_the_coverage_scan_sees_a_second_definition():
    assert COVERAGE_DEFS.search("x = 1\nCOVERAGE_THRESHOLD = 0.6\n")
    assert COVERAGE_DEFS.search("    def locate_fact(text, sentences):\n")
    assert not COVERAGE_DEFS.search("def locate_heading(text):\n")


def test_word_files_are_read_in_one_place():
    """Every YAML word, phrase or prompt file of the package is read by
    assistant.data_files.read_yaml: one typed error naming the file, one place to change."""
    readers = [
        str(path.relative_to(ROOT))
        for folder in ("assistant", "eval")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "yaml.safe_load" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["assistant/data_files.py"]
