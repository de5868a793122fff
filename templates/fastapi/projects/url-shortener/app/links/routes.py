"""HTTP routes of the links API. Thin: validation, status codes, then the LinkService."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from app.errors import ApiError, error_responses
from app.json_route import JsonBodyRoute
from app.links.codes import is_valid_code
from app.links.rate_limit import enforce_rate_limit
from app.links.schemas import LinkOut, LinkStatsOut, ShortenRequest
from app.links.service import LinkService

router = APIRouter(prefix="/shorten", tags=["links"], route_class=JsonBodyRoute)
redirect_router = APIRouter(tags=["redirect"])


def _links(request: Request) -> LinkService:
    return request.app.state.links


def _not_found() -> ApiError:
    return ApiError(404, "not_found", "Short code not found")


def _code_in_path(code: str) -> str:
    # A code with characters outside the alphabet cannot exist: 404 without asking Postgres.
    if not is_valid_code(code):
        raise _not_found()
    return code


Links = Annotated[LinkService, Depends(_links)]
Code = Annotated[str, Depends(_code_in_path)]


@router.post(
    "",
    status_code=201,
    response_model=LinkOut,
    responses=error_responses(400, 413, 429),
    dependencies=[Depends(enforce_rate_limit)],
    summary="Create a short link",
)
async def create_link(body: ShortenRequest, links: Links) -> LinkOut:
    return LinkOut.from_link(await links.create(body.url))


@router.get(
    "/{code}",
    response_model=LinkOut,
    responses=error_responses(404),
    summary="Read a short link (does not count an access)",
)
async def get_link(code: Code, links: Links) -> LinkOut:
    link = await links.get(code)
    if link is None:
        raise _not_found()
    return LinkOut.from_link(link)


@router.put(
    "/{code}",
    response_model=LinkOut,
    responses=error_responses(400, 404, 413),
    summary="Point a short link at a new URL",
)
async def update_link(code: Code, body: ShortenRequest, links: Links) -> LinkOut:
    link = await links.update(code, body.url)
    if link is None:
        raise _not_found()
    return LinkOut.from_link(link)


@router.delete(
    "/{code}",
    status_code=204,
    response_class=Response,
    responses=error_responses(404),
    summary="Delete a short link",
)
async def delete_link(code: Code, links: Links) -> Response:
    if not await links.delete(code):
        raise _not_found()
    return Response(status_code=204)


@router.get(
    "/{code}/stats",
    response_model=LinkStatsOut,
    responses=error_responses(404),
    summary="Read a short link with its access count",
)
async def get_link_stats(code: Code, links: Links) -> LinkStatsOut:
    link = await links.stats(code)
    if link is None:
        raise _not_found()
    return LinkStatsOut.model_validate(link, from_attributes=True)


@redirect_router.get(
    "/{code}",
    status_code=302,
    response_class=RedirectResponse,
    responses={
        302: {
            "description": "Redirect to the link's URL; counts one access",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        **error_responses(404),
    },
    summary="Follow a short link",
)
async def follow_link(code: str, request: Request) -> RedirectResponse:
    # The hot path of the service, so no Depends() here: the same checks as `Code` and `Links`,
    # written inline, skip FastAPI's per-request dependency resolution.
    if not is_valid_code(code):
        raise _not_found()
    links: LinkService = request.app.state.links
    url = await links.resolve(code)
    if url is None:
        raise _not_found()
    return RedirectResponse(url, status_code=302)
