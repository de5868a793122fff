"""Two instances on two ports with one Postgres and one Redis behave as one server."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.support.chat import Server, chat_servers, member, unique_room
from tests.support.fixture_types import MakeSettings


@pytest.fixture
async def servers(make_settings: MakeSettings) -> AsyncIterator[list[Server]]:
    async with chat_servers(make_settings(), make_settings()) as running:
        yield running


async def test_a_message_reaches_members_on_the_other_instance(servers: list[Server]) -> None:
    a, b = servers
    room = unique_room()
    async with member(a, room, "alice") as alice, member(b, room, "bob") as bob:
        await alice.presence(["alice", "bob"])
        await alice.say("across instances")
        to_bob = await bob.next("message")
        to_alice = await alice.next("message")
    assert to_bob == to_alice
    assert (to_bob["name"], to_bob["text"], to_bob["room"]) == ("alice", "across instances", room)


async def test_other_rooms_hear_nothing(servers: list[Server]) -> None:
    a, b = servers
    room, other = unique_room(), unique_room()
    async with member(a, room, "alice") as alice, member(b, other, "eve") as eve:
        await alice.say("for this room only")
        await alice.next("message")
        await eve.send({"type": "typing"})  # eve's own frames go nowhere either
        await eve.say("marker")
        frames = await eve.until(lambda f: f["type"] == "message")
    assert [f["text"] for f in frames if f["type"] == "message"] == ["marker"]


async def test_typing_crosses_instances_but_not_back_to_the_sender(servers: list[Server]) -> None:
    a, b = servers
    room = unique_room()
    async with member(a, room, "alice") as alice, member(b, room, "bob") as bob:
        await alice.presence(["alice", "bob"])
        await alice.send({"type": "typing"})
        assert await bob.next("typing") == {"type": "typing", "room": room, "name": "alice"}
        await alice.say("sent")
        frames = await alice.until(lambda f: f["type"] == "message")
        assert "typing" not in [f["type"] for f in frames]


async def test_presence_is_the_same_on_both_instances(servers: list[Server]) -> None:
    a, b = servers
    room = unique_room()
    async with member(a, room, "alice") as alice:
        async with member(b, room, "bob") as bob, member(b, room, "carol"):
            await alice.presence(["alice", "bob", "carol"])
            await bob.presence(["alice", "bob", "carol"])
            for server in (a, b):
                async with server.http() as http:
                    response = await http.get(f"/rooms/{room}/members")
                assert response.json() == {"members": ["alice", "bob", "carol"]}
        await alice.presence(["alice"])  # both left from the other instance


async def test_a_name_on_both_instances_is_one_member_until_both_leave(
    servers: list[Server],
) -> None:
    a, b = servers
    room = unique_room()
    async with member(a, room, "watcher") as watcher, member(a, room, "sam"), a.http() as http:
        async with member(b, room, "sam"):
            members = (await http.get(f"/rooms/{room}/members")).json()["members"]
            assert members == ["sam", "watcher"]
        # sam joins on a, joins on b, leaves b: every presence frame still lists sam once.
        frames = [await watcher.next("presence") for _ in range(3)]
        assert [f["members"] for f in frames] == [["sam", "watcher"]] * 3
        members = (await http.get(f"/rooms/{room}/members")).json()["members"]
        assert members == ["sam", "watcher"]


async def test_a_senders_messages_arrive_in_order_everywhere(servers: list[Server]) -> None:
    a, b = servers
    room = unique_room()
    texts = [f"message {n}" for n in range(60)]
    async with member(a, room, "alice") as alice, member(b, room, "bob") as bob:
        await alice.presence(["alice", "bob"])
        # Sent back to back, without waiting for replies: the server must keep the order.
        await asyncio.gather(*(alice.say(text) for text in texts))
        seen_by_bob = await bob.until(lambda f: f.get("text") == texts[-1], 15)
        seen_by_alice = await alice.until(lambda f: f.get("text") == texts[-1], 15)
    bob_messages = [f for f in seen_by_bob if f["type"] == "message"]
    alice_messages = [f for f in seen_by_alice if f["type"] == "message"]
    assert [f["text"] for f in bob_messages] == texts
    assert [f["text"] for f in alice_messages] == texts
    ids = [f["id"] for f in bob_messages]
    assert ids == sorted(ids)

    async with b.http() as http:
        history = (await http.get(f"/rooms/{room}/messages", params={"limit": 200})).json()
    assert [m["text"] for m in history["messages"]] == texts[::-1]
