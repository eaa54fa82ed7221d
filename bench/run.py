"""Benchmark: the app against a bare one-line Streamlit page, served side by side on this machine.

Measures, and prints as a Markdown table (also written to bench/results/latest.md and latest.json):
- server start time (until /_stcore/health answers) of the app and of the bare page, median of --starts starts;
- for every page, the browser render time from navigation to "script idle and the page's main element visible"
  (the app's h1; the bare page's "Hello"), median of --runs runs, app and bare page alternating so they share the
  machine's load; the ratio app/bare and PASS/FAIL against the 1.5x target; also the time until every visible chart
  and map has drawn (informational);
- dataset load time (listed.loader.load_dataset in-process), median of several;
- the app server's memory (VmRSS, VmHWM from /proc) idle, after the render runs, and with --sessions concurrent
  browser sessions open.

It is a benchmark, not a test: it always exits 0 when it ran. Usage: `make bench` or
`.venv/bin/python bench/run.py [--runs 5] [--sessions 20] [--starts 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

BENCH = Path(__file__).resolve().parent
TARGET = 1.5
PAGES = {
    "The designation": "/",
    "Entities": "/entities",
    "Entity profile": "/entity?id=hikvision",
    "Technologies": "/technologies",
    "How the Entity List works": "/how-it-works",
    "Chokepoints": "/chokepoints",
    "Beyond China": "/global",
    "Classroom": "/classroom",
    "Sources & data": "/data",
}
APP_MAIN = "h1"
BARE_MAIN = '[data-testid="stMarkdownContainer"]'

# Resolves (recording performance.now(), ms since navigation start) once the script is idle and `sel` is visible.
READY = """(sel) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const el = document.querySelector(sel);
  if (app && app.getAttribute('data-test-script-state') === 'notRunning' && el && el.getClientRects().length) {
    window.__ready = window.__ready || performance.now();
    return true;
  }
  return false;
}"""
# ... and once every visible plotly chart has its SVG and every visible map its canvas.
DRAWN = """() => {
  const shown = (sel) => [...document.querySelectorAll(sel)].filter(el => el.getClientRects().length);
  const ok = shown('[data-testid="stPlotlyChart"]').every(c => c.querySelector('.main-svg'))
    && shown('[data-testid="stDeckGlJsonChart"]').every(c => c.querySelector('canvas'));
  if (ok) window.__drawn = window.__drawn || performance.now();
  return ok;
}"""


# --- servers -----------------------------------------------------------------------------------------------------


class Server:
    """A `streamlit run` process; ``start_s`` is the time from spawn until /_stcore/health answers ok."""

    def __init__(self, app: str, cwd: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true", "--server.port",
             str(self.port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = start + 60
        while time.perf_counter() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    self.start_s = time.perf_counter() - start
                    return
            except OSError:
                time.sleep(0.01)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"{app} did not start")

    def memory_mb(self) -> dict[str, float]:
        """Resident set now (VmRSS) and its peak so far (VmHWM), in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_both(starts: int) -> tuple[Server, Server, list[float], list[float]]:
    """Start the app and the bare page ``starts`` times each (alternating); keep the last two running."""
    app_times, bare_times = [], []
    for i in range(starts):
        app = Server("app.py", ROOT)
        app_times.append(app.start_s)
        bare = Server("bare_app.py", BENCH)
        bare_times.append(bare.start_s)
        if i < starts - 1:
            app.stop()
            bare.stop()
    return app, bare, app_times, bare_times


# --- browser ---------------------------------------------------------------------------------------------------


async def render(browser, url: str, main: str, context=None) -> tuple[float, float | None]:
    """Seconds from navigation to ready, and to all charts drawn (None if they did not draw in 60 s).

    Each render is a new Streamlit session; in a fresh browser context (a first visit) unless ``context`` is given
    (a returning reader: the HTTP cache is warm).
    """
    own = context is None
    context = context or await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(url, wait_until="commit")
        await page.wait_for_function(READY, arg=main, polling="raf", timeout=120_000)
        ready = await page.evaluate("window.__ready") / 1000
        try:
            await page.wait_for_function(DRAWN, polling="raf", timeout=60_000)
            drawn = await page.evaluate("window.__drawn") / 1000
        except Exception:
            drawn = None
        return ready, max(drawn, ready) if drawn is not None else None
    finally:
        await (context.close() if own else page.close())


async def concurrent_sessions(browser, app: Server, n: int) -> dict:
    """Open ``n`` sessions at once (cycling through the pages), keep them open, and read the server's memory."""
    paths = list(PAGES.values())
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(n)]

    async def one(i: int) -> None:
        page = await contexts[i].new_page()
        await page.goto(app.url + paths[i % len(paths)], wait_until="commit")
        await page.wait_for_function(READY, arg=APP_MAIN, polling=100, timeout=180_000)

    start = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(n)), return_exceptions=True)
    wall = time.perf_counter() - start
    memory = app.memory_mb()
    for context in contexts:
        await context.close()
    failed = [repr(r) for r in results if isinstance(r, BaseException)]
    return {"sessions": n, "wall_s": wall, "failed": failed, **memory}


# --- the run ------------------------------------------------------------------------------------------------------


def dataset_load(runs: int = 7) -> dict[str, float]:
    from listed.loader import load_dataset

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_dataset()
        times.append(time.perf_counter() - start)
    return {"first_s": times[0], "median_s": statistics.median(times), "runs": runs}


