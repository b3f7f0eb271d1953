"""Drafting: pasted facts -> outline -> a draft, section by section, guarded.

`draft` and `revise` are imported lazily so that the data classes can be used (by the
guard, the UI, history) without loading the chain and its backends.
"""

from __future__ import annotations

from typing import Any

from assistant.drafting.model import Draft, DraftRequest, Fixup, Paragraph, Section
from assistant.drafting.ops import REVISE_OPS

__all__ = [
    "Draft",
    "DraftRequest",
    "Fixup",
    "Paragraph",
    "Section",
    "draft",
    "revise",
    "REVISE_OPS",
]


def draft(
    request: DraftRequest, settings: Any, kb: Any = None, on_token: Any = None, **options: Any
) -> Draft:
    """Draft a whole report from the pasted facts (see assistant.drafting.chain; options: ledger,
    on_part)."""
    from assistant.drafting.chain import draft as run

    return run(request, settings, kb=kb, on_token=on_token, **options)


def revise(
    draft: Draft,
    op: str,
    target: str | int,
    instruction: str | None = None,
    settings: Any = None,
    kb: Any = None,
    on_token: Any = None,
    backend: str | None = None,
) -> Draft:
    """扩写/精简/润色/重写 or a free instruction on one part or paragraph; the guard runs after."""
    from assistant.drafting.revision import revise as run

    return run(
        draft, op, target, instruction, settings=settings, kb=kb, on_token=on_token, backend=backend
    )
