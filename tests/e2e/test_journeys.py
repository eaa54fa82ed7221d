"""Browser tests of the readers' journeys on the real server, in Debian's headless Chromium."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from listed.loader import load_dataset
from tests.e2e.conftest import wait_for_app

DS = load_dataset()
PAGES = {
    "/": "Listed: 28 Chinese entities",
    "/entities": "The 28 entities",
    "/entity?id=xuar-psb": DS.entities.set_index("entity_id").loc["xuar-psb", "common_name"],
    "/technologies": "The technologies at stake",
    "/how-it-works": None,
    "/chokepoints": None,
    "/global": "Beyond China",
    "/classroom": None,
    "/data": "Sources & data",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_with_footer_and_no_external_request(page, base_url, path, external_requests, page_errors):
    page.goto(base_url + path)
    wait_for_app(page)
    title = page.locator("h1").first
    expect(title).to_be_visible()
    if PAGES[path]:
        expect(title).to_contain_text(PAGES[path])
    footer = page.get_by_text(re.compile(rf"^Data as of {DS.metadata['data_as_of']} · Rule"))
    expect(footer).to_be_visible()
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert page_errors == []
    assert external_requests == []


def test_home_map_and_timeline_render(page, base_url, external_requests):
    page.goto(base_url + "/")
    wait_for_app(page)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    deck.scroll_into_view_if_needed(timeout=30_000)
    expect(deck.locator("canvas").first).to_be_visible(timeout=30_000)
    for name in ("Bar chart of the 28 listed entities", "Timeline of the"):
        img = page.get_by_role("img", name=re.compile(f"^{name}"))
        expect(img).to_be_visible(timeout=30_000)
        assert img.evaluate("i => i.naturalWidth") > 0  # the SVG decoded and drew
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    assert external_requests == []


def test_sidebar_navigation(page, base_url):
    page.goto(base_url + "/")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Entities").click()
    expect(page).to_have_url(re.compile(r"/entities$"))
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("The 28 entities")


def _shown_count(page) -> int:
    text = page.get_by_text(re.compile(r"^\d+ of 28 entities match$")).inner_text()
    return int(text.split()[0])


def test_journalist_journey_filter_link_reopen_download(page, base_url, tmp_path, external_requests):
    page.goto(base_url + "/entities")
    wait_for_app(page)
    assert _shown_count(page) == 28
    page.get_by_test_id("stMultiSelect").filter(has_text="Technology").click()
    page.get_by_role("option", name=DS.technologies.set_index("tech_id").loc["facial-recognition", "name"]).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"tech=facial-recognition"))
    wait_for_app(page)
    count = _shown_count(page)
    assert 1 <= count < 28
    url = page.url

    # Reopening the link restores the same view.
    page.goto("about:blank")
    page.goto(url)
    wait_for_app(page)
    assert _shown_count(page) == count
    assert parse_qs(urlparse(page.url).query)["tech"] == ["facial-recognition"]

    # The CSV holds exactly those rows, with their sources.
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download these rows as CSV")).click()
    path = tmp_path / "rows.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == count
    assert all("facial-recognition" in r["technologies"].split(";") for r in rows)
    first = [r["sources"].split("\n")[0] for r in rows]  # an original URL, then the copy read if one was
    assert all(re.search(r"\) https://\S+( \(read via a copy: https?://\S+\))?$", line) for line in first), first
    assert external_requests == []


def test_search_in_chinese(page, base_url):
    page.goto(base_url + "/entities?q=%E6%B5%B7%E5%BA%B7%E5%A8%81%E8%A7%86")  # 海康威视
    wait_for_app(page)
    assert _shown_count(page) == 1
    expect(page.get_by_test_id("stTextInput").locator("input")).to_have_value("海康威视")


def test_every_profile_renders(page, base_url, page_errors):
    for eid, name in zip(DS.entities["entity_id"], DS.entities["common_name"], strict=True):
        page.goto(f"{base_url}/entity?id={eid}")
        wait_for_app(page)
        expect(page.locator("h1").first).to_have_text(name)
        expect(page.get_by_text("Cite this page")).to_be_visible()
    assert page_errors == []


def test_unknown_profile_offers_way_back(page, base_url):
    page.goto(base_url + "/entity?id=huawei")
    wait_for_app(page)
    expect(page.get_by_text("does not name one of the 28")).to_be_visible()
    page.get_by_role("link", name=re.compile("Back to the list")).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("The 28 entities")


def test_how_it_works_preset_end_to_end(page, base_url, external_requests):
    page.goto(base_url + "/how-it-works?preset=us-gpus-to-company")
    wait_for_app(page)
    expect(page.get_by_text(re.compile("presumption of denial", re.I)).first).to_be_visible()
    expect(page.get_by_text(re.compile("licen[cs]e required", re.I)).first).to_be_visible()
    assert external_requests == []
