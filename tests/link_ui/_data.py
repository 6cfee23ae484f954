"""Test data for the Link UI tests, made the way an application and QBO make it: over HTTP.

Companies, connections and source accounts come from the Codat-compatible REST API; the linkUrl from
GET connection; credentials are checked, and accounts linked, through the feed protocol that the
QBO emulator uses (POST /feed/v1/sessions, POST /feed/v1/links).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx

from sandbox import feed_protocol as fp
from sandbox.clock import parse_iso
from sandbox.tenancy import basic_header, tenant_id_for

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
    """Creates and inspects a tenant's data in a running provider."""

    def __init__(self, provider_url: str) -> None:
        self.provider_url = provider_url

    def _call(self, api_key: str | None, method: str, path: str, body: Any = None) -> httpx.Response:
        headers = {"Authorization": basic_header(api_key)} if api_key else {}
        return httpx.request(method, self.provider_url + path, headers=headers, json=body, timeout=30.0)

    def _ok(self, api_key: str, method: str, path: str, body: Any = None) -> Any:
        response = self._call(api_key, method, path, body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    # -- the sandbox controls ---------------------------------------------------------------------------
    def now(self, api_key: str) -> dt.datetime:
        return parse_iso(self._ok(api_key, "GET", "/_sandbox/clock")["now"])

    def advance_clock(self, api_key: str, seconds: float) -> None:
        self._ok(api_key, "POST", "/_sandbox/clock", {"advanceSeconds": seconds})

    def set_settings(self, api_key: str, settings: dict[str, Any]) -> None:
        self._ok(api_key, "PATCH", "/_sandbox/settings", settings)

    # -- the Bank Feeds API, as the application calls it ------------------------------------------------
    def create_connection(
        self,
        api_key: str,
        *,
        company_name: str = "Bank of Dave",
        accounts: tuple[dict[str, str], ...] = DEFAULT_ACCOUNTS,
    ) -> Connection:
        company = self._ok(api_key, "POST", "/companies", {"name": company_name})
        connection = self._ok(api_key, "POST", f"/companies/{company['id']}/connections", {"platformKey": "hcws"})
        for account in accounts:
            self._ok(
                api_key,
                "POST",
                f"/companies/{company['id']}/connections/{connection['id']}/connectionInfo/bankFeedAccounts",
                {"accountType": "checking", "currency": "USD", "balance": 0, **account},
            )
        return Connection(api_key, company["id"], connection["id"])

    def link_url(self, connection: Connection) -> str:
        """A fresh linkUrl, from GET connection."""
        path = f"/companies/{connection.company_id}/connections/{connection.connection_id}"
        return str(self._ok(connection.api_key, "GET", path)["linkUrl"])

    def wrong_otp_url(self, connection: Connection) -> str:
        parts = urlsplit(self.link_url(connection))
        right = parse_qs(parts.query)["otp"][0]
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        return urlunsplit(parts._replace(query=urlencode({"otp": wrong})))

    # -- the feed protocol, as QBO uses it --------------------------------------------------------------
    def sign_in(self, api_key: str, username: str, password: str) -> httpx.Response:
        body = fp.SignIn(tenant_id_for(api_key), username, password).to_json()
        return self._call(None, "POST", fp.SESSIONS_PATH, body)

    def verify(self, connection: Connection, username: str, password: str) -> bool:
        """True when QBO can sign in to this connection with these credentials."""
        response = self.sign_in(connection.api_key, username, password)
        if response.status_code == 200:
            return bool(response.json()["connectionId"] == connection.connection_id)
        assert response.status_code == 401, response.text
        return False

    def link_accounts(self, connection: Connection, account_ids: list[str], start: dt.date) -> None:
        """What QBO does when the SMB user ticks these accounts and clicks Connect."""
        path = f"/companies/{connection.company_id}/connections/{connection.connection_id}"
        issued = self._ok(connection.api_key, "POST", path + "/connectionInfo/bankFeedAccounts/credentials", {})
        session = self.sign_in(connection.api_key, issued["username"], issued["password"])
        assert session.status_code == 200, session.text
        choices = [fp.LinkChoice(a, f"qbo-{a}", f"QBO {a}", start) for a in account_ids]
        response = httpx.post(
            self.provider_url + fp.LINKS_PATH,
            json=fp.LinkRequest(choices).to_json(),
            headers={"Authorization": "Bearer " + session.json()["token"]},
            timeout=30.0,
        )
        assert response.status_code == 200, response.text
