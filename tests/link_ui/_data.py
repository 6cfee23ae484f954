"""Test data for the Link UI tests: a provider of their own, with rows written straight into its DB.

The Bank Feeds REST API is built on another branch. Until it is merged, these tests run their own
provider app on a known data directory and write companies, connections and source accounts into
its SQLite file (WAL mode lets a second connection write while the app runs). Everything the pages
do is still exercised over HTTP, in a real browser. This is a test-only path: the app has no backdoor.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from link_ui import credentials
from link_ui.codat import ConnectionStatus, SourceAccountStatus
from link_ui.links import current_otp, link_url
from link_ui.schema import MIGRATIONS
from sandbox.clock import iso, parse_iso
from sandbox.db import Database
from sandbox.secrets_file import load_or_create_secret
from sandbox.tenancy import basic_header, tenant_id_for

T = TypeVar("T")
DB_FILE = "provider.sqlite3"
SECRET_FILE = "provider.secret"

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
    """Creates and inspects a tenant's data in a provider started by `tests/link_ui/conftest.py`."""

    def __init__(self, provider_url: str, data_dir: Path) -> None:
        self.provider_url = provider_url
        self.data_dir = data_dir
        self.secret = load_or_create_secret(data_dir, SECRET_FILE)

    # -- over HTTP: the sandbox controls ---------------------------------------------------------
    def control(self, api_key: str, method: str, path: str, body: Any = None) -> httpx.Response:
        response = httpx.request(
            method,
            f"{self.provider_url}/_sandbox{path}",
            headers={"Authorization": basic_header(api_key)},
            json=body,
            timeout=30.0,
        )
        response.raise_for_status()
        return response

    def now(self, api_key: str) -> dt.datetime:
        """The tenant's sandbox clock (asking for it also creates the tenant)."""
        return parse_iso(self.control(api_key, "GET", "/clock").json()["now"])

    def advance_clock(self, api_key: str, seconds: float) -> None:
        self.control(api_key, "POST", "/clock", {"advanceSeconds": seconds})

    def set_settings(self, api_key: str, settings: dict[str, Any]) -> None:
        self.control(api_key, "PATCH", "/settings", settings)

    # -- straight into the provider's database -----------------------------------------------------
    @contextmanager
    def _sql(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.data_dir / DB_FILE, timeout=10, isolation_level=None)) as conn:
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")

    def create_connection(
        self,
        api_key: str,
        *,
        company_name: str = "Bank of Dave",
        accounts: tuple[dict[str, str], ...] = DEFAULT_ACCOUNTS,
    ) -> Connection:
        now = iso(self.now(api_key))
        tenant_id = tenant_id_for(api_key)
        company_id, connection_id = str(uuid.uuid4()), str(uuid.uuid4())
        with self._sql() as sql:
            sql.execute(
                "INSERT INTO companies (id, tenant_id, name, created, modified) VALUES (?, ?, ?, ?, ?)",
                (company_id, tenant_id, company_name, now, now),
            )
            sql.execute(
                "INSERT INTO connections (id, tenant_id, company_id, status, created, modified)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (connection_id, tenant_id, company_id, ConnectionStatus.PENDING_AUTH.value, now, now),
            )
            for account in accounts:
                body = {"accountType": "checking", "currency": "USD", "balance": 0, **account}
                sql.execute(
                    "INSERT INTO source_accounts"
                    " (connection_id, id, prototype, body, status, created, modified)"
                    " VALUES (?, ?, 'v2', ?, ?, ?, ?)",
                    (
                        connection_id,
                        account["id"],
                        json.dumps(body),
                        SourceAccountStatus.PENDING.value,
                        now,
                        now,
                    ),
                )
        return Connection(api_key, company_id, connection_id)

    def link_url(self, connection: Connection) -> str:
        """A fresh linkUrl, as GET connection would give it."""
        otp = current_otp(self.secret, connection.connection_id, self.now(connection.api_key))
        return link_url(self.provider_url, connection.company_id, connection.connection_id, otp)

    def wrong_otp_url(self, connection: Connection) -> str:
        right = current_otp(self.secret, connection.connection_id, self.now(connection.api_key))
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        return link_url(self.provider_url, connection.company_id, connection.connection_id, wrong)

    def link_accounts(self, connection: Connection, account_ids: list[str], start: dt.date) -> None:
        """What QBO does through the feed protocol when the SMB user clicks Connect."""
        now = iso(self.now(connection.api_key))
        with self._sql() as sql:
            sql.execute(
                "UPDATE connections SET status = ?, modified = ? WHERE id = ?",
                (ConnectionStatus.LINKED.value, now, connection.connection_id),
            )
            for account_id in account_ids:
                sql.execute(
                    "UPDATE source_accounts SET status = ?, feed_start_date = ?, modified = ?"
                    " WHERE connection_id = ? AND id = ?",
                    (
                        SourceAccountStatus.CONNECTED.value,
                        start.isoformat(),
                        now,
                        connection.connection_id,
                        account_id,
                    ),
                )

    def verify(self, username: str, password: str) -> str | None:
        """The connection these credentials sign in to, checked the way the feed protocol does."""

        async def check() -> str | None:
            db = await Database.open(self.data_dir, DB_FILE, MIGRATIONS)
            try:
                verified = await credentials.verify(db, username, password)
            finally:
                await db.close()
            return verified.connection_id if verified else None

        return run_async(check())


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run on a thread of its own: Playwright's sync API keeps a loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
