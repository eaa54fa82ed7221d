"""Take full-page screenshots of every page in headless Chromium, for looking at the app as a reader would.

Usage: .venv/bin/python scripts/screenshots.py [path ...]   (default: every page). PNGs go to screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_for_app  # noqa: E402

PAGES = ["/", "/entities", "/entities?tech=facial-recognition", "/entity?id=hikvision", "/entity?id=kashgar-psb",
         "/technologies", "/how-it-works", "/chokepoints", "/global", "/classroom", "/data"]  # fmt: skip


def main(paths: list[str], width: int = 1280) -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    proc, url = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in paths:
                page.goto(url + path)
                wait_for_app(page)
                page.wait_for_timeout(1500)
                # Streamlit scrolls inside its main section, so grow the viewport to the content to capture it all.
                height = page.evaluate(
                    "Math.max(...[...document.querySelectorAll('section, [data-testid=stMain]')]"
                    ".map(e => e.scrollHeight), 900)"
                )
                page.set_viewport_size({"width": width, "height": min(height + 50, 16000)})
                page.wait_for_timeout(500)
                name = path.strip("/").replace("?", "_").replace("=", "-").replace("&", "_") or "home"
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                page.set_viewport_size({"width": width, "height": 900})
                print("saved", out / f"{name}-{width}.png")
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--width=")]
    widths = [int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--width=")] or [1280]
    main(args or PAGES, widths[0])
