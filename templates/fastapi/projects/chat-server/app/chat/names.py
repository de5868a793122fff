"""Room and display names: 1-64 letters, digits, `-` or `_`.

So narrow on purpose: such a name is safe as it is in a URL, a Redis key (`presence:<room>`), a
pub/sub channel (`chat:<room>`) and a log line, and `:` can separate it from other parts of a key.
"""

import re

NAME_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
NAME_RULE = "must be 1-64 letters, digits, '-' or '_'"

_NAME = re.compile(NAME_PATTERN)


def is_valid_name(value: str) -> bool:
    return _NAME.fullmatch(value) is not None


def handshake_problems(room: str | None, name: str | None) -> list[dict[str, str]]:
    """The `details` of a 400 for `GET /ws?room=&name=`; empty when both are valid."""
    problems = []
    for field, value in (("room", room), ("name", name)):
        if value is None:
            problems.append({"path": field, "message": "is required"})
        elif not is_valid_name(value):
            problems.append({"path": field, "message": NAME_RULE})
    return problems
