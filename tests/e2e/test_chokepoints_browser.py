"""Browser: /chokepoints draws its plotly charts in Chromium, with no page errors and no request off the machine."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import wait_for_app

CHART = '[data-testid="stPlotlyChart"]'
# Plotly draws each chart on its own after the script has finished: count the charts that have drawn so far.
DRAWN = """n => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .filter(c => c.querySelector('.main-svg')).length >= n"""


def test_chokepoints_charts_render(page, base_url, external_requests, page_errors):
    page.goto(f"{base_url}/chokepoints")
    wait_for_app(page)
    page.wait_for_function(DRAWN, arg=3, timeout=30_000)
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
    expect(page.locator(".st-key-chk_company")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]company=hikvision(&|$)"))
    # The link opens Hikvision's section, whose content is built only once it is open (a rerun may follow the first
    # run): wait for its table instead of reading the page the moment the first run ends.
    section = page.locator(".st-key-chk_co_hikvision")
    expect(section.locator("details")).to_have_attribute("open", "")
    expect(section.get_by_test_id("stTable")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stTable")).to_have_count(1)  # only the linked company is open
    assert not page_errors
    assert not external_requests
