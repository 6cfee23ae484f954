"""Pulling into the emulator's store: overlaps never duplicate, revokes mark 103, outages mark 102."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from emulator.feed_client import FeedClient
from emulator.puller import PAGE_SIZE, pull_feed
from emulator.schema import MIGRATIONS
from emulator.store import Store
from sandbox import feed_protocol as fp
from sandbox.db import Database


def txn(n: int) -> fp.FeedTransaction:
    return fp.FeedTransaction(
        f"t{n}", dt.datetime(2026, 11, 20, 9, n), f"Item {n}", Decimal("-1.00"), Decimal(100 - n), "Debit"
    )


def run(tmp: Path, handler: Callable[[httpx.Request], httpx.Response], body: Callable[..., Awaitable[Any]]) -> Any:
    async def go() -> Any:
        db = await Database.open(tmp, "qbo.sqlite3", MIGRATIONS)
        try:
            async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
                store = Store(db)
                realm = await store.create_realm("tenant", "Co")
                checking = next(a for a in await store.accounts(realm.realm_id) if a["name"] == "Checking")
                session = fp.FeedSession(
                    "tok",
                    "c1",
                    "Co",
                    "Bank",
                    [fp.FeedAccount("a1", "Operating", "checking", "••••1234", "CAD", Decimal(5), "pending")],
                )
                choice = fp.LinkChoice("a1", str(checking["id"]), "Checking", dt.date(2026, 11, 16))
                result = fp.LinkResult("Linked", [fp.LinkedAccount("a1", "connected", dt.date(2026, 11, 16))])
                await store.add_feeds(realm.realm_id, session, [choice], result)
                return await body(store, FeedClient(http, "http://p.test"), realm.realm_id)
        finally:
            await db.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_overlapping_and_repeated_pulls_never_duplicate(tmp_path: Path) -> None:
    calls: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        calls.append(after)
        # A provider that resends what it already sent: pages overlap by one transaction.
        pages = {None: ([txn(1), txn(2)], "2", True), "2": ([txn(2), txn(3)], "3", False)}
        items, cursor, more = pages.get(after, ([txn(3)], "3", False))
        return httpx.Response(200, json=fp.TransactionPage(items, cursor, more).to_json())

    async def body(store: Store, client: FeedClient, realm_id: str) -> tuple[int, int, list[Any], Any]:
        feed = (await store.feeds(realm_id))[0]
        first = await pull_feed(store, client, feed)
        again = await pull_feed(store, client, (await store.feeds(realm_id))[0])
        rows = await store.transactions(realm_id, int(feed["id"]), "review")
        return first, again, rows, (await store.feeds(realm_id))[0]

    first, again, rows, feed = run(tmp_path, handler, body)
    assert (first, again) == (3, 0)
    assert sorted(r["provider_id"] for r in rows) == ["t1", "t2", "t3"]
    assert calls == [None, "2", "3"]  # the second pull resumes from the stored cursor
    assert feed["cursor"] == "3" and Decimal(feed["bank_balance"]) == Decimal(97)


def test_revoked_token_marks_103_and_outage_marks_102(tmp_path: Path) -> None:
    answers = [
        httpx.Response(401, json=fp.FeedError(fp.FeedErrorCode.INVALID_TOKEN, "revoked").to_json()),
        httpx.Response(503),
        httpx.Response(409, json=fp.FeedError(fp.FeedErrorCode.ACCOUNT_NOT_LINKED, "gone").to_json()),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    async def body(store: Store, client: FeedClient, realm_id: str) -> list[str | None]:
        codes = []
        for _ in range(3):
            await pull_feed(store, client, (await store.feeds(realm_id))[0])
            codes.append((await store.feeds(realm_id))[0]["error_code"])
        return codes

    assert run(tmp_path, handler, body) == ["103", "102", "105"]


def test_a_feed_the_provider_disconnected_reads_disconnected(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        error = fp.FeedError(fp.FeedErrorCode.ACCOUNT_DISCONNECTED, "disconnected")
        return httpx.Response(409, json=error.to_json())

    async def body(store: Store, client: FeedClient, realm_id: str) -> tuple[str, int]:
        await pull_feed(store, client, (await store.feeds(realm_id))[0])
        feed = (await store.feeds(realm_id))[0]
        return feed["status"], len(await store.feeds_to_pull())

    assert run(tmp_path, handler, body) == ("disconnected", 0)


def test_a_long_pull_asks_for_bounded_pages_and_lets_other_work_run_between_them(tmp_path: Path) -> None:
    events: list[str] = []
    limits: set[str | None] = set()

    def handler(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("after") or 0)
        limits.add(request.url.params.get("limit"))
        events.append("page")
        items = [txn(n) for n in range(after + 1, min(after + 3, 12) + 1)]
        return httpx.Response(200, json=fp.TransactionPage(items, str(after + len(items)), after + 3 < 12).to_json())

    async def body(store: Store, client: FeedClient, realm_id: str) -> int:
        finished = asyncio.Event()

        async def other_work() -> None:
            while not finished.is_set():
                events.append("other")
                await asyncio.sleep(0)

        ticker = asyncio.create_task(other_work())
        await asyncio.sleep(0)
        added = await pull_feed(store, client, (await store.feeds(realm_id))[0])
        finished.set()
        await ticker
        return added

    assert run(tmp_path, handler, body) == 12
    assert limits == {str(PAGE_SIZE)}
    pages = [i for i, event in enumerate(events) if event == "page"]
    assert len(pages) == 4
    assert all("other" in events[a:b] for a, b in itertools.pairwise(pages))
