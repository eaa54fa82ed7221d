"""Twenty simultaneous browser sessions against one server, cycling through every page: all complete cleanly.

One Chromium with twenty contexts (each its own Streamlit session), driven by Playwright's async API in a thread of
its own so it does not meet pytest-playwright's sync event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time

from playwright.async_api import async_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, LOCAL, PAGE_PATHS

SESSIONS = 20
BUDGET_S = 120
PATHS = PAGE_PATHS
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


async def visit(browser, url: str) -> dict:
    """Open ``url`` in a fresh context, wait until the app is idle, and report what the reader got."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    external: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(LOCAL) else None)
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=BUDGET_S * 1000)
        await page.wait_for_selector(IDLE, timeout=BUDGET_S * 1000)
        await page.locator("h1").first.wait_for(timeout=BUDGET_S * 1000)
        await page.wait_for_timeout(300)  # a rerun may follow the first run (URL normalisation); wait it out
        await page.wait_for_selector(IDLE, timeout=BUDGET_S * 1000)
        return {
            "url": url,
            "seconds": time.perf_counter() - start,
            "state": await page.get_attribute('[data-testid="stApp"]', "data-test-script-state"),
            "title": await page.locator("h1").first.inner_text(),
            "exceptions": await page.locator(
                '[data-testid="stException"], [data-testid="stAlertContentError"]'
            ).count(),
            "errors": errors,
            "external": external,
        }
    finally:
        await context.close()


async def load_all(base_url: str, n: int) -> list:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            jobs = [visit(browser, base_url + PATHS[i % len(PATHS)]) for i in range(n)]
            return await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), BUDGET_S)
        finally:
            await browser.close()


def run_sessions(base_url: str, n: int = SESSIONS) -> list:
    """Run ``n`` simultaneous sessions in a separate thread (with its own event loop) and return their reports."""
    box: dict = {}

    def target():
        try:
            box["result"] = asyncio.run(load_all(base_url, n))
        except BaseException as exc:  # re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BUDGET_S + 30)
    assert not thread.is_alive(), "the sessions did not finish"
    if "error" in box:
        raise box["error"]
    return box["result"]


def test_twenty_simultaneous_sessions(streamlit_server):
    start = time.perf_counter()
    results = run_sessions(streamlit_server)
    wall = time.perf_counter() - start
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures
    assert len(results) == SESSIONS
    assert {r["url"].removeprefix(streamlit_server) for r in results} == set(PATHS)
    for r in results:
        assert r["state"] == "notRunning", r
        assert r["title"].strip(), r
        assert r["exceptions"] == 0, r
        assert r["errors"] == [], r
        assert r["external"] == [], r
    slowest = max(r["seconds"] for r in results)
    print(f"\n{SESSIONS} sessions in {wall:.1f} s wall; slowest page {slowest:.1f} s")
    assert wall < BUDGET_S
