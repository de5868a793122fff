"""Where the integration tests get Postgres and Redis: TEST_DATABASE_URL/TEST_REDIS_URL, else
containers started with Testcontainers. Never the app's own DATABASE_URL/REDIS_URL: a loaded .env
must not send tests to a development database."""

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

POSTGRES_IMAGE = "postgres:17-alpine"
REDIS_IMAGE = "redis:7-alpine"

UNAVAILABLE_MESSAGE = (
    "Integration tests need Postgres and Redis: start Docker, "
    "or set TEST_DATABASE_URL and TEST_REDIS_URL."
)


class InfraUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Infra:
    database_url: str
    redis_url: str


@contextmanager
def provide_infra() -> Iterator[Infra]:
    """Yields the URLs; containers it started are stopped on exit."""
    database_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    with ExitStack() as stack:
        try:
            if not database_url:
                database_url = _start_postgres(stack)
            if not redis_url:
                redis_url = _start_redis(stack)
        except Exception as exc:  # Docker missing, not running, image unavailable, ...
            raise InfraUnavailable(f"{UNAVAILABLE_MESSAGE} ({_first_line(exc)})") from exc
        yield Infra(database_url=database_url, redis_url=redis_url)


def _start_postgres(stack: ExitStack) -> str:
    from testcontainers.community.postgres import PostgresContainer

    postgres = stack.enter_context(PostgresContainer(POSTGRES_IMAGE, driver=None))
    return postgres.get_connection_url()


def _start_redis(stack: ExitStack) -> str:
    from testcontainers.community.redis import RedisContainer

    redis = stack.enter_context(RedisContainer(REDIS_IMAGE))
    return f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0"


def host_and_port(url: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or default_port


def with_host_and_port(url: str, host: str, port: int) -> str:
    """The same URL (credentials, path) pointing at another host and port."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}:{port}" if userinfo else f"{host}:{port}"
    return parts._replace(netloc=netloc).geturl()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
