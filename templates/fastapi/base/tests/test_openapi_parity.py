"""/openapi.json describes exactly what the service serves: a route added without its
documentation (include_in_schema=False, a plain Starlette route) fails here, and so does an
operation the document still lists after its route is gone."""

import re

import httpx
from fastapi import FastAPI, WebSocket

from app.main import create_app
from tests.support.fixture_types import MakeSettings
from tests.support.route_table import (
    Operation,
    documented_operations,
    parity_problems,
    served_routes,
)


async def test_every_route_is_documented_and_every_documented_operation_is_served(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    document = (await client.get("/openapi.json")).json()
    served = served_routes(app)
    assert served.operations, "no routes found: the route table cannot read this app"
    assert parity_problems(served, documented_operations(document)) == []


async def test_every_operation_has_an_id_of_its_own_named_after_its_handler(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    ids = [
        operation["operationId"]
        for path_item in document["paths"].values()
        for operation in path_item.values()
    ]
    assert len(ids) == len(set(ids)), f"two handlers share a name: {sorted(ids)}"
    assert [i for i in ids if not re.fullmatch(r"[a-z][A-Za-z0-9]*", i)] == []


def test_a_route_missing_from_the_document_is_reported(make_settings: MakeSettings) -> None:
    app = create_app(make_settings())

    async def hidden() -> dict[str, str]:
        return {}

    async def socket(websocket: WebSocket) -> None:
        await websocket.close()

    app.add_api_route("/test/hidden", hidden, methods=["POST"], include_in_schema=False)
    app.add_api_websocket_route("/test/socket", socket)
    document = app.openapi()
    document["paths"]["/test/gone"] = {"delete": {"responses": {}}}
    document["paths"]["/test/socket"] = {"get": {"responses": {}}}  # an upgrade, documented

    problems = parity_problems(served_routes(app), documented_operations(document))

    assert problems == [
        "POST /test/hidden: served but not in /openapi.json",
        "DELETE /test/gone: in /openapi.json but not served",
    ]
    assert Operation("GET", "/docs") not in served_routes(app).operations
