"""Chat history: the `messages` table (all its SQL lives here)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from app.json_models import iso_millis

_COLUMNS = "id, room, name, text, created_at"


@dataclass(frozen=True)
class ChatMessage:
    id: int
    room: str
    name: str
    text: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "room": self.room,
            "name": self.name,
            "text": self.text,
            "createdAt": iso_millis(self.created_at),
        }

    def to_frame(self) -> dict[str, Any]:
        return {"type": "message", **self.to_json()}


class MessageRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def insert(self, room: str, name: str, text: str) -> ChatMessage:
        row = await self._pool.fetchrow(
            f"INSERT INTO messages (room, name, text) VALUES ($1, $2, $3) RETURNING {_COLUMNS}",
            room,
            name,
            text,
        )
        assert row is not None  # INSERT ... RETURNING returns the row it inserted
        return ChatMessage(**row)

    async def page(self, room: str, limit: int, before: int | None = None) -> list[ChatMessage]:
        """The room's newest `limit` messages with an id below `before` (all when None),
        newest first. The index on (room, id DESC) answers this without sorting: a page costs
        the same however deep into the history it is, unlike OFFSET."""
        if before is None:
            rows = await self._pool.fetch(
                f"SELECT {_COLUMNS} FROM messages WHERE room = $1 ORDER BY id DESC LIMIT $2",
                room,
                limit,
            )
        else:
            rows = await self._pool.fetch(
                f"""SELECT {_COLUMNS} FROM messages
                     WHERE room = $1 AND id < $2
                     ORDER BY id DESC LIMIT $3""",
                room,
                before,
                limit,
            )
        return [ChatMessage(**row) for row in rows]
