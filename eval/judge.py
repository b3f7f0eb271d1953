"""Optional LLM judge (WritingBench-style rubric, five criteria scored 1-10), LLM backends only.

Its scores are reported as judge_<criterion> and the report marks them LLM-judged. The
prompt is prompts/eval_judge.yaml; the model is the configured drafting backend.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from assistant.errors import BackendBadResponse
from assistant.settings import Settings
from eval.cases import Case

CRITERIA = ("faithfulness", "structure", "style", "completeness", "coherence")
_REFERENCE_CHARS = 3000  # enough to show the reference's style without flooding small contexts
_JSON = re.compile(r"\{.*\}", re.S)


def parse_scores(answer: str) -> dict[str, int]:
    """The five 1-10 scores from the judge's answer; a malformed answer raises BackendBadResponse."""
    match = _JSON.search(answer or "")
    try:
        data = json.loads(match.group(0)) if match else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise BackendBadResponse("评委模型没有返回可解析的 JSON 评分。")
    scores = {}
    for name in CRITERIA:
        value = data.get(name)
        if not isinstance(value, int | float) or not 1 <= value <= 10:
            raise BackendBadResponse(f"评委模型给出的“{name}”评分无效：{value!r}。")
        scores[name] = int(round(value))
    return scores


def make_judge(
    settings: Settings, backend: str | None = None
) -> Callable[[Case, str], dict] | None:
    """A judge over an LLM backend (`backend` if it is one, else the configured one); None offline."""
    from assistant.drafting.backends import Task, backend_names, get_backend

    name = backend if backend in backend_names() else (settings.llm.backend or "offline")
    if name == "offline":
        return None
    from assistant.prompts import load_prompt

    model = get_backend(name, settings)
    spec = load_prompt("eval_judge")

    def judge(case: Case, draft: str) -> dict:
        facts = "\n".join(f"- {f.text}" for f in case.facts)
        messages = spec.render(
            title=case.title, facts=facts, draft=draft, reference=case.reference[:_REFERENCE_CHARS]
        )
        answer = model.generate(Task(kind="judge", prompt=spec.name, messages=messages))
        try:
            scores = parse_scores(answer)
        except BackendBadResponse as exc:
            return {
                "scores": {f"judge_{c}": None for c in CRITERIA},
                "error": str(exc),
                "answer": answer[:500],
            }
        return {
            "scores": {f"judge_{c}": v for c, v in scores.items()},
            "answer": answer[:500],
            "llm_judged": True,
        }

    return judge
