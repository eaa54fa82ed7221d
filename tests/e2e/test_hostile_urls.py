"""Hostile and malformed URLs in a real browser: a clean page, never a traceback, never executed markup, nothing
fetched from the web; and the server never hands out files for path-traversal requests."""

from __future__ import annotations

import http.client
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app

HOME_H1 = "Listed: 28 Chinese entities and the U.S. Entity List"
LONG = "A" * 5000

# (path, heading the page must show); every payload that runs would call alert() and be caught as a dialog.
HOSTILE = [
    ("/entities?q=<script>alert(1)</script>", "The 28 entities"),
    ("/entities?q=[x](javascript:alert(1))", "The 28 entities"),
    ("/entities?kind=company&kind=company&kind=<script>alert(1)</script>&tech=%E0%A4%A", "The 28 entities"),
    (f"/entities?q={'x' * 5000}", "The 28 entities"),
    ("/entity?id=../../etc/passwd", "Entity profile"),
    ("/entity?id=..%2F..%2F..%2Fetc%2Fpasswd", "Entity profile"),
    ("/entity?id=javascript:alert(document.domain)", "Entity profile"),
    ("/entity?id=hikvision&id=<img src=x onerror=alert(1)>", None),
    (f"/technologies?tech={LONG}", "The technologies at stake"),
    ("/how-it-works?preset=%E0%A4%A", "How the Entity List works"),
    ("/how-it-works?preset=%00%FF&preset=../../etc", "How the Entity List works"),
    ('/chokepoints?company="><svg onload=alert(1)>', None),
    ("/global?supplier=<img src=x onerror=alert(1)>&supplier=%", "Beyond China"),
    ("/classroom?slide=99999999999999999999&notes=<script>alert(1)</script>", None),
    ("/classroom?slide=1e309&slide=NaN", None),
    ("/data?<script>alert(1)</script>=1&zzz=%E0%A4%A", "Sources & data"),
    ("/?q=<iframe src=javascript:alert(1)>", HOME_H1),
]
# Unknown pages: Streamlit's own "Page not found" notice, then the main page. (One path segment only: see
# test_nested_unknown_path_leaks_nothing for deeper paths.)
UNKNOWN = ["/nope", "/../../etc", "/<img src=x onerror=alert(1)>", "/home.py"]

# No element may carry an inline event handler or a javascript: URL: that would be markup built from the URL.
INJECTED = """() => [...document.querySelectorAll('*')].filter(el =>
  [...el.attributes].some(a => a.name.startsWith('on') ||
    (['href', 'src', 'action'].includes(a.name) && a.value.trim().toLowerCase().startsWith('javascript:')))
).map(el => el.outerHTML.slice(0, 200))"""


@pytest.fixture
def dialogs(page):
    """Every alert/confirm/prompt the page opens (dismissed at once); a hostile payload that ran would add one."""
    seen: list[str] = []

    def handle(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", handle)
    return seen


def assert_clean(page, dialogs, page_errors, external_requests) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Traceback").count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.evaluate(INJECTED) == []
    assert dialogs == [], f"a script ran: {dialogs}"
    assert page_errors == []
    assert external_requests == []


@pytest.mark.parametrize(("path", "heading"), HOSTILE, ids=[p[:60] for p, _ in HOSTILE])
def test_hostile_url_gives_a_clean_page(page, path, heading, dialogs, page_errors, external_requests):
    page.goto(path)
    wait_for_app(page)
    h1 = page.locator("h1").first
    h1.wait_for()
    if heading:
        expect(h1).to_have_text(heading)
    page.wait_for_timeout(500)  # let any injected onerror/onload fire before checking
    assert_clean(page, dialogs, page_errors, external_requests)


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_page_shows_streamlits_notice(page, path, dialogs, page_errors, external_requests):
    page.goto(path)
    wait_for_app(page)
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    expect(page.locator("h1").first).to_have_text(HOME_H1)
    assert_clean(page, dialogs, page_errors, external_requests)


def test_protocol_relative_path_stays_here(page, streamlit_server, dialogs, page_errors, external_requests):
    # Joined by hand: page.goto("//example.com") would itself resolve to another host.
    response = page.goto(streamlit_server + "//example.com")
    assert response is not None and response.status == 400  # the server refuses it; nothing goes elsewhere
    assert dialogs == [] and page_errors == [] and external_requests == []


@pytest.mark.parametrize("path", ["/entities/<script>alert(1)</script>/x", "/%2e%2e/%2e%2e/etc/passwd"])
def test_nested_unknown_path_leaks_nothing(page, streamlit_server, path, dialogs, page_errors, external_requests):
    # Streamlit limitation (streamlit/streamlit#8971): a path of two or more segments (the browser turns the
    # encoded dots into /etc/passwd) loads the HTML shell, whose relative asset URLs resolve to the shell again,
    # so the page stays blank. The app cannot route it; it must still be inert and leak nothing.
    response = page.goto(streamlit_server + path)
    assert response is not None and response.status == 200
    page.wait_for_timeout(1500)
    assert "root:" not in page.content()
    assert page.evaluate(INJECTED) == []
    assert dialogs == [] and page_errors == [] and external_requests == []


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/app/static/../../app.py",
        "/static/..%2f..%2fapp.py",
        "/app.py",
        "/.streamlit/config.toml",
        "/data/datapackage.json/../../app.py",
    ],
)
def test_path_traversal_serves_no_file(streamlit_server, path):
    # http.client sends the path exactly as written (a browser would normalise the dots away first).
    url = urlparse(streamlit_server)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    assert response.status in (200, 400, 404), response.status
    assert "root:" not in body and "import streamlit" not in body and "[server]" not in body
    if response.status == 200:  # only ever the app's HTML shell
        assert "<!doctype html>" in body.lower() or "<html" in body.lower()
