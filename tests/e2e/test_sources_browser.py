"""Browser tests: a reader can check the sources (audit, filters, download) and sees copies disclosed."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from listed.loader import load_dataset
from listed.queries import source_audit
from tests.e2e.conftest import wait_for_app

DS = load_dataset()


def test_source_audit_filter_and_download(page, base_url, tmp_path, external_requests, page_errors):
    page.goto(base_url + "/data")
    wait_for_app(page)
    audit = source_audit(DS)
    expect(page.get_by_text(f"{audit['total']} sources", exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="Sources by publisher kind")).to_be_visible()
    expect(page.get_by_text(f"{len(DS.sources)} of {len(DS.sources)} sources")).to_be_visible()

    page.locator(".st-key-data_src_copies").get_by_text("Only sources read via a copy").click()
    wait_for_app(page)
    expect(page.get_by_text(f"{audit['copies']} of {len(DS.sources)} sources")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download these sources as CSV")).click()
    path = tmp_path / "sources.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == audit["copies"]
    assert all(r["copy_url"].startswith(("https://", "http://")) and r["copy_note"] for r in rows)  # a copy as seen
    assert all(not r["url"] or r["url"].split("/")[2] != r["copy_url"].split("/")[2] for r in rows)
    assert sum(not r["url"] for r in rows) == audit["no_original"] > 0  # originals not found online: copy only
    assert page_errors == []
    assert external_requests == []


def test_profile_links_the_original_and_the_copy(page, base_url, page_errors):
    page.goto(base_url + "/entity?id=xuar-psb")
    wait_for_app(page)
    treasury = DS.sources.set_index("source_id").loc["treasury-2020-sm1055"]
    original = page.locator(f'a[href="{treasury["url"]}"]').first
    expect(original).to_be_visible()
    copy = page.locator(f'a[href="{treasury["copy_url"]}"]').first
    expect(copy).to_have_text("copy")
    expect(page.get_by_text("read via a").first).to_be_visible()
    assert page_errors == []


def test_descriptive_titles_are_bracketed_on_a_profile(page, base_url):
    page.goto(base_url + "/entity?id=hikvision")
    wait_for_app(page)
    ecns = DS.sources.set_index("source_id").loc["ecns-2019-hikvision-opposes"]
    assert ecns["title_kind"] == "descriptive"
    link = page.locator(f'a[href="{ecns["url"]}"]').first
    expect(link).to_contain_text(f"[{ecns['title'][:30]}")


def test_a_source_without_an_original_online_shows_only_its_copy(page, base_url, page_errors):
    page.goto(base_url + "/entity?id=hikvision")
    wait_for_app(page)
    report = DS.sources.set_index("source_id").loc["hikvision-2020-annual-report-2019"]
    assert report["url"] == ""
    copy = page.locator(f'a[href="{report["copy_url"]}"]').first
    expect(copy).to_have_text("money.finance.sina.com.cn")
    expect(page.get_by_text("original not found online — read via a copy:").first).to_be_visible()
    assert page.locator('a[href=""]').count() == 0
    assert page_errors == []
