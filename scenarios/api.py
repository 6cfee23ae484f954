"""A small client for the sandbox's HTTP surfaces: the Codat API, the controls, QBO realms.

Scenarios and tests set up data with it; the browser does the rest. It speaks the same paths
and bodies as Codat's API, so it doubles as an example of calling the sandbox without the SDK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import httpx

from link_ui.codat import PushStatus
from sandbox import provider_calls as calls
from sandbox.servers import HEALTH_PATH
from sandbox.tenancy import api_key_from_header, basic_header
from scenarios.polling import eventually
from scenarios.sandbox import SandboxUnreachable

T = TypeVar("T")


class SandboxApiError(RuntimeError):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(
            f"{response.request.method} {response.request.url.path} → {response.status_code}: {response.text}"
        )
        self.response = response


@dataclass(frozen=True)
class SourceAccount:
    id: str
    name: str
    account_type: str = "checking"
    number: str = "12345678"
    currency: str = "USD"
    balance: float = 0.0

    def to_codat(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "accountName": self.name,
            "accountType": self.account_type,
            "accountNumber": self.number,
            "currency": self.currency,
            "balance": self.balance,
        }


@dataclass(frozen=True)
class Connection:
    company_id: str
    connection_id: str
    link_url: str
    accounts: Sequence[SourceAccount] = field(default_factory=tuple)


@dataclass(frozen=True)
class Realm:
    realm_id: str
    email: str
    password: str
    sign_in_url: str


@dataclass(frozen=True)
class SeededDemo:
    """What `seed_demo` built: the provider's company and connection, its accounts, the QBO company."""

    seed: int
    company_id: str
    company_name: str
    connection_id: str
    link_url: str
    accounts: Sequence[SourceAccount]
    written: dict[str, int]  # source account id -> transactions written (all of them For review in QBO)
    realm: Realm


