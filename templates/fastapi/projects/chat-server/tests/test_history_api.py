"""GET /rooms/{room}/messages: newest first, cursor pagination by id, and its 400s."""

import httpx
import pytest
from fastapi import FastAPI

from tests.support.assertions import assert_error
from tests.support.chat import unique_room


async def _store(app: FastAPI, room: str, count: int) -> list[int]:
    """Stores `count` messages in `room`, oldest first; returns their ids."""
    messages = app.state.messages
    return [(await messages.insert(room, "alice", f"message {n}")).id for n in range(count)]


async def test_an_empty_room_has_no_messages(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/rooms/{unique_room()}/messages")
    assert response.status_code == 200
    assert response.json() == {"messages": []}


async def test_newest_first_and_only_the_room_asked_for(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    room, other = unique_room(), unique_room()
    ids = await _store(app, room, 3)
    await _store(app, other, 2)
    messages = (await client.get(f"/rooms/{room}/messages")).json()["messages"]
    assert [m["id"] for m in messages] == ids[::-1]
    assert [m["text"] for m in messages] == ["message 2", "message 1", "message 0"]
    assert {m["room"] for m in messages} == {room}
    assert set(messages[0]) == {"id", "room", "name", "text", "createdAt"}


async def test_pages_follow_the_before_cursor_without_gaps_or_repeats(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    room = unique_room()
    ids = await _store(app, room, 7)
    seen: list[int] = []
    params: dict[str, int] = {"limit": 3}
    while True:
        page = (await client.get(f"/rooms/{room}/messages", params=params)).json()["messages"]
        if not page:
            break
        assert len(page) <= 3
        seen += [m["id"] for m in page]
        params["before"] = page[-1]["id"]
    assert seen == ids[::-1]


async def test_the_default_limit_is_50(app: FastAPI, client: httpx.AsyncClient) -> None:
    room = unique_room()
    await _store(app, room, 52)
    assert len((await client.get(f"/rooms/{room}/messages")).json()["messages"]) == 50
    limit_200 = await client.get(f"/rooms/{room}/messages", params={"limit": 200})
    assert len(limit_200.json()["messages"]) == 52


async def test_before_an_id_that_is_not_in_the_room_still_pages(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    room = unique_room()
    ids = await _store(app, room, 2)
    response = await client.get(f"/rooms/{room}/messages", params={"before": ids[-1] + 1000})
    assert [m["id"] for m in response.json()["messages"]] == ids[::-1]
    first = await client.get(f"/rooms/{room}/messages", params={"before": ids[0]})
    assert first.json() == {"messages": []}


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("limit=", "limit"),
        ("before=0", "before"),
        ("before=-5", "before"),
        ("before=abc", "before"),
        ("before=", "before"),
        ("before=9223372036854775808", "before"),
    ],
)
async def test_bad_limit_or_before_is_400(client: httpx.AsyncClient, query: str, path: str) -> None:
    response = await client.get(f"/rooms/general/messages?{query}")
    error = assert_error(response, 400, "validation_error")
    assert [detail["path"] for detail in error["details"]] == [path]


@pytest.mark.parametrize("room", ["gen eral", "gen!eral", "r" * 65, "caf%C3%A9", "a:b"])
async def test_a_bad_room_is_400(client: httpx.AsyncClient, room: str) -> None:
    for route in ("messages", "members"):
        response = await client.get(f"/rooms/{room}/{route}")
        error = assert_error(response, 400, "validation_error")
        assert error["details"][0]["path"] == "room"


async def test_the_rooms_api_is_in_the_openapi_document(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert {"/health", "/rooms/{room}/messages", "/rooms/{room}/members", "/ws"} <= set(
        spec["paths"]
    )
    parameters = spec["paths"]["/rooms/{room}/messages"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"room", "limit", "before"}
