"""Conversations, their messages and draft versions, kept in SQLite under the data directory.

One connection per call in WAL mode, so several app sessions (threads or processes) can read
and write at once; writes that allocate a version number run inside BEGIN IMMEDIATE.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InputError, StoreError

FILENAME = "history.sqlite3"
MESSAGE_ROLES = ("user", "assistant")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    data TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    UNIQUE (conversation_id, version)
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
CREATE INDEX IF NOT EXISTS conversations_by_updated ON conversations (updated DESC);
"""


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created: float
    updated: float
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: str
    role: str
    content: str
    created: float


@dataclass(frozen=True)
class DraftVersion:
    id: int
    conversation_id: str
    version: int
    text: str
    data: dict[str, Any]
    note: str
    created: float


class History:
    """Persistent store of conversations; safe to share between threads and processes."""

    def __init__(self, data_dir: str | Path):
        self.path = Path(data_dir) / FILENAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"无法创建数据目录 {self.path.parent}：{exc.strerror or exc}。"
            ) from exc
        self._init_schema()

    def _init_schema(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            try:
                conn.execute("PRAGMA busy_timeout=10000")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc

    @classmethod
    def from_settings(cls, settings) -> History:
        return cls(settings.data_dir)

    @contextmanager
    def _connect(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        finally:
            conn.close()

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(
            f"历史记录数据库 {self.path} 无法读写（{exc}）。",
            hint="稿件不受影响；如数据库文件损坏，可将其改名后重启，程序会新建一个。",
        )

    # ------------------------------------------------------------ conversations

    def create_conversation(
        self, title: str = "新的总结", meta: dict[str, Any] | None = None
    ) -> Conversation:
        now = time.time()
        conv = Conversation(uuid.uuid4().hex, _clean_title(title), now, now, dict(meta or {}))
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO conversations (id, title, created, updated, meta) VALUES (?,?,?,?,?)",
                (conv.id, conv.title, now, now, _dumps(conv.meta)),
            )
        return conv

    def get_conversation(self, conversation_id: str) -> Conversation:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        if row is None:
            raise InputError("找不到这条对话记录，可能已被删除。")
        return _conversation(row)

    def list_conversations(self, limit: int = 100) -> list[Conversation]:
        """Most recently updated first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM conversations ORDER BY updated DESC, created DESC LIMIT ?",
                (int(limit),),
            ).fetchall()
        return [_conversation(r) for r in rows]

    def update_conversation(
        self, conversation_id: str, *, title: str | None = None, meta: dict | None = None
    ) -> Conversation:
        """Change the title and/or merge keys into meta."""
        with self._connect(immediate=True) as conn:
            row = conn.execute(
                "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                raise InputError("找不到这条对话记录，可能已被删除。")
            conv = _conversation(row)
            new_title = _clean_title(title) if title is not None else conv.title
            new_meta = {**conv.meta, **(meta or {})}
            conn.execute(
                "UPDATE conversations SET title = ?, meta = ?, updated = ? WHERE id = ?",
                (new_title, _dumps(new_meta), time.time(), conversation_id),
            )
        return self.get_conversation(conversation_id)

    def delete_conversation(self, conversation_id: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # ------------------------------------------------------------ messages

    def add_message(self, conversation_id: str, role: str, content: str) -> Message:
        if role not in MESSAGE_ROLES:
            raise ValueError(f"unknown message role {role!r}")
        now = time.time()
        with self._connect() as conn:
            self._touch(conn, conversation_id, now)
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, role, content, created) VALUES (?,?,?,?)",
                (conversation_id, role, content, now),
            )
            message_id = cur.lastrowid
        return Message(message_id, conversation_id, role, content, now)

    def messages(self, conversation_id: str) -> list[Message]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
            ).fetchall()
        return [
            Message(r["id"], r["conversation_id"], r["role"], r["content"], r["created"])
            for r in rows
        ]

    # ------------------------------------------------------------ draft versions

    def save_draft(
        self,
        conversation_id: str,
        text: str,
        data: dict[str, Any] | str | None = None,
        note: str = "",
    ) -> DraftVersion:
        """Store a new version (1, 2, ...) of the conversation's draft; `data` is its JSON form."""
        payload = data if isinstance(data, str) else _dumps(data or {})
        now = time.time()
        with self._connect(immediate=True) as conn:
            self._touch(conn, conversation_id, now)
            version = conn.execute(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM drafts WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO drafts (conversation_id, version, text, data, note, created) "
                "VALUES (?,?,?,?,?,?)",
                (conversation_id, version, text, payload, note, now),
            )
            draft_id = cur.lastrowid
        return DraftVersion(draft_id, conversation_id, version, text, _loads(payload), note, now)

    def drafts(self, conversation_id: str) -> list[DraftVersion]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM drafts WHERE conversation_id = ? ORDER BY version",
                (conversation_id,),
            ).fetchall()
        return [_draft(r) for r in rows]

    def latest_draft(self, conversation_id: str) -> DraftVersion | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM drafts WHERE conversation_id = ? ORDER BY version DESC LIMIT 1",
                (conversation_id,),
            ).fetchone()
        return _draft(row) if row else None

    def _touch(self, conn: sqlite3.Connection, conversation_id: str, now: float) -> None:
        cur = conn.execute(
            "UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id)
        )
        if cur.rowcount == 0:
            raise InputError("找不到这条对话记录，可能已被删除。")


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    return (title[:60] + "…") if len(title) > 60 else (title or "新的总结")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {"value": value}


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(
        row["id"], row["title"], row["created"], row["updated"], _loads(row["meta"])
    )


def _draft(row: sqlite3.Row) -> DraftVersion:
    return DraftVersion(
        row["id"],
        row["conversation_id"],
        row["version"],
        row["text"],
        _loads(row["data"]),
        row["note"],
        row["created"],
    )
