"""The revise operations, named once (assistant/data/revise.yaml): the writer's word -> name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.data_files import read_yaml

REVISE_PATH = Path(__file__).resolve().parents[1] / "data" / "revise.yaml"


@lru_cache(maxsize=1)
def revise_words() -> dict[str, Any]:
    return read_yaml(REVISE_PATH, "修改用词表")


#: revise operations: the writer's word -> the prompt suffix (prompts/revise_<op>.yaml)
REVISE_OPS: dict[str, str] = dict(revise_words()["ops"])
#: and back: the operation's name -> the writer's word
OP_LABELS: dict[str, str] = {name: word for word, name in REVISE_OPS.items()}
