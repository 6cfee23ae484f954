"""Journey step rows: what happened to a connection on the provider's side, in order, for the timeline.

One row per step (link opened, credentials issued or revoked, QBO's sign-in, the link, a push and its
outcome, a disconnect, the 10-day `disconnected` and `Unlinked`). A step is written inside the
transaction of the write it records where there is one (`add`: one more statement), so a write and
its step are stored together or not at all. The tenant comes from the connection, so a step of a
connection that is gone is not written. Each tenant keeps its newest KEPT_PER_TENANT (a trigger,
link_ui/schema.py); a reset empties them (link_ui.store.tenants.empty).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from link_ui.store._base import Family, Row
from sandbox import correlation
from sandbox.db import Writer


class StepKind(StrEnum):
    """What the provider records (the dashboard's catalogue names each: `timeline.kind.<value>`)."""

    CONNECTION_CREATED = "connection.created"
    LINK_OPENED = "link.opened"  # failed: a wrong or expired code
    CREDENTIALS_ISSUED = "credentials.issued"
    CREDENTIALS_REVOKED = "credentials.revoked"
    SIGN_IN = "feed.sign_in"  # QBO signed in with a set; failed: refused
    LINK = "feed.link"  # QBO linked accounts: the connection is Linked
    DISCONNECT = "feed.disconnect"  # QBO reported a feed disconnected
    PUSH_CREATED = "push.created"
    PUSH_REFUSED = "push.refused"  # a write the connection or account could not take (a 400): always failed
    PUSH_COMPLETED = "push.completed"  # failed: Failed or TimedOut
    ACCOUNT_DISCONNECTED = "account.disconnected"  # DISCONNECTED_AFTER_DAYS later, on the clock
    CONNECTION_UNLINKED = "connection.unlinked"


@dataclass(frozen=True)
class NewStep:
    connection_id: str
    kind: StepKind
    at: str  # sandbox time, ISO
    detail: dict[str, Any] = field(default_factory=dict)
    failed: bool = False
    correlation_id: str | None = field(default_factory=correlation.current)  # the API request's, if any
    recorded: float = field(default_factory=time.time)  # real time: orders the steps of one sandbox instant


KEPT_PER_TENANT = 2000  # the bound the trigger of migration 7 keeps: a long demo's journeys, never more

_INSERT = (
    "INSERT INTO journey_steps (tenant_id, connection_id, at, kind, failed, detail, correlation_id, recorded)"
    " SELECT tenant_id, id, ?, ?, ?, ?, ?, ? FROM connections WHERE id = ?"
)


async def add(tx: Writer, step: NewStep) -> None:
    """Writes the step inside a caller's transaction (one statement)."""
    await tx.execute(
        _INSERT,
        (
            step.at,
            step.kind,
            int(step.failed),
            json.dumps(step.detail),
            step.correlation_id,
            step.recorded,
            step.connection_id,
        ),
    )


class JourneyStore(Family):
    async def record(self, step: NewStep) -> None:
        """Writes the step in a transaction of its own (for moments that write nothing else)."""
        async with self.db.transaction() as tx:
            await add(tx, step)

    async def of_connection(self, tenant_id: str, connection_id: str) -> list[Row]:
        """The connection's steps, in the order they were written (through journey_steps_by_connection)."""
        return await self.db.fetch_all(
            "SELECT id, at, kind, failed, detail, correlation_id, recorded FROM journey_steps"
            " WHERE connection_id = ? AND tenant_id = ? ORDER BY id",
            (connection_id, tenant_id),
        )
