"""Any OpenAI-compatible endpoint (vLLM, DeepSeek, Qwen, Ollama /v1, LM Studio, llama.cpp server)."""

from __future__ import annotations

import json
from contextlib import closing

from assistant.drafting.backends.base import Backend, Task, TokenCallback, register
from assistant.errors import (
    BackendBadResponse,
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    ConfigError,
)


def _fail(exc: BackendError, partial: str) -> BackendError:
    exc.partial = partial  # what had streamed before the failure: nothing is lost
    return exc


def translate_error(exc: BaseException, where: str, partial: str = "") -> BackendError:
    """An openai/httpx exception as one of our typed errors with a Chinese message."""
    import httpx
    import openai

    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return _fail(
            BackendTimeout(
                f"{where} 在规定时间内没有响应。", hint="可在设置中调大 llm.timeout，或稍后重试。"
            ),
            partial,
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status in (401, 403):
            return _fail(
                BackendUnavailable(
                    f"{where} 拒绝访问（HTTP {status}），API 密钥可能有误。",
                    hint="请检查 llm.api_key。",
                ),
                partial,
            )
        if status == 404:
            return _fail(
                BackendUnavailable(
                    f"{where} 找不到模型或接口（HTTP 404）。",
                    hint="请检查 llm.model 和 llm.base_url（通常以 /v1 结尾）。",
                ),
                partial,
            )
        if status == 429:
            return _fail(
                BackendUnavailable(f"{where} 请求过于频繁或额度已用完（HTTP 429）。"), partial
            )
        return _fail(BackendBadResponse(f"{where} 返回了错误（HTTP {status}）。"), partial)
    if isinstance(exc, (openai.APIConnectionError, httpx.ConnectError, httpx.NetworkError)):
        return _fail(
            BackendUnavailable(
                f"无法连接 {where}。", hint="请确认模型服务已启动、地址和端口正确。"
            ),
            partial,
        )
    if isinstance(
        exc,
        (json.JSONDecodeError, ValueError, KeyError, TypeError, openai.APIError, httpx.HTTPError),
    ):
        return _fail(
            BackendBadResponse(f"{where} 返回的数据无法解析（{type(exc).__name__}）。"), partial
        )
    raise exc


def check_answer(text: str, where: str) -> str:
    if not text.strip():
        raise BackendBadResponse(
            f"{where} 返回了空内容。", hint="模型可能过载或提示词过长，请重试或换用其他模型。"
        )
    return text


@register
class OpenAIBackend(Backend):
    """ChatOpenAI from langchain-openai, streaming."""

    name = "openai"

    def _client(self, timeout: float | None = None):
        from langchain_openai import ChatOpenAI

        llm = self.settings.llm
        if not llm.base_url:
            raise ConfigError(
                "未设置模型服务地址。",
                hint="请在设置中填写 llm.base_url（如 http://127.0.0.1:8000/v1），或用环境变量 ZONGJIE_LLM_BASE_URL。",
            )
        return ChatOpenAI(
            base_url=llm.base_url,
            model=llm.model or "default",
            api_key=llm.api_key or "not-needed",
            timeout=llm.timeout if timeout is None else timeout,
            max_retries=llm.max_retries,
            temperature=llm.temperature,
            # ChatOpenAI sends max_completion_tokens, which llama.cpp, older vLLM and others ignore
            # (the model then runs to the context limit); max_tokens is what they all read
            extra_body={"max_tokens": llm.max_tokens},
            streaming=True,
        )

    def generate(self, task: Task, on_token: TokenCallback | None = None) -> str:
        where = f"模型服务 {self.settings.llm.base_url}"
        client = self._client(task.seconds_left(self.settings.llm.timeout))
        pieces: list[str] = []
        try:
            # closed explicitly when on_token stops the stream early: the server stops too
            with closing(client.stream(task.messages)) as stream:
                for chunk in stream:
                    piece = chunk.content if isinstance(chunk.content, str) else ""
                    if piece:
                        pieces.append(piece)
                        if on_token:
                            on_token(piece)
        except BackendError:
            raise
        except Exception as exc:  # translated to a typed error, or re-raised when unknown
            raise translate_error(exc, where, "".join(pieces)) from exc
        return check_answer("".join(pieces), where)
