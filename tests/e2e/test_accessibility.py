"""axe-core on every page: the app adds no serious or critical WCAG 2 A/AA violation beyond a bare Streamlit page.

axe-core comes from npm (`make browser-deps`) and is injected from disk, so nothing is fetched from the web. The
baseline is bench/bare_app.py (`st.write("Hello")`) served by a second server with Streamlit's default settings:
whatever Streamlit itself gets wrong there is not held against the app.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import APP_DIR, PAGE_PATHS, start_server, wait_for_app

AXE = APP_DIR / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
BARE_APP = APP_DIR / "bench" / "bare_app.py"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Every page, plus states that show more: a profile, an empty search result, a slide with speaker notes.
URLS = [*PAGE_PATHS, "/entities?q=no-such-entity", "/entity", "/classroom?slide=3&notes=1"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
}"""


def open_expanders(page) -> None:
    """Open every expander, so the table views behind the charts and maps are checked too.

    One at a time: wait for each to be open, and for the rerun a lazy expander starts to end, before the next (a click
    read back too early would click the same expander again and close it).
    """
    expanders = page.get_by_test_id("stExpander")
    for i in range(expanders.count()):
        details = expanders.nth(i).locator("details")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
            expect(details).to_have_attribute("open", "")
            wait_for_app(page)
    expect(page.locator('[data-testid="stExpander"] details:not([open])')).to_have_count(0)


def axe_violations(page) -> list[dict]:
    """Run axe-core in ``page`` (after the app is idle) and return its WCAG 2 A/AA violations."""
    assert AXE.exists(), f"{AXE} is missing: run `make browser-deps`"
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, TAGS)


def blocking_ids(violations: list[dict]) -> set[str]:
    return {v["id"] for v in violations if v["impact"] in BLOCKING}


def report(label: str, violations: list[dict]) -> None:
    print(f"\naxe on {label}: {len(violations)} rule(s) violated")
    for v in violations:
        print(f"  {v['impact']:9} {v['id']} ({v['count']} node(s)): {v['help']}; e.g. {v['targets'][:2]}")


@pytest.fixture(scope="module")
def bare_rules(browser) -> set[str]:
    """Serious/critical rule ids on the bare one-line Streamlit page."""
    proc, url = start_server(app=BARE_APP.name, cwd=BARE_APP.parent)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "/")
        wait_for_app(page)
        page.get_by_text("Hello").wait_for()
        violations = axe_violations(page)
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=10)
    report("the bare Streamlit page", violations)
    return blocking_ids(violations)


@pytest.mark.parametrize("url", URLS)
def test_page_adds_no_serious_violation(page, url, bare_rules, page_errors):
    page.goto(url)
    wait_for_app(page)
    page.locator("h1").first.wait_for()
    open_expanders(page)
    wait_for_app(page)
    violations = axe_violations(page)
    report(url, violations)
    added = blocking_ids(violations) - bare_rules
    details = [v for v in violations if v["id"] in added]
    assert not added, f"{url} adds serious/critical axe violations beyond a bare Streamlit page: {details}"
    assert not page_errors
