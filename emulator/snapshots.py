"""A tenant's QuickBooks state as JSON (snapshot), a restore that replaces it, and a reset.

A snapshot holds the tenant's realms, their sign-in users (password hashes only), charts of
accounts, bank feeds (with the provider's bearer tokens and cursors, so pulls carry on where
they stopped) and bank transactions with their review states. It leaves out half-done Link
account flows, which belong to a browser session, and Accounting API tokens, which are bearer
secrets: ask for new ones after a restore, and QBO's steps (emulator/steps.py), which a restore
forgets as a reset does: they tell of a journey, not of a state.

Rows travel as objects, generic over columns like the provider's snapshots; the schema version
is recorded and a restore refuses another one. Realm ids are kept, so sign-in URLs and the
Accounting API's company paths stay true after a restore. The integer ids of users, accounts,
feeds and bank transactions are row ids that every tenant's rows share: a restore gives new ones
(in the same order), so no snapshot can move the numbers other tenants get.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from emulator.faults import QboError
from emulator.schema import MIGRATIONS
from sandbox.db import Database, Writer
from sandbox.snapshot_rows import (
    AMOUNT,
    DATE,
    TIMESTAMP,
    Layout,
    Schema,
    SnapshotError,
    Tables,
    checked_tables,
    insert_tables,
    one_of,
    refusal,
    schema_of,
)

__all__ = ["FORMAT", "TABLES", "VERSIONS", "SnapshotError", "check", "empty", "export", "reset", "restore"]

FORMAT = "qbo-sandbox/qbo-snapshot"
VERSIONS = (len(MIGRATIONS),)  # a restore takes this schema version only
_REALMS = "SELECT id FROM realms WHERE tenant_id = ?"
_USERS = f"SELECT id FROM users WHERE realm_id IN ({_REALMS})"  # noqa: S608 - constants only
_FEEDS = f"SELECT id FROM feeds WHERE realm_id IN ({_REALMS})"  # noqa: S608 - constants only
# What a snapshot holds, parents before children: a restore inserts in this order.
TABLES: dict[str, str] = {
    "realms": "tenant_id = ?",
    "users": f"realm_id IN ({_REALMS})",
    "accounts": f"realm_id IN ({_REALMS})",
    "feeds": f"realm_id IN ({_REALMS})",
    "bank_transactions": f"feed_id IN ({_FEEDS})",
}
LAYOUT = Layout(
    tables=TABLES,
    renumbered={"users": "id", "accounts": "id", "feeds": "id", "bank_transactions": "id"},
    references={("feeds", "account_id"): "accounts", ("bank_transactions", "feed_id"): "feeds"},
    kinds={
        ("realms", "id"): lambda value: (
            isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20
        ),
        ("realms", "created_at"): TIMESTAMP,
        ("users", "view"): one_of(("accounting", "business")),
        ("users", "locale"): one_of(("en", "fr")),
        ("accounts", "opening_balance"): AMOUNT,
        ("accounts", "created_at"): TIMESTAMP,
        ("feeds", "cursor"): lambda value: (
            isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18
        ),
        ("feeds", "bank_balance"): AMOUNT,
        ("feeds", "start_date"): DATE,
        ("feeds", "status"): one_of(("active", "disconnected")),
        ("feeds", "error_code"): one_of(QboError),
        ("feeds", "last_pull_at"): TIMESTAMP,
        ("feeds", "created_at"): TIMESTAMP,
        ("bank_transactions", "date"): DATE,
        ("bank_transactions", "amount"): AMOUNT,
        ("bank_transactions", "state"): one_of(("review", "categorized", "excluded")),
        ("bank_transactions", "received_at"): TIMESTAMP,
    },
)
# What a reset removes as well, though no snapshot holds it; children before parents.
_NOT_KEPT = {
    "link_flows": f"user_id IN ({_USERS})",
    "api_tokens": f"realm_id IN ({_REALMS})",
    "schedule": "tenant_id = ?",  # the nightly pulls: a restore, or the next link, schedules them again
    "steps": "tenant_id = ?",  # QBO's record of a journey that the restored state did not have
}


async def export(db: Database, tenant_id: str) -> dict[str, Any]:
    tables: Tables = {}
    for table, where in TABLES.items():
        rows = await db.fetch_all(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", (tenant_id,))  # noqa: S608
        # A realm's tenant is whoever restores it: the snapshot is not bound to a key.
        tables[table] = [{k: v for k, v in dict(row).items() if k != "tenant_id"} for row in rows]
    return {"format": FORMAT, "schemaVersion": len(MIGRATIONS), "tables": tables}


async def reset(db: Database, tenant_id: str) -> None:
    """Removes the tenant's realms and everything under them: sign-in, feeds, transactions, flows, tokens."""
    async with db.transaction() as tx:
        await empty(tx, tenant_id)


