"""HTTP routes of the links API. Thin: validation, status codes, then the LinkService."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app.dependencies import from_state
from app.errors import error_responses, found, not_found
from app.json_route import JsonBodyRoute
from app.links.codes import CODE_PATTERN, is_valid_code
from app.links.rate_limit import enforce_rate_limit
from app.links.schemas import LinkOut, LinkStatsOut, ShortenRequest
from app.links.service import LinkService
from app.links.urls import to_location

router = APIRouter(prefix="/shorten", tags=["links"], route_class=JsonBodyRoute)
redirect_router = APIRouter(tags=["redirect"])


NOT_FOUND = "Short code not found"

# Documented with its pattern but not checked by FastAPI: a code outside it is a 404, not a 400.
CodeParam = Annotated[
    str,
    Path(
        description="Short code: 1-64 letters and digits (others are a 404)",
        examples=["aZ3kP9q"],
        json_schema_extra={"pattern": CODE_PATTERN},
    ),
]


def _code_in_path(code: CodeParam) -> str:
    # A code with characters outside the alphabet cannot exist: 404 without asking Postgres.
    if not is_valid_code(code):
        raise not_found(NOT_FOUND)
    return code


Links = Annotated[LinkService, Depends(from_state("links"))]
Code = Annotated[str, Depends(_code_in_path)]

# OpenAPI links: the shortCode of a created link is the {code} of every other call, so a client
# (or a test tool) can follow create -> read -> change -> count -> delete through the document.
_CODE_FROM_CREATED = {"code": "$response.body#/shortCode"}
_LINKS_FROM_CREATED = {
    name: {"operationId": operation_id, "parameters": _CODE_FROM_CREATED}
    for name, operation_id in [
        ("GetLink", "getLink"),
        ("UpdateLink", "updateLink"),
        ("GetLinkStats", "getLinkStats"),
        ("FollowLink", "followLink"),
        ("DeleteLink", "deleteLink"),
    ]
}


@router.post(
    "",
    status_code=201,
    responses={
        201: {"description": "The new link", "links": _LINKS_FROM_CREATED},
        **error_responses(400, 413),
        429: {
            **error_responses(429)[429],
            "headers": {
                "Retry-After": {
                    "description": "Seconds until the rate limit window ends",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            },
        },
    },
    dependencies=[Depends(enforce_rate_limit)],
    summary="Create a short link",
)
async def create_link(body: ShortenRequest, links: Links) -> LinkOut:
    return LinkOut.model_validate(await links.create(body.url))


@router.get(
    "/{code}",
    responses=error_responses(404),
    summary="Read a short link (does not count an access)",
)
async def get_link(code: Code, links: Links) -> LinkOut:
    return LinkOut.model_validate(found(await links.get(code), NOT_FOUND))


@router.put(
    "/{code}",
    responses=error_responses(400, 404, 413),
    summary="Point a short link at a new URL",
)
async def update_link(code: Code, body: ShortenRequest, links: Links) -> LinkOut:
    return LinkOut.model_validate(found(await links.update(code, body.url), NOT_FOUND))


@router.delete(
    "/{code}",
    status_code=204,
    response_class=Response,
    responses=error_responses(404),
    summary="Delete a short link",
)
async def delete_link(code: Code, links: Links) -> Response:
    if not await links.delete(code):
        raise not_found(NOT_FOUND)
    return Response(status_code=204)


@router.get(
    "/{code}/stats",
    responses=error_responses(404),
    summary="Read a short link with its access count",
)
async def get_link_stats(code: Code, links: Links) -> LinkStatsOut:
    return LinkStatsOut.model_validate(found(await links.stats(code), NOT_FOUND))


@redirect_router.get(
    "/{code}",
    status_code=302,
    response_class=Response,
    responses={
        302: {
            "description": "Redirect to the link's URL; counts one access",
            "headers": {
                "Location": {
                    "description": "The URL; an international host in its xn-- form, "
                    "other non-ASCII characters %-encoded",
                    "required": True,
                    "schema": {"type": "string"},
                }
            },
        },
        **error_responses(404),
    },
    summary="Follow a short link",
)
async def follow_link(code: CodeParam, request: Request) -> Response:
    # The hot path of the service, so no Depends() here: the same checks as `Code` and `Links`,
    # written inline, skip FastAPI's per-request dependency resolution.
    if not is_valid_code(code):
        raise not_found(NOT_FOUND)
    links: LinkService = request.app.state.links
    url = found(await links.resolve(code), NOT_FOUND)
    return Response(status_code=302, headers={"location": to_location(url)})
