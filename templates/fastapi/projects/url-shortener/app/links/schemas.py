"""Request and response bodies of the links API, with the URL rules."""

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

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

MAX_URL_LENGTH = 2048


def url_problem(url: str) -> str | None:
    """Why `url` cannot be shortened, or None when it is an absolute http(s) URL with a host."""
    if not url:
        return "must not be empty"
    if len(url) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    if any(char.isspace() or not char.isprintable() for char in url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return "must be a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an absolute http or https URL"
    if not host:
        return "must have a host"
    return None


class ShortenRequest(BaseModel):
    url: StrictStr  # strict: a number or a list is a 400, not coerced to a string

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
