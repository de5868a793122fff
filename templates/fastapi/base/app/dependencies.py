"""Dependencies the routers share."""

from collections.abc import Callable
from typing import Any

from fastapi import Request


def from_state(name: str) -> Callable[[Request], Any]:
    """A dependency that gives what the lifespan put in `app.state.<name>`, so a route takes its
    service as a parameter: `Links = Annotated[LinkService, Depends(from_state("links"))]`."""

    def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    return dependency
