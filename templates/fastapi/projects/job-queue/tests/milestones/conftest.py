"""Milestone tests get the job queue's fixtures too: each test in a schema of its own."""

from tests.jobs.conftest import infra, pool, queue, short_lease_queue

__all__ = ["infra", "pool", "queue", "short_lease_queue"]
