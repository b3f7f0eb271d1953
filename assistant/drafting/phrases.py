"""The phrase file (assistant/data/phrases.yaml), loaded once, for every backend and the guard."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.data_files import read_yaml

PHRASES_PATH = Path(__file__).resolve().parents[1] / "data" / "phrases.yaml"


@lru_cache(maxsize=2)
def load_phrases(path: Path = PHRASES_PATH) -> dict[str, Any]:
    return read_yaml(path, "句式库")