async def empty(tx: Writer, tenant_id: str) -> None:
    """A reset's statements, inside a caller's transaction (a restore's, or reset's own)."""
    for table, where in [*_NOT_KEPT.items(), *reversed(TABLES.items())]:
        await tx.execute(f"DELETE FROM {table} WHERE {where}", (tenant_id,))  # noqa: S608 - constants only


async def restore(db: Database, tenant_id: str, snapshot: Any) -> None:
    """Replaces the tenant's QuickBooks state with the snapshot's, all or nothing."""
    schema = await schema_of(db, LAYOUT)
    tables = check(snapshot, schema)
    try:
        async with db.transaction() as tx:
            await empty(tx, tenant_id)
            await _refuse_other_tenants_realms(tx, tables["realms"])
            await insert_tables(tx, tables, LAYOUT, schema, tenant_id)
    except sqlite3.Error as exc:
        raise refusal(exc) from None


async def _refuse_other_tenants_realms(tx: Writer, realms: list[dict[str, Any]]) -> None:
    for realm in realms:
        row = await tx.fetch_one("SELECT tenant_id FROM realms WHERE id = ?", (realm["id"],))
        if row is not None:  # the tenant's own realms were removed just before: this one is someone else's
            raise SnapshotError(
                f"QuickBooks company {realm['id']} belongs to another tenant. Reset that tenant first, "
                "or restore the snapshot into the tenant (API key) it came from."
            )


def check(snapshot: Any, schema: Schema) -> Tables:
    """The snapshot's tables, once its format, version, rows and references are checked."""
    tables = checked_tables(snapshot, "QuickBooks", FORMAT, VERSIONS, LAYOUT, schema)
    _check_references(tables)
    return tables


def _check_references(tables: Tables) -> None:
    """Every row must hang off the snapshot's own realms, so that a restore can never reach into
    another tenant's rows (a user in their company, a feed on their account, a transaction in their feed)."""
    realms = {row.get("id") for row in tables["realms"]}
    account_realm = {row.get("id"): row.get("realm_id") for row in tables["accounts"]}
    feeds = {row.get("id") for row in tables["feeds"]}
    if None in realms or len(realms) != len(tables["realms"]):
        raise SnapshotError("'tables.realms' must give every realm its own 'id'.")
    for table in ("users", "accounts", "feeds"):
        _refer(tables, table, "realm_id", realms)
    _refer(tables, "feeds", "account_id", set(account_realm))
    for feed in tables["feeds"]:
        if account_realm[feed.get("account_id")] != feed.get("realm_id"):
            raise SnapshotError("'tables.feeds' has a feed on an account of another realm.")
    _refer(tables, "bank_transactions", "feed_id", feeds)


def _refer(tables: Tables, table: str, column: str, allowed: set[Any]) -> None:
    for row in tables[table]:
        if row.get(column) is None or row.get(column) not in allowed:
            raise SnapshotError(f"'tables.{table}' has a row whose '{column}' is not in the snapshot itself.")
