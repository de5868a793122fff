"""Unit tests of the protocol's pieces: client frames, names, the rate limiter, the send budget."""

import json
from types import SimpleNamespace

import pytest

from app.chat.connection import Connection
from app.chat.frames import FrameError, Outgoing, SendMessage, Typing, parse_client_frame
from app.chat.names import handshake_problems, is_valid_name
from app.chat.rate_limit import SlidingWindowLimiter
from app.chat.websocket_server import RAW_SOCKET_EXTENSION


def test_client_frames() -> None:
    assert parse_client_frame('{"type":"message","text":"hi"}') == SendMessage("hi")
    assert parse_client_frame('{"type":"typing","extra":1}') == Typing()
    assert parse_client_frame('{"type":"message","text":"' + "é" * 2000 + '"}') == SendMessage(
        "é" * 2000
    )
    assert _refusal("null") == "validation_error"
    assert _refusal('{"type":"shout"}') == "unknown_type"
    assert _refusal('{"type":"message","text":null}') == "validation_error"


def _refusal(raw: str) -> str:
    """The error code a refused frame is answered with."""
    frame = parse_client_frame(raw)
    assert isinstance(frame, FrameError), frame
    return frame.code


@pytest.mark.parametrize("name", ["a", "A-b_9", "x" * 64])
def test_valid_names(name: str) -> None:
    assert is_valid_name(name)


@pytest.mark.parametrize("name", ["", "x" * 65, "a b", "a:b", "é", "a\n", "a/b", "a.b"])
def test_invalid_names(name: str) -> None:
    assert not is_valid_name(name)


def test_handshake_problems_name_each_bad_field() -> None:
    assert handshake_problems("general", "alice") == []
    assert [p["path"] for p in handshake_problems(None, "bad name")] == ["room", "name"]


def test_the_limiter_allows_the_limit_per_sliding_window() -> None:
    now = 100.0
    limiter = SlidingWindowLimiter(3, 10, clock=lambda: now)
    assert [limiter.allow() for _ in range(4)] == [True, True, True, False]
    now = 109.9
    assert not limiter.allow()  # the first three are still inside the last 10 s
    now = 110.0
    assert limiter.allow()  # they left the window together
    assert limiter.allow() and limiter.allow()
    assert not limiter.allow()


def test_outgoing_counts_bytes_not_characters() -> None:
    frame = Outgoing.of({"type": "message", "text": "😀"})
    assert json.loads(frame.text)["text"] == "😀"
    assert frame.size == len(frame.text.encode()) == len(frame.text) + 3


class _StuckTransport:
    """The transport of a socket whose client stopped reading: its write buffer only grows."""

    def __init__(self, buffered: int) -> None:
        self.buffered = buffered

    def get_write_buffer_size(self) -> int:
        return self.buffered


class _StuckWebSocket:
    """A Starlette WebSocket stand-in: the raw socket in its scope, as the server hands it over."""

    def __init__(self, transport: _StuckTransport) -> None:
        socket = SimpleNamespace(transport=transport)
        self.scope = {"extensions": {RAW_SOCKET_EXTENSION: {"socket": socket}}}
        self.closed_with: int | None = None

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = code


async def test_a_socket_over_its_send_budget_is_closed_with_1013() -> None:
    transport = _StuckTransport(buffered=600)
    websocket = _StuckWebSocket(transport)
    closing: list[Connection] = []
    connection = Connection(
        websocket,  # type: ignore[arg-type]  # a stand-in with what Connection uses
        "room",
        "slow",
        limiter=SlidingWindowLimiter(10),
        typing_limiter=SlidingWindowLimiter(10),
        on_closing=closing.append,
        send_buffer_limit_bytes=1000,
    )
    assert connection.accepts(Outgoing("x" * 400, 400))  # 1000 bytes: at the budget
    transport.buffered = 700
    assert not connection.accepts(Outgoing("x" * 400, 400))  # 1100: over it
    await connection.stop()
    assert closing == [connection]
    assert websocket.closed_with == 1013
    assert not connection.accepts(Outgoing("x", 1))  # closing: nothing more is written
