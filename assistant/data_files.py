"""The one reader of the YAML word, phrase and pattern files (assistant/data/*.yaml).

Every module that keeps its words as data loads them through `read_yaml`, cached by the
caller, so a missing or broken file is always the same typed error naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_yaml(path: Path, what: str) -> Any:
    """The parsed file; `what` names it for the writer ("角色词表")."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{what} {path} 无法读取：{exc}") from exc
