"""Fixtures every test file (core and tests/milestones/) can use."""

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.main import create_app
from app.settings import Settings
from tests.support.app_runner import client_for, running_app, started
from tests.support.fixture_types import MakeSettings, StartApp
from tests.support.infra import Infra, InfraUnavailable, provide_infra


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    """Postgres and Redis URLs for the whole run (started once, only if a test needs them)."""
    try:
        with provide_infra() as urls:
            yield urls
    except InfraUnavailable as exc:
        pytest.exit(str(exc), returncode=1)


@pytest.fixture
def make_settings(infra: Infra) -> MakeSettings:
    """Settings for a test app: the test infra plus the defaults, whatever the shell exports."""
    defaults = {
        name: field.default
        for name, field in Settings.model_fields.items()
        if not field.is_required()
    }

    def make(**overrides: Any) -> Settings:
        values = {
            **defaults,
            "database_url": infra.database_url,
            "redis_url": infra.redis_url,
            **overrides,
        }
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
async def app(make_settings: MakeSettings) -> AsyncIterator[FastAPI]:
    """A started app with the default test settings."""
    async with started(create_app(make_settings())) as running:
        yield running


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for `app`, with a client IP of its own."""
    async with client_for(app) as http:
        yield http


@pytest.fixture
def start_app(make_settings: MakeSettings) -> StartApp:
    """Another instance with other settings: `async with start_app(redis_url=...) as client:`."""

    def start(**overrides: Any) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        return running_app(make_settings(**overrides))

    return start
