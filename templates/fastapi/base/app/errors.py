"""The one error shape, {"error": {"code", "message", "details"?}}, and its handlers."""

import json
import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

logger = logging.getLogger("app.errors")

T = TypeVar("T")


class ErrorDetail(BaseModel):
    path: str
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """Raise from anywhere in a request to answer with the error shape."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.headers = headers


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def found(value: T | None, message: str) -> T:
    """`value`, or a 404 `not_found` with `message` when there is none (a lookup found no row)."""
    if value is None:
        raise not_found(message)
    return value


def error_response(
    status_code: int,
    code: str,
    message: str,
    details: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return JSONResponse({"error": error}, status_code=status_code, headers=headers)


_DESCRIPTIONS = {
    400: "Invalid request (`invalid_json` or `validation_error` with `details`)",
    404: "Not found (`not_found`)",
    405: "Method not allowed (`method_not_allowed`)",
    413: "Request body too large (`payload_too_large`)",
    429: "Too many requests (`rate_limited`, see the Retry-After header)",
    500: "Unexpected server error (`internal_error`)",
}


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error shape for these status codes."""
    return {
        status: {"model": ErrorResponse, "description": _DESCRIPTIONS[status]}
        for status in status_codes
    }


# Given to FastAPI(responses=...): every operation documents the error shape as its default
# response, which also keeps FastAPI from documenting a 422 this API never sends.
DEFAULT_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "default": {"model": ErrorResponse, "description": "Error"}
}

_HTTP_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "rate_limited",
}

_HTTP_ERROR_MESSAGES = {
    404: "Not found",
    405: "Method not allowed",
    413: "Request body is too large",
}


async def handle_api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status_code, exc.code, exc.message, headers=exc.headers)


async def handle_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(error["type"] == "json_invalid" for error in errors):
        return invalid_json_response()
    if isinstance(exc.body, bytes):
        # FastAPI parses the body as JSON only when Content-Type says JSON (or is missing);
        # otherwise the validator got the raw bytes.
        if not _is_json(exc.body):
            return invalid_json_response()
        details = [{"path": "body", "message": "send JSON with Content-Type: application/json"}]
    else:
        details = [{"path": _dotted(error["loc"]), "message": error["msg"]} for error in errors]
    return error_response(400, "validation_error", "Request is invalid", details)


async def handle_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    message = _HTTP_ERROR_MESSAGES.get(exc.status_code, str(exc.detail))
    headers = exc.headers
    if exc.status_code == 405:
        # Starlette names the methods of the first route with this path only; a path served by
        # several routes (GET and PUT /items/{id}) allows all of theirs.
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return error_response(exc.status_code, code, message, headers=headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app fully matches for this request's path."""
    routes = request.app.router.routes

    def served(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] == Match.FULL for route in routes)

    return [method for method in _METHODS if served(method)]


async def handle_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # Runs outside RequestContextMiddleware, so the request id comes from request.state.
    request_id = getattr(request.state, "request_id", None)
    logger.error(
        "unhandled error",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"requestId": request_id, "method": request.method, "path": request.url.path},
    )
    headers = {"X-Request-Id": request_id} if request_id else None
    return error_response(500, "internal_error", "Internal server error", headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    # Starlette types every handler as taking any Exception, but calls each one only with the
    # class it is registered for, so a handler may name that class (mypy cannot see this).
    app.add_exception_handler(ApiError, handle_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, handle_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, handle_unexpected_error)


def invalid_json_response() -> JSONResponse:
    return error_response(400, "invalid_json", "Request body is not valid JSON")


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:  # also covers UnicodeDecodeError
        return False
    return True


def _dotted(loc: tuple[int | str, ...]) -> str:
    # ("body", "url") -> "url"; the location prefix alone stays as it is: ("body",) -> "body".
    parts = [str(part) for part in loc]
    return ".".join(parts[1:] if len(parts) > 1 else parts)
