"""Writes job successes to Postgres in batches: many finished jobs, one UPDATE, one commit.

A commit waits for Postgres to flush its log to disk, so one commit per job caps a queue of
short jobs at the disk's flush rate. Here each finished job waits for the next batch write;
batches form by themselves: while one write is in flight, the jobs finishing meanwhile queue up
for the next one. No timer, so a lone job is written at once.
"""

import asyncio
import logging

from app.jobs.queue import ClaimedJob, JobQueue

logger = logging.getLogger("app.jobs.completions")


class CompletionWriter:
    def __init__(self, queue: JobQueue) -> None:
        self._queue = queue
        self._pending: list[tuple[ClaimedJob, str, asyncio.Future[bool]]] = []
        self._writing = False
        self._writer: asyncio.Task[None] | None = None  # referenced, so it is not collected

    async def complete(self, job: ClaimedJob, result_json: str) -> bool:
        """Records the job's success; False when its lease was lost (nothing was recorded).
        Raises when the write failed (Postgres down)."""
        recorded = asyncio.get_running_loop().create_future()
        self._pending.append((job, result_json, recorded))
        if not self._writing:
            self._writing = True
            self._writer = asyncio.create_task(self._write_batches(), name="completion-writer")
        return await recorded

    async def _write_batches(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    held = await self._queue.complete([(job, result) for job, result, _ in batch])
                except Exception as exc:
                    for _, _, recorded in batch:
                        if not recorded.done():
                            recorded.set_exception(exc)
                    continue
                for job, _, recorded in batch:
                    if not recorded.done():
                        recorded.set_result(job.claim in held)
        finally:
            self._writing = False