class SandboxApi:
    """One tenant's client of the sandbox: the provider's Codat API and controls (`http`), and the QBO
    emulator's controls (`qbo`). The CLI, the pytest plugin, the scenarios and the tests all use it."""

    def __init__(
        self, provider_url: str, qbo_url: str, api_key: str, *, timeout: float = 30.0, http: httpx.Client | None = None
    ) -> None:
        self.provider_url, self.qbo_url, self.api_key = provider_url, qbo_url, api_key
        self._timeout, self._borrowed = timeout, http is not None
        self.http = http or httpx.Client(base_url=provider_url, headers=self._headers, timeout=timeout)

    @classmethod
    def over(cls, http: httpx.Client) -> SandboxApi:
        """The same calls over a client of the provider that is already authenticated as one tenant
        (a test's own); closing the SandboxApi leaves that client open."""
        api_key = api_key_from_header(http.headers.get("authorization"))
        return cls(str(http.base_url).rstrip("/"), "", api_key, timeout=http.timeout.read or 30.0, http=http)

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": basic_header(self.api_key)}

    @cached_property
    def qbo(self) -> httpx.Client:
        """The QBO emulator's client, opened on first use."""
        return httpx.Client(base_url=self.qbo_url, headers=self._headers, timeout=self._timeout)

    def close(self) -> None:
        if not self._borrowed:
            self.http.close()
        if "qbo" in self.__dict__:
            self.qbo.close()

    def __enter__(self) -> SandboxApi:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def check_running(self) -> None:
        """Raises SandboxUnreachable, naming the app, unless both apps answer their health check."""
        for client in (self.http, self.qbo):
            try:
                client.get(HEALTH_PATH, timeout=5.0).raise_for_status()
            except httpx.HTTPError:
                raise SandboxUnreachable(str(client.base_url).rstrip("/")) from None

    def _json(self, response: httpx.Response) -> Any:
        if response.status_code >= 400:
            raise SandboxApiError(response)
        return response.json() if response.content else None

    def _send(self, call: calls.Call[T]) -> T:
        """One call of the provider's API or controls (sandbox.provider_calls), its answer read;
        raises SandboxApiError when the provider refuses it."""
        response = self.http.request(call.method, call.path, json=call.json)
        if response.status_code >= 400:
            raise SandboxApiError(response)
        return call.answer(response)

    # -- Codat Bank Feeds API ---------------------------------------------------------------
    def create_company(self, name: str) -> dict[str, Any]:
        return self._send(calls.create_company(name))

    def create_connection(self, company_id: str) -> dict[str, Any]:
        return self._send(calls.create_connection(company_id))

    def get_connection(self, company_id: str, connection_id: str) -> dict[str, Any]:
        return self._send(calls.get_connection(company_id, connection_id))

    def add_source_account(
        self, company_id: str, connection_id: str, account: SourceAccount | dict[str, Any]
    ) -> dict[str, Any]:
        """Creates a source account, given as a SourceAccount or as Codat's JSON body."""
        body = account.to_codat() if isinstance(account, SourceAccount) else account
        return self._send(calls.add_source_account(company_id, connection_id, body))

    def source_accounts(self, company_id: str, connection_id: str) -> list[dict[str, Any]]:
        return self._send(calls.source_accounts(company_id, connection_id))

    def generate_credentials(self, company_id: str, connection_id: str) -> tuple[str, str]:
        return self._send(calls.generate_credentials(company_id, connection_id))

    def revoke_credentials(self, company_id: str, connection_id: str) -> None:
        self._send(calls.revoke_credentials(company_id, connection_id))

    def write_transactions(
        self, company_id: str, connection_id: str, account_id: str, transactions: Sequence[dict[str, Any]]
    ) -> dict[str, Any]:
        return self._send(calls.write_transactions(company_id, connection_id, account_id, transactions))

    def push_operation(self, company_id: str, key: str) -> dict[str, Any]:
        return self._send(calls.push_operation(company_id, key))

    def wait_for_push(self, company_id: str, key: str, *, timeout: float = 15.0) -> dict[str, Any]:
        """The push operation once it has left Pending (a bounded readiness poll)."""
        return eventually(
            lambda: self.push_operation(company_id, key), lambda op: op["status"] != PushStatus.PENDING, timeout=timeout
        )

    def setup_connection(self, company_name: str, accounts: Sequence[SourceAccount]) -> Connection:
        """A company, a QBO Bank Feeds connection and its source accounts: step 1 of the journey."""
        company = self.create_company(company_name)
        connection = self.create_connection(company["id"])
        for account in accounts:
            self.add_source_account(company["id"], connection["id"], account)
        return Connection(company["id"], connection["id"], connection["linkUrl"], tuple(accounts))

    # -- controls ---------------------------------------------------------------------------
    def clock(self) -> dt.datetime:
        return self._send(calls.clock())

    def advance_clock(self, seconds: float) -> list[dict[str, Any]]:
        """Moves the clock on; answers once both apps ran what fell due, and lists what ran."""
        return self._send(calls.advance_clock(seconds))

    def freeze_clock(self, at: dt.datetime) -> None:
        self._send(calls.freeze_clock(at))

    def advance_clock_to(self, at: dt.datetime) -> list[dict[str, Any]]:
        return self._send(calls.advance_clock_to(at))

    # -- webhooks -------------------------------------------------------------------------------
    def send_webhooks_to(self, *urls: str) -> None:
        self._send(calls.send_webhooks_to(urls))

    def trigger_webhook(self, event_type: str) -> str:
        return self._send(calls.trigger_webhook(event_type))

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        return self._send(calls.webhook_deliveries())

    def update_settings(self, **settings: Any) -> dict[str, Any]:
        return self._send(calls.update_settings(settings))

    def arm_qbo_fault(
        self, error: str, *, screen: str = "*", times: int | None = 1, code: str | None = None
    ) -> dict[str, Any]:
        """Arms a QBO-side error (102, 103, 105 or 185) for a screen; see the README's fault table."""
        body: dict[str, Any] = {"error": error, "screen": screen, "times": times}
        if code is not None:
            body["code"] = code
        return dict(self._json(self.qbo.post("/_sandbox/faults", json=body)))

    def create_realm(self, company_name: str | None = None, *, view: str = "accounting", locale: str = "en") -> Realm:
        body: dict[str, Any] = {"view": view, "locale": locale}
        if company_name:
            body["companyName"] = company_name
        data = self._json(self.qbo.post("/_sandbox/realms", json=body))
        return Realm(data["realmId"], data["email"], data["password"], data["signInUrl"])

    def seed(self, seed: int = 1, *, locale: str = "en", view: str = "accounting") -> dict[str, Any]:
        """`POST /_sandbox/seed` as the control answers it (see `seed_demo` for the same, parsed)."""
        return dict(self._json(self.qbo.post("/_sandbox/seed", json={"seed": seed, "locale": locale, "view": view})))

    def seed_demo(self, seed: int = 1, *, locale: str = "en", view: str = "accounting") -> SeededDemo:
        """A seeded demo: a linked connection, three accounts, a QBO company, 7 days of transactions."""
        data = self.seed(seed, locale=locale, view=view)
        accounts = tuple(
            SourceAccount(a["id"], a["accountName"], a["accountType"], a["accountNumber"], a["currency"], a["balance"])
            for a in data["sourceAccounts"]
        )
        realm = data["realm"]
        return SeededDemo(
            seed=data["seed"],
            company_id=data["companyId"],
            company_name=data["companyName"],
            connection_id=data["connectionId"],
            link_url=data["linkUrl"],
            accounts=accounts,
            written={a["id"]: a["transactionsWritten"] for a in data["sourceAccounts"]},
            realm=Realm(realm["realmId"], realm["email"], realm["password"], realm["signInUrl"]),
        )

    def realms(self) -> list[dict[str, Any]]:
        """The tenant's QBO companies, with their sign-in email and their feeds' transaction counts."""
        return list(self._json(self.qbo.get("/_sandbox/realms"))["realms"])

    # -- the tenant's whole state, in both apps -------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """`{"provider": …, "qbo": …}`: everything `restore` needs to bring this tenant back."""
        return {"provider": self._send(calls.snapshot()), "qbo": self._json(self.qbo.get("/_sandbox/snapshot"))}

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Restores both apps, the provider first. If QBO refuses its part, the provider is put
        back as it was, so the tenant never ends up half restored; the refusal is raised."""
        if not isinstance(snapshot, dict) or set(snapshot) != {"provider", "qbo"}:
            raise ValueError('A sandbox snapshot is {"provider": …, "qbo": …}, as SandboxApi.snapshot() returns it.')
        before = self._send(calls.snapshot())
        self._send(calls.restore(snapshot["provider"]))
        try:
            self._json(self.qbo.put("/_sandbox/snapshot", json=snapshot["qbo"]))
        except SandboxApiError:
            self._send(calls.restore(before))
            raise

    def reset(self) -> None:
        """Empties the tenant in both apps: companies, connections, clock, settings, QBO companies."""
        self._send(calls.reset())
        self._json(self.qbo.post("/_sandbox/reset"))


def todays_transactions(today: dt.date, count: int = 3, *, opening_balance: float = 1000.0) -> list[dict[str, Any]]:
    """Realistic cleared transactions for `today`, in order, with running balances."""
    samples = [
        ("Coffee Corner", -4.75, "Debit"),
        ("Client payment INV-1042", 1250.00, "Credit"),
        ("Office Supplies Co", -86.20, "Debit"),
        ("Transit pass", -45.00, "Debit"),
        ("Refund - Hardware Store", 19.99, "Credit"),
        ("Cloud hosting", -29.00, "Debit"),
    ]
    balance = opening_balance
    rows = []
    for n in range(count):
        description, amount, kind = samples[n % len(samples)]
        balance = round(balance + amount, 2)
        rows.append(
            {
                "id": f"txn-{today:%Y%m%d}-{n + 1:03d}",
                "date": f"{today.isoformat()}T{9 + n % 10:02d}:{(n * 7) % 60:02d}:00",
                "description": description,
                "amount": amount,
                "balance": balance,
                "transactionType": kind,
            }
        )
    return rows
