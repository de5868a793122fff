"""A job as stored in Postgres, and the statuses it moves through."""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import asyncpg

JobStatus = Literal["queued", "running", "succeeded", "failed", "dead"]
JOB_STATUSES: tuple[JobStatus, ...] = ("queued", "running", "succeeded", "failed", "dead")

# The columns every query returns, in the order of Job's fields.
JOB_COLUMNS = (
    "id, type, status, attempts, max_attempts, run_at, created_at, payload, last_error, result,"
    " updated_at, finished_at"
)


@dataclass(frozen=True)
class Job:
    id: int
    type: str
    status: JobStatus
    attempts: int
    max_attempts: int
    run_at: datetime
    created_at: datetime
    payload: Any
    last_error: str | None
    result: Any
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> "Job":
        # asyncpg hands jsonb over as text; the queue decodes it here, in one place.
        values = dict(row)
        values["payload"] = json.loads(values["payload"])
        values["result"] = None if values["result"] is None else json.loads(values["result"])
        return cls(**values)


# A \u0000 escape in JSON text (one after an escaped backslash, \\u0000, is plain text).
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def to_json(value: Any) -> str:
    """The compact JSON text stored in a jsonb column. Raises ValueError for what jsonb cannot
    hold: NaN and Infinity, NUL characters, unpaired UTF-16 surrogates."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise ValueError("NaN and Infinity are not JSON numbers") from None
    if _NUL_ESCAPE.search(text) or not is_storable_text(text):
        raise ValueError("strings must not contain NUL characters or lone surrogates")
    return text


def is_storable_text(value: str) -> bool:
    """Postgres text cannot hold NUL characters; UTF-8 cannot encode unpaired surrogates."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
