"""The import graph of assistant/ and eval/: no cycle, and nothing imports from a higher layer.

The layers are the ones written in docs/ARCHITECTURE.md ("Layers"); this test reads them from
there, so the document and the code cannot drift apart. Every import counts, also one made
inside a function.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "eval")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """The modules of ours that a file imports: `from a.b import c` is a.b.c when that is a
    module, else a.b."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                for a in node.names
            ]
        else:
            continue
        for name in (n for n in names if n in known):
            out.add(name)
            # importing a.b.c runs a/__init__ and a/b/__init__ too: those are edges as well
            parent = name.rpartition(".")[0]
            while parent:
                if parent in known:
                    out.add(parent)
                parent = parent.rpartition(".")[0]
    return out


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    # a module's own packages are run before it anyway: no edge to them (as Python sees it)
    return {
        name: {t for t in imports(path, known) if t != name and not name.startswith(t + ".")}
        for name, path in found.items()
    }


def layers() -> list[list[str]]:
    """The "Layers" list of docs/ARCHITECTURE.md, lowest first: one line per layer,
    `N. name: module, module.*, ...`."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\d+\. \*\*[^*]+\*\*: (.+)$", section, re.M)
    return [[m.strip(" `") for m in row.split(",")] for row in rows]


def layer_of(module: str, table: list[list[str]]) -> int | None:
    best, length = None, -1
    for index, patterns in enumerate(table):
        for pattern in patterns:
            base = pattern[:-2] if pattern.endswith(".*") else pattern
            hit = module == base or (pattern.endswith(".*") and module.startswith(base + "."))
            if hit and len(base) > length:
                best, length = index, len(base)
    return best


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_architecture_document_lists_every_module_in_a_layer():
    table = layers()
    assert len(table) >= 4, "docs/ARCHITECTURE.md has no Layers list"
    unplaced = [m for m in modules() if layer_of(m, table) is None]
    assert unplaced == [], f"modules in no layer of docs/ARCHITECTURE.md: {unplaced}"


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_nothing_imports_from_a_higher_layer():
    table = layers()
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        for target in sorted(targets)
        if (layer_of(target, table) or 0) > (layer_of(module, table) or 0)
    ]
    assert upward == []


def test_the_checker_sees_a_cycle_and_an_upward_import():
    # the checks themselves can fail: a cycle, and a lower layer reaching up
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    table = [["assistant.figures"], ["assistant.drafting.*"]]
    assert layer_of("assistant.drafting.chain", table) == 1
    assert layer_of("assistant.figures", table) == 0
