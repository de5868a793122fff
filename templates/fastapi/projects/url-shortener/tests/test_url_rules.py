"""Unit tests: which URLs can be shortened, and what short codes look like."""

import pytest

from app.links.codes import ALPHABET, CODE_LENGTH, generate_code, is_valid_code
from app.links.urls import MAX_URL_LENGTH, to_location, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/a/b?c=d#e",
        "HTTPS://EXAMPLE.COM/",
        "http://localhost:8080/x",
        "https://例え.jp/パス",
        "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/")),
        "https://example.com/\u00a0é",  # no-break space and é: not controls, %-encoded on redirect
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
        "http:example.com",
        "http://[::1]/",
        "https://example.com\\@evil.example/",
        "https://example.com/\u0085",
        "http://[::1/",
        "https://example.com/" + "a" * MAX_URL_LENGTH,
    ],
)
def test_rejects_everything_else(url: str) -> None:
    assert url_problem(url) is not None


def test_location_is_the_url_when_it_is_ascii() -> None:
    assert to_location("https://example.com/{a}|b?c=%20") == "https://example.com/{a}|b?c=%20"


def test_location_sends_an_international_host_as_xn_and_escapes_the_rest() -> None:
    assert to_location("https://例え.jp/ä?q=ü#ñ") == "https://xn--r8jz45g.jp/%C3%A4?q=%C3%BC#%C3%B1"
    assert to_location("http://user:pä@example.com/") == "http://user:p%C3%A4@example.com/"


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
