"""All SQL for links lives here."""

from dataclasses import dataclass
from datetime import datetime

import asyncpg

_COLUMNS = "id, short_code, url, access_count, created_at, updated_at"


@dataclass(frozen=True)
class Link:
    id: int
    short_code: str
    url: str
    access_count: int
    created_at: datetime
    updated_at: datetime


class LinkRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def insert(self, short_code: str, url: str) -> Link:
        """Raises asyncpg.UniqueViolationError when the code is taken."""
        row = await self._pool.fetchrow(
            f"INSERT INTO links (short_code, url) VALUES ($1, $2) RETURNING {_COLUMNS}",
            short_code,
            url,
        )
        assert row is not None  # INSERT ... RETURNING returns the row it inserted
        return Link(**row)

    async def find(self, short_code: str) -> Link | None:
        row = await self._pool.fetchrow(
            f"SELECT {_COLUMNS} FROM links WHERE short_code = $1", short_code
        )
        return Link(**row) if row else None

    async def update_url(self, short_code: str, url: str) -> Link | None:
        # updated_at always moves forward, even when two writes land in the same millisecond.
        row = await self._pool.fetchrow(
            f"""UPDATE links
                   SET url = $2,
                       updated_at = greatest(now(), updated_at + interval '1 millisecond')
                 WHERE short_code = $1
             RETURNING {_COLUMNS}""",
            short_code,
            url,
        )
        return Link(**row) if row else None

    async def delete(self, short_code: str) -> bool:
        deleted = await self._pool.fetchval(
            "DELETE FROM links WHERE short_code = $1 RETURNING true", short_code
        )
        return bool(deleted)

    async def add_access(self, short_code: str) -> None:
        await self._pool.execute(
            "UPDATE links SET access_count = access_count + 1 WHERE short_code = $1", short_code
        )

    async def apply_click_batch(self, batch: str, counts: dict[str, int]) -> bool:
        """Adds a batch of click counts exactly once: False when the batch was applied before."""
        codes = sorted(counts)  # a fixed order, so concurrent batches lock rows in the same order
        async with self._pool.acquire() as conn, conn.transaction():
            first_time = await conn.fetchval(
                """INSERT INTO click_flushes (batch) VALUES ($1)
                   ON CONFLICT DO NOTHING RETURNING true""",
                batch,
            )
            if not first_time:
                return False
            await conn.execute(
                """UPDATE links
                      SET access_count = links.access_count + batch.clicks
                     FROM unnest($1::text[], $2::bigint[]) AS batch(short_code, clicks)
                    WHERE links.short_code = batch.short_code""",
                codes,
                [counts[code] for code in codes],
            )
        return True
