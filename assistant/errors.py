"""Typed errors. Each carries a message in Chinese for the writer; `user_message` renders it."""

from __future__ import annotations


class ZongjieError(Exception):
    """Base of every error the writer should see as a clear message."""

    #: short Chinese label shown before the message
    label = "出错了"

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class ConfigError(ZongjieError):
    label = "配置有误"


class MissingExtraError(ZongjieError):
    """An optional dependency is not installed; names the extra to install."""

    label = "缺少可选组件"

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(
            f"{purpose}需要安装 {package}。",
            hint=f"请运行 pip install 'zongjie[{extra}]'（或 make install-dev）。",
        )
        self.package = package
        self.extra = extra


class InputError(ZongjieError):
    """The writer's paste or parameters cannot be used as they are."""

    label = "输入有误"


class DocumentError(InputError):
    """One file could not be read; others in the same batch still proceed."""

    label = "文件无法读取"

    def __init__(self, path: str, message: str, *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}：{self.message}"


class StoreError(ZongjieError):
    label = "知识库出错"


class IndexMismatchError(StoreError):
    """The index was built with another embedding model."""

    label = "索引与模型不一致"


class BackendError(ZongjieError):
    """A drafting backend failed; the offline engine is offered as fallback."""

    label = "模型服务出错"
    fallback = "offline"


class BackendUnavailable(BackendError):
    label = "模型服务无法连接"


class BackendTimeout(BackendError):
    label = "模型服务超时"


class BackendBadResponse(BackendError):
    label = "模型返回内容异常"


def user_message(exc: BaseException) -> str:
    """The one place where an exception becomes text for the writer."""
    if isinstance(exc, ZongjieError):
        text = f"{exc.label}：{exc}"
        if exc.hint:
            text += f"\n提示：{exc.hint}"
        if isinstance(exc, BackendError):
            text += (
                "\n可改用离线引擎继续起草：界面里把“起草引擎”选为 offline，"
                "命令行加 --backend offline。"
            )
        return text
    if isinstance(exc, MemoryError):
        return "出错了：内容太大，内存不足。请拆分后重试。"
    if isinstance(exc, KeyboardInterrupt):
        return "已中断。"
    return f"出错了：程序内部错误（{type(exc).__name__}: {exc}）。已保存的内容不受影响，请把这段信息反馈给维护者。"
