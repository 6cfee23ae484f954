"""Throttling guesses at a linkUrl's 6-digit OTP: wrong codes are counted per connection.

After MAX_FAILURES wrong codes within FAILURE_WINDOW (of the tenant's sandbox time, counted from the
first of them), the link answers "too many attempts" even to the right code, until the window passes;
likewise after MAX_DAILY_FAILURES within a day, until the day has passed.
The counts are the store's (link_ui.store.otp); these take the database, as a test holds it too.
"""

from __future__ import annotations

import datetime as dt

from link_ui.links import DAY, FAILURE_WINDOW, MAX_DAILY_FAILURES, MAX_FAILURES
from link_ui.store.otp import OtpStore
from sandbox.db import Database


async def throttled_for(db: Database, connection_id: str, now: dt.datetime) -> dt.timedelta | None:
    """How long the connection's link stays throttled, or None when it is not."""
    failures = await OtpStore(db).failures(connection_id)
    if failures is None:
        return None
    waits = [
        start + length - now
        for count, start, limit, length in (
            (failures.in_window, failures.window_start, MAX_FAILURES, FAILURE_WINDOW),
            (failures.in_day, failures.day_start, MAX_DAILY_FAILURES, DAY),
        )
        if count >= limit and start + length > now
    ]
    return max(waits, default=None)


async def record_failure(db: Database, connection_id: str, now: dt.datetime) -> None:
    """Counts one wrong code; a failure after the window has passed starts a new window."""
    await OtpStore(db).record_failure(connection_id, now, FAILURE_WINDOW, DAY)


async def clear(db: Database, connection_id: str) -> None:
    """A right code (outside a throttle) forgets the earlier wrong ones."""
    await OtpStore(db).clear(connection_id)
