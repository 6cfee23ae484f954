"""A sandbox that scenarios and tests drive: its two apps' URLs, and how to stop it when we started it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


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
