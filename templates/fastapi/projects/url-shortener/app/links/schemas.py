"""Request and response bodies of the links API."""

from typing import Annotated

from pydantic import BaseModel, StrictStr, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from app.json_models import CamelModel, Timestamp
from app.links.urls import MAX_URL_LENGTH, URL_PATTERN, url_problem

# Published in the OpenAPI document; url_problem does the check and names what is wrong.
_URL_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_URL_LENGTH,
    "pattern": URL_PATTERN,
    "description": "Absolute http or https URL with a host, at most 2048 characters, "
    "no spaces or control characters",
    "example": "https://example.com/some/long/page",
}


class ShortenRequest(BaseModel):
    # Strict: a number or a list is a 400, not coerced to a string.
    url: Annotated[StrictStr, WithJsonSchema(_URL_SCHEMA)]

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        problem = url_problem(url)
        if problem:
            raise PydanticCustomError("url_invalid", problem)
        return url


class LinkOut(CamelModel):
    id: int
    url: str
    short_code: str
    created_at: Timestamp
    updated_at: Timestamp


class LinkStatsOut(LinkOut):
    access_count: int
