"""Throttling guesses at a linkUrl's 6-digit OTP: wrong codes are counted per connection.

After MAX_FAILURES wrong codes within FAILURE_WINDOW (of the tenant's sandbox time, counted from the
first of them), the link answers "too many attempts" even to the right code, until the window passes.
"""

from __future__ import annotations

import datetime as dt

from link_ui.links import FAILURE_WINDOW, MAX_FAILURES
from sandbox.clock import iso, parse_iso
from sandbox.db import Database


async def throttled_for(db: Database, connection_id: str, now: dt.datetime) -> dt.timedelta | None:
    """How long the connection's link stays throttled, or None when it is not."""
    row = await db.fetch_one(
        "SELECT failures, window_start FROM otp_failures WHERE connection_id = ?", (connection_id,)
    )
    if row is None or row["failures"] < MAX_FAILURES:
        return None
    remaining = parse_iso(row["window_start"]) + FAILURE_WINDOW - now
    return remaining if remaining > dt.timedelta(0) else None


async def record_failure(db: Database, connection_id: str, now: dt.datetime) -> None:
    """Counts one wrong code; a failure after the window has passed starts a new window."""
    async with db.transaction() as tx:
        row = await tx.fetch_one(
            "SELECT failures, window_start FROM otp_failures WHERE connection_id = ?", (connection_id,)
        )
        if row is None or now - parse_iso(row["window_start"]) >= FAILURE_WINDOW:
            await tx.execute(
                "INSERT INTO otp_failures (connection_id, failures, window_start) VALUES (?, 1, ?)"
                " ON CONFLICT (connection_id)"
                " DO UPDATE SET failures = 1, window_start = excluded.window_start",
                (connection_id, iso(now)),
            )
        else:
            await tx.execute(
                "UPDATE otp_failures SET failures = failures + 1 WHERE connection_id = ?", (connection_id,)
            )


async def clear(db: Database, connection_id: str) -> None:
    """A right code (outside a throttle) forgets the earlier wrong ones."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM otp_failures WHERE connection_id = ?", (connection_id,))
