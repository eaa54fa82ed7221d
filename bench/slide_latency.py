"""Benchmark: how long the Classroom takes to show the next slide after a click on Next.

Starts the app, opens ``/classroom`` (or ``--path``) in Debian's Chromium, and clicks Next ``--clicks`` times,
measuring in the page from the click to the moment a new slide's title is on screen, and to the moment the server
has caught up (script idle, the new slide rendered as the current one). Prints medians and quartiles, and writes
every figure to bench/results/slide_latency.json. A benchmark, not a test: it exits 0 when it ran.
Usage: `.venv/bin/python bench/slide_latency.py [--clicks 30] [--path /classroom]`; to compare with an older
version, check it out into a folder and add `--compare FOLDER --rounds 3`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

# Click Next; resolve with [ms until a different slide title is on screen, ms until the server has caught up too
# (the script idle and the slide rendered as the current one)]. A MutationObserver, so no polling delay.
CLICK_AND_TIME = """([button, before]) => new Promise((resolve) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const visibleTitle = () => {
    const h = [...document.querySelectorAll('[class*="st-key-cls_slide"] h1')].find(el => el.getClientRects().length);
    return h ? h.textContent : null;
  };
  const t0 = performance.now();
  let shown = null;
  const check = () => {
    const now = visibleTitle();
    if (shown === null && now !== null && now !== before) shown = performance.now() - t0;
    const current = document.querySelector('.st-key-cls_slide h1');
    if (shown !== null && current && current.textContent !== before
        && app.getAttribute('data-test-script-state') === 'notRunning') {
      obs.disconnect(); resolve([shown, performance.now() - t0]);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.querySelector(button).click();
  check();
  setTimeout(() => { obs.disconnect(); resolve(null); }, 10000);
})"""
NEXT = ".st-key-cls_next button"
TITLE = ".st-key-cls_slide h1"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def measure(base: str, path: str, clicks: int) -> list[tuple[float, float]]:
    times: list[tuple[float, float]] = []
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
                ms = page.evaluate(CLICK_AND_TIME, [NEXT, before])
                if ms is None:
                    raise RuntimeError("the next slide did not appear within 10 s")
                times.append(tuple(ms))
                page.wait_for_selector(IDLE)
                page.wait_for_timeout(150)  # let the URL update and the page settle, as a presenter would
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--path", default="/classroom")
    parser.add_argument("--label", default="")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the app to serve (e.g. an older checkout)")
    parser.add_argument("--rounds", type=int, default=1, help="with --compare: alternate the two apps this often")
    parser.add_argument("--compare", type=Path, help="a second app folder, measured alternately with --app-dir")
    args = parser.parse_args()
    apps = [args.app_dir] + ([args.compare] if args.compare else [])
    times: dict[str, list[float]] = {str(a): [] for a in apps}
    for _ in range(args.rounds):  # alternating, so both apps see the same machine load
        for app in apps:
            proc, base = start_server(cwd=app)
            try:
                times[str(app)] += measure(base, args.path, args.clicks)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    results = []
    for app, ts in times.items():
        row = {"app": app, "path": args.path, "label": args.label, "clicks": len(ts)}
        for i, what in enumerate(("shown", "idle")):
            values = [t[i] for t in ts]
            q = statistics.quantiles(values, n=4)
            row[what] = {"median_ms": statistics.median(values), "q1_ms": q[0], "q3_ms": q[2],
                         "all_ms": [round(v, 1) for v in values]}  # fmt: skip
            print(
                f"{app} {args.path}: {'new slide on screen' if what == 'shown' else 'server caught up'}: median "
                f"{statistics.median(values):.0f} ms (quartiles {q[0]:.0f}–{q[2]:.0f} ms), {len(ts)} clicks"
            )
        results.append(row)
    print(f"load average {os.getloadavg()[0]:.1f}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slide_latency.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
