"""Wrong-OTP rows: per connection, how many wrong codes since when (link_ui.otp_guard's rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from link_ui.store._base import Family
from sandbox.clock import iso, parse_iso


@dataclass(frozen=True)
class Failures:
    in_window: int  # wrong codes since window_start
    window_start: dt.datetime
    in_day: int  # wrong codes since day_start
    day_start: dt.datetime


class OtpStore(Family):
    async def failures(self, connection_id: str) -> Failures | None:
        """The connection's wrong-code counts, or None when there are none."""
        row = await self.db.fetch_one(
            "SELECT failures, window_start, day_failures, day_start FROM otp_failures WHERE connection_id = ?",
            (connection_id,),
        )
        if row is None:
            return None
        window_start = parse_iso(row["window_start"])
        day_start = parse_iso(row["day_start"]) if row["day_start"] else window_start
        return Failures(int(row["failures"]), window_start, int(row["day_failures"]), day_start)

    async def record_failure(
        self, connection_id: str, now: dt.datetime, window: dt.timedelta, day: dt.timedelta
    ) -> None:
        """Counts one wrong code in both counts; each starts again once its length has passed since its first."""
        async with self.db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT window_start, day_start FROM otp_failures WHERE connection_id = ?", (connection_id,)
            )
            new_window = row is None or now - parse_iso(row["window_start"]) >= window
            new_day = row is None or not row["day_start"] or now - parse_iso(row["day_start"]) >= day
            await tx.execute(
                "INSERT INTO otp_failures (connection_id, failures, window_start, day_failures, day_start)"
                " VALUES (?, 1, ?, 1, ?) ON CONFLICT (connection_id) DO UPDATE SET"
                " failures = CASE WHEN ? THEN 1 ELSE failures + 1 END,"
                " window_start = CASE WHEN ? THEN excluded.window_start ELSE window_start END,"
                " day_failures = CASE WHEN ? THEN 1 ELSE day_failures + 1 END,"
                " day_start = CASE WHEN ? THEN excluded.day_start ELSE day_start END",
                (connection_id, iso(now), iso(now), new_window, new_window, new_day, new_day),
            )

    async def clear(self, connection_id: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM otp_failures WHERE connection_id = ?", (connection_id,))
