"""A live webhook receiver on loopback for the control tests, and linking a connection as QBO does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.webhook_receiver import Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as recv:
        yield recv


def register_receiver(api: httpx.Client, receiver: Receiver) -> None:
    config = api.put("/_sandbox/webhooks", json={"urls": [receiver.url]}).json()
    receiver.secret = config["secret"]


def link_as_qbo(provider: httpx.Client, api: Any, api_key: str, account_id: str = "acc-1") -> Any:
    """A connection with one account, linked through the feed protocol exactly as QBO links it."""
    import datetime as dt

    from sandbox import feed_protocol as fp
    from sandbox.tenancy import tenant_id_for
    from scenarios.api import SourceAccount

    connection = api.setup_connection("Events Co", [SourceAccount(account_id, "Events Checking")])
    username, password = api.generate_credentials(connection.company_id, connection.connection_id)
    signed_in = provider.post(fp.SESSIONS_PATH, json=fp.SignIn(tenant_id_for(api_key), username, password).to_json())
    token = {"Authorization": "Bearer " + signed_in.json()["token"]}
    choice = fp.LinkChoice(account_id, "35", "Checking", api.clock().date() - dt.timedelta(days=1))
    provider.post(fp.LINKS_PATH, json=fp.LinkRequest([choice]).to_json(), headers=token)
    return connection, token
