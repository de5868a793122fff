"""A route class for JSON APIs: the body is read as JSON whatever the Content-Type says."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.errors import invalid_json_response


class JsonBodyRoute(APIRoute):
    """FastAPI parses a body as JSON only when Content-Type says so; `curl -d` sends
    application/x-www-form-urlencoded. Routes of this class read every body as JSON, so a body
    either is valid JSON or gets 400 invalid_json (an empty body too). Use it on routers that take
    only JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle_request = super().get_route_handler()

        async def handle_as_json(request: Request) -> Response:
            headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
            headers.append((b"content-type", b"application/json"))
            json_request = Request({**request.scope, "headers": headers}, request.receive)
            # FastAPI reads an empty body like the JSON `null` (both are a missing body); only
            # the second is JSON. The body read here is kept for the handler.
            if self.body_field is not None and not await json_request.body():
                return invalid_json_response()
            return await handle_request(json_request)

        return handle_as_json
