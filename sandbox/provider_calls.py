"""The provider's Bank Feeds API and /_sandbox/ controls as calls: one home for what every client of
the provider sends (method, path, JSON body) and how it reads a successful answer.

It does no I/O, so one definition serves a sync and an async sender: `scenarios.api.SandboxApi`
sends these over httpx.Client (the CLI, the pytest plugin, the scenarios, the tests), the emulator's
seed control over its httpx.AsyncClient (it runs on the emulator's event loop, and the emulator
never imports the provider). Each sender keeps its own answer to a refusal; `Call.answer` reads
the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from sandbox.clock import parse_iso

T = TypeVar("T")
PLATFORM_KEY = "hcws"  # QuickBooks Online Bank Feeds, as Codat's integrations name it


def _as_is(body: Any) -> Any:
    return body


def _object(body: Any) -> dict[str, Any]:
    return dict(body)


def _list(body: Any) -> list[dict[str, Any]]:
    return list(body)


def _nothing(_: Any) -> None:
    return None


def _ran(body: Any) -> list[dict[str, Any]]:
    """What a clock change answers besides the clock: the scheduled work both apps ran."""
    return list(body["ran"])


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request to the provider (`json` None: no body) and the reading of its successful answer."""

    method: str
    path: str
    json: Any
    read: Callable[[Any], T]

    def answer(self, response: httpx.Response) -> T:
        """The answer read (an empty one as None); raises ValueError when it is not JSON."""
        return self.read(response.json() if response.content else None)


# -- paths ----------------------------------------------------------------------------------------
def connection_path(company_id: str, connection_id: str) -> str:
    return f"/companies/{company_id}/connections/{connection_id}"


def accounts_path(company_id: str, connection_id: str) -> str:
    return connection_path(company_id, connection_id) + "/connectionInfo/bankFeedAccounts"


def push_path(company_id: str, connection_id: str, account_id: str) -> str:
    """Where a create-bank-transactions write is sent."""
    return connection_path(company_id, connection_id) + f"/push/bankAccounts/{account_id}/bankTransactions"


# -- the Bank Feeds API -----------------------------------------------------------------------------
def create_company(name: str) -> Call[dict[str, Any]]:
    return Call("POST", "/companies", {"name": name}, _object)


def delete_company(company_id: str) -> Call[None]:
    return Call("DELETE", f"/companies/{company_id}", None, _nothing)


def create_connection(company_id: str) -> Call[dict[str, Any]]:
    return Call("POST", f"/companies/{company_id}/connections", {"platformKey": PLATFORM_KEY}, _object)


def get_connection(company_id: str, connection_id: str) -> Call[dict[str, Any]]:
    return Call("GET", connection_path(company_id, connection_id), None, _object)


def add_source_account(company_id: str, connection_id: str, body: dict[str, Any]) -> Call[dict[str, Any]]:
    """Creates a source account from Codat's JSON body."""
    return Call("POST", accounts_path(company_id, connection_id), body, _object)


def source_accounts(company_id: str, connection_id: str) -> Call[list[dict[str, Any]]]:
    return Call("GET", accounts_path(company_id, connection_id), None, _list)


def generate_credentials(company_id: str, connection_id: str) -> Call[tuple[str, str]]:
    """One-time credentials for QBO's sign-in: (username, password)."""

    def read(body: Any) -> tuple[str, str]:
        return str(body["username"]), str(body["password"])

    return Call("POST", accounts_path(company_id, connection_id) + "/credentials", {}, read)


def revoke_credentials(company_id: str, connection_id: str) -> Call[None]:
    return Call("DELETE", accounts_path(company_id, connection_id) + "/credentials", None, _nothing)


def write_transactions(
    company_id: str, connection_id: str, account_id: str, transactions: Sequence[dict[str, Any]]
) -> Call[dict[str, Any]]:
    """One create-bank-transactions write; it answers the push operation (its key: `pushOperationKey`)."""
    body = {"accountId": account_id, "transactions": list(transactions)}
    return Call("POST", push_path(company_id, connection_id, account_id), body, _object)


def push_operation(company_id: str, key: str) -> Call[dict[str, Any]]:
    return Call("GET", f"/companies/{company_id}/push/{key}", None, _object)


# -- the controls -----------------------------------------------------------------------------------
def clock() -> Call[dt.datetime]:
    """The tenant's sandbox 'now' (in UTC)."""
    return Call("GET", "/_sandbox/clock", None, lambda body: parse_iso(str(body["now"])))


def advance_clock(seconds: float) -> Call[list[dict[str, Any]]]:
    return Call("POST", "/_sandbox/clock", {"advanceSeconds": seconds}, _ran)


def advance_clock_to(at: dt.datetime) -> Call[list[dict[str, Any]]]:
    return Call("POST", "/_sandbox/clock", {"advanceTo": at.isoformat()}, _ran)


def freeze_clock(at: dt.datetime) -> Call[None]:
    return Call("POST", "/_sandbox/clock", {"frozenAt": at.isoformat()}, _nothing)


def settings() -> Call[dict[str, Any]]:
    return Call("GET", "/_sandbox/settings", None, _object)


def update_settings(changes: dict[str, Any]) -> Call[dict[str, Any]]:
    """Changes the settings `changes` names; answers them all."""
    return Call("PATCH", "/_sandbox/settings", changes, _object)


def send_webhooks_to(urls: Sequence[str]) -> Call[None]:
    return Call("PUT", "/_sandbox/webhooks", {"urls": list(urls)}, _nothing)


def trigger_webhook(event_type: str) -> Call[str]:
    """A sample event of that type sent to the consumers; answers its id."""
    return Call("POST", "/_sandbox/webhooks/trigger", {"eventType": event_type}, lambda body: str(body["eventId"]))


def webhook_deliveries() -> Call[list[dict[str, Any]]]:
    return Call("GET", "/_sandbox/webhooks/deliveries", None, lambda body: list(body["deliveries"]))


def snapshot() -> Call[Any]:
    return Call("GET", "/_sandbox/snapshot", None, _as_is)


def restore(state: Any) -> Call[None]:
    """Restores what `snapshot()` answered, all or nothing."""
    return Call("PUT", "/_sandbox/snapshot", state, _nothing)


def reset() -> Call[None]:
    return Call("POST", "/_sandbox/reset", None, _nothing)
