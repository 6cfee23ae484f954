"""State survives a restart on the same data directory; pending writes finish after it."""

from __future__ import annotations

import datetime as dt
import json

from link_ui.api.http import is_uuid
from link_ui.schema import MIGRATIONS
from link_ui.webhooks import EVENT_TYPES
from sandbox.db import Database
from sandbox.tenancy import tenant_id_for
from tests.api.support import (
    accounts_path,
    advance,
    linked_feed,
    make_company,
    running_provider,
    sandbox_now,
    transactions,
    wait_for_push,
)
from tests.fresh_loop import run_in_fresh_loop


def test_everything_survives_a_restart(tmp_path):
    with running_provider(tmp_path) as provider, provider.client("persistent-key") as api:
        feed = linked_feed(api)
        other = make_company(api, "Second")
        start = sandbox_now(api).replace(tzinfo=None) - dt.timedelta(hours=1)
        key = api.post(
            feed.push_path, json={"accountId": feed.account_id, "transactions": transactions(start, 2)}
        ).json()["pushOperationKey"]
        assert wait_for_push(api, feed.company_id, key)["status"] == "Success"
        advance(api, 3600)
        before_restart = sandbox_now(api)
    with running_provider(tmp_path) as provider, provider.client("persistent-key") as api:
        assert {c["name"] for c in api.get("/companies").json()["results"]} == {"Bank of Dave", other["name"]}
        connection = api.get(f"/companies/{feed.company_id}/connections/{feed.connection_id}").json()
        assert connection["status"] == "Linked"
        assert api.get(accounts_path(feed.company_id, feed.connection_id)).json()[0]["status"] == "connected"
        assert api.get(f"/companies/{feed.company_id}/push/{key}").json()["status"] == "Success"
        assert sandbox_now(api) >= before_restart  # the hour the clock was moved on was kept


def test_pending_writes_are_finished_after_a_restart(tmp_path):
    # The first run holds writes Pending for a long time, so the restart finds them still Pending.
    with running_provider(tmp_path, push_delay_seconds=3600) as provider, provider.client("k") as api:
        feed = linked_feed(api)
        start = sandbox_now(api).replace(tzinfo=None) - dt.timedelta(hours=1)
        body = {"accountId": feed.account_id, "transactions": transactions(start, 1)}
        kept = api.post(feed.push_path, json=body).json()["pushOperationKey"]
        later = dict(body, transactions=transactions(start + dt.timedelta(minutes=5), 1))
        timed = api.post(feed.push_path, params={"timeoutInMinutes": 1}, json=later).json()["pushOperationKey"]
        advance(api, 120)  # the second write's timeout passes while it waits
        assert api.get(f"/companies/{feed.company_id}/push/{kept}").json()["status"] == "Pending"
    with running_provider(tmp_path) as provider, provider.client("k") as api:
        assert wait_for_push(api, feed.company_id, kept)["status"] == "Success"
        assert wait_for_push(api, feed.company_id, timed)["status"] == "TimedOut"


def test_webhook_urls_of_an_older_data_directory_become_consumers(tmp_path):
    """Schema 3 turned the settings control's URLs into webhook consumers of every event type."""

    async def make_version_2() -> None:
        db = await Database.open(tmp_path, "provider.sqlite3", MIGRATIONS[:2])
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO tenants (id, created) VALUES (?, '2026-01-01T00:00:00.000Z')", (tenant,))
            await tx.execute(
                "INSERT INTO webhook_config (tenant_id, urls, secret) VALUES (?, ?, 'whsec_AAAA')",
                (tenant, json.dumps(["https://one.example/hook", "https://two.example/hook"])),
            )
        await db.close()

    tenant = tenant_id_for("old-key")
    run_in_fresh_loop(make_version_2())
    with running_provider(tmp_path) as provider, provider.client("old-key") as api:
        consumers = api.get("/webhooks").json()["results"]
        config = api.get("/_sandbox/webhooks").json()
    assert [c["url"] for c in consumers] == ["https://one.example/hook", "https://two.example/hook"]
    assert all(set(c["eventTypes"]) == set(EVENT_TYPES) and c["disabled"] is False for c in consumers)
    assert all(is_uuid(c["id"]) for c in consumers)
    assert config["secret"] == "whsec_AAAA" and config["urls"] == [c["url"] for c in consumers]
