"""`qbo-sandbox scenario list|run`: the catalogue from the command line, for QA and for demos."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # Playwright and the apps load only when a scenario runs, not for `serve`
    from playwright.sync_api import Browser, BrowserContext, Page

    from scenarios.catalogue import Scenario

ARTIFACTS = Path(".artifacts")


class ConsoleReporter:
    """One line per step, with a progress counter and a bar: readable live and in CI logs.

    On a terminal a step shows as it starts ("…"), then as it ends; elsewhere (a CI log, a pipe)
    only as it ends, so each step is one line.
    """

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.live = out.isatty()

    def _bar(self, done: int, total: int) -> str:
        filled = round(20 * done / total) if total else 20
        return "[" + "#" * filled + "." * (20 - filled) + "]"

    def step_started(self, index: int, total: int, name: str) -> None:
        if self.live:
            print(f"{self._bar(index - 1, total)} {index}/{total}  {name} …", file=self.out, flush=True)

    def step_passed(self, index: int, total: int, name: str, seconds: float) -> None:
        print(f"{self._bar(index, total)} {index}/{total}  {name}  ok ({seconds:.1f}s)", file=self.out, flush=True)

    def step_failed(self, index: int, total: int, name: str, error: BaseException) -> None:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        print(f"{self._bar(index - 1, total)} {index}/{total}  {name}  FAILED: {first_line}", file=self.out, flush=True)


def main(args: argparse.Namespace) -> int:
    from scenarios.catalogue import catalogue

    scenarios = catalogue()
    if args.action == "list":
        print_catalogue(scenarios)
        return 0
    chosen = scenarios.get(args.name)
    if chosen is None:
        print(f"qbo-sandbox: no scenario {args.name!r}; see `qbo-sandbox scenario list`", file=sys.stderr)
        return 2
    if args.qbo_url and not args.provider_url:
        print("qbo-sandbox: --qbo-url goes with --provider-url", file=sys.stderr)
        return 2
    if args.demo:
        _demo_defaults(args)
    elif args.headed and not _has_display():
        print(
            "qbo-sandbox: --headed needs a display (DISPLAY or WAYLAND_DISPLAY is unset); try --demo or --video DIR",
            file=sys.stderr,
        )
        return 2
    return run_scenario(chosen, args)


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def print_catalogue(scenarios: dict[str, Scenario]) -> None:
    width = max(len(name) for name in scenarios)
    for s in scenarios.values():
        print(f"{s.name:<{width}}  {s.title}  ({len(s.steps)} steps, {s.lang})")


def _demo_defaults(args: argparse.Namespace) -> None:
    if _has_display():
        args.headed = True
        args.slow_mo = args.slow_mo or 700
    else:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = ARTIFACTS / "demo" / stamp
        args.video = args.video or folder / "video"
        args.screenshots = args.screenshots or folder / "screenshots"
        args.slow_mo = args.slow_mo or 300
        print(f"No display: recording the demo into {folder}/", flush=True)


def run_scenario(chosen: Scenario, args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    from qbo_sandbox.commands.running import urls
    from qbo_sandbox.launcher import start_sandbox
    from scenarios.api import SandboxApi
    from scenarios.browser import launch_args
    from scenarios.catalogue import Journey
    from scenarios.sandbox import RunningSandbox, SandboxUnreachable

    lang = args.lang or chosen.lang
    sandbox: RunningSandbox | None = None
    if args.provider_url:
        try:
            provider_url, qbo_url = urls(args)
        except SandboxUnreachable as exc:
            print(f"qbo-sandbox: {exc}", file=sys.stderr)
            return 1
    else:
        sandbox = start_sandbox()
        provider_url, qbo_url = sandbox.provider_url, sandbox.qbo_url
    api_key = args.api_key or "scenario-" + secrets.token_urlsafe(8)
    print(f"Scenario {chosen.name}: {chosen.title} ({lang})", flush=True)
    print(f"  provider {provider_url}   QBO {qbo_url}   API key {api_key}", flush=True)
    trace_path = args.trace or ARTIFACTS / "traces" / f"{chosen.name}-{dt.datetime.now():%Y%m%d-%H%M%S}.zip"
    started = time.perf_counter()
    try:
        with sync_playwright() as playwright, SandboxApi(provider_url, qbo_url, api_key) as api:
            options = launch_args(headless=not args.headed)
            if args.slow_mo:
                options["slow_mo"] = args.slow_mo
            browser = playwright.chromium.launch(**options)
            context, page = _open_page(browser, lang, args)
            context.tracing.start(screenshots=True, snapshots=True)
            journey = Journey(page=page, api=api, lang=lang, steps=chosen.steps, reporter=ConsoleReporter())
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                folder: Path = args.screenshots

                def screenshot(index: int, name: str) -> None:
                    page.screenshot(path=str(folder / f"{index:02d}-{_slug(name)}.png"), full_page=True)

                journey.after_step = screenshot
            failure: BaseException | None = None
            try:
                chosen.run(journey)
            except Exception as error:  # reported below, with the trace
                failure = error
            if failure is not None or args.trace or getattr(args, "keep_trace", False):
                trace_path.parent.mkdir(parents=True, exist_ok=True)
                context.tracing.stop(path=str(trace_path))
            else:
                context.tracing.stop()
            context.close()
            browser.close()
    finally:
        if sandbox is not None:
            sandbox.stop()
    elapsed = time.perf_counter() - started
    if failure is not None:
        print(f"FAILED: {chosen.name} after {elapsed:.1f}s: {_reason(failure)}", file=sys.stderr, flush=True)
        print(f"Trace: {trace_path}  (open with: playwright show-trace {trace_path})", file=sys.stderr, flush=True)
        return 1
    print(f"Passed: {chosen.name} in {elapsed:.1f}s", flush=True)
    kept_trace = args.trace or (trace_path if getattr(args, "keep_trace", False) else None)
    for label, path in (("Video", args.video), ("Screenshots", args.screenshots), ("Trace", kept_trace)):
        if path:
            print(f"{label}: {path}", flush=True)
    return 0


def _open_page(browser: Browser, lang: str, args: argparse.Namespace) -> tuple[BrowserContext, Page]:
    """A context and page, recording video when asked and possible (it needs Playwright's ffmpeg)."""
    from playwright.sync_api import Error as PlaywrightError

    from scenarios.browser import video_unavailable

    options: dict[str, Any] = {
        "locale": "fr-CA" if lang == "fr" else "en-US",
        "viewport": {"width": 1280, "height": 800},
    }
    unavailable = video_unavailable() if args.video else None
    if args.video and unavailable is None:
        context = browser.new_context(**options, record_video_dir=str(args.video))
        try:
            return context, context.new_page()
        except PlaywrightError as error:
            context.close()
            if "ffmpeg" not in str(error):
                raise
            unavailable = "Playwright's ffmpeg failed to start: " + str(error).splitlines()[0]
    if args.video:
        print(f"No video: {unavailable}. Keeping a screenshot per step and a trace instead.", flush=True)
        args.keep_trace = True
        args.screenshots = args.screenshots or args.video.parent / "screenshots"
        args.video = None
    context = browser.new_context(**options)
    return context, context.new_page()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _reason(error: BaseException) -> str:
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    return " ".join(lines[:3]) if lines else type(error).__name__
