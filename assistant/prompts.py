"""Prompt files: prompts/*.yaml loaded as LangChain chat prompts, rendered with jinja2.

Each file has a fixed shape: {name, description, input_variables, template | messages}.
A message is {role, template} or {role, include: OTHER} (OTHER's template, e.g. the
shared style rules in system.yaml). Rendering is strict: a missing variable is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from assistant.data_files import read_yaml
from assistant.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_ROLES = {"system": "system", "user": "human", "human": "human", "assistant": "ai", "ai": "ai"}
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


@dataclass(frozen=True)
class PromptSpec:
    """One prompt file, with includes resolved."""

    name: str
    description: str
    input_variables: tuple[str, ...]
    messages: tuple[
        tuple[str, str], ...
    ]  # (role, jinja2 template); a plain template is one user message
    path: Path

    def used_variables(self) -> set[str]:
        used: set[str] = set()
        for _, template in self.messages:
            used |= jinja2.meta.find_undeclared_variables(_ENV.parse(template))
        return used

    def chat_prompt(self):
        """The prompt as a LangChain ChatPromptTemplate (jinja2 format)."""
        return _chat_prompt(self.messages)

    def render(self, **variables: Any) -> list:
        """Render to LangChain messages; a missing variable raises ConfigError."""
        missing = set(self.input_variables) - set(variables)
        if missing:
            raise ConfigError(f"提示词 {self.name} 缺少变量：{'、'.join(sorted(missing))}。")
        try:  # strict pass first: jinja2's default Undefined would silently print nothing
            for _, template in self.messages:
                _compiled(template).render(**variables)
        except jinja2.TemplateError as exc:
            raise ConfigError(f"提示词 {self.name} 无法渲染：{exc}") from exc
        return self.chat_prompt().format_messages(**variables)

    def render_text(self, **variables: Any) -> str:
        """The rendered prompt as one string (for logs, tests and completion-style models)."""
        return "\n\n".join(str(m.content) for m in self.render(**variables))


@lru_cache(maxsize=128)
def _compiled(template: str) -> jinja2.Template:
    return _ENV.from_string(template)


@lru_cache(maxsize=64)
def _chat_prompt(messages: tuple[tuple[str, str], ...]):
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages(
        [(_ROLES[role], template) for role, template in messages], template_format="jinja2"
    )


def _read(path: Path) -> dict:
    data = read_yaml(path, "提示词文件")
    if not isinstance(data, dict) or not {"name", "input_variables"} <= set(data):
        raise ConfigError(f"提示词文件 {path.name} 缺少 name 或 input_variables。")
    if ("template" in data) == ("messages" in data):
        raise ConfigError(f"提示词文件 {path.name} 必须有 template 或 messages 之一。")
    return data


@lru_cache(maxsize=64)
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> PromptSpec:
    """Load prompts/NAME.yaml, resolving `include` messages."""
    path = directory / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(f"找不到提示词文件 {path}。")
    data = _read(path)
    if "template" in data:
        messages = [("user", str(data["template"]))]
    else:
        messages = []
        for item in data["messages"]:
            role = item.get("role", "user")
            if role not in _ROLES:
                raise ConfigError(f"提示词文件 {path.name} 中的角色 {role} 无法识别。")
            if "include" in item:
                included = load_prompt(item["include"], directory)
                messages.append((role, "\n".join(t for _, t in included.messages)))
            else:
                messages.append((role, str(item["template"])))
    return PromptSpec(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        input_variables=tuple(data["input_variables"]),
        messages=tuple(messages),
        path=path,
    )


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))
