"""Request and response bodies of the jobs API, with their rules."""

from datetime import datetime
from typing import Annotated

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, Field, JsonValue, StrictStr, field_validator
from pydantic_core import PydanticCustomError

from app.errors import ApiError
from app.jobs.handlers import HANDLERS
from app.jobs.model import JobStatus, is_storable_text, to_json
from app.json_models import CamelModel, Timestamp

MAX_ATTEMPTS_LIMIT = 100
DEFAULT_MAX_ATTEMPTS = 5
MAX_IDEMPOTENCY_KEY_LENGTH = 200
MAX_PAYLOAD_BYTES = 1024 * 1024


def _json_number(value: object) -> object:
    # A JSON number only: not "5" nor true (which Python counts as the integer 1).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "must be a whole number")
    return value


# A JSON integer: 5, or 5.0 (the same number to JSON and to JavaScript), but not 2.5.
JsonInteger = Annotated[int, BeforeValidator(_json_number)]


class EnqueueRequest(CamelModel):
    # Checked against HANDLERS below; the enum shows the registered types in /docs.
    type: StrictStr = Field(
        description="a registered job type", json_schema_extra={"enum": list(HANDLERS)}
    )
    payload: JsonValue = Field(default=None, description="any JSON; at most 1 MiB")
    run_at: StrictStr | None = Field(
        default=None,
        description="when to run it: an ISO-8601 date-time with a time zone; default now",
        examples=["2030-01-31T12:00:00.000Z"],
    )
    max_attempts: JsonInteger = Field(default=DEFAULT_MAX_ATTEMPTS, ge=1, le=MAX_ATTEMPTS_LIMIT)
    idempotency_key: StrictStr | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_IDEMPOTENCY_KEY_LENGTH,
        description="the same key again returns the first job (200) instead of creating one",
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in HANDLERS:
            raise PydanticCustomError(
                "unknown_job_type",
                "unknown job type; one of: {types}",
                {"types": ", ".join(HANDLERS)},
            )
        return value

    @field_validator("run_at")
    @classmethod
    def _parsable_time(cls, value: str | None) -> str | None:
        if value is not None:
            parse_run_at(value)
        return value

    @field_validator("idempotency_key")
    @classmethod
    def _storable_key(cls, value: str | None) -> str | None:
        if value is not None and not is_storable_text(value):
            raise PydanticCustomError("key_invalid", "must not contain NUL or lone surrogates")
        return value


def payload_json(payload: JsonValue) -> str:
    """The payload as the JSON text stored in Postgres: 413 over 1 MiB, 400 for what jsonb
    cannot store (NaN, Infinity, NUL characters, unpaired surrogates)."""
    try:
        text = to_json(payload)
    except ValueError as exc:
        raise RequestValidationError(
            [{"loc": ("body", "payload"), "msg": str(exc), "type": "payload_invalid"}]
        ) from None
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise ApiError(413, "payload_too_large", "payload is larger than 1 MiB")
    return text


def parse_run_at(value: str) -> datetime:
    """An ISO-8601 date-time with a time zone (`Z` or an offset such as `+02:00`): without one,
    the time would mean something else on every machine."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise PydanticCustomError(
            "datetime_invalid",
            "must be an ISO-8601 date-time with a time zone, e.g. 2030-01-31T12:00:00Z",
        )
    return parsed


class JobOut(CamelModel):
    id: int
    type: str
    status: JobStatus
    attempts: int
    max_attempts: int
    run_at: Timestamp
    created_at: Timestamp
    payload: JsonValue
    last_error: str | None
    result: JsonValue
    updated_at: Timestamp
    finished_at: Timestamp | None


class JobList(BaseModel):
    jobs: list[JobOut]


class QueueStats(BaseModel):
    queued: int
    running: int
    succeeded: int
    failed: int
    dead: int
