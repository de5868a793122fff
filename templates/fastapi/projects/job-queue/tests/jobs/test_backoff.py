from app.jobs.backoff import MAX_RETRY_DELAY_MS, retry_delay_ms


def no_jitter() -> float:
    return 0.0


def test_delay_doubles_with_each_attempt() -> None:
    assert [retry_delay_ms(n, 1000, no_jitter) for n in range(1, 6)] == [
        1000,
        2000,
        4000,
        8000,
        16000,
    ]
    assert retry_delay_ms(3, 7, no_jitter) == 28


def test_jitter_adds_up_to_a_quarter() -> None:
    assert retry_delay_ms(1, 1000, lambda: 0.999) == 1249
    assert retry_delay_ms(3, 1000, lambda: 0.5) == 4500
    delays = {retry_delay_ms(2, 1000) for _ in range(200)}
    assert all(2000 <= delay < 2500 for delay in delays)
    assert len(delays) > 1  # really random


def test_delay_is_capped_at_a_day() -> None:
    assert retry_delay_ms(100, 3_600_000, no_jitter) == MAX_RETRY_DELAY_MS
    assert retry_delay_ms(100, 3_600_000, lambda: 0.999) < MAX_RETRY_DELAY_MS * 1.25
