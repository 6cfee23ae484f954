"""Throttling guesses at QBO sign-in passwords: wrong passwords are counted per user and per address.

After MAX_PER_USER wrong passwords for one email, or MAX_PER_ADDRESS from one client address,
within WINDOW_SECONDS (counted from the first of them), sign-in answers "too many attempts" even
to the right password until the window has passed. A right password forgets the user's count, not
the address's (so signing in to an account of one's own doesn't buy more guesses at others').
Counts are kept in memory, on real time: sign-in comes before any tenant, so before any sandbox
clock; a restart forgets them. Memory stays bounded: at most MAX_KEYS keys, the oldest dropped.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

MAX_PER_USER = 5
MAX_PER_ADDRESS = 30  # a whole test suite signs in from 127.0.0.1
WINDOW_SECONDS = 15 * 60
MAX_KEYS = 10_000


class SignInGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (wrong passwords, first one at)

    def retry_after(self, email: str, address: str) -> int | None:
        """Whole seconds until sign-in is allowed again for this email from this address, or None."""
        now = self._clock()
        waits = [
            started + WINDOW_SECONDS - now
            for key, limit in self._keys(email, address)
            if (entry := self._failures.get(key)) is not None
            for count, started in [entry]
            if count >= limit and now - started < WINDOW_SECONDS
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, email: str, address: str) -> None:
        now = self._clock()
        for key, _ in self._keys(email, address):
            count, started = self._failures.pop(key, (0, now))
            if now - started >= WINDOW_SECONDS:
                count, started = 0, now
            self._failures[key] = (count + 1, started)  # re-inserted: the newest key is last
        while len(self._failures) > MAX_KEYS:
            del self._failures[next(iter(self._failures))]

    def succeeded(self, email: str) -> None:
        self._failures.pop(_user_key(email), None)

    @staticmethod
    def _keys(email: str, address: str) -> list[tuple[str, int]]:
        return [(_user_key(email), MAX_PER_USER), ("address:" + address, MAX_PER_ADDRESS)]


def _user_key(email: str) -> str:
    return "user:" + email.strip().lower()
