"""The figures the tiles and pages read instead of counting rows stay true through every write path:
pulls, row and batch actions, a snapshot's restore, a reset; and a page read from either end of a
tab is the same slice of it, newest first."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from emulator import snapshots
from emulator.schema import MIGRATIONS
from emulator.store import Store
from sandbox import feed_protocol as fp
from sandbox.db import Database

AMOUNTS = [Decimal("-12.34"), Decimal("100.00"), Decimal("-0.05"), Decimal("2500.10"), Decimal("-999.99")]


def page_of(first: int, count: int) -> fp.TransactionPage:
    """`count` transactions over a few days, earliest first, amounts cycling through AMOUNTS."""
    txns = [
        fp.FeedTransaction(
            f"t{n}",
            dt.datetime(2026, 11, 14 + n // 40, 9, 0),
            f"Item {n}",
            AMOUNTS[n % len(AMOUNTS)],
            Decimal(1000),
            "Debit" if AMOUNTS[n % len(AMOUNTS)] < 0 else "Credit",
        )
        for n in range(first, first + count)
    ]
    return fp.TransactionPage(txns, str(first + count), False)


def run(tmp: Path, body: Callable[[Database, Store, str, int], Awaitable[Any]]) -> Any:
    async def go() -> Any:
        db = await Database.open(tmp, "qbo.sqlite3", MIGRATIONS)
        try:
            store = Store(db)
            realm = await store.create_realm("tenant-a", "Co")
            checking = next(a for a in await store.accounts(realm.realm_id) if a["name"] == "Checking")
            account = fp.FeedAccount("a1", "Operating", "checking", "••••1234", "CAD", Decimal(5), "pending")
            choice = fp.LinkChoice("a1", str(checking["id"]), "Checking", dt.date(2026, 11, 14))
            result = fp.LinkResult("Linked", [fp.LinkedAccount("a1", "connected", dt.date(2026, 11, 14))])
            session = fp.FeedSession("tok", "c1", "Co", "Bank", [account])
            await store.add_feeds(realm.realm_id, session, [choice], result)
            feed_id = int((await store.feeds(realm.realm_id))[0]["id"])
            return await body(db, store, realm.realm_id, feed_id)
        finally:
            await db.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


async def figures(store: Store, realm_id: str) -> tuple[int, int, int, Decimal]:
    feed = (await store.feeds(realm_id))[0]
    balance = (await store.balances(realm_id))[int(feed["account_id"])]
    return int(feed["to_review"]), int(feed["categorized_count"]), int(feed["excluded_count"]), balance


async def counted(store: Store, realm_id: str, feed_id: int) -> tuple[int, int, int, Decimal]:
    """The same figures the slow way: every row read and added up."""
    tabs = [await store.transactions(realm_id, feed_id, tab) for tab in ("review", "categorized", "excluded")]
    opening = Decimal(next(a for a in await store.accounts(realm_id) if a["name"] == "Checking")["opening_balance"])
    return len(tabs[0]), len(tabs[1]), len(tabs[2]), opening + sum((Decimal(r["amount"]) for r in tabs[1]), Decimal(0))


def test_figures_follow_pulls_actions_restore_and_reset(tmp_path: Path) -> None:
    async def body(db: Database, store: Store, realm_id: str, feed_id: int) -> list[tuple[Any, Any]]:
        seen = []
        await store.save_page(feed_id, page_of(0, 120))
        await store.save_page(feed_id, page_of(100, 40))  # overlaps: 20 repeats are ignored
        seen.append((await figures(store, realm_id), await counted(store, realm_id, feed_id)))
        ids = [int(r["id"]) for r in await store.transactions(realm_id, feed_id, "review")]
        await store.set_transaction_state(realm_id, ids[:70], "categorized", ("review",))
        await store.set_transaction_state(realm_id, ids[60:90], "excluded", ("review",))  # 60-69 already moved
        await store.set_transaction_state(realm_id, ids[:5] + ids[80:85], "review", ("categorized", "excluded"))
        seen.append((await figures(store, realm_id), await counted(store, realm_id, feed_id)))
        saved = await snapshots.export(db, "tenant-a")
        await snapshots.reset(db, "tenant-a")
        await snapshots.restore(db, "tenant-a", saved)
        seen.append((await figures(store, realm_id), await counted(store, realm_id, feed_id)))
        await store.delete_realm(realm_id)
        left = await db.fetch_one("SELECT COUNT(*) AS n FROM feed_counts")
        seen.append((left["n"] if left else None, 0))
        return seen

    after_pull, after_actions, after_restore, after_delete = run(tmp_path, body)
    assert after_pull[0] == after_pull[1] and after_pull[0][:3] == (140, 0, 0)
    assert after_actions[0] == after_actions[1] and after_actions[0][:3] == (60, 65, 15)
    assert after_restore[0] == after_restore[1] == after_actions[0]
    assert after_delete == (0, 0)


def test_a_page_is_the_same_slice_from_either_end(tmp_path: Path) -> None:
    async def body(db: Database, store: Store, realm_id: str, feed_id: int) -> list[tuple[list[int], list[int]]]:
        await store.save_page(feed_id, page_of(0, 123))
        whole = [int(r["id"]) for r in await store.transactions(realm_id, feed_id, "review")]
        pages = []
        for offset in range(0, 123, 20):
            rows = await store.transaction_page(realm_id, feed_id, "review", offset, 20, 123)
            pages.append(([int(r["id"]) for r in rows], whole[offset : offset + 20]))
        other_realm = await store.transaction_page("no-such-realm", feed_id, "review", 100, 20, 123)
        pages.append(([int(r["id"]) for r in other_realm], []))
        return pages

    for got, expected in run(tmp_path, body):
        assert got == expected


def test_upgrading_a_version_1_database_counts_what_it_holds(tmp_path: Path) -> None:
    async def go() -> tuple[Any, Any]:
        old = await Database.open(tmp_path, "qbo.sqlite3", MIGRATIONS[:1])
        async with old.transaction() as tx:
            await tx.execute("INSERT INTO realms VALUES ('r1', 't', 'Co', 'now')")
            account = await tx.insert(
                "INSERT INTO accounts (realm_id, name, account_type, sub_type, classification, opening_balance, "
                "created_at) VALUES ('r1', 'Checking', 'Bank', 'Checking', 'Asset', '10.00', 'now')"
            )
            feed = await tx.insert(
                "INSERT INTO feeds (realm_id, account_id, source_account_id, source_name, masked_number, "
                "institution_name, connection_id, token, start_date, status, created_at) "
                "VALUES ('r1', ?, 'a1', 'Op', '••••1', 'Bank', 'c1', 'tok', '2026-11-14', 'active', 'now')",
                (account,),
            )
            for n, state in enumerate(["review", "review", "categorized", "excluded", "categorized"]):
                await tx.execute(
                    "INSERT INTO bank_transactions (feed_id, provider_id, date, description, amount, state, "
                    "received_at) VALUES (?, ?, '2026-11-20', 'x', ?, ?, 'now')",
                    (feed, f"t{n}", str(AMOUNTS[n]), state),
                )
        await old.close()
        db = await Database.open(tmp_path, "qbo.sqlite3", MIGRATIONS)
        try:
            store = Store(db)
            return await figures(store, "r1"), await counted(store, "r1", feed)
        finally:
            await db.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        kept, counted_now = pool.submit(asyncio.run, go()).result()
    assert kept == counted_now == (2, 2, 1, Decimal("10.00") + AMOUNTS[2] + AMOUNTS[4])
