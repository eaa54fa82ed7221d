"""Benchmark: how long the Classroom takes to show the next slide after a click on Next.

Starts the app, opens ``/classroom`` (or ``--path``) in Debian's Chromium, and clicks Next ``--clicks`` times,
measuring in the page from the click to the moment the new slide's title is on screen and the script is idle
(a MutationObserver, so no polling delay). Prints the median, the quartiles and every figure, and writes
bench/results/slide_latency.json. A benchmark, not a test: it exits 0 when it ran.
Usage: `.venv/bin/python bench/slide_latency.py [--clicks 30] [--path /classroom]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

# Click Next, then resolve with the milliseconds until the slide title differs from `before` and the app is idle.
CLICK_AND_TIME = """([button, title, before]) => new Promise((resolve) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = () => {
    const h = document.querySelector(title);
    return h && h.textContent !== before && app.getAttribute('data-test-script-state') === 'notRunning';
  };
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.querySelector(button).click();
  setTimeout(() => { obs.disconnect(); resolve(null); }, 10000);
})"""
NEXT = ".st-key-cls_next button"
TITLE = ".st-key-cls_slide h1"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def measure(base: str, path: str, clicks: int) -> list[float]:
    times: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        sep = "&" if "?" in path else "?"
        while len(times) < clicks:
            page.goto(f"{base}{path}{sep}slide=1")
            page.wait_for_selector(IDLE, timeout=60_000)
            page.wait_for_selector(TITLE, timeout=60_000)
            page.wait_for_timeout(300)
            while len(times) < clicks and page.locator(NEXT).is_enabled():
                before = page.locator(TITLE).text_content()
                ms = page.evaluate(CLICK_AND_TIME, [NEXT, TITLE, before])
                if ms is None:
                    raise RuntimeError("the next slide did not appear within 10 s")
                times.append(ms)
                page.wait_for_selector(IDLE)
                page.wait_for_timeout(150)  # let the URL update and the page settle, as a presenter would
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--path", default="/classroom")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    proc, base = start_server()
    try:
        times = measure(base, args.path, args.clicks)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    q = statistics.quantiles(times, n=4)
    summary = {"path": args.path, "label": args.label, "clicks": len(times), "median_ms": statistics.median(times),
               "q1_ms": q[0], "q3_ms": q[2], "all_ms": [round(t, 1) for t in times]}  # fmt: skip
    print(f"{args.path}: median {summary['median_ms']:.0f} ms (quartiles {q[0]:.0f}–{q[2]:.0f} ms) over "
          f"{len(times)} clicks on Next")  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slide_latency.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
