"""`python -m app` in a child process: SIGTERM says goodbye to every socket, and a killed
instance's members vanish by themselves within the presence TTL."""

import asyncio
import signal
from pathlib import Path

from tests.support.chat import app_process, chat_server, member, unique_room, wait_until_healthy
from tests.support.fixture_types import MakeSettings
from tests.support.infra import Infra


def _env(infra: Infra, **extra: str) -> dict[str, str]:
    return {"DATABASE_URL": infra.database_url, "REDIS_URL": infra.redis_url, **extra}


async def test_sigterm_closes_sockets_with_1001_removes_presence_and_exits_0(
    make_settings: MakeSettings, infra: Infra, tmp_path: Path
) -> None:
    room = unique_room()
    with app_process(_env(infra), tmp_path / "app.log") as (process, doomed):
        await wait_until_healthy(doomed, process)
        async with (
            chat_server(make_settings()) as survivor,
            member(doomed, room, "alice") as alice,
            member(survivor, room, "bob") as bob,
        ):
            await bob.presence(["alice", "bob"])
            process.send_signal(signal.SIGTERM)
            assert await alice.closed() == 1001
            assert alice.ws.close_reason == "Server is shutting down"
            # The other instance's room hears at once that alice left, long before any TTL.
            await bob.presence(["bob"], within=3)
            async with survivor.http() as http:
                response = await http.get(f"/rooms/{room}/members")
            assert response.json() == {"members": ["bob"]}
            exit_code = await asyncio.to_thread(process.wait, 15)
    log = (tmp_path / "app.log").read_text()
    assert exit_code == 0, log
    assert "Traceback" not in log, log


async def test_a_killed_instances_members_vanish_within_the_ttl(
    make_settings: MakeSettings, infra: Infra, tmp_path: Path
) -> None:
    room = unique_room()
    ttl = 5
    with app_process(_env(infra, PRESENCE_TTL_SECONDS=str(ttl)), tmp_path / "app.log") as (
        process,
        doomed,
    ):
        await wait_until_healthy(doomed, process)
        async with (
            chat_server(make_settings(presence_ttl_seconds=ttl)) as survivor,
            member(doomed, room, "alice"),
            member(survivor, room, "bob") as bob,
            survivor.http() as http,
        ):
            await bob.presence(["alice", "bob"])
            process.send_signal(signal.SIGKILL)  # no shutdown: nobody removes alice
            await asyncio.to_thread(process.wait, 15)
            loop = asyncio.get_running_loop()
            killed_at = loop.time()
            # The survivor's heartbeat (every TTL/3) deletes the expired entry and tells the room.
            await bob.presence(["bob"], within=ttl + 3)
            assert loop.time() - killed_at <= ttl + 3
            assert (await http.get(f"/rooms/{room}/members")).json() == {"members": ["bob"]}
