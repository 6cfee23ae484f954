"""Scenario benchmarks: the happy path's wall time (browser already running), and the catalogue's.

Run with `make bench` (or `python -m tests.bench.scenarios`). Prints figures; asserts nothing.
"""

from __future__ import annotations

import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from scenarios.api import SandboxApi
from scenarios.browser import launch_args
from scenarios.catalogue import Journey, catalogue
from scenarios.sandbox import start_sandbox

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5


def happy_path_seconds(runs: int = RUNS) -> list[float]:
    """Each run: a fresh tenant and browser context; the browser itself is started once, before."""
    chosen = catalogue()["happy_path"]
    sandbox = start_sandbox()
    timings = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_args())
            for _ in range(runs):
                with SandboxApi(sandbox.provider_url, sandbox.qbo_url, "bench-" + secrets.token_hex(6)) as api:
                    context = browser.new_context()
                    page = context.new_page()
                    started = time.perf_counter()
                    chosen.run(Journey(page=page, api=api, steps=chosen.steps))
                    timings.append(time.perf_counter() - started)
                    context.close()
            browser.close()
    finally:
        sandbox.stop()
    return timings


def catalogue_seconds(workers: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", str(workers), "tests/scenarios", "-k", "test_scenario"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    timings = happy_path_seconds()
    print("\n### Scenarios\n")
    print("| Measure | Figure |")
    print("|---|---|")
    print(
        f"| happy path, headless, browser already started (median of {len(timings)}) "
        f"| {statistics.median(timings):.2f} s (min {min(timings):.2f}, max {max(timings):.2f}) |"
    )
    for workers in (1, 2):
        print(
            f"| whole catalogue ({len(catalogue())} scenarios), `-n {workers}` | {catalogue_seconds(workers):.1f} s |"
        )


if __name__ == "__main__":
    main()
