"""What the structure lint reports: rules with their basis, findings with positions, the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

GB = "GB/T 9704-2012 §7.3.3"
COMMON = "common practice"

#: rule id -> (basis, what it checks, in Chinese for the writer)
RULES: dict[str, tuple[str, str]] = {
    "heading_levels": (GB, "标题层次依次为“一、”→“（一）”→“1.”→“（1）”，不跳级"),
    "heading_numbering": (COMMON, "同级序号连续、不重复，在每个上级标题下重新从一（1）编起"),
    "marker_punctuation": (GB, "各层序号写法：“一、”“（一）”“1.”“（1）”，序号后不加其他标点"),
    "runin_sequence": (COMMON, "“一是、二是、三是……”依次连续"),
    "parts": (COMMON, "工作开展情况、存在的主要问题、工作计划三部分齐全并依次排列"),
    "period": (COMMON, "各部分标题中的时间与总结期、计划期一致"),
    "empty_heading": (COMMON, "每个标题有标题文字，且标题下有内容"),
    "title": (
        COMMON,
        "文首有标题，含文种（总结、计划、报告等），末尾不加标点（参照 GB/T 9704-2012 §7.3.1）",
    ),
    "repetition": (COMMON, "同一句话或套话不重复出现"),
    "raw_label": (COMMON, "正文中不留材料里的标签（如“计划：”“问题：”）"),
    "plan_in_achievements": (COMMON, "工作开展情况部分只写已做的工作，不混入计划句"),
}


@dataclass
class Finding:
    rule: str
    basis: str
    message: str
    start: int
    end: int
    line: int = 0
    column: int = 0
    excerpt: str = ""

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "basis": self.basis,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
        }


@dataclass
class RuleResult:
    rule: str
    basis: str
    description: str
    applicable: bool = True
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "basis": self.basis,
            "description": self.description,
            "applicable": self.applicable,
            "passed": self.passed,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class LintResult:
    text: str
    rules: list[RuleResult]

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.rules for f in r.findings), key=lambda f: (f.start, f.rule))

    @property
    def compliance(self) -> float:
        """Share of applicable rules with no finding."""
        applicable = [r for r in self.rules if r.applicable]
        return sum(r.passed for r in applicable) / len(applicable) if applicable else 1.0

    def rule(self, rule_id: str) -> RuleResult:
        return next(r for r in self.rules if r.rule == rule_id)

    def to_json(self) -> dict:
        return {
            "compliance": self.compliance,
            "rules": [r.to_json() for r in self.rules],
            "findings": [f.to_json() for f in self.findings],
        }

    def format(self, name: str = "") -> str:
        """Human-readable report: one line per finding with line:column, then each rule's verdict."""
        lines = []
        for f in self.findings:
            where = f"{name}:{f.line}:{f.column}" if name else f"第{f.line}行第{f.column}列"
            lines.append(f"{where}  [{f.rule}]  {f.message}  「{f.excerpt}」")
        if lines:
            lines.append("")
        for r in self.rules:
            verdict = (
                "不适用"
                if not r.applicable
                else ("通过" if r.passed else f"未通过（{len(r.findings)} 处）")
            )
            lines.append(f"{verdict:<10} {r.rule:<20} {r.description}  〔{r.basis}〕")
        lines.append(f"合规率：{self.compliance:.0%}")
        return "\n".join(lines)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    end = min(max(end, start + 1), start + width)
    return text[start:end].replace("\n", "⏎")


class Collector:
    def __init__(self, text: str):
        self.text = text
        self.results = {rule: RuleResult(rule, *RULES[rule]) for rule in RULES}

    def add(self, rule: str, message: str, start: int, end: int | None = None) -> None:
        end = start + 1 if end is None else end
        line, column = _position(self.text, start)
        basis = RULES[rule][0]
        excerpt = _excerpt(self.text, start, end)
        self.results[rule].findings.append(
            Finding(rule, basis, message, start, end, line, column, excerpt)
        )

    def not_applicable(self, rule: str) -> None:
        self.results[rule].applicable = False
