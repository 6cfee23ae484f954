"""A write's timeoutInMinutes ends it TimedOut when that time passes on the sandbox clock, not when next read."""

from __future__ import annotations

import datetime as dt

from sandbox.clock import iso, parse_iso
from tests.api.support import linked_feed, running_provider, sandbox_now, transactions


def test_a_pending_write_times_out_when_its_time_passes(tmp_path):
    with running_provider(tmp_path, push_delay_seconds=3600) as provider, provider.client() as api:
        feed = linked_feed(api)
        start = sandbox_now(api)
        api.post("/_sandbox/clock", json={"frozenAt": iso(start)})
        body = {"accountId": feed.account_id, "transactions": transactions(start.replace(tzinfo=None), 1)}
        key = api.post(feed.push_path, params={"timeoutInMinutes": 2}, json=body).json()["pushOperationKey"]

        early = api.post("/_sandbox/clock", json={"advanceSeconds": 119}).json()["ran"]
        assert early == []
        assert api.get(f"/companies/{feed.company_id}/push/{key}").json()["status"] == "Pending"
        (ran,) = api.post("/_sandbox/clock", json={"advanceSeconds": 1}).json()["ran"]

        assert (ran["kind"], ran["object"]) == ("push.timeout", key)
        assert parse_iso(ran["at"]) == start + dt.timedelta(minutes=2)
        operation = api.get(f"/companies/{feed.company_id}/push/{key}").json()
        assert operation["status"] == "TimedOut" and operation["completedOnUtc"].startswith(ran["at"][:19])


def test_a_snapshot_taken_after_a_pending_writes_company_was_deleted_still_restores(tmp_path):
    with running_provider(tmp_path, push_delay_seconds=3600) as provider, provider.client() as api:
        feed = linked_feed(api)
        body = {"accountId": feed.account_id, "transactions": transactions(sandbox_now(api).replace(tzinfo=None), 1)}
        api.post(feed.push_path, params={"timeoutInMinutes": 60}, json=body).raise_for_status()
        assert api.delete(f"/companies/{feed.company_id}").status_code == 204  # its timeout stays scheduled

        snapshot = api.get("/_sandbox/snapshot").json()
        restored = api.put("/_sandbox/snapshot", json=snapshot)

        assert restored.status_code == 204, restored.text
        assert api.get("/_sandbox/snapshot").json()["tables"]["schedule"] == []  # nothing left to time out
