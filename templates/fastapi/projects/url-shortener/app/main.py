"""The URL shortener's app: its routes, the /shorten method rule, and the parts the lifespan
builds on Postgres and Redis (the link service, the click flusher, the rate limiter). The rest
(migrations, connections, error handlers, request ids, /health) is app/application.py."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app.application import Connections, build_app
from app.errors import error_response
from app.links import routes as links
from app.links.cache import LinkCache
from app.links.clicks import ClickCounter
from app.links.rate_limit import RateLimiter
from app.links.repository import LinkRepository
from app.links.service import LinkService
from app.settings import Settings

# A link body is a URL of at most 2048 characters: 16 KiB is plenty.
MAX_BODY_BYTES = 16 * 1024


class OnlyPostOnCollection:
    """/shorten is the collection, never a short code: every method but POST is a 405 there,
    even GET, which GET /{code} would otherwise take (a random code spells "shorten" once in
    62^7 links)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/shorten" and scope["method"] != "POST":
            message = f"{scope['method']} is not allowed on this path"
            response = error_response(405, "method_not_allowed", message, headers={"Allow": "POST"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


@asynccontextmanager
async def link_services(app: FastAPI, shared: Connections) -> AsyncIterator[None]:
    settings = shared.settings
    repository = LinkRepository(shared.pool)
    clicks = ClickCounter(repository, shared.redis)
    app.state.clicks = clicks
    app.state.links = LinkService(
        repository, LinkCache(shared.redis, settings.cache_ttl_seconds), clicks
    )
    app.state.rate_limiter = RateLimiter(
        shared.redis, settings.rate_limit_per_minute, trust_proxy=settings.trust_proxy
    )
    clicks.start_flushing()
    try:
        yield
    finally:
        await clicks.stop_flushing()  # also flushes the last pending counts


def create_app(settings: Settings) -> FastAPI:
    return build_app(
        settings,
        title="URL Shortener",
        description="Shorten, resolve, redirect and count links.",
        # The redirect router last: its GET /{code} would shadow other paths.
        routers=[links.router, links.redirect_router],
        services=link_services,
        max_body_bytes=MAX_BODY_BYTES,
        middleware=[OnlyPostOnCollection],
    )
