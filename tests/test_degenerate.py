"""The degenerate-output watch on real text: SmolLM2's loops, and real reports that must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting import degenerate as dg
from assistant.drafting.chain import draft
from assistant.drafting.model import DraftRequest
from assistant.structure import parse_document

DATA = Path(__file__).resolve().parent / "data" / "degenerate"
PROMPTS = ("opening", "section_achievements", "section_problems", "section_plans", "repair")
ALL_INSTRUCTIONS = frozenset().union(*(dg.prompt_instructions(n) for n in PROMPTS))


def stream(
    text: str, instructions: frozenset[str], piece: int = 2
) -> tuple[dg.Verdict | None, int]:
    """Feed text as a model streams it; (verdict, characters seen when it came)."""
    watch = dg.Watch(instructions)
    for i in range(0, len(text), piece):
        verdict = watch.feed(text[i : i + piece])
        if verdict:
            return verdict, len(watch.text)
    return watch.finish(), len(text)


def test_smollm2_reading_the_opening_prompt_back_is_stopped_in_its_first_loop():
    # captured from SmolLM2-135M through llama.cpp (tests/data/degenerate/README.md)
    text = (DATA / "smollm2_opening.txt").read_text(encoding="utf-8")
    verdict, seen = stream(text, dg.prompt_instructions("opening"))
    assert verdict is not None and verdict.kind == "prompt_echo"
    assert seen < 120 < len(text)
    assert "照抄了提示词" in verdict.message


def test_smollm2_counting_loop_is_stopped_early():
    text = (DATA / "smollm2_section_achievements.txt").read_text(encoding="utf-8")
    verdict, seen = stream(text, dg.prompt_instructions("section_achievements"))
    assert verdict is not None and verdict.kind == "loop"
    assert seen <= 60


def test_a_line_written_three_times_is_a_loop(knowledge_dir):
    line = next(
        x
        for x in (knowledge_dir / "seed003.txt").read_text(encoding="utf-8").splitlines()
        if len(x) > 20
    )
    assert dg.check(f"{line}\n{line}\n") is None  # twice can happen
    verdict = dg.check(f"{line}\n{line}\n{line}\n")
    assert verdict is not None and verdict.kind == "repeated_line"


def test_a_numbered_loop_with_changing_numbers_is_caught_by_its_ngrams():
    text = "".join(f"{i}. 查处非法营运黑车300余辆，清除牛皮癣900余处；" for i in range(1, 8))
    assert dg.repeated_line(text) is None and dg.loop_tail(text) is None
    verdict = dg.check(text)
    assert verdict is not None and verdict.kind == "repeated_ngrams"


def test_instructions_leave_out_variables_and_quoted_phrases():
    grams = dg.prompt_instructions("opening")
    # the fixed wording counts ...
    echo = "请为某局2023年工作总结及2024年工作计划写一段开头导语，三到四句话：说明2023年工作围绕"
    assert dg.prompt_echo(echo, grams)
    # ... the sentence the prompt asks for, and the variables' values, do not
    closing = "现将2023年工作总结及2024年工作计划报告如下："
    assert dg.prompt_echo(closing * 3, grams) is None
    facts = dg.prompt_instructions("section_achievements")
    fact = "查处非法营运黑车300余辆，清除牛皮癣900余处，拆除户外广告200处"
    assert dg.prompt_echo(fact, facts) is None


def _report_parts(folder: Path):
    for path in sorted(folder.glob("*.txt")):
        doc = parse_document(path.read_text(encoding="utf-8"))
        for part in doc.parts:
            yield path.name, part.text(doc)


def test_real_reports_are_not_degenerate(knowledge_dir):
    parts = list(_report_parts(knowledge_dir))
    assert len(parts) >= 15
    flagged = [(name, stream(text, ALL_INSTRUCTIONS, 7)[0]) for name, text in parts]
    assert [f for f in flagged if f[1]] == []


def test_shared_corpus_reports_are_not_degenerate(corpus_dir):
    flagged = [
        (name, stream(text, ALL_INSTRUCTIONS, 7)[0]) for name, text in _report_parts(corpus_dir)
    ]
    assert flagged and [f for f in flagged if f[1]] == []


@pytest.mark.parametrize("case", ["d000-full", "d003-full"])
def test_offline_drafts_pass_the_watch_of_their_own_prompts(case, settings):
    from eval.cases import load_cases

    by_id = {
        c.id: c for c in load_cases(Path(__file__).resolve().parents[1] / "eval/cases/dev.jsonl")
    }
    c = by_id[case]
    result = draft(DraftRequest(c.input, c.unit, c.period, c.next_period), settings)
    prompts = ["opening", *[dg_prompt(s.role) for s in result.sections[1:-1]]]
    for section, prompt in zip(result.sections, prompts, strict=False):
        assert dg.check(section.text, dg.prompt_instructions(prompt)) is None, section.heading


def dg_prompt(role: str) -> str:
    from assistant.drafting.checking import SECTION_PROMPTS

    return SECTION_PROMPTS[role]


def test_the_watch_keeps_time():
    now = [100.0]
    watch = dg.Watch(budget=5.0, clock=lambda: now[0])
    assert watch.feed("一是查处非法营运黑车300余辆；") is None
    now[0] += 5.5
    verdict = watch.feed("二是")
    assert (
        verdict is not None and verdict.kind == "timeout" and "llm.part_timeout" in verdict.message
    )
    assert dg.Watch(budget=0).deadline is None  # 0: no limit
