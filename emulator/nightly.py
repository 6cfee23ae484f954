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
import time

from emulator.faults import QboFaultBook
from emulator.feed_client import FeedClient
from emulator.puller import pull_company, pullable
from emulator.steps import StepLog, Trigger
from emulator.store import Store
from sandbox.clock import ClockState, real_now
from sandbox.scheduler import Entry, Scheduler

NIGHTLY_PULL = "nightly.pull"


def next_night(after: dt.datetime, at: dt.time) -> dt.datetime:
    """The first `at` (UTC) strictly after `after`."""
    night = dt.datetime.combine(after.astimezone(dt.UTC).date(), at, tzinfo=dt.UTC)
    return night if night > after else night + dt.timedelta(days=1)


class TenantClocks:
    """The tenants' clocks as QBO sees them. The provider says how each stands whenever it changes
    (`told`, from POST /_sandbox/schedule/run); a clock not heard of for REFRESH_SECONDS is read
    again from the provider (its institution's "now"), so the scheduler's loop costs no request a tick."""

    REFRESH_SECONDS = 60.0

    def __init__(self, client: FeedClient) -> None:
        self.client = client
        self.frozen: set[str] = set()  # what the interval puller skips
        self._known: dict[str, tuple[ClockState, float]] = {}  # tenant -> its clock, and when (monotonic)

    def told(self, tenant_id: str, now: dt.datetime, frozen: bool) -> None:
        if frozen:
            self.frozen.add(tenant_id)
            clock = ClockState(frozen_at=now)
        else:
            self.frozen.discard(tenant_id)
            clock = ClockState(offset_seconds=(now - real_now()).total_seconds())
        self._known[tenant_id] = (clock, time.monotonic())

    def forget(self, tenant_id: str) -> None:
        self.frozen.discard(tenant_id)
        self._known.pop(tenant_id, None)

    async def clock_of(self, tenant_id: str) -> ClockState:
        known = self._known.get(tenant_id)
        if known is not None and time.monotonic() - known[1] < self.REFRESH_SECONDS:
            return known[0]
        self.told(tenant_id, (await self.client.institution(tenant_id)).now, tenant_id in self.frozen)
        return self._known[tenant_id][0]


class NightlyPulls:
    def __init__(
        self,
        store: Store,
        client: FeedClient,
        faults: QboFaultBook,
        steps: StepLog,
        scheduler: Scheduler,
        at: dt.time,
    ) -> None:
        self.store, self.client, self.faults, self.steps = store, client, faults, steps
        self.scheduler, self.at = scheduler, at
        scheduler.register(NIGHTLY_PULL, self._pull)

    async def ensure(self, realm_id: str) -> None:
        """Schedules the realm's next night unless it has one already."""
        realm = await self.store.realm(realm_id)
        if realm is None or await self.scheduler.rows.has(realm["tenant_id"], NIGHTLY_PULL, realm_id):
            return
        now = (await self.client.institution(realm["tenant_id"])).now  # fresh, not the loop's cached clock
        await self.scheduler.at(realm["tenant_id"], next_night(now, self.at), NIGHTLY_PULL, realm_id)

    async def _pull(self, entry: Entry) -> None:
        feeds = [f for f in await self.store.feeds(entry.object) if pullable(f)]
        if not feeds:
            return  # the realm's next link schedules its next night
        await pull_company(
            self.store,
            self.client,
            self.faults,
            self.steps,
            entry.tenant_id,
            feeds,
            trigger=Trigger.NIGHTLY,
            at=entry.due,
        )
        await self.scheduler.at(entry.tenant_id, next_night(entry.due, self.at), NIGHTLY_PULL, entry.object)
