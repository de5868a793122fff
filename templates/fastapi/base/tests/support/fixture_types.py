"""The types of the factory fixtures in tests/conftest.py, to annotate the tests that take them:
`async def test_x(start_app: StartApp) -> None`."""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TypeAlias

import httpx

from app.settings import Settings

# make_settings(**overrides): the test settings with some fields changed.
MakeSettings: TypeAlias = Callable[..., Settings]

# start_app(**overrides): `async with start_app(redis_url=...) as client:` runs another instance.
StartApp: TypeAlias = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]
