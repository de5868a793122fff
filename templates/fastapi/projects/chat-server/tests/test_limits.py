"""The limits a careful server keeps: messages per socket, and the send budget of a slow reader."""

import asyncio

from tests.support.chat import Member, chat_server, chat_servers, member, unique_room
from tests.support.fixture_types import MakeSettings
from tests.support.slow_reader import SlowReader


async def test_more_messages_than_the_limit_get_rate_limited_and_the_socket_stays_open(
    make_settings: MakeSettings,
) -> None:
    room = unique_room()
    async with (
        chat_server(make_settings(messages_per_10_seconds=5)) as server,
        member(server, room, "alice") as alice,
        member(server, room, "bob") as bob,
    ):
        for n in range(6):
            await alice.say(f"message {n}")
        frames = await alice.until(lambda f: f["type"] == "error")
        assert [f["text"] for f in frames if f["type"] == "message"] == [
            f"message {n}" for n in range(5)
        ]
        error = frames[-1]
        assert error["code"] == "rate_limited" and "5 per 10 seconds" in error["message"]

        # Still open: typing goes through, and the next message is refused the same way.
        await alice.send({"type": "typing"})
        assert (await bob.next("typing"))["name"] == "alice"
        await alice.say("one more")
        assert (await alice.next("error", "message"))["code"] == "rate_limited"

        # The limit is per socket: bob can talk.
        await bob.say("my turn")
        assert (await alice.next("message"))["text"] == "my turn"


async def test_typing_past_the_same_budget_is_dropped_silently(make_settings: MakeSettings) -> None:
    room = unique_room()
    async with (
        chat_server(make_settings(messages_per_10_seconds=2)) as server,
        member(server, room, "alice") as alice,
        member(server, room, "bob") as bob,
    ):
        for _ in range(3):
            await alice.send({"type": "typing"})
        await alice.say("typed")  # messages have a budget of their own
        frames = await bob.until(lambda f: f["type"] == "message")
        assert [f["type"] for f in frames if f["type"] != "presence"] == ["typing"] * 2 + [
            "message"
        ]
        assert "error" not in [
            f["type"] for f in await alice.until(lambda f: f["type"] == "message")
        ]


async def test_a_client_that_stops_reading_is_closed_with_1013_and_the_room_goes_on(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings(messages_per_10_seconds=10000)
    room = unique_room()
    text = "😀" * 2000  # 8000 bytes: fills the slow reader's buffers in fewer messages
    async with chat_servers(settings, settings) as (a, b):
        slow = await SlowReader.open(a.host, a.port, room, "slow")
        async with member(b, room, "fast") as fast, member(b, room, "quick") as quick:
            await fast.presence(["fast", "quick", "slow"])
            received = {"fast": 0, "quick": 0}
            progress = asyncio.Event()
            slow_gone = asyncio.Event()

            async def read(listener: Member) -> None:
                async for raw in listener.ws:
                    if '"type":"message"' in raw:
                        received[listener.name] += 1
                        progress.set()
                    elif '"members":["fast","quick"]' in raw:
                        slow_gone.set()

            async def both_received(count: int) -> None:
                while True:
                    progress.clear()
                    if min(received.values()) >= count:
                        return
                    await progress.wait()

            readers = [asyncio.create_task(read(listener)) for listener in (fast, quick)]
            sent = 0
            async with asyncio.timeout(90):
                # Kernel buffers take a few MiB before the server's budget for `slow` is used up.
                while not slow_gone.is_set():
                    await asyncio.gather(fast.say(text), quick.say(text))
                    sent += 2
                    # The room goes on: both fast members get every message, theirs included.
                    await both_received(sent)
                await fast.say("after")
                await both_received(sent + 1)
            for task in readers:
                task.cancel()
        assert sent < 5000  # the buffer is bounded: it did not take everything

        frames, close = await asyncio.wait_for(slow.read_until_closed(), 30)
        assert close is not None and close.code == 1013
        assert frames > 1
