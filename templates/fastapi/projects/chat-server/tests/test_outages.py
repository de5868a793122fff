"""Redis down: each instance serves its own members and the history, and fan-out resumes when
Redis is back. Postgres down: sending answers an error frame and nothing else breaks."""

from collections.abc import AsyncIterator

import pytest

from tests.support.chat import chat_server, member, unique_room
from tests.support.fixture_types import MakeSettings
from tests.support.infra import Infra, host_and_port, with_host_and_port
from tests.support.tcp_proxy import TcpProxy


@pytest.fixture
async def redis_proxy(infra: Infra) -> AsyncIterator[TcpProxy]:
    proxy = TcpProxy(*host_and_port(infra.redis_url, 6379))
    await proxy.start()
    yield proxy
    await proxy.close()


async def test_without_redis_an_instance_serves_its_own_members_then_fans_out_again(
    make_settings: MakeSettings, infra: Infra, redis_proxy: TcpProxy
) -> None:
    room = unique_room()
    behind_proxy = make_settings(
        redis_url=with_host_and_port(infra.redis_url, "127.0.0.1", redis_proxy.port)
    )
    async with (
        chat_server(behind_proxy) as a,
        chat_server(make_settings()) as b,
        member(a, room, "alice") as alice,
        member(a, room, "carol") as carol,
        member(b, room, "bob") as bob,
        a.http() as http,
    ):
        await alice.presence(["alice", "bob", "carol"])

        await redis_proxy.close()  # Redis is gone for instance a
        await alice.say("while redis is down")
        assert (await alice.next("message"))["text"] == "while redis is down"
        assert (await carol.next("message"))["text"] == "while redis is down"
        health = await http.get("/health")
        assert health.status_code == 200
        assert health.json() == {
            "status": "degraded",
            "checks": {"postgres": "up", "redis": "down"},
        }
        history = (await http.get(f"/rooms/{room}/messages")).json()["messages"]
        assert history[0]["text"] == "while redis is down"
        members = (await http.get(f"/rooms/{room}/members")).json()["members"]
        assert members == ["alice", "carol"]  # who is here; bob is on the other instance

        await redis_proxy.start(redis_proxy.port)  # back on the same port
        # Once a has resubscribed (it retries every few hundred ms), bob reaches alice again.
        for attempt in range(40):
            await bob.say(f"are you there {attempt}")
            try:
                heard = await alice.next("message", within=0.5)
            except TimeoutError:
                continue
            assert heard["name"] == "bob"
            break
        else:
            pytest.fail("fan-out did not resume after redis came back")
        await alice.say("back")
        frames = await bob.until(lambda f: f.get("text") == "back")
        texts = [f["text"] for f in frames if f["type"] == "message"]
        assert "while redis is down" not in texts  # pub/sub does not replay what it missed


async def test_without_postgres_sending_answers_an_error_frame(
    make_settings: MakeSettings, infra: Infra
) -> None:
    proxy = TcpProxy(*host_and_port(infra.database_url, 5432))
    await proxy.start()
    room = unique_room()
    settings = make_settings(
        database_url=with_host_and_port(infra.database_url, "127.0.0.1", proxy.port)
    )
    try:
        async with (
            chat_server(settings) as server,
            member(server, room, "alice") as alice,
            member(server, room, "bob") as bob,
        ):
            await proxy.close()
            await alice.say("lost")
            error = await alice.next("error", "message")
            assert error["type"] == "error" and error["code"] == "unavailable"

            # The socket and the room carry on: typing still reaches bob.
            await alice.send({"type": "typing"})
            assert (await bob.next("typing"))["name"] == "alice"

            await proxy.start(proxy.port)
            await alice.say("saved again")
            assert (await bob.next("message"))["text"] == "saved again"
    finally:
        await proxy.close()
