"""Events the journey itself fires: QBO linking and disconnecting a feed, seen by a live receiver."""

from __future__ import annotations

import datetime as dt

import httpx

from sandbox import feed_protocol as fp
from sandbox.clock import iso
from scenarios.api import SandboxApi, SourceAccount, todays_transactions
from scenarios.polling import eventually
from tests.controls.conftest import Receiver, link_as_qbo, register_receiver


def test_linking_and_disconnecting_in_qbo_send_codat_events(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str, receiver: Receiver
) -> None:
    from sandbox.tenancy import tenant_id_for

    register_receiver(provider_api, receiver)
    connection = sandbox_api.setup_connection("Events Co", [SourceAccount("ev-1", "Events Checking")])
    username, password = sandbox_api.generate_credentials(connection.company_id, connection.connection_id)
    signed_in = provider_api.post(
        fp.SESSIONS_PATH, json=fp.SignIn(tenant_id_for(sandbox_api_key), username, password).to_json()
    )
    token = {"Authorization": "Bearer " + signed_in.json()["token"]}
    choice = fp.LinkChoice("ev-1", "35", "Checking", dt.date.today())
    provider_api.post(fp.LINKS_PATH, json=fp.LinkRequest([choice]).to_json(), headers=token)
    provider_api.post(fp.DISCONNECT_PATH.format(account_id="ev-1"), headers=token)

    eventually(lambda: receiver.received, lambda got: len(got) == 3)
    nine_days = sandbox_api.advance_clock(9 * 86400)
    assert not any(r["kind"] == "account.disconnected" for r in nine_days)
    assert len(receiver.received) == 3  # Codat says disconnected only after 10 days: so do its webhooks
    (ran,) = [r for r in sandbox_api.advance_clock(86400) if r["kind"] == "account.disconnected"]
    assert ran["app"] == "provider" and ran["object"].endswith("/ev-1")
    eventually(lambda: receiver.received, lambda got: len(got) == 4)
    path = f"/companies/{connection.company_id}/connections/{connection.connection_id}"
    assert provider_api.get(path).json()["status"] == "Linked"  # the connection follows a day later

    (unlinked,) = [r for r in sandbox_api.advance_clock(86400) if r["kind"] == "connection.unlinked"]
    assert unlinked["object"] == connection.connection_id
    eventually(lambda: receiver.received, lambda got: len(got) == 5)
    events = [r["json"] for r in receiver.received]
    assert [e["eventType"] for e in events[3:]] == ["bankFeeds.sourceAccount.disconnected", "connection.disconnected"]
    assert sorted(e["eventType"] for e in events) == [
        "bankFeeds.sourceAccount.connected",
        "bankFeeds.sourceAccount.disconnected",
        "connection.connected",
        "connection.created",
        "connection.disconnected",
    ]
    assert all(r["valid"] for r in receiver.received)
    gone = next(e for e in events if e["eventType"] == "bankFeeds.sourceAccount.disconnected")
    assert gone["payload"]["sourceAccount"]["status"] == "disconnected"
    assert gone["generatedDate"] == ran["at"]
    assert events[4]["generatedDate"] == unlinked["at"] and events[4]["payload"]["connection"]["status"] == "Unlinked"
    assert provider_api.get(path).json()["status"] == "Unlinked"
    connected = next(e for e in events if e["eventType"] == "bankFeeds.sourceAccount.connected")
    assert connected["payload"]["connectionId"] == connection.connection_id
    assert connected["payload"]["sourceAccount"]["status"] == "connected"
    assert connected["payload"]["referenceCompany"]["name"] == "Events Co"


def test_writes_and_deletes_send_codat_events(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str, receiver: Receiver
) -> None:
    connection, _ = link_as_qbo(provider_api, sandbox_api, sandbox_api_key)
    register_receiver(provider_api, receiver)
    today = sandbox_api.clock().date()
    good = sandbox_api.write_transactions(
        connection.company_id, connection.connection_id, "acc-1", todays_transactions(today, 2)
    )
    sandbox_api.wait_for_push(connection.company_id, good["pushOperationKey"])
    bad = sandbox_api.write_transactions(  # older than the newest already written: QBO refuses it
        connection.company_id, connection.connection_id, "acc-1", todays_transactions(today - dt.timedelta(days=1), 1)
    )
    sandbox_api.wait_for_push(connection.company_id, bad["pushOperationKey"])
    provider_api.delete(f"/companies/{connection.company_id}/connections/{connection.connection_id}")

    eventually(lambda: receiver.received, lambda got: len(got) == 3)
    by_type = {r["json"]["eventType"]: r["json"]["payload"] for r in receiver.received}
    assert set(by_type) == {
        "bankTransactions.write.successful",
        "bankTransactions.write.unsuccessful",
        "connection.deleted",
    }
    assert by_type["bankTransactions.write.successful"]["id"] == good["pushOperationKey"]
    assert by_type["bankTransactions.write.successful"]["record"]["accountId"] == "acc-1"
    assert by_type["bankTransactions.write.unsuccessful"]["status"] == "Failed"
    assert by_type["connection.deleted"]["connection"]["id"] == connection.connection_id


