"""Evaluation cases: JSONL, one case per line, validated with messages the writer can act on."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InputError

CASE_ROLES = ("achievements", "problems", "plans")
_REQUIRED_STR = ("id", "title", "unit", "period", "next_period", "input", "reference")
# a case id names files (drafts/<system>/<id>.md): letters, digits, - _ and CJK only, so no
# id can climb out of the output folder, and short enough for any file system's name limit
MAX_ID_LENGTH = 64
SAFE_ID = re.compile(r"[A-Za-z0-9_\-\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Fact:
    text: str
    role: str


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    unit: str
    period: str
    next_period: str
    input: str
    facts: tuple[Fact, ...]
    reference: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "unit": self.unit,
            "period": self.period,
            "next_period": self.next_period,
            "input": self.input,
            "facts": [{"text": f.text, "role": f.role} for f in self.facts],
            "reference": self.reference,
            **self.extra,
        }


def case_from_json(data: Any, where: str) -> Case:
    """One case from its decoded JSON object; `where` names it in error messages."""
    if not isinstance(data, dict):
        raise InputError(f"{where}：每行应是一个 JSON 对象。")
    for key in _REQUIRED_STR:
        if not isinstance(data.get(key), str):
            raise InputError(f"{where}：缺少字符串字段 “{key}”。")
    if not data["id"].strip():
        raise InputError(f"{where}：“id” 不能为空。")
    check_case_id(data["id"], where)
    if not data["input"].strip():
        raise InputError(f"{where}（{data['id']}）：“input” 为空，没有可起草的事实。")
    raw_facts = data.get("facts")
    if not isinstance(raw_facts, list) or not raw_facts:
        raise InputError(f"{where}（{data['id']}）：“facts” 应是非空列表。")
    facts = []
    for n, item in enumerate(raw_facts, 1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not item["text"].strip()
        ):
            raise InputError(f"{where}（{data['id']}）：第 {n} 条事实缺少 “text”。")
        if item.get("role") not in CASE_ROLES:
            raise InputError(
                f"{where}（{data['id']}）：第 {n} 条事实的 “role” 应为 {' / '.join(CASE_ROLES)} 之一，"
                f"实际为 {item.get('role')!r}。"
            )
        facts.append(Fact(item["text"].strip(), item["role"]))
    extra = {k: v for k, v in data.items() if k not in (*_REQUIRED_STR, "facts")}
    return Case(
        id=data["id"],
        title=data["title"],
        unit=data["unit"],
        period=data["period"],
        next_period=data["next_period"],
        input=data["input"],
        facts=tuple(facts),
        reference=data["reference"],
        extra=extra,
    )


def check_case_id(case_id: str, where: str) -> None:
    """Refuse ids that are not a plain file name: ../x, /tmp/x, NUL, very long ones."""
    if len(case_id) > MAX_ID_LENGTH or not SAFE_ID.fullmatch(case_id):
        shown = repr(case_id[:40] + ("…" if len(case_id) > 40 else ""))
        raise InputError(
            f"{where}：用例编号 {shown} 不可用。",
            hint=f"编号只能由字母、数字、-、_ 和汉字组成，最长 {MAX_ID_LENGTH} 个字符。",
        )


def load_cases(path: str | Path) -> list[Case]:
    """All cases of a JSONL file; blank lines are skipped, ids must be unique."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"找不到评测用例文件 {path}。") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"评测用例文件 {path} 无法读取（应为 UTF-8 编码的 JSONL）：{exc}") from exc
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name} 第 {number} 行"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}：不是合法的 JSON（{exc.msg}，第 {exc.colno} 列）。") from exc
        case = case_from_json(data, where)
        if case.id in seen:
            raise InputError(f"{where}：用例编号 “{case.id}” 重复。")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise InputError(f"评测用例文件 {path} 中没有任何用例。")
    return cases


def write_cases(cases: list[Case], path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case.to_json(), ensure_ascii=False) + "\n")
