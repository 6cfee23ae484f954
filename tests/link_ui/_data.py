"""Test data for the Link UI tests, made the way an application and QBO make it: over HTTP.

Companies, connections and source accounts come from the Codat-compatible REST API (through
SandboxApi, one per tenant); the linkUrl from GET connection; credentials are checked, and accounts
linked, through the feed protocol that the QBO emulator uses (tests/qbo_side.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx

from scenarios.api import SandboxApi
from tests import qbo_side

DEFAULT_ACCOUNTS = (
    {"id": "acc-checking", "accountName": "Everyday Checking", "accountNumber": "12345678"},
    {"id": "acc-savings", "accountName": "Business Savings", "accountNumber": "87654321"},
)


@dataclass(frozen=True)
class Connection:
    api_key: str
    company_id: str
    connection_id: str


class LinkData:
    """Creates and inspects tenants' data in a running sandbox."""

    def __init__(self, provider_url: str, qbo_url: str) -> None:
        self.provider_url, self.qbo_url = provider_url, qbo_url
        self.feed = httpx.Client(base_url=provider_url, timeout=30.0)  # QBO's side: no API key
        self._apis: dict[str, SandboxApi] = {}

    def api(self, api_key: str) -> SandboxApi:
        if api_key not in self._apis:
            self._apis[api_key] = SandboxApi(self.provider_url, self.qbo_url, api_key)
        return self._apis[api_key]

    def close(self) -> None:
        self.feed.close()
        for api in self._apis.values():
            api.close()

    # -- the sandbox controls ---------------------------------------------------------------------------
    def now(self, api_key: str) -> dt.datetime:
        return self.api(api_key).clock()

    def advance_clock(self, api_key: str, seconds: float) -> None:
        self.api(api_key).advance_clock(seconds)

    def set_settings(self, api_key: str, settings: dict[str, Any]) -> None:
        self.api(api_key).update_settings(**settings)

    # -- the Bank Feeds API, as the application calls it ------------------------------------------------
    def create_connection(
        self,
        api_key: str,
        *,
        company_name: str = "Bank of Dave",
        accounts: tuple[dict[str, str], ...] = DEFAULT_ACCOUNTS,
    ) -> Connection:
        api = self.api(api_key)
        company = api.create_company(company_name)
        connection = api.create_connection(company["id"])
        for account in accounts:
            body = {"accountType": "checking", "currency": "USD", "balance": 0, **account}
            api.add_source_account(company["id"], connection["id"], body)
        return Connection(api_key, company["id"], connection["id"])

    def link_url(self, connection: Connection) -> str:
        """A fresh linkUrl, from GET connection."""
        found = self.api(connection.api_key).get_connection(connection.company_id, connection.connection_id)
        return str(found["linkUrl"])

    def wrong_otp_url(self, connection: Connection) -> str:
        parts = urlsplit(self.link_url(connection))
        right = parse_qs(parts.query)["otp"][0]
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        return urlunsplit(parts._replace(query=urlencode({"otp": wrong})))

    # -- the feed protocol, as QBO uses it --------------------------------------------------------------
    def verify(self, connection: Connection, username: str, password: str) -> bool:
        """True when QBO can sign in to this connection with these credentials."""
        response = qbo_side.sign_in(self.feed, connection.api_key, username, password)
        if response.status_code == 200:
            return bool(response.json()["connectionId"] == connection.connection_id)
        assert response.status_code == 401, response.text
        return False

    def link_accounts(self, connection: Connection, account_ids: list[str], start: dt.date) -> None:
        """What QBO does when the SMB user ticks these accounts and clicks Connect."""
        username, password = self.api(connection.api_key).generate_credentials(
            connection.company_id, connection.connection_id
        )
        qbo_side.connect(self.feed, connection.api_key, account_ids, start, username, password)