async def measure(args) -> dict:
    data = {"dataset": dataset_load()}
    app, bare, app_starts, bare_starts = start_both(args.starts)
    try:
        data["start"] = {"app_s": statistics.median(app_starts), "bare_s": statistics.median(bare_starts),
                         "app_all_s": app_starts, "bare_all_s": bare_starts}  # fmt: skip
        data["memory"] = {"idle": app.memory_mb(), "bare_idle": bare.memory_mb()}
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            data["chromium"] = browser.version
            pages = {name: {"path": path, "app": [], "bare": [], "drawn": []} for name, path in PAGES.items()}
            size = {"viewport": {"width": 1280, "height": 900}}
            app_ctx, bare_ctx = (
                (await browser.new_context(**size), await browser.new_context(**size)) if args.warm else (None, None)
            )
            # Warm-up pass (not counted): the first script run imports plotly, pandas and pydeck.
            cold = {}
            for name, path in PAGES.items():
                cold[name] = (await render(browser, app.url + path, APP_MAIN, app_ctx))[0]
            await render(browser, bare.url + "/", BARE_MAIN, bare_ctx)
            data["cold_first_render_s"] = cold
            for run in range(args.runs):
                for row in pages.values():
                    ready, drawn = await render(browser, app.url + row["path"], APP_MAIN, app_ctx)
                    row["app"].append(ready)
                    row["drawn"].append(drawn)
                    row["bare"].append((await render(browser, bare.url + "/", BARE_MAIN, bare_ctx))[0])
                print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
            data["memory"]["after_renders"] = app.memory_mb()
            data["concurrent"] = await concurrent_sessions(browser, app, args.sessions)
            await browser.close()
    finally:
        app.stop()
        bare.stop()
    for row in pages.values():
        row["app_median_s"] = statistics.median(row["app"])
        row["bare_median_s"] = statistics.median(row["bare"])
        drawn = [d for d in row["drawn"] if d is not None]
        row["drawn_median_s"] = statistics.median(drawn) if len(drawn) == len(row["drawn"]) else None
        row["ratio"] = row["app_median_s"] / row["bare_median_s"]
        row["pass"] = row["ratio"] <= TARGET
    data["views"] = pages
    return data


def markdown(data: dict, args) -> str:
    m = data["memory"]
    c = data["concurrent"]
    first = next(iter(data["cold_first_render_s"]))
    lines = [
        f"Measured {data['when']} on {data['machine']}; Chromium {data['chromium']}, Streamlit {data['streamlit']}. "
        f'Median of {args.runs} runs per page, app and bare page alternating; bare page = `st.write("Hello")`. '
        f"Render = navigation start to script idle with the page's h1 visible, each a new session in "
        + (
            "a browser context whose HTTP cache is warm (a returning reader)."
            if args.warm
            else "a fresh browser context (a first visit: nothing cached)."
        ),
        "",
        "| Page | App (s) | Bare page (s) | Ratio | Target ≤ 1.5× | Charts drawn (s) |",
        "| --- | ---: | ---: | ---: | :---: | ---: |",
    ]
    for name, row in data["views"].items():
        drawn = f"{row['drawn_median_s']:.2f}" if row["drawn_median_s"] is not None else "n/a"
        lines.append(
            f"| {name} (`{row['path']}`) | {row['app_median_s']:.2f} | {row['bare_median_s']:.2f} | "
            f"{row['ratio']:.2f}× | {'PASS' if row['pass'] else 'FAIL'} | {drawn} |"
        )
    lines += [
        "",
        "| Measure | Value |",
        "| --- | ---: |",
        f"| Server start to health check: app | {data['start']['app_s']:.2f} s |",
        f"| Server start to health check: bare page | {data['start']['bare_s']:.2f} s |",
        f"| First render after start (cold, {first}) | {data['cold_first_render_s'][first]:.2f} s |",
        f"| Dataset load (`load_dataset()`, median of {data['dataset']['runs']}) | "
        f"{data['dataset']['median_s'] * 1000:.0f} ms |",
        f"| Server memory idle (VmRSS): app / bare page | {m['idle']['VmRSS']:.0f} MB / "
        f"{m['bare_idle']['VmRSS']:.0f} MB |",
        f"| Server memory after the render runs (VmRSS) | {m['after_renders']['VmRSS']:.0f} MB |",
        f"| Server memory with {c['sessions']} concurrent sessions (VmRSS / peak VmHWM) | "
        f"{c['VmRSS']:.0f} MB / {c['VmHWM']:.0f} MB |",
        f"| {c['sessions']} concurrent sessions: all pages loaded in | {c['wall_s']:.1f} s"
        + (f" ({len(c['failed'])} failed)" if c["failed"] else "") + " |",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="render runs per page (median reported)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions for the memory figure")
    parser.add_argument("--starts", type=int, default=3, help="server starts per server (median reported)")
    parser.add_argument("--warm", action="store_true", help="reuse one browser context per server (HTTP cache warm)")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    parser.add_argument("--only", action="append", choices=list(PAGES), help="measure only this page (repeatable)")
    args = parser.parse_args()

    import streamlit

    if args.only:  # a helper checking one page; the full table is the coordinator's
        for name in list(PAGES):
            if name not in args.only:
                del PAGES[name]
    load_before = os.getloadavg()[0]
    data = asyncio.run(measure(args))
    data["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    data["machine"] = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {load}"
    data["streamlit"] = streamlit.__version__
    data["warm_cache"] = args.warm
    table = markdown(data, args)
    print(table)
    for name, row in data["views"].items():
        print(f"{'PASS' if row['pass'] else 'FAIL'} {name}: {row['ratio']:.2f}x the bare page")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(table, encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
