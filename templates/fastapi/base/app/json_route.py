"""A route class for JSON APIs: the body is read as JSON whatever the Content-Type says."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute


class JsonBodyRoute(APIRoute):
    """FastAPI parses a body as JSON only when Content-Type says so; `curl -d` sends
    application/x-www-form-urlencoded. Routes of this class read every body as JSON, so a body
    either is valid JSON or gets 400 invalid_json. Use it on routers that take only JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle_request = super().get_route_handler()

        async def handle_as_json(request: Request) -> Response:
            headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
            headers.append((b"content-type", b"application/json"))
            return await handle_request(
                Request({**request.scope, "headers": headers}, request.receive)
            )

        return handle_as_json
