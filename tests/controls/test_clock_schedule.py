"""Test clocks: advancing a tenant's sandbox clock runs what fell due, in order, and says what ran."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import httpx
import pytest

from sandbox.clock import iso, parse_iso
from sandbox.tenancy import basic_header
from scenarios.api import SandboxApi, todays_transactions
from scenarios.polling import eventually
from tests.controls.conftest import Receiver, register_receiver

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def deliveries(api: httpx.Client) -> list[dict[str, Any]]:
    return list(api.get("/_sandbox/webhooks/deliveries").json()["deliveries"])


def advance(api: httpx.Client, seconds: float) -> list[dict[str, Any]]:
    answer = api.post("/_sandbox/clock", json={"advanceSeconds": seconds})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["ran"])


def failed_once(api: httpx.Client, receiver: Receiver, failures: int) -> None:
    """A frozen clock at T0, and an event whose first attempt the receiver refused."""
    api.post("/_sandbox/clock", json={"frozenAt": iso(T0)})
    receiver.fail_first = failures
    register_receiver(api, receiver)
    api.post("/_sandbox/webhooks/trigger", json={"eventType": "connection.created"})
    eventually(lambda: deliveries(api), lambda d: d and d[0]["attempts"] == 1)


def test_retries_follow_codats_schedule_on_the_sandbox_clock(provider_api: httpx.Client, receiver: Receiver) -> None:
    failed_once(provider_api, receiver, failures=3)

    assert advance(provider_api, 4) == []  # the first retry is due 5 s after the failure
    ran = advance(provider_api, 3600 - 4)

    retries = [r for r in ran if r["kind"] == "webhook.retry"]
    assert [parse_iso(r["at"]) - T0 for r in retries] == [
        dt.timedelta(seconds=5),
        dt.timedelta(seconds=5 + 300),
        dt.timedelta(seconds=5 + 300 + 1800),
    ]
    (log,) = deliveries(provider_api)
    assert log["status"] == "delivered" and log["attempts"] == 4
    assert receiver.refused == 3 and len(receiver.received) == 1


def test_a_frozen_clock_runs_nothing_until_it_moves(provider_api: httpx.Client, receiver: Receiver) -> None:
    failed_once(provider_api, receiver, failures=1)
    (log,) = deliveries(provider_api)
    assert log["status"] == "pending"

    ran = advance(provider_api, 5)
    assert [(r["kind"], r["at"]) for r in ran] == [("webhook.retry", iso(T0 + dt.timedelta(seconds=5)))]
    assert deliveries(provider_api)[0]["status"] == "delivered"


def test_real_time_resumes_the_schedule(provider_api: httpx.Client, receiver: Receiver) -> None:
    failed_once(provider_api, receiver, failures=1)

    provider_api.post("/_sandbox/clock", json={"realTime": True})  # runs on from T0: the retry is 5 s away

    log = eventually(lambda: deliveries(provider_api), lambda d: d[0]["status"] == "delivered", timeout=30)
    assert log[0]["attempts"] == 2


def test_one_tenants_clock_never_runs_anothers_schedule(
    provider_api: httpx.Client, receiver: Receiver, qbo_sandbox: Any
) -> None:
    failed_once(provider_api, receiver, failures=5)
    with httpx.Client(
        base_url=provider_api.base_url,
        headers={"Authorization": basic_header("test-" + secrets.token_urlsafe(16))},
        timeout=30.0,
    ) as other:
        other.post("/_sandbox/clock", json={"frozenAt": iso(T0)})
        assert advance(other, 86400) == []
    assert deliveries(provider_api)[0]["attempts"] == 1
    assert [r["kind"] for r in advance(provider_api, 5)] == ["webhook.retry"]


def test_advance_to_a_time_and_bad_changes(provider_api: httpx.Client) -> None:
    provider_api.post("/_sandbox/clock", json={"frozenAt": iso(T0)})
    answer = provider_api.post("/_sandbox/clock", json={"advanceTo": "2026-11-24T02:00:00Z"})
    assert answer.status_code == 200
    assert answer.json()["now"] == "2026-11-24T02:00:00.000Z" and answer.json()["frozen"] is True
    assert provider_api.post("/_sandbox/clock", json={"advanceTo": "tomorrow"}).status_code == 400


def for_review(api: SandboxApi) -> dict[str, int]:
    (realm,) = api.realms()
    return {f["sourceAccountId"]: f["transactions"]["forReview"] for f in realm["feeds"]}


def test_transactions_pushed_in_the_evening_are_for_review_after_qbos_nightly_pull(sandbox_api: SandboxApi) -> None:
    evening = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
    sandbox_api.freeze_clock(evening)  # a frozen clock: no automatic pulls but the schedule's
    demo = sandbox_api.seed_demo(seed=3)
    before = for_review(sandbox_api)
    account = demo.accounts[0]
    written = sandbox_api.write_transactions(
        demo.company_id, demo.connection_id, account.id, todays_transactions(evening.date(), 2)
    )
    assert sandbox_api.wait_for_push(demo.company_id, written["pushOperationKey"])["status"] == "Success"
    assert for_review(sandbox_api) == before

    ran = sandbox_api.advance_clock(13 * 3600)  # to 07:00 the next morning

    (realm,) = sandbox_api.realms()
    assert ("qbo", "nightly.pull", realm["realmId"], "2026-11-24T02:00:00.000Z") in [
        (r["app"], r["kind"], r["object"], r["at"]) for r in ran
    ]
    assert for_review(sandbox_api) == {**before, account.id: before[account.id] + 2}


def test_a_restored_realm_keeps_its_nightly_pull(sandbox_api: SandboxApi) -> None:
    evening = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
    sandbox_api.freeze_clock(evening)
    sandbox_api.seed_demo(seed=4)
    snapshot = sandbox_api.snapshot()
    sandbox_api.restore(snapshot)

    ran = sandbox_api.advance_clock(13 * 3600)

    assert [r["kind"] for r in ran if r["app"] == "qbo"] == ["nightly.pull"]


def test_a_restored_snapshot_keeps_its_pending_retries(provider_api: httpx.Client, receiver: Receiver) -> None:
    failed_once(provider_api, receiver, failures=1)
    snapshot = provider_api.get("/_sandbox/snapshot").json()
    assert provider_api.post("/_sandbox/reset").status_code == 204
    assert provider_api.put("/_sandbox/snapshot", json=snapshot).status_code == 204

    ran = advance(provider_api, 5)

    assert [(r["kind"], r["at"]) for r in ran] == [("webhook.retry", iso(T0 + dt.timedelta(seconds=5)))]
    assert deliveries(provider_api)[0]["status"] == "delivered"


def test_qbos_schedule_never_runs_past_the_tenants_clock(sandbox_api: SandboxApi) -> None:
    evening = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
    sandbox_api.freeze_clock(evening)
    sandbox_api.seed_demo(seed=2)

    early = sandbox_api.qbo.post("/_sandbox/schedule/run", json={"until": "2026-11-26T00:00:00Z", "frozen": True})

    assert early.status_code == 200 and early.json()["ran"] == []
    assert [r["kind"] for r in sandbox_api.advance_clock(9 * 3600) if r["app"] == "qbo"] == ["nightly.pull"]


@pytest.mark.parametrize("until", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1066-10-14T09:00:00Z"])
def test_qbos_schedule_refuses_a_time_no_clock_shows(sandbox_api: SandboxApi, until: str) -> None:
    answer = sandbox_api.qbo.post("/_sandbox/schedule/run", json={"until": until, "frozen": True})
    assert answer.status_code == 400 and "between the years 1970 and 9000" in answer.json()["error"]
