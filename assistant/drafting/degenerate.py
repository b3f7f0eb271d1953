"""Degenerate model output, caught while it streams.

A weak or misconfigured model loops: the same line again and again, a phrase repeated up to
max_tokens, or its own prompt read back ("说明2024年工作围绕…不写任何数字，最后一句固定为…").
`Watch` sees the text as it arrives and says when to stop, and when a part's time is up;
the chain then writes that part with the offline engine. All lengths are in characters
with whitespace removed, so they hold for Chinese and English output alike.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.errors import BackendError, BackendTimeout

NGRAM = 10  # characters of a repeated or echoed n-gram
LINE_MIN = 8  # a line this long ...
LINE_REPEATS = 3  # ... seen this many times is a loop
LOOP_MIN = 40  # characters of a tail that is one unit repeated (3 times at least)
LOOP_PERIOD = 200  # longest repeated unit looked for at the tail
NGRAM_TEXT = 150  # the n-gram share is judged on texts at least this long
NGRAM_SHARE = 0.5  # share of the text covered by n-grams seen 3 times or more
ECHO_MIN = 16  # characters of the prompt's own instructions read back
CHECK_EVERY = 24  # characters between two checks while streaming

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.S)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")  # phrases a prompt asks to be written as given


@dataclass(frozen=True)
class Verdict:
    kind: str  # repeated_line | loop | repeated_ngrams | prompt_echo | timeout
    message: str  # Chinese, for the draft's warnings


class BackendDegenerate(BackendError):
    """The model's output for one part was stopped; the chain falls back for that part."""

    label = "模型输出异常"

    def __init__(self, verdict: Verdict, partial: str = ""):
        super().__init__(verdict.message)
        self.verdict = verdict
        self.partial = partial


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def _grams(text: str, n: int = NGRAM) -> list[str]:
    return [text[i : i + n] for i in range(len(text) - n + 1)]


def repeated_line(text: str) -> Verdict | None:
    """A whole line written LINE_REPEATS times (only finished lines count)."""
    lines = [squash(line) for line in text.split("\n")[:-1]]
    counts = Counter(line for line in lines if len(line) >= LINE_MIN)
    line, count = counts.most_common(1)[0] if counts else ("", 0)
    if count >= LINE_REPEATS:
        return Verdict("repeated_line", f"同一行文字重复了{count}次（“{line[:20]}”）")
    return None


def loop_tail(text: str) -> Verdict | None:
    """The text ends in one unit repeated: at least three copies and LOOP_MIN characters."""
    flat = squash(text)
    for period in range(1, min(LOOP_PERIOD, len(flat) // 3) + 1):
        span = max(2 * period, LOOP_MIN - period)
        if span + period > len(flat):
            break
        if flat[-span:] == flat[-span - period : -period]:
            unit = flat[-period:]
            return Verdict("loop", f"同一段文字循环重复（“{unit[:20]}”）")
    return None


def repeated_ngrams(text: str) -> Verdict | None:
    """Most of a long text is made of n-grams that occur three times or more."""
    flat = squash(text)
    if len(flat) < NGRAM_TEXT:
        return None
    grams = _grams(flat)
    counts = Counter(grams)
    covered = bytearray(len(flat))
    for i, gram in enumerate(grams):
        if counts[gram] >= 3:
            covered[i : i + NGRAM] = b"\x01" * NGRAM
    share = sum(covered) / len(flat)
    if share >= NGRAM_SHARE:
        return Verdict("repeated_ngrams", f"输出中{share:.0%}的内容是反复出现的词句")
    return None


def prompt_echo(text: str, instructions: frozenset[str]) -> Verdict | None:
    """The output reads back ECHO_MIN characters of the prompt's own instruction text."""
    if not instructions:
        return None
    flat = squash(text)
    covered = bytearray(len(flat))
    for i, gram in enumerate(_grams(flat)):
        if gram in instructions:
            covered[i : i + NGRAM] = b"\x01" * NGRAM
    echoed = sum(covered)
    if echoed >= ECHO_MIN:
        return Verdict("prompt_echo", f"输出照抄了提示词中的要求（{echoed}字）")
    return None


def check(text: str, instructions: frozenset[str] = frozenset()) -> Verdict | None:
    """The first sign of degenerate output in `text`, or None."""
    return (
        repeated_line(text)
        or loop_tail(text)
        or prompt_echo(text, instructions)
        or repeated_ngrams(text)
    )


def instruction_grams(literals: Iterable[str]) -> frozenset[str]:
    """N-grams of a prompt's fixed wording: what the model should never write back."""
    grams: set[str] = set()
    for literal in literals:
        for piece in _QUOTED.split(literal):
            grams.update(_grams(squash(piece)))
    return frozenset(grams)


@lru_cache(maxsize=64)
def prompt_instructions(name: str) -> frozenset[str]:
    """Instruction n-grams of prompts/NAME.yaml: its templates without variables and quotes.

    Only the fixed wording counts; the facts, headings, exemplars and the text to repair
    are variables the model is meant to reuse.
    """
    if not name:
        return frozenset()
    from assistant.prompts import load_prompt

    templates = [template for _, template in load_prompt(name).messages]
    return instruction_grams(piece for t in templates for piece in _TAG.split(t))


class Watch:
    """Follows one model call: feed() each piece; a Verdict means stop now."""

    def __init__(
        self,
        instructions: frozenset[str] = frozenset(),
        budget: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.instructions = instructions
        self.budget = budget
        self.clock = clock
        self.deadline = clock() + budget if budget > 0 else None
        self.text = ""
        self._checked = 0

    def expired(self) -> bool:
        return self.deadline is not None and self.clock() > self.deadline

    def timeout(self) -> Verdict:
        return Verdict("timeout", f"超过了每部分{self.budget:g}秒的时限（llm.part_timeout）")

    def feed(self, piece: str) -> Verdict | None:
        self.text += piece
        if self.expired():
            return self.timeout()
        # checks get sparser as the text grows, so a long part stays linear enough
        if len(self.text) - self._checked < max(CHECK_EVERY, len(self.text) // 16):
            return None
        self._checked = len(self.text)
        return check(self.text, self.instructions)

    def finish(self) -> Verdict | None:
        """The whole output once the model stopped by itself (a loop that hit max_tokens)."""
        return check(self.text + "\n", self.instructions)


def watched_generate(backend: Any, task: Any, on_token: Callable[[str], None] | None):
    """backend.generate under a Watch: (text, None), or (text so far, why it was stopped).

    The backend's own errors pass through, except a read timeout past the part's budget,
    which is the budget running out.
    """
    watch = Watch(prompt_instructions(task.prompt), backend.settings.llm.part_timeout)
    task.deadline = watch.deadline

    def feed(piece: str) -> None:
        verdict = watch.feed(piece)
        if verdict is not None:  # raised inside the backend's stream loop: it closes the stream
            raise BackendDegenerate(verdict, watch.text)
        if on_token:
            on_token(piece)

    try:
        text = backend.generate(task, feed)
    except BackendDegenerate as exc:
        return watch.text, exc.verdict
    except BackendTimeout:
        # the read timeout was capped at the budget (Task.seconds_left): near the deadline,
        # it is the budget running out; well before it, a real llm.timeout
        if watch.deadline is None or watch.clock() < watch.deadline - 1.0:
            raise
        return watch.text, watch.timeout()
    return text, watch.finish()
