"""Events the journey itself fires: QBO linking and disconnecting a feed, seen by a live receiver."""

from __future__ import annotations

import datetime as dt

import httpx

from sandbox import feed_protocol as fp
from scenarios.api import SandboxApi, SourceAccount
from tests.controls.conftest import Receiver, register_receiver
from tests.polling import eventually


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

    eventually(lambda: receiver.received, lambda got: len(got) == 4)
    events = [r["json"] for r in receiver.received]
    assert sorted(e["eventType"] for e in events) == [
        "bankFeeds.sourceAccount.connected",
        "bankFeeds.sourceAccount.disconnected",
        "connection.connected",
        "connection.disconnected",
    ]
    assert all(r["valid"] for r in receiver.received)
    connected = next(e for e in events if e["eventType"] == "bankFeeds.sourceAccount.connected")
    assert connected["payload"]["connectionId"] == connection.connection_id
    assert connected["payload"]["sourceAccount"]["status"] == "connected"
    assert connected["payload"]["referenceCompany"]["name"] == "Events Co"
