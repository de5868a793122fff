"""The asyncpg connection pool."""

import asyncpg


async def create_pool(database_url: str) -> asyncpg.Pool:
    # Timeouts keep a stalled Postgres from hanging requests and start-up forever.
    return await asyncpg.create_pool(
        database_url,
        min_size=1,
        max_size=10,
        timeout=5,  # seconds to open a connection
        command_timeout=10,  # seconds per query
    )
