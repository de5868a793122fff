"""What the jobs API does: Postgres holds every job; Redis only carries wake-ups to workers."""

from redis.asyncio import Redis

from app.jobs.model import Job, JobStatus
from app.jobs.repository import JobRepository, NewJob
from app.jobs.wakeups import WakeupPublisher


class JobService:
    def __init__(self, repository: JobRepository, redis: Redis) -> None:
        self._repository = repository
        self._wakeups = WakeupPublisher(redis)

    async def enqueue(self, new: NewJob) -> tuple[Job, bool]:
        """The job, and whether this call created it (False: its idempotency key was taken)."""
        job, created = await self._repository.enqueue(new)
        if created:
            # After the insert committed: a worker that wakes up now will find the job. Future
            # jobs wake workers too, so an idle worker can shorten its sleep to the new runAt.
            await self._wakeups.publish()
        return job, created

    async def get(self, job_id: int) -> Job | None:
        return await self._repository.find(job_id)

    async def list_newest(self, status: JobStatus | None, limit: int) -> list[Job]:
        return await self._repository.list_newest(status, limit)

    async def retry_dead(self, job_id: int) -> Job | None:
        """Requeues a dead job; None when it is not dead (or unknown)."""
        job = await self._repository.requeue_dead(job_id)
        if job is not None:
            await self._wakeups.publish()
        return job

    async def stats(self) -> dict[JobStatus, int]:
        return await self._repository.count_by_status()
