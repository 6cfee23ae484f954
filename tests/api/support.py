"""Helpers for API tests: a provider server on a known data directory, builders, readiness polls.

The builders take the test's own client of the provider (bound to its tenant) and make their calls
through SandboxApi over it; `connect_accounts` and `disconnect_in_qbo` play QBO's part through the
feed protocol (tests/qbo_side.py), so write tests need no browser and no back door.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from starlette.types import ASGIApp

from link_ui.app import create_app
from link_ui.settings import ProviderSettings
from sandbox.provider_calls import accounts_path as accounts_path  # the tests take it from here
from sandbox.provider_calls import push_path
from sandbox.servers import ThreadedServers, free_port, make_server
from sandbox.tenancy import api_key_from_header, basic_header
from scenarios.api import SandboxApi
from tests import qbo_side

if TYPE_CHECKING:
    from tests.conformance.recording import Recorder


@dataclass
class Provider:
    url: str
    data_dir: Path
    servers: ThreadedServers

    @property
    def db_path(self) -> Path:
        return self.data_dir / "provider.sqlite3"

    def client(self, api_key: str | None = None) -> httpx.Client:
        key = api_key or "test-" + secrets.token_urlsafe(12)
        return httpx.Client(base_url=self.url, headers={"Authorization": basic_header(key)}, timeout=30.0)

    def stop(self) -> None:
        self.servers.stop()


def start_provider(data_dir: Path, *, recorder: Recorder | None = None, **settings: Any) -> Provider:
    """A provider on a free port; with a recorder, every response it sends is kept for the SDK check."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app: ASGIApp = create_app(ProviderSettings(public_url=url, data_dir=data_dir, **settings))
    if recorder is not None:
        app = recorder.wrap(app)
    servers = ThreadedServers([make_server(app, "127.0.0.1", port)])
    servers.start()
    return Provider(url, data_dir, servers)


@contextmanager
def running_provider(data_dir: Path, **settings: Any) -> Iterator[Provider]:
    provider = start_provider(data_dir, **settings)
    try:
        yield provider
    finally:
        provider.stop()


# -- builders --------------------------------------------------------------------------------------
def v2_account(account_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    return {
        "id": account_id or "acc-" + uuid.uuid4().hex[:8],
        "accountName": "Business Checking",
        "accountType": "checking",
        "accountNumber": "12345678",
        "currency": "USD",
        "balance": 100.0,
        **overrides,
    }


def make_company(api: httpx.Client, name: str = "Bank of Dave") -> dict[str, Any]:
    return SandboxApi.over(api).create_company(name)


def make_connection(api: httpx.Client, company_id: str) -> dict[str, Any]:
    return SandboxApi.over(api).create_connection(company_id)


def make_account(api: httpx.Client, company_id: str, connection_id: str, **fields: Any) -> dict[str, Any]:
    return SandboxApi.over(api).add_source_account(company_id, connection_id, v2_account(**fields))


@dataclass
class Feed:
    """A company with a Linked connection and one connected account, ready for writes."""

    company_id: str
    connection_id: str
    account_id: str
    username: str
    token: str  # QBO's bearer token from signing in with the credentials

    @property
    def push_path(self) -> str:
        return push_path(self.company_id, self.connection_id, self.account_id)


def connect_accounts(
    api: httpx.Client, account_ids: list[str], feed_start: dt.date, username: str, password: str
) -> str:
    """What QBO's Connect does, through the feed protocol: sign in, link the accounts. Returns the token."""
    api_key = api_key_from_header(api.headers["Authorization"])
    return qbo_side.connect(api, api_key, account_ids, feed_start, username, password)


def disconnect_in_qbo(api: httpx.Client, token: str, account_id: str) -> None:
    """What the SMB's Disconnect in QBO does, through the feed protocol."""
    qbo_side.disconnect(api, token, account_id)


def sandbox_now(api: httpx.Client) -> dt.datetime:
    return SandboxApi.over(api).clock()


def freeze(api: httpx.Client, at: dt.datetime) -> None:
    SandboxApi.over(api).freeze_clock(at)


def advance(api: httpx.Client, seconds: float) -> None:
    SandboxApi.over(api).advance_clock(seconds)


def linked_feed(api: httpx.Client, feed_start: dt.date | None = None) -> Feed:
    company = make_company(api)
    connection = make_connection(api, company["id"])
    account = make_account(api, company["id"], connection["id"])
    username, password = SandboxApi.over(api).generate_credentials(company["id"], connection["id"])
    start = feed_start or sandbox_now(api).date() - dt.timedelta(days=7)
    token = connect_accounts(api, [account["id"]], start, username, password)
    return Feed(company["id"], connection["id"], account["id"], username, token)


def transactions(
    start: dt.datetime, count: int, *, step: dt.timedelta = dt.timedelta(minutes=1)
) -> list[dict[str, Any]]:
    balance = 1000.0
    items = []
    for n in range(count):
        balance += 10
        items.append(
            {
                "id": f"txn-{n}-{uuid.uuid4().hex[:6]}",
                "date": (start + step * n).strftime("%Y-%m-%dT%H:%M:%S"),
                "description": f"Payment {n}",
                "amount": 10.0,
                "balance": balance,
                "transactionType": "Credit",
            }
        )
    return items


def wait_for_push(api: httpx.Client, company_id: str, key: str, timeout: float = 10.0) -> dict[str, Any]:
    """GET push operation until it leaves Pending: a bounded readiness poll, not a sleep."""
    return SandboxApi.over(api).wait_for_push(company_id, key, timeout=timeout)
