"""Title, unit, period and next period read from the paste while the writer types (the 起草 tab's
fields); the title only where the paste's title line is the draft's.

The reading is parse_facts' own (assistant.facts / assistant.metadata), so the fields show what
drafting will use. A field the writer typed into keeps its value: it is passed in as given.
Hand edits are told by value (not by key events), so a paste with the mouse counts too.
"""

from __future__ import annotations

from typing import Any

from assistant import metadata
from assistant.errors import ZongjieError
from assistant.facts import parse_facts
from assistant.ui.intents import looks_like_facts

FIELDS = ("report_title", "unit", "period", "next_period")


def prefill(
    paste: str | None, current: dict[str, str], auto: dict[str, str] | None, draft: Any = None
) -> dict[str, str]:
    """New values for the fields the writer has not edited; {} when the text is not a paste.

    `auto` holds what the last reading put in each field: a field whose value differs from it
    was edited by hand and keeps its value; an emptied field is read from the paste again. With
    a draft on screen, a short instruction ("精简（三）") is not a paste and changes nothing.
    """
    paste = paste or ""
    if not paste.strip() or (draft is not None and not looks_like_facts(paste.strip())):
        return {}
    auto = auto or {}
    values = {n: (current.get(n) or "").strip() for n in FIELDS}
    kept = {n: v for n, v in values.items() if v and v != (auto.get(n) or "").strip()}
    try:
        ledger = parse_facts(
            paste,
            kept.get("unit"),
            kept.get("period"),
            kept.get("next_period"),
            kb=None,
            use_classifier=False,  # only the fields are read here: no roles needed
            title=kept.get("report_title"),
        )
    except ZongjieError:  # not (yet) a usable paste: leave the fields as they are
        return {}
    read = {n: getattr(ledger, n) or "" for n in FIELDS[1:]}
    # a pasted title line shows only where the draft takes it as its title (not "…工作情况")
    read["report_title"] = (
        metadata.writer_title(
            ledger.title, ledger.unit, ledger.period, ledger.next_period, ledger.title_given
        )
        or ""
    )
    return {n: v for n, v in read.items() if n not in kept}
