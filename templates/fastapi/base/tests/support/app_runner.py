"""Runs the real app in-process: its lifespan (migrations, pools, flusher) and an HTTP client."""

import ipaddress
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from app.main import create_app
from app.settings import Settings


@asynccontextmanager
async def started(app: FastAPI) -> AsyncIterator[FastAPI]:
    """Runs the app's lifespan, start-up to shutdown, as the server would."""
    async with app.router.lifespan_context(app):
        yield app


def random_client_ip() -> str:
    """An address from the IPv6 documentation range, so rate-limit counters are per client."""
    return str(ipaddress.IPv6Address("2001:db8::") + secrets.randbits(64))


def client_for(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(
        app=app,
        client=(random_client_ip(), 40000),
        raise_app_exceptions=False,  # let the app's own 500 handler answer, as in production
    )
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with started(create_app(settings)) as app, client_for(app) as client:
        yield client
