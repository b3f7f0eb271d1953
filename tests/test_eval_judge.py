"""The optional LLM judge: its rubric prompt, its answer parsing, and a real tiny model through it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import BackendBadResponse
from assistant.prompts import load_prompt
from eval.cases import load_cases
from eval.judge import CRITERIA, make_judge, parse_scores

ROOT = Path(__file__).resolve().parents[1]
CASE = load_cases(ROOT / "eval" / "cases" / "dev.jsonl")[0]


def test_rubric_prompt_renders_from_the_yaml_file():
    spec = load_prompt("eval_judge")
    text = spec.render_text(
        title=CASE.title, facts="- 查处非法营运黑车300余辆", draft="草稿", reference="参考"
    )
    for criterion in CRITERIA:
        assert criterion in text
    assert "1–10" in text and "查处非法营运黑车300余辆" in text


def test_parse_scores_reads_json_in_chatter():
    answer = 'Sure: {"faithfulness": 9, "structure": 8, "style": 7, "completeness": 6, "coherence": 5, "reason": "ok"}'
    assert parse_scores(answer) == dict(zip(CRITERIA, (9, 8, 7, 6, 5), strict=True))


@pytest.mark.parametrize(
    "answer",
    [
        "no json here",
        '{"faithfulness": 11, "structure": 8, "style": 7, "completeness": 6, "coherence": 5}',
        "{broken",
    ],
)
def test_parse_scores_rejects_bad_answers(answer):
    with pytest.raises(BackendBadResponse):
        parse_scores(answer)


def test_no_judge_with_the_offline_engine(settings):
    assert settings.llm.backend == "offline"
    assert make_judge(settings) is None
    assert make_judge(settings, "offline") is None


@pytest.mark.slow
def test_real_tiny_model_judges_without_crashing(settings, smollm2_gguf):
    gguf = smollm2_gguf
    llm = replace(
        settings.llm, backend="llamacpp", model_path=str(gguf), max_tokens=120, temperature=0.0
    )
    judge = make_judge(replace(settings, llm=llm))
    assert judge is not None
    result = judge(CASE, "一、工作开展情况\n查处非法营运黑车300余辆。\n")
    assert set(result["scores"]) == {f"judge_{c}" for c in CRITERIA}
    # SmolLM2-135M rarely writes the JSON asked for: then the scores are None and the error says why
    if result.get("error"):
        assert all(v is None for v in result["scores"].values())
        assert "评委模型" in result["error"]
    else:
        assert all(1 <= v <= 10 for v in result["scores"].values())
