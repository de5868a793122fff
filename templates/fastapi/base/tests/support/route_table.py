"""What an app serves (its routes, as method and path) next to what its OpenAPI document lists.

FastAPI keeps an included router as one entry of `app.routes`; `iter_route_contexts` expands it
into one entry per route, with the path the router was included at."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

# The keys of an OpenAPI path item that are operations (the others: summary, parameters, ...).
OPENAPI_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    method: str  # upper case: "GET"
    path: str  # as OpenAPI writes it: "/shorten/{code}"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Served:
    operations: frozenset[Operation]  # every HTTP method and path a route answers
    websocket_paths: frozenset[str]


def documented_operations(document: dict[str, Any]) -> frozenset[Operation]:
    return frozenset(
        Operation(method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in OPENAPI_METHODS
    )


def served_routes(app: FastAPI) -> Served:
    """The app's routes, but not its own documentation (/openapi.json, /docs, /redoc)."""
    docs_paths = {
        app.openapi_url,
        app.docs_url,
        app.swagger_ui_oauth2_redirect_url,
        app.redoc_url,
    }
    operations: set[Operation] = set()
    websocket_paths: set[str] = set()
    for route, path in _walk(app.routes, prefix=""):
        if isinstance(route, WebSocketRoute):
            websocket_paths.add(path)
        elif isinstance(route, Route) and path not in docs_paths:
            methods = set(route.methods or ())
            if "GET" in methods:
                methods.discard("HEAD")  # HEAD is GET without the body: GET covers it
            operations.update(Operation(method, path) for method in methods)
    return Served(frozenset(operations), frozenset(websocket_paths))


def _walk(routes: Sequence[BaseRoute], prefix: str) -> Iterator[tuple[BaseRoute, str]]:
    for context in iter_route_contexts(routes):
        route = context.original_route
        path = prefix + (context.path_format or "")
        if isinstance(route, Mount):
            if isinstance(route.app, StaticFiles):
                continue  # files, not API operations
            if not route.routes:
                raise AssertionError(f"{path} mounts an app whose routes this test cannot see")
            yield from _walk(route.routes, prefix=path)
        elif isinstance(route, Route | WebSocketRoute):
            yield route, path
        else:
            raise AssertionError(f"{path or route!r}: a {type(route).__name__} route is not read")


def parity_problems(served: Served, documented: frozenset[Operation]) -> list[str]:
    """Every operation served but not documented, and documented but not served. A WebSocket
    route is no HTTP operation, but its path may be documented as GET (the upgrade request)."""
    upgrades = {Operation("GET", path) for path in served.websocket_paths}
    undocumented = served.operations - documented
    not_served = documented - served.operations - upgrades
    return [f"{op}: served but not in /openapi.json" for op in sorted(undocumented, key=str)] + [
        f"{op}: in /openapi.json but not served" for op in sorted(not_served, key=str)
    ]
