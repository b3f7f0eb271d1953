"""Unit, period and next period read from the paste while the writer types (the 起草 tab's fields).

The reading is parse_facts' own (assistant.facts / assistant.metadata), so the fields show what
drafting will use. A field the writer typed into keeps its value: it is passed in as given.
"""

from __future__ import annotations

from typing import Any

from assistant.errors import ZongjieError
from assistant.facts import parse_facts
from assistant.ui.intents import looks_like_facts

FIELDS = ("unit", "period", "next_period")


def touch(touched: list[str] | None, name: str, value: str | None) -> list[str]:
    """The hand-edited field names after the writer typed `value` into field `name`.

    Emptying a field by hand gives it back to the paste.
    """
    names = [n for n in (touched or []) if n != name]
    return names + [name] if (value or "").strip() else names


def prefill(
    paste: str | None, current: dict[str, str], touched: list[str] | None, draft: Any = None
) -> dict[str, str]:
    """New values for the fields the writer has not edited; {} when the text is not a paste.

    With a draft on screen, a short instruction ("精简（三）") is not a paste and changes nothing.
    """
    paste = paste or ""
    if not paste.strip() or (draft is not None and not looks_like_facts(paste.strip())):
        return {}
    kept = {n: current.get(n, "").strip() for n in FIELDS if n in (touched or [])}
    kept = {n: v for n, v in kept.items() if v}
    try:
        ledger = parse_facts(
            paste, kept.get("unit"), kept.get("period"), kept.get("next_period"), kb=None
        )
    except ZongjieError:  # not (yet) a usable paste: leave the fields as they are
        return {}
    return {n: getattr(ledger, n) or "" for n in FIELDS if n not in kept}