def test_a_connection_whose_accounts_go_at_different_times_unlinks_once_a_day_after_the_last(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str, receiver: Receiver
) -> None:
    from sandbox.tenancy import tenant_id_for

    now = sandbox_api.clock()
    sandbox_api.freeze_clock(now)
    accounts = [SourceAccount("two-1", "First"), SourceAccount("two-2", "Second"), SourceAccount("two-3", "Third")]
    connection = sandbox_api.setup_connection("Two Co", accounts)
    username, password = sandbox_api.generate_credentials(connection.company_id, connection.connection_id)
    signed_in = provider_api.post(
        fp.SESSIONS_PATH, json=fp.SignIn(tenant_id_for(sandbox_api_key), username, password).to_json()
    )
    token = {"Authorization": "Bearer " + signed_in.json()["token"]}
    choices = [fp.LinkChoice(a.id, "35", a.name, now.date()) for a in accounts]
    provider_api.post(fp.LINKS_PATH, json=fp.LinkRequest(choices).to_json(), headers=token)
    register_receiver(provider_api, receiver)

    def disconnect(account_id: str) -> None:
        provider_api.post(fp.DISCONNECT_PATH.format(account_id=account_id), headers=token)

    disconnect("two-1")
    disconnect("two-2")  # at the same moment as the first
    sandbox_api.advance_clock(3 * 86400)
    disconnect("two-3")  # three days later: the connection unlinks 11 days after this one
    ran = sandbox_api.advance_clock(30 * 86400)

    kinds = [(r["kind"], r["at"]) for r in ran]
    day = dt.timedelta(days=1)
    last = now + 3 * day
    assert kinds == [
        ("account.disconnected", iso(now + 10 * day)),
        ("account.disconnected", iso(now + 10 * day)),
        ("account.disconnected", iso(last + 10 * day)),
        ("connection.unlinked", iso(last + 11 * day)),
    ]
    eventually(lambda: receiver.received, lambda got: len(got) == 4)
    assert [r["json"]["eventType"] for r in receiver.received].count("connection.disconnected") == 1


def _one_account_disconnected_in_qbo(
    provider_api: httpx.Client, sandbox_api: SandboxApi, api_key: str, receiver: Receiver, name: str
) -> tuple[str, str]:
    """A frozen clock, one linked account disconnected in QBO now, and a receiver; the connection's path
    and its account's."""
    from sandbox.tenancy import tenant_id_for

    sandbox_api.freeze_clock(sandbox_api.clock())
    connection = sandbox_api.setup_connection(name, [SourceAccount("one-1", "Only")])
    username, password = sandbox_api.generate_credentials(connection.company_id, connection.connection_id)
    signed_in = provider_api.post(
        fp.SESSIONS_PATH, json=fp.SignIn(tenant_id_for(api_key), username, password).to_json()
    )
    token = {"Authorization": "Bearer " + signed_in.json()["token"]}
    choice = fp.LinkChoice("one-1", "35", "Only", sandbox_api.clock().date())
    provider_api.post(fp.LINKS_PATH, json=fp.LinkRequest([choice]).to_json(), headers=token)
    register_receiver(provider_api, receiver)
    provider_api.post(fp.DISCONNECT_PATH.format(account_id="one-1"), headers=token)
    path = f"/companies/{connection.company_id}/connections/{connection.connection_id}"
    return path, path + "/connectionInfo/bankFeedAccounts/one-1"


def test_an_application_that_unlinks_the_connection_itself_in_the_last_day_gets_one_event(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str, receiver: Receiver
) -> None:
    path, _ = _one_account_disconnected_in_qbo(provider_api, sandbox_api, sandbox_api_key, receiver, "Self Co")
    sandbox_api.advance_clock(10 * 86400 + 3600)  # the account reads disconnected; the connection still Linked
    assert provider_api.patch(path, json={"status": "Unlinked"}).json()["status"] == "Unlinked"

    sandbox_api.advance_clock(86400)

    def sent() -> list[str]:
        return [r["json"]["eventType"] for r in receiver.received]

    eventually(sent, lambda got: "bankFeeds.sourceAccount.disconnected" in got and "connection.disconnected" in got)
    assert sent().count("connection.disconnected") == 1


def test_an_account_the_application_marks_disconnected_still_ends_in_the_connections_event(
    provider_api: httpx.Client, sandbox_api: SandboxApi, sandbox_api_key: str, receiver: Receiver
) -> None:
    path, account = _one_account_disconnected_in_qbo(provider_api, sandbox_api, sandbox_api_key, receiver, "Marks Co")
    sandbox_api.advance_clock(5 * 86400)
    assert provider_api.patch(account, json={"status": "disconnected"}).status_code == 200
    assert provider_api.get(path).json()["status"] == "Unlinked"  # it counts as long gone

    ran = sandbox_api.advance_clock(5 * 86400)

    assert [r["kind"] for r in ran] == ["account.disconnected", "connection.unlinked"]
    eventually(lambda: receiver.received, lambda got: len(got) == 2)
    assert [r["json"]["eventType"] for r in receiver.received] == [
        "bankFeeds.sourceAccount.disconnected",
        "connection.disconnected",
    ]
