"""Chat test helpers: real servers (uvicorn in this event loop, set up as `python -m app` sets it
up), WebSocket members that wait for the frames a test expects, and unique room names."""

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.main import create_app
from app.serving import Server as AppServer
from app.serving import server_config
from app.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
FRAME_TIMEOUT_SECONDS = 5.0


def unique_room() -> str:
    """A room of this test's own: tests share Redis and Postgres and never clean up."""
    return f"room-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def ws_url(self, room: str, name: str) -> str:
        return f"ws://{self.host}:{self.port}/ws?{urlencode({'room': room, 'name': name})}"

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.http_url, timeout=10)


class _ServerInTest(AppServer):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # Ctrl-C stays with pytest


@asynccontextmanager
async def chat_server(settings: Settings, *, wait_for_fanout: bool = True) -> AsyncIterator[Server]:
    """One instance on a free port, from start-up (migrations) to a graceful shutdown; ready
    when its fan-out subscription is (unless told not to wait: Redis is down on purpose)."""
    app = create_app(settings)
    server = _ServerInTest(server_config(app, "127.0.0.1", 0), app)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            raise RuntimeError(f"the server did not start: {task.exception()!r}")
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    if wait_for_fanout:
        async with asyncio.timeout(5):
            await app.state.chat.fanout.subscribed.wait()
    try:
        yield Server("127.0.0.1", port)
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def chat_servers(*settings: Settings) -> AsyncIterator[list[Server]]:
    """Several instances sharing Postgres and Redis (one per Settings given)."""
    async with contextlib.AsyncExitStack() as stack:
        yield [await stack.enter_async_context(chat_server(each)) for each in settings]


class Member:
    """One member's socket. Frames are read in order; `next` skips the types it is not after.
    `members` is the member list of the latest presence frame read so far."""

    def __init__(self, ws: ClientConnection, room: str, name: str) -> None:
        self.ws = ws
        self.room = room
        self.name = name
        self.members: list[str] | None = None

    async def send(self, frame: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(frame, ensure_ascii=False))

    async def say(self, text: str) -> None:
        await self.send({"type": "message", "text": text})

    async def _read(self) -> dict[str, Any]:
        frame = json.loads(await self.ws.recv())
        if frame["type"] == "presence":
            self.members = frame["members"]
        return frame

    async def next(self, *types: str, within: float = FRAME_TIMEOUT_SECONDS) -> dict[str, Any]:
        """The next frame of one of `types` (any type when none is given)."""
        async with asyncio.timeout(within):
            while True:
                frame = await self._read()
                if not types or frame["type"] in types:
                    return frame

    async def until(
        self, predicate: Callable[[dict[str, Any]], bool], within: float = FRAME_TIMEOUT_SECONDS
    ) -> list[dict[str, Any]]:
        """Every frame up to and including the first one `predicate` accepts."""
        seen = []
        async with asyncio.timeout(within):
            while True:
                frame = await self._read()
                seen.append(frame)
                if predicate(frame):
                    return seen

    async def presence(self, members: list[str], within: float = FRAME_TIMEOUT_SECONDS) -> None:
        """Waits until the latest presence frame lists exactly `members` (sorted)."""
        if self.members != members:
            await self.until(lambda f: f["type"] == "presence" and f["members"] == members, within)

    async def closed(self, within: float = FRAME_TIMEOUT_SECONDS) -> int | None:
        """Reads until the server closes the socket; returns the close code."""
        with contextlib.suppress(Exception):
            async with asyncio.timeout(within):
                async for _ in self.ws:
                    pass
        return self.ws.close_code


@asynccontextmanager
async def member(server: Server, room: str, name: str, **options: Any) -> AsyncIterator[Member]:
    """A connected member who has seen its own join (a presence frame that lists it)."""
    async with connect(server.ws_url(room, name), **options) as ws:
        joined = Member(ws, room, name)
        while joined.members is None or name not in joined.members:
            await joined.next("presence")
        yield joined


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def app_process(
    env: dict[str, str], log_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], Server]]:
    """`python -m app` in a child process, as in production, its output in `log_path`; killed
    if the test did not stop it."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=REPO_ROOT,
            env={**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process, Server("127.0.0.1", port)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait()


async def wait_until_healthy(server: Server, process: subprocess.Popen[bytes]) -> None:
    async with server.http() as http, asyncio.timeout(30):
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the app exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/health")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
