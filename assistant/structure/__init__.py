"""The one structure parser: heading hierarchy, run-in lists, parts with roles, problem spans.

Levels: 1 "一、" / 2 "（一）" "(一)" "㈠" (and bare "一" in some web copies) / 3 "1." "1、" /
4 "（1）". Headings are found also when they run inline with body text. A candidate marker
becomes a heading only if it sits at a boundary (line start, after a sentence, after a
heading title) and continues the numbering of its level; this rejects "1.8亿", "1-4月份",
"第三、一、三名", page-chunk numbers that split a sentence, and "一年来".
"""

from assistant.structure.markers import (  # noqa: F401  (assistant.checks reads these)
    _MARKER_RE,
    MarkerCandidate,
    _breaks_sentence,
    _candidate,
    breaks_sentence,
    marker_candidates,
    runin_blocked,
)
from assistant.structure.model import (
    CN_DIGITS,
    DEFAULT_STYLES,
    Heading,
    ParsedDocument,
    ProblemSpan,
    RunIn,
    Section,
    cn_to_int,
    int_to_cn,
    marker_for,
)
from assistant.structure.parser import parse_document
from assistant.structure.sections import heading_role

__all__ = [
    "CN_DIGITS",
    "DEFAULT_STYLES",
    "Heading",
    "MarkerCandidate",
    "ParsedDocument",
    "ProblemSpan",
    "RunIn",
    "Section",
    "breaks_sentence",
    "cn_to_int",
    "heading_role",
    "int_to_cn",
    "marker_candidates",
    "marker_for",
    "runin_blocked",
    "parse_document",
]
