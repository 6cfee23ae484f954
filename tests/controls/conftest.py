"""A live webhook receiver on loopback that verifies signatures as the README tells integrators to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from scenarios.receiver import serving_endpoint


@dataclass
class Receiver:
    """A webhook endpoint that verifies signatures exactly as the README tells integrators to."""

    url: str = ""
    secret: str = ""
    fail_first: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        fresh = abs(time.time() - int(headers["webhook-timestamp"])) < 300
        return fresh and any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split())

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        if self.refused < self.fail_first:
            self.refused += 1
            return Response("try later", status_code=503)
        self.received.append({"valid": self.verify(dict(request.headers), body), "json": await request.json()})
        return JSONResponse({"ok": True})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    recv = Receiver()
    with serving_endpoint(recv.endpoint) as url:
        recv.url = url
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
