"""Unit tests: which URLs can be shortened, and what short codes look like."""

import pytest

from app.links.codes import ALPHABET, CODE_LENGTH, generate_code, is_valid_code
from app.links.schemas import MAX_URL_LENGTH, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/a/b?c=d#e",
        "HTTPS://EXAMPLE.COM/",
        "http://localhost:8080/x",
        "http://[::1]/",
        "https://例え.jp/パス",
        "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/")),
    ],
)
def test_accepts_absolute_http_urls(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "ftp://example.com/file",
        "/relative/path",
        "example.com",
        "//example.com/no-scheme",
        "http://",
        "http:///path-only",
        "https://exa mple.com",
        "https://example.com/\nSet-Cookie: x=1",
        "http://example.com:99999/",
        "http://[::1/",
        "https://example.com/" + "a" * MAX_URL_LENGTH,
    ],
)
def test_rejects_everything_else(url: str) -> None:
    assert url_problem(url) is not None


def test_codes_are_random_base62_of_the_default_length() -> None:
    codes = {generate_code() for _ in range(1000)}
    assert len(codes) == 1000
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)
        assert is_valid_code(code)


@pytest.mark.parametrize("code", ["", "abc-def", "abc_def", "ab.cd", "é", "a" * 65, "abc def"])
def test_codes_outside_the_alphabet_are_invalid(code: str) -> None:
    assert not is_valid_code(code)
