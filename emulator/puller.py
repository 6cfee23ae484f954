"""Pulling transactions through the feed protocol: on Update, and in the background on a schedule.

A pull streams: it asks for bounded pages (PAGE_SIZE transactions), stores each in its own short
transaction and yields to the event loop before the next, so a pull of 100,000 transactions never
holds the loop (which both apps share under `qbo-sandbox serve`) for more than a few milliseconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterable, Sequence, Set

from emulator.faults import QboFaultBook, Screen
from emulator.feed_client import FeedClient, FeedClientError
from emulator.steps import FeedPull, StepLog, Trigger
from emulator.store import Row, Store
from sandbox.feed_protocol import FeedErrorCode
from sandbox.scheduler import stop_task

log = logging.getLogger("qbo_sandbox.puller")
PAGE_SIZE = 250  # transactions per page: a few milliseconds to fetch, parse and store
MAX_PAGES_PER_PULL = 10_000  # a safety stop: a provider that always says hasMore can't hold us forever
Progress = Callable[[int], None]  # told how many new transactions each stored page added
NEEDS_USER = ("103", "105")  # errors that only Edit sign-in info clears: no automatic retries


async def pull_feed(store: Store, client: FeedClient, feed: Row, progress: Progress | None = None) -> int:
    """Pulls every new transaction of one feed from its cursor, a page at a time; returns how many were new."""
    return (await _pull_feed(store, client, feed, progress)).rows


async def _pull_feed(store: Store, client: FeedClient, feed: Row, progress: Progress | None) -> FeedPull:
    """pull_feed's work, and how it ended.

    A revoked token marks the feed with error 103 and an account the provider no longer links with
    105 (the tile then offers Edit sign-in info); an unreachable provider marks it 102 and the next
    pull tries again.
    """
    feed_id, cursor, added = int(feed["id"]), feed["cursor"], 0
    for _ in range(MAX_PAGES_PER_PULL):
        try:
            page = await client.transactions(feed["token"], feed["source_account_id"], cursor, PAGE_SIZE)
        except FeedClientError as exc:
            if exc.code is FeedErrorCode.ACCOUNT_DISCONNECTED:
                now = await store.feed(feed["realm_id"], feed_id)
                if now is None or now["status"] == "disconnected":  # the user ended it while this was on its way
                    return FeedPull(feed, added)
                await store.mark_disconnected(feed_id)  # the provider ended the feed itself
                return FeedPull(feed, added, exc.code.value)
            await store.set_feed_error(feed_id, error_code(exc))
            return FeedPull(feed, added, error_code(exc))
        saved = await store.save_page(feed_id, page)
        added += saved
        if progress is not None:
            progress(saved)
        if not page.has_more or not page.transactions or page.cursor == cursor:
            break
        cursor = page.cursor
        await asyncio.sleep(0)  # let requests waiting on the loop run before the next page
    return FeedPull(feed, added)


def error_code(exc: FeedClientError) -> str:
    """QBO's error number for a failed pull: 103 new sign-in, 105 account gone, 102 try later."""
    if exc.needs_new_credentials:
        return "103"
    if exc.code in (FeedErrorCode.ACCOUNT_NOT_LINKED, FeedErrorCode.NOT_FOUND):
        return "105"
    return "102"


async def pull_feeds(
    store: Store, client: FeedClient, feeds: Iterable[Row], progress: Progress | None = None
) -> list[FeedPull]:
    """Pulls each feed that can be pulled; how each went (StepLog.pulled records them)."""
    return [await _pull_feed(store, client, feed, progress) for feed in feeds if pullable(feed)]


def pullable(feed: Row) -> bool:
    return bool(feed["status"] == "active" and feed["error_code"] not in NEEDS_USER)


async def pull_company(
    store: Store,
    client: FeedClient,
    faults: QboFaultBook,
    steps: StepLog,
    tenant_id: str,
    feeds: Sequence[Row],
    *,
    trigger: Trigger = Trigger.UPDATE,
    progress: Progress | None = None,
    at: dt.datetime | None = None,
) -> int:
    """One pull of a tenant's feeds, Update's or an automatic one (recorded as StepLog.pulled says);
    returns the new rows. An armed error answers every feed it would pull with that error instead
    (counting one use); automatic pulls take only the errors armed for the update screen itself,
    never a `*` one. `at`: the sandbox time a scheduled pull was due, for its step."""
    due = [feed for feed in feeds if pullable(feed)]
    automatic = trigger is not Trigger.UPDATE
    fault = faults.take(tenant_id, Screen.UPDATE, exactly=automatic) if due else None
    if fault is None:
        pulls = await pull_feeds(store, client, due, progress)
    else:
        for feed in due:
            await store.set_feed_error(int(feed["id"]), fault.error.value)
        pulls = [FeedPull(feed, 0, fault.error.value) for feed in due]
    await steps.pulled(tenant_id, trigger, pulls, at)
    return sum(pull.rows for pull in pulls)


class BackgroundPuller:
    """Pulls every live feed every `interval` seconds ("interval" mode, for fast suites), skipping
    tenants whose sandbox clock is frozen. In "daily" mode it does nothing: QBO's nightly pull
    (emulator/nightly.py) is then the only automatic one, as in real QBO."""

    def __init__(
        self,
        store: Store,
        client: FeedClient,
        faults: QboFaultBook,
        steps: StepLog,
        interval: float,
        mode: str,
        frozen: Set[str],
    ) -> None:
        self.store, self.client, self.faults, self.steps = store, client, faults, steps
        self.interval = 0.0 if mode == "daily" else interval
        self.frozen = frozen  # tenants whose clock is frozen (nightly.TenantClocks keeps it)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.interval > 0:
            self._task = asyncio.create_task(self._run(), name="qbo-sandbox-puller")

    async def stop(self) -> None:
        await stop_task(self._task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                feeds = await self.store.feeds_to_pull()
                for tenant_id, owned in itertools.groupby(sorted(feeds, key=_tenant), key=_tenant):
                    if tenant_id not in self.frozen:
                        await pull_company(
                            self.store,
                            self.client,
                            self.faults,
                            self.steps,
                            tenant_id,
                            list(owned),
                            trigger=Trigger.AUTOMATIC,
                        )
            except Exception:  # one bad pull must not end automatic pulls for everyone
                log.exception("background pull failed")


def _tenant(feed: Row) -> str:
    return str(feed["tenant_id"])
