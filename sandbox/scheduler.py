"""Time-driven work on each tenant's sandbox clock, as Stripe's test clocks run it.

An entry is (tenant, due time in sandbox time, kind, object), kept in the app's own database (the
`schedule` table, SCHEDULE_TABLE in each app's migrations). Each app registers one handler per kind.
`run_due(tenant, until)` runs every entry due up to `until`, earliest first, including the ones a
handler adds inside that window (a webhook retry after a failed attempt), and says what ran. The
background loop does the same, every TICK_SECONDS, for tenants whose clock runs: a frozen clock stops
its tenant's schedule, real time resumes it, and one tenant's clock never runs another's entries.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sandbox.clock import ClockState, iso, parse_iso
from sandbox.db import Database

log = logging.getLogger("sandbox.scheduler")
TICK_SECONDS = 1.0
RECENT = 20  # what ran, kept per tenant in memory for the dashboard
MAX_RUNS = 10_000  # a safety stop for one advance: a handler that always reschedules can't hold it forever

SCHEDULE_TABLE = """
    CREATE TABLE schedule (
        id         INTEGER PRIMARY KEY,
        tenant_id  TEXT NOT NULL,
        due        TEXT NOT NULL,          -- sandbox time, ISO-8601 UTC (sorts as text)
        kind       TEXT NOT NULL,
        object     TEXT NOT NULL
    );
    CREATE INDEX schedule_by_due ON schedule (tenant_id, due, id);
"""


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    tenant_id: str
    due: dt.datetime
    kind: str
    object: str


@dataclass(frozen=True, slots=True)
class Ran:
    """One entry that ran: what a clock advance lists."""

    app: str
    kind: str
    object: str
    at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"app": self.app, "kind": self.kind, "object": self.object, "at": iso(self.at)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ran:
        return cls(str(data["app"]), str(data["kind"]), str(data["object"]), parse_iso(str(data["at"])))


Handler = Callable[[Entry], Awaitable[None]]
ClockOf = Callable[[str], Awaitable[ClockState]]

RAN_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "What the schedules of both apps ran, in the order they ran.",
    "items": {
        "type": "object",
        "required": ["app", "kind", "object", "at"],
        "properties": {
            "app": {"enum": ["provider", "qbo"]},
            "kind": {"type": "string"},
            "object": {"type": "string"},
            "at": {"type": "string", "format": "date-time", "description": "When it was due, in sandbox time."},
        },
    },
}


class ScheduleRows:
    """The `schedule` table's reads and writes (the same table in both apps' databases)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, tenant_id: str, due: dt.datetime, kind: str, obj: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO schedule (tenant_id, due, kind, object) VALUES (?, ?, ?, ?)",
                (tenant_id, iso(due), kind, obj),
            )

    async def has(self, tenant_id: str, kind: str, obj: str) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM schedule WHERE tenant_id = ? AND kind = ? AND object = ?", (tenant_id, kind, obj)
        )
        return row is not None

    async def take_next(self, tenant_id: str, until: dt.datetime) -> Entry | None:
        """Removes and returns the tenant's earliest entry due at or before `until`."""
        async with self.db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT * FROM schedule WHERE tenant_id = ? AND due <= ? ORDER BY due, id LIMIT 1",
                (tenant_id, iso(until)),
            )
            if row is None:
                return None
            await tx.execute("DELETE FROM schedule WHERE id = ?", (row["id"],))
        return Entry(row["id"], row["tenant_id"], parse_iso(row["due"]), row["kind"], row["object"])

    async def earliest(self) -> dict[str, dt.datetime]:
        """Each tenant with entries, and when its earliest is due: one read for the whole loop."""
        rows = await self.db.fetch_all("SELECT tenant_id, MIN(due) AS due FROM schedule GROUP BY tenant_id")
        return {row["tenant_id"]: parse_iso(row["due"]) for row in rows}


class Scheduler:
    """One app's schedule: its handlers by kind, over its rows, on each tenant's clock (`clock_of`)."""

    def __init__(self, app: str, rows: ScheduleRows, clock_of: ClockOf) -> None:
        self.app = app
        self.rows = rows
        self.clock_of = clock_of
        self._handlers: dict[str, Handler] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._recent: dict[str, deque[Ran]] = {}
        self._task: asyncio.Task[None] | None = None

    def recent(self, tenant_id: str) -> list[Ran]:
        """The tenant's newest entries that ran (by an advance or on time), newest first."""
        return list(reversed(self._recent.get(tenant_id, ())))

    def heard(self, tenant_id: str, ran: list[Ran]) -> None:
        """What the other app's scheduler ran for the tenant, kept beside this one's in `recent`."""
        self._recent.setdefault(tenant_id, deque(maxlen=RECENT)).extend(ran)

    def register(self, kind: str, handler: Handler) -> None:
        self._handlers[kind] = handler

    async def now(self, tenant_id: str) -> dt.datetime:
        return (await self.clock_of(tenant_id)).now()

    async def at(self, tenant_id: str, due: dt.datetime, kind: str, obj: str) -> None:
        """Schedules `kind` for `obj` at `due` (sandbox time)."""
        assert kind in self._handlers, f"no handler for {kind}"
        await self.rows.add(tenant_id, due, kind, obj)

    async def run_due(self, tenant_id: str, until: dt.datetime) -> list[Ran]:
        """Runs the tenant's entries due up to `until`, earliest first; a failing handler is logged
        and the run goes on."""
        ran: list[Ran] = []
        async with self._locks.setdefault(tenant_id, asyncio.Lock()):
            for _ in range(MAX_RUNS):
                entry = await self.rows.take_next(tenant_id, until)
                if entry is None:
                    break
                handler = self._handlers.get(entry.kind)
                try:
                    if handler is not None:
                        await handler(entry)
                except Exception:  # one bad entry must not stop the schedule
                    log.exception("scheduled %s for %s failed", entry.kind, entry.object)
                ran.append(Ran(self.app, entry.kind, entry.object, entry.due))
        if ran:
            self._recent.setdefault(tenant_id, deque(maxlen=RECENT)).extend(ran)
        return ran

    # -- the background loop: tenants on running clocks --------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"{self.app}-scheduler")

    async def stop(self) -> None:
        await stop_task(self._task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self.tick()
            except Exception:  # the loop must outlive any one failure
                log.exception("scheduler tick failed")

    async def tick(self) -> None:
        for tenant_id, earliest in (await self.rows.earliest()).items():
            clock = await self.clock_of(tenant_id)
            if clock.frozen_at is None and earliest <= clock.now():
                await self.run_due(tenant_id, clock.now())


async def stop_task(task: asyncio.Task[None] | None) -> None:
    """Cancels a background loop and waits for it to end."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
