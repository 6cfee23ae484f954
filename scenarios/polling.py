"""A bounded readiness poll for state that settles in the background (push operations, webhooks).

Browser tests use Playwright's expect(); this is its equivalent for HTTP state: it polls, it
does not sleep a guessed amount, and it fails with the last value it saw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
_PAUSE = threading.Event()  # never set: wait() is the poll interval


def eventually(read: Callable[[], T], until: Callable[[T], bool], *, timeout: float = 15.0, every: float = 0.05) -> T:
    waited = 0.0
    while True:
        value = read()
        if until(value):
            return value
        if waited >= timeout:
            raise AssertionError(f"still not there after {timeout:.0f}s; last value: {value!r}")
        _PAUSE.wait(every)
        waited += every
