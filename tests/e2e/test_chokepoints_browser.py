"""Browser: /chokepoints draws its plotly charts in Chromium, with no page errors and no request off the machine."""

from __future__ import annotations

from tests.e2e.conftest import wait_for_app

CHART = '[data-testid="stPlotlyChart"]'


def test_chokepoints_charts_render(page, base_url, external_requests, page_errors):
    page.goto(f"{base_url}/chokepoints")
    wait_for_app(page)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30_000)
    drawn = page.locator(CHART).filter(has=page.locator(".main-svg"))
    assert drawn.count() >= 3
    assert page.locator(f"{CHART} .main-svg").count() >= 3
    # Each drawn chart has real size (not collapsed to zero height).
    for i in range(drawn.count()):
        box = drawn.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150
    assert page.get_by_text("Table view of this chart").count() >= 3
    assert not page_errors
    assert not external_requests


def test_chokepoints_company_link(page, base_url, external_requests, page_errors):
    page.goto(f"{base_url}/chokepoints?company=hikvision")
    wait_for_app(page)
    assert page.locator(".st-key-chk_company").count() == 1
    assert "company=hikvision" in page.url
    assert page.locator('[data-testid="stTable"]').count() >= 1
    assert not page_errors
    assert not external_requests
