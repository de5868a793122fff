"""Per-socket message rate: at most `limit` messages in any `window_seconds`.

Kept in memory, per socket: a socket lives on one instance, so there is nothing to share with the
others (a per-user limit across sockets and instances would need a counter in Redis).
"""

import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 10.0


class SlidingWindowLimiter:
    """Remembers when each of the last `limit` messages was accepted: a message is allowed when
    fewer than `limit` were accepted in the window before it. Exact, unlike a fixed window,
    which lets twice the limit through around a window boundary."""

    def __init__(
        self,
        limit: int,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window_seconds
        self._clock = clock
        self._accepted: deque[float] = deque()

    def allow(self) -> bool:
        now = self._clock()
        while self._accepted and now - self._accepted[0] >= self._window:
            self._accepted.popleft()
        if len(self._accepted) >= self._limit:
            return False
        self._accepted.append(now)
        return True
