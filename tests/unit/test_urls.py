"""Links to views: readable query strings, the app root from a page URL, absolute view URLs."""

from urllib.parse import parse_qs, urlsplit

import pytest

from listed.urls import app_root, query_string, view_url


def test_query_string_keeps_chinese_and_commas_readable():
    qs = query_string({"q": "海康威视", "tech": "facial-recognition,video-surveillance"})
    assert qs == "q=海康威视&tech=facial-recognition,video-surveillance"


@pytest.mark.parametrize("value", ["a&b=c", "50% off", "x#y", "1+1", "two words", "tab\there", "Ürümqi 乌鲁木齐"])
def test_query_string_round_trips_through_a_parser(value):
    qs = query_string({"q": value})
    assert parse_qs(qs, keep_blank_values=True) == {"q": [value]}
    assert " " not in qs and "#" not in qs


@pytest.mark.parametrize(
    ("value", "encoded"),
    [("\u00a0", "%C2%A0"), ("a\u3000b", "a%E3%80%80b"), ("\x7f", "%7F"), ("\x80", "%C2%80"), ("é", "é")],
)
def test_query_string_encodes_spaces_and_controls_byte_by_byte(value, encoded):
    """Non-ASCII spaces and control characters are percent-encoded, every UTF-8 byte; printable letters stay."""
    assert query_string({"q": value}) == f"q={encoded}"


def test_query_string_empty():
    assert query_string({}) == ""


@pytest.mark.parametrize(
    ("url", "path", "root"),
    [
        ("http://127.0.0.1:8501/entities", "entities", "http://127.0.0.1:8501"),
        ("https://example.org/listed/entities/", "entities", "https://example.org/listed"),
        ("https://example.org/listed/", "", "https://example.org/listed"),
        ("http://localhost:8501/", "", "http://localhost:8501"),
        ("http://localhost:8501/entity?id=x#top", "entity", "http://localhost:8501"),
        ("http://localhost:8501/entities", "entity", "http://localhost:8501/entities"),  # only a whole segment
        (None, "entities", ""),
        ("", "entities", ""),
        ("/entities", "entities", ""),
        ("javascript:alert(1)", "entities", ""),
        ("ftp://example.org/entities", "entities", ""),  # a host, but not http(s)
        ("https://example.org/LISTEDX/", "", "https://example.org/LISTEDX"),  # only slashes are trimmed
    ],
)
def test_app_root(url, path, root):
    assert app_root(url, path) == root


def test_view_url_absolute_and_relative():
    url = view_url("http://h:1", "entities", {"q": "海康威视"})
    assert url == "http://h:1/entities?q=海康威视"
    assert urlsplit(url).netloc == "h:1"
    assert view_url("", "entities", {}) == "/entities"
