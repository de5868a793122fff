"""Short codes: random base62 strings from a CSPRNG."""

import re
import secrets
import string

ALPHABET = string.digits + string.ascii_letters
CODE_LENGTH = 7

# Codes in request paths outside this pattern cannot exist, so they are a 404 without a query.
CODE_PATTERN = "^[0-9A-Za-z]{1,64}$"
_CODE_IN_PATH = re.compile(r"[0-9A-Za-z]{1,64}")


def generate_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def is_valid_code(code: str) -> bool:
    return _CODE_IN_PATH.fullmatch(code) is not None
