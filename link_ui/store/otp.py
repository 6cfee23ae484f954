"""Wrong-OTP rows: per connection, how many wrong codes since when (link_ui.otp_guard's rules)."""

from __future__ import annotations

import datetime as dt

from link_ui.store._base import Family
from sandbox.clock import iso, parse_iso


class OtpStore(Family):
    async def failures(self, connection_id: str) -> tuple[int, dt.datetime] | None:
        """(wrong codes, when the first of them came), or None when there are none."""
        row = await self.db.fetch_one(
            "SELECT failures, window_start FROM otp_failures WHERE connection_id = ?", (connection_id,)
        )
        return None if row is None else (int(row["failures"]), parse_iso(row["window_start"]))

    async def record_failure(self, connection_id: str, now: dt.datetime, window: dt.timedelta) -> None:
        """Counts one wrong code; one after `window` has passed since the first starts a new count."""
        async with self.db.transaction() as tx:
            row = await tx.fetch_one("SELECT window_start FROM otp_failures WHERE connection_id = ?", (connection_id,))
            if row is None or now - parse_iso(row["window_start"]) >= window:
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

    async def clear(self, connection_id: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM otp_failures WHERE connection_id = ?", (connection_id,))
