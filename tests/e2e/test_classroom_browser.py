"""Browser tests of the classroom: moving through the deck rewrites the URL, offline, with a handout download."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from components.ui import data_dir
from listed.loader import load_dataset
from listed.slides import build_deck
from tests.e2e.conftest import wait_for_app

DS = load_dataset(data_dir())  # the server's dataset: LISTED_DATA_DIR, if set, reaches both
DECK = build_deck(DS)
TOTAL = len(DECK)


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


# --- presentation mode ------------------------------------------------------------------------------------------

SLOW = 20_000  # ms: two cores shared with other work can hold a rerun for seconds
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "present"
# For the slide on screen: how far the page and the slide reach below the window, and the smallest body type.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const slide = document.querySelector('.st-key-cls_slide');
  const kids = [...slide.querySelectorAll('*')].filter(el => el.getClientRects().length);
  const bottom = Math.max(...kids.map(el => el.getBoundingClientRect().bottom));
  const right = Math.max(...kids.map(el => el.getBoundingClientRect().right));
  const md = '[data-testid="stMarkdownContainer"]';
  const notBody = '.st-key-cls_publishers, [data-testid="stCaptionContainer"], .stButton, [data-testid="stAlert"]';
  const body = [...slide.querySelectorAll(`${md} li, ${md} p`)].filter(el => !el.closest(notBody))
    .map(el => parseFloat(getComputedStyle(el).fontSize));
  const shown = (sel) => [...document.querySelectorAll(sel)].some(el => el.getClientRects().length);
  const titles = [...document.querySelectorAll('[class*="st-key-cls_slide"] h1')]
    .filter(el => el.getClientRects().length).map(el => el.textContent);
  return {
    titles,
    bottom, right, width: innerWidth, height: innerHeight,
    scroll: main.scrollHeight - main.clientHeight, docScroll: document.scrollingElement.scrollHeight - innerHeight,
    minFont: Math.min(...body), sidebar: shown('[data-testid="stSidebar"]'), footer: shown('.st-key-app_footer'),
    exit: shown('.st-key-cls_exit button'),
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presentation_every_slide_fits_the_screen(page, base_url, width, height, external_requests, page_errors):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/classroom?present=1&slide=1")
    wait_for_app(page)
    problems = []
    for n in range(1, TOTAL + 1):
        expect(progress(page)).to_contain_text(f"Slide {n} of {TOTAL}", timeout=SLOW)
        expect(page.locator(".st-key-cls_slide h1")).to_have_text(DECK[n - 1].title, timeout=SLOW)
        page.wait_for_timeout(150)  # fonts and layout settle
        m = page.evaluate(MEASURE)
        page.screenshot(path=str(SHOTS / f"{width}x{height}-slide-{n:02d}.png"))
        if m["bottom"] > height or m["right"] > width or m["scroll"] > 0 or m["docScroll"] > 0:
            problems.append(f"slide {n} ({DECK[n - 1].title}) overflows: {m}")
        if DECK[n - 1].kind != "sources" and m["minFont"] < 28:
            problems.append(f"slide {n}: body type {m['minFont']} px")
        assert not m["sidebar"] and not m["footer"] and m["exit"], m
        assert m["titles"] == [DECK[n - 1].title], "exactly one slide on screen: the current one"
        if DECK[n - 1].kind == "quiz":  # the answer, once shown, must fit too
            now = page.locator(".st-key-cls_now")  # the slide on screen (its neighbours are in the page, hidden)
            now.get_by_role("button", name="Show the answer").click()
            expect(now.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=SLOW)
            page.wait_for_timeout(150)
            m = page.evaluate(MEASURE)
            page.screenshot(path=str(SHOTS / f"{width}x{height}-slide-{n:02d}-answer.png"))
            if m["bottom"] > height or m["scroll"] > 0 or m["docScroll"] > 0:
                problems.append(f"slide {n} with its answer overflows: {m}")
        if n < TOTAL:
            page.keyboard.press("ArrowRight")
            expect(page).to_have_url(re.compile(rf"[?&]slide={n + 1}(&|$)"), timeout=SLOW)
    assert problems == []
    assert page_errors == [] and external_requests == []


def test_presentation_keys(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{base_url}/classroom?present=1&slide=4")
    wait_for_app(page)
    for key, slide in [("PageDown", 5), ("PageUp", 4), ("ArrowLeft", 3), ("End", TOTAL), ("Home", 1),
                       ("ArrowRight", 2)]:  # fmt: skip
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"[?&]slide={slide}(&|$)"), timeout=SLOW)
        expect(progress(page)).to_contain_text(f"Slide {slide} of {TOTAL}", timeout=SLOW)
        assert parse_qs(urlparse(page.url).query).get("present") == ["1"]
    page.get_by_role("button", name=re.compile("Exit presentation")).click()
    expect(page).not_to_have_url(re.compile("present="))
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    assert slide_param(page) == ["2"], "leaving keeps the slide"


def test_pdf_and_pptx_downloads(page, base_url, external_requests):
    page.goto(f"{base_url}/classroom?slide=1")
    wait_for_app(page)
    for key, label, suffix, magic in [("cls_pptx", "PowerPoint", ".pptx", b"PK"),
                                      ("cls_pdf_slides", "PDF slides", ".pdf", b"%PDF"),
                                      ("cls_handout_pdf", "PDF handout", ".pdf", b"%PDF")]:  # fmt: skip
        with page.expect_download(timeout=60_000) as info:
            page.locator(f".st-key-{key}").get_by_role("button", name=label).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        assert Path(download.path()).read_bytes()[:4].startswith(magic)
    assert external_requests == []


# Click Next and, in the same task (before any answer from the server can arrive), list the slide titles on screen.
CLICK_AND_LOOK = """(selector) => {
  document.querySelector(selector).click();
  return [...document.querySelectorAll('[class*="st-key-cls_slide"] h1')]
    .filter(el => el.getClientRects().length).map(el => el.textContent);
}"""


@pytest.mark.parametrize("present", ["0", "1"])
def test_next_and_previous_show_the_neighbour_at_once(page, base_url, present, page_errors, external_requests):
    page.goto(f"{base_url}/classroom?slide=5&present={present}")
    wait_for_app(page)
    assert page.evaluate(CLICK_AND_LOOK, ".st-key-cls_next button") == [DECK[5].title]
    expect(progress(page)).to_contain_text(f"Slide 6 of {TOTAL}", timeout=SLOW)
    expect(page.locator(".st-key-cls_slide h1")).to_have_text(DECK[5].title, timeout=SLOW)
    page.wait_for_function("() => !document.body.dataset.clsShift", timeout=SLOW)
    wait_for_app(page)
    assert page.evaluate(CLICK_AND_LOOK, ".st-key-cls_prev button") == [DECK[4].title]
    expect(page).to_have_url(re.compile(r"[?&]slide=5(&|$)"), timeout=SLOW)
    page.wait_for_function("() => !document.body.dataset.clsShift", timeout=SLOW)
    titles = page.evaluate(CLICK_AND_LOOK.replace("document.querySelector(selector).click();", ""), "")
    assert titles == [DECK[4].title]
    assert page_errors == [] and external_requests == []
