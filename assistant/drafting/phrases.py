"""The phrase file (assistant/data/phrases.yaml), loaded once, for every backend and the guard."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError

PHRASES_PATH = Path(__file__).resolve().parents[1] / "data" / "phrases.yaml"


@lru_cache(maxsize=2)
def load_phrases(path: Path = PHRASES_PATH) -> dict[str, Any]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"句式库 {path} 无法读取：{exc}") from exc
