"""QBO's record of what it did in a tenant's journey, at the tenant's sandbox time: the steps that
GET /_sandbox/steps answers, for the provider's journey timeline to merge with its own.

Kinds, and what each step's `detail` holds:
- `qbo.institution`: the user picked the provider's institution in Link account.
  `{"institution": name}`; when QBO showed an error instead, `failed` and `"error"` (QBO's number).
- `qbo.sign_in`: the user submitted the bank's one-time credentials (Link account, or Edit sign-in
  info). `{"username"}`; on a refusal `failed`, `"reason"` (what QBO showed, in English) and `"error"` (its number).
- `qbo.connect`: Connect linked the feeds. `{"accounts": [{"sourceAccountId", "sourceName",
  "qboAccount" (the chart-of-accounts account), "startDate" (the user's), "feedStartDate" (the
  provider's, after clamping)}]}`; when Connect failed, `failed`, `"error"` and no `feedStartDate`.
- `qbo.pull`: a pull of one connection's feeds. `{"trigger": "update" | "automatic" | "nightly",
  "rows": new rows For review, "accounts": [{"sourceAccountId", "rows"}]}`; on a failure `failed`
  and `"error"` (QBO's number, as the tile shows it). The user's Update and the nightly pull are
  always recorded (the nightly one is what the clock's `ran` lists); an automatic pull only when it
  brought rows or failed, as the interval puller runs every few seconds. The pull QBO makes right
  after Connect or Edit sign-in info is `automatic`. A seed (POST /_sandbox/seed) records the steps its
  user would have: the institution, the sign-in, Connect and that first pull.
- `qbo.disconnect`: the user disconnected a feed. `{"sourceAccountId"}`; `failed` and `"error"`
  when the provider could not be told (the feed then stays).

The institution and sign-in steps come before QBO knows the connection: they are kept with their
Link account flow, and given its connection once the sign-in answers with one. Each tenant keeps
its newest KEEP_PER_TENANT steps; a reset or a restore forgets them, and no snapshot holds them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from emulator.feed_client import FeedClientError
from emulator.store import NewStep, Row, Store
from sandbox import feed_protocol as fp
from sandbox.clock import ClockState, iso, real_now
from sandbox.steps_protocol import CONNECT, DISCONNECT, INSTITUTION, KINDS, PULL, SIGN_IN, Trigger

__all__ = [  # the protocol's names too, for the emulator's modules that record steps
    "CONNECT",
    "DISCONNECT",
    "INSTITUTION",
    "KEEP_PER_TENANT",
    "KINDS",
    "MAX_ANSWERED",
    "PULL",
    "SCHEMA",
    "SIGN_IN",
    "FeedPull",
    "StepLog",
    "Trigger",
    "connected_accounts",
    "to_json",
]

KEEP_PER_TENANT = 5000
MAX_ANSWERED = 500  # the newest steps one GET answers


@dataclass(frozen=True)
class FeedPull:
    """How one feed's pull went: the new rows it stored, or QBO's error number for it."""

    feed: Row
    rows: int
    error: str | None = None


ClockOf = Callable[[str], Awaitable[ClockState]]


class StepLog:
    """Records steps at the tenant's sandbox time (`clock_of`: nightly.TenantClocks.clock_of)."""

    def __init__(self, store: Store, clock_of: ClockOf) -> None:
        self.store, self.clock_of = store, clock_of

    async def record(
        self,
        tenant_id: str,
        realm_id: str,
        kind: str,
        detail: dict[str, Any],
        *,
        connection_id: str | None = None,
        flow_id: str | None = None,
        failed: bool = False,
        at: dt.datetime | None = None,
    ) -> None:
        """Records a step at `at`, or at the tenant's now."""
        now = at or await self._now(tenant_id)
        step = NewStep(tenant_id, realm_id, iso(now), kind, detail, connection_id, flow_id, failed)
        await self.store.add_step(step, KEEP_PER_TENANT)

    async def _now(self, tenant_id: str) -> dt.datetime:
        try:
            return (await self.clock_of(tenant_id)).now()
        except FeedClientError:  # the provider is down: its clock can't be read, the host's is near enough
            return real_now()

    async def signed_in(self, tenant_id: str, flow_id: str, connection_id: str) -> None:
        """The flow's sign-in answered with its connection: its steps so far belong to it."""
        await self.store.name_flow_steps(tenant_id, flow_id, connection_id)

    async def pulled(
        self, tenant_id: str, trigger: Trigger, pulls: Iterable[FeedPull], at: dt.datetime | None = None
    ) -> None:
        """One `qbo.pull` step per connection pulled, when worth recording (see the module's docstring);
        `at`: when the schedule had the pull due, for a nightly one."""
        by_connection: dict[tuple[str, str], list[FeedPull]] = {}
        for pull in pulls:
            key = (str(pull.feed["realm_id"]), str(pull.feed["connection_id"]))
            by_connection.setdefault(key, []).append(pull)
        for (realm_id, connection_id), done in by_connection.items():
            rows = sum(p.rows for p in done)
            error = next((p.error for p in done if p.error is not None), None)
            if trigger is Trigger.AUTOMATIC and not rows and error is None:
                continue
            detail: dict[str, Any] = {
                "trigger": trigger.value,
                "rows": rows,
                "accounts": [{"sourceAccountId": p.feed["source_account_id"], "rows": p.rows} for p in done],
            }
            if error is not None:
                detail["error"] = error
            failed = error is not None
            await self.record(tenant_id, realm_id, PULL, detail, connection_id=connection_id, failed=failed, at=at)

    async def answer(self, tenant_id: str, connection_id: str | None) -> list[dict[str, Any]]:
        """The tenant's newest steps (of one connection), oldest first, as the control answers them."""
        return [to_json(row) for row in await self.store.steps(tenant_id, connection_id, MAX_ANSWERED)]


