"""HTTP and WebSocket routes of the chat. Thin: validation, then the ChatService."""

import logging
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, WebSocket
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from app.chat.messages import MessageRepository
from app.chat.names import NAME_PATTERN, NAME_RULE, handshake_problems
from app.chat.schemas import MembersOut, MessageOut, MessagesPage
from app.chat.service import ChatService
from app.dependencies import from_state
from app.errors import ErrorResponse, error_response, error_responses

PAGE = FilePath(__file__).resolve().parents[2] / "public" / "index.html"
MAX_MESSAGE_ID = 2**63 - 1  # bigint

logger = logging.getLogger("app.chat.routes")

router = APIRouter(tags=["chat"])


Chat = Annotated[ChatService, Depends(from_state("chat"))]
Messages = Annotated[MessageRepository, Depends(from_state("messages"))]
Room = Annotated[str, Path(pattern=NAME_PATTERN, description=f"The room: {NAME_RULE}")]


@router.get(
    "/rooms/{room}/messages",
    responses=error_responses(400),
    summary="Read a room's history, newest first, a page at a time",
)
async def list_messages(
    room: Room,
    messages: Messages,
    limit: Annotated[int, Query(ge=1, le=200, description="Messages per page")] = 50,
    before: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_MESSAGE_ID,
            description="Only messages with a smaller id: the last id of the previous page",
        ),
    ] = None,
) -> MessagesPage:
    page = await messages.page(room, limit, before)
    return MessagesPage(messages=[MessageOut.model_validate(message) for message in page])


@router.get(
    "/rooms/{room}/members",
    responses=error_responses(400),
    summary="Who is online in a room, on every instance",
)
async def list_members(room: Room, chat: Chat) -> MembersOut:
    return MembersOut(members=await chat.members(room))


_SOCKET_DESCRIPTION = """\
Upgrade to a WebSocket (`Upgrade: websocket`) to join `room` as `name`.

Client frames (JSON text): `{"type":"message","text":"..."}` (1-2000 characters) and
`{"type":"typing"}`. Server frames: `{"type":"message","id","room","name","text","createdAt"}` to
the whole room (the sender included), `{"type":"presence","room","members"}` on every join and
leave, `{"type":"typing","room","name"}` to the others, and `{"type":"error","code","message"}`
for a frame the server refuses (`invalid_json`, `unknown_type`, `validation_error`,
`binary_not_supported`, `rate_limited`, `unavailable`); the socket stays open.

Close codes: 1009 for a frame over 16 KiB, 1013 when the client reads too slowly (what it has not
read passed 1 MiB), 1001 when the server shuts down.
"""


@router.get(
    "/ws",
    status_code=101,
    responses={
        101: {"description": "Switching Protocols: the socket is open"},
        400: {
            "model": ErrorResponse,
            "description": "`validation_error`: room or name missing or invalid",
        },
        426: {
            "model": ErrorResponse,
            "description": "`upgrade_required`: a plain HTTP request, not a WebSocket upgrade",
        },
    },
    summary="Join a room over a WebSocket",
    description=_SOCKET_DESCRIPTION,
)
async def join_room(
    room: Annotated[str, Query(pattern=NAME_PATTERN, description=f"The room: {NAME_RULE}")],
    name: Annotated[
        str, Query(pattern=NAME_PATTERN, description=f"Your display name: {NAME_RULE}")
    ],
) -> JSONResponse:
    """Without an upgrade: FastAPI checks room and name as the socket does (400), then 426."""
    return error_response(
        426,
        "upgrade_required",
        "Open this URL with a WebSocket client",
        headers={"Upgrade": "websocket"},
    )


@router.websocket("/ws")
async def chat_socket(websocket: WebSocket) -> None:
    room = websocket.query_params.get("room")
    name = websocket.query_params.get("name")
    problems = handshake_problems(room, name)
    if problems or room is None or name is None:
        # Refused before the upgrade: an HTTP 400 with the error shape, not a socket.
        logger.info("socket refused: invalid room or name", extra={"details": problems})
        await websocket.send_denial_response(
            error_response(400, "validation_error", "Invalid room or name", problems)
        )
        return
    await websocket.app.state.chat.serve(websocket, room, name)


# The page is HTML, its errors (405 for another method, 500) are the usual JSON error shape.
_PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    "default": {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
}


@router.get(
    "/", response_class=HTMLResponse, responses=_PAGE_RESPONSES, summary="The chat page (HTML)"
)
async def chat_page() -> FileResponse:
    """The chat page: plain HTML and JavaScript, no build step."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")
