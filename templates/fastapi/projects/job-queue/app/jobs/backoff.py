"""How long a failed job waits before its next attempt: exponential backoff with jitter."""

import random
from collections.abc import Callable

# A cap, so a job with many attempts waits a day at most instead of overflowing a timestamp.
MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000

# Jitter adds up to this fraction of the delay, so jobs that failed together (say, while a
# dependency was down) do not all come back in the same millisecond and fail together again.
JITTER_RATIO = 0.25


def retry_delay_ms(
    attempt: int, base_ms: int, random_fraction: Callable[[], float] = random.random
) -> int:
    """The wait after failed attempt number `attempt` (1 for the first run):
    base_ms * 2^(attempt - 1), capped at a day, plus 0-25% of that as jitter."""
    delay = min(base_ms * 2 ** min(attempt - 1, 64), MAX_RETRY_DELAY_MS)
    return delay + int(delay * JITTER_RATIO * random_fraction())
