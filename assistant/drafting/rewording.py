"""The writer's own wording change ("把“养老服务体系建设”改成“养老服务”"): every place the draft
says the old text says the new one, through the DraftEditor; or only those in the place the
writer names ("把标题中的“2025年”改成“2025年度”").

Checked as every change is: a change that would lose a figure of a fact, or write a figure the
facts do not have, is refused with the guard's reasons, and the draft stays as it was.
"""

from __future__ import annotations

import copy

from assistant import guard
from assistant.drafting.editor import DraftEditor, WordingPlace
from assistant.drafting.model import Draft
from assistant.errors import InputError

MAX_WORDING_CHARS = 200  # a wording, not a paragraph: a longer text is a rewrite
EXAMPLE = "例如：把“养老服务体系建设”改成“养老服务”。"


def reword(
    draft: Draft, old: str, new: str, place: WordingPlace | None = None
) -> tuple[Draft, int]:
    """A new Draft with `old` replaced by `new` everywhere (or in `place`), and how many
    places changed."""
    old, new = (old or "").strip(), (new or "").strip()
    if not old:
        raise InputError("请用引号标出要改的原文。", hint=EXAMPLE)
    if not new:
        raise InputError(f"请写出“{old}”要改成的文字。", hint=EXAMPLE)
    if old == new:
        raise InputError(f"“{old}”改前改后相同，草稿未改动。")
    if len(new) > MAX_WORDING_CHARS:
        raise InputError(
            f"替换的文字超过 {MAX_WORDING_CHARS} 字。", hint="整段改写请用“重写”或直接编辑。"
        )
    result = copy.deepcopy(draft)
    count = DraftEditor(result).replace_wording(old, new, place)
    if not count:
        where = f"{place.label}中" if place and place.label else "稿件中"
        raise InputError(f"{where}没有找到“{old}”。", hint="请从稿件中复制原文，放在引号里。")
    broken = guard.new_violations(draft, result)
    if broken:
        raise InputError(
            "这样改会使数字与要点不符，草稿未改动：" + "".join(broken),
            hint="数字只能来自要点；如要改数字，请先改要点再重新起草。",
        )
    return result, count
