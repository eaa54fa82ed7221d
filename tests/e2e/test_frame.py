"""The frame on a fresh server: a deep link opened first must still run app.py (navigation, footer, layout)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import start_server, wait_for_app


def test_deep_link_first_on_a_fresh_server(page):
    proc, url = start_server()
    try:
        page.goto(url + "/technologies")
        wait_for_app(page)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_role("link", name="How the Entity List works")).to_be_visible()
        expect(nav.get_by_role("link", name="app")).to_have_count(0)
        expect(page.get_by_text("Data as of").first).to_be_visible()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
