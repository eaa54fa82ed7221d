"""Browser tests of the classroom: moving through the deck rewrites the URL, offline, with a handout download."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from components.ui import data_dir
from listed.loader import load_dataset
from listed.slides import build_deck
from tests.e2e.conftest import wait_for_app

DS = load_dataset(data_dir())  # the server's dataset: LISTED_DATA_DIR, if set, reaches both
TOTAL = len(build_deck(DS))


def slide_param(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("slide", [])


def progress(page):
    return page.get_by_test_id("stProgress")


def test_next_rewrites_the_url_and_the_progress(page, base_url, external_requests, page_errors):
    page.goto(f"{base_url}/classroom?slide=2")
    wait_for_app(page)
    expect(progress(page)).to_contain_text(f"Slide 2 of {TOTAL}")
    page.locator(".st-key-cls_next button").click()
    expect(page).to_have_url(re.compile(r"[?&]slide=3(&|$)"))
    wait_for_app(page)
    assert slide_param(page) == ["3"]
    expect(progress(page)).to_contain_text(f"Slide 3 of {TOTAL}")
    page.locator(".st-key-cls_prev button").click()
    expect(page).to_have_url(re.compile(r"[?&]slide=2(&|$)"))
    wait_for_app(page)
    expect(progress(page)).to_contain_text(f"Slide 2 of {TOTAL}")
    assert page_errors == []
    assert external_requests == []


def test_arrow_keys_move_through_the_deck(page, base_url):
    page.goto(f"{base_url}/classroom?slide=2")
    wait_for_app(page)
    page.locator("body").press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]slide=3(&|$)"))
    wait_for_app(page)
    expect(progress(page)).to_contain_text(f"Slide 3 of {TOTAL}")


def test_hostile_slide_value_opens_slide_one_with_a_notice(page, base_url, page_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/classroom?slide=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    wait_for_app(page)
    expect(progress(page)).to_contain_text(f"Slide 1 of {TOTAL}")
    expect(page.get_by_test_id("stAlertContentInfo")).to_contain_text("not a whole number")
    expect(page.get_by_text("Traceback")).to_have_count(0)
    assert slide_param(page) == ["1"]
    assert dialogs == [] and page_errors == []


def test_notes_from_the_url_and_the_handout_download(page, base_url, external_requests):
    page.goto(f"{base_url}/classroom?slide=4&notes=1")
    wait_for_app(page)
    expect(page.locator(".st-key-cls_notes_box")).to_contain_text("Speaker notes")
    with page.expect_download() as info:
        page.locator(".st-key-cls_handout").get_by_role("button", name=re.compile("Handout")).click()
    download = info.value
    assert download.suggested_filename.endswith(".md")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert f"Data as of {DS.metadata['data_as_of']}" in text
    assert external_requests == []
