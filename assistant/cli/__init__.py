"""The `zongjie` console command. Subcommands live in sibling modules, each with `register()`.

Errors become one clear Chinese message and a non-zero exit here, and only here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from assistant.errors import ZongjieError, user_message
from assistant.settings import Settings, load_settings

# Each module defines register(subparsers) and sets `func(args, settings) -> int` on its parsers.
_COMMAND_MODULES = (
    "assistant.cli.kb",
    "assistant.cli.draft",
    "assistant.cli.revise",
    "assistant.cli.evaluate",
    "assistant.cli.plancheck",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zongjie", description="总结助手：起草工作总结及工作计划")
    parser.add_argument(
        "--data-dir", help="数据目录（知识库、历史记录）；也可用环境变量 ZONGJIE_DATA_DIR"
    )
    parser.add_argument("--config", help="设置文件（TOML）；也可用环境变量 ZONGJIE_CONFIG")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command is not built yet
                continue
            raise
        module.register(subparsers)
    _accept_options_after_subcommand(subparsers)
    return parser


def _accept_options_after_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Scripts write `zongjie search … --data-dir D` too; SUPPRESS keeps the global value."""
    for sub in set(subparsers.choices.values()):
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for action in nested:
                _accept_options_after_subcommand(action)
            continue
        if "--data-dir" not in sub._option_string_actions:
            sub.add_argument(
                "--data-dir", default=argparse.SUPPRESS, help="数据目录（同全局 --data-dir）"
            )
        if "--config" not in sub._option_string_actions:
            sub.add_argument("--config", default=argparse.SUPPRESS, help="设置文件（TOML）")


def settings_for(args: argparse.Namespace) -> Settings:
    settings = load_settings(getattr(args, "config", None))
    data_dir = getattr(args, "data_dir", None)
    return settings.with_data_dir(data_dir) if data_dir else settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args, settings_for(args)) or 0)
        sys.stdout.flush()  # a full disk under `> file` shows up here, not at exit
        return code
    except ZongjieError as exc:
        return _fail(user_message(exc))
    except KeyboardInterrupt:
        print(user_message(KeyboardInterrupt()), file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:  # stdout on a full disk, an unwritable -o discovered late, ...
        _silence_stdout()
        where = f" {exc.filename}" if exc.filename else "（标准输出）"
        return _fail(f"出错了：无法读写{where}：{exc.strerror or exc}。")
    except Exception as exc:  # the last net: one message, never a traceback
        if os.environ.get("ZONGJIE_DEBUG"):
            raise
        return _fail(user_message(exc))


def _fail(message: str) -> int:
    try:
        print(message, file=sys.stderr, flush=True)
    except OSError:
        pass
    return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
