"""Browser: /global (Beyond China) filters by supplier, listed companies and country, keeps them in the URL, and
downloads exactly the rows shown, with sources, as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from listed import reach
from listed.loader import load_dataset
from tests.e2e.conftest import wait_for_app

DS = load_dataset()


def _download(page, label: str, path):
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(path)
    wait_for_app(page)
    return path.read_text(encoding="utf-8-sig")


def _pick(page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    box.fill(option)  # the option list is virtualised: typing brings a far-down option into view
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_filters_reach_the_url_and_downloads_hold_the_rows_shown(
    page, base_url, tmp_path, external_requests, page_errors
):
    page.goto(f"{base_url}/global")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="62 countries where the index names a Chinese supplier")).to_be_visible()
    world = page.get_by_role("img", name=re.compile("^World map: the 62 countries"))
    expect(world).to_be_visible()
    assert world.evaluate("img => img.naturalWidth") > 0  # the SVG map decoded and drew
    expect(page.locator('[data-testid="stDeckGlJsonChart"]')).to_have_count(0)  # interactive map: when opened
    page.get_by_text("Interactive map: zoom, hover for a country's count, select it").click()
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    chart = page.get_by_role("img", name=re.compile("^Bar chart: number of countries"))
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG decoded and drew

    _pick(page, "glob_supplier", "Dahua")
    expect(page).to_have_url(re.compile(r"supplier=dahua"))
    page.locator(".st-key-glob_listed").get_by_text("Only the listed companies").click()
    expect(page).to_have_url(re.compile(r"listed=1"))
    wait_for_app(page)
    expect(page.get_by_role("heading", name="6 countries where the index names Dahua")).to_be_visible()

    # Reopening the link restores the view.
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query) == {"supplier": ["dahua"], "listed": ["1"]}
    expect(page.get_by_role("heading", name="6 country–supplier rows")).to_be_visible()

    view = reach.ReachView(supplier="dahua", listed_only=True)
    want_index, want_dep = reach.index_rows(DS, view), reach.deployment_rows(DS, view)
    rows = list(csv.DictReader(io.StringIO(_download(page, "Download as CSV (with sources)", tmp_path / "r.csv"))))
    assert len(rows) == len(want_index) + len(want_dep) == 6 + 3
    assert {r["supplier"] for r in rows} == {"Dahua"}
    assert {r["country"] for r in rows if r["layer"] == "index"} == set(want_index["country"])
    assert all(r["source_urls"].startswith("https://") for r in rows)

    doc = json.loads(_download(page, "Download as JSON (with sources)", tmp_path / "r.json"))
    assert doc["view"] == {"supplier": "dahua", "listed": "1"}
    assert len(doc["index_rows"]) == 6 and len(doc["deployments"]) == 3
    assert doc["index_rows"][0]["sources"][0]["publisher"].startswith("Carnegie Endowment")
    assert not page_errors
    assert not external_requests


def test_country_pick_and_bad_link(page, base_url, external_requests, page_errors):
    page.goto(f"{base_url}/global?country=Atlantis&supplier=%3Cimg%20src%3Dx%3E")
    wait_for_app(page)
    expect(page.get_by_text("That link names no country on this page", exact=False)).to_be_visible()
    expect(page.get_by_text("That link names no Chinese supplier", exact=False)).to_be_visible()
    assert page.locator("img[src=x]").count() == 0

    _pick(page, "glob_country", "Zimbabwe")
    expect(page).to_have_url(re.compile(r"country=ZWE"))
    expect(page.get_by_role("heading", name="3 country–supplier rows in Zimbabwe")).to_be_visible()
    expect(page.get_by_text("Zimbabwe: CloudWalk Technology", exact=False)).to_be_visible()
    assert not page_errors
    assert not external_requests