def to_json(row: Row) -> dict[str, Any]:
    step: dict[str, Any] = {"id": str(row["id"]), "at": row["at"], "kind": row["kind"], "realmId": row["realm_id"]}
    if row["connection_id"] is not None:
        step["connectionId"] = row["connection_id"]
    step["failed"] = bool(row["failed"])
    step["detail"] = json.loads(row["detail"])
    step["recorded"] = row["recorded"]
    return step


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "at", "kind", "realmId", "failed", "detail", "recorded"],
    "properties": {
        "id": {"type": "string", "description": "Unique within the emulator; later steps have greater ids."},
        "at": {"type": "string", "format": "date-time", "description": "The tenant's sandbox time."},
        "kind": {"enum": list(KINDS)},
        "realmId": {"type": "string"},
        "connectionId": {"type": "string", "description": "Left out until QBO knows the step's connection."},
        "failed": {"type": "boolean"},
        "detail": {"type": "object", "description": "By kind: see the description of GET /_sandbox/steps."},
        "recorded": {
            "type": "number",
            "description": "The host's real time when QBO recorded it (seconds since the epoch): it orders steps "
            "of one sandbox instant (a frozen clock) against the provider's.",
        },
    },
}


def connected_accounts(
    session: fp.FeedSession, choices: list[fp.LinkChoice], started: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The accounts of a Connect, for its step: `started`, each feed's start date as the provider set it."""
    names = {account.id: account.name for account in session.accounts}
    accounts = []
    for choice in choices:
        account = {
            "sourceAccountId": choice.source_account_id,
            "sourceName": names.get(choice.source_account_id, ""),
            "qboAccount": choice.qbo_account_name,
            "startDate": choice.start_date.isoformat(),
        }
        if started is not None and choice.source_account_id in started:
            account["feedStartDate"] = started[choice.source_account_id]
        accounts.append(account)
    return accounts
