"""One instance: joining, messages, typing, presence, and every frame the server refuses."""

import json
import re
import uuid
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.support.chat import Server, chat_server, member, unique_room
from tests.support.fixture_types import MakeSettings

ISO_MILLIS_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
async def server(make_settings: MakeSettings) -> AsyncIterator[Server]:
    async with chat_server(make_settings()) as running:
        yield running


async def test_a_member_gets_a_presence_frame_when_joining(server: Server) -> None:
    room = unique_room()
    async with member(server, room, "alice") as alice:
        async with member(server, room, "bob"):
            frame = await alice.next("presence")
        assert frame == {"type": "presence", "room": room, "members": ["alice", "bob"]}
        await alice.presence(["alice"])  # and when someone leaves


async def test_a_message_reaches_every_member_the_sender_included(server: Server) -> None:
    room = unique_room()
    async with member(server, room, "alice") as alice, member(server, room, "bob") as bob:
        await alice.say("hello <b>bob</b> & co")
        to_alice = await alice.next("message")
        to_bob = await bob.next("message")
    assert to_alice == to_bob
    assert to_bob["room"] == room and to_bob["name"] == "alice"
    assert to_bob["text"] == "hello <b>bob</b> & co"  # stored and sent as text, untouched
    assert isinstance(to_bob["id"], int)
    assert ISO_MILLIS_UTC.fullmatch(to_bob["createdAt"])

    async with server.http() as http:
        history = (await http.get(f"/rooms/{room}/messages")).json()["messages"]
    assert history == [{key: value for key, value in to_bob.items() if key != "type"}]


async def test_typing_goes_to_the_others_only(server: Server) -> None:
    room = unique_room()
    async with member(server, room, "alice") as alice, member(server, room, "bob") as bob:
        await alice.send({"type": "typing"})
        await alice.say("done typing")
        assert await bob.next("typing") == {"type": "typing", "room": room, "name": "alice"}
        frames = await alice.until(lambda f: f["type"] == "message")
        assert "typing" not in [f["type"] for f in frames]


async def test_members_are_listed_once_sorted_even_with_two_sockets(server: Server) -> None:
    room = unique_room()
    async with member(server, room, "zoe") as zoe, server.http() as http:
        async with member(server, room, "adam"), member(server, room, "adam"):
            response = await http.get(f"/rooms/{room}/members")
            assert response.json() == {"members": ["adam", "zoe"]}
            await zoe.presence(["adam", "zoe"])
        await zoe.presence(["zoe"])
        assert (await http.get(f"/rooms/{room}/members")).json() == {"members": ["zoe"]}


async def test_one_of_two_sockets_leaving_keeps_the_name_online(server: Server) -> None:
    room = unique_room()
    async with member(server, room, "watcher") as watcher, member(server, room, "adam"):
        async with member(server, room, "adam"):
            pass
        # adam's first socket joins, the second joins, the second leaves: adam stays listed.
        frames = [await watcher.next("presence") for _ in range(3)]
        assert [f["members"] for f in frames] == [["adam", "watcher"]] * 3


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "invalid_json"),
        ("[" * 5000, "invalid_json"),
        ('["message"]', "validation_error"),
        ("null", "validation_error"),
        ('{"text": "no type"}', "validation_error"),
        ('{"type": 7}', "validation_error"),
        ('{"type": "shout", "text": "hi"}', "unknown_type"),
        ('{"type": "message"}', "validation_error"),
        ('{"type": "message", "text": 42}', "validation_error"),
        ('{"type": "message", "text": ["a"]}', "validation_error"),
        ('{"type": "message", "text": ""}', "validation_error"),
        ('{"type": "message", "text": "' + "x" * 2001 + '"}', "validation_error"),
    ],
)
async def test_a_bad_frame_gets_an_error_frame_and_the_socket_stays_open(
    server: Server, raw: str, code: str
) -> None:
    async with member(server, unique_room(), "alice") as alice:
        await alice.ws.send(raw)
        error = await alice.next("error")
        assert error["code"] == code and error["message"]
        await alice.say("still here")
        assert (await alice.next("message"))["text"] == "still here"


async def test_2000_characters_is_the_longest_message(server: Server) -> None:
    async with member(server, unique_room(), "alice") as alice:
        await alice.say("é" * 2000)
        assert (await alice.next("message", "error"))["text"] == "é" * 2000


async def test_a_binary_frame_gets_an_error_frame(server: Server) -> None:
    async with member(server, unique_room(), "alice") as alice:
        await alice.ws.send(b'{"type":"message","text":"hi"}')
        error = await alice.next("error", "message")
        assert error["type"] == "error" and error["code"] == "binary_not_supported"
        await alice.say("still here")
        assert (await alice.next("message"))["text"] == "still here"


@pytest.mark.parametrize("frame", ["x" * (16 * 1024 + 1), b"x" * (16 * 1024 + 1)])
async def test_a_frame_over_16_kib_closes_the_socket_with_1009(
    server: Server, frame: str | bytes
) -> None:
    room = unique_room()
    async with member(server, room, "watcher") as watcher, member(server, room, "alice") as alice:
        await watcher.presence(["alice", "watcher"])
        await alice.ws.send(frame)
        assert await alice.closed() == 1009
        await watcher.presence(["watcher"])  # alice left the room


async def test_a_frame_of_16_kib_is_read(server: Server) -> None:
    # 16 KiB exactly: not too big, merely not a valid frame.
    async with member(server, unique_room(), "alice") as alice:
        await alice.ws.send("x" * (16 * 1024))
        assert (await alice.next("error"))["code"] == "invalid_json"


@pytest.mark.parametrize(
    ("query", "bad"),
    [
        ("room=general", ["name"]),
        ("name=alice", ["room"]),
        ("room=general&name=", ["name"]),
        ("room=gen%20eral&name=alice", ["room"]),
        ("room=general&name=al%3Cice", ["name"]),
        ("room=" + "r" * 65 + "&name=alice", ["room"]),
        ("room=caf%C3%A9&name=al:ice", ["room", "name"]),
    ],
)
async def test_a_bad_room_or_name_is_a_400_before_the_upgrade(
    server: Server, query: str, bad: list[str]
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"ws://{server.host}:{server.port}/ws?{query}"):
            pass
    response = refused.value.response
    assert response.status_code == 400
    error = json.loads(response.body)["error"]
    assert error["code"] == "validation_error"
    assert [detail["path"] for detail in error["details"]] == bad


async def test_room_and_name_may_use_64_letters_digits_dashes_and_underscores(
    server: Server,
) -> None:
    room = f"R-_{uuid.uuid4().hex}".ljust(64, "x")
    name = "N_9-".ljust(64, "n")
    async with member(server, room, name) as someone:
        await someone.say("hi")
        frame = await someone.next("message")
    assert (frame["room"], frame["name"]) == (room, name)


async def test_plain_http_on_ws_is_426_or_400(server: Server) -> None:
    async with server.http() as http:
        upgrade = await http.get("/ws", params={"room": "general", "name": "alice"})
        bad = await http.get("/ws", params={"room": "general!", "name": "alice"})
    assert upgrade.status_code == 426
    assert upgrade.json()["error"]["code"] == "upgrade_required"
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["code"] == "validation_error"
    assert [detail["path"] for detail in error["details"]] == ["room"]
