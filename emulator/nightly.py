"""QBO's nightly download, on each tenant's sandbox clock: one `nightly.pull` entry per realm.

Real QBO fetches new bank transactions overnight. Each realm with a live feed has one entry of the
emulator's scheduler (sandbox.scheduler), due at the next `nightly_pull_at` (QboSettings, "HH:MM" of
the realm's day; the sandbox's days are UTC days); it pulls the realm's feeds as an automatic pull
would and schedules the next night. Linking a feed schedules its realm's first night.

The emulator reads each tenant's "now" from the provider (the feed protocol's institution); it learns
which tenants' clocks are frozen when the provider runs its schedule (POST /_sandbox/schedule/run),
and neither the scheduler's background loop nor interval pulls run for a frozen tenant.
"""

from __future__ import annotations

import datetime as dt

from emulator.faults import QboFaultBook
from emulator.feed_client import FeedClient
from emulator.puller import pull_company, pullable
from emulator.store import Store
from sandbox.clock import ClockState, real_now
from sandbox.scheduler import Entry, Scheduler

NIGHTLY_PULL = "nightly.pull"


def next_night(after: dt.datetime, at: dt.time) -> dt.datetime:
    """The first `at` (UTC) strictly after `after`."""
    night = dt.datetime.combine(after.astimezone(dt.UTC).date(), at, tzinfo=dt.UTC)
    return night if night > after else night + dt.timedelta(days=1)


class TenantClocks:
    """The tenants' clocks as QBO sees them: "now" from the provider, frozen as the provider last said."""

    def __init__(self, client: FeedClient) -> None:
        self.client = client
        self.frozen: set[str] = set()

    def set_frozen(self, tenant_id: str, frozen: bool) -> None:
        if frozen:
            self.frozen.add(tenant_id)
        else:
            self.frozen.discard(tenant_id)

    async def clock_of(self, tenant_id: str) -> ClockState:
        now = (await self.client.institution(tenant_id)).now
        if tenant_id in self.frozen:
            return ClockState(frozen_at=now)
        return ClockState(offset_seconds=(now - real_now()).total_seconds())


class NightlyPulls:
    def __init__(
        self, store: Store, client: FeedClient, faults: QboFaultBook, scheduler: Scheduler, at: dt.time
    ) -> None:
        self.store, self.client, self.faults, self.scheduler, self.at = store, client, faults, scheduler, at
        scheduler.register(NIGHTLY_PULL, self._pull)

    async def ensure(self, realm_id: str) -> None:
        """Schedules the realm's next night unless it has one already."""
        realm = await self.store.realm(realm_id)
        if realm is None or await self.scheduler.rows.has(realm["tenant_id"], NIGHTLY_PULL, realm_id):
            return
        now = await self.scheduler.now(realm["tenant_id"])
        await self.scheduler.at(realm["tenant_id"], next_night(now, self.at), NIGHTLY_PULL, realm_id)

    async def _pull(self, entry: Entry) -> None:
        feeds = [f for f in await self.store.feeds(entry.object) if pullable(f)]
        if not feeds:
            return  # the realm's next link schedules its next night
        await pull_company(self.store, self.client, self.faults, entry.tenant_id, feeds, automatic=True)
        await self.scheduler.at(entry.tenant_id, next_night(entry.due, self.at), NIGHTLY_PULL, entry.object)
