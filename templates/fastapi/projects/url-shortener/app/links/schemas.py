"""Request and response bodies of the links API."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    StrictStr,
    WithJsonSchema,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from app.links.repository import Link
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


def _iso_millis(value: datetime) -> str:
    # 2025-01-31T12:00:00.123Z; truncating (not rounding) keeps a later updated_at from ever
    # printing earlier than created_at.
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


Timestamp = Annotated[
    datetime,
    PlainSerializer(_iso_millis, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "example": "2025-01-31T12:00:00.123Z"}
    ),
]


class LinkOut(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True
    )

    id: int
    url: str
    short_code: str
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def from_link(cls, link: Link) -> "LinkOut":
        return cls.model_validate(link, from_attributes=True)


class LinkStatsOut(LinkOut):
    access_count: int
