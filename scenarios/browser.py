"""Finding and launching Chromium: Playwright's own build when present, else the system's.

Order: QBO_SANDBOX_CHROMIUM, then Playwright's downloaded Chromium, then /usr/bin/chromium
(Debian's package), the same order `scripts/provision-browser` installs in.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# Quiet, offline-friendly flags: without the networking ones Chromium tries to reach Google's hosts.
QUIET_FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _playwright_root() -> Path:
    return Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")


def _playwright_has_chromium() -> bool:
    root = _playwright_root()
    return any(root.glob("chromium-*/chrome-linux*/chrome")) or any(root.glob("chromium_headless_shell-*"))


def video_unavailable() -> str | None:
    """None when Playwright can record video; else why not, in one line.

    Playwright records with its own ffmpeg build (`playwright install ffmpeg`). Offline, Debian's `ffmpeg`
    package does the same job (it has the VP8 encoder Playwright asks for): it is linked where Playwright
    looks for its own.
    """
    import json

    import playwright

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        entries = json.loads(browsers.read_text(encoding="utf-8"))["browsers"]
        revision = next(str(b["revision"]) for b in entries if b["name"] == "ffmpeg")
    except (OSError, ValueError, KeyError, StopIteration):
        return "this Playwright doesn't say which ffmpeg it records with"
    wanted = _playwright_root() / f"ffmpeg-{revision}" / "ffmpeg-linux"
    if wanted.exists():
        return None
    debian = shutil.which("ffmpeg")
    if debian is None:
        return "neither Playwright's ffmpeg nor Debian's `ffmpeg` package is installed (apt-get install ffmpeg)"
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        wanted.symlink_to(debian)
        (wanted.parent / "INSTALLATION_COMPLETE").touch()
    except OSError as exc:
        return f"Debian's ffmpeg could not be linked for Playwright ({exc.strerror})"
    return None


def system_chromium() -> str | None:
    """The Chromium to launch instead of Playwright's: QBO_SANDBOX_CHROMIUM, else the machine's when
    Playwright has none of its own; None when Playwright's will do, or when there is none at all."""
    override = os.environ.get("QBO_SANDBOX_CHROMIUM")
    if override:
        return override
    if _playwright_has_chromium():
        return None
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def chromium_executable() -> str | None:
    """Like system_chromium, but says how to get one when neither Playwright nor the machine has it."""
    executable = system_chromium()
    if executable is None and not _playwright_has_chromium():
        raise RuntimeError(
            "No Chromium found. Run `make test` (it provisions one), `apt-get install chromium`, "
            "or set QBO_SANDBOX_CHROMIUM to a Chromium binary."
        )
    return executable


def launch_args(headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch(...)`, for the scenario command and benches."""
    args = list(QUIET_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
    options: dict[str, Any] = {"headless": headless, "args": args}
    executable = chromium_executable()
    if executable:
        options["executable_path"] = executable
    return options


def added_launch_args(browser_name: str, launch: Mapping[str, Any]) -> dict[str, Any]:
    """What pytest-playwright's launch arguments lack to start a browser here: for Chromium with no
    channel and no executable of its own, the machine's Chromium (and its quiet flags) when Playwright
    has no Chromium. Anything else is left as it was: another browser, a channel, or no Chromium at all."""
    if browser_name != "chromium" or launch.get("channel") or launch.get("executable_path"):
        return {}
    executable = system_chromium()
    if executable is None:
        return {}
    return {"executable_path": executable, "args": [*launch.get("args", []), *QUIET_FLAGS]}
