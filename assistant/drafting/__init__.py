"""Drafting: pasted facts -> outline -> a draft, section by section, guarded.

The package holds the data classes only: `draft` is `assistant.drafting.chain.draft` and
`revise` is `assistant.drafting.revision.revise`. It imports neither, not even lazily, so
the guard and history can use the data classes without an import cycle.
"""

from __future__ import annotations

from assistant.drafting.model import Draft, DraftRequest, Fixup, Paragraph, Section
from assistant.drafting.ops import REVISE_OPS

__all__ = [
    "Draft",
    "DraftRequest",
    "Fixup",
    "Paragraph",
    "Section",
    "REVISE_OPS",
]
