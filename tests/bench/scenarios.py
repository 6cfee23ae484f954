"""Scenario and control benchmarks: the happy path's wall time (browser already running), the
catalogue's, and the seed, snapshot, reset and restore controls of both apps together.

Run with `make bench` (or `python -m tests.bench.scenarios`). Prints figures; asserts nothing.
"""

from __future__ import annotations

import contextlib
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from qbo_sandbox.launcher import start_sandbox
from scenarios.api import SandboxApi
from scenarios.browser import launch_args
from scenarios.catalogue import Journey, catalogue

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
CONTROLS = {
    "seed": "`seed demo`: a linked connection, 3 accounts, a week of transactions",
    "snapshot": "snapshot of that tenant, both apps",
    "reset": "reset of that tenant, both apps",
    "restore": "restore of that snapshot, both apps",
}


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


@contextlib.contextmanager
def timed(timings: dict[str, list[float]], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings.setdefault(name, []).append(time.perf_counter() - started)


def control_seconds(runs: int = RUNS) -> dict[str, list[float]]:
    """Per run, a fresh tenant: seed a demo, then snapshot, reset and restore both apps."""
    sandbox = start_sandbox()
    timings: dict[str, list[float]] = {}
    try:
        for n in range(runs):
            with SandboxApi(sandbox.provider_url, sandbox.qbo_url, "bench-" + secrets.token_hex(6)) as api:
                with timed(timings, "seed"):
                    api.seed_demo(seed=n)
                with timed(timings, "snapshot"):
                    saved = api.snapshot()
                with timed(timings, "reset"):
                    api.reset()
                with timed(timings, "restore"):
                    api.restore(saved)
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
    for name, seconds in control_seconds().items():
        print(
            f"| {CONTROLS[name]} (median of {len(seconds)}) "
            f"| {statistics.median(seconds) * 1000:.0f} ms (min {min(seconds) * 1000:.0f}, "
            f"max {max(seconds) * 1000:.0f}) |"
        )
    for workers in (1, 2):
        print(
            f"| whole catalogue ({len(catalogue())} scenarios), `-n {workers}` | {catalogue_seconds(workers):.1f} s |"
        )


if __name__ == "__main__":
    main()
