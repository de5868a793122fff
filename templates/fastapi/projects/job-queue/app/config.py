"""Settings: the shared ones plus the job queue's own (the API and the worker read the same)."""

from pydantic import Field

from app.settings import CommonSettings


class Settings(CommonSettings):
    worker_concurrency: int = Field(default=4, ge=1, le=256)
    job_lease_ms: int = Field(default=30_000, ge=1_000, le=86_400_000)
    retry_base_ms: int = Field(default=1_000, ge=1, le=3_600_000)
