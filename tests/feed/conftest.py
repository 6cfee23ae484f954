"""A provider app on a SQLite file, and a seeder that writes the rows the Codat API would."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from link_ui import credentials
from link_ui.app import create_app
from link_ui.schema import MIGRATIONS
from link_ui.settings import ProviderSettings
from sandbox.db import Database
from sandbox.servers import ThreadedServers, free_port, make_server
from sandbox.tenancy import basic_header, tenant_id_for


@dataclass
class Seeded:
    tenant_id: str
    api_key: str
    company_id: str
    connection_id: str
    username: str
    password: str


class Provider:
    def __init__(self, client: httpx.Client, data_dir: Path) -> None:
        self.client = client
        self.data_dir = data_dir
        self.db_path = data_dir / "provider.sqlite3"

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db_path) as conn:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(statement, params).fetchall())

    def seed_connection(self, api_key: str, accounts: list[dict[str, object]], company: str = "Bank of Dave") -> Seeded:
        tenant_id = tenant_id_for(api_key)
        self.client.get("/_sandbox/clock", headers={"Authorization": basic_header(api_key)})  # creates the tenant
        now = dt.datetime.now(dt.UTC).isoformat()
        company_id, connection_id = str(uuid.uuid4()), str(uuid.uuid4())
        self.sql(
            "INSERT INTO companies (id, tenant_id, name, created, modified) VALUES (?, ?, ?, ?, ?)",
            (company_id, tenant_id, company, now, now),
        )
        self.sql(
            "INSERT INTO connections (id, tenant_id, company_id, status, created, modified) VALUES (?, ?, ?, ?, ?, ?)",
            (connection_id, tenant_id, company_id, "PendingAuth", now, now),
        )
        for account in accounts:
            self.sql(
                "INSERT INTO source_accounts (connection_id, id, prototype, body, status, created, modified)"
                " VALUES (?, ?, 'v2', ?, 'pending', ?, ?)",
                (connection_id, account["id"], json.dumps(account), now, now),
            )
        issued = self.run(lambda db: credentials.generate(db, connection_id, dt.datetime.now(dt.UTC)))
        return Seeded(tenant_id, api_key, company_id, connection_id, issued.username, issued.password)

    def add_transactions(self, connection_id: str, account_id: str, count: int, start: int = 0) -> None:
        query = "SELECT pk FROM source_accounts WHERE connection_id = ? AND id = ?"
        (pk,) = self.sql(query, (connection_id, account_id))
        for n in range(start, start + count):
            self.sql(
                "INSERT INTO transactions (account_pk, seq, id, date, description, amount, balance, transaction_type,"
                " push_key, written) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transactions"
                " WHERE account_pk = ?), ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pk[0],
                    pk[0],
                    f"t{n}",
                    f"2026-11-20T10:{n % 60:02d}:00",
                    f"Coffee {n}",
                    "-3.50",
                    str(100 - n),
                    "Debit",
                    "k",
                    "",
                ),
            )

    def run(self, work):  # type: ignore[no-untyped-def]
        async def go():  # type: ignore[no-untyped-def]
            db = await Database.open(self.data_dir, "provider.sqlite3", MIGRATIONS)
            try:
                return await work(db)
            finally:
                await db.close()

        # A thread of its own: Playwright's sync API may have left an event loop on this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, go()).result()


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Provider]:
    port = free_port()
    servers = ThreadedServers([make_server(create_app(ProviderSettings(data_dir=tmp_path)), "127.0.0.1", port)])
    servers.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield Provider(client, tmp_path)
    finally:
        servers.stop()


ACCOUNTS = [
    {
        "id": "acc-chk",
        "accountName": "Everyday Checking",
        "accountType": "checking",
        "accountNumber": "12345678",
        "currency": "USD",
        "balance": 1200.5,
    },
    {
        "id": "acc-cc",
        "accountName": "Business Visa",
        "accountType": "creditCard",
        "accountNumber": "4111000011119876",
        "currency": "USD",
        "balance": -250,
    },
]
