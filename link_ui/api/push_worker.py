"""Completes push operations in the background: Pending → Success, Failed or TimedOut.

One asyncio task, started by the app's lifespan. A write wakes it; at start-up it also finishes
whatever was left Pending by the last run. A write with `timeoutInMinutes` also gets a `push.timeout`
entry of the provider's scheduler: still Pending when its time passes (sandbox time), it ends TimedOut
then, and its webhook is sent then. Each operation is processed in one database
transaction, so a write is stored whole or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from typing import Any

from starlette.requests import Request

from link_ui import events
from link_ui.api.refusals import Refusal, Why
from link_ui.api.views import push_operation_json
from link_ui.api.write_rules import find_blocker, local_datetime, qbo_errors
from link_ui.codat import PUSH_STATUS_CODES, PushStatus, TransactionType
from link_ui.context import AppState, Worker, lifespan_state
from link_ui.errors import validation_item
from link_ui.faults import PUSH_OUTCOME
from link_ui.scheduled import Scheduled
from link_ui.store import NewTransaction, Outcome, PushJob
from sandbox.clock import iso, parse_iso
from sandbox.scheduler import Entry

log = logging.getLogger("link_ui.push")

# Magic values: a transaction description containing one of these decides how its write ends.
MAGIC_OUTCOMES = {"[sandbox:fail]": PushStatus.FAILED, "[sandbox:timeout]": PushStatus.TIMED_OUT}


class PushWorker:
    def __init__(self, app: AppState) -> None:
        self.app = app
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        app.scheduler.register(Scheduled.PUSH_TIMEOUT, self._time_out)

    async def _time_out(self, entry: Entry) -> None:
        """The write's timeout passed: TimedOut, unless it has finished meanwhile."""
        async with self.app.store.pushes.processing(entry.object) as job:
            if job is None or job.operation["tenant_id"] != entry.tenant_id:  # not the entry's tenant's push
                return
            await job.finish(
                outcome(PushStatus.TIMED_OUT, entry.due, Why(Refusal.TIMED_OUT, count=job.operation["timeout_minutes"]))
            )
        finished = await self.app.store.pushes.get(entry.object)
        if finished is not None:
            json_view = push_operation_json(finished, with_data=True)
            await events.announce_write(self.app, entry.tenant_id, json_view, entry.due)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="push-worker")
        self._wake.set()  # operations left Pending by the previous run

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self.app.settings.push_delay_seconds > 0:
                await asyncio.sleep(self.app.settings.push_delay_seconds)
            try:
                await self.process_pending()
            except Exception:  # the worker must outlive any one bad operation
                log.exception("processing push operations failed")

    async def process_pending(self) -> None:
        for key in await self.app.store.pushes.pending_keys():
            try:
                await self.process(key)
            except Exception:
                log.exception("push operation %s failed unexpectedly", key)
                await self._finish_alone(key, PushStatus.FAILED, Why(Refusal.SANDBOX_ERROR))

    async def process(self, key: str) -> None:
        pending = await self.app.store.pushes.get(key)
        if pending is None:
            return
        tenant = await self.app.tenants.get(pending["tenant_id"])  # before the write lock: it may write
        async with self.app.store.pushes.processing(key) as job:
            if job is None:
                return
            op = job.operation
            now = tenant.now()
            if op["timeout_minutes"] is not None and now > parse_iso(op["requested"]) + dt.timedelta(
                minutes=op["timeout_minutes"]
            ):
                await job.finish(
                    outcome(PushStatus.TIMED_OUT, now, Why(Refusal.TIMED_OUT, count=op["timeout_minutes"]))
                )
            elif forced := self._forced_outcome(tenant.id, json.loads(op["data"])):
                await job.finish(outcome(forced[0], now, forced[1]))
            else:
                await self._write(job, now)
        finished = await self.app.store.pushes.get(key)
        if finished is not None:
            await events.announce_write(self.app, tenant.id, push_operation_json(finished, with_data=True), now)

    def _forced_outcome(self, tenant_id: str, data: dict[str, Any]) -> tuple[PushStatus, Why] | None:
        """A push-outcome fault armed for the tenant, or a magic value in a description."""
        fault = self.app.faults.take(tenant_id, PUSH_OUTCOME)
        if fault is not None and fault.outcome:
            return PushStatus(fault.outcome), Why(Refusal.FAULT, status=fault.outcome)
        descriptions = " ".join(str(t.get("description", "")) for t in data.get("transactions", []))
        for marker, status in MAGIC_OUTCOMES.items():
            if marker in descriptions:
                return status, Why(Refusal.MAGIC_VALUE, status=status, marker=marker)
        return None

    async def _write(self, job: PushJob, now: dt.datetime) -> None:
        found = await job.target()
        if found is None:
            await job.finish(outcome(PushStatus.FAILED, now, Why(Refusal.ACCOUNT_GONE)))
            return
        target, connection_status = found
        blocker = find_blocker(connection_status, target, now)
        if blocker:
            await job.finish(outcome(PushStatus.FAILED, now, blocker))
            return
        account = target.account
        data: dict[str, Any] = json.loads(job.operation["data"])
        transactions = data["transactions"]
        last = await job.newest_date()
        start = dt.date.fromisoformat(account["feed_start_date"][:10]) if account["feed_start_date"] else None
        newest = local_datetime(last) if last else None
        errors, warnings = qbo_errors(transactions, now.date(), start, newest)
        if errors:
            refused = Why(Refusal.QBO_RULES, count=len(errors))
            await job.finish(outcome(PushStatus.FAILED, now, refused, errors, warnings))
            return
        written = [
            NewTransaction(
                id=t["id"],
                date=local_datetime(t["date"]).isoformat(),
                description=t["description"],
                amount=str(t["amount"]),
                balance=str(t["balance"]),
                transaction_type=t.get("transactionType") or TransactionType.UNKNOWN,
            )
            for t in transactions
        ]
        await job.write(account, written, transactions[-1]["balance"], iso(now))
        await job.finish(outcome(PushStatus.SUCCESS, now, None, [], warnings))

    async def _finish_alone(self, key: str, status: PushStatus, why: Why) -> None:
        op = await self.app.store.pushes.get(key)
        if op is not None:
            tenant = await self.app.tenants.get(op["tenant_id"])
            await self.app.store.pushes.finish(key, outcome(status, tenant.now(), why))


def outcome(
    status: PushStatus,
    now: dt.datetime,
    why: Why | None,
    errors: list[dict[str, Any]] | None = None,
    warnings: list[dict[str, Any]] | None = None,
) -> Outcome:
    """How a push ended, as stored: a failure with no errors of its own carries its message as one.
    Its journey step keeps the reason (`why`) beside the message, for the timeline's words."""
    message = why.message if why is not None else None
    validation = {"errors": errors or [], "warnings": warnings or []}
    if status != PushStatus.SUCCESS and not errors and message:
        validation["errors"] = [validation_item(message)]
    reason = why.detail() if why is not None else {}
    return Outcome(status, PUSH_STATUS_CODES[status], iso(now), message, validation, reason)


def worker_of(request: Request) -> Worker:
    return lifespan_state(request)["push_worker"]
