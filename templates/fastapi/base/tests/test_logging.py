import json
import logging
from typing import Any

from app.logging_config import JsonFormatter, request_id_var


def _format(record: logging.LogRecord) -> dict[str, Any]:
    return json.loads(JsonFormatter().format(record))


def test_a_log_line_is_one_json_object_with_extra_fields() -> None:
    record = logging.makeLogRecord(
        {
            "name": "app.test",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "hello %s",
            "args": ("world",),
            "status": 201,
        }
    )
    entry = _format(record)
    assert entry["message"] == "hello world"
    assert entry["level"] == "info"
    assert entry["logger"] == "app.test"
    assert entry["status"] == 201
    assert entry["time"].endswith("+00:00")
    assert "requestId" not in entry


def test_lines_logged_during_a_request_carry_its_id() -> None:
    token = request_id_var.set("req-123")
    try:
        entry = _format(logging.makeLogRecord({"msg": "inside a request"}))
    finally:
        request_id_var.reset(token)
    assert entry["requestId"] == "req-123"


def test_exceptions_are_logged_as_a_field_not_extra_lines() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]
