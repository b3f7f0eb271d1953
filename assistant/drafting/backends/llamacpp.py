"""A local GGUF model through llama-cpp-python (optional extra `llm`)."""

from __future__ import annotations

import threading
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from assistant.drafting.backends.base import Backend, Task, TokenCallback, register
from assistant.drafting.backends.openai import check_answer
from assistant.errors import BackendBadResponse, BackendError, ConfigError, MissingExtraError

_ROLE = {"system": "system", "human": "user", "ai": "assistant"}
_LOCK = threading.Lock()  # one llama.cpp context is not safe to use from two threads


@lru_cache(maxsize=2)
def load_model(path: str, n_ctx: int):
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise MissingExtraError("llama-cpp-python", "llm", "使用本地 GGUF 模型起草") from exc
    if not Path(path).is_file():
        raise ConfigError(
            f"找不到模型文件 {path}。", hint="请在设置中填写 llm.model_path（.gguf 文件）。"
        )
    try:
        return Llama(model_path=path, n_ctx=n_ctx, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise ConfigError(f"模型文件 {path} 无法加载：{exc}") from exc


def to_chat(messages: list) -> list[dict[str, str]]:
    return [{"role": _ROLE.get(m.type, "user"), "content": str(m.content)} for m in messages]


@register
class LlamaCppBackend(Backend):
    name = "llamacpp"
    n_ctx = 8192

    def generate(self, task: Task, on_token: TokenCallback | None = None) -> str:
        llm = self.settings.llm
        if not llm.model_path:
            raise ConfigError(
                "未设置本地模型文件。", hint="请在设置中填写 llm.model_path（.gguf 文件）。"
            )
        model = load_model(llm.model_path, self.n_ctx)
        where = f"本地模型 {Path(llm.model_path).name}"
        pieces: list[str] = []
        with _LOCK:
            try:
                stream = model.create_chat_completion(
                    messages=to_chat(task.messages),
                    stream=True,
                    temperature=llm.temperature,
                    max_tokens=llm.max_tokens,
                )
                # closed explicitly when on_token stops the stream early: generation stops
                with closing(stream):
                    for chunk in stream:
                        piece = chunk["choices"][0].get("delta", {}).get("content") or ""
                        if piece:
                            pieces.append(piece)
                            if on_token:
                                on_token(piece)
            except BackendError:
                raise
            except (ValueError, RuntimeError, KeyError) as exc:
                error = BackendBadResponse(f"{where} 生成失败：{exc}")
                error.partial = "".join(pieces)
                raise error from exc
        return check_answer("".join(pieces), where)
