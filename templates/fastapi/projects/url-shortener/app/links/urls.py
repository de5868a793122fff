"""Which URLs can be shortened, and how a stored URL is sent back in a Location header."""

import re
from urllib.parse import quote

MAX_URL_LENGTH = 2048

# What a URL we shorten looks like, as one regular expression: `http` or `https`, `://`, an
# optional user info, a host (letters, digits and `-._~!$&'()*+,;=`, or any non-ASCII letter; IP
# literals in brackets are not taken), an optional port, then any path, query and fragment. Spaces
# and control characters are refused everywhere (they cannot be sent back in a Location header).
# The OpenAPI document publishes this same pattern, so a client can check a URL before sending it.
URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://"
    r"(?:(?:[0-9A-Za-z._~!$&'()*+,;=:%-]|[^\x00-\x9f])*@)?"
    r"(?:[0-9A-Za-z._~!$&'()*+,;=-]|[^\x00-\x9f])+"
    r"(?::[0-9]*)?"
    r"(?:[/?#][^\x00-\x20\x7f-\x9f]*)?$"
)

_URL = re.compile(URL_PATTERN)
_HTTP_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]")
# Half of a UTF-16 pair, alone: JSON can carry one, but no encoding (nor Postgres) can store it.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be shortened, or None when it can."""
    if not url:
        return "must not be empty"
    if len(url) > MAX_URL_LENGTH:
        return f"must be at most {MAX_URL_LENGTH} characters"
    if _CONTROL_OR_SPACE.search(url):
        return "must not contain spaces or control characters"
    if _LONE_SURROGATE.search(url):
        return "must be valid Unicode text"
    if not _HTTP_SCHEME.match(url):
        return "must be an absolute http or https URL such as https://example.com/page"
    if not _URL.fullmatch(url):
        return "must have a valid host, such as https://example.com/page"
    return None


# Every printable ASCII character stays as it is; only what a header cannot carry is escaped.
_PRINTABLE_ASCII = "".join(chr(code) for code in range(0x21, 0x7F))
# scheme://, user info@, host, then the port, path, query and fragment.
_URL_PARTS = re.compile(r"([^:]+://)([^@/?#]*@)?([^:/?#]*)(.*)", re.DOTALL)


def _percent_encode_non_ascii(text: str) -> str:
    return quote(text, safe=_PRINTABLE_ASCII)


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # not a name IDNA can encode: browsers still decode %-escapes in a host
        return _percent_encode_non_ascii(host)


def to_location(url: str) -> str:
    """The stored URL as a Location header value, which must be ASCII. Most URLs are, and go out
    exactly as stored. Otherwise an international host name is sent in its ASCII (punycode,
    `xn--`) form and every other non-ASCII character as UTF-8 percent-escapes:
    `https://bücher.example/café` becomes `https://xn--bcher-kva.example/caf%C3%A9`."""
    if url.isascii():
        return url
    parts = _URL_PARTS.fullmatch(url)
    if parts is None:
        return _percent_encode_non_ascii(url)
    scheme, user_info, host, rest = parts.group(1, 2, 3, 4)
    return (
        scheme
        + _percent_encode_non_ascii(user_info or "")
        + (host if host.isascii() else _ascii_host(host))
        + _percent_encode_non_ascii(rest)
    )
