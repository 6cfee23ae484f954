"""What the provider's scheduler runs (sandbox.scheduler), on each tenant's sandbox clock.

- `account.disconnected`, DISCONNECTED_AFTER_DAYS after QBO reported a feed disconnected: the source
  account now reads `disconnected`, so `bankFeeds.sourceAccount.disconnected` is sent; when it was
  the connection's last account, `connection.unlinked` is scheduled for UNLINKED_AFTER_DAYS later.
- `connection.unlinked`: the connection now reads `Unlinked`, so `connection.disconnected` is sent.
- `webhook.retry` (link_ui.webhooks): the next attempt of a failed delivery.

`run_until` is what advancing a clock does: the provider's due entries, then QBO's (the emulator's
POST /_sandbox/schedule/run, as the tenant's peer: sandbox.peer), then whatever those made due.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from link_ui import events, lifecycle, qbo_controls
from link_ui.api import views
from link_ui.codat import DISCONNECTED_AFTER_DAYS, ConnectionStatus, SourceAccountStatus, WebhookEvent
from link_ui.context import AppState
from link_ui.scheduled import Scheduled
from link_ui.store.journey import NewStep, StepKind
from sandbox.clock import ClockState, iso
from sandbox.scheduler import Entry, Ran, Scheduler

log = logging.getLogger("link_ui.timed")


def register(app: AppState, scheduler: Scheduler) -> None:
    async def account_disconnected(entry: Entry) -> None:
        await announce_disconnect(app, entry.tenant_id, entry.object, entry.due)

    async def connection_unlinked(entry: Entry) -> None:
        await announce_unlinked(app, entry.tenant_id, entry.object, entry.due)

    scheduler.register(Scheduled.ACCOUNT_DISCONNECTED, account_disconnected)
    scheduler.register(Scheduled.CONNECTION_UNLINKED, connection_unlinked)


async def schedule_disconnect(
    app: AppState, tenant_id: str, connection_id: str, account_id: str, reported: dt.datetime
) -> None:
    """QBO reported the feed disconnected at `reported`: Codat says so DISCONNECTED_AFTER_DAYS later."""
    due = reported + dt.timedelta(days=DISCONNECTED_AFTER_DAYS)
    await app.scheduler.at(tenant_id, due, Scheduled.ACCOUNT_DISCONNECTED, f"{connection_id}/{account_id}")


async def announce_disconnect(app: AppState, tenant_id: str, target: str, at: dt.datetime) -> None:
    """The webhook for an account that now reads `disconnected`, and the connection's `Unlinked` put
    on the schedule when no account is left; nothing when the account or connection has gone since."""
    connection_id, _, account_id = target.partition("/")
    stored = await app.store.connections.get(connection_id)
    if stored is None or stored["tenant_id"] != tenant_id:  # gone, or never the entry's tenant's
        return
    connection, company, accounts = await events.connection_and_company(app, connection_id, at)
    public_url = app.settings.public_url
    matching = [a for a in accounts if a["id"] == account_id]
    if not matching:
        return
    account = views.source_account_json(matching[0], at)
    payload = events.source_account_payload(company, connection["id"], account, public_url)
    app.webhooks.emit(tenant_id, WebhookEvent.SOURCE_ACCOUNT_DISCONNECTED, payload, at)
    unlinks = lifecycle.unlinks_at([(a["status"], a["disconnected_at"]) for a in accounts])
    if (
        stored["status"] == ConnectionStatus.LINKED
        and unlinks is not None
        # not on the schedule already (accounts gone at once); an account the application PATCHed
        # `disconnected` may have made it read Unlinked already: then it is due now
        and not await app.scheduler.rows.has(tenant_id, Scheduled.CONNECTION_UNLINKED, connection_id)
    ):
        await app.scheduler.at(tenant_id, max(unlinks, at), Scheduled.CONNECTION_UNLINKED, connection_id)
    await _record_disconnected(app, connection_id, account, at)


async def announce_unlinked(app: AppState, tenant_id: str, connection_id: str, at: dt.datetime) -> None:
    """`connection.disconnected`, once, when the connection has come to read `Unlinked`: not when it
    has gone, or the application unlinked it itself since (its PATCH sent the event)."""
    stored = await app.store.connections.get(connection_id)
    if stored is None or stored["tenant_id"] != tenant_id or stored["status"] != ConnectionStatus.LINKED:
        return
    connection, company, _ = await events.connection_and_company(app, connection_id, at)
    if connection["status"] != ConnectionStatus.UNLINKED:
        return
    payload = events.connection_payload(company, connection, app.settings.public_url)
    app.webhooks.emit(tenant_id, WebhookEvent.CONNECTION_DISCONNECTED, payload, at)
    await app.store.journey.record(NewStep(connection_id, StepKind.CONNECTION_UNLINKED, iso(at), {"by": "clock"}))


async def _record_disconnected(app: AppState, connection_id: str, account: dict[str, Any], at: dt.datetime) -> None:
    """The journey's step: the account reads `disconnected`, on the clock (not if it was linked again)."""
    if account.get("status") != SourceAccountStatus.DISCONNECTED:
        return
    detail = {"sourceAccountId": account["id"], "sourceName": account.get("accountName") or account["id"]}
    await app.store.journey.record(NewStep(connection_id, StepKind.ACCOUNT_DISCONNECTED, iso(at), detail))


async def run_until(app: AppState, tenant_id: str, clock: ClockState, authorization: str | None) -> list[Ran]:
    """Runs both apps' entries due up to the clock's now for the tenant; what ran, in order.
    QBO is asked as the tenant's peer; without a peer secret, with the caller's `authorization`;
    with neither (the dashboard of a provider started alone) QBO's part waits for its own loop."""
    until = clock.now()
    ran = await app.scheduler.run_due(tenant_id, until)
    qbo = await _run_qbo(app, tenant_id, until, clock.frozen_at is not None, authorization)
    if qbo:
        app.scheduler.heard(tenant_id, qbo)  # the dashboard lists both apps' runs
        ran += qbo + await app.scheduler.run_due(tenant_id, until)
    return ran


async def _run_qbo(
    app: AppState, tenant_id: str, until: dt.datetime, frozen: bool, authorization: str | None
) -> list[Ran]:
    """QBO's part; nothing when the emulator does not answer (the provider can run alone)."""
    body = {"until": iso(until), "frozen": frozen}
    answer = await qbo_controls.call(
        app,
        tenant_id,
        "POST",
        "/_sandbox/schedule/run",
        body=body,
        timeout=qbo_controls.SLOW,
        authorization=authorization,
    )
    try:
        return [Ran.from_json(item) for item in answer["ran"]] if answer is not None else []
    except (ValueError, KeyError, TypeError):
        log.info("QBO's schedule answered what it does not list")
        return []
