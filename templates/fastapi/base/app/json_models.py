"""What every JSON body of the API shares: camelCase field names and timestamps the way
JavaScript's Date prints them."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """Python's snake_case fields, JSON's camelCase names: `created_at` is `createdAt` in the
    body and in the OpenAPI schema. Built from a body with either name, or from an object with
    those attributes: `LinkOut.model_validate(link)` turns a row into a response body."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        serialize_by_alias=True,
        from_attributes=True,
    )


def iso_millis(value: datetime) -> str:
    """2025-01-31T12:00:00.123Z: UTC, milliseconds. Truncated, not rounded, so a later time
    never prints earlier than an earlier one (an updated_at before its created_at)."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# A datetime field that serializes with iso_millis, documented as an OpenAPI date-time.
Timestamp = Annotated[
    datetime,
    PlainSerializer(iso_millis, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "example": "2025-01-31T12:00:00.123Z"}
    ),
]
