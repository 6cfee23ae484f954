"""Finding and launching Chromium: Playwright's own build when present, else the system's.

Order: QBO_SANDBOX_CHROMIUM, then Playwright's downloaded Chromium, then /usr/bin/chromium
(Debian's package), the same order `scripts/provision-browser` installs in.
"""

from __future__ import annotations

import os
import shutil
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


def _playwright_has_chromium() -> bool:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    return any(root.glob("chromium-*/chrome-linux*/chrome")) or any(root.glob("chromium_headless_shell-*"))


def chromium_executable() -> str | None:
    """The Chromium to launch, or None to let Playwright use its own download."""
    override = os.environ.get("QBO_SANDBOX_CHROMIUM")
    if override:
        return override
    if _playwright_has_chromium():
        return None
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    raise RuntimeError(
        "No Chromium found. Run `make test` (it provisions one), `apt-get install chromium`, "
        "or set QBO_SANDBOX_CHROMIUM to a Chromium binary."
    )


def launch_args(headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch(...)`."""
    args = list(QUIET_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
    options: dict[str, Any] = {"headless": headless, "args": args}
    executable = chromium_executable()
    if executable:
        options["executable_path"] = executable
    return options
