"""The WebSocket protocol: what a client may send, and the frames the server sends back.

Client to server (JSON text frames):
    {"type": "message", "text": "..."}    1-2000 characters, stored and sent to the whole room
    {"type": "typing"}                     sent to the other members of the room
Server to client:
    {"type": "message", "id", "room", "name", "text", "createdAt"}
    {"type": "presence", "room", "members": [names]}
    {"type": "typing", "room", "name"}
    {"type": "error", "code", "message"}  the socket stays open
"""

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

# Larger frames close the socket with 1009 (message too big). uvicorn enforces it while reading
# (app/chat/websocket_server.py), so an oversized frame is never buffered whole; ChatService
# checks it again, for a server started some other way.
MAX_FRAME_BYTES = 16 * 1024
MAX_TEXT_CHARS = 2000


@dataclass(frozen=True)
class SendMessage:
    text: str


@dataclass(frozen=True)
class Typing:
    pass


@dataclass(frozen=True)
class FrameError:
    """A frame the server refuses: answered with an error frame, the socket stays open."""

    code: str
    message: str


ClientFrame = SendMessage | Typing


def parse_client_frame(raw: str) -> ClientFrame | FrameError:
    try:
        frame = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: [[[[...]]]] nested too deep
        return FrameError("invalid_json", "Frame is not valid JSON")
    if not isinstance(frame, dict):
        return FrameError("validation_error", "A frame must be a JSON object")
    kind = frame.get("type")
    if not isinstance(kind, str):
        return FrameError("validation_error", 'A frame needs a "type": "message" or "typing"')
    if kind == "typing":
        return Typing()
    if kind != "message":
        return FrameError("unknown_type", 'Unknown frame type: expected "message" or "typing"')
    text = frame.get("text")
    if not isinstance(text, str):
        return FrameError("validation_error", '"text" must be a string')
    if not 1 <= len(text) <= MAX_TEXT_CHARS:
        return FrameError("validation_error", f'"text" must be 1-{MAX_TEXT_CHARS} characters')
    return SendMessage(text)


class Outgoing(NamedTuple):
    """A server frame serialized once, however many sockets it goes to."""

    text: str
    size: int  # bytes on the wire: what a socket's send budget counts

    @classmethod
    def of(cls, frame: dict[str, Any]) -> "Outgoing":
        text = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
        return cls(text, len(text.encode()))


def presence_frame(room: str, members: list[str]) -> dict[str, Any]:
    return {"type": "presence", "room": room, "members": members}


def typing_frame(room: str, name: str) -> dict[str, Any]:
    return {"type": "typing", "room": room, "name": name}


def error_frame(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}
