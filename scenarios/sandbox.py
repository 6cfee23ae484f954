"""A sandbox that scenarios and tests drive: its two apps' URLs, and how to stop it when we started it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from sandbox.servers import HEALTH_PATH


def _nothing() -> None:
    pass


@dataclass
class RunningSandbox:
    provider_url: str
    qbo_url: str
    _stop: Callable[[], None] = field(default=_nothing, repr=False)

    def stop(self) -> None:
        """Stops the sandbox if this process started it; one that runs elsewhere is left running."""
        self._stop()


class SandboxUnreachable(RuntimeError):
    """No sandbox answers at the URL given (`url`), said in one line."""

    def __init__(self, url: str, message: str | None = None) -> None:
        super().__init__(message or f"no sandbox answers at {url}: is `qbo-sandbox serve` running there?")
        self.url = url


def connect(provider_url: str, *, timeout: float = 10.0) -> RunningSandbox:
    """A sandbox that runs elsewhere (a CI service, a shared one), by its provider's URL: the provider's
    health names its QBO emulator. Stopping it does nothing."""
    url = provider_url.rstrip("/")
    try:
        answer = httpx.get(url + HEALTH_PATH, timeout=timeout)
        health = answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        health = None
    if not isinstance(health, dict) or health.get("app") != "provider" or not isinstance(health.get("qboUrl"), str):
        raise SandboxUnreachable(
            url, f"no sandbox's provider answers at {url}{HEALTH_PATH}: is `qbo-sandbox serve` up?"
        )
    return RunningSandbox(url, health["qboUrl"].rstrip("/"))
